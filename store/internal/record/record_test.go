package record

import (
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func TestValidate(t *testing.T) {
	valid := func() *senderos.Submission {
		return &senderos.Submission{
			Kind:     senderos.KindInterest,
			Interest: &senderos.Interest{},
			Consent:  senderos.Consent{PrivacyVersion: "1", Lang: "es", At: time.Now()},
		}
	}
	for _, tt := range []struct {
		name   string
		change func(s *senderos.Submission)
		ok     bool
	}{
		{"Interest", func(s *senderos.Submission) {}, true},
		{"Municipality", func(s *senderos.Submission) {
			s.Kind, s.Interest, s.Municipality = senderos.KindMunicipality, nil, &senderos.MunicipalitySignup{}
		}, true},
		{"Suspected", func(s *senderos.Submission) { s.Status = senderos.StatusSuspected }, true},
		{"ErrKindMissing", func(s *senderos.Submission) { s.Kind = "" }, false},
		{"ErrKindUnknown", func(s *senderos.Submission) { s.Kind = "other" }, false},
		{"ErrInterestMissing", func(s *senderos.Submission) { s.Interest = nil }, false},
		{"ErrBothPayloads", func(s *senderos.Submission) { s.Municipality = &senderos.MunicipalitySignup{} }, false},
		{"ErrWrongPayload", func(s *senderos.Submission) { s.Kind = senderos.KindMunicipality }, false},
		{"ErrStatusUnknown", func(s *senderos.Submission) { s.Status = "done" }, false},
		{"ErrPrivacyVersionMissing", func(s *senderos.Submission) { s.Consent.PrivacyVersion = "" }, false},
		{"ErrConsentLangMissing", func(s *senderos.Submission) { s.Consent.Lang = "" }, false},
		{"ErrConsentAtMissing", func(s *senderos.Submission) { s.Consent.At = time.Time{} }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := valid()
			tt.change(s)
			err := Validate(s)
			if tt.ok && err != nil {
				t.Errorf("Validate: %v", err)
			} else if !tt.ok && senderos.ErrorCode(err) != senderos.EINVALID {
				t.Errorf("Validate = %v, want code %q", err, senderos.EINVALID)
			}
		})
	}

	t.Run("ErrNil", func(t *testing.T) {
		if err := Validate(nil); senderos.ErrorCode(err) != senderos.EINVALID {
			t.Errorf("Validate(nil) = %v, want code %q", err, senderos.EINVALID)
		}
	})
}

func TestLimit(t *testing.T) {
	for _, tt := range []struct{ in, want int }{
		{0, DefaultLimit}, {-5, DefaultLimit}, {1, 1}, {MaxLimit, MaxLimit}, {MaxLimit + 1, MaxLimit},
	} {
		if got := Limit(senderos.SubmissionFilter{Limit: tt.in}); got != tt.want {
			t.Errorf("Limit(%d) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

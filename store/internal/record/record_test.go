package record

import (
	"slices"
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
	// Each error case names the message of the rule that must fire, so a
	// case caught by another rule does not pass.
	const (
		msgKind           = "Submission kind required."
		msgInterest       = "An interest submission needs the interest details and nothing else."
		msgMunicipality   = "A municipality submission needs the municipality details and nothing else."
		msgPrivacyVersion = "Consent privacy notice version required."
		msgConsentLang    = "Consent language required."
		msgConsentAt      = "Consent time required."
	)
	toMunicipality := func(s *senderos.Submission) {
		s.Kind, s.Interest, s.Municipality = senderos.KindMunicipality, nil, &senderos.MunicipalitySignup{}
	}
	for _, tt := range []struct {
		name   string
		change func(s *senderos.Submission)
		err    string // "" for valid
	}{
		{"Interest", func(s *senderos.Submission) {}, ""},
		{"Municipality", toMunicipality, ""},
		{"Suspected", func(s *senderos.Submission) { s.Status = senderos.StatusSuspected }, ""},
		{"ErrKindMissing", func(s *senderos.Submission) { s.Kind = "" }, msgKind},
		{"ErrKindUnknown", func(s *senderos.Submission) { s.Kind = "other" }, `Unknown submission kind "other".`},
		{"ErrInterestMissing", func(s *senderos.Submission) { s.Interest = nil }, msgInterest},
		{"ErrBothPayloads", func(s *senderos.Submission) { s.Municipality = &senderos.MunicipalitySignup{} }, msgInterest},
		{"ErrWrongPayload", func(s *senderos.Submission) { s.Kind = senderos.KindMunicipality }, msgMunicipality},
		{"ErrMunicipalityMissing", func(s *senderos.Submission) { toMunicipality(s); s.Municipality = nil }, msgMunicipality},
		{"ErrMunicipalityWithInterest", func(s *senderos.Submission) { toMunicipality(s); s.Interest = &senderos.Interest{} }, msgMunicipality},
		{"ErrStatusUnknown", func(s *senderos.Submission) { s.Status = "done" }, `Unknown submission status "done".`},
		{"ErrPrivacyVersionMissing", func(s *senderos.Submission) { s.Consent.PrivacyVersion = "" }, msgPrivacyVersion},
		{"ErrConsentLangMissing", func(s *senderos.Submission) { s.Consent.Lang = "" }, msgConsentLang},
		{"ErrConsentAtMissing", func(s *senderos.Submission) { s.Consent.At = time.Time{} }, msgConsentAt},
		{"ErrConsentEmpty", func(s *senderos.Submission) { s.Consent = senderos.Consent{} }, msgPrivacyVersion},
		{"ErrConsentOnlyVersion", func(s *senderos.Submission) { s.Consent = senderos.Consent{PrivacyVersion: "1"} }, msgConsentLang},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := valid()
			tt.change(s)
			err := Validate(s)
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("Validate: %v", err)
			case tt.err != "" && (senderos.ErrorCode(err) != senderos.EINVALID || senderos.ErrorMessage(err) != tt.err):
				t.Errorf("Validate = %v, want %s %q", err, senderos.EINVALID, tt.err)
			}
		})
	}

	t.Run("ErrNil", func(t *testing.T) {
		if err := Validate(nil); senderos.ErrorCode(err) != senderos.EINVALID || senderos.ErrorMessage(err) != "Submission required." {
			t.Errorf("Validate(nil) = %v, want %s %q", err, senderos.EINVALID, "Submission required.")
		}
	})
}

func TestLimit(t *testing.T) {
	for _, tt := range []struct{ in, want int }{
		{0, DefaultLimit}, {-5, DefaultLimit}, {-1, DefaultLimit}, {1, 1}, {MaxLimit - 1, MaxLimit - 1}, {MaxLimit, MaxLimit}, {MaxLimit + 1, MaxLimit},
	} {
		if got := Limit(senderos.SubmissionFilter{Limit: tt.in}); got != tt.want {
			t.Errorf("Limit(%d) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestValidateStatuses(t *testing.T) {
	for _, tt := range []struct {
		kind   senderos.Kind
		status senderos.Status
		ok     bool
	}{
		{senderos.KindInterest, senderos.StatusContacted, true},
		{senderos.KindInterest, senderos.StatusWithdrawn, true},
		{senderos.KindInterest, senderos.StatusSuspected, true},
		{senderos.KindInterest, senderos.StatusApproved, false},
		{senderos.KindMunicipality, senderos.StatusApproved, true},
		{senderos.KindMunicipality, senderos.StatusContacted, false},
	} {
		s := &senderos.Submission{
			Kind: tt.kind, Status: tt.status,
			Consent: senderos.Consent{PrivacyVersion: "1", Lang: "es", At: time.Now()},
		}
		if tt.kind == senderos.KindInterest {
			s.Interest = &senderos.Interest{}
		} else {
			s.Municipality = &senderos.MunicipalitySignup{}
		}
		if err := Validate(s); (err == nil) != tt.ok {
			t.Errorf("Validate(%s, %s) = %v, want ok %v", tt.kind, tt.status, err, tt.ok)
		}
	}
}

func TestPlan(t *testing.T) {
	now := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	family := func() *senderos.Submission {
		return &senderos.Submission{ID: 3, Kind: senderos.KindInterest, Status: senderos.StatusNew, AssigneeID: 7}
	}
	for _, tt := range []struct {
		name     string
		u        senderos.SubmissionUpdate
		code     string
		events   []senderos.EventType
		status   senderos.Status
		assignee int64
	}{
		{"Nothing", senderos.SubmissionUpdate{}, "", nil, senderos.StatusNew, 7},
		{"SameStatus", senderos.SubmissionUpdate{Status: senderos.StatusNew}, "", nil, senderos.StatusNew, 7},
		{"Status", senderos.SubmissionUpdate{Status: senderos.StatusContacted}, "", []senderos.EventType{senderos.EventStatus}, senderos.StatusContacted, 7},
		{"ErrSkipsStatus", senderos.SubmissionUpdate{Status: senderos.StatusRelocated}, senderos.ECONFLICT, nil, "", 0},
		{"Assign", senderos.SubmissionUpdate{AssigneeID: 9}, "", []senderos.EventType{senderos.EventAssign}, senderos.StatusNew, 9},
		{"Unassign", senderos.SubmissionUpdate{AssigneeID: -1}, "", []senderos.EventType{senderos.EventAssign}, senderos.StatusNew, 0},
		{"ErrAssignee", senderos.SubmissionUpdate{AssigneeID: -2}, senderos.EINVALID, nil, "", 0},
		{"Note", senderos.SubmissionUpdate{Note: " llamada \n"}, "", []senderos.EventType{senderos.EventNote}, senderos.StatusNew, 7},
		{"All", senderos.SubmissionUpdate{Status: senderos.StatusWithdrawn, AssigneeID: 9, Note: "x"}, "",
			[]senderos.EventType{senderos.EventStatus, senderos.EventAssign, senderos.EventNote}, senderos.StatusWithdrawn, 9},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := family()
			tt.u.By = 5
			events, err := Plan(s, tt.u, now)
			if senderos.ErrorCode(err) != tt.code {
				t.Fatalf("Plan = %v, want code %q", err, tt.code)
			} else if err != nil {
				return
			}
			var types []senderos.EventType
			for _, e := range events {
				types = append(types, e.Type)
				if e.SubmissionID != 3 || e.StaffID != 5 || !e.At.Equal(now) {
					t.Errorf("event %+v: want submission 3, staff 5, at %v", e, now)
				}
			}
			if !slices.Equal(types, tt.events) {
				t.Errorf("events %v, want %v", types, tt.events)
			}
			if s.Status != tt.status || s.AssigneeID != tt.assignee {
				t.Errorf("status %s, assignee %d; want %s, %d", s.Status, s.AssigneeID, tt.status, tt.assignee)
			}
		})
	}
}

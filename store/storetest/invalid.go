package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// mustBeInvalid checks that creating s fails with EINVALID and stores
// nothing.
func mustBeInvalid(t *testing.T, svc senderos.SubmissionService, s *senderos.Submission) {
	t.Helper()
	created, err := svc.CreateSubmission(context.Background(), s)
	if code := senderos.ErrorCode(err); code != senderos.EINVALID {
		t.Errorf("error = %v (code %q), want code %q", err, code, senderos.EINVALID)
	}
	if created {
		t.Error("created = true for an invalid submission")
	}
	MustCount(t, svc, senderos.SubmissionFilter{}, 0)
}

func testErrKindMissing(t *testing.T, open Open) {
	s := NewInterest()
	s.Kind = ""
	mustBeInvalid(t, open(t), s)
}

func testErrKindUnknown(t *testing.T, open Open) {
	s := NewInterest()
	s.Kind = "newsletter"
	mustBeInvalid(t, open(t), s)
}

func testErrPayloadMissing(t *testing.T, open Open) {
	svc := open(t)
	interest := NewInterest()
	interest.Interest = nil
	mustBeInvalid(t, svc, interest)

	municipality := NewMunicipality()
	municipality.Municipality = nil
	mustBeInvalid(t, svc, municipality)

	host := NewHost()
	host.Host = nil
	mustBeInvalid(t, svc, host)
}

func testErrBothPayloads(t *testing.T, open Open) {
	svc := open(t)
	for _, kind := range []senderos.Kind{senderos.KindInterest, senderos.KindMunicipality, senderos.KindHost} {
		s := NewInterest()
		s.Kind = kind
		s.Municipality = NewMunicipality().Municipality
		mustBeInvalid(t, svc, s)

		s = NewHost()
		s.Kind = kind
		s.Municipality = NewMunicipality().Municipality
		mustBeInvalid(t, svc, s)
	}
}

func testErrWrongPayload(t *testing.T, open Open) {
	svc := open(t)
	s := NewInterest()
	s.Kind = senderos.KindMunicipality
	mustBeInvalid(t, svc, s)

	s = NewInterest()
	s.Kind = senderos.KindHost
	mustBeInvalid(t, svc, s)

	s = NewHost()
	s.Kind = senderos.KindMunicipality
	mustBeInvalid(t, svc, s)
}

func testErrConsentMissing(t *testing.T, open Open) {
	svc := open(t)
	for name, unset := range map[string]func(*senderos.Consent){
		"PrivacyVersion": func(c *senderos.Consent) { c.PrivacyVersion = "" },
		"Lang":           func(c *senderos.Consent) { c.Lang = "" },
		"At":             func(c *senderos.Consent) { c.At = time.Time{} },
	} {
		t.Run(name, func(t *testing.T) {
			s := NewInterest()
			unset(&s.Consent)
			mustBeInvalid(t, svc, s)
		})
	}
}

func testErrStatusUnknown(t *testing.T, open Open) {
	s := NewInterest()
	s.Status = "approved-by-magic"
	mustBeInvalid(t, open(t), s)
}

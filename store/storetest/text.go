package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// freeText is what people may type, stored exactly as typed: escaping is
// the job of whatever shows it.
var freeText = []string{
	`<script>alert(1)</script>`,
	`محمد يريد الانتقال إلى قرية صغيرة`,
	`👨‍👩‍👧‍👦 familia de cuatro 🚜`,
	`"comillas" 'simples' «latinas» ` + "`graves`",
	`back\slash \n not a newline; '); DROP TABLE submissions; --`,
	"líneas\r\nde verdad\ty tabuladores",
	`  espacios alrededor  `,
	`{"json": "dentro", "n": 1}`,
	`%_ comodines de LIKE`,
}

func testKeepsFreeTextAsTyped(t *testing.T, open Open) {
	ctx, svc := context.Background(), open(t)
	for _, text := range freeText {
		// typed returns the two submissions anew, so that what is
		// read back is compared with what was typed, not with
		// whatever CreateSubmission left in its argument.
		typed := func() []*senderos.Submission {
			interest := NewInterest()
			interest.Interest.Skills = text
			interest.Interest.Contact.Name = text
			interest.Interest.City = text
			interest.SpamReason = text
			interest.Consent.PrivacyVersion = text
			interest.IdempotencyKey = text

			municipality := NewMunicipality()
			municipality.Municipality.Description = text
			municipality.Municipality.Jobs[0].Description = text

			host := NewHost()
			host.Host.About = text
			host.Host.Contact.Name = text
			return []*senderos.Submission{interest, municipality, host}
		}

		wants := typed()
		for i, s := range typed() {
			want := wants[i]
			MustCreate(t, svc, s)
			got, err := svc.FindSubmissionByReference(ctx, s.Reference)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Interest, want.Interest) || !reflect.DeepEqual(got.Municipality, want.Municipality) ||
				!reflect.DeepEqual(got.Host, want.Host) {
				t.Errorf("payload with %q changed:\n got %+v %+v %+v\nwant %+v %+v %+v",
					text, got.Interest, got.Municipality, got.Host, want.Interest, want.Municipality, want.Host)
			}
			if got.SpamReason != want.SpamReason || got.Consent.PrivacyVersion != want.Consent.PrivacyVersion ||
				got.IdempotencyKey != want.IdempotencyKey {
				t.Errorf("columns with %q changed: got %q, %q, %q", text,
					got.SpamReason, got.Consent.PrivacyVersion, got.IdempotencyKey)
			}
		}
	}
}

// badText is what no store keeps: both engines refuse it alike, with
// EINVALID, rather than one storing it and the other failing.
var badText = map[string]string{
	"NUL":          "Ana\x00María",
	"Bell":         "A\u0007B",
	"Escape":       "\x1b[31m",
	"InvalidUTF8":  "Jos\xe9",
	"Replacement":  "Jos\ufffd",
	"C1Control":    "Ana\u0085",
	"NonCharacter": "Ana\uffff",
}

func testErrBadText(t *testing.T, open Open) {
	svc := open(t)
	for name, text := range badText {
		for field, set := range map[string]func(s *senderos.Submission){
			"Interest.Contact.Name":  func(s *senderos.Submission) { s.Interest.Contact.Name = text },
			"Interest.Skills":        func(s *senderos.Submission) { s.Interest.Skills = text },
			"Interest.City":          func(s *senderos.Submission) { s.Interest.City = text },
			"IdempotencyKey":         func(s *senderos.Submission) { s.IdempotencyKey = text },
			"Consent.PrivacyVersion": func(s *senderos.Submission) { s.Consent.PrivacyVersion = text },
			"Municipality.Description": func(s *senderos.Submission) {
				*s = *NewMunicipality()
				s.Municipality.Description = text
			},
			"Municipality.Jobs.Description": func(s *senderos.Submission) {
				*s = *NewMunicipality()
				s.Municipality.Jobs[0].Description = text
			},
			"Host.About": func(s *senderos.Submission) {
				*s = *NewHost()
				s.Host.About = text
			},
			"Host.Contact.Email": func(s *senderos.Submission) {
				*s = *NewHost()
				s.Host.Contact.Email = text
			},
			"Host.Languages": func(s *senderos.Submission) {
				*s = *NewHost()
				s.Host.Languages = []string{"es", text}
			},
		} {
			t.Run(name+"In"+field, func(t *testing.T) {
				s := NewInterest()
				set(s)
				mustBeInvalid(t, svc, s)
			})
		}
	}
}

func testTimesAreUTC(t *testing.T, open Open) {
	ctx, svc := context.Background(), open(t)
	madrid := time.FixedZone("CET", 60*60)
	s := NewInterest()
	s.Consent.At = time.Date(2025, 3, 1, 11, 30, 15, 123456789, madrid)
	s.Status = senderos.StatusSuspected
	s.ExpiresAt = time.Date(2025, 3, 4, 11, 30, 15, 987654321, madrid)
	MustCreate(t, svc, s)

	got, err := svc.FindSubmissionByReference(ctx, s.Reference)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		got, want time.Time
	}{
		// Both stores keep microseconds, PostgreSQL's precision.
		{"Consent.At", got.Consent.At, time.Date(2025, 3, 1, 10, 30, 15, 123456000, time.UTC)},
		{"ExpiresAt", got.ExpiresAt, time.Date(2025, 3, 4, 10, 30, 15, 987654000, time.UTC)},
		{"CreatedAt", got.CreatedAt, s.CreatedAt},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v (same instant, in UTC, to the microsecond)", tt.name, tt.got, tt.want)
		}
		if tt.got.Location() != time.UTC {
			t.Errorf("%s is in %v, want UTC", tt.name, tt.got.Location())
		}
	}
	if s.CreatedAt.Location() != time.UTC || s.CreatedAt.Nanosecond()%1000 != 0 {
		t.Errorf("CreatedAt set by CreateSubmission = %v, want UTC to the microsecond", s.CreatedAt)
	}
}

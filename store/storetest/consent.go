package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// testRecordsConsentToNewPrivacyNotice sends the same form again under a
// new version of the privacy notice: no new record, but the new consent is
// kept, with its version and time, once.
func testRecordsConsentToNewPrivacyNotice(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	first := NewInterest()
	first.IdempotencyKey = "hmac:same-form"
	MustCreate(t, st.Submissions, first)

	at := first.Consent.At.Add(40 * 24 * time.Hour)
	for i := range 2 { // the second time, nothing is new
		again := NewInterest()
		again.IdempotencyKey = first.IdempotencyKey
		again.Consent = senderos.Consent{PrivacyVersion: "2025-06", Lang: "fr", At: at}
		if MustCreate(t, st.Submissions, again) {
			t.Fatalf("send %d: created = true, want the stored record", i+2)
		}
		if again.ID != first.ID || again.Reference != first.Reference {
			t.Errorf("send %d answered %s, want %s", i+2, again.Reference, first.Reference)
		}
		if again.Consent.PrivacyVersion != "2025-06" || again.Consent.Lang != "fr" || !again.Consent.At.Equal(at) {
			t.Errorf("send %d: consent %+v, want the new one", i+2, again.Consent)
		}
	}
	got, err := st.Submissions.FindSubmissionByID(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Consent.PrivacyVersion != "2025-06" || !got.Consent.At.Equal(at) {
		t.Errorf("stored consent %+v, want version 2025-06 at %v", got.Consent, at)
	}
	events, err := st.Submissions.FindEvents(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	var consents []string
	for _, e := range events {
		if e.Type == senderos.EventConsent {
			consents = append(consents, fmt.Sprintf("%s→%s at %s", e.From, e.To, e.At.UTC().Format(time.RFC3339)))
			if !e.At.Equal(at) || e.StaffID != 0 {
				t.Errorf("consent event %+v, want at %v by nobody on staff", e, at)
			}
		}
	}
	if len(consents) != 1 || consents[0] != "2025-01→2025-06 at "+at.UTC().Format(time.RFC3339) {
		t.Errorf("consent events %v, want one from 2025-01 to 2025-06", consents)
	}
	MustCount(t, st.Submissions, senderos.SubmissionFilter{}, 1)
}

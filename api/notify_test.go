package api_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cepaim/senderos/api"
)

// TestNotify checks that a new submission queues its staff notification
// in the outbox with it (the store's transaction), and wakes the sender.
func TestNotify(t *testing.T) {
	var wakes atomic.Int32
	a := mustOpenAPI(t, func(c *api.Config) { c.NotifyStaff = func() { wakes.Add(1) } })
	claim := func(t *testing.T) []string {
		t.Helper()
		ns, err := a.outbox.ClaimNotifications(context.Background(), time.Now().Add(24*365*time.Hour), time.Minute, 100)
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, n := range ns {
			refs = append(refs, n.Reference)
		}
		return refs
	}

	t.Run("NewSubmissionQueuesNotification", func(t *testing.T) {
		res, body := a.postJSON(t, "/api/v1/interest", validInterest())
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("status %d: %v", res.StatusCode, body)
		}
		if refs := claim(t); len(refs) != 1 || refs[0] != body["reference"] {
			t.Fatalf("outbox holds %v, want the submission %v", refs, body["reference"])
		}
		if wakes.Load() != 1 {
			t.Errorf("sender woken %d times, want 1", wakes.Load())
		}
	})
	t.Run("RepeatAndSpamDoNotNotify", func(t *testing.T) {
		spam := with(validInterest(), "website", "http://spam.example", "skills", "Otra cosa")
		if res, body := a.postJSON(t, "/api/v1/interest", spam); res.StatusCode != http.StatusCreated {
			t.Fatalf("status %d: %v", res.StatusCode, body)
		}
		key := with(validInterest(), "skills", "Carpintería y huerta, sin repetir")
		a.postJSON(t, "/api/v1/interest", key)
		a.postJSON(t, "/api/v1/interest", key)
		if refs := claim(t); len(refs) != 1 {
			t.Fatalf("%d notifications queued, want 1 (the spam and the repeat are not announced)", len(refs))
		}
	})
	t.Run("NothingQueuedWithoutNotifications", func(t *testing.T) {
		b := mustOpenAPI(t)
		b.postJSON(t, "/api/v1/interest", validInterest())
		ns, err := b.outbox.ClaimNotifications(context.Background(), time.Now().Add(24*365*time.Hour), time.Minute, 100)
		if err != nil || len(ns) != 0 {
			t.Errorf("outbox of a portal without e-mail holds %v, %v", ns, err)
		}
	})
}

package api_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/api"
)

// recordingNotifier keeps the submissions it is told about.
type recordingNotifier struct {
	mu   sync.Mutex
	subs []senderos.Submission
	done chan struct{}
}

func (n *recordingNotifier) NotifySubmission(ctx context.Context, s *senderos.Submission) error {
	n.mu.Lock()
	n.subs = append(n.subs, *s)
	n.mu.Unlock()
	n.done <- struct{}{}
	return nil
}

func TestNotify(t *testing.T) {
	n := &recordingNotifier{done: make(chan struct{}, 10)}
	a := mustOpenAPI(t, func(c *api.Config) { c.Notifier = n })

	t.Run("NewSubmissionNotifiesStaff", func(t *testing.T) {
		res, body := a.postJSON(t, "/api/v1/interest", validInterest())
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("status %d: %v", res.StatusCode, body)
		}
		select {
		case <-n.done:
		case <-time.After(10 * time.Second):
			t.Fatal("no notification")
		}
		n.mu.Lock()
		defer n.mu.Unlock()
		if len(n.subs) != 1 || n.subs[0].Reference != body["reference"] || n.subs[0].ID == 0 {
			t.Fatalf("notified %+v, want the submission %v", n.subs, body["reference"])
		}
	})
	t.Run("RepeatAndSpamDoNotNotify", func(t *testing.T) {
		before := len(n.subs)
		spam := with(validInterest(), "website", "http://spam.example", "skills", "Otra cosa")
		if res, body := a.postJSON(t, "/api/v1/interest", spam); res.StatusCode != http.StatusCreated {
			t.Fatalf("status %d: %v", res.StatusCode, body)
		}
		key := with(validInterest(), "skills", "Carpintería y huerta, sin repetir")
		a.postJSON(t, "/api/v1/interest", key)
		select {
		case <-n.done:
		case <-time.After(10 * time.Second):
			t.Fatal("no notification for the first of two identical sends")
		}
		a.postJSON(t, "/api/v1/interest", key)
		select {
		case <-n.done:
			t.Fatal("notified twice")
		case <-time.After(300 * time.Millisecond):
		}
		n.mu.Lock()
		defer n.mu.Unlock()
		if got := len(n.subs) - before; got != 1 {
			t.Fatalf("%d notifications, want 1 (the spam and the repeat are not announced)", got)
		}
	})
}

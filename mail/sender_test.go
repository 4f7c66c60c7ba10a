package mail_test

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/mail"
	"github.com/cepaim/senderos/mail/mailtest"
	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
	"github.com/cepaim/senderos/store/storetest"
)

// outbox returns the submissions and the outbox of a fresh SQLite store.
func outbox(t *testing.T) (senderos.SubmissionService, senderos.NotificationService) {
	t.Helper()
	keys, err := seal.Parse(seal.Generate())
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "senderos.db"), keys)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return sqldb.NewSubmissionService(db), sqldb.NewNotificationService(db)
}

// queued stores a family that asks for a staff notification.
func queued(t *testing.T, subs senderos.SubmissionService) *senderos.Submission {
	t.Helper()
	s := storetest.NewInterest()
	s.NotifyStaff = true
	storetest.MustCreate(t, subs, s)
	return s
}

// clock is a time the test moves by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestSender(t *testing.T) {
	ctx := context.Background()

	t.Run("SendsQueuedNotificationOnce", func(t *testing.T) {
		subs, box := outbox(t)
		srv := mailtest.Start(t, "127.0.0.1", nil)
		s := queued(t, subs)
		sender := &mail.Sender{Outbox: box, Notifier: mustNotifier(t, config(srv.Addr))}
		if n, err := sender.SendDue(ctx); err != nil || n != 1 {
			t.Fatalf("SendDue = %d, %v; want 1 sent", n, err)
		}
		if n, err := sender.SendDue(ctx); err != nil || n != 0 {
			t.Errorf("second SendDue = %d, %v; want nothing left", n, err)
		}
		msgs := srv.Messages()
		if len(msgs) != 1 || !strings.Contains(msgs[0].Data, s.Reference) {
			t.Fatalf("server got %d messages, want one naming %s", len(msgs), s.Reference)
		}
		for _, p := range []string{s.Interest.Contact.Name, s.Interest.Contact.Email, s.Interest.City} {
			if strings.Contains(msgs[0].Data, p) {
				t.Errorf("the message holds personal data %q", p)
			}
		}
	})

	t.Run("RetriesWithBackoffUntilServerAnswers", func(t *testing.T) {
		subs, box := outbox(t)
		addr := freeAddr(t) // the mail server is down
		s := queued(t, subs)
		c := &clock{now: time.Now()}
		sender := &mail.Sender{Outbox: box, Notifier: mustNotifier(t, config(addr)), Now: c.Now,
			MinBackoff: time.Minute, MaxBackoff: 10 * time.Minute}
		for range 2 {
			if n, err := sender.SendDue(ctx); err != nil || n != 0 {
				t.Fatalf("SendDue with the server down = %d, %v; want 0 sent, no error", n, err)
			}
		}
		c.Add(30 * time.Second)
		if ns, _ := box.ClaimNotifications(ctx, c.Now(), time.Second, 10); len(ns) != 0 {
			t.Fatal("retried before its backoff")
		}
		srv := mailtest.StartAt(t, addr, nil)
		c.Add(31 * time.Second)
		if n, err := sender.SendDue(ctx); err != nil || n != 1 {
			t.Fatalf("SendDue after the backoff = %d, %v; want 1 sent", n, err)
		}
		if msgs := srv.Messages(); len(msgs) != 1 || !strings.Contains(msgs[0].Data, s.Reference) {
			t.Errorf("server got %+v", msgs)
		}
	})

	t.Run("RunSendsWhenWoken", func(t *testing.T) {
		subs, box := outbox(t)
		srv := mailtest.Start(t, "127.0.0.1", nil)
		sender := &mail.Sender{Outbox: box, Notifier: mustNotifier(t, config(srv.Addr)), Poll: time.Hour}
		ctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { sender.Run(ctx); close(done) }()
		defer func() { cancel(); <-done }()

		s := queued(t, subs)
		sender.Wake()
		for deadline := time.Now().Add(10 * time.Second); len(srv.Messages()) == 0; {
			if time.Now().After(deadline) {
				t.Fatal("woken sender sent nothing")
			}
			time.Sleep(10 * time.Millisecond)
		}
		if m := srv.Messages(); !strings.Contains(m[0].Data, s.Reference) {
			t.Errorf("sent %q", m[0].Data)
		}
	})
}

func TestBackoff(t *testing.T) {
	s := &mail.Sender{MinBackoff: time.Minute, MaxBackoff: time.Hour}
	for _, tt := range []struct {
		attempts int
		want     time.Duration
	}{
		{1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute}, {7, time.Hour}, {60, time.Hour},
	} {
		if got := s.Backoff(tt.attempts); got != tt.want {
			t.Errorf("Backoff(%d) = %v, want %v", tt.attempts, got, tt.want)
		}
	}
}

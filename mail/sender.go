package mail

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/cepaim/senderos"
)

// Defaults of a Sender.
const (
	defaultPoll       = 10 * time.Second
	defaultLease      = 2 * time.Minute // longer than one send may take
	defaultMinBackoff = 30 * time.Second
	defaultMaxBackoff = time.Hour
	claimBatch        = 16
)

// Sender sends the staff notifications waiting in the outbox, with
// retries: a message not accepted by the server is tried again after a
// backoff that doubles at each failure. Several Senders, in several
// processes, may share one outbox: each notification is claimed by one.
// A process killed while sending leaves its notification to be claimed
// again once its lease ends, so a message may, rarely, arrive twice; it is
// never lost.
type Sender struct {
	Outbox   senderos.NotificationService
	Notifier senderos.Notifier
	Logger   *slog.Logger // nil logs nothing

	// Poll is how often Run looks at the outbox when not woken (10s if
	// zero): notifications queued by other replicas, and retries.
	Poll time.Duration
	// Lease is how long a claimed notification is held for this sender
	// (2 minutes if zero).
	Lease time.Duration
	// MinBackoff and MaxBackoff bound the wait before a retry (30 seconds
	// and an hour if zero).
	MinBackoff, MaxBackoff time.Duration
	// Now is the clock; nil is time.Now.
	Now func() time.Time

	once sync.Once
	wake chan struct{} // Wake's signal to Run
}

// Wake makes Run look at the outbox at once, e.g. after a submission
// queued a notification. It never blocks.
func (s *Sender) Wake() {
	select {
	case s.wakeup() <- struct{}{}:
	default: // already woken
	}
}

// Run sends due notifications until ctx ends: at start, when woken, and
// every Poll.
func (s *Sender) Run(ctx context.Context) {
	poll := cmp.Or(s.Poll, defaultPoll)
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		if _, err := s.SendDue(ctx); err != nil && ctx.Err() == nil {
			s.logger().Error("send staff notifications", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-s.wakeup():
		}
	}
}

// SendDue claims the notifications due now and sends them, until none is
// left, and returns how many were sent. A notification that fails is
// logged (by reference, no personal data) and scheduled again; an error
// means the outbox itself failed.
func (s *Sender) SendDue(ctx context.Context) (int, error) {
	sent := 0
	seen := map[int64]bool{} // retried meanwhile with no backoff: not twice
	for {
		ns, err := s.Outbox.ClaimNotifications(ctx, s.now(), cmp.Or(s.Lease, defaultLease), claimBatch)
		if err != nil {
			return sent, err
		}
		fresh := 0
		for _, n := range ns {
			if seen[n.ID] {
				continue
			}
			seen[n.ID], fresh = true, fresh+1
			ok, err := s.send(ctx, n)
			if err != nil {
				return sent, err
			} else if ok {
				sent++
			}
		}
		if len(ns) < claimBatch || fresh == 0 {
			return sent, nil
		}
	}
}

// send sends n and records the outcome. It reports whether n was sent; an
// error means the outcome could not be recorded.
func (s *Sender) send(ctx context.Context, n *senderos.Notification) (bool, error) {
	err := s.Notifier.NotifySubmission(ctx, n.Submission())
	if err == nil {
		if err := s.Outbox.MarkNotificationSent(ctx, n.ID, s.now()); err != nil {
			// Sent, but it will be sent again after the lease.
			return true, err
		}
		s.logger().Info("staff notified", "reference", n.Reference, "attempts", n.Attempts)
		return true, nil
	}
	if ctx.Err() != nil {
		return false, errors.Join(err, ctx.Err())
	}
	wait := s.Backoff(n.Attempts)
	s.logger().Warn("staff notification failed; will retry", "reference", n.Reference,
		"attempts", n.Attempts, "retry_in", wait.String(), "error", err.Error())
	return false, s.Outbox.RetryNotification(ctx, n.ID, s.now().Add(wait), err.Error())
}

// Backoff returns how long to wait after the attempts-th failure:
// MinBackoff doubled at each failure after the first, at most MaxBackoff.
func (s *Sender) Backoff(attempts int) time.Duration {
	lo, hi := cmp.Or(s.MinBackoff, defaultMinBackoff), cmp.Or(s.MaxBackoff, defaultMaxBackoff)
	d := lo
	for i := 1; i < attempts && d < hi; i++ {
		d *= 2
	}
	return min(d, hi)
}

// wakeup returns the channel Wake signals, made on first use.
func (s *Sender) wakeup() chan struct{} {
	s.once.Do(func() { s.wake = make(chan struct{}, 1) })
	return s.wake
}

func (s *Sender) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Sender) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

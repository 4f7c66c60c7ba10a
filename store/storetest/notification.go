package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// lease is how long the notification tests hold what they claim.
const lease = time.Minute

// mustClaim claims up to limit notifications due at now and fails the test
// on error.
func mustClaim(tb testing.TB, svc senderos.NotificationService, now time.Time, limit int) []*senderos.Notification {
	tb.Helper()
	ns, err := svc.ClaimNotifications(context.Background(), now, lease, limit)
	if err != nil {
		tb.Fatalf("ClaimNotifications: %v", err)
	}
	return ns
}

// notifying returns a new family that asks for a staff notification.
func notifying() *senderos.Submission {
	s := NewInterest()
	s.NotifyStaff = true
	return s
}

func testQueuesNotificationWithSubmission(t *testing.T, open OpenServices) {
	st := open(t)
	s := notifying()
	MustCreate(t, st.Submissions, s)
	MustCreate(t, st.Submissions, NewInterest()) // asks for none

	again := notifying() // the same form sent twice is announced once
	again.IdempotencyKey = "twice"
	MustCreate(t, st.Submissions, again)
	twice := notifying()
	twice.IdempotencyKey = "twice"
	MustCreate(t, st.Submissions, twice)

	ns := mustClaim(t, st.Notifications, time.Now(), 10)
	if len(ns) != 2 {
		t.Fatalf("claimed %d notifications, want 2: %+v", len(ns), ns)
	}
	n := ns[0]
	if n.SubmissionID != s.ID || n.Reference != s.Reference || n.Kind != senderos.KindInterest || n.Attempts != 1 || n.ID == 0 {
		t.Errorf("claimed %+v, want the first submission (id %d, %s), first attempt", n, s.ID, s.Reference)
	}
	if ns[1].SubmissionID != again.ID {
		t.Errorf("second claimed is of submission %d, want %d", ns[1].SubmissionID, again.ID)
	}
	if got := n.Submission(); got.ID != s.ID || got.Reference != s.Reference || got.Interest != nil {
		t.Errorf("Submission() = %+v: more or less than kind, reference and id", got)
	}
}

func testConcurrentSameKeyQueuesOneNotification(t *testing.T, open OpenServices) {
	const n = 16
	ctx, st := context.Background(), open(t)
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			s := notifying()
			s.IdempotencyKey = "same-key"
			<-start
			_, errs[i] = st.Submissions.CreateSubmission(ctx, s)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if ns := mustClaim(t, st.Notifications, time.Now(), 100); len(ns) != 1 {
		t.Errorf("%d notifications queued for one stored submission, want 1", len(ns))
	}
}

func testClaimHoldsUntilLeaseEnds(t *testing.T, open OpenServices) {
	st := open(t)
	MustCreate(t, st.Submissions, notifying())
	now := time.Now()
	if ns := mustClaim(t, st.Notifications, now, 10); len(ns) != 1 {
		t.Fatalf("claimed %d, want 1", len(ns))
	}
	if ns := mustClaim(t, st.Notifications, now.Add(lease/2), 10); len(ns) != 0 {
		t.Errorf("claimed again during the lease: %+v", ns)
	}
	// The sender died holding it: once the lease ends it is claimed again.
	ns := mustClaim(t, st.Notifications, now.Add(lease+time.Second), 10)
	if len(ns) != 1 || ns[0].Attempts != 2 {
		t.Fatalf("after the lease claimed %+v, want it again, second attempt", ns)
	}
}

func testRetriesAndMarksSent(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	MustCreate(t, st.Submissions, notifying())
	now := time.Now()
	claimed := mustClaim(t, st.Notifications, now, 10)
	if len(claimed) != 1 {
		t.Fatalf("claimed %d, want 1", len(claimed))
	}
	n := claimed[0]
	if err := st.Notifications.RetryNotification(ctx, n.ID, now.Add(10*time.Minute), "dial tcp: connection refused"); err != nil {
		t.Fatal(err)
	}
	// The retry time replaces the lease: not before, at once after.
	if ns := mustClaim(t, st.Notifications, now.Add(5*time.Minute), 10); len(ns) != 0 {
		t.Errorf("claimed before its retry time: %+v", ns)
	}
	ns := mustClaim(t, st.Notifications, now.Add(10*time.Minute), 10)
	if len(ns) != 1 || ns[0].Attempts != 2 {
		t.Fatalf("at its retry time claimed %+v, want it, second attempt", ns)
	}
	if err := st.Notifications.MarkNotificationSent(ctx, n.ID, now.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if ns := mustClaim(t, st.Notifications, now.Add(24*time.Hour), 10); len(ns) != 0 {
		t.Errorf("claimed after it was sent: %+v", ns)
	}
	wantCode(t, "mark a missing notification", st.Notifications.MarkNotificationSent(ctx, n.ID+1000, now), senderos.ENOTFOUND)
	wantCode(t, "retry a missing notification", st.Notifications.RetryNotification(ctx, n.ID+1000, now, "x"), senderos.ENOTFOUND)
}

func testClaimsOldestFirstUpToLimit(t *testing.T, open OpenServices) {
	st := open(t)
	var ids []int64
	for range 3 {
		s := notifying()
		MustCreate(t, st.Submissions, s)
		ids = append(ids, s.ID)
	}
	now := time.Now()
	first := mustClaim(t, st.Notifications, now, 2)
	rest := mustClaim(t, st.Notifications, now, 2)
	if len(first) != 2 || len(rest) != 1 || first[0].SubmissionID != ids[0] || first[1].SubmissionID != ids[1] || rest[0].SubmissionID != ids[2] {
		t.Errorf("claims %+v then %+v, want submissions %v in order, 2 then 1", first, rest, ids)
	}
}

// testConcurrentClaimsClaimOnce races senders claiming from one database,
// as replicas do: each notification must be claimed by exactly one.
func testConcurrentClaimsClaimOnce(t *testing.T, open OpenServices) {
	const notifications, senders = 40, 8
	ctx, st := context.Background(), open(t)
	for range notifications {
		MustCreate(t, st.Submissions, notifying())
	}
	now := time.Now()
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		claims = map[int64]int{}
		errs   []error
		start  = make(chan struct{})
	)
	for range senders {
		wg.Go(func() {
			<-start
			for {
				ns, err := st.Notifications.ClaimNotifications(ctx, now, lease, 3)
				if err == nil {
					for _, n := range ns {
						if err = st.Notifications.MarkNotificationSent(ctx, n.ID, now); err != nil {
							break
						}
					}
				}
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				}
				for _, n := range ns {
					claims[n.ID]++
				}
				mu.Unlock()
				if err != nil || len(ns) == 0 {
					return
				}
			}
		})
	}
	close(start)
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("senders failed: %v", errs)
	}
	if len(claims) != notifications {
		t.Errorf("%d notifications claimed, want %d", len(claims), notifications)
	}
	for id, n := range claims {
		if n != 1 {
			t.Errorf("notification %d claimed %d times", id, n)
		}
	}
}

func testBlockedSubmissionIsNotAnnounced(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	s := notifying()
	MustCreate(t, st.Submissions, s)
	if err := st.Submissions.EraseSubmission(ctx, s.ID, 0); err != nil {
		t.Fatal(err)
	}
	if ns := mustClaim(t, st.Notifications, time.Now(), 10); len(ns) != 0 {
		t.Errorf("claimed the notification of an erased submission: %+v", ns)
	}
}

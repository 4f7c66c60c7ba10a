package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// The periods the purge tests keep records for.
const (
	blockedRetention = 4 * 365 * 24 * time.Hour
	staleAfter       = 2 * 365 * 24 * time.Hour
)

// policy returns the tests' retention policy as if now were after.
func policy(after time.Duration) senderos.RetentionPolicy {
	return senderos.RetentionPolicy{Now: time.Now().Add(after), Blocked: blockedRetention, Stale: staleAfter}
}

func testPurgeDestroysBlockedAfterRetention(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	svc := st.Submissions
	coord := MustCreateStaff(t, st.Staff, "coord@example.org", senderos.RoleCoordinator)
	erased := NewInterest()
	MustCreate(t, svc, erased)
	// Recently changed, so only the erasure's retention applies.
	MustUpdate(t, svc, senderos.SubmissionUpdate{ID: erased.ID, By: coord.ID, Note: "nota privada"})
	if err := svc.EraseSubmission(ctx, erased.ID, coord.ID); err != nil {
		t.Fatal(err)
	}

	// Within the retention period the blocked record is kept (and stale
	// records are not yet stale either).
	if got, err := svc.Purge(ctx, policy(blockedRetention-time.Hour)); err != nil {
		t.Fatal(err)
	} else if got.Blocked != 0 {
		t.Errorf("Purge within retention destroyed %d blocked records", got.Blocked)
	}

	got, err := svc.Purge(ctx, senderos.RetentionPolicy{Now: time.Now().Add(blockedRetention + time.Hour), Blocked: blockedRetention})
	if err != nil {
		t.Fatal(err)
	}
	if want := (senderos.PurgeResult{Blocked: 1}); got != want {
		t.Errorf("Purge = %+v, want %+v", got, want)
	}
	if got, err := svc.Purge(ctx, policy(blockedRetention+time.Hour)); err != nil {
		t.Fatal(err)
	} else if got != (senderos.PurgeResult{}) {
		t.Errorf("second Purge = %+v, want nothing: purge must be idempotent", got)
	}
	// The id is free of history: nothing of it is left to find.
	_, err = svc.FindEvents(ctx, erased.ID)
	wantCode(t, "FindEvents after purge", err, senderos.ENOTFOUND)
}

func testPurgeKeepsRecent(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	svc := st.Submissions
	kept, erased := NewInterest(), NewMunicipality()
	MustCreate(t, svc, kept)
	MustCreate(t, svc, erased)
	if err := svc.EraseSubmission(ctx, erased.ID, 0); err != nil {
		t.Fatal(err)
	}
	pending := NewInterest()
	pending.Status, pending.ExpiresAt = senderos.StatusSuspected, time.Now().Add(48*time.Hour)
	MustCreate(t, svc, pending)

	if got, err := svc.Purge(ctx, policy(24*time.Hour)); err != nil {
		t.Fatal(err)
	} else if got != (senderos.PurgeResult{}) {
		t.Errorf("Purge = %+v, want nothing destroyed", got)
	}
	MustCountBoth(t, svc, senderos.SubmissionFilter{}, 2)
	// Zero periods keep everything but expired spam.
	if got, err := svc.Purge(ctx, senderos.RetentionPolicy{Now: time.Now().Add(10 * blockedRetention)}); err != nil {
		t.Fatal(err)
	} else if got != (senderos.PurgeResult{Spam: 1}) {
		t.Errorf("Purge with zero periods = %+v, want only the expired spam", got)
	}
	MustCountBoth(t, svc, senderos.SubmissionFilter{}, 1)
}

func testPurgeDestroysStaleAndSpam(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Submissions
	stale := NewInterest()
	MustCreate(t, svc, stale)
	spam := NewInterest()
	spam.Status, spam.ExpiresAt = senderos.StatusSuspected, time.Now().Add(-time.Hour)
	MustCreate(t, svc, spam)

	got, err := svc.Purge(ctx, policy(staleAfter+time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if want := (senderos.PurgeResult{Stale: 1, Spam: 1}); got != want {
		t.Errorf("Purge = %+v, want %+v", got, want)
	}
	for _, s := range []*senderos.Submission{stale, spam} {
		_, err := svc.FindSubmissionByID(ctx, s.ID)
		wantCode(t, "purged record", err, senderos.ENOTFOUND)
	}
}

func testPurgeDeletesLapsedLoginLocks(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	svc := st.Staff
	ana := MustCreateStaff(t, svc, "ana@example.org", senderos.RoleAdmin)
	bea := MustCreateStaff(t, svc, "bea@example.org", senderos.RoleTechnician)
	now := loginAt.Add(7 * 24 * time.Hour)
	lapsed := now.Add(-senderos.LoginFailureTTL - time.Minute)
	// Lapsed: one failure, and a lock long over, each a day ago and more.
	mustFail(t, svc, ana.ID, "once", lapsed)
	for range 10 {
		mustFail(t, svc, bea.ID, "locked long ago", lapsed)
	}
	// Kept: a count still running, and a lock still on.
	mustFail(t, svc, ana.ID, "counting", now.Add(-senderos.LoginFailureTTL+time.Minute))
	for range 10 {
		mustFail(t, svc, bea.ID, "locked", now.Add(-time.Minute))
	}

	got, err := st.Submissions.Purge(ctx, senderos.RetentionPolicy{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if want := (senderos.PurgeResult{LoginLocks: 2}); got != want {
		t.Errorf("Purge = %+v, want %+v", got, want)
	}
	if got, err := st.Submissions.Purge(ctx, senderos.RetentionPolicy{Now: now}); err != nil {
		t.Fatal(err)
	} else if got != (senderos.PurgeResult{}) {
		t.Errorf("second Purge = %+v, want nothing", got)
	}
	if until := mustLockedUntil(t, svc, bea.ID, "locked"); !until.Equal(now.Add(-time.Minute + senderos.LoginLockMax)) {
		t.Errorf("the running lock after purge: until %v", until)
	}
	if f := mustFail(t, svc, ana.ID, "counting", now); f.Failures != 2 {
		t.Errorf("the running count after purge: a failure counts as the %dth, want the 2nd", f.Failures)
	}
	if got, err := svc.FindStaffByID(ctx, bea.ID); err != nil {
		t.Fatal(err)
	} else if !got.LockedUntil.Equal(now.Add(-time.Minute + senderos.LoginLockMax)) {
		t.Errorf("bea locked until %v after purge", got.LockedUntil)
	}
}

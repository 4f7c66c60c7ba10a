package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// loginAt is the time of the login tests, at microseconds as stored.
var loginAt = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func mustFail(tb testing.TB, svc senderos.StaffService, id int64, addr string, at time.Time) *senderos.LoginFailure {
	tb.Helper()
	f, err := svc.RecordLoginFailure(context.Background(), id, addr, at)
	if err != nil {
		tb.Fatalf("RecordLoginFailure: %v", err)
	}
	return f
}

func mustLockedUntil(tb testing.TB, svc senderos.StaffService, id int64, addr string) time.Time {
	tb.Helper()
	t, err := svc.LoginLockedUntil(context.Background(), id, addr)
	if err != nil {
		tb.Fatalf("LoginLockedUntil: %v", err)
	}
	return t
}

func testConcurrentLoginFailuresAllCount(t *testing.T, open OpenServices) {
	svc := open(t).Staff
	st := MustCreateStaff(t, svc, "ana@example.org", senderos.RoleAdmin)
	const n = 30
	counts := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			f, err := svc.RecordLoginFailure(context.Background(), st.ID, "attacker", loginAt)
			if err != nil {
				t.Error(err)
				return
			}
			counts <- f.Failures
		})
	}
	wg.Wait()
	close(counts)
	seen := map[int]bool{}
	for c := range counts {
		if seen[c] {
			t.Errorf("two failures were both counted as the %dth", c)
		}
		seen[c] = true
	}
	got, err := svc.FindStaffByID(context.Background(), st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.FailedLogins != n {
		t.Errorf("FailedLogins = %d after %d concurrent failures", got.FailedLogins, n)
	}
	if want := loginAt.Add(senderos.LoginLockMax); !got.LockedUntil.Equal(want) {
		t.Errorf("LockedUntil = %v, want %v", got.LockedUntil, want)
	}
	_, err = svc.RecordLoginFailure(context.Background(), st.ID+1, "attacker", loginAt)
	wantCode(t, "unknown account", err, senderos.ENOTFOUND)
}

func testLoginLocksGrowPerAddress(t *testing.T, open OpenServices) {
	svc := open(t).Staff
	st := MustCreateStaff(t, svc, "ana@example.org", senderos.RoleAdmin)
	at := loginAt
	for i, want := range []time.Duration{0, 0, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour} {
		f := mustFail(t, svc, st.ID, "attacker", at)
		if f.Failures != i+1 || f.AccountFailures != i+1 {
			t.Fatalf("failure %d counted as %d (account %d)", i+1, f.Failures, f.AccountFailures)
		}
		var wantUntil time.Time
		if want > 0 {
			wantUntil = at.Add(want)
		}
		if !f.LockedUntil.Equal(wantUntil) || !mustLockedUntil(t, svc, st.ID, "attacker").Equal(wantUntil) {
			t.Errorf("after %d failures: locked until %v, want %v", i+1, f.LockedUntil, wantUntil)
		}
		at = at.Add(time.Second)
	}
	if got := mustLockedUntil(t, svc, st.ID, "owner"); !got.IsZero() {
		t.Errorf("another address is locked until %v", got)
	}
	f := mustFail(t, svc, st.ID, "owner", at)
	if f.Failures != 1 || f.AccountFailures != 11 || !f.LockedUntil.IsZero() {
		t.Errorf("the owner's first failure: %+v", f)
	}
}

func testLoginFailuresStartAgainAfterTTL(t *testing.T, open OpenServices) {
	svc := open(t).Staff
	st := MustCreateStaff(t, svc, "ana@example.org", senderos.RoleAdmin)
	for range 5 {
		mustFail(t, svc, st.ID, "a", loginAt)
	}
	f := mustFail(t, svc, st.ID, "a", loginAt.Add(senderos.LoginFailureTTL+time.Second))
	if f.Failures != 1 || !f.LockedUntil.IsZero() {
		t.Errorf("a failure a day later: %+v, want the count started again", f)
	}
}

func testUpdateStaffKeepsLoginState(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Staff
	st := MustCreateStaff(t, svc, "ana@example.org", senderos.RoleAdmin)
	stale := *st
	for range 3 {
		mustFail(t, svc, st.ID, "a", loginAt)
	}
	if err := svc.AcceptLogin(ctx, st.ID, "b", 100, loginAt); err != nil {
		t.Fatal(err)
	}
	mustFail(t, svc, st.ID, "c", loginAt)
	// A copy read before: writing it back loses neither the count, nor
	// the lock, nor the last step.
	stale.Name = "Ana"
	if err := svc.UpdateStaff(ctx, &stale); err != nil {
		t.Fatal(err)
	}
	got, err := svc.FindStaffByID(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Ana" || got.FailedLogins != 1 || got.TOTPLastStep != 100 || !got.LockedUntil.Equal(loginAt.Add(time.Minute)) {
		t.Errorf("after a stale update: name %q, %d failures, step %d, locked until %v",
			got.Name, got.FailedLogins, got.TOTPLastStep, got.LockedUntil)
	}
}

func testConcurrentAcceptLoginAcceptsAStepOnce(t *testing.T, open OpenServices) {
	svc := open(t).Staff
	st := MustCreateStaff(t, svc, "ana@example.org", senderos.RoleAdmin)
	const n = 8
	var mu sync.Mutex
	codes := map[string]int{}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			err := svc.AcceptLogin(context.Background(), st.ID, "a", 1000, loginAt)
			mu.Lock()
			defer mu.Unlock()
			codes[senderos.ErrorCode(err)]++
		})
	}
	wg.Wait()
	if codes[""] != 1 || codes[senderos.ECONFLICT] != n-1 {
		t.Errorf("%d concurrent AcceptLogin of one step: %v, want 1 accepted and the others ECONFLICT", n, codes)
	}
	wantCode(t, "an earlier step", svc.AcceptLogin(context.Background(), st.ID, "a", 999, loginAt), senderos.ECONFLICT)
	wantCode(t, "unknown account", svc.AcceptLogin(context.Background(), st.ID+1, "a", 2000, loginAt), senderos.ENOTFOUND)
	if err := svc.AcceptLogin(context.Background(), st.ID, "a", 1001, loginAt); err != nil {
		t.Errorf("the next step: %v", err)
	}
}

func testAcceptLoginRefusedWhileLocked(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Staff
	st := MustCreateStaff(t, svc, "ana@example.org", senderos.RoleAdmin)
	for range senderos.LoginLockFrom {
		mustFail(t, svc, st.ID, "a", loginAt)
	}
	wantCode(t, "locked address", svc.AcceptLogin(ctx, st.ID, "a", 10, loginAt.Add(time.Second)), senderos.EFORBIDDEN)
	if got, _ := svc.FindStaffByID(ctx, st.ID); got.TOTPLastStep != 0 || got.FailedLogins != senderos.LoginLockFrom {
		t.Errorf("a refused login changed the account: step %d, %d failures", got.TOTPLastStep, got.FailedLogins)
	}
	mustFail(t, svc, st.ID, "b", loginAt)
	// From elsewhere: accepted, and only that address's count is cleared.
	if err := svc.AcceptLogin(ctx, st.ID, "b", 10, loginAt.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if !mustLockedUntil(t, svc, st.ID, "a").Equal(loginAt.Add(time.Minute)) {
		t.Error("the owner's login unlocked the attacker's address")
	}
	if f := mustFail(t, svc, st.ID, "b", loginAt); f.Failures != 1 || f.AccountFailures != 1 {
		t.Errorf("after the login, a failure counts as %+v", f)
	}
	// Once the lock ends, the address may log in.
	if err := svc.AcceptLogin(ctx, st.ID, "a", 11, loginAt.Add(time.Minute)); err != nil {
		t.Errorf("after the lock: %v", err)
	}
}

func testUnlockStaffClearsEveryAddress(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Staff
	st := MustCreateStaff(t, svc, "ana@example.org", senderos.RoleAdmin)
	for _, addr := range []string{"a", "b"} {
		for range 4 {
			mustFail(t, svc, st.ID, addr, loginAt)
		}
	}
	if err := svc.UnlockStaff(ctx, st.ID); err != nil {
		t.Fatal(err)
	}
	got, err := svc.FindStaffByID(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.FailedLogins != 0 || !got.LockedUntil.IsZero() || !mustLockedUntil(t, svc, st.ID, "b").IsZero() {
		t.Errorf("after unlocking: %d failures, locked until %v", got.FailedLogins, got.LockedUntil)
	}
	wantCode(t, "unknown account", svc.UnlockStaff(ctx, st.ID+1), senderos.ENOTFOUND)
}

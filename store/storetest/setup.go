package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// mustInvite stores an account waiting to be set up from a link whose
// token hashes to tokenHash, valid for an hour after loginAt.
func mustInvite(tb testing.TB, svc senderos.StaffService, email, tokenHash string) *senderos.Staff {
	tb.Helper()
	st := &senderos.Staff{Email: email, Name: "Staff " + email, Role: senderos.RoleCoordinator, Lang: "es",
		SetupTokenHash: tokenHash, SetupExpiresAt: loginAt.Add(time.Hour)}
	if err := svc.CreateStaff(context.Background(), st); err != nil {
		tb.Fatalf("CreateStaff: %v", err)
	}
	return st
}

func testConcurrentSetUpStaffUsesTheLinkOnce(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Staff
	st := mustInvite(t, svc, "new@example.org", "token-hash")
	for range senderos.LoginLockFrom {
		mustFail(t, svc, st.ID, "a", loginAt)
	}
	secret := []byte("0123456789abcdefghij")
	const n = 8
	var mu sync.Mutex
	codes, winner := map[string]int{}, ""
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			hash := fmt.Sprintf("hash %d", i)
			err := svc.SetUpStaff(ctx, st.ID, "token-hash", hash, secret, 1000, loginAt)
			mu.Lock()
			defer mu.Unlock()
			codes[senderos.ErrorCode(err)]++
			if err == nil {
				winner = hash
			}
		})
	}
	wg.Wait()
	if codes[""] != 1 || codes[senderos.ECONFLICT] != n-1 {
		t.Fatalf("%d concurrent set-ups from one link: %v, want 1 done and the others ECONFLICT", n, codes)
	}
	got, err := svc.FindStaffByID(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PasswordHash != winner || string(got.TOTPSecret) != string(secret) || got.TOTPLastStep != 1000 {
		t.Errorf("after set-up: hash %q (the set-up done stored %q), secret %q, step %d",
			got.PasswordHash, winner, got.TOTPSecret, got.TOTPLastStep)
	}
	if got.SetupTokenHash != "" || !got.SetupExpiresAt.IsZero() || !got.Ready() {
		t.Errorf("after set-up: token %q until %v, ready %v", got.SetupTokenHash, got.SetupExpiresAt, got.Ready())
	}
	if got.FailedLogins != 0 || !got.LockedUntil.IsZero() {
		t.Errorf("after set-up: %d failures, locked until %v", got.FailedLogins, got.LockedUntil)
	}
	_, err = svc.FindStaffBySetupToken(ctx, "token-hash")
	wantCode(t, "the used link", err, senderos.ENOTFOUND)
	wantCode(t, "the used link again", svc.SetUpStaff(ctx, st.ID, "token-hash", "other", secret, 2000, loginAt), senderos.ECONFLICT)
	wantCode(t, "unknown account", svc.SetUpStaff(ctx, st.ID+1, "token-hash", "other", secret, 2000, loginAt), senderos.ENOTFOUND)
}

func testSetUpStaffRefusesAVoidLink(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Staff
	secret := []byte("0123456789abcdefghij")
	late := mustInvite(t, svc, "late@example.org", "late")
	wantCode(t, "an expired link", svc.SetUpStaff(ctx, late.ID, "late", "h", secret, 1, loginAt.Add(time.Hour)), senderos.ECONFLICT)
	other := mustInvite(t, svc, "other@example.org", "other")
	wantCode(t, "another account's link", svc.SetUpStaff(ctx, other.ID, "late", "h", secret, 1, loginAt), senderos.ECONFLICT)
	wantCode(t, "no link", svc.SetUpStaff(ctx, other.ID, "", "h", secret, 1, loginAt), senderos.ECONFLICT)
	off := mustInvite(t, svc, "off@example.org", "off")
	off.Disabled = true
	if err := svc.UpdateStaff(ctx, off); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "a disabled account", svc.SetUpStaff(ctx, off.ID, "off", "h", secret, 1, loginAt), senderos.ECONFLICT)
	for _, st := range []*senderos.Staff{late, other, off} {
		if got, err := svc.FindStaffByID(ctx, st.ID); err != nil {
			t.Fatal(err)
		} else if got.PasswordHash != "" || got.SetupTokenHash == "" {
			t.Errorf("%s after a refused set-up: hash %q, token %q", st.Email, got.PasswordHash, got.SetupTokenHash)
		}
	}
}

package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func testSessionLifecycle(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	svc := st.Sessions
	ana := MustCreateStaff(t, st.Staff, "ana@example.org", senderos.RoleAdmin)
	now := time.Now()
	s := &senderos.Session{TokenHash: "hash1", StaffID: ana.ID, CSRFToken: "csrf", CreatedAt: now, LastSeenAt: now}
	if err := svc.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "same token", svc.CreateSession(ctx, &senderos.Session{TokenHash: "hash1", StaffID: ana.ID, CreatedAt: now, LastSeenAt: now}), senderos.ECONFLICT)
	wantCode(t, "unknown account", svc.CreateSession(ctx, &senderos.Session{TokenHash: "hash2", StaffID: ana.ID + 1, CreatedAt: now, LastSeenAt: now}), senderos.EINVALID)

	got, err := svc.FindSession(ctx, "hash1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("FindSession:\n got %+v\nwant %+v", got, s)
	}
	later := now.Add(time.Minute)
	if err := svc.TouchSession(ctx, "hash1", later); err != nil {
		t.Fatal(err)
	}
	if got, err := svc.FindSession(ctx, "hash1"); err != nil {
		t.Fatal(err)
	} else if !got.LastSeenAt.Equal(later.Truncate(time.Microsecond)) {
		t.Errorf("LastSeenAt = %v, want %v", got.LastSeenAt, later)
	}
	if err := svc.DeleteSession(ctx, "hash1"); err != nil {
		t.Fatal(err)
	}
	_, err = svc.FindSession(ctx, "hash1")
	wantCode(t, "ended session", err, senderos.ENOTFOUND)
	wantCode(t, "touch ended session", svc.TouchSession(ctx, "hash1", later), senderos.ENOTFOUND)
	if err := svc.DeleteSession(ctx, "hash1"); err != nil {
		t.Errorf("ending an ended session: %v", err)
	}
}

func testSessionsEndWithAccount(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	ana := MustCreateStaff(t, st.Staff, "ana@example.org", senderos.RoleAdmin)
	luis := MustCreateStaff(t, st.Staff, "luis@example.org", senderos.RoleAdmin)
	now := time.Now()
	for _, s := range []*senderos.Session{
		{TokenHash: "a1", StaffID: ana.ID}, {TokenHash: "a2", StaffID: ana.ID},
		{TokenHash: "l1", StaffID: luis.ID}, {TokenHash: "l2", StaffID: luis.ID},
	} {
		s.CreatedAt, s.LastSeenAt = now, now
		if err := st.Sessions.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	// Disabling an account ends its sessions.
	ana.Disabled = true
	if err := st.Staff.UpdateStaff(ctx, ana); err != nil {
		t.Fatal(err)
	}
	// So does ending them all by hand.
	if err := st.Sessions.DeleteStaffSessions(ctx, luis.ID); err != nil {
		t.Fatal(err)
	}
	for _, token := range []string{"a1", "a2", "l1", "l2"} {
		_, err := st.Sessions.FindSession(ctx, token)
		wantCode(t, "session "+token, err, senderos.ENOTFOUND)
	}
}

func testDeletesIdleSessions(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	ana := MustCreateStaff(t, st.Staff, "ana@example.org", senderos.RoleAdmin)
	now := time.Now()
	for i, seen := range []time.Time{now.Add(-2 * time.Hour), now.Add(-time.Hour), now} {
		s := &senderos.Session{TokenHash: string(rune('a' + i)), StaffID: ana.ID, CreatedAt: seen, LastSeenAt: seen}
		if err := st.Sessions.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := st.Sessions.DeleteSessionsBefore(ctx, now.Add(-30*time.Minute)); err != nil {
		t.Fatal(err)
	} else if n != 2 {
		t.Errorf("deleted %d sessions, want 2", n)
	}
	if _, err := st.Sessions.FindSession(ctx, "c"); err != nil {
		t.Errorf("recent session: %v", err)
	}
}

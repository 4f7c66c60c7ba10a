package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
	"github.com/cepaim/senderos/store/storetest"
)

// mustDataKeys returns the data keys of the data directory dir, as the
// portal created them there.
func mustDataKeys(tb testing.TB, dir string) *seal.Keyring {
	tb.Helper()
	m := &Main{Config: Config{DataDir: dir}, Out: io.Discard}
	keys, err := m.dataKeys()
	if err != nil {
		tb.Fatal(err)
	}
	return keys
}

// mustOpenData opens the SQLite database of data directory dir, creating
// its data key as the portal would, and closes it when tb ends.
func mustOpenData(tb testing.TB, dir string) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(dir, "senderos.db"), mustDataKeys(tb, dir))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// run runs the command line args and returns what it printed.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := Run(context.Background(), args, &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestPurge(t *testing.T) {
	t.Run("DestroysWhatIsDueAndIsIdempotent", func(t *testing.T) {
		ctx, data := context.Background(), t.TempDir()
		db := mustOpenData(t, data)
		svc := sqldb.NewSubmissionService(db)
		longAgo := time.Now().Add(-5 * year)
		svc.Now = func() time.Time { return longAgo }
		erased, stale, kept := storetest.NewInterest(), storetest.NewInterest(), storetest.NewMunicipality()
		storetest.MustCreate(t, svc, erased)
		storetest.MustCreate(t, svc, stale)
		if err := svc.EraseSubmission(ctx, erased.ID, 0); err != nil {
			t.Fatal(err)
		}
		svc.Now = time.Now
		storetest.MustCreate(t, svc, kept)
		recentlyErased := storetest.NewInterest()
		storetest.MustCreate(t, svc, recentlyErased)
		if err := svc.EraseSubmission(ctx, recentlyErased.ID, 0); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}

		out, err := run(t, "purge", "--data", data)
		if err != nil {
			t.Fatalf("purge: %v\n%s", err, out)
		}
		if !strings.Contains(out, "Destroyed 1 erased record(s) past retention, 1 stale record(s), 0 expired suspected spam, 0 expired login lock(s).") {
			t.Errorf("purge printed:\n%s", out)
		}
		out, err = run(t, "purge", "--data", data)
		if err != nil {
			t.Fatalf("second purge: %v", err)
		}
		if !strings.Contains(out, "Destroyed 0 erased record(s) past retention, 0 stale record(s), 0 expired suspected spam, 0 expired login lock(s).") {
			t.Errorf("second purge printed:\n%s", out)
		}

		db = mustOpenData(t, data)
		svc = sqldb.NewSubmissionService(db)
		if _, err := svc.FindSubmissionByID(ctx, kept.ID); err != nil {
			t.Errorf("recent record: %v", err)
		}
		if _, err := svc.FindSubmissionByID(ctx, stale.ID); senderos.ErrorCode(err) != senderos.ENOTFOUND {
			t.Errorf("stale record: error = %v, want not found", err)
		}
		// The recently erased record is still held, blocked: a shorter
		// retention given on the command line destroys it.
		if out, err := run(t, "purge", "--data", data, "--blocked-retention", "0s", "--stale-after", "0"); err != nil {
			t.Fatal(err)
		} else if !strings.Contains(out, "Destroyed 0 erased") {
			t.Errorf("a zero retention must keep blocked records, printed:\n%s", out)
		}
		if out, err := run(t, "purge", "--data", data, "--blocked-retention", "1ns"); err != nil {
			t.Fatal(err)
		} else if !strings.Contains(out, "Destroyed 1 erased") {
			t.Errorf("purge with 1ns retention printed:\n%s", out)
		}

		entries, err := sqldb.NewAuditService(db).FindAudit(ctx, senderos.AuditFilter{Action: senderos.AuditPurge})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 4 || entries[3].Detail != "blocked=1 stale=1 spam=0 login_locks=0" {
			t.Errorf("audit entries of purge = %+v", entries)
		}
	})

	t.Run("RemovesExpiredLoginLocks", func(t *testing.T) {
		ctx, data := context.Background(), t.TempDir()
		db := mustOpenData(t, data)
		staff := sqldb.NewStaffService(db)
		st := storetest.MustCreateStaff(t, staff, "ana@example.org", senderos.RoleAdmin)
		for addr, at := range map[string]time.Time{"lapsed": time.Now().Add(-2 * day), "locked": time.Now()} {
			for range senderos.LoginLockFrom {
				if _, err := staff.RecordLoginFailure(ctx, st.ID, addr, at); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		out, err := run(t, "purge", "--data", data)
		if err != nil {
			t.Fatalf("purge: %v\n%s", err, out)
		}
		if !strings.Contains(out, ", 1 expired login lock(s).") {
			t.Errorf("purge printed:\n%s", out)
		}
		db = mustOpenData(t, data)
		entries, err := sqldb.NewAuditService(db).FindAudit(ctx, senderos.AuditFilter{Action: senderos.AuditPurge})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Detail != "blocked=0 stale=0 spam=0 login_locks=1" {
			t.Errorf("audit entries of purge = %+v", entries)
		}
		// The address locked now stays locked.
		if got, err := sqldb.NewStaffService(db).FindStaffByID(ctx, st.ID); err != nil {
			t.Fatal(err)
		} else if !got.LockedUntil.After(time.Now()) {
			t.Errorf("after purge the account is locked until %v", got.LockedUntil)
		}
	})

	t.Run("ErrNoDatabase", func(t *testing.T) {
		dir := t.TempDir()
		if out, err := run(t, "purge", "--data", filepath.Join(dir, "typo")); err == nil {
			t.Errorf("purge of a missing data directory succeeded:\n%s", out)
		}
		if _, err := os.Stat(filepath.Join(dir, "typo")); !os.IsNotExist(err) {
			t.Error("purge created the mistyped data directory")
		}
	})

	t.Run("ErrBadPeriod", func(t *testing.T) {
		mustOpenData(t, t.TempDir())
		if _, err := run(t, "purge", "--blocked-retention", "four years"); err == nil {
			t.Error("purge accepted a bad period")
		}
	})

	t.Run("HelpExplains", func(t *testing.T) {
		out, _ := run(t, "purge", "--help")
		for _, want := range []string{"cron", "--blocked-retention", "--stale-after", "4y", "2y"} {
			if !strings.Contains(out, want) {
				t.Errorf("purge --help lacks %q:\n%s", want, out)
			}
		}
	})
}

func TestPeriod(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"4y", 4 * year, true}, {"730d", 730 * day, true}, {"72h", 72 * time.Hour, true}, {"0", 0, true},
		{"-1d", 0, false}, {"y", 0, false}, {"four", 0, false},
	} {
		var p period
		err := p.Set(tt.in)
		if (err == nil) != tt.ok || (tt.ok && time.Duration(p) != tt.want) {
			t.Errorf("Set(%q) = %v, %v; want %v, ok %v", tt.in, time.Duration(p), err, tt.want, tt.ok)
		}
	}
	if p := period(4 * year); p.String() != "4y" {
		t.Errorf("String = %q, want 4y", p.String())
	}
}

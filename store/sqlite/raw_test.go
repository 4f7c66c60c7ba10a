package sqlite

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

// fileBytes returns the database file and its write-ahead log, as a
// person with a copy of the disk would read them.
func fileBytes(t *testing.T, db *DB) []byte {
	t.Helper()
	var all []byte
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(dbPath(t, db) + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// mustNotContain fails the test if any of needles is in haystack.
func mustNotContain(t *testing.T, what string, haystack []byte, needles ...[]byte) {
	t.Helper()
	for _, n := range needles {
		if bytes.Contains(haystack, n) {
			t.Errorf("%s contains %q", what, n)
		}
	}
}

// openAt returns a function opening the database file at path, closed when
// tb ends.
func openAt(path string) func(tb testing.TB) *sqldb.DB {
	return func(tb testing.TB) *sqldb.DB { return MustOpenDBAt(tb, path) }
}

func TestPersonalDataAtRest(t *testing.T) {
	t.Run("FileHoldsNoPlainText", func(t *testing.T) {
		ctx, db := context.Background(), MustOpenDB(t)
		s, clear := storetest.MustStoreDistinctive(t, db)
		var needles [][]byte
		for _, c := range clear {
			needles = append(needles, []byte(c))
		}
		mustNotContain(t, "database files", fileBytes(t, db), needles...)
		if err := checkpoint(ctx, db); err != nil {
			t.Fatal(err)
		}
		mustNotContain(t, "database file after a checkpoint", fileBytes(t, db), needles...)

		// The application still reads it all back.
		got, err := sqldb.NewSubmissionService(db).FindSubmissionByID(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		} else if got.Interest.Contact.Name != storetest.Distinctive[0] || got.Interest.Skills != storetest.Distinctive[3] {
			t.Errorf("read back %+v", got.Interest)
		}
	})

	t.Run("PurgeLeavesNoCiphertext", func(t *testing.T) {
		ctx, db := context.Background(), MustOpenDB(t)
		svc := sqldb.NewSubmissionService(db)
		s := storetest.NewDistinctive()
		storetest.MustCreate(t, svc, s)
		storetest.MustUpdate(t, svc, senderos.SubmissionUpdate{ID: s.ID, Note: "Nota que se destruye"})
		var sealed, note []byte
		if err := db.Reader().QueryRow(`SELECT sealed FROM submissions WHERE id = ?`, s.ID).Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		if err := db.Reader().QueryRow(`SELECT note FROM events WHERE submission_id = ? AND note IS NOT NULL`, s.ID).Scan(&note); err != nil {
			t.Fatal(err)
		}
		// Write them into the main file too, not only the log.
		if err := checkpoint(ctx, db); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(fileBytes(t, db), sealed) {
			t.Fatal("the sealed value is not in the file: the test would prove nothing")
		}

		if err := svc.EraseSubmission(ctx, s.ID, 0); err != nil {
			t.Fatal(err)
		}
		mustBeIn := fileBytes(t, db)
		if !bytes.Contains(mustBeIn, sealed) {
			t.Error("blocking destroyed the sealed value at once; it must be kept for the retention period")
		}
		got, err := svc.Purge(ctx, senderos.RetentionPolicy{Now: time.Now().Add(5 * 365 * 24 * time.Hour), Blocked: 4 * 365 * 24 * time.Hour})
		if err != nil {
			t.Fatal(err)
		} else if got.Blocked != 1 {
			t.Fatalf("Purge = %+v, want 1 blocked destroyed", got)
		}
		mustNotContain(t, "database files after purge", fileBytes(t, db), sealed, note, []byte(s.Reference))
		if fi, err := os.Stat(dbPath(t, db) + "-wal"); err == nil && fi.Size() != 0 {
			t.Errorf("-wal is %d bytes after purge, want it truncated", fi.Size())
		}
	})

	t.Run("CaseLeavesNothingAfterPurge", func(t *testing.T) {
		ctx, db := context.Background(), MustOpenDB(t)
		c := storetest.MustStoreCase(t, db)
		sealed := storetest.CaseSealed(t, db)
		if err := checkpoint(ctx, db); err != nil {
			t.Fatal(err)
		}
		var planted [][]byte
		for _, p := range storetest.PlantedCase {
			planted = append(planted, []byte(p))
		}
		file := fileBytes(t, db)
		mustNotContain(t, "database file with a case", file, planted...)
		for _, b := range sealed {
			if !bytes.Contains(file, b) {
				t.Fatal("a sealed value is not in the file: the test would prove nothing")
			}
		}
		storetest.MustEraseAndPurge(t, db, c)
		mustNotContain(t, "database files after purge", fileBytes(t, db), append(planted, sealed...)...)
	})

	t.Run("SealsRowsOfMigration0001", func(t *testing.T) {
		db := storetest.RunSealsRowsOfMigration0001(t, openAt(filepath.Join(t.TempDir(), "senderos.db")))
		d := storetest.Distinctive
		mustNotContain(t, "database files", fileBytes(t, db), []byte(d[0]), []byte(d[1]), []byte("Zqy Town"))
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	storetest.RunAuditLogIsAppendOnly(t, MustOpenDB(t), `UPDATE audit_log SET outcome = 'denied'`, `DELETE FROM audit_log`)
}

func TestRekey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "senderos.db")
	storetest.RunRekey(t, func(keys *seal.Keyring) (*DB, error) { return Open(path, keys) })
}

func TestRekeyCase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "senderos.db")
	storetest.RunRekeyCase(t, func(keys *seal.Keyring) (*DB, error) { return Open(path, keys) })
}

func TestRekeyMatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "senderos.db")
	storetest.RunRekeyMatch(t, func(keys *seal.Keyring) (*DB, error) { return Open(path, keys) })
}

func TestMigration0004(t *testing.T) {
	storetest.RunMigration0004(t, openAt(filepath.Join(t.TempDir(), "senderos.db")))
}

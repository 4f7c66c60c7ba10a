package sqlite

import (
	"bytes"
	"context"
	"github.com/cepaim/senderos/store/sqldb"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/storetest"
)

// distinctive is personal data no test writes anywhere else, so that
// finding it in a file means it leaked there.
var distinctive = []string{"Zacarías Quintanilla-Ybarra", "zq.ybarra.7731@example.net", "+34 699 417 233", "Cestería de mimbre zqy"}

// newDistinctive returns a family whose personal data is distinctive.
func newDistinctive() *senderos.Submission {
	s := storetest.NewInterest()
	s.Interest.Contact.Name, s.Interest.Contact.Email, s.Interest.Contact.Phone = distinctive[0], distinctive[1], distinctive[2]
	s.Interest.Skills = distinctive[3]
	return s
}

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

func TestPersonalDataAtRest(t *testing.T) {
	t.Run("FileHoldsNoPlainText", func(t *testing.T) {
		ctx, db := context.Background(), MustOpenDB(t)
		svc := sqldb.NewSubmissionService(db)
		staff := sqldb.NewStaffService(db)
		s := newDistinctive()
		storetest.MustCreate(t, svc, s)
		st := storetest.MustCreateStaff(t, staff, "ana@example.org", senderos.RoleCoordinator)
		st.TOTPSecret = []byte("TOTPSECRETZQY7731xx")
		if err := staff.UpdateStaff(ctx, st); err != nil {
			t.Fatal(err)
		}
		storetest.MustUpdate(t, svc, senderos.SubmissionUpdate{ID: s.ID, By: st.ID, Note: "Nota zqy: vive con su madre"})

		var needles [][]byte
		for _, d := range append(distinctive, "TOTPSECRETZQY7731xx", "Nota zqy") {
			needles = append(needles, []byte(d))
		}
		mustNotContain(t, "database files", fileBytes(t, db), needles...)
		if err := checkpoint(ctx, db); err != nil {
			t.Fatal(err)
		}
		mustNotContain(t, "database file after a checkpoint", fileBytes(t, db), needles...)

		// The application still reads it all back.
		got, err := svc.FindSubmissionByID(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		} else if got.Interest.Contact.Name != distinctive[0] || got.Interest.Skills != distinctive[3] {
			t.Errorf("read back %+v", got.Interest)
		}
	})

	t.Run("PurgeLeavesNoCiphertext", func(t *testing.T) {
		ctx, db := context.Background(), MustOpenDB(t)
		svc := sqldb.NewSubmissionService(db)
		s := newDistinctive()
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

	t.Run("SealsRowsOfMigration0001", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "senderos.db")
		db := MustOpenDBAt(t, path)
		data := `{"adults":1,"languages":["es"],"city":"Zqy Town","regions":["07"],"sectors":["care"],"skills":"` +
			distinctive[3] + `","contact":{"name":"` + distinctive[0] + `","email":"` + distinctive[1] + `","language":"es","channel":"email"}}`
		if _, err := db.Writer().Exec(`INSERT INTO submissions (reference, kind, lang, status, consent_privacy_version,
			consent_lang, consent_at, created_at, updated_at, data) VALUES ('NS-0000-0001', 'interest', 'es', 'new', '1', 'es', ?, ?, ?, ?)`,
			formatTime(time.Now()), formatTime(time.Now()), formatTime(time.Now()), data); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}

		db = MustOpenDBAt(t, path)
		got, err := sqldb.NewSubmissionService(db).FindSubmissionByReference(context.Background(), "NS-0000-0001")
		if err != nil {
			t.Fatal(err)
		}
		if got.Interest.Contact.Name != distinctive[0] || got.Interest.City != "Zqy Town" || got.Interest.Skills != distinctive[3] {
			t.Errorf("legacy row read back as %+v", got.Interest)
		}
		var clear string
		var sealed []byte
		if err := db.Reader().QueryRow(`SELECT data, sealed FROM submissions WHERE reference = 'NS-0000-0001'`).Scan(&clear, &sealed); err != nil {
			t.Fatal(err)
		}
		if sealed == nil {
			t.Error("legacy row not sealed at Open")
		}
		mustNotContain(t, "data column", []byte(clear), []byte(distinctive[0]), []byte("Zqy Town"), []byte(distinctive[3]))
		mustNotContain(t, "database files", fileBytes(t, db), []byte(distinctive[0]), []byte(distinctive[1]), []byte("Zqy Town"))
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	ctx, db := context.Background(), MustOpenDB(t)
	e := &senderos.AuditEntry{Actor: "ana@example.org", Action: senderos.AuditView, Outcome: senderos.OutcomeOK}
	if err := sqldb.NewAuditService(db).RecordAudit(ctx, e); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`UPDATE audit_log SET outcome = 'denied'`,
		`DELETE FROM audit_log`,
	} {
		if _, err := db.Writer().Exec(stmt); err == nil {
			t.Errorf("%s succeeded on the append-only log", stmt)
		}
	}
	got, err := sqldb.NewAuditService(db).FindAudit(ctx, senderos.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Outcome != senderos.OutcomeOK {
		t.Errorf("log after refused changes = %+v", got)
	}
}

func TestRekey(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "senderos.db")
	oldKeys, oldKey := storetest.NewKey(t)
	db, err := Open(path, oldKeys)
	if err != nil {
		t.Fatal(err)
	}
	svc, staff := sqldb.NewSubmissionService(db), sqldb.NewStaffService(db)
	s := newDistinctive()
	storetest.MustCreate(t, svc, s)
	st := storetest.MustCreateStaff(t, staff, "ana@example.org", senderos.RoleAdmin)
	st.TOTPSecret = []byte("secret-bytes")
	if err := staff.UpdateStaff(ctx, st); err != nil {
		t.Fatal(err)
	}
	storetest.MustUpdate(t, svc, senderos.SubmissionUpdate{ID: s.ID, Note: "una nota"})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	newKeys, newKey := storetest.NewKey(t)
	db, err = Open(path, storetest.MustKeys(newKey+","+oldKey))
	if err != nil {
		t.Fatal(err)
	}
	var calls [][2]int
	n, err := db.Rekey(ctx, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	} else if n != 3 {
		t.Errorf("re-sealed %d values, want 3 (submission, note, TOTP secret)", n)
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{3, 3} {
		t.Errorf("progress calls %v, want ending with 3 of 3", calls)
	}
	if n, err := db.Rekey(ctx, nil); err != nil || n != 0 {
		t.Errorf("second Rekey = %d, %v; want 0", n, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// The old key can now be dropped.
	db2, err := Open(path, newKeys)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	got, err := sqldb.NewSubmissionService(db2).FindSubmissionByID(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	} else if got.Interest.Contact.Name != distinctive[0] {
		t.Errorf("name = %q after rekeying", got.Interest.Contact.Name)
	}
	events, err := sqldb.NewSubmissionService(db2).FindEvents(ctx, s.ID)
	if err != nil || len(events) != 1 || events[0].Note != "una nota" {
		t.Errorf("events after rekeying = %+v, %v", events, err)
	}
	if got, err := sqldb.NewStaffService(db2).FindStaffByID(ctx, st.ID); err != nil || string(got.TOTPSecret) != "secret-bytes" {
		t.Errorf("staff after rekeying: %v", err)
	}
}

// TestMigration0004 opens a database in the shape it had before migration
// 0004, with a family stored as it was then (languages and children in the
// clear data column, the sealed part without them, the duplicate-form key an
// unsalted hash of the form), and checks that opening it migrates the row:
// everything still reads back, the clear column no longer holds what is now
// sealed, and the old key is gone.
func TestMigration0004(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "senderos.db")
	db := MustOpenDBAt(t, path)
	// Back to the shape of before 0004.
	for _, stmt := range []string{`DROP TABLE notifications`, `DELETE FROM schema_migrations WHERE name = 'migrations/0004_data.sql'`} {
		if _, err := db.Writer().Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	data := `{"adults":2,"children":[{"age":7,"stage":"primary"},{"age":2,"stage":"infant"}],"languages":["ar","fr"],` +
		`"spanish_level":"basic","city":"","province_code":"30","sectors":["care"],"skills":"","driving_licence":false,` +
		`"regions":["07"],"bedrooms":3,"needs_school":true,"needs_health_centre":false,"move_when":"asap","contact":{"name":"","language":"","channel":""}}`
	sealed, err := db.Keys().Seal(record.LabelSubmission, []byte(`{"contact":{"name":"`+distinctive[0]+`","language":"ar","channel":"phone"},"city":"Zqy Town"}`))
	if err != nil {
		t.Fatal(err)
	}
	now := formatTime(time.Now())
	if _, err := db.Writer().Exec(`INSERT INTO submissions (reference, kind, lang, status, idempotency_key, consent_privacy_version,
		consent_lang, consent_at, created_at, updated_at, data, sealed) VALUES ('NS-0000-0004', 'interest', 'es', 'new',
		'sha256:0123abcd', '1', 'es', ?, ?, ?, ?, ?)`, now, now, now, data, sealed); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = MustOpenDBAt(t, path)
	got, err := sqldb.NewSubmissionService(db).FindSubmissionByReference(ctx, "NS-0000-0004")
	if err != nil {
		t.Fatal(err)
	}
	i := got.Interest
	if !slices.Equal(i.Languages, []string{"ar", "fr"}) ||
		!slices.Equal(i.Children, []senderos.Child{{Age: 7, Stage: "primary"}, {Age: 2, Stage: "infant"}}) ||
		i.Contact.Name != distinctive[0] || i.City != "Zqy Town" || i.Adults != 2 || i.Bedrooms != 3 {
		t.Errorf("migrated row reads back as %+v", i)
	}
	if got.IdempotencyKey != "" {
		t.Errorf("idempotency key %q kept: an unsalted hash of the form", got.IdempotencyKey)
	}
	var clear string
	if err := db.Reader().QueryRow(`SELECT data FROM submissions WHERE reference = 'NS-0000-0004'`).Scan(&clear); err != nil {
		t.Fatal(err)
	}
	mustNotContain(t, "data column", []byte(clear), []byte(`"languages"`), []byte(`"age"`), []byte(`"stage"`), []byte("primary"))
	if !strings.Contains(clear, `"children_count":2`) || !strings.Contains(clear, `"regions":["07"]`) {
		t.Errorf("data column lost what the filters need: %s", clear)
	}
	storetest.MustCount(t, sqldb.NewSubmissionService(db), senderos.SubmissionFilter{MinHousehold: 4, MaxHousehold: 4}, 1)
}

package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
)

// Distinctive is personal data no test writes anywhere else, so that
// finding it in a file or a column means it leaked there.
var Distinctive = []string{"Zacarías Quintanilla-Ybarra", "zq.ybarra.7731@example.net", "+34 699 417 233", "Cestería de mimbre zqy"}

// NewDistinctive returns a family whose personal data is Distinctive.
func NewDistinctive() *senderos.Submission {
	s := NewInterest()
	s.Interest.Contact.Name, s.Interest.Contact.Email, s.Interest.Contact.Phone = Distinctive[0], Distinctive[1], Distinctive[2]
	s.Interest.Skills = Distinctive[3]
	return s
}

// DistinctiveHost is a host's personal data no test writes anywhere else.
var DistinctiveHost = []string{"Eustaquia Villarejo-Zqh", "e.villarejo.zqh@example.net", "+34 699 555 918", "Huerto zqh detrás de la iglesia"}

// NewDistinctiveHost returns a host sign-up whose personal data is
// DistinctiveHost.
func NewDistinctiveHost() *senderos.Submission {
	s := NewHost()
	h := s.Host
	h.Contact.Name, h.Contact.Email, h.Contact.Phone, h.About = DistinctiveHost[0], DistinctiveHost[1], DistinctiveHost[2], DistinctiveHost[3]
	return s
}

// MustStoreDistinctive stores in db a Distinctive family with a note, a
// DistinctiveHost, and an account with a TOTP secret, and returns the
// family and the texts that must not be found in the clear.
func MustStoreDistinctive(t *testing.T, db *sqldb.DB) (*senderos.Submission, []string) {
	t.Helper()
	svc, staff := sqldb.NewSubmissionService(db), sqldb.NewStaffService(db)
	s := NewDistinctive()
	MustCreate(t, svc, s)
	st := MustCreateStaff(t, staff, "ana@example.org", senderos.RoleCoordinator)
	st.TOTPSecret = []byte("TOTPSECRETZQY7731xx")
	if err := staff.UpdateStaff(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	MustUpdate(t, svc, senderos.SubmissionUpdate{ID: s.ID, By: st.ID, Note: "Nota zqy: vive con su madre"})
	MustCreate(t, svc, NewDistinctiveHost())
	return s, append(append(slices.Clone(Distinctive), DistinctiveHost...), "TOTPSECRETZQY7731xx", "Nota zqy")
}

// MustNotContain fails the test if any of needles is in haystack.
func MustNotContain(t *testing.T, what, haystack string, needles ...string) {
	t.Helper()
	for _, n := range needles {
		if strings.Contains(haystack, n) {
			t.Errorf("%s contains %q", what, n)
		}
	}
}

// RunSealsRowsOfMigration0001 stores a family as migration 0001 did, its
// whole payload in the clear, and checks that opening the database again
// seals it and that it still reads back. open opens the same database each
// time, closed when tb ends; the database opened again is returned, for
// the engine's own checks.
func RunSealsRowsOfMigration0001(t *testing.T, open func(tb testing.TB) *sqldb.DB) *sqldb.DB {
	t.Helper()
	ctx := context.Background()
	db := open(t)
	data := `{"adults":1,"languages":["es"],"city":"Zqy Town","regions":["07"],"sectors":["care"],"skills":"` +
		Distinctive[3] + `","contact":{"name":"` + Distinctive[0] + `","email":"` + Distinctive[1] + `","language":"es","channel":"email"}}`
	now := time.Now()
	if _, err := db.Exec(ctx, `INSERT INTO submissions (reference, kind, lang, status, consent_privacy_version,
		consent_lang, consent_at, created_at, updated_at, data) VALUES ('NS-0000-0001', 'interest', 'es', 'new', '1', 'es', ?, ?, ?, ?)`,
		now, now, now, data); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = open(t)
	got, err := sqldb.NewSubmissionService(db).FindSubmissionByReference(ctx, "NS-0000-0001")
	if err != nil {
		t.Fatal(err)
	}
	if got.Interest.Contact.Name != Distinctive[0] || got.Interest.City != "Zqy Town" || got.Interest.Skills != Distinctive[3] {
		t.Errorf("legacy row read back as %+v", got.Interest)
	}
	var clear string
	var sealed []byte
	if err := db.Reader().QueryRowContext(ctx, `SELECT data, sealed FROM submissions WHERE reference = 'NS-0000-0001'`).Scan(&clear, &sealed); err != nil {
		t.Fatal(err)
	}
	if sealed == nil {
		t.Error("legacy row not sealed at Open")
	}
	MustNotContain(t, "data column", clear, Distinctive[0], "Zqy Town", Distinctive[3])
	return db
}

// RunMigration0004 opens a database in the shape it had before migration
// 0004, with a family stored as it was then (languages and children in the
// clear data column, the sealed part without them, the duplicate-form key an
// unsalted hash of the form), and checks that opening it migrates the row:
// everything still reads back, the clear column no longer holds what is now
// sealed, and the old key is gone. open opens the same database each time,
// closed when tb ends.
func RunMigration0004(t *testing.T, open func(tb testing.TB) *sqldb.DB) {
	ctx := context.Background()
	db := open(t)
	// Back to the shape of before 0004.
	for _, stmt := range []string{`DROP TABLE notifications`, `DELETE FROM schema_migrations WHERE name = 'migrations/0004_data.sql'`} {
		if _, err := db.Exec(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	data := `{"adults":2,"children":[{"age":7,"stage":"primary"},{"age":2,"stage":"infant"}],"languages":["ar","fr"],` +
		`"spanish_level":"basic","city":"","province_code":"30","sectors":["care"],"skills":"","driving_licence":false,` +
		`"regions":["07"],"bedrooms":3,"needs_school":true,"needs_health_centre":false,"move_when":"asap","contact":{"name":"","language":"","channel":""}}`
	sealed, err := db.Keys().Seal(record.LabelSubmission, []byte(`{"contact":{"name":"`+Distinctive[0]+`","language":"ar","channel":"phone"},"city":"Zqy Town"}`))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := db.Exec(ctx, `INSERT INTO submissions (reference, kind, lang, status, idempotency_key, consent_privacy_version,
		consent_lang, consent_at, created_at, updated_at, data, sealed) VALUES ('NS-0000-0004', 'interest', 'es', 'new',
		'sha256:0123abcd', '1', 'es', ?, ?, ?, ?, ?)`, now, now, now, data, sealed); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = open(t)
	got, err := sqldb.NewSubmissionService(db).FindSubmissionByReference(ctx, "NS-0000-0004")
	if err != nil {
		t.Fatal(err)
	}
	i := got.Interest
	if !slices.Equal(i.Languages, []string{"ar", "fr"}) ||
		!slices.Equal(i.Children, []senderos.Child{{Age: 7, Stage: "primary"}, {Age: 2, Stage: "infant"}}) ||
		i.Contact.Name != Distinctive[0] || i.City != "Zqy Town" || i.Adults != 2 || i.Bedrooms != 3 {
		t.Errorf("migrated row reads back as %+v", i)
	}
	if got.IdempotencyKey != "" {
		t.Errorf("idempotency key %q kept: an unsalted hash of the form", got.IdempotencyKey)
	}
	var clear string
	if err := db.Reader().QueryRowContext(ctx, `SELECT data FROM submissions WHERE reference = 'NS-0000-0004'`).Scan(&clear); err != nil {
		t.Fatal(err)
	}
	MustNotContain(t, "data column", clear, `"languages"`, `"age"`, `"stage"`, "primary")
	// PostgreSQL prints JSONB with spaces.
	if packed := strings.ReplaceAll(clear, " ", ""); !strings.Contains(packed, `"children_count":2`) || !strings.Contains(packed, `"regions":["07"]`) {
		t.Errorf("data column lost what the filters need: %s", clear)
	}
	MustCount(t, sqldb.NewSubmissionService(db), senderos.SubmissionFilter{MinHousehold: 4, MaxHousehold: 4}, 1)
}

// RunAuditLogIsAppendOnly checks that db refuses each of stmts, which
// change or delete the audit log, and that the log is intact after them.
func RunAuditLogIsAppendOnly(t *testing.T, db *sqldb.DB, stmts ...string) {
	ctx := context.Background()
	e := &senderos.AuditEntry{Actor: "ana@example.org", Action: senderos.AuditView, Outcome: senderos.OutcomeOK}
	if err := sqldb.NewAuditService(db).RecordAudit(ctx, e); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range stmts {
		if _, err := db.Exec(ctx, stmt); err == nil {
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

// RunRekey stores sealed values under one key, re-seals them under a new
// one with Rekey, and checks that they read back with the new key alone.
// open opens the same database each time with keys.
func RunRekey(t *testing.T, open func(keys *seal.Keyring) (*sqldb.DB, error)) {
	ctx := context.Background()
	oldKeys, oldKey := NewKey(t)
	db, err := open(oldKeys)
	if err != nil {
		t.Fatal(err)
	}
	svc, staff := sqldb.NewSubmissionService(db), sqldb.NewStaffService(db)
	s := NewDistinctive()
	MustCreate(t, svc, s)
	st := MustCreateStaff(t, staff, "ana@example.org", senderos.RoleAdmin)
	st.TOTPSecret = []byte("secret-bytes")
	if err := staff.UpdateStaff(ctx, st); err != nil {
		t.Fatal(err)
	}
	MustUpdate(t, svc, senderos.SubmissionUpdate{ID: s.ID, Note: "una nota"})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	newKeys, newKey := NewKey(t)
	if db, err = open(MustKeys(newKey + "," + oldKey)); err != nil {
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
	db, err = open(newKeys)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := sqldb.NewSubmissionService(db).FindSubmissionByID(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	} else if got.Interest.Contact.Name != Distinctive[0] {
		t.Errorf("name = %q after rekeying", got.Interest.Contact.Name)
	}
	events, err := sqldb.NewSubmissionService(db).FindEvents(ctx, s.ID)
	if err != nil || len(events) != 1 || events[0].Note != "una nota" {
		t.Errorf("events after rekeying = %+v, %v", events, err)
	}
	if got, err := sqldb.NewStaffService(db).FindStaffByID(ctx, st.ID); err != nil || string(got.TOTPSecret) != "secret-bytes" {
		t.Errorf("staff after rekeying: %v", err)
	}
}

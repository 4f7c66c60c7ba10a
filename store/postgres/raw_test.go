package postgres

import (
	"context"
	"github.com/cepaim/senderos/store/sqldb"
	"slices"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/storetest"
)

// distinctive is personal data no test writes anywhere else.
var distinctive = []string{"Zacarías Quintanilla-Ybarra", "zq.ybarra.7731@example.net", "+34 699 417 233", "Cestería de mimbre zqy"}

// newDistinctive returns a family whose personal data is distinctive.
func newDistinctive() *senderos.Submission {
	s := storetest.NewInterest()
	s.Interest.Contact.Name, s.Interest.Contact.Email, s.Interest.Contact.Phone = distinctive[0], distinctive[1], distinctive[2]
	s.Interest.Skills = distinctive[3]
	return s
}

func TestPersonalDataAtRest(t *testing.T) {
	t.Run("ColumnsHoldNoPlainText", func(t *testing.T) {
		ctx, db := context.Background(), MustOpenDB(t)
		svc, staff := sqldb.NewSubmissionService(db), sqldb.NewStaffService(db)
		s := newDistinctive()
		storetest.MustCreate(t, svc, s)
		st := storetest.MustCreateStaff(t, staff, "ana@example.org", senderos.RoleCoordinator)
		st.TOTPSecret = []byte("TOTPSECRETZQY7731xx")
		if err := staff.UpdateStaff(ctx, st); err != nil {
			t.Fatal(err)
		}
		storetest.MustUpdate(t, svc, senderos.SubmissionUpdate{ID: s.ID, By: st.ID, Note: "Nota zqy: vive con su madre"})

		var raw string
		if err := db.Writer().QueryRowContext(ctx, `SELECT s.data::text || encode(s.sealed, 'escape') || string_agg(coalesce(encode(e.note, 'escape'), ''), '')
			|| (SELECT string_agg(coalesce(encode(totp_secret, 'escape'), ''), '') FROM staff)
			FROM submissions s JOIN events e ON e.submission_id = s.id WHERE s.id = $1 GROUP BY s.id`, s.ID).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(raw, `"regions"`) {
			t.Fatalf("raw columns %q lack the clear part: the query reads the wrong thing", raw)
		}
		for _, d := range append(distinctive, "TOTPSECRETZQY7731xx", "Nota zqy") {
			if strings.Contains(raw, d) {
				t.Errorf("raw columns contain %q", d)
			}
		}
	})

	t.Run("SealsRowsOfMigration0001", func(t *testing.T) {
		ctx := context.Background()
		databaseURL := MustCreateSchema(t)
		db := MustOpenDBAt(t, databaseURL)
		data := `{"adults":1,"city":"Zqy Town","regions":["07"],"skills":"` + distinctive[3] +
			`","contact":{"name":"` + distinctive[0] + `","language":"es","channel":"email"}}`
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO submissions (reference, kind, lang, status, consent_privacy_version,
			consent_lang, consent_at, created_at, updated_at, data) VALUES ('NS-0000-0001', 'interest', 'es', 'new', '1', 'es', now(), now(), now(), $1)`,
			data); err != nil {
			t.Fatal(err)
		}
		db.Close()

		db = MustOpenDBAt(t, databaseURL)
		got, err := sqldb.NewSubmissionService(db).FindSubmissionByReference(ctx, "NS-0000-0001")
		if err != nil {
			t.Fatal(err)
		}
		if got.Interest.Contact.Name != distinctive[0] || got.Interest.City != "Zqy Town" {
			t.Errorf("legacy row read back as %+v", got.Interest)
		}
		var clear string
		var sealed []byte
		if err := db.Writer().QueryRowContext(ctx, `SELECT data::text, sealed FROM submissions WHERE reference = 'NS-0000-0001'`).Scan(&clear, &sealed); err != nil {
			t.Fatal(err)
		}
		if sealed == nil || strings.Contains(clear, distinctive[0]) || strings.Contains(clear, "Zqy Town") {
			t.Errorf("legacy row not sealed at Open: data %s", clear)
		}
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
		`TRUNCATE audit_log`,
	} {
		if _, err := db.Writer().ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s succeeded on the append-only log", stmt)
		}
	}
	if got, err := sqldb.NewAuditService(db).FindAudit(ctx, senderos.AuditFilter{}); err != nil || len(got) != 1 || got[0].Outcome != senderos.OutcomeOK {
		t.Errorf("log after refused changes = %+v, %v", got, err)
	}
}

func TestRekey(t *testing.T) {
	ctx := context.Background()
	databaseURL := MustCreateSchema(t)
	oldKeys, oldKey := storetest.NewKey(t)
	db, err := Open(ctx, databaseURL, oldKeys)
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
	db.Close()

	newKeys, newKey := storetest.NewKey(t)
	db, err = Open(ctx, databaseURL, storetest.MustKeys(newKey+"\n"+oldKey))
	if err != nil {
		t.Fatal(err)
	}
	var last [2]int
	n, err := db.Rekey(ctx, func(done, total int) { last = [2]int{done, total} })
	if err != nil {
		t.Fatal(err)
	} else if n != 3 || last != [2]int{3, 3} {
		t.Errorf("re-sealed %d values, last progress %v; want 3 and 3 of 3", n, last)
	}
	if n, err := db.Rekey(ctx, nil); err != nil || n != 0 {
		t.Errorf("second Rekey = %d, %v; want 0", n, err)
	}
	db.Close()

	db, err = Open(ctx, databaseURL, newKeys)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := sqldb.NewSubmissionService(db).FindSubmissionByID(ctx, s.ID)
	if err != nil || got.Interest.Contact.Name != distinctive[0] {
		t.Errorf("after rekeying: %v", err)
	}
	events, err := sqldb.NewSubmissionService(db).FindEvents(ctx, s.ID)
	if err != nil || len(events) != 1 || events[0].Note != "una nota" {
		t.Errorf("events after rekeying = %+v, %v", events, err)
	}
	if got, err := sqldb.NewStaffService(db).FindStaffByID(ctx, st.ID); err != nil || string(got.TOTPSecret) != "secret-bytes" {
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
	databaseURL := MustCreateSchema(t)
	db := MustOpenDBAt(t, databaseURL)
	// Back to the shape of before 0004.
	if _, err := db.Writer().ExecContext(ctx, `DROP TABLE notifications; DELETE FROM schema_migrations WHERE name = 'migrations/0004_data.sql'`); err != nil {
		t.Fatal(err)
	}
	data := `{"adults":2,"children":[{"age":7,"stage":"primary"},{"age":2,"stage":"infant"}],"languages":["ar","fr"],` +
		`"spanish_level":"basic","city":"","province_code":"30","sectors":["care"],"skills":"","driving_licence":false,` +
		`"regions":["07"],"bedrooms":3,"needs_school":true,"needs_health_centre":false,"move_when":"asap","contact":{"name":"","language":"","channel":""}}`
	sealed, err := db.Keys().Seal(record.LabelSubmission, []byte(`{"contact":{"name":"`+distinctive[0]+`","language":"ar","channel":"phone"},"city":"Zqy Town"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Writer().ExecContext(ctx, `INSERT INTO submissions (reference, kind, lang, status, idempotency_key, consent_privacy_version,
		consent_lang, consent_at, created_at, updated_at, data, sealed) VALUES ('NS-0000-0004', 'interest', 'es', 'new',
		'sha256:0123abcd', '1', 'es', now(), now(), now(), $1, $2)`, data, sealed); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = MustOpenDBAt(t, databaseURL)
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
	if err := db.Writer().QueryRowContext(ctx, `SELECT data::text FROM submissions WHERE reference = 'NS-0000-0004'`).Scan(&clear); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"languages"`, `"age"`, `"stage"`, "primary"} {
		if strings.Contains(clear, s) {
			t.Errorf("data column holds %s: %s", s, clear)
		}
	}
	if !strings.Contains(clear, `"children_count": 2`) || !strings.Contains(clear, `"regions": ["07"]`) {
		t.Errorf("data column lost what the filters need: %s", clear)
	}
	storetest.MustCount(t, sqldb.NewSubmissionService(db), senderos.SubmissionFilter{MinHousehold: 4, MaxHousehold: 4}, 1)
}

package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
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
		svc, staff := NewSubmissionService(db), NewStaffService(db)
		s := newDistinctive()
		storetest.MustCreate(t, svc, s)
		st := storetest.MustCreateStaff(t, staff, "ana@example.org", senderos.RoleCoordinator)
		st.TOTPSecret = []byte("TOTPSECRETZQY7731xx")
		if err := staff.UpdateStaff(ctx, st); err != nil {
			t.Fatal(err)
		}
		storetest.MustUpdate(t, svc, senderos.SubmissionUpdate{ID: s.ID, By: st.ID, Note: "Nota zqy: vive con su madre"})

		var raw string
		if err := db.pool.QueryRow(ctx, `SELECT s.data::text || encode(s.sealed, 'escape') || string_agg(coalesce(encode(e.note, 'escape'), ''), '')
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
		if _, err := db.pool.Exec(ctx, `INSERT INTO submissions (reference, kind, lang, status, consent_privacy_version,
			consent_lang, consent_at, created_at, updated_at, data) VALUES ('NS-0000-0001', 'interest', 'es', 'new', '1', 'es', now(), now(), now(), $1)`,
			data); err != nil {
			t.Fatal(err)
		}
		db.Close()

		db = MustOpenDBAt(t, databaseURL)
		got, err := NewSubmissionService(db).FindSubmissionByReference(ctx, "NS-0000-0001")
		if err != nil {
			t.Fatal(err)
		}
		if got.Interest.Contact.Name != distinctive[0] || got.Interest.City != "Zqy Town" {
			t.Errorf("legacy row read back as %+v", got.Interest)
		}
		var clear string
		var sealed []byte
		if err := db.pool.QueryRow(ctx, `SELECT data::text, sealed FROM submissions WHERE reference = 'NS-0000-0001'`).Scan(&clear, &sealed); err != nil {
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
	if err := NewAuditService(db).RecordAudit(ctx, e); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`UPDATE audit_log SET outcome = 'denied'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
	} {
		if _, err := db.pool.Exec(ctx, stmt); err == nil {
			t.Errorf("%s succeeded on the append-only log", stmt)
		}
	}
	if got, err := NewAuditService(db).FindAudit(ctx, senderos.AuditFilter{}); err != nil || len(got) != 1 || got[0].Outcome != senderos.OutcomeOK {
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
	svc, staff := NewSubmissionService(db), NewStaffService(db)
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
	got, err := NewSubmissionService(db).FindSubmissionByID(ctx, s.ID)
	if err != nil || got.Interest.Contact.Name != distinctive[0] {
		t.Errorf("after rekeying: %v", err)
	}
	events, err := NewSubmissionService(db).FindEvents(ctx, s.ID)
	if err != nil || len(events) != 1 || events[0].Note != "una nota" {
		t.Errorf("events after rekeying = %+v, %v", events, err)
	}
	if got, err := NewStaffService(db).FindStaffByID(ctx, st.ID); err != nil || string(got.TOTPSecret) != "secret-bytes" {
		t.Errorf("staff after rekeying: %v", err)
	}
}

package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
)

// CaseTables are the tables of migration 0008, all of which hang from a
// case.
var CaseTables = []string{"cases", "itinerary_revisions", "goals", "tasks", "agreements", "visits", "visit_goals",
	"followups", "warnings", "feedback", "family_links"}

// MustStoreCase stores in db a case filled by MustFillCase with
// PlantedCase, and returns it.
func MustStoreCase(t *testing.T, db *sqldb.DB) *senderos.Case {
	t.Helper()
	st := ServicesOf(db)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	MustFillCase(t, st, c, tech.ID, PlantedCase)
	return c
}

// CaseSealed returns every sealed value of the case tables, checking that
// each sealed column holds one at least and that none opens to text in the
// clear: a sealed value is ciphertext.
func CaseSealed(t *testing.T, db *sqldb.DB) [][]byte {
	t.Helper()
	var all [][]byte
	for _, col := range record.SealedColumns {
		if !slices.Contains(CaseTables, col.Table) {
			continue
		}
		rows, err := db.Reader().QueryContext(context.Background(), `SELECT `+col.Column+` FROM `+col.Table+` WHERE `+col.Column+` IS NOT NULL`)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				t.Fatal(err)
			}
			MustNotContain(t, col.Table+"."+col.Column, string(b), PlantedCase...)
			all, n = append(all, b), n+1
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("%s.%s holds nothing: the test would prove nothing", col.Table, col.Column)
		}
	}
	return all
}

// MustEraseAndPurge erases the record of case c and purges it.
func MustEraseAndPurge(t *testing.T, db *sqldb.DB, c *senderos.Case) {
	t.Helper()
	svc := sqldb.NewSubmissionService(db)
	if err := svc.EraseSubmission(context.Background(), c.SubmissionID, 0); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Purge(context.Background(), senderos.RetentionPolicy{Now: time.Now().Add(5 * 365 * 24 * time.Hour), Blocked: 4 * 365 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	} else if got.Blocked != 1 {
		t.Fatalf("Purge = %+v, want 1 blocked destroyed", got)
	}
	for _, table := range CaseTables {
		var n int
		if err := db.Reader().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		} else if n != 0 {
			t.Errorf("%d rows left in %s after purge", n, table)
		}
	}
}

// RunRekeyCase stores a filled case under one key, re-seals it under a new
// one with Rekey, and checks that every sealed text of the case reads back
// with the new key alone. open opens the same database each time with
// keys.
func RunRekeyCase(t *testing.T, open func(keys *seal.Keyring) (*sqldb.DB, error)) {
	ctx := context.Background()
	oldKeys, oldKey := NewKey(t)
	db, err := open(oldKeys)
	if err != nil {
		t.Fatal(err)
	}
	c := MustStoreCase(t, db)
	want := len(CaseSealed(t, db))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	newKeys, newKey := NewKey(t)
	if db, err = open(MustKeys(newKey + "," + oldKey)); err != nil {
		t.Fatal(err)
	}
	// The case's record and its history are re-sealed besides.
	if n, err := db.Rekey(ctx, nil); err != nil {
		t.Fatal(err)
	} else if n < want {
		t.Errorf("re-sealed %d values, want at least the case's %d", n, want)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	if db, err = open(newKeys); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := ServicesOf(db)
	var texts []string
	got, err := st.Cases.FindCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts, got.Texts()...)
	revs, err := st.Cases.FindRevisions(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range revs {
		texts = append(texts, r.Texts()...)
	}
	visits, err := st.Cases.FindVisits(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range visits {
		texts = append(texts, v.Texts()...)
	}
	fs, err := st.Cases.FindFollowUps(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Check != nil {
			texts = append(texts, f.Check.Texts()...)
		}
	}
	ws, err := st.Warnings.FindWarnings(ctx, senderos.WarningFilter{CaseID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if w.Closure != nil {
			texts = append(texts, w.Closure.Note)
		}
	}
	fb, err := st.Family.FindFeedback(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fb {
		texts = append(texts, f.Texts()...)
	}
	for _, p := range PlantedCase {
		if !slices.Contains(texts, p) {
			t.Errorf("%q does not read back after rekeying", p)
		}
	}
}

package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

// openSchema returns a function opening the database at a new schema,
// the same each time, closed when tb ends.
func openSchema(t *testing.T) func(tb testing.TB) *sqldb.DB {
	databaseURL := MustCreateSchema(t)
	return func(tb testing.TB) *sqldb.DB { return MustOpenDBAt(tb, databaseURL) }
}

func TestPersonalDataAtRest(t *testing.T) {
	t.Run("ColumnsHoldNoPlainText", func(t *testing.T) {
		ctx, db := context.Background(), MustOpenDB(t)
		s, clear := storetest.MustStoreDistinctive(t, db)
		var raw string
		if err := db.Reader().QueryRowContext(ctx, `SELECT s.data::text || encode(s.sealed, 'escape') || string_agg(coalesce(encode(e.note, 'escape'), ''), '')
			|| (SELECT string_agg(coalesce(encode(totp_secret, 'escape'), ''), '') FROM staff)
			FROM submissions s JOIN events e ON e.submission_id = s.id WHERE s.id = $1 GROUP BY s.id`, s.ID).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(raw, `"regions"`) {
			t.Fatalf("raw columns %q lack the clear part: the query reads the wrong thing", raw)
		}
		storetest.MustNotContain(t, "raw columns", raw, clear...)
	})

	t.Run("CaseColumnsHoldNoPlainText", func(t *testing.T) {
		db := MustOpenDB(t)
		c := storetest.MustStoreCase(t, db)
		storetest.CaseSealed(t, db)
		raw := rawCaseTables(t, db)
		if !strings.Contains(raw, "44216") {
			t.Fatalf("raw tables %q lack the clear part: the query reads the wrong thing", raw)
		}
		storetest.MustNotContain(t, "raw case tables", raw, storetest.PlantedCase...)
		storetest.MustEraseAndPurge(t, db, c)
		if raw := rawCaseTables(t, db); raw != "" {
			t.Errorf("case tables after purge hold %q", raw)
		}
	})

	t.Run("SealsRowsOfMigration0001", func(t *testing.T) {
		storetest.RunSealsRowsOfMigration0001(t, openSchema(t))
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	storetest.RunAuditLogIsAppendOnly(t, MustOpenDB(t),
		`UPDATE audit_log SET outcome = 'denied'`, `DELETE FROM audit_log`, `TRUNCATE audit_log`)
}

func TestRekey(t *testing.T) {
	databaseURL := MustCreateSchema(t)
	storetest.RunRekey(t, func(keys *seal.Keyring) (*DB, error) { return Open(context.Background(), databaseURL, keys) })
}

func TestRekeyCase(t *testing.T) {
	databaseURL := MustCreateSchema(t)
	storetest.RunRekeyCase(t, func(keys *seal.Keyring) (*DB, error) { return Open(context.Background(), databaseURL, keys) })
}

func TestMigration0004(t *testing.T) {
	storetest.RunMigration0004(t, openSchema(t))
}

// rawCaseTables returns every row of the case tables as text, as a person
// reading the tables would see them.
func rawCaseTables(t *testing.T, db *DB) string {
	t.Helper()
	var all strings.Builder
	for _, table := range storetest.CaseTables {
		var raw string
		if err := db.Reader().QueryRowContext(context.Background(),
			`SELECT coalesce(string_agg(t::text, ' '), '') FROM `+table+` t`).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		all.WriteString(raw)
	}
	return all.String()
}

func TestRekeyMatch(t *testing.T) {
	databaseURL := MustCreateSchema(t)
	storetest.RunRekeyMatch(t, func(keys *seal.Keyring) (*DB, error) { return Open(context.Background(), databaseURL, keys) })
}

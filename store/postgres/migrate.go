package postgres

import (
	"embed"

	"github.com/cepaim/senderos/store/sqldb"
)

// migrations are the schema changes, applied in file name order (see
// sqldb.Migrate).
//
//go:embed migrations/*.sql
var migrations embed.FS

// migrationSet is how PostgreSQL keeps track of migrations: an advisory
// lock (key "SEND") keeps two processes starting at once from applying the
// same one.
var migrationSet = sqldb.Migrations{
	Files: migrations, TimeType: "TIMESTAMPTZ", Lock: `SELECT pg_advisory_xact_lock(1397050948)`,
}

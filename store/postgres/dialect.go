package postgres

import (
	"errors"

	"github.com/cepaim/senderos/store/sqldb"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// PostgreSQL error codes the store handles; see
// https://www.postgresql.org/docs/current/errcodes-appendix.html.
const (
	codeUniqueViolation          = "23505"
	codeForeignKeyViolation      = "23503"
	codeCharacterNotInRepertoire = "22021" // e.g. a NUL byte in text
	codeUntranslatableCharacter  = "22P05" // e.g. \u0000 in JSONB
)

// newDialect returns what PostgreSQL does differently; pool is the pool
// under the database/sql one, on which new submissions are sent in
// batches.
func newDialect(pool *pgxpool.Pool) *sqldb.Dialect {
	return &sqldb.Dialect{
		Name:       "postgres",
		Numbered:   true,
		Classify:   classify,
		Greatest:   "GREATEST",
		ForUpdate:  " FOR UPDATE",
		SkipLocked: " FOR UPDATE OF n SKIP LOCKED",
		Planned:    planned,
		Serial:     `SET LOCAL max_parallel_workers_per_gather = 0`,
		MaxGroup:   maxGroup,
		InsertGroup: func(db *sqldb.DB, ins []*sqldb.Insertion) error {
			return insertGroup(pool, db, ins)
		},
	}
}

// classify returns the violation a *pgconn.PgError reports, by its
// SQLSTATE. Text PostgreSQL cannot store, such as a NUL character, which
// SQLite would keep, is UnstorableText.
func classify(err error) sqldb.Violation {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return sqldb.NoViolation
	}
	switch e.Code {
	case codeUniqueViolation:
		return sqldb.UniqueViolation
	case codeForeignKeyViolation:
		return sqldb.ForeignKeyViolation
	case codeCharacterNotInRepertoire, codeUntranslatableCharacter:
		return sqldb.UnstorableText
	}
	return sqldb.NoViolation
}

// planned returns the arguments of a list query with the mode that plans
// it for its values. pgx prepares a statement once per connection, and
// after five runs PostgreSQL may keep a generic plan that ignores the
// values: the family filters (household, regions and sectors together)
// then take twice as long. An unnamed statement is planned at each run.
// Only the lists use it: the inserts keep their prepared plans.
func planned(args []any) []any {
	return append([]any{pgx.QueryExecModeExec}, args...)
}

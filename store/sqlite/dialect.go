package sqlite

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cepaim/senderos/store/sqldb"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// maxGroup is how many submissions one transaction may insert. The groups
// are as large as the requests that arrive during a commit, so this only
// bounds how long a transaction holds the write lock under a flood.
const maxGroup = 128

// newDialect returns what SQLite does differently.
func newDialect() *sqldb.Dialect {
	return &sqldb.Dialect{
		Name:     "sqlite",
		Time:     func(t time.Time) any { return t.Format(sqldb.TimeLayout) },
		Classify: classify,
		Greatest: "max",
		Scrub:    checkpoint,
		MaxGroup: maxGroup,
	}
}

// classify returns the violation a modernc.org/sqlite error reports, by its
// extended result code.
func classify(err error) sqldb.Violation {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return sqldb.NoViolation
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE:
		return sqldb.UniqueViolation
	case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return sqldb.PrimaryKeyViolation
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sqldb.ForeignKeyViolation
	}
	return sqldb.NoViolation
}

// checkpoint copies the write-ahead log into the database file and
// truncates it, so that the bytes of deleted or re-sealed rows, which
// secure_delete overwrote in the file, leave the -wal file too. It fails if
// a reader kept the log from being emptied.
func checkpoint(ctx context.Context, db *sqldb.DB) error {
	var busy, logged, copied int
	if err := db.Writer().QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &copied); err != nil {
		return fmt.Errorf("sqlite: checkpoint: %w", err)
	} else if busy != 0 {
		return fmt.Errorf("sqlite: checkpoint: the write-ahead log is in use; run purge again")
	}
	return nil
}

// Package sqlite opens the portal's store (see store/sqldb) in a SQLite
// database file, through the pure Go driver modernc.org/sqlite: it applies
// its own migrations and gives sqldb what SQLite does differently (times
// stored as text, typed error codes, the checkpoint after a purge).
//
// Personal data is sealed (see store/seal) before it reaches the file, and
// secure_delete overwrites what is deleted, so that purged records leave no
// bytes behind once Purge has checkpointed the write-ahead log.
//
// Every commit is durable before it returns (WAL journal, synchronous=FULL),
// so a reference shown to a person always names a stored row. Writes go
// through a single connection, which is how SQLite serialises writers anyway
// and keeps concurrent requests from failing with SQLITE_BUSY; reads use a
// separate pool that WAL lets run alongside the writer.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// busyTimeout is how long, in milliseconds, a connection waits for a lock
// held by another process (a backup, the sqlite3 shell) before failing.
const busyTimeout = 10000

// DB is an open SQLite database: a single writer connection and a pool of
// read-only ones on the same file, and the services written once over them
// (see store/sqldb).
type DB = sqldb.DB

// Open opens the database file at path, creating it and its directory if
// needed, applies any migrations not yet applied, seals the personal
// data of rows stored before it was sealed and fills in the family rows
// of those stored before migration 0007. path must name a file: an
// in-memory database would differ between the two pools. keys seal and
// open personal data.
func Open(path string, keys *seal.Keyring) (*DB, error) {
	if path == "" || path == ":memory:" {
		return nil, fmt.Errorf("sqlite: a database file path is required, got %q", path)
	}
	if keys.Len() == 0 {
		return nil, errors.New("sqlite: data keys are required")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: create directory: %w", err)
	}

	write, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open writer: %w", err)
	}
	write.SetMaxOpenConns(1)

	// Ping so the writer sets journal_mode=WAL on the file before any
	// reader opens it.
	if err := write.PingContext(context.Background()); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, errors.Join(err, write.Close()))
	}
	d := newDialect()
	if err := sqldb.Migrate(context.Background(), write, d, migrationSet); err != nil {
		return nil, fmt.Errorf("sqlite: migrate %s: %w", path, errors.Join(err, write.Close()))
	}
	read, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open readers: %w", errors.Join(err, write.Close()))
	}
	read.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	read.SetMaxIdleConns(max(4, runtime.GOMAXPROCS(0)))

	db, err := sqldb.New(context.Background(), sqldb.Config{
		Write: write, Read: read, Dialect: d, Keys: keys,
		Close: func() error { return errors.Join(read.Close(), write.Close()) },
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return db, nil
}

// dsn returns the data source name for the file at path with the settings
// every connection needs: durable WAL commits, a busy timeout, foreign keys,
// deleted content overwritten and, for writers, transactions that take the write lock when they begin
// rather than failing to upgrade later.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "secure_delete(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	return path + "?" + q.Encode()
}

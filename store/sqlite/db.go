// Package sqlite stores the portal's submissions, staff accounts, sessions,
// audit log and published profiles in a SQLite database file, through the
// pure Go driver modernc.org/sqlite.
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
//
// New submissions are written by group commit: those that arrive while a
// transaction is being committed are inserted together in the next one,
// which pays for one fsync instead of one each, and each caller is answered
// once that transaction is durable.
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

	"github.com/cepaim/senderos/store/internal/batch"
	"github.com/cepaim/senderos/store/seal"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// busyTimeout is how long, in milliseconds, a connection waits for a lock
// held by another process (a backup, the sqlite3 shell) before failing.
const busyTimeout = 10000

// DB is an open SQLite database: a single writer connection and a pool of
// read-only ones on the same file.
type DB struct {
	path  string
	write *sql.DB
	read  *sql.DB
	keys  *seal.Keyring // seals and opens personal data

	// inserts groups new submissions into shared transactions on write.
	inserts *batch.Committer[*insertion]
}

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

	db := &DB{path: path, keys: keys}
	var err error
	if db.write, err = sql.Open("sqlite", dsn(path, false)); err != nil {
		return nil, fmt.Errorf("sqlite: open writer: %w", err)
	}
	db.write.SetMaxOpenConns(1)

	// Ping so the writer sets journal_mode=WAL on the file before any
	// reader opens it.
	if err := db.write.PingContext(context.Background()); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, errors.Join(err, db.write.Close()))
	}
	if err := migrate(context.Background(), db.write); err != nil {
		return nil, fmt.Errorf("sqlite: migrate %s: %w", path, errors.Join(err, db.write.Close()))
	}
	if err := db.sealLegacy(context.Background()); err != nil {
		return nil, fmt.Errorf("sqlite: seal personal data in %s: %w", path, errors.Join(err, db.write.Close()))
	}

	if err := db.fillFamilies(context.Background()); err != nil {
		return nil, fmt.Errorf("sqlite: fill families in %s: %w", path, errors.Join(err, db.write.Close()))
	}

	if db.read, err = sql.Open("sqlite", dsn(path, true)); err != nil {
		return nil, fmt.Errorf("sqlite: open readers: %w", errors.Join(err, db.write.Close()))
	}
	db.read.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	db.read.SetMaxIdleConns(max(4, runtime.GOMAXPROCS(0)))
	db.inserts = batch.New(maxGroup, db.insertGroup)
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

// Close commits the submissions already queued, then closes both pools.
func (db *DB) Close() error {
	if db.inserts != nil {
		db.inserts.Close()
	}
	var errs []error
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close %s: %w", db.path, err)
	}
	return nil
}

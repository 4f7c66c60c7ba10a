// Package sqldb is the portal's one SQL store: every service (submissions,
// staff accounts, sessions, the audit log, published profiles, the outbox of
// notifications) written once over database/sql, for SQLite and PostgreSQL.
//
// What really differs between the engines is a Dialect, which the packages
// store/sqlite and store/postgres give to New with their connections:
// placeholders, how a time is stored, which driver error is which
// violation, row locks, and the engine's own work after a purge or a rekey.
// Queries are written with ? placeholders; a Dialect that numbers them
// ($1, $2…) gets them rewritten once and cached.
//
// Personal data is sealed (see store/seal) before it reaches the database,
// and every commit is durable before it returns: the engine packages open
// their connections so.
//
// New submissions are written by group commit: those that arrive while a
// transaction is being committed are inserted together in the next one,
// which pays for one durable flush instead of one each, and each caller is
// answered once that transaction is durable.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cepaim/senderos/store/internal/batch"
	"github.com/cepaim/senderos/store/seal"
)

// DB is an open database: the connections an engine package opened, its
// Dialect and the keys that seal personal data.
type DB struct {
	write   handle // the writer: SQLite's single connection, or the pool
	read    handle // the readers: SQLite's read-only pool, or the same pool
	dialect *Dialect
	keys    *seal.Keyring // seals and opens personal data

	// inserts groups new submissions into shared transactions.
	inserts *batch.Committer[*Insertion]

	closers []func() error
}

// Config is what New needs of an engine package.
type Config struct {
	// Write runs transactions and every change; Read runs the queries
	// that change nothing. They may be the same pool.
	Write, Read *sql.DB
	// Dialect says what the engine does differently.
	Dialect *Dialect
	// Keys seal and open personal data.
	Keys *seal.Keyring
	// Close is called last by DB.Close, to close what the engine opened.
	Close func() error
}

// New returns a DB on the connections of c. It seals the personal data of
// rows stored before it was sealed and fills in the family rows of those
// stored before migration 0007: the engine package applies its migrations
// first. On error, c.Close is called.
func New(ctx context.Context, c Config) (*DB, error) {
	if c.Keys.Len() == 0 {
		return nil, errors.Join(errors.New("data keys are required"), c.Close())
	}
	d := c.Dialect
	db := &DB{write: handle{c.Write, d}, read: handle{c.Read, d}, dialect: d, keys: c.Keys, closers: []func() error{c.Close}}
	if err := db.sealLegacy(ctx); err != nil {
		return nil, fmt.Errorf("seal personal data: %w", errors.Join(err, c.Close()))
	}
	if err := db.fillFamilies(ctx); err != nil {
		return nil, fmt.Errorf("fill families: %w", errors.Join(err, c.Close()))
	}
	db.inserts = batch.New(d.MaxGroup, db.InsertGroup)
	return db, nil
}

// Close commits the submissions already queued, then closes the
// connections.
func (db *DB) Close() error {
	if db.inserts != nil {
		db.inserts.Close()
	}
	var errs []error
	for _, c := range db.closers {
		errs = append(errs, c())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%s: close: %w", db.dialect.Name, err)
	}
	return nil
}

// Keys returns the keys that seal and open personal data.
func (db *DB) Keys() *seal.Keyring { return db.keys }

// errorf wraps err with the engine's name and what failed.
func (db *DB) errorf(what string, err error) error {
	return fmt.Errorf("%s: %s: %w", db.dialect.Name, what, err)
}

// Writer returns the pool that writes, for what an engine does of its own
// (a checkpoint, say). Its queries are sent as written.
func (db *DB) Writer() *sql.DB { return db.write.db }

// Reader returns the pool that reads. Its queries are sent as written.
func (db *DB) Reader() *sql.DB { return db.read.db }

// Exec runs query, written with ? placeholders, on the writer, with times
// in args as the engine stores them: for what an engine or a test writes
// by hand.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.write.ExecContext(ctx, query, args...)
}

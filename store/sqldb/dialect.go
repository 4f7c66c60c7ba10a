package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cepaim/senderos/store/internal/record"
)

// Violation is the kind of constraint a driver error says a statement
// broke, as a Dialect classifies it from the driver's typed error.
type Violation int

// The violations the store handles.
const (
	NoViolation Violation = iota
	UniqueViolation
	PrimaryKeyViolation
	ForeignKeyViolation
	// UnstorableText is text the engine cannot store, such as a NUL
	// character in PostgreSQL.
	UnstorableText
)

// Dialect is what differs between the engines. The engine packages fill
// one in; the zero value of each field is SQLite's behaviour where one is
// named.
type Dialect struct {
	// Name prefixes errors: "sqlite", "postgres".
	Name string
	// Numbered says placeholders are $1, $2… rather than ?.
	Numbered bool
	// Time returns a time, in UTC and truncated to microseconds, as the
	// engine stores it; nil if the driver takes a time.Time as it is.
	Time func(time.Time) any
	// Classify returns the violation a driver error reports, from the
	// driver's typed error, or NoViolation.
	Classify func(error) Violation
	// Greatest is the name of the function returning the greater of
	// its arguments: max in SQLite, GREATEST in PostgreSQL.
	Greatest string
	// ForUpdate is appended to a SELECT in a transaction that changes
	// the rows it reads, to lock them; SQLite's writer holds the whole
	// database and needs none.
	ForUpdate string
	// SkipLocked is appended to the SELECT of notifications to claim,
	// so that replicas claiming at once pass over each other's rows.
	SkipLocked string
	// Planned returns the arguments of a list query, with what makes
	// the engine plan it for its values if it needs to be told.
	Planned func(args []any) []any
	// Serial, if set, is run first in a read transaction whose queries
	// gather many rows into a few (the work queue's counts), so that the
	// engine plans them without parallel workers: on a busy server,
	// starting workers for a query of a few milliseconds costs more than
	// they save.
	Serial string
	// Scrub is called after rows holding personal data were deleted or
	// re-sealed, so that no copy of them is left behind (SQLite's
	// write-ahead log); nil if the engine needs nothing.
	Scrub func(ctx context.Context, db *DB) error
	// MaxGroup is how many submissions one insert transaction may hold.
	MaxGroup int
	// InsertGroup, if set, replaces the portable group commit of new
	// submissions (see DB.InsertGroup) with the engine's own.
	InsertGroup func(db *DB, ins []*Insertion) error

	rebound sync.Map // query with ? → numbered
}

// rebind returns q with its ? placeholders numbered if the dialect wants
// them so. A ? inside a quoted string is left alone.
func (d *Dialect) rebind(q string) string {
	if !d.Numbered || !strings.Contains(q, "?") {
		return q
	}
	if r, ok := d.rebound.Load(q); ok {
		return r.(string)
	}
	var b strings.Builder
	n, quoted := 0, false
	for _, c := range q {
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	r := b.String()
	d.rebound.Store(q, r)
	return r
}

// args returns args with times in the engine's time type.
func (d *Dialect) args(args []any) []any {
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			args[i] = record.Time(t)
			if d.Time != nil {
				args[i] = d.Time(record.Time(t))
			}
		}
	}
	return args
}

// is reports whether err is the violation v.
func (d *Dialect) is(err error, v Violation) bool {
	return err != nil && d.Classify(err) == v
}

// Is reports whether err is the violation v in db's engine.
func (db *DB) Is(err error, v Violation) bool { return db.dialect.is(err, v) }

// querier is what is common to a pool and a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// handle is a pool whose queries are written in the portable form.
type handle struct {
	db *sql.DB
	d  *Dialect
}

// ExecContext runs query, rebound, with args.
func (h handle) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return h.db.ExecContext(ctx, h.d.rebind(query), h.d.args(args)...)
}

// QueryContext runs query, rebound, with args.
func (h handle) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return h.db.QueryContext(ctx, h.d.rebind(query), h.d.args(args)...)
}

// QueryRowContext runs query, rebound, with args.
func (h handle) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return h.db.QueryRowContext(ctx, h.d.rebind(query), h.d.args(args)...)
}

// BeginTx begins a transaction whose queries are written in the portable
// form.
func (h handle) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := h.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Tx{tx, h.d}, nil
}

// Tx is a transaction whose queries are written with ? placeholders.
type Tx struct {
	tx *sql.Tx
	d  *Dialect
}

// ExecContext runs query, rebound, with args.
func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.d.rebind(query), t.d.args(args)...)
}

// QueryContext runs query, rebound, with args.
func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.d.rebind(query), t.d.args(args)...)
}

// QueryRowContext runs query, rebound, with args.
func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.d.rebind(query), t.d.args(args)...)
}

// Commit commits the transaction.
func (t *Tx) Commit() error { return t.tx.Commit() }

// Rollback rolls the transaction back.
func (t *Tx) Rollback() error { return t.tx.Rollback() }

// planned returns the arguments of a list query as the engine wants them.
func (d *Dialect) planned(args []any) []any {
	if d.Planned == nil {
		return args
	}
	return d.Planned(args)
}

// errorf wraps err with the engine's name and what failed.
func (t *Tx) errorf(what string, err error) error {
	return fmt.Errorf("%s: %s: %w", t.d.Name, what, err)
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
)

// Bulk is a transaction that loads many rows at once through statements
// prepared once, written with ? placeholders and times as they are: for
// fixtures of benchmarks and imports, where a transaction per row would
// take minutes.
type Bulk struct {
	ctx   context.Context
	tx    *sql.Tx
	d     *Dialect
	stmts []*sql.Stmt
}

// BulkStmt is a statement prepared in a Bulk.
type BulkStmt struct {
	b  *Bulk
	st *sql.Stmt
}

// Bulk runs load in one transaction on the writer and commits it if load
// returns nil.
func (db *DB) Bulk(ctx context.Context, load func(b *Bulk) error) error {
	tx, err := db.write.db.BeginTx(ctx, nil)
	if err != nil {
		return db.errorf("bulk", err)
	}
	b := &Bulk{ctx: ctx, tx: tx, d: db.dialect}
	err = load(b)
	for _, st := range b.stmts {
		err = errors.Join(err, st.Close())
	}
	if err != nil {
		return errors.Join(db.errorf("bulk", err), tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return db.errorf("bulk", err)
	}
	return nil
}

// Prepare prepares query in the transaction.
func (b *Bulk) Prepare(query string) (*BulkStmt, error) {
	st, err := b.tx.PrepareContext(b.ctx, b.d.rebind(query))
	if err != nil {
		return nil, err
	}
	b.stmts = append(b.stmts, st)
	return &BulkStmt{b, st}, nil
}

// Exec runs the statement with args.
func (s *BulkStmt) Exec(args ...any) error {
	_, err := s.st.ExecContext(s.b.ctx, s.b.d.args(args)...)
	return err
}

// ID runs the statement, an INSERT … RETURNING id, with args and returns
// the id.
func (s *BulkStmt) ID(args ...any) (int64, error) {
	var id int64
	err := s.st.QueryRowContext(s.b.ctx, s.b.d.args(args)...).Scan(&id)
	return id, err
}

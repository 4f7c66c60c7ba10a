package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure AuditService implements the domain interface.
var _ senderos.AuditService = (*AuditService)(nil)

// AuditService keeps the audit log in a DB. Triggers refuse any UPDATE or
// DELETE of the log, whoever sends it.
type AuditService struct {
	db *DB

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// NewAuditService returns an AuditService on db.
func NewAuditService(db *DB) *AuditService {
	return &AuditService{db: db, Now: time.Now}
}

// RecordAudit appends e and sets its ID, and At if zero. Returns EINVALID
// when e has no actor, action or outcome.
func (svc *AuditService) RecordAudit(ctx context.Context, e *senderos.AuditEntry) error {
	if err := record.ValidateAudit(e); err != nil {
		return err
	}
	if e.At.IsZero() {
		e.At = svc.Now()
	}
	return insertAudit(ctx, svc.db.write, svc.db.dialect, e)
}

// insertAudit appends e, valid and with its time set, on db: the writer,
// or a transaction that records what it audits.
func insertAudit(ctx context.Context, db querier, d *Dialect, e *senderos.AuditEntry) error {
	e.At = record.Time(e.At)
	err := db.QueryRowContext(ctx, `INSERT INTO audit_log (at, staff_id, actor, action, target, outcome, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.At, sql.NullInt64{Int64: e.StaffID, Valid: e.StaffID != 0},
		e.Actor, e.Action, e.Target, e.Outcome, e.Detail).Scan(&e.ID)
	if d.is(err, UnstorableText) {
		return senderos.Errorf(senderos.EINVALID, "The audit entry contains characters that cannot be stored.")
	} else if err != nil {
		return fmt.Errorf("%s: record audit: %w", d.Name, err)
	}
	return nil
}

// FindAudit lists the entries matching filter, newest first, at most
// filter.Limit of them (100 if unset).
func (svc *AuditService) FindAudit(ctx context.Context, filter senderos.AuditFilter) ([]*senderos.AuditEntry, error) {
	conds, args := []string{"1 = 1"}, []any{}
	if filter.StaffID != 0 {
		conds, args = append(conds, "staff_id = ?"), append(args, filter.StaffID)
	}
	if filter.Action != "" {
		conds, args = append(conds, "action = ?"), append(args, filter.Action)
	}
	if filter.Target != "" {
		conds, args = append(conds, "target = ?"), append(args, filter.Target)
	}
	args = append(args, record.Bound(filter.Limit), max(filter.Offset, 0))
	rows, err := svc.db.read.QueryContext(ctx, `SELECT id, at, staff_id, actor, action, target, outcome, detail
		FROM audit_log WHERE `+strings.Join(conds, " AND ")+` ORDER BY id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, svc.db.errorf("find audit", err)
	}
	defer rows.Close()
	entries := []*senderos.AuditEntry{}
	for rows.Next() {
		var e senderos.AuditEntry
		var staff sql.NullInt64
		if err := rows.Scan(&e.ID, at(&e.At), &staff, &e.Actor, &e.Action, &e.Target, &e.Outcome, &e.Detail); err != nil {
			return nil, svc.db.errorf("find audit", err)
		}
		e.StaffID = staff.Int64
		entries = append(entries, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, svc.db.errorf("find audit", err)
	}
	return entries, nil
}

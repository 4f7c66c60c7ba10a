package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure AuditService implements the domain interface.
var _ senderos.AuditService = (*AuditService)(nil)

// AuditService keeps the audit log in a DB. Triggers refuse any UPDATE,
// DELETE or TRUNCATE of the log, whoever sends it.
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
	return insertAudit(ctx, svc.db.pool, e)
}

// insertAudit appends e, valid and with its time set, on db: the pool, or
// a transaction that records what it audits.
func insertAudit(ctx context.Context, db querier, e *senderos.AuditEntry) error {
	e.At = record.Time(e.At)
	err := db.QueryRow(ctx, `INSERT INTO audit_log (at, staff_id, actor, action, target, outcome, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, e.At, nullInt(e.StaffID),
		e.Actor, e.Action, e.Target, e.Outcome, e.Detail).Scan(&e.ID)
	if isUnstorableText(err) {
		return senderos.Errorf(senderos.EINVALID, "The audit entry contains characters that cannot be stored.")
	} else if err != nil {
		return fmt.Errorf("postgres: record audit: %w", err)
	}
	return nil
}

// FindAudit lists the entries matching filter, newest first, at most
// filter.Limit of them (100 if unset).
func (svc *AuditService) FindAudit(ctx context.Context, filter senderos.AuditFilter) ([]*senderos.AuditEntry, error) {
	conds, args := []string{"TRUE"}, []any{}
	add := func(cond string, arg any) {
		args = append(args, arg)
		conds = append(conds, cond+" $"+strconv.Itoa(len(args)))
	}
	if filter.StaffID != 0 {
		add("staff_id =", filter.StaffID)
	}
	if filter.Action != "" {
		add("action =", filter.Action)
	}
	if filter.Target != "" {
		add("target =", filter.Target)
	}
	args = append(args, record.Bound(filter.Limit), max(filter.Offset, 0))
	rows, err := svc.db.pool.Query(ctx, `SELECT id, at, staff_id, actor, action, target, outcome, detail
		FROM audit_log WHERE `+strings.Join(conds, " AND ")+` ORDER BY id DESC
		LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: find audit: %w", err)
	}
	defer rows.Close()
	entries := []*senderos.AuditEntry{}
	for rows.Next() {
		var e senderos.AuditEntry
		var staff *int64
		if err := rows.Scan(&e.ID, &e.At, &staff, &e.Actor, &e.Action, &e.Target, &e.Outcome, &e.Detail); err != nil {
			return nil, fmt.Errorf("postgres: find audit: %w", err)
		}
		e.At = e.At.UTC()
		if staff != nil {
			e.StaffID = *staff
		}
		entries = append(entries, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: find audit: %w", err)
	}
	return entries, nil
}

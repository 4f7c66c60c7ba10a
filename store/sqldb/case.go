package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure CaseService implements the domain interface.
var _ senderos.CaseService = (*CaseService)(nil)

// CaseService keeps families' cases in a DB: the interview and the
// household (sealed together in cases.sealed), the itinerary's revisions,
// visits, the move and follow-ups. A case is hidden from every call once
// its submission is blocked (erased), and deleted with it by cascade when
// it is purged.
type CaseService struct {
	db *DB
}

// NewCaseService returns a CaseService on db.
func NewCaseService(db *DB) *CaseService {
	return &CaseService{db: db}
}

// caseColumns are the columns scanCase reads, in its order, from cases c
// joined with their submissions s.
const caseColumns = `c.id, c.submission_id, s.reference, s.assignee_id, c.opened_at, c.opened_by,
	c.moved_on, c.municipality_code, c.last_contact_at, c.closed_at, c.sealed`

// caseFrom is the FROM clause of a case's queries: a case shows only while
// its record is not erased.
const caseFrom = ` FROM cases c JOIN submissions s ON s.id = c.submission_id WHERE s.blocked_at IS NULL AND `

// OpenCase opens the case of family record submissionID, with an audit
// entry, in one transaction. See senderos.CaseService.
func (svc *CaseService) OpenCase(ctx context.Context, submissionID, by int64, now time.Time) (*senderos.Case, error) {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("open case", err)
	}
	defer tx.Rollback()

	sub, err := svc.db.findOne(ctx, tx, `id = ? AND blocked_at IS NULL`+svc.db.dialect.ForUpdate, submissionID)
	if err != nil {
		return nil, err
	} else if sub.Kind != senderos.KindInterest {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Family record not found.")
	} else if !senderos.CanOpenCase(sub) {
		return nil, senderos.Errorf(senderos.ECONFLICT, "A case is opened once the family is interviewed.")
	}
	now = record.Time(now)
	c := &senderos.Case{SubmissionID: sub.ID, Reference: sub.Reference, AssigneeID: sub.AssigneeID, OpenedAt: now, OpenedBy: by}
	err = tx.QueryRowContext(ctx, `INSERT INTO cases (submission_id, opened_at, opened_by, assignee_id, updated_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, sub.ID, now, nullID(by), nullID(sub.AssigneeID), now).Scan(&c.ID)
	switch {
	case svc.db.Is(err, UniqueViolation):
		return nil, senderos.Errorf(senderos.ECONFLICT, "The family has a case already.")
	case svc.db.Is(err, ForeignKeyViolation):
		return nil, senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	case err != nil:
		return nil, svc.db.errorf("open case", err)
	}
	if err := svc.db.auditCase(ctx, tx, by, senderos.AuditCaseOpen, c, "opened", now); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, svc.db.errorf("open case", err)
	}
	return c, nil
}

// FindCase returns case id, or ENOTFOUND, also when its record is erased.
func (svc *CaseService) FindCase(ctx context.Context, id int64) (*senderos.Case, error) {
	return svc.db.findCase(ctx, svc.db.read, `c.id = ?`, id)
}

// FindCaseBySubmission returns the case of record submissionID, or
// ENOTFOUND, also when the record is erased.
func (svc *CaseService) FindCaseBySubmission(ctx context.Context, submissionID int64) (*senderos.Case, error) {
	return svc.db.findCase(ctx, svc.db.read, `c.submission_id = ?`, submissionID)
}

// SaveInterview replaces the interview and the household of case id, with
// an audit entry, in one transaction. See senderos.CaseService.
func (svc *CaseService) SaveInterview(ctx context.Context, id, by int64, iv senderos.Interview, household []senderos.Member, now time.Time) (*senderos.Case, error) {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("save interview", err)
	}
	defer tx.Rollback()

	c, err := svc.db.lockCase(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if p := append(iv.Validate(now), senderos.ValidateHousehold(household)...); len(p) > 0 {
		return nil, p
	}
	iv.At = record.Time(iv.At)
	sealed, err := record.SealJSON(svc.db.keys, record.LabelCase, record.CasePrivate{Interview: iv, Household: household})
	if err != nil {
		return nil, err
	}
	now = record.Time(now)
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET sealed = ?, interview_on = ?, updated_at = ? WHERE id = ?`,
		sealed, dayOf(iv.At), now, id); err != nil {
		return nil, svc.db.errorf("save interview", err)
	}
	if err := svc.db.auditCase(ctx, tx, by, senderos.AuditCaseChange, c, "interview", now); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, svc.db.errorf("save interview", err)
	}
	c.Interview, c.Household = iv, household
	return c, nil
}

// findCase returns the one case in q matching where, or ENOTFOUND. q is
// the reader pool, or the writer's transaction.
func (db *DB) findCase(ctx context.Context, q querier, where string, args ...any) (*senderos.Case, error) {
	c, err := db.scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+caseFrom+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Case not found.")
	} else if err != nil {
		return nil, db.errorf("find case", err)
	}
	return c, nil
}

// lockCase returns case id in tx, locking its row (and its record's) until
// tx ends, or ENOTFOUND: changes to one case are serialised.
func (db *DB) lockCase(ctx context.Context, tx *Tx, id int64) (*senderos.Case, error) {
	return db.findCase(ctx, tx, `c.id = ?`+db.dialect.ForUpdate, id)
}

// scanCase reads one row of caseColumns and opens its sealed part.
func (db *DB) scanCase(row interface{ Scan(...any) error }) (*senderos.Case, error) {
	var (
		c                  senderos.Case
		assignee, openedBy sql.NullInt64
		sealed             []byte
	)
	if err := row.Scan(&c.ID, &c.SubmissionID, &c.Reference, &assignee, at(&c.OpenedAt), &openedBy,
		day(&c.MovedOn), &c.Municipality, at(&c.LastContactAt), at(&c.ClosedAt), &sealed); err != nil {
		return nil, err
	}
	c.AssigneeID, c.OpenedBy = assignee.Int64, openedBy.Int64
	var p record.CasePrivate
	if err := record.OpenJSON(db.keys, record.LabelCase, sealed, &p); err != nil {
		return nil, err
	}
	c.Interview, c.Household = p.Interview, p.Household
	if !c.Interview.At.IsZero() {
		c.Interview.At = c.Interview.At.UTC()
	}
	return &c, nil
}

// auditCase records in tx that staff account by did action on case c at
// now; detail names what, never the family's data. Returns EINVALID for
// an unknown account.
func (db *DB) auditCase(ctx context.Context, tx *Tx, by int64, action string, c *senderos.Case, detail string, now time.Time) error {
	actor := "family"
	if by != 0 {
		err := tx.QueryRowContext(ctx, `SELECT email FROM staff WHERE id = ?`, by).Scan(&actor)
		if errors.Is(err, sql.ErrNoRows) {
			return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
		} else if err != nil {
			return db.errorf("audit case", err)
		}
	}
	return insertAudit(ctx, tx, db.dialect, &senderos.AuditEntry{At: now, StaffID: by, Actor: actor, Action: action,
		Target: c.Reference, Outcome: senderos.OutcomeOK, Detail: "case:" + strconv.FormatInt(c.ID, 10) + " " + detail})
}

// touchCase marks case id changed at now, and, if contact is not zero,
// in touch with the family then.
func touchCase(ctx context.Context, tx *Tx, id int64, now, contact time.Time) error {
	q, args := `UPDATE cases SET updated_at = ? WHERE id = ?`, []any{now, id}
	if !contact.IsZero() {
		q = `UPDATE cases SET updated_at = ?, last_contact_at = CASE WHEN last_contact_at IS NULL OR last_contact_at < ?
			THEN ? ELSE last_contact_at END WHERE id = ?`
		args = []any{now, contact, contact, id}
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return tx.errorf("update case", err)
	}
	return nil
}

// nullID returns id as an argument, or NULL for 0.
func nullID(id int64) sql.NullInt64 {
	return sql.NullInt64{Int64: id, Valid: id != 0}
}

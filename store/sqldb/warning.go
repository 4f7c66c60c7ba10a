package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure WarningService implements the domain interface.
var _ senderos.WarningService = (*WarningService)(nil)

// WarningService raises, lists and closes early warnings in a DB and
// builds the work queue. Warnings of a case whose record is erased are
// hidden, and purged with it.
type WarningService struct {
	db *DB

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// NewWarningService returns a WarningService on db.
func NewWarningService(db *DB) *WarningService {
	return &WarningService{db: db, Now: time.Now}
}

// RaiseWarnings applies senderos.Warnings to every open case at now and
// stores the warnings not stored yet, and returns how many it stored. It
// reads only the clear columns the rules need, opening nothing sealed.
// Each warning is inserted with ON CONFLICT DO NOTHING against the unique
// key of its Key's parts, so that replicas raising at once store it once:
// the one whose insert lands first counts it.
func (svc *WarningService) RaiseWarnings(ctx context.Context, now time.Time, rules senderos.WarningRules) (int, error) {
	snaps, err := svc.snapshots(ctx)
	if err != nil {
		return 0, svc.db.errorf("raise warnings", err)
	}
	stored, err := svc.storedKeys(ctx)
	if err != nil {
		return 0, svc.db.errorf("raise warnings", err)
	}
	now = record.Time(now)
	var fresh []*senderos.Warning
	for _, s := range snaps {
		for _, w := range senderos.Warnings(*s, now, rules) {
			if !stored[w.Key()] {
				fresh = append(fresh, w)
			}
		}
	}
	if len(fresh) == 0 {
		return 0, nil
	}
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, svc.db.errorf("raise warnings", err)
	}
	defer tx.Rollback()
	n := 0
	for _, w := range fresh {
		why, err := json.Marshal(w.Why)
		if err != nil {
			return 0, err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO warnings (case_id, kind, subject_kind, subject_id, since_on, why, raised_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			w.CaseID, w.Kind, w.Subject.Kind, w.Subject.ID, dayOf(since(w)), string(why), now)
		if svc.db.Is(err, ForeignKeyViolation) {
			continue // the case was purged meanwhile
		} else if err != nil {
			return 0, svc.db.errorf("raise warnings", err)
		}
		if k, err := res.RowsAffected(); err != nil {
			return 0, svc.db.errorf("raise warnings", err)
		} else {
			n += int(k)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, svc.db.errorf("raise warnings", err)
	}
	return n, nil
}

// since returns the day a warning's trouble began, the last part of its
// Key.
func since(w *senderos.Warning) time.Time {
	if !w.Why.Due.IsZero() {
		return w.Why.Due
	}
	return w.Why.Since
}

// snapshots returns what the rules read of every open case whose record is
// not erased: the case's days, its current goals, its follow-ups and its
// visits done, without their sealed texts.
func (svc *WarningService) snapshots(ctx context.Context) ([]*senderos.Snapshot, error) {
	tx, err := svc.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	const open = ` JOIN cases c ON c.id = x.case_id WHERE c.blocked_at IS NULL AND c.closed_at IS NULL`
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.opened_at, c.moved_on, c.last_contact_at FROM cases c
		WHERE c.blocked_at IS NULL AND c.closed_at IS NULL ORDER BY c.id`)
	if err != nil {
		return nil, err
	}
	var out []*senderos.Snapshot
	byCase := map[int64]*senderos.Snapshot{}
	for rows.Next() {
		var c senderos.Case
		if err := rows.Scan(&c.ID, at(&c.OpenedAt), day(&c.MovedOn), at(&c.LastContactAt)); err != nil {
			rows.Close()
			return nil, err
		}
		s := &senderos.Snapshot{Case: &c}
		out, byCase[c.ID] = append(out, s), s
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, err
	}
	each := func(query string, scan func(s *senderos.Snapshot, rows *sql.Rows) error) error {
		rows, err := tx.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var s senderos.Snapshot
			if err := scan(&s, rows); err != nil {
				return err
			}
			if s.Case != nil {
				id = s.Case.ID
			}
			if snap := byCase[id]; snap != nil {
				snap.Goals = append(snap.Goals, s.Goals...)
				snap.FollowUps = append(snap.FollowUps, s.FollowUps...)
				snap.Visits = append(snap.Visits, s.Visits...)
			}
		}
		return rows.Err()
	}
	if err := each(`SELECT x.case_id, x.number, x.status, x.due_on FROM goals x`+open+` AND x.current
		AND x.status NOT IN ('achieved', 'dropped')`, func(s *senderos.Snapshot, rows *sql.Rows) error {
		var g senderos.Goal
		s.Case = &senderos.Case{}
		s.Goals = []senderos.Goal{g}
		return rows.Scan(&s.Case.ID, &s.Goals[0].Number, &s.Goals[0].Status, day(&s.Goals[0].Due))
	}); err != nil {
		return nil, err
	}
	if err := each(`SELECT x.case_id, x.id, x.month, x.due_on, x.done_on, x.job_lost, x.housing_problem, x.intends_to_stay
		FROM followups x`+open, func(s *senderos.Snapshot, rows *sql.Rows) error {
		f := &senderos.FollowUp{}
		var jobLost, housing sql.NullBool
		var stay sql.NullString
		s.Case = &senderos.Case{}
		if err := rows.Scan(&s.Case.ID, &f.ID, &f.Month, day(&f.Due), day(&f.DoneOn), &jobLost, &housing, &stay); err != nil {
			return err
		}
		if f.Done() {
			f.Check = &senderos.Check{JobLost: jobLost.Bool, HousingProblem: housing.Bool, IntendsToStay: stay.String}
		}
		f.CaseID, s.FollowUps = s.Case.ID, []*senderos.FollowUp{f}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each(`SELECT x.case_id, MAX(x.visit_on) FROM visits x`+open+` AND x.done GROUP BY x.case_id`,
		func(s *senderos.Snapshot, rows *sql.Rows) error {
			v := &senderos.Visit{Done: true}
			s.Case, s.Visits = &senderos.Case{}, []*senderos.Visit{v}
			return rows.Scan(&s.Case.ID, day(&v.On))
		}); err != nil {
		return nil, err
	}
	return out, nil
}

// storedKeys returns the Keys of the warnings stored on open cases.
func (svc *WarningService) storedKeys(ctx context.Context) (map[string]bool, error) {
	rows, err := svc.db.read.QueryContext(ctx, `SELECT w.case_id, w.kind, w.subject_kind, w.subject_id, w.since_on
		FROM warnings w JOIN cases c ON c.id = w.case_id WHERE c.closed_at IS NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	keys := map[string]bool{}
	for rows.Next() {
		var w senderos.Warning
		if err := rows.Scan(&w.CaseID, &w.Kind, &w.Subject.Kind, &w.Subject.ID, day(&w.Why.Since)); err != nil {
			return nil, err
		}
		keys[w.Key()] = true
	}
	return keys, rows.Err()
}

// warningColumns are the columns scanWarning reads, from warnings w.
const warningColumns = `w.id, w.case_id, w.kind, w.subject_kind, w.subject_id, w.why, w.raised_at, w.closed_at, w.closed_by, w.close_note`

// warningFrom joins warnings w with their case c, hidden once its record
// is erased.
const warningFrom = ` FROM warnings w JOIN cases c ON c.id = w.case_id WHERE c.blocked_at IS NULL`

// FindWarnings lists the warnings matching filter, newest first, at most
// filter.Limit of them (100 if unset) after filter.Offset.
func (svc *WarningService) FindWarnings(ctx context.Context, filter senderos.WarningFilter) ([]*senderos.Warning, error) {
	var conds []string
	var args []any
	if filter.CaseID != 0 {
		conds, args = append(conds, `w.case_id = ?`), append(args, filter.CaseID)
	}
	if filter.AssigneeID != 0 {
		conds, args = append(conds, `c.assignee_id = ?`), append(args, filter.AssigneeID)
	}
	if filter.Open {
		conds = append(conds, `w.closed_at IS NULL`)
	}
	where := ""
	if len(conds) > 0 {
		where = " AND " + strings.Join(conds, " AND ")
	}
	args = append(args, record.Bound(filter.Limit), max(filter.Offset, 0))
	return svc.db.findWarnings(ctx, svc.db.read, where+` ORDER BY w.raised_at DESC, w.id DESC LIMIT ? OFFSET ?`, args...)
}

// findWarnings lists the warnings of warningFrom matching rest.
func (db *DB) findWarnings(ctx context.Context, q querier, rest string, args ...any) ([]*senderos.Warning, error) {
	return queryAll(ctx, db, q, "find warnings", db.scanWarning, `SELECT `+warningColumns+warningFrom+rest, args...)
}

// scanWarning reads one row of warningColumns.
func (db *DB) scanWarning(row interface{ Scan(...any) error }) (*senderos.Warning, error) {
	var (
		w        senderos.Warning
		why      []byte
		closedAt time.Time
		closedBy sql.NullInt64
		note     []byte
	)
	if err := row.Scan(&w.ID, &w.CaseID, &w.Kind, &w.Subject.Kind, &w.Subject.ID, &why, at(&w.RaisedAt),
		at(&closedAt), &closedBy, &note); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(why, &w.Why); err != nil {
		return nil, err
	}
	w.Why.Due, w.Why.Since = w.Why.Due.UTC(), w.Why.Since.UTC()
	if !closedAt.IsZero() {
		text, err := record.OpenString(db.keys, record.LabelWarningNote, note)
		if err != nil {
			return nil, err
		}
		w.Closure = &senderos.Closure{By: closedBy.Int64, At: closedAt, Note: text}
	}
	return &w, nil
}

// CloseWarning closes warning id with c, its note sealed, at c.At (now if
// zero), with an audit entry, in one transaction. See
// senderos.WarningService.
func (svc *WarningService) CloseWarning(ctx context.Context, id int64, c senderos.Closure) (*senderos.Warning, error) {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("close warning", err)
	}
	defer tx.Rollback()

	var caseID int64
	err = tx.QueryRowContext(ctx, `SELECT w.case_id`+warningFrom+` AND w.id = ?`, id).Scan(&caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Warning not found.")
	} else if err != nil {
		return nil, svc.db.errorf("close warning", err)
	}
	if p := c.Validate(); len(p) > 0 {
		return nil, p
	}
	cs, err := svc.db.lockCase(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	if c.At.IsZero() {
		c.At = svc.Now()
	}
	c.At = record.Time(c.At)
	note, err := record.SealString(svc.db.keys, record.LabelWarningNote, c.Note)
	if err != nil {
		return nil, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE warnings SET closed_at = ?, closed_by = ?, close_note = ? WHERE id = ? AND closed_at IS NULL`,
		c.At, nullID(c.By), nullBytes(note), id)
	if svc.db.Is(err, ForeignKeyViolation) {
		return nil, senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	} else if err != nil {
		return nil, svc.db.errorf("close warning", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, svc.db.errorf("close warning", err)
	} else if n == 0 {
		return nil, senderos.Errorf(senderos.ECONFLICT, "The warning is closed already.")
	}
	if err := svc.db.auditCase(ctx, tx, c.By, senderos.AuditCaseChange, cs, "warning "+strconv.FormatInt(id, 10)+" closed", c.At); err != nil {
		return nil, err
	}
	ws, err := svc.db.findWarnings(ctx, tx, ` AND w.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, svc.db.errorf("close warning", err)
	}
	return ws[0], nil
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/seal"
)

// UpdateSubmission applies u in one transaction, recording an Event for
// each change, and returns the updated submission. Returns ENOTFOUND for a
// missing or blocked submission, ECONFLICT for a status change that
// CanChangeStatus does not allow and EINVALID for an unknown assignee or
// author.
func (svc *SubmissionService) UpdateSubmission(ctx context.Context, u senderos.SubmissionUpdate) (*senderos.Submission, error) {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: update submission: %w", err)
	}
	defer tx.Rollback()

	cur, err := findOne(ctx, tx, svc.db.keys, `id = ? AND blocked_at IS NULL`, u.ID)
	if err != nil {
		return nil, err
	}
	now := svc.Now()
	before := cur.AssigneeID
	events, err := record.Plan(cur, u, now)
	if err != nil {
		return nil, err
	} else if len(events) == 0 {
		return cur, nil
	}
	if cur.AssigneeID != before && cur.AssigneeID != 0 {
		if err := staffExists(ctx, tx, cur.AssigneeID); err != nil {
			return nil, err
		}
	}

	cur.UpdatedAt = record.Time(now)
	if _, err := tx.ExecContext(ctx, `UPDATE submissions SET status = ?, assignee_id = ?, updated_at = ? WHERE id = ?`,
		string(cur.Status), sql.NullInt64{Int64: cur.AssigneeID, Valid: cur.AssigneeID != 0}, formatTime(cur.UpdatedAt), cur.ID); err != nil {
		return nil, fmt.Errorf("sqlite: update submission: %w", err)
	}
	for _, e := range events {
		if err := insertEvent(ctx, tx, svc.db.keys, e); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: update submission: %w", err)
	}
	return cur, nil
}

// staffExists returns EINVALID unless account id exists.
func staffExists(ctx context.Context, tx *sql.Tx, id int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("sqlite: find assignee: %w", err)
	} else if n == 0 {
		return senderos.Errorf(senderos.EINVALID, "Unknown assignee.")
	}
	return nil
}

// insertEvent adds e, its note sealed, and sets its ID.
func insertEvent(ctx context.Context, tx *sql.Tx, keys *seal.Keyring, e *senderos.Event) error {
	note, err := record.SealString(keys, record.LabelNote, e.Note)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO events (submission_id, at, staff_id, type, from_value, to_value, note)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.SubmissionID, formatTime(e.At), sql.NullInt64{Int64: e.StaffID, Valid: e.StaffID != 0},
		string(e.Type), e.From, e.To, nullBytes(note))
	if isForeignKeyViolation(err) {
		return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	} else if err != nil {
		return fmt.Errorf("sqlite: record event: %w", err)
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("sqlite: record event: %w", err)
	}
	return nil
}

// FindEvents returns a submission's history, oldest first, or ENOTFOUND
// when the submission is missing or blocked.
func (svc *SubmissionService) FindEvents(ctx context.Context, submissionID int64) ([]*senderos.Event, error) {
	tx, err := svc.db.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find events: %w", err)
	}
	defer tx.Rollback()

	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM submissions WHERE id = ? AND blocked_at IS NULL`, submissionID).Scan(&n); err != nil {
		return nil, fmt.Errorf("sqlite: find events: %w", err)
	} else if n == 0 {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Submission not found.")
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, submission_id, at, staff_id, type, from_value, to_value, note
		FROM events WHERE submission_id = ? ORDER BY id`, submissionID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find events: %w", err)
	}
	defer rows.Close()
	events := []*senderos.Event{}
	for rows.Next() {
		var (
			e       senderos.Event
			at, typ string
			staff   sql.NullInt64
			note    []byte
		)
		if err := rows.Scan(&e.ID, &e.SubmissionID, &at, &staff, &typ, &e.From, &e.To, &note); err != nil {
			return nil, fmt.Errorf("sqlite: find events: %w", err)
		}
		e.StaffID, e.Type = staff.Int64, senderos.EventType(typ)
		if e.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("sqlite: find events: %w", err)
		}
		if e.Note, err = record.OpenString(svc.db.keys, record.LabelNote, note); err != nil {
			return nil, fmt.Errorf("sqlite: find events: %w", err)
		}
		events = append(events, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: find events: %w", err)
	}
	return events, nil
}

// EraseSubmission blocks submission id at once, recording who asked: from
// then on no Find or Count returns it, and Purge destroys it once the
// retention period has passed. Returns ENOTFOUND when there is no such
// submission; erasing a blocked one again does nothing.
func (svc *SubmissionService) EraseSubmission(ctx context.Context, id, by int64) error {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: erase submission: %w", err)
	}
	defer tx.Rollback()

	var blocked sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT blocked_at FROM submissions WHERE id = ?`, id).Scan(&blocked); errors.Is(err, sql.ErrNoRows) {
		return senderos.Errorf(senderos.ENOTFOUND, "Submission not found.")
	} else if err != nil {
		return fmt.Errorf("sqlite: erase submission: %w", err)
	} else if blocked.Valid {
		return nil
	}
	now := record.Time(svc.Now())
	if _, err := tx.ExecContext(ctx, `UPDATE submissions SET blocked_at = ? WHERE id = ?`, formatTime(now), id); err != nil {
		return fmt.Errorf("sqlite: erase submission: %w", err)
	}
	if err := insertEvent(ctx, tx, svc.db.keys, &senderos.Event{SubmissionID: id, At: now, StaffID: by, Type: senderos.EventErase}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: erase submission: %w", err)
	}
	return nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/seal"
	"github.com/jackc/pgx/v5"
)

// UpdateSubmission applies u in one transaction, recording an Event for
// each change, and returns the updated submission. Returns ENOTFOUND for a
// missing or blocked submission, ECONFLICT for a status change that
// CanChangeStatus does not allow and EINVALID for an unknown assignee or
// author.
func (svc *SubmissionService) UpdateSubmission(ctx context.Context, u senderos.SubmissionUpdate) (*senderos.Submission, error) {
	tx, err := svc.db.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: update submission: %w", err)
	}
	defer tx.Rollback(ctx)

	// FOR UPDATE: two staff changing one record at once see each
	// other's change, and the workflow rules hold.
	cur, err := findOne(ctx, tx, svc.db.keys, `id = $1 AND blocked_at IS NULL FOR UPDATE`, u.ID)
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
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM staff WHERE id = $1)`, cur.AssigneeID).Scan(&exists); err != nil {
			return nil, fmt.Errorf("postgres: find assignee: %w", err)
		} else if !exists {
			return nil, senderos.Errorf(senderos.EINVALID, "Unknown assignee.")
		}
	}

	cur.UpdatedAt = record.Time(now)
	if _, err := tx.Exec(ctx, `UPDATE submissions SET status = $1, assignee_id = $2, updated_at = $3 WHERE id = $4`,
		string(cur.Status), nullInt(cur.AssigneeID), cur.UpdatedAt, cur.ID); err != nil {
		return nil, fmt.Errorf("postgres: update submission: %w", err)
	}
	for _, e := range events {
		if err := insertEvent(ctx, tx, svc.db.keys, e); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("postgres: update submission: %w", err)
	}
	return cur, nil
}

// insertEvent adds e, its note sealed, and sets its ID.
func insertEvent(ctx context.Context, tx pgx.Tx, keys *seal.Keyring, e *senderos.Event) error {
	note, err := record.SealString(keys, record.LabelNote, e.Note)
	if err != nil {
		return err
	}
	err = tx.QueryRow(ctx, `INSERT INTO events (submission_id, at, staff_id, type, from_value, to_value, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		e.SubmissionID, e.At, nullInt(e.StaffID), string(e.Type), e.From, e.To, note).Scan(&e.ID)
	if isForeignKeyViolation(err) {
		return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	} else if err != nil {
		return fmt.Errorf("postgres: record event: %w", err)
	}
	return nil
}

// FindEvents returns a submission's history, oldest first, or ENOTFOUND
// when the submission is missing or blocked.
func (svc *SubmissionService) FindEvents(ctx context.Context, submissionID int64) ([]*senderos.Event, error) {
	var exists bool
	if err := svc.db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM submissions WHERE id = $1 AND blocked_at IS NULL)`,
		submissionID).Scan(&exists); err != nil {
		return nil, fmt.Errorf("postgres: find events: %w", err)
	} else if !exists {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Submission not found.")
	}
	rows, err := svc.db.pool.Query(ctx, `SELECT id, submission_id, at, staff_id, type, from_value, to_value, note
		FROM events WHERE submission_id = $1 ORDER BY id`, submissionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: find events: %w", err)
	}
	defer rows.Close()
	events := []*senderos.Event{}
	for rows.Next() {
		var (
			e     senderos.Event
			typ   string
			staff *int64
			note  []byte
		)
		if err := rows.Scan(&e.ID, &e.SubmissionID, &e.At, &staff, &typ, &e.From, &e.To, &note); err != nil {
			return nil, fmt.Errorf("postgres: find events: %w", err)
		}
		e.At, e.Type = e.At.UTC(), senderos.EventType(typ)
		if staff != nil {
			e.StaffID = *staff
		}
		if e.Note, err = record.OpenString(svc.db.keys, record.LabelNote, note); err != nil {
			return nil, fmt.Errorf("postgres: find events: %w", err)
		}
		events = append(events, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: find events: %w", err)
	}
	return events, nil
}

// EraseSubmission blocks submission id at once, recording who asked: from
// then on no Find or Count returns it, and Purge destroys it once the
// retention period has passed. Returns ENOTFOUND when there is no such
// submission; erasing a blocked one again does nothing.
func (svc *SubmissionService) EraseSubmission(ctx context.Context, id, by int64) error {
	tx, err := svc.db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: erase submission: %w", err)
	}
	defer tx.Rollback(ctx)

	var blocked *time.Time
	if err := tx.QueryRow(ctx, `SELECT blocked_at FROM submissions WHERE id = $1 FOR UPDATE`, id).Scan(&blocked); errors.Is(err, pgx.ErrNoRows) {
		return senderos.Errorf(senderos.ENOTFOUND, "Submission not found.")
	} else if err != nil {
		return fmt.Errorf("postgres: erase submission: %w", err)
	} else if blocked != nil {
		return nil
	}
	now := record.Time(svc.Now())
	if _, err := tx.Exec(ctx, `UPDATE submissions SET blocked_at = $1 WHERE id = $2`, now, id); err != nil {
		return fmt.Errorf("postgres: erase submission: %w", err)
	}
	if err := insertEvent(ctx, tx, svc.db.keys, &senderos.Event{SubmissionID: id, At: now, StaffID: by, Type: senderos.EventErase}); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: erase submission: %w", err)
	}
	return nil
}

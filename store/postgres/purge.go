package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/jackc/pgx/v5"
)

// DeleteExpiredSuspected deletes suspected spam whose ExpiresAt is before
// now and returns how many it deleted.
func (svc *SubmissionService) DeleteExpiredSuspected(ctx context.Context, now time.Time) (int, error) {
	tag, err := svc.db.pool.Exec(ctx, `DELETE FROM submissions
		WHERE status = $1 AND expires_at IS NOT NULL AND expires_at < $2`,
		string(senderos.StatusSuspected), now)
	if err != nil {
		return 0, fmt.Errorf("postgres: delete expired suspected: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// Purge destroys, with their history, the blocked submissions blocked
// longer ago than p.Blocked, the others last changed longer ago than
// p.Stale, expired suspected spam, and the login locks that lock nothing
// any more, in one transaction. A period that is not positive keeps those
// records. PostgreSQL reclaims the dead rows'
// space at its next vacuum.
func (svc *SubmissionService) Purge(ctx context.Context, p senderos.RetentionPolicy) (senderos.PurgeResult, error) {
	var result senderos.PurgeResult
	now := p.Now
	if now.IsZero() {
		now = svc.Now()
	}
	err := pgx.BeginFunc(ctx, svc.db.pool, func(tx pgx.Tx) error {
		del := func(n *int, where string, args ...any) error {
			tag, err := tx.Exec(ctx, `DELETE FROM submissions WHERE `+where, args...)
			if err != nil {
				return fmt.Errorf("postgres: purge: %w", err)
			}
			*n = int(tag.RowsAffected())
			return nil
		}
		if cutoff, ok := record.Cutoff(now, p.Blocked); ok {
			if err := del(&result.Blocked, `blocked_at IS NOT NULL AND blocked_at < $1`, cutoff); err != nil {
				return err
			}
		}
		if err := del(&result.Spam, `blocked_at IS NULL AND status = $1 AND expires_at IS NOT NULL AND expires_at < $2`,
			string(senderos.StatusSuspected), now); err != nil {
			return err
		}
		if cutoff, ok := record.Cutoff(now, p.Stale); ok {
			if err := del(&result.Stale, `blocked_at IS NULL AND updated_at < $1`, cutoff); err != nil {
				return err
			}
		}
		// Login lock rows whose lock has ended and whose count has lapsed
		// lock nothing; a login deletes those of its own account only.
		tag, err := tx.Exec(ctx, `DELETE FROM login_locks
			WHERE last_failed_at < $1 AND (locked_until IS NULL OR locked_until <= $2)`,
			now.Add(-senderos.LoginFailureTTL), now)
		if err != nil {
			return fmt.Errorf("postgres: purge login locks: %w", err)
		}
		result.LoginLocks = int(tag.RowsAffected())
		return nil
	})
	if err != nil {
		return senderos.PurgeResult{}, err
	}
	return result, nil
}

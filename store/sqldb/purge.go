package sqldb

import (
	"context"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// DeleteExpiredSuspected deletes suspected spam whose ExpiresAt is before
// now and returns how many it deleted.
func (svc *SubmissionService) DeleteExpiredSuspected(ctx context.Context, now time.Time) (int, error) {
	res, err := svc.db.write.ExecContext(ctx, `DELETE FROM submissions
		WHERE status = ? AND expires_at IS NOT NULL AND expires_at < ?`,
		string(senderos.StatusSuspected), now)
	if err != nil {
		return 0, svc.db.errorf("delete expired suspected", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, svc.db.errorf("delete expired suspected", err)
	}
	return int(n), nil
}

// Purge destroys, with their history, the blocked submissions blocked
// longer ago than p.Blocked, the others last changed longer ago than
// p.Stale, expired suspected spam, and the login locks that lock nothing
// any more, in one transaction. A period that is not positive keeps those
// records. The engine then takes out what copies of the deleted rows it
// keeps (Dialect.Scrub): SQLite overwrites deleted rows in the file
// (secure_delete) and checkpoints and truncates its write-ahead log;
// PostgreSQL reclaims their space at its next vacuum.
func (svc *SubmissionService) Purge(ctx context.Context, p senderos.RetentionPolicy) (senderos.PurgeResult, error) {
	var result senderos.PurgeResult
	now := p.Now
	if now.IsZero() {
		now = svc.Now()
	}
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return result, svc.db.errorf("purge", err)
	}
	defer tx.Rollback()

	if cutoff, ok := record.Cutoff(now, p.Blocked); ok {
		if result.Blocked, err = deleteWhere(ctx, tx, `blocked_at IS NOT NULL AND blocked_at < ?`, cutoff); err != nil {
			return result, err
		}
	}
	if result.Spam, err = deleteWhere(ctx, tx, `blocked_at IS NULL AND status = ? AND expires_at IS NOT NULL AND expires_at < ?`,
		string(senderos.StatusSuspected), now); err != nil {
		return result, err
	}
	if cutoff, ok := record.Cutoff(now, p.Stale); ok {
		if result.Stale, err = deleteWhere(ctx, tx, `blocked_at IS NULL AND updated_at < ?`, cutoff); err != nil {
			return result, err
		}
	}
	if result.LoginLocks, err = deleteLapsedLoginLocks(ctx, tx, now); err != nil {
		return result, err
	}
	if err := tx.Commit(); err != nil {
		return result, svc.db.errorf("purge", err)
	}
	if err := svc.db.scrub(ctx); err != nil {
		return result, err
	}
	return result, nil
}

// deleteWhere deletes the submissions matching where, and their events by
// cascade, and returns how many it deleted.
func deleteWhere(ctx context.Context, tx *Tx, where string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM submissions WHERE `+where, args...)
	if err != nil {
		return 0, tx.errorf("purge", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, tx.errorf("purge", err)
	}
	return int(n), nil
}

// deleteLapsedLoginLocks deletes the login lock rows that lock nothing at
// now: their lock has ended and their count has lapsed, so that the next
// failure from the address would start it again. A login deletes such rows
// of its own account only; these are of accounts nobody logs in to.
func deleteLapsedLoginLocks(ctx context.Context, tx *Tx, now time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM login_locks
		WHERE last_failed_at < ? AND (locked_until IS NULL OR locked_until <= ?)`,
		now.Add(-senderos.LoginFailureTTL), now)
	if err != nil {
		return 0, tx.errorf("purge login locks", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, tx.errorf("purge login locks", err)
	}
	return int(n), nil
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// DeleteExpiredSuspected deletes suspected spam whose ExpiresAt is before
// now and returns how many it deleted.
func (svc *SubmissionService) DeleteExpiredSuspected(ctx context.Context, now time.Time) (int, error) {
	res, err := svc.db.write.ExecContext(ctx, `DELETE FROM submissions
		WHERE status = ? AND expires_at IS NOT NULL AND expires_at < ?`,
		string(senderos.StatusSuspected), formatTime(now))
	if err != nil {
		return 0, fmt.Errorf("sqlite: delete expired suspected: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlite: delete expired suspected: %w", err)
	}
	return int(n), nil
}

// Purge destroys, with their history, the blocked submissions blocked
// longer ago than p.Blocked, the others last changed longer ago than
// p.Stale, expired suspected spam, and the login locks that lock nothing
// any more. A period that is not positive keeps those records. Deleted rows are overwritten in the database file
// (secure_delete) and the write-ahead log is then checkpointed and
// truncated, so that their bytes leave the -wal file too.
func (svc *SubmissionService) Purge(ctx context.Context, p senderos.RetentionPolicy) (senderos.PurgeResult, error) {
	var result senderos.PurgeResult
	now := p.Now
	if now.IsZero() {
		now = svc.Now()
	}
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return result, fmt.Errorf("sqlite: purge: %w", err)
	}
	defer tx.Rollback()

	if cutoff, ok := record.Cutoff(now, p.Blocked); ok {
		if result.Blocked, err = deleteWhere(ctx, tx, `blocked_at IS NOT NULL AND blocked_at < ?`, formatTime(cutoff)); err != nil {
			return result, err
		}
	}
	if result.Spam, err = deleteWhere(ctx, tx, `blocked_at IS NULL AND status = ? AND expires_at IS NOT NULL AND expires_at < ?`,
		string(senderos.StatusSuspected), formatTime(now)); err != nil {
		return result, err
	}
	if cutoff, ok := record.Cutoff(now, p.Stale); ok {
		if result.Stale, err = deleteWhere(ctx, tx, `blocked_at IS NULL AND updated_at < ?`, formatTime(cutoff)); err != nil {
			return result, err
		}
	}
	if result.LoginLocks, err = deleteLapsedLoginLocks(ctx, tx, now); err != nil {
		return result, err
	}
	if err := tx.Commit(); err != nil {
		return result, fmt.Errorf("sqlite: purge: %w", err)
	}
	if err := svc.db.checkpoint(ctx); err != nil {
		return result, err
	}
	return result, nil
}

// deleteWhere deletes the submissions matching where, and their events by
// cascade, and returns how many it deleted.
func deleteWhere(ctx context.Context, tx *sql.Tx, where string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM submissions WHERE `+where, args...)
	if err != nil {
		return 0, fmt.Errorf("sqlite: purge: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlite: purge: %w", err)
	}
	return int(n), nil
}

// deleteLapsedLoginLocks deletes the login lock rows that lock nothing at
// now: their lock has ended and their count has lapsed, so that the next
// failure from the address would start it again. A login deletes such rows
// of its own account only; these are of accounts nobody logs in to.
func deleteLapsedLoginLocks(ctx context.Context, tx *sql.Tx, now time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM login_locks
		WHERE last_failed_at < ? AND (locked_until IS NULL OR locked_until <= ?)`,
		formatTime(now.Add(-senderos.LoginFailureTTL)), formatTime(now))
	if err != nil {
		return 0, fmt.Errorf("sqlite: purge login locks: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlite: purge login locks: %w", err)
	}
	return int(n), nil
}

// checkpoint copies the write-ahead log into the database file and
// truncates it. It fails if a reader kept the log from being emptied.
func (db *DB) checkpoint(ctx context.Context) error {
	var busy, logged, copied int
	if err := db.write.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &copied); err != nil {
		return fmt.Errorf("sqlite: checkpoint: %w", err)
	} else if busy != 0 {
		return fmt.Errorf("sqlite: checkpoint: the write-ahead log is in use; run purge again")
	}
	return nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/jackc/pgx/v5"
)

// RecordLoginFailure counts a failed login to account id from addr at at,
// in one transaction: the account's count and the address's are each
// raised by one UPDATE … RETURNING, whose row locks make concurrent
// failures wait for one another, so that all are counted; the address's
// lock follows from its new count. Returns ENOTFOUND for an unknown
// account.
func (svc *StaffService) RecordLoginFailure(ctx context.Context, id int64, addr string, at time.Time) (*senderos.LoginFailure, error) {
	at = record.Time(at)
	var f senderos.LoginFailure
	err := pgx.BeginFunc(ctx, svc.db.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `UPDATE staff SET failed_logins = failed_logins + 1 WHERE id = $1
			RETURNING failed_logins`, id).Scan(&f.AccountFailures)
		if errors.Is(err, pgx.ErrNoRows) {
			return senderos.Errorf(senderos.ENOTFOUND, "Account not found.")
		} else if err != nil {
			return err
		}
		// A count left alone for LoginFailureTTL starts again.
		if err := tx.QueryRow(ctx, `INSERT INTO login_locks (staff_id, addr, failures, last_failed_at)
			VALUES ($1, $2, 1, $3)
			ON CONFLICT (staff_id, addr) DO UPDATE SET
				failures = CASE WHEN login_locks.last_failed_at < $4 THEN 1 ELSE login_locks.failures + 1 END,
				last_failed_at = excluded.last_failed_at
			RETURNING failures`, id, addr, at, at.Add(-senderos.LoginFailureTTL)).Scan(&f.Failures); err != nil {
			return err
		}
		if d := senderos.LoginLockDelay(f.Failures); d > 0 {
			f.LockedUntil = at.Add(d)
		}
		_, err = tx.Exec(ctx, `UPDATE login_locks SET locked_until = $1 WHERE staff_id = $2 AND addr = $3`,
			nullTime(f.LockedUntil), id, addr)
		return err
	})
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		return nil, err
	} else if err != nil {
		return nil, fmt.Errorf("postgres: record failed login: %w", err)
	}
	return &f, nil
}

// LoginLockedUntil returns until when addr may not log in to account id,
// or the zero time.
func (svc *StaffService) LoginLockedUntil(ctx context.Context, id int64, addr string) (time.Time, error) {
	var until *time.Time
	err := svc.db.pool.QueryRow(ctx, `SELECT locked_until FROM login_locks WHERE staff_id = $1 AND addr = $2`,
		id, addr).Scan(&until)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, nil
	} else if err != nil {
		return time.Time{}, fmt.Errorf("postgres: find login lock: %w", err)
	}
	return timeOrZero(until), nil
}

// AcceptLogin records step as account id's last TOTP step, only if it is
// after the last one (a conditional UPDATE: a second request with the same
// code waits for the first's row lock, then finds the condition false),
// clears the account's count and addr's lock, and forgets the account's
// stale counts, in one transaction. Returns ECONFLICT for a step already
// used, EFORBIDDEN while addr is locked out, ENOTFOUND for an unknown
// account.
func (svc *StaffService) AcceptLogin(ctx context.Context, id int64, addr string, step int64, at time.Time) error {
	at = record.Time(at)
	err := pgx.BeginFunc(ctx, svc.db.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE staff SET totp_last_step = $1, failed_logins = 0
			WHERE id = $2 AND totp_last_step < $1`, step, id)
		if err != nil {
			return err
		} else if tag.RowsAffected() == 0 {
			return refused(ctx, tx, id, "This code has been used.")
		}
		// The staff row is locked now: a failure being counted has
		// committed, and its lock is seen.
		var locked bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM login_locks
			WHERE staff_id = $1 AND addr = $2 AND locked_until > $3)`, id, addr, at).Scan(&locked); err != nil {
			return err
		} else if locked {
			return senderos.Errorf(senderos.EFORBIDDEN, "Logging in from this address is locked for a while.")
		}
		_, err = tx.Exec(ctx, `DELETE FROM login_locks WHERE staff_id = $1
			AND (addr = $2 OR (last_failed_at < $3 AND (locked_until IS NULL OR locked_until < $4)))`,
			id, addr, at.Add(-senderos.LoginFailureTTL), at)
		return err
	})
	if code := senderos.ErrorCode(err); code != "" && code != senderos.EINTERNAL {
		return err
	} else if err != nil {
		return fmt.Errorf("postgres: accept login: %w", err)
	}
	return nil
}

// UnlockStaff clears account id's failure count and every address's lock.
func (svc *StaffService) UnlockStaff(ctx context.Context, id int64) error {
	err := pgx.BeginFunc(ctx, svc.db.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE staff SET failed_logins = 0 WHERE id = $1`, id)
		if err != nil {
			return err
		} else if tag.RowsAffected() == 0 {
			return senderos.Errorf(senderos.ENOTFOUND, "Account not found.")
		}
		_, err = tx.Exec(ctx, `DELETE FROM login_locks WHERE staff_id = $1`, id)
		return err
	})
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		return err
	} else if err != nil {
		return fmt.Errorf("postgres: unlock staff: %w", err)
	}
	return nil
}

// refused says why a conditional UPDATE of account id changed nothing:
// there is no such account (ENOTFOUND), or its condition did not hold
// (ECONFLICT, why).
func refused(ctx context.Context, tx pgx.Tx, id int64, why string) error {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM staff WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return senderos.Errorf(senderos.ENOTFOUND, "Account not found.")
	} else if err != nil {
		return err
	}
	return senderos.Errorf(senderos.ECONFLICT, "%s", why)
}

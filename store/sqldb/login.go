package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// RecordLoginFailure counts a failed login to account id from addr at at,
// in one transaction: the account's count and the address's are each
// raised by one UPDATE … RETURNING, whose row locks (or SQLite's single
// writer) make concurrent failures wait for one another, so that all are
// counted; the address's lock follows from its new count. Returns ENOTFOUND for an unknown account.
func (svc *StaffService) RecordLoginFailure(ctx context.Context, id int64, addr string, at time.Time) (*senderos.LoginFailure, error) {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("record failed login", err)
	}
	defer tx.Rollback()

	var f senderos.LoginFailure
	err = tx.QueryRowContext(ctx, `UPDATE staff SET failed_logins = failed_logins + 1 WHERE id = ?
		RETURNING failed_logins`, id).Scan(&f.AccountFailures)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Account not found.")
	} else if err != nil {
		return nil, svc.db.errorf("record failed login", err)
	}
	// A count left alone for LoginFailureTTL starts again.
	if err := tx.QueryRowContext(ctx, `INSERT INTO login_locks (staff_id, addr, failures, last_failed_at)
		VALUES (?, ?, 1, ?)
		ON CONFLICT (staff_id, addr) DO UPDATE SET
			failures = CASE WHEN login_locks.last_failed_at < ? THEN 1 ELSE login_locks.failures + 1 END,
			last_failed_at = excluded.last_failed_at
		RETURNING failures`, id, addr, at, at.Add(-senderos.LoginFailureTTL),
	).Scan(&f.Failures); err != nil {
		return nil, svc.db.errorf("record failed login", err)
	}
	if d := senderos.LoginLockDelay(f.Failures); d > 0 {
		f.LockedUntil = record.Time(at.Add(d))
	}
	if _, err := tx.ExecContext(ctx, `UPDATE login_locks SET locked_until = ? WHERE staff_id = ? AND addr = ?`,
		nullTime(f.LockedUntil), id, addr); err != nil {
		return nil, svc.db.errorf("record failed login", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, svc.db.errorf("record failed login", err)
	}
	return &f, nil
}

// LoginLockedUntil returns until when addr may not log in to account id,
// or the zero time.
func (svc *StaffService) LoginLockedUntil(ctx context.Context, id int64, addr string) (time.Time, error) {
	var until time.Time
	err := svc.db.read.QueryRowContext(ctx, `SELECT locked_until FROM login_locks WHERE staff_id = ? AND addr = ?`,
		id, addr).Scan(at(&until))
	if errors.Is(err, sql.ErrNoRows) || svc.db.Is(err, UnstorableText) {
		return time.Time{}, nil
	} else if err != nil {
		return time.Time{}, svc.db.errorf("find login lock", err)
	}
	return until, nil
}

// AcceptLogin records step as account id's last TOTP step, only if it is
// after the last one (a conditional UPDATE, so that two requests with the
// same code cannot both pass), clears the account's count and addr's
// lock, and forgets the account's stale counts, in one transaction.
// Returns ECONFLICT for a step already used, EFORBIDDEN while addr is
// locked out, ENOTFOUND for an unknown account.
func (svc *StaffService) AcceptLogin(ctx context.Context, id int64, addr string, step int64, at time.Time) error {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return svc.db.errorf("accept login", err)
	}
	defer tx.Rollback()

	res, err := tx.ExecContext(ctx, `UPDATE staff SET totp_last_step = ?, failed_logins = 0
		WHERE id = ? AND totp_last_step < ?`, step, id, step)
	if err != nil {
		return svc.db.errorf("accept login", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return svc.db.errorf("accept login", err)
	} else if n == 0 {
		return refused(ctx, tx, id, "accept login", "This code has been used.")
	}
	var locked int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_locks
		WHERE staff_id = ? AND addr = ? AND locked_until > ?`, id, addr, at).Scan(&locked); err != nil {
		return svc.db.errorf("accept login", err)
	} else if locked > 0 {
		return senderos.Errorf(senderos.EFORBIDDEN, "Logging in from this address is locked for a while.")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_locks WHERE staff_id = ?
		AND (addr = ? OR (last_failed_at < ? AND (locked_until IS NULL OR locked_until < ?)))`,
		id, addr, at.Add(-senderos.LoginFailureTTL), at); err != nil {
		return svc.db.errorf("accept login", err)
	}
	if err := tx.Commit(); err != nil {
		return svc.db.errorf("accept login", err)
	}
	return nil
}

// UnlockStaff clears account id's failure count and every address's lock.
func (svc *StaffService) UnlockStaff(ctx context.Context, id int64) error {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return svc.db.errorf("unlock staff", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE staff SET failed_logins = 0 WHERE id = ?`, id)
	if err != nil {
		return svc.db.errorf("unlock staff", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return svc.db.errorf("unlock staff", err)
	} else if n == 0 {
		return senderos.Errorf(senderos.ENOTFOUND, "Account not found.")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_locks WHERE staff_id = ?`, id); err != nil {
		return svc.db.errorf("unlock staff", err)
	}
	if err := tx.Commit(); err != nil {
		return svc.db.errorf("unlock staff", err)
	}
	return nil
}

// refused says why a conditional UPDATE of account id changed nothing:
// there is no such account (ENOTFOUND), or its condition did not hold
// (ECONFLICT, why). op names the operation in other errors.
func refused(ctx context.Context, tx *Tx, id int64, op, why string) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM staff WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return senderos.Errorf(senderos.ENOTFOUND, "Account not found.")
	} else if err != nil {
		return tx.errorf(op, err)
	}
	return senderos.Errorf(senderos.ECONFLICT, "%s", why)
}

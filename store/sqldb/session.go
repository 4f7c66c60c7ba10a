package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure SessionService implements the domain interface.
var _ senderos.SessionService = (*SessionService)(nil)

// SessionService stores staff sessions in a DB.
type SessionService struct {
	db *DB
}

// NewSessionService returns a SessionService on db.
func NewSessionService(db *DB) *SessionService {
	return &SessionService{db: db}
}

// CreateSession stores s, with its times in UTC at microseconds. Returns
// EINVALID without a token hash or for an unknown account, ECONFLICT when
// the token is taken.
func (svc *SessionService) CreateSession(ctx context.Context, s *senderos.Session) error {
	if s.TokenHash == "" || s.StaffID == 0 {
		return senderos.Errorf(senderos.EINVALID, "A session needs a token and an account.")
	}
	s.CreatedAt, s.LastSeenAt = record.Time(s.CreatedAt), record.Time(s.LastSeenAt)
	_, err := svc.db.write.ExecContext(ctx, `INSERT INTO sessions (token_hash, staff_id, csrf_token, created_at, last_seen_at)
		VALUES (?, ?, ?, ?, ?)`, s.TokenHash, s.StaffID, s.CSRFToken, s.CreatedAt, s.LastSeenAt)
	switch {
	case svc.db.Is(err, ForeignKeyViolation):
		return senderos.Errorf(senderos.EINVALID, "Unknown account.")
	case svc.db.Is(err, UniqueViolation) || svc.db.Is(err, PrimaryKeyViolation):
		return senderos.Errorf(senderos.ECONFLICT, "Session exists.")
	case err != nil:
		return svc.db.errorf("create session", err)
	}
	return nil
}

// FindSession returns the session whose token hashes to tokenHash, or
// ENOTFOUND.
func (svc *SessionService) FindSession(ctx context.Context, tokenHash string) (*senderos.Session, error) {
	var s senderos.Session
	err := svc.db.read.QueryRowContext(ctx, `SELECT token_hash, staff_id, csrf_token, created_at, last_seen_at
		FROM sessions WHERE token_hash = ?`, tokenHash).Scan(&s.TokenHash, &s.StaffID, &s.CSRFToken, at(&s.CreatedAt), at(&s.LastSeenAt))
	// No stored token holds text the engine cannot store.
	if errors.Is(err, sql.ErrNoRows) || svc.db.Is(err, UnstorableText) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Session not found.")
	} else if err != nil {
		return nil, svc.db.errorf("find session", err)
	}
	return &s, nil
}

// TouchSession records that the session was used at at. Returns ENOTFOUND
// when it has ended.
func (svc *SessionService) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	n, err := svc.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, at, tokenHash)
	if err != nil {
		return err
	} else if n == 0 {
		return senderos.Errorf(senderos.ENOTFOUND, "Session not found.")
	}
	return nil
}

// DeleteSession ends a session; ending one that has ended does nothing.
func (svc *SessionService) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := svc.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// DeleteStaffSessions ends every session of an account.
func (svc *SessionService) DeleteStaffSessions(ctx context.Context, staffID int64) error {
	_, err := svc.exec(ctx, `DELETE FROM sessions WHERE staff_id = ?`, staffID)
	return err
}

// DeleteSessionsBefore deletes sessions last seen before t and returns how
// many.
func (svc *SessionService) DeleteSessionsBefore(ctx context.Context, t time.Time) (int, error) {
	return svc.exec(ctx, `DELETE FROM sessions WHERE last_seen_at < ?`, t)
}

// exec runs a statement on the writer and returns how many rows it changed.
func (svc *SessionService) exec(ctx context.Context, query string, args ...any) (int, error) {
	res, err := svc.db.write.ExecContext(ctx, query, args...)
	if svc.db.Is(err, UnstorableText) {
		return 0, nil // no stored token holds such text
	} else if err != nil {
		return 0, svc.db.errorf("sessions", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, svc.db.errorf("sessions", err)
	}
	return int(n), nil
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure SubmissionService implements the domain interface.
var _ senderos.SubmissionService = (*SubmissionService)(nil)

// SubmissionService stores submissions in a DB.
type SubmissionService struct {
	db *DB

	// Now returns the current time; tests replace it.
	Now func() time.Time

	// newReference makes references; tests replace it to force collisions.
	newReference func() (string, error)
}

// NewSubmissionService returns a SubmissionService on db.
func NewSubmissionService(db *DB) *SubmissionService {
	return &SubmissionService{db: db, Now: time.Now, newReference: record.NewReference}
}

// submissionColumns are the columns scanSubmission reads, in its order.
const submissionColumns = `id, reference, kind, lang, status, spam_reason, expires_at,
	idempotency_key, consent_privacy_version, consent_lang, consent_at, created_at, data`

// CreateSubmission stores s durably and sets its ID, Reference, Status (new,
// if empty) and CreatedAt. If a submission with the same IdempotencyKey is
// stored, s is filled from it instead and created is false. Returns
// EINVALID when s is incomplete.
func (svc *SubmissionService) CreateSubmission(ctx context.Context, s *senderos.Submission) (created bool, err error) {
	if err := record.Validate(s); err != nil {
		return false, err
	}
	record.Prepare(s, svc.Now())
	defer func() {
		if err != nil { // a reference is only ever shown for a stored row
			s.ID, s.Reference = 0, ""
		}
	}()
	data, err := record.Payload(s)
	if err != nil {
		return false, err
	}

	for range record.ReferenceAttempts {
		if s.Reference, err = svc.newReference(); err != nil {
			return false, err
		}
		err = svc.insert(ctx, s, data)
		if err == nil {
			return true, nil
		} else if !isUniqueViolation(err) {
			return false, fmt.Errorf("sqlite: insert submission: %w", err)
		}

		// Either the idempotency key or the reference is taken. The row
		// holding the key is committed (writes are serialised), so if it
		// is not there the reference collided: try another.
		if s.IdempotencyKey != "" {
			other, err := svc.findOne(ctx, `idempotency_key = ?`, s.IdempotencyKey)
			if err == nil {
				*s = *other
				return false, nil
			} else if senderos.ErrorCode(err) != senderos.ENOTFOUND {
				return false, err
			}
		}
	}
	return false, fmt.Errorf("sqlite: no free reference after %d attempts: %w", record.ReferenceAttempts, err)
}

// insert adds s as a new row, in its own durable transaction.
func (svc *SubmissionService) insert(ctx context.Context, s *senderos.Submission, data []byte) error {
	res, err := svc.db.write.ExecContext(ctx, `INSERT INTO submissions (
		reference, kind, lang, status, spam_reason, expires_at, idempotency_key,
		consent_privacy_version, consent_lang, consent_at, created_at, data
	) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.Reference, string(s.Kind), s.Lang, string(s.Status), s.SpamReason, nullTime(s.ExpiresAt),
		sql.NullString{String: s.IdempotencyKey, Valid: s.IdempotencyKey != ""},
		s.Consent.PrivacyVersion, s.Consent.Lang, formatTime(s.Consent.At), formatTime(s.CreatedAt),
		string(data),
	)
	if err != nil {
		return err
	}
	if s.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("read new id: %w", err)
	}
	return nil
}

// FindSubmissionByReference returns the submission with reference ref, or
// ENOTFOUND.
func (svc *SubmissionService) FindSubmissionByReference(ctx context.Context, ref string) (*senderos.Submission, error) {
	return svc.findOne(ctx, `reference = ?`, ref)
}

// findOne returns the one submission matching where, or ENOTFOUND.
func (svc *SubmissionService) findOne(ctx context.Context, where string, args ...any) (*senderos.Submission, error) {
	row := svc.db.read.QueryRowContext(ctx, `SELECT `+submissionColumns+` FROM submissions WHERE `+where, args...)
	s, err := scanSubmission(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Submission not found.")
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: find submission: %w", err)
	}
	return s, nil
}

// FindSubmissions lists the submissions matching filter, newest first, at
// most filter.Limit of them (100 if unset).
func (svc *SubmissionService) FindSubmissions(ctx context.Context, filter senderos.SubmissionFilter) ([]*senderos.Submission, error) {
	where, args := []string{"1 = 1"}, []any{}
	if filter.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, string(filter.Kind))
	}
	if filter.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(filter.Status))
	}
	args = append(args, record.Limit(filter))

	rows, err := svc.db.read.QueryContext(ctx, `SELECT `+submissionColumns+` FROM submissions
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY created_at DESC, id DESC
		LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find submissions: %w", err)
	}
	defer rows.Close()

	subs := []*senderos.Submission{}
	for rows.Next() {
		s, err := scanSubmission(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: find submissions: %w", err)
		}
		subs = append(subs, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: find submissions: %w", err)
	}
	return subs, nil
}

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

// scanSubmission reads one row of submissionColumns.
func scanSubmission(row interface{ Scan(...any) error }) (*senderos.Submission, error) {
	var (
		s                             senderos.Submission
		kind, status                  string
		expiresAt, key                sql.NullString
		consentAt, createdAt, payload string
	)
	if err := row.Scan(&s.ID, &s.Reference, &kind, &s.Lang, &status, &s.SpamReason, &expiresAt,
		&key, &s.Consent.PrivacyVersion, &s.Consent.Lang, &consentAt, &createdAt, &payload); err != nil {
		return nil, err
	}
	s.Kind, s.Status, s.IdempotencyKey = senderos.Kind(kind), senderos.Status(status), key.String

	var err error
	if expiresAt.Valid {
		if s.ExpiresAt, err = parseTime(expiresAt.String); err != nil {
			return nil, err
		}
	}
	if s.Consent.At, err = parseTime(consentAt); err != nil {
		return nil, err
	}
	if s.CreatedAt, err = parseTime(createdAt); err != nil {
		return nil, err
	}
	if err := record.SetPayload(&s, []byte(payload)); err != nil {
		return nil, err
	}
	return &s, nil
}

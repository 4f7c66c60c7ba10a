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
//
// It returns once the transaction holding s, shared with the submissions
// sent meanwhile, is durable. If ctx ends first it returns ctx's error,
// and s may still be stored: a retry with the same IdempotencyKey finds it.
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

	// The writer fills in a copy, so that nothing it does can race with
	// a caller that gave up waiting.
	in := &insertion{row: *s, data: data, newReference: svc.newReference}
	if err := svc.db.inserts.Do(ctx, in); err != nil {
		return false, fmt.Errorf("sqlite: insert submission: %w", err)
	} else if in.err != nil {
		return false, in.err
	} else if in.existing != nil {
		*s = *in.existing
		return false, nil
	}
	s.ID, s.Reference = in.row.ID, in.row.Reference
	return true, nil
}

// FindSubmissionByReference returns the submission with reference ref, or
// ENOTFOUND.
func (svc *SubmissionService) FindSubmissionByReference(ctx context.Context, ref string) (*senderos.Submission, error) {
	return findOne(ctx, svc.db.read, `reference = ?`, ref)
}

// findOne returns the one submission in db matching where, or ENOTFOUND.
// db is the reader pool, or the writer's transaction to see its own rows.
func findOne(ctx context.Context, db querier, where string, args ...any) (*senderos.Submission, error) {
	row := db.QueryRowContext(ctx, `SELECT `+submissionColumns+` FROM submissions WHERE `+where, args...)
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

package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/jackc/pgx/v5"
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
// EINVALID when s is incomplete or holds text PostgreSQL cannot store.
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
		return false, fmt.Errorf("postgres: insert submission: %w", err)
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
	return findOne(ctx, svc.db.pool, `reference = $1`, ref)
}

// findOne returns the one submission in db matching where, or ENOTFOUND.
// db is the pool, or the writer's transaction to see its own rows.
func findOne(ctx context.Context, db querier, where string, args ...any) (*senderos.Submission, error) {
	row := db.QueryRow(ctx, `SELECT `+submissionColumns+` FROM submissions WHERE `+where, args...)
	s, err := scanSubmission(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Submission not found.")
	} else if isUnstorableText(err) {
		// Text that cannot be stored cannot have been stored either.
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Submission not found.")
	} else if err != nil {
		return nil, fmt.Errorf("postgres: find submission: %w", err)
	}
	return s, nil
}

// FindSubmissions lists the submissions matching filter, newest first, at
// most filter.Limit of them (100 if unset).
func (svc *SubmissionService) FindSubmissions(ctx context.Context, filter senderos.SubmissionFilter) ([]*senderos.Submission, error) {
	where, args := []string{"TRUE"}, []any{}
	if filter.Kind != "" {
		args = append(args, string(filter.Kind))
		where = append(where, "kind = $"+strconv.Itoa(len(args)))
	}
	if filter.Status != "" {
		args = append(args, string(filter.Status))
		where = append(where, "status = $"+strconv.Itoa(len(args)))
	}
	args = append(args, record.Limit(filter))

	rows, err := svc.db.pool.Query(ctx, `SELECT `+submissionColumns+` FROM submissions
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY created_at DESC, id DESC
		LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: find submissions: %w", err)
	}
	defer rows.Close()

	subs := []*senderos.Submission{}
	for rows.Next() {
		s, err := scanSubmission(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: find submissions: %w", err)
		}
		subs = append(subs, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: find submissions: %w", err)
	}
	return subs, nil
}

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

// scanSubmission reads one row of submissionColumns.
func scanSubmission(row pgx.Row) (*senderos.Submission, error) {
	var (
		s            senderos.Submission
		kind, status string
		expiresAt    *time.Time
		key          *string
		payload      []byte
	)
	if err := row.Scan(&s.ID, &s.Reference, &kind, &s.Lang, &status, &s.SpamReason, &expiresAt,
		&key, &s.Consent.PrivacyVersion, &s.Consent.Lang, &s.Consent.At, &s.CreatedAt, &payload); err != nil {
		return nil, err
	}
	s.Kind, s.Status = senderos.Kind(kind), senderos.Status(status)
	if key != nil {
		s.IdempotencyKey = *key
	}
	if expiresAt != nil {
		s.ExpiresAt = expiresAt.UTC()
	}
	s.Consent.At, s.CreatedAt = s.Consent.At.UTC(), s.CreatedAt.UTC()
	if err := record.SetPayload(&s, payload); err != nil {
		return nil, err
	}
	return &s, nil
}

// nullTime returns t, or nil (NULL) for the zero time.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// nullString returns s, or nil (NULL) for the empty string.
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

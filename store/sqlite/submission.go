package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/seal"
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
	idempotency_key, consent_privacy_version, consent_lang, consent_at, created_at,
	updated_at, assignee_id, blocked_at, data, sealed`

// CreateSubmission stores s durably, its personal data sealed, and sets its
// ID, Reference, Status (new, if empty), CreatedAt and UpdatedAt. If a
// submission with the same IdempotencyKey is stored, s is filled from it
// instead and created is false. Returns EINVALID when s is incomplete.
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
	data, sealed, err := record.Seal(svc.db.keys, s)
	if err != nil {
		return false, err
	}

	// The writer fills in a copy, so that nothing it does can race with
	// a caller that gave up waiting.
	in := &insertion{row: *s, data: data, sealed: sealed, newReference: svc.newReference}
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
// ENOTFOUND, also when it is blocked.
func (svc *SubmissionService) FindSubmissionByReference(ctx context.Context, ref string) (*senderos.Submission, error) {
	return findOne(ctx, svc.db.read, svc.db.keys, `reference = ? AND blocked_at IS NULL`, ref)
}

// FindSubmissionByID returns the submission with id, or ENOTFOUND, also
// when it is blocked.
func (svc *SubmissionService) FindSubmissionByID(ctx context.Context, id int64) (*senderos.Submission, error) {
	return findOne(ctx, svc.db.read, svc.db.keys, `id = ? AND blocked_at IS NULL`, id)
}

// findOne returns the one submission in db matching where, or ENOTFOUND.
// db is the reader pool, or the writer's transaction to see its own rows.
func findOne(ctx context.Context, db querier, keys *seal.Keyring, where string, args ...any) (*senderos.Submission, error) {
	row := db.QueryRowContext(ctx, `SELECT `+submissionColumns+` FROM submissions WHERE `+where, args...)
	s, err := scanSubmission(row, keys)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Submission not found.")
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: find submission: %w", err)
	}
	return s, nil
}

// dialect writes the SQL of list filters for SQLite.
var dialect = record.Dialect{
	Placeholder: func(int) string { return "?" },
	Time:        func(t time.Time) any { return formatTime(t) },
}

// FindSubmissions lists the submissions matching filter, newest first, at
// most filter.Limit of them (100 if unset) after skipping filter.Offset.
// Blocked submissions are never listed. The filter runs in SQL, on the
// columns of migration 0007; only the page listed is opened.
func (svc *SubmissionService) FindSubmissions(ctx context.Context, filter senderos.SubmissionFilter) ([]*senderos.Submission, error) {
	cond, args := dialect.Where(filter)
	page, args := dialect.Page(filter, args)
	rows, err := svc.db.read.QueryContext(ctx, `SELECT `+submissionColumns+` FROM submissions WHERE `+cond+
		` ORDER BY created_at DESC, id DESC`+page, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find submissions: %w", err)
	}
	defer rows.Close()

	subs := []*senderos.Submission{}
	for rows.Next() {
		s, err := scanSubmission(rows, svc.db.keys)
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

// CountSubmissions counts what FindSubmissions would list without Limit and
// Offset.
func (svc *SubmissionService) CountSubmissions(ctx context.Context, filter senderos.SubmissionFilter) (int, error) {
	cond, args := dialect.CountWhere(filter)
	var n int
	if err := svc.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM submissions WHERE `+cond, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count submissions: %w", err)
	}
	return n, nil
}

// scanSubmission reads one row of submissionColumns and opens its personal
// data.
func scanSubmission(row interface{ Scan(...any) error }, keys *seal.Keyring) (*senderos.Submission, error) {
	s, sealed, err := scanRow(row)
	if err != nil {
		return nil, err
	}
	if err := record.Unseal(keys, s, sealed); err != nil {
		return nil, err
	}
	return s, nil
}

// scanRow reads one row of submissionColumns with its clear payload, and
// returns its sealed part unopened.
func scanRow(row interface{ Scan(...any) error }) (*senderos.Submission, []byte, error) {
	var (
		s                                        senderos.Submission
		kind, status                             string
		expiresAt, key, blockedAt                sql.NullString
		assignee                                 sql.NullInt64
		consentAt, createdAt, updatedAt, payload string
		sealed                                   []byte
	)
	if err := row.Scan(&s.ID, &s.Reference, &kind, &s.Lang, &status, &s.SpamReason, &expiresAt,
		&key, &s.Consent.PrivacyVersion, &s.Consent.Lang, &consentAt, &createdAt,
		&updatedAt, &assignee, &blockedAt, &payload, &sealed); err != nil {
		return nil, nil, err
	}
	s.Kind, s.Status, s.IdempotencyKey, s.AssigneeID = senderos.Kind(kind), senderos.Status(status), key.String, assignee.Int64

	var err error
	for _, t := range []struct {
		dst *time.Time
		src sql.NullString
	}{
		{&s.ExpiresAt, expiresAt}, {&s.BlockedAt, blockedAt},
		{&s.Consent.At, valid(consentAt)}, {&s.CreatedAt, valid(createdAt)}, {&s.UpdatedAt, valid(updatedAt)},
	} {
		if t.src.Valid {
			if *t.dst, err = parseTime(t.src.String); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := record.SetPayload(&s, []byte(payload)); err != nil {
		return nil, nil, err
	}
	return &s, sealed, nil
}

// valid returns s as a non-NULL string.
func valid(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }

// nullBytes returns b, or NULL for nil: the driver would store a nil slice
// as an empty blob.
func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

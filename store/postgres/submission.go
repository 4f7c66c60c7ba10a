package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/seal"
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
	idempotency_key, consent_privacy_version, consent_lang, consent_at, created_at,
	updated_at, assignee_id, blocked_at, data, sealed`

// CreateSubmission stores s durably, its personal data sealed, and sets its
// ID, Reference, Status (new, if empty), CreatedAt and UpdatedAt. If a
// submission with the same IdempotencyKey is stored, s is filled from it
// instead and created is false. Returns EINVALID when s is incomplete or
// holds text PostgreSQL cannot store.
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
	in := &insertion{row: *s, data: data, sealed: sealed, keys: svc.db.keys, newReference: svc.newReference}
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
// ENOTFOUND, also when it is blocked.
func (svc *SubmissionService) FindSubmissionByReference(ctx context.Context, ref string) (*senderos.Submission, error) {
	return findOne(ctx, svc.db.pool, svc.db.keys, `reference = $1 AND blocked_at IS NULL`, ref)
}

// FindSubmissionByID returns the submission with id, or ENOTFOUND, also
// when it is blocked.
func (svc *SubmissionService) FindSubmissionByID(ctx context.Context, id int64) (*senderos.Submission, error) {
	return findOne(ctx, svc.db.pool, svc.db.keys, `id = $1 AND blocked_at IS NULL`, id)
}

// findOne returns the one submission in db matching where, or ENOTFOUND.
// db is the pool, or the writer's transaction to see its own rows.
func findOne(ctx context.Context, db querier, keys *seal.Keyring, where string, args ...any) (*senderos.Submission, error) {
	row := db.QueryRow(ctx, `SELECT `+submissionColumns+` FROM submissions WHERE `+where, args...)
	s, err := scanSubmission(row, keys)
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

// dialect writes the SQL of list filters for PostgreSQL.
var dialect = record.Dialect{
	Placeholder: func(n int) string { return "$" + strconv.Itoa(n) },
	Time:        func(t time.Time) any { return t },
}

// FindSubmissions lists the submissions matching filter, newest first, at
// most filter.Limit of them (100 if unset) after skipping filter.Offset.
// Blocked submissions are never listed. The filter runs in SQL, on the
// columns of migration 0007; only the page listed is opened.
func (svc *SubmissionService) FindSubmissions(ctx context.Context, filter senderos.SubmissionFilter) ([]*senderos.Submission, error) {
	cond, args := dialect.Where(filter)
	page, args := dialect.Page(filter, args)
	rows, err := svc.db.pool.Query(ctx, `SELECT `+submissionColumns+` FROM submissions WHERE `+cond+
		` ORDER BY created_at DESC, id DESC`+page, planned(args)...)
	if err != nil {
		return nil, fmt.Errorf("postgres: find submissions: %w", err)
	}
	defer rows.Close()

	subs := []*senderos.Submission{}
	for rows.Next() {
		s, err := scanSubmission(rows, svc.db.keys)
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

// planned returns the arguments of a list query with the mode that plans
// it for its values. pgx prepares a statement once per connection, and
// after five runs PostgreSQL may keep a generic plan that ignores the
// values: the family filters (household, regions and sectors together)
// then take twice as long. An unnamed statement is planned at each run.
// Only the lists use it: the inserts keep their prepared plans.
func planned(args []any) []any {
	return append([]any{pgx.QueryExecModeExec}, args...)
}

// CountSubmissions counts what FindSubmissions would list without Limit and
// Offset.
func (svc *SubmissionService) CountSubmissions(ctx context.Context, filter senderos.SubmissionFilter) (int, error) {
	cond, args := dialect.CountWhere(filter)
	var n int
	if err := svc.db.pool.QueryRow(ctx, `SELECT COUNT(*) FROM submissions WHERE `+cond, planned(args)...).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count submissions: %w", err)
	}
	return n, nil
}

// scanSubmission reads one row of submissionColumns and opens its personal
// data.
func scanSubmission(row pgx.Row, keys *seal.Keyring) (*senderos.Submission, error) {
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
func scanRow(row pgx.Row) (*senderos.Submission, []byte, error) {
	var (
		s                    senderos.Submission
		kind, status         string
		expiresAt, blockedAt *time.Time
		key                  *string
		assignee             *int64
		payload, sealed      []byte
	)
	if err := row.Scan(&s.ID, &s.Reference, &kind, &s.Lang, &status, &s.SpamReason, &expiresAt,
		&key, &s.Consent.PrivacyVersion, &s.Consent.Lang, &s.Consent.At, &s.CreatedAt,
		&s.UpdatedAt, &assignee, &blockedAt, &payload, &sealed); err != nil {
		return nil, nil, err
	}
	s.Kind, s.Status = senderos.Kind(kind), senderos.Status(status)
	if key != nil {
		s.IdempotencyKey = *key
	}
	if assignee != nil {
		s.AssigneeID = *assignee
	}
	s.ExpiresAt, s.BlockedAt = timeOrZero(expiresAt), timeOrZero(blockedAt)
	s.Consent.At, s.CreatedAt, s.UpdatedAt = s.Consent.At.UTC(), s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	if err := record.SetPayload(&s, payload); err != nil {
		return nil, nil, err
	}
	return &s, sealed, nil
}

// timeOrZero returns *t in UTC, or the zero time for NULL.
func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
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

// nullInt returns n, or nil (NULL) for 0.
func nullInt(n int64) *int64 {
	if n == 0 {
		return nil
	}
	return &n
}

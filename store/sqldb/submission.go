package sqldb

import (
	"context"
	"database/sql"
	"errors"
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

	// NewReference makes references; tests replace it to force collisions.
	NewReference func() (string, error)
}

// NewSubmissionService returns a SubmissionService on db.
func NewSubmissionService(db *DB) *SubmissionService {
	return &SubmissionService{db: db, Now: time.Now, NewReference: record.NewReference}
}

// SubmissionColumns are the columns ScanSubmission reads, in its order.
const SubmissionColumns = `id, reference, kind, lang, status, spam_reason, expires_at,
	idempotency_key, consent_privacy_version, consent_lang, consent_at, created_at,
	updated_at, assignee_id, blocked_at, data, sealed`

// CreateSubmission stores s durably, its personal data sealed, and sets its
// ID, Reference, Status (new, if empty), CreatedAt and UpdatedAt. If a
// submission with the same IdempotencyKey is stored, s is filled from it
// instead and created is false. Returns EINVALID when s is incomplete or
// holds text the engine cannot store.
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
	in := NewInsertion(s, data, sealed, svc.NewReference)
	if err := svc.db.inserts.Do(ctx, in); err != nil {
		return false, svc.db.errorf("insert submission", err)
	} else if in.Err != nil {
		return false, in.Err
	} else if in.Existing != nil {
		*s = *in.Existing
		return false, nil
	}
	s.ID, s.Reference = in.Row.ID, in.Row.Reference
	return true, nil
}

// FindSubmissionByReference returns the submission with reference ref, or
// ENOTFOUND, also when it is blocked.
func (svc *SubmissionService) FindSubmissionByReference(ctx context.Context, ref string) (*senderos.Submission, error) {
	return svc.db.findOne(ctx, svc.db.read, `reference = ? AND blocked_at IS NULL`, ref)
}

// FindSubmissionByID returns the submission with id, or ENOTFOUND, also
// when it is blocked.
func (svc *SubmissionService) FindSubmissionByID(ctx context.Context, id int64) (*senderos.Submission, error) {
	return svc.db.findOne(ctx, svc.db.read, `id = ? AND blocked_at IS NULL`, id)
}

// findOne returns the one submission in q matching where, or ENOTFOUND.
// q is the reader pool, or the writer's transaction to see its own rows.
func (db *DB) findOne(ctx context.Context, q querier, where string, args ...any) (*senderos.Submission, error) {
	row := q.QueryRowContext(ctx, `SELECT `+SubmissionColumns+` FROM submissions WHERE `+where, args...)
	s, err := ScanSubmission(row, db.keys)
	// Text that cannot be stored cannot have been stored either.
	if errors.Is(err, sql.ErrNoRows) || db.Is(err, UnstorableText) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Submission not found.")
	} else if err != nil {
		return nil, db.errorf("find submission", err)
	}
	return s, nil
}

// filters writes the SQL of list filters, with ? placeholders and times
// as they are, which the pools rebind and convert.
var filters = record.Dialect{
	Placeholder: func(int) string { return "?" },
	Time:        func(t time.Time) any { return t },
}

// FindSubmissions lists the submissions matching filter, newest first, at
// most filter.Limit of them (100 if unset) after skipping filter.Offset.
// Blocked submissions are never listed. The filter runs in SQL, on the
// columns of migration 0007; only the page listed is opened.
func (svc *SubmissionService) FindSubmissions(ctx context.Context, filter senderos.SubmissionFilter) ([]*senderos.Submission, error) {
	cond, args := filters.Where(filter)
	page, args := filters.Page(filter, args)
	rows, err := svc.db.read.QueryContext(ctx, `SELECT `+SubmissionColumns+` FROM submissions WHERE `+cond+
		` ORDER BY created_at DESC, id DESC`+page, svc.db.dialect.planned(args)...)
	if err != nil {
		return nil, svc.db.errorf("find submissions", err)
	}
	defer rows.Close()

	subs := []*senderos.Submission{}
	for rows.Next() {
		s, err := ScanSubmission(rows, svc.db.keys)
		if err != nil {
			return nil, svc.db.errorf("find submissions", err)
		}
		subs = append(subs, s)
	}
	if err := rows.Err(); err != nil {
		return nil, svc.db.errorf("find submissions", err)
	}
	return subs, nil
}

// CountSubmissions counts what FindSubmissions would list without Limit and
// Offset.
func (svc *SubmissionService) CountSubmissions(ctx context.Context, filter senderos.SubmissionFilter) (int, error) {
	cond, args := filters.CountWhere(filter)
	var n int
	if err := svc.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM submissions WHERE `+cond, svc.db.dialect.planned(args)...).Scan(&n); err != nil {
		return 0, svc.db.errorf("count submissions", err)
	}
	return n, nil
}

// ScanSubmission reads one row of SubmissionColumns and opens its personal
// data. row is a database/sql row, or a driver's own that can scan into an
// sql.Scanner.
func ScanSubmission(row interface{ Scan(...any) error }, keys *seal.Keyring) (*senderos.Submission, error) {
	s, sealed, err := scanRow(row)
	if err != nil {
		return nil, err
	}
	if err := record.Unseal(keys, s, sealed); err != nil {
		return nil, err
	}
	return s, nil
}

// scanRow reads one row of SubmissionColumns with its clear payload, and
// returns its sealed part unopened.
func scanRow(row interface{ Scan(...any) error }) (*senderos.Submission, []byte, error) {
	var (
		s               senderos.Submission
		kind, status    string
		key             sql.NullString
		assignee        sql.NullInt64
		payload, sealed []byte
	)
	if err := row.Scan(&s.ID, &s.Reference, &kind, &s.Lang, &status, &s.SpamReason, at(&s.ExpiresAt),
		&key, &s.Consent.PrivacyVersion, &s.Consent.Lang, at(&s.Consent.At), at(&s.CreatedAt),
		at(&s.UpdatedAt), &assignee, at(&s.BlockedAt), &payload, &sealed); err != nil {
		return nil, nil, err
	}
	s.Kind, s.Status, s.IdempotencyKey, s.AssigneeID = senderos.Kind(kind), senderos.Status(status), key.String, assignee.Int64

	if err := record.SetPayload(&s, payload); err != nil {
		return nil, nil, err
	}
	return &s, sealed, nil
}

// nullBytes returns b, or NULL for nil: the driver would store a nil slice
// as an empty blob.
func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

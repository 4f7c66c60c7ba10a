package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// maxGroup is how many submissions one transaction may insert. The groups
// are as large as the requests that arrive during a commit, so this only
// matters under a flood; it stays within the 64 subtransactions (one per
// row's savepoint) that PostgreSQL tracks per backend before every other
// session's snapshots must look them up on disk.
const maxGroup = 64

// insertGroup inserts the submissions in one durable transaction: a group
// commit. Each row is inserted under a savepoint of its own, so one that
// fails (a reference collision, retried; a key already stored; text that
// cannot be stored) undoes only itself instead of aborting the transaction.
// insertGroup returns an error only when the transaction failed as a whole,
// and then none of the submissions is stored.
//
// The rows are sent together, in one round trip, up to the first that
// fails; that one is dealt with on its own and the rest sent again.
func insertGroup(pool *pgxpool.Pool, db *sqldb.DB, ins []*sqldb.Insertion) error {
	// The callers' contexts do not end this transaction: one caller
	// giving up must not fail the others.
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	pending := make([]*sqldb.Insertion, 0, len(ins))
	for _, in := range ins {
		if in.NextAttempt() {
			pending = append(pending, in)
		}
	}
	for len(pending) > 0 {
		n, err := insertRows(ctx, tx, pending)
		if err == nil {
			break
		}
		pending = pending[n:]
		// Without arguments, Exec uses the simple protocol, which
		// runs both statements in one round trip.
		if _, rerr := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT submission; RELEASE SAVEPOINT submission`); rerr != nil {
			return errors.Join(fmt.Errorf("undo failed insert: %w", errors.Join(err, rerr)), tx.Rollback(ctx))
		}
		if !failed(ctx, db, tx, pending[0], err) {
			pending = pending[1:]
		}
	}
	// Commit reports a transaction that PostgreSQL rolled back (one
	// left aborted by a failed statement) as an error.
	return tx.Commit(ctx)
}

// insertSubmission inserts one submission and returns its id.
const insertSubmission = `INSERT INTO submissions (
	reference, kind, lang, status, spam_reason, expires_at, idempotency_key,
	consent_privacy_version, consent_lang, consent_at, created_at, updated_at, data, sealed
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
RETURNING id`

// familyRows inserts the rows of migration 0007 for the submission that s,
// a preceding part of the same statement, inserted: arguments $15 to $27
// are those of familyArgs. Being one statement with it, all or none are
// stored.
const familyRows = `f AS (INSERT INTO families (` + familyColumns + `)
	SELECT id, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25 FROM s),
r AS (INSERT INTO family_regions (submission_id, region) SELECT id, unnest($26::text[]) FROM s),
c AS (INSERT INTO family_sectors (submission_id, sector) SELECT id, unnest($27::text[]) FROM s)`

// insertQueries are insertSubmission, with the rows of its family
// ([family]) and its staff notification in the outbox ([..][notify]) as
// parts of the same statement, so that all or none are stored, in the
// same round trip.
var insertQueries = func() (q [2][2]string) {
	for family := range 2 {
		for notify := range 2 {
			parts := []string{`s AS (` + insertSubmission + `)`}
			if notify == 1 {
				parts = append(parts, `n AS (INSERT INTO notifications (submission_id, created_at, due_at) SELECT id, $11, $11 FROM s)`)
			}
			if family == 1 {
				parts = append(parts, familyRows)
			}
			q[family][notify] = `WITH ` + strings.Join(parts, ",\n") + `
SELECT id FROM s`
		}
	}
	return q
}()

// insertRows inserts the rows of ins in order in tx, each under a savepoint
// named submission, all in one round trip, and sets their IDs. It returns
// how many it inserted and, if not all, the error of the next one, whose
// savepoint the caller must roll back to (it exists unless tx is lost).
func insertRows(ctx context.Context, tx pgx.Tx, ins []*sqldb.Insertion) (int, error) {
	b := &pgx.Batch{}
	inserted := 0
	for _, in := range ins {
		s := &in.Row
		b.Queue(`SAVEPOINT submission`)
		args := []any{
			s.Reference, string(s.Kind), s.Lang, string(s.Status), s.SpamReason, nullTime(s.ExpiresAt),
			nullString(s.IdempotencyKey), s.Consent.PrivacyVersion, s.Consent.Lang, s.Consent.At, s.CreatedAt,
			s.UpdatedAt, in.Data, in.Sealed,
		}
		family, notify := 0, 0
		if f, ok := record.FamilyOf(s); ok {
			family, args = 1, append(args, familyArgs(f)...)
		}
		if s.NotifyStaff {
			notify = 1
		}
		b.Queue(insertQueries[family][notify], args...).QueryRow(func(row pgx.Row) error { return row.Scan(&s.ID) })
		// Results are read in order and stop at the first error, so
		// this counts the rows before it.
		b.Queue(`RELEASE SAVEPOINT submission`).Exec(func(pgconn.CommandTag) error {
			inserted++
			return nil
		})
	}
	err := tx.SendBatch(ctx, b).Close()
	return inserted, err
}

// renewConsent records, in tx, the consent c given by sending cur's form
// again, if it is to another version of the privacy notice, and sets it in
// cur: both statements in one round trip.
func renewConsent(ctx context.Context, tx pgx.Tx, cur *senderos.Submission, c senderos.Consent) error {
	e := record.RenewConsent(cur, c)
	if e == nil {
		return nil
	}
	b := &pgx.Batch{}
	b.Queue(`UPDATE submissions SET consent_privacy_version = $1, consent_lang = $2, consent_at = $3 WHERE id = $4`,
		cur.Consent.PrivacyVersion, cur.Consent.Lang, cur.Consent.At, cur.ID)
	b.Queue(`INSERT INTO events (submission_id, at, type, from_value, to_value) VALUES ($1, $2, $3, $4, $5)`,
		e.SubmissionID, e.At, string(e.Type), e.From, e.To)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("postgres: renew consent: %w", err)
	}
	return nil
}

// failed records why inserting in failed with err, once tx is back at its
// savepoint, and reports whether in should be tried again with a new
// reference. A unique violation is only reported once the row holding the
// key has committed, or if it is earlier in this transaction, so if it is
// not there the reference collided. A lookup that fails the transaction
// fails the commit too.
func failed(ctx context.Context, db *sqldb.DB, tx pgx.Tx, in *sqldb.Insertion, err error) (retry bool) {
	if !in.Refused(db, err) {
		return false
	}
	if in.Row.IdempotencyKey == "" {
		return in.NextAttempt()
	}
	other, err := findByKey(ctx, db, tx, in.Row.IdempotencyKey)
	if retry = in.Found(other, err); !retry && in.Existing != nil {
		if err := renewConsent(ctx, tx, in.Existing, in.Row.Consent); err != nil {
			in.Err = err // and the commit fails: tx is aborted
		}
	}
	return retry
}

// findByKey returns the submission in tx stored with idempotency key, or
// ENOTFOUND.
func findByKey(ctx context.Context, db *sqldb.DB, tx pgx.Tx, key string) (*senderos.Submission, error) {
	s, err := sqldb.ScanSubmission(tx.QueryRow(ctx, `SELECT `+sqldb.SubmissionColumns+` FROM submissions WHERE idempotency_key = $1`, key), db.Keys())
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Submission not found.")
	} else if err != nil {
		return nil, fmt.Errorf("postgres: find submission: %w", err)
	}
	return s, nil
}

// nullTime returns t, or NULL for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// nullString returns s, or NULL for the empty string.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// familyColumns are the columns of families, in the order of familyArgs
// after the submission's id.
const familyColumns = `submission_id, adults, children, household, school_age, spanish_level,
	driving_licence, bedrooms, needs_school, needs_health_centre, move_when, province_code`

// familyArgs returns the values of f for familyColumns (from adults on),
// then its regions and its sectors as arrays.
func familyArgs(f *record.Family) []any {
	return []any{
		f.Adults, f.Children, f.Household, f.SchoolAge, f.SpanishLevel,
		f.DrivingLicence, f.Bedrooms, f.NeedsSchool, f.NeedsHealthCentre, f.MoveWhen, f.Province,
		f.Regions, f.Sectors,
	}
}

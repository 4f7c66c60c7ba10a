package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/seal"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// maxGroup is how many submissions one transaction may insert. The groups
// are as large as the requests that arrive during a commit, so this only
// matters under a flood; it stays within the 64 subtransactions (one per
// row's savepoint) that PostgreSQL tracks per backend before every other
// session's snapshots must look them up on disk.
const maxGroup = 64

// insertion is one submission on its way into the database, and what became
// of it. CreateSubmission queues it; insertGroup fills in the results.
type insertion struct {
	row          senderos.Submission // ID and Reference are set once inserted
	data         []byte              // row's payload, in clear
	sealed       []byte              // its personal part, sealed
	keys         *seal.Keyring       // opens the row stored with its key
	newReference func() (string, error)
	attempts     int   // references tried
	lastErr      error // why the last one failed

	existing *senderos.Submission // the row already stored with row's key
	err      error                // why this submission alone was not stored
}

// querier is what findOne needs of the pool or of a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// insertGroup inserts the submissions in one durable transaction: a group
// commit. Each row is inserted under a savepoint of its own, so one that
// fails (a reference collision, retried; a key already stored; text that
// cannot be stored) undoes only itself instead of aborting the transaction.
// insertGroup returns an error only when the transaction failed as a whole,
// and then none of the submissions is stored.
//
// The rows are sent together, in one round trip, up to the first that
// fails; that one is dealt with on its own and the rest sent again.
func (db *DB) insertGroup(ins []*insertion) error {
	// The callers' contexts do not end this transaction: one caller
	// giving up must not fail the others.
	ctx := context.Background()
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return err
	}
	pending := make([]*insertion, 0, len(ins))
	for _, in := range ins {
		if in.nextAttempt() {
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
		if !pending[0].failed(ctx, tx, err) {
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
func insertRows(ctx context.Context, tx pgx.Tx, ins []*insertion) (int, error) {
	b := &pgx.Batch{}
	inserted := 0
	for _, in := range ins {
		s := &in.row
		b.Queue(`SAVEPOINT submission`)
		args := []any{
			s.Reference, string(s.Kind), s.Lang, string(s.Status), s.SpamReason, nullTime(s.ExpiresAt),
			nullString(s.IdempotencyKey), s.Consent.PrivacyVersion, s.Consent.Lang, s.Consent.At, s.CreatedAt,
			s.UpdatedAt, in.data, in.sealed,
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

// nextAttempt gives in a new reference to try. It reports false, with in.err
// set, when in has had all its attempts or no reference can be made.
func (in *insertion) nextAttempt() bool {
	if in.attempts == record.ReferenceAttempts {
		in.err = fmt.Errorf("postgres: no free reference after %d attempts: %w", record.ReferenceAttempts, in.lastErr)
		return false
	}
	in.attempts++
	var err error
	if in.row.Reference, err = in.newReference(); err != nil {
		in.err = err
		return false
	}
	return true
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
// reference.
func (in *insertion) failed(ctx context.Context, tx pgx.Tx, err error) (retry bool) {
	in.lastErr = err
	if isUnstorableText(err) {
		in.err = senderos.Errorf(senderos.EINVALID, "The submission contains characters that cannot be stored.")
		return false
	} else if !isUniqueViolation(err) {
		in.err = fmt.Errorf("postgres: insert submission: %w", err)
		return false
	}

	// Either the idempotency key or the reference is taken. A unique
	// violation is only reported once the row holding the key has
	// committed, or if it is earlier in this transaction, so if it is
	// not there the reference collided: try another. A lookup that fails
	// the transaction fails the commit too.
	if in.row.IdempotencyKey != "" {
		other, err := findOne(ctx, tx, in.keys, `idempotency_key = $1`, in.row.IdempotencyKey)
		if err == nil {
			in.existing = other
			if err := renewConsent(ctx, tx, other, in.row.Consent); err != nil {
				in.err = err // and the commit fails: tx is aborted
			}
			return false
		} else if senderos.ErrorCode(err) != senderos.ENOTFOUND {
			in.err = err
			return false
		}
	}
	return in.nextAttempt()
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Insertion is one submission on its way into the database, and what became
// of it. CreateSubmission queues it; the group commit fills in the results.
type Insertion struct {
	Row    senderos.Submission // ID and Reference are set once inserted
	Data   []byte              // Row's payload, in clear
	Sealed []byte              // its personal part, sealed

	// Existing is the row already stored with Row's key, if any.
	Existing *senderos.Submission
	// Err is why this submission alone was not stored.
	Err error

	newReference func() (string, error)
	attempts     int   // references tried
	lastErr      error // why the last one failed
}

// NewInsertion returns s, made ready and sealed, as CreateSubmission
// queues it, with references made by newReference.
func NewInsertion(s *senderos.Submission, data, sealed []byte, newReference func() (string, error)) *Insertion {
	return &Insertion{Row: *s, Data: data, Sealed: sealed, newReference: newReference}
}

// InsertGroup inserts the submissions in one durable transaction, as the
// group commit does (with the engine's Dialect.InsertGroup if it has one):
// each is stored, or says in Err why it alone was not, or names in Existing
// the row stored with its key. It returns an error only when the
// transaction failed as a whole, and then none of them is stored.
func (db *DB) InsertGroup(ins []*Insertion) error {
	if db.dialect.InsertGroup != nil {
		return db.dialect.InsertGroup(db, ins)
	}
	return db.insertGroup(ins)
}

// NextAttempt gives in a new reference to try. It reports false, with Err
// set, when in has had all its attempts or no reference can be made.
func (in *Insertion) NextAttempt() bool {
	if in.attempts == record.ReferenceAttempts {
		in.Err = fmt.Errorf("no free reference after %d attempts: %w", record.ReferenceAttempts, in.lastErr)
		return false
	}
	in.attempts++
	var err error
	if in.Row.Reference, err = in.newReference(); err != nil {
		in.Err = err
		return false
	}
	return true
}

// Refused records that db refused to insert in with err, once the
// transaction is back at in's savepoint. It reports whether a unique
// constraint refused it: either the idempotency key or the reference is
// taken, and the caller looks for the row holding the key (see Keep),
// else tries another reference. Otherwise Err is set: EINVALID for text
// the engine cannot store.
func (in *Insertion) Refused(db *DB, err error) (taken bool) {
	in.lastErr = err
	switch db.dialect.Classify(err) {
	case UniqueViolation, PrimaryKeyViolation:
		return true
	case UnstorableText:
		in.Err = senderos.Errorf(senderos.EINVALID, "The submission contains characters that cannot be stored.")
	default:
		in.Err = fmt.Errorf("%s: insert submission: %w", db.dialect.Name, err)
	}
	return false
}

// Found records the outcome of looking up, after a unique violation, the
// row stored with in's idempotency key: the row (with err nil), or
// ENOTFOUND when the reference collided instead, or another error. It
// reports whether in should be tried again with a new reference.
func (in *Insertion) Found(other *senderos.Submission, err error) (retry bool) {
	switch {
	case err == nil:
		in.Existing = other
		return false
	case senderos.ErrorCode(err) != senderos.ENOTFOUND:
		in.Err = err
		return false
	}
	return in.NextAttempt()
}

// insertGroup inserts the submissions in one durable transaction: a group
// commit. Each row is inserted under a savepoint of its own, so one that
// fails (a reference collision, retried; a key already stored; text that
// cannot be stored) undoes only itself. insertGroup returns an error only
// when the transaction failed as a whole, and then none of the submissions
// is stored.
func (db *DB) insertGroup(ins []*Insertion) error {
	// The callers' contexts do not end this transaction: one caller
	// giving up must not fail the others.
	ctx := context.Background()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for _, in := range ins {
		if err := db.insertOne(ctx, tx, in); err != nil {
			return errors.Join(err, tx.Rollback())
		}
	}
	return tx.Commit()
}

// insertOne inserts in within tx, trying new references while they collide,
// and records the outcome in in. It returns an error only when tx itself is
// lost.
func (db *DB) insertOne(ctx context.Context, tx *Tx, in *Insertion) error {
	for retry := in.NextAttempt(); retry; {
		if _, err := tx.ExecContext(ctx, `SAVEPOINT submission`); err != nil {
			return err
		}
		err := db.insertRow(ctx, tx, &in.Row, in.Data, in.Sealed)
		if err == nil {
			_, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT submission`)
			return err
		}
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT submission`); rerr != nil {
			return fmt.Errorf("undo failed insert: %w", errors.Join(err, rerr))
		}
		if _, rerr := tx.ExecContext(ctx, `RELEASE SAVEPOINT submission`); rerr != nil {
			return fmt.Errorf("undo failed insert: %w", errors.Join(err, rerr))
		}
		if !in.Refused(db, err) {
			return nil
		}
		// The row holding the key is committed or earlier in this
		// transaction, which sees both, so if it is not there the
		// reference collided: try another.
		if in.Row.IdempotencyKey == "" {
			retry = in.NextAttempt()
			continue
		}
		other, err := db.findOne(ctx, tx, `idempotency_key = ?`, in.Row.IdempotencyKey)
		if retry = in.Found(other, err); !retry && in.Existing != nil {
			return db.renewConsent(ctx, tx, in.Existing, in.Row.Consent)
		}
	}
	return nil
}

// renewConsent records, in tx, the consent c given by sending cur's form
// again, if it is to another version of the privacy notice, and sets it in
// cur. An error means tx is lost.
func (db *DB) renewConsent(ctx context.Context, tx *Tx, cur *senderos.Submission, c senderos.Consent) error {
	e := record.RenewConsent(cur, c)
	if e == nil {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE submissions SET consent_privacy_version = ?, consent_lang = ?, consent_at = ? WHERE id = ?`,
		cur.Consent.PrivacyVersion, cur.Consent.Lang, cur.Consent.At, cur.ID); err != nil {
		return db.errorf("renew consent", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO events (submission_id, at, type, from_value, to_value) VALUES (?, ?, ?, ?, ?)`,
		e.SubmissionID, e.At, string(e.Type), e.From, e.To); err != nil {
		return db.errorf("renew consent", err)
	}
	return nil
}

// insertRow adds s as a new row in tx and sets its ID, with its family's
// rows and its staff notification in the outbox if s asks for one: under
// the same savepoint, so that all or none are stored.
func (db *DB) insertRow(ctx context.Context, tx *Tx, s *senderos.Submission, data, sealed []byte) error {
	if err := tx.QueryRowContext(ctx, `INSERT INTO submissions (
		reference, kind, lang, status, spam_reason, expires_at, idempotency_key,
		consent_privacy_version, consent_lang, consent_at, created_at, updated_at, data, sealed
	) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		s.Reference, string(s.Kind), s.Lang, string(s.Status), s.SpamReason, nullTime(s.ExpiresAt),
		sql.NullString{String: s.IdempotencyKey, Valid: s.IdempotencyKey != ""},
		s.Consent.PrivacyVersion, s.Consent.Lang, s.Consent.At, s.CreatedAt,
		s.UpdatedAt, string(data), nullBytes(sealed),
	).Scan(&s.ID); err != nil {
		return err
	}
	if err := insertFamily(ctx, tx, s); err != nil {
		return err
	}
	if s.NotifyStaff {
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (submission_id, created_at, due_at) VALUES (?, ?, ?)`,
			s.ID, s.CreatedAt, s.CreatedAt); err != nil {
			return fmt.Errorf("queue notification: %w", err)
		}
	}
	return nil
}

// insertFamily adds the rows of migration 0007 for s, stored with its ID,
// if it is a family's submission, unless they are there: another process
// opening the same database at once may be filling them too.
func insertFamily(ctx context.Context, tx *Tx, s *senderos.Submission) error {
	f, ok := record.FamilyOf(s)
	if !ok {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO families (
		submission_id, adults, children, household, school_age, spanish_level, driving_licence,
		bedrooms, needs_school, needs_health_centre, move_when, province_code
	) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		s.ID, f.Adults, f.Children, f.Household, f.SchoolAge, f.SpanishLevel, f.DrivingLicence,
		f.Bedrooms, f.NeedsSchool, f.NeedsHealthCentre, f.MoveWhen, f.Province); err != nil {
		return fmt.Errorf("insert family: %w", err)
	}
	for _, r := range f.Regions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO family_regions (submission_id, region) VALUES (?, ?) ON CONFLICT DO NOTHING`, s.ID, r); err != nil {
			return fmt.Errorf("insert family region: %w", err)
		}
	}
	for _, c := range f.Sectors {
		if _, err := tx.ExecContext(ctx, `INSERT INTO family_sectors (submission_id, sector) VALUES (?, ?) ON CONFLICT DO NOTHING`, s.ID, c); err != nil {
			return fmt.Errorf("insert family sector: %w", err)
		}
	}
	return nil
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// maxGroup is how many submissions one transaction may insert. The groups
// are as large as the requests that arrive during a commit, so this only
// bounds how long a transaction holds the write lock under a flood.
const maxGroup = 128

// insertion is one submission on its way into the database, and what became
// of it. CreateSubmission queues it; insertGroup fills in the results.
type insertion struct {
	row          senderos.Submission // ID and Reference are set once inserted
	data         []byte              // row's payload, in clear
	sealed       []byte              // its personal part, sealed
	newReference func() (string, error)

	existing *senderos.Submission // the row already stored with row's key
	err      error                // why this submission alone was not stored
}

// querier is what findOne needs of the reader pool or of a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// insertGroup inserts the submissions in one durable transaction: a group
// commit. Each row is inserted under a savepoint of its own, so one that
// fails (a reference collision, retried; a key already stored) undoes only
// itself. insertGroup returns an error only when the transaction failed
// as a whole, and then none of the submissions is stored.
func (db *DB) insertGroup(ins []*insertion) error {
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
func (db *DB) insertOne(ctx context.Context, tx *sql.Tx, in *insertion) error {
	var err error
	for range record.ReferenceAttempts {
		if in.row.Reference, err = in.newReference(); err != nil {
			in.err = err
			return nil
		}
		if _, err := tx.ExecContext(ctx, `SAVEPOINT submission`); err != nil {
			return err
		}
		if err = insertRow(ctx, tx, &in.row, in.data, in.sealed); err == nil {
			_, err := tx.ExecContext(ctx, `RELEASE submission`)
			return err
		}
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO submission`); rerr != nil {
			return fmt.Errorf("undo failed insert: %w", errors.Join(err, rerr))
		}
		if _, rerr := tx.ExecContext(ctx, `RELEASE submission`); rerr != nil {
			return fmt.Errorf("undo failed insert: %w", errors.Join(err, rerr))
		}
		if !isUniqueViolation(err) {
			in.err = fmt.Errorf("sqlite: insert submission: %w", err)
			return nil
		}

		// Either the idempotency key or the reference is taken. The row
		// holding the key is committed or earlier in this transaction,
		// which sees both, so if it is not there the reference collided:
		// try another.
		if in.row.IdempotencyKey != "" {
			other, err := findOne(ctx, tx, db.keys, `idempotency_key = ?`, in.row.IdempotencyKey)
			if err == nil {
				in.existing = other
				return renewConsent(ctx, tx, other, in.row.Consent)
			} else if senderos.ErrorCode(err) != senderos.ENOTFOUND {
				in.err = err
				return nil
			}
		}
	}
	in.err = fmt.Errorf("sqlite: no free reference after %d attempts: %w", record.ReferenceAttempts, err)
	return nil
}

// renewConsent records, in tx, the consent c given by sending cur's form
// again, if it is to another version of the privacy notice, and sets it in
// cur. An error means tx is lost.
func renewConsent(ctx context.Context, tx *sql.Tx, cur *senderos.Submission, c senderos.Consent) error {
	e := record.RenewConsent(cur, c)
	if e == nil {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE submissions SET consent_privacy_version = ?, consent_lang = ?, consent_at = ? WHERE id = ?`,
		cur.Consent.PrivacyVersion, cur.Consent.Lang, formatTime(cur.Consent.At), cur.ID); err != nil {
		return fmt.Errorf("sqlite: renew consent: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO events (submission_id, at, type, from_value, to_value) VALUES (?, ?, ?, ?, ?)`,
		e.SubmissionID, formatTime(e.At), string(e.Type), e.From, e.To); err != nil {
		return fmt.Errorf("sqlite: renew consent: %w", err)
	}
	return nil
}

// insertRow adds s as a new row in tx and sets its ID, with its family's
// rows and its staff notification in the outbox if s asks for one: under
// the same savepoint, so that all or none are stored.
func insertRow(ctx context.Context, tx *sql.Tx, s *senderos.Submission, data, sealed []byte) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO submissions (
		reference, kind, lang, status, spam_reason, expires_at, idempotency_key,
		consent_privacy_version, consent_lang, consent_at, created_at, updated_at, data, sealed
	) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.Reference, string(s.Kind), s.Lang, string(s.Status), s.SpamReason, nullTime(s.ExpiresAt),
		sql.NullString{String: s.IdempotencyKey, Valid: s.IdempotencyKey != ""},
		s.Consent.PrivacyVersion, s.Consent.Lang, formatTime(s.Consent.At), formatTime(s.CreatedAt),
		formatTime(s.UpdatedAt), string(data), nullBytes(sealed),
	)
	if err != nil {
		return err
	}
	if s.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("read new id: %w", err)
	}
	if err := insertFamily(ctx, tx, s); err != nil {
		return err
	}
	if s.NotifyStaff {
		at := formatTime(s.CreatedAt)
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (submission_id, created_at, due_at) VALUES (?, ?, ?)`, s.ID, at, at); err != nil {
			return fmt.Errorf("queue notification: %w", err)
		}
	}
	return nil
}

// execer is what insertFamily needs of a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// insertFamily adds the rows of migration 0007 for s, stored with its ID,
// if it is a family's submission.
func insertFamily(ctx context.Context, tx execer, s *senderos.Submission) error {
	f, ok := record.FamilyOf(s)
	if !ok {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO families (
		submission_id, adults, children, household, school_age, spanish_level, driving_licence,
		bedrooms, needs_school, needs_health_centre, move_when, province_code
	) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, f.Adults, f.Children, f.Household, f.SchoolAge, f.SpanishLevel, f.DrivingLicence,
		f.Bedrooms, f.NeedsSchool, f.NeedsHealthCentre, f.MoveWhen, f.Province); err != nil {
		return fmt.Errorf("insert family: %w", err)
	}
	for _, r := range f.Regions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO family_regions (submission_id, region) VALUES (?, ?)`, s.ID, r); err != nil {
			return fmt.Errorf("insert family region: %w", err)
		}
	}
	for _, c := range f.Sectors {
		if _, err := tx.ExecContext(ctx, `INSERT INTO family_sectors (submission_id, sector) VALUES (?, ?)`, s.ID, c); err != nil {
			return fmt.Errorf("insert family sector: %w", err)
		}
	}
	return nil
}

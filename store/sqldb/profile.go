package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure ProfileService implements the domain interface.
var _ senderos.ProfileService = (*ProfileService)(nil)

// ProfileService stores published municipality profiles in a DB. A
// profile is public: it holds no personal data and is stored in clear.
type ProfileService struct {
	db *DB

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// NewProfileService returns a ProfileService on db.
func NewProfileService(db *DB) *ProfileService {
	return &ProfileService{db: db, Now: time.Now}
}

// PublishProfile stores p, replacing the profile with the same Code, and
// sets PublishedAt (the first time) and UpdatedAt. Returns EINVALID
// without a code or name.
func (svc *ProfileService) PublishProfile(ctx context.Context, p *senderos.Profile) error {
	if err := record.ValidateProfile(p); err != nil {
		return err
	}
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return svc.db.errorf("publish profile", err)
	}
	defer tx.Rollback()
	now := record.Time(svc.Now())
	p.PublishedAt, p.UpdatedAt = now, now
	old, err := svc.db.findProfile(ctx, tx, p.Code, true)
	if err == nil {
		p.PublishedAt = old.PublishedAt
	} else if senderos.ErrorCode(err) != senderos.ENOTFOUND {
		return err
	}
	if err := svc.db.writeProfile(ctx, tx, p); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return svc.db.errorf("publish profile", err)
	}
	return nil
}

// writeProfile inserts or replaces p in tx.
func (db *DB) writeProfile(ctx context.Context, tx *Tx, p *senderos.Profile) error {
	data, err := json.Marshal(p)
	if err != nil {
		return db.errorf("encode profile", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO profiles (code, submission_id, data, published_at, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET submission_id = excluded.submission_id, data = excluded.data,
			updated_at = excluded.updated_at`,
		p.Code, sql.NullInt64{Int64: p.SubmissionID, Valid: p.SubmissionID != 0}, string(data),
		p.PublishedAt, p.UpdatedAt)
	if db.Is(err, ForeignKeyViolation) {
		return senderos.Errorf(senderos.EINVALID, "Unknown submission.")
	} else if db.Is(err, UnstorableText) {
		return senderos.Errorf(senderos.EINVALID, "The profile contains characters that cannot be stored.")
	} else if err != nil {
		return db.errorf("publish profile", err)
	}
	return nil
}

// FindProfile returns the profile with code, or ENOTFOUND, with the
// summary of its open offers.
func (svc *ProfileService) FindProfile(ctx context.Context, code string) (*senderos.Profile, error) {
	p, err := svc.db.findProfile(ctx, svc.db.read, code, false)
	if err != nil {
		return nil, err
	}
	if err := svc.db.fillOffers(ctx, svc.db.read, p); err != nil {
		return nil, err
	}
	return p, nil
}

// findProfile returns the profile with code in q, or ENOTFOUND, locking
// its row in a transaction when forUpdate is set.
func (db *DB) findProfile(ctx context.Context, q querier, code string, forUpdate bool) (*senderos.Profile, error) {
	query := `SELECT submission_id, data, published_at, updated_at FROM profiles WHERE code = ?`
	if forUpdate {
		query += db.dialect.ForUpdate
	}
	p, err := scanProfile(q.QueryRowContext(ctx, query, code))
	if errors.Is(err, sql.ErrNoRows) || db.Is(err, UnstorableText) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Profile not found.")
	} else if err != nil {
		return nil, db.errorf("find profile", err)
	}
	return p, nil
}

// FindProfiles lists every published profile, by name, with the summary
// of its open offers.
func (svc *ProfileService) FindProfiles(ctx context.Context) ([]*senderos.Profile, error) {
	rows, err := svc.db.read.QueryContext(ctx, `SELECT submission_id, data, published_at, updated_at FROM profiles`)
	if err != nil {
		return nil, svc.db.errorf("find profiles", err)
	}
	defer rows.Close()
	profiles := []*senderos.Profile{}
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, svc.db.errorf("find profiles", err)
		}
		profiles = append(profiles, p)
	}
	if err := rows.Err(); err != nil {
		return nil, svc.db.errorf("find profiles", err)
	}
	if err := rows.Close(); err != nil {
		return nil, svc.db.errorf("find profiles", err)
	}
	if err := svc.db.fillOffers(ctx, svc.db.read, profiles...); err != nil {
		return nil, err
	}
	record.SortProfiles(profiles)
	return profiles, nil
}

// AddJobOffer appends job to the offers of the profile with code and
// returns the profile. Returns ENOTFOUND without such a profile, EINVALID
// for an incomplete offer.
func (svc *ProfileService) AddJobOffer(ctx context.Context, code string, job senderos.JobOffer) (*senderos.Profile, error) {
	if err := record.ValidateJob(job); err != nil {
		return nil, err
	}
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("add job offer", err)
	}
	defer tx.Rollback()
	p, err := svc.db.findProfile(ctx, tx, code, true)
	if err != nil {
		return nil, err
	}
	p.Jobs = append(p.Jobs, job)
	p.UpdatedAt = record.Time(svc.Now())
	if err := svc.db.writeProfile(ctx, tx, p); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, svc.db.errorf("add job offer", err)
	}
	return p, nil
}

// scanProfile reads a profile's row.
func scanProfile(row interface{ Scan(...any) error }) (*senderos.Profile, error) {
	var (
		p                  senderos.Profile
		submission         sql.NullInt64
		data               []byte
		published, updated time.Time
	)
	if err := row.Scan(&submission, &data, at(&published), at(&updated)); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("decode profile: %w", err)
	}
	p.SubmissionID, p.PublishedAt, p.UpdatedAt = submission.Int64, published, updated
	return &p, nil
}

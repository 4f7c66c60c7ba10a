package sqlite

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
		return fmt.Errorf("sqlite: publish profile: %w", err)
	}
	defer tx.Rollback()
	now := record.Time(svc.Now())
	p.PublishedAt, p.UpdatedAt = now, now
	old, err := findProfile(ctx, tx, p.Code)
	if err == nil {
		p.PublishedAt = old.PublishedAt
	} else if senderos.ErrorCode(err) != senderos.ENOTFOUND {
		return err
	}
	if err := writeProfile(ctx, tx, p); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: publish profile: %w", err)
	}
	return nil
}

// writeProfile inserts or replaces p.
func writeProfile(ctx context.Context, tx *sql.Tx, p *senderos.Profile) error {
	data, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("sqlite: encode profile: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO profiles (code, submission_id, data, published_at, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET submission_id = excluded.submission_id, data = excluded.data,
			updated_at = excluded.updated_at`,
		p.Code, sql.NullInt64{Int64: p.SubmissionID, Valid: p.SubmissionID != 0}, string(data),
		formatTime(p.PublishedAt), formatTime(p.UpdatedAt))
	if isForeignKeyViolation(err) {
		return senderos.Errorf(senderos.EINVALID, "Unknown submission.")
	} else if err != nil {
		return fmt.Errorf("sqlite: publish profile: %w", err)
	}
	return nil
}

// FindProfile returns the profile with code, or ENOTFOUND.
func (svc *ProfileService) FindProfile(ctx context.Context, code string) (*senderos.Profile, error) {
	return findProfile(ctx, svc.db.read, code)
}

// findProfile returns the profile with code in db, or ENOTFOUND.
func findProfile(ctx context.Context, db querier, code string) (*senderos.Profile, error) {
	p, err := scanProfile(db.QueryRowContext(ctx, `SELECT submission_id, data, published_at, updated_at FROM profiles WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Profile not found.")
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: find profile: %w", err)
	}
	return p, nil
}

// FindProfiles lists every published profile, by name.
func (svc *ProfileService) FindProfiles(ctx context.Context) ([]*senderos.Profile, error) {
	rows, err := svc.db.read.QueryContext(ctx, `SELECT submission_id, data, published_at, updated_at FROM profiles`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find profiles: %w", err)
	}
	defer rows.Close()
	profiles := []*senderos.Profile{}
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: find profiles: %w", err)
		}
		profiles = append(profiles, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: find profiles: %w", err)
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
		return nil, fmt.Errorf("sqlite: add job offer: %w", err)
	}
	defer tx.Rollback()
	p, err := findProfile(ctx, tx, code)
	if err != nil {
		return nil, err
	}
	p.Jobs = append(p.Jobs, job)
	p.UpdatedAt = record.Time(svc.Now())
	if err := writeProfile(ctx, tx, p); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: add job offer: %w", err)
	}
	return p, nil
}

// scanProfile reads a profile's row.
func scanProfile(row interface{ Scan(...any) error }) (*senderos.Profile, error) {
	var (
		p                        senderos.Profile
		submission               sql.NullInt64
		data, published, updated string
	)
	if err := row.Scan(&submission, &data, &published, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(data), &p); err != nil {
		return nil, fmt.Errorf("decode profile: %w", err)
	}
	p.SubmissionID = submission.Int64
	var err error
	if p.PublishedAt, err = parseTime(published); err != nil {
		return nil, err
	}
	if p.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, err
	}
	return &p, nil
}

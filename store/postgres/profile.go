package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/jackc/pgx/v5"
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
	now := record.Time(svc.Now())
	return pgx.BeginFunc(ctx, svc.db.pool, func(tx pgx.Tx) error {
		p.PublishedAt, p.UpdatedAt = now, now
		old, err := findProfile(ctx, tx, p.Code, true)
		if err == nil {
			p.PublishedAt = old.PublishedAt
		} else if senderos.ErrorCode(err) != senderos.ENOTFOUND {
			return err
		}
		return writeProfile(ctx, tx, p)
	})
}

// writeProfile inserts or replaces p.
func writeProfile(ctx context.Context, tx pgx.Tx, p *senderos.Profile) error {
	data, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("postgres: encode profile: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO profiles (code, submission_id, data, published_at, updated_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (code) DO UPDATE SET submission_id = excluded.submission_id, data = excluded.data,
			updated_at = excluded.updated_at`,
		p.Code, nullInt(p.SubmissionID), data, p.PublishedAt, p.UpdatedAt)
	if isForeignKeyViolation(err) {
		return senderos.Errorf(senderos.EINVALID, "Unknown submission.")
	} else if isUnstorableText(err) {
		return senderos.Errorf(senderos.EINVALID, "The profile contains characters that cannot be stored.")
	} else if err != nil {
		return fmt.Errorf("postgres: publish profile: %w", err)
	}
	return nil
}

// FindProfile returns the profile with code, or ENOTFOUND.
func (svc *ProfileService) FindProfile(ctx context.Context, code string) (*senderos.Profile, error) {
	return findProfile(ctx, svc.db.pool, code, false)
}

// findProfile returns the profile with code in db, or ENOTFOUND, locking
// its row in a transaction when forUpdate is set.
func findProfile(ctx context.Context, db querier, code string, forUpdate bool) (*senderos.Profile, error) {
	query := `SELECT submission_id, data, published_at, updated_at FROM profiles WHERE code = $1`
	if forUpdate {
		query += ` FOR UPDATE`
	}
	p, err := scanProfile(db.QueryRow(ctx, query, code))
	if errors.Is(err, pgx.ErrNoRows) || isUnstorableText(err) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Profile not found.")
	} else if err != nil {
		return nil, fmt.Errorf("postgres: find profile: %w", err)
	}
	return p, nil
}

// FindProfiles lists every published profile, by name.
func (svc *ProfileService) FindProfiles(ctx context.Context) ([]*senderos.Profile, error) {
	rows, err := svc.db.pool.Query(ctx, `SELECT submission_id, data, published_at, updated_at FROM profiles`)
	if err != nil {
		return nil, fmt.Errorf("postgres: find profiles: %w", err)
	}
	defer rows.Close()
	profiles := []*senderos.Profile{}
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: find profiles: %w", err)
		}
		profiles = append(profiles, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: find profiles: %w", err)
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
	var p *senderos.Profile
	err := pgx.BeginFunc(ctx, svc.db.pool, func(tx pgx.Tx) error {
		var err error
		if p, err = findProfile(ctx, tx, code, true); err != nil {
			return err
		}
		p.Jobs = append(p.Jobs, job)
		p.UpdatedAt = record.Time(svc.Now())
		return writeProfile(ctx, tx, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// scanProfile reads a profile's row.
func scanProfile(row pgx.Row) (*senderos.Profile, error) {
	var (
		p          senderos.Profile
		submission *int64
		data       []byte
	)
	if err := row.Scan(&submission, &data, &p.PublishedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	published, updated := p.PublishedAt.UTC(), p.UpdatedAt.UTC()
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("decode profile: %w", err)
	}
	p.PublishedAt, p.UpdatedAt = published, updated
	if submission != nil {
		p.SubmissionID = *submission
	}
	return &p, nil
}

package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/atlas"
	"github.com/cepaim/senderos/store/internal/record"
)

// villageColumns are the columns scanVillage reads: the profile p of an
// approved municipality and its row of villages v, if any.
const villageColumns = `p.code, p.data, p.published_at, p.updated_at, p.submission_id, v.hospital_km, v.town_km, v.updated_at`

// villageFrom joins the published profiles of approved municipalities with
// their distances.
const villageFrom = ` FROM profiles p JOIN submissions s ON s.id = p.submission_id LEFT JOIN villages v ON v.code = p.code
	WHERE s.kind = 'municipality' AND s.status = 'approved' AND s.blocked_at IS NULL`

// SaveVillage stores v's distances and the services of its published
// profile, with an audit entry, in one transaction. EINVALID for what
// Validate finds, ENOTFOUND for a municipality not approved.
func (svc *OfferService) SaveVillage(ctx context.Context, v *senderos.Village, by int64, now time.Time) error {
	return svc.db.inTx(ctx, "save village", func(tx *Tx) error {
		return svc.db.saveVillage(ctx, tx, v, by, now)
	})
}

// saveVillage stores v in tx, audited as by.
func (db *DB) saveVillage(ctx context.Context, tx *Tx, v *senderos.Village, by int64, now time.Time) error {
	if p := v.Validate(); len(p) > 0 {
		return p
	}
	if _, err := db.approvedSignup(ctx, tx, v.Code); err != nil {
		return err
	}
	p, err := db.findProfile(ctx, tx, v.Code, true)
	if err != nil {
		return err
	}
	now = record.Time(now)
	services := append([]string{}, v.Services...)
	sort.Strings(services)
	p.Services, p.UpdatedAt = services, now
	if err := db.writeProfile(ctx, tx, p); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO villages (code, hospital_km, town_km, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET hospital_km = excluded.hospital_km, town_km = excluded.town_km,
			updated_at = excluded.updated_at`, v.Code, v.HospitalKm, v.TownKm, now); err != nil {
		return db.errorf("save village", err)
	}
	if err := db.auditOffer(ctx, tx, by, senderos.AuditOffer, v.Code, "village updated", now); err != nil {
		return err
	}
	v.Services, v.UpdatedAt = services, now
	v.Name, v.Region = p.Name, regionOf(p)
	return nil
}

// regionOf returns the INE code of the autonomous community of profile p's
// municipality, from the official list; the profile's region if the list
// does not have it.
func regionOf(p *senderos.Profile) string {
	if m, ok := atlas.Lookup(p.Code); ok && m.RegionCode != "" {
		return m.RegionCode
	}
	return p.Region
}

// FindVillage returns the facts of approved municipality code, or
// ENOTFOUND.
func (svc *OfferService) FindVillage(ctx context.Context, code string) (*senderos.Village, error) {
	v, err := svc.db.scanVillage(svc.db.read.QueryRowContext(ctx, `SELECT `+villageColumns+villageFrom+` AND p.code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) || svc.db.Is(err, UnstorableText) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Municipality not found.")
	} else if err != nil {
		return nil, svc.db.errorf("find village", err)
	}
	return v, nil
}

// FindVillages lists the facts of every approved municipality, by code.
func (svc *OfferService) FindVillages(ctx context.Context) ([]*senderos.Village, error) {
	return svc.db.findVillages(ctx, svc.db.read)
}

// findVillages lists the villages of approved municipalities in q, by
// code.
func (db *DB) findVillages(ctx context.Context, q querier) ([]*senderos.Village, error) {
	return queryAll(ctx, db, q, "find villages", db.scanVillage, `SELECT `+villageColumns+villageFrom+` ORDER BY p.code`)
}

// scanVillage reads one row of villageColumns.
func (db *DB) scanVillage(row interface{ Scan(...any) error }) (*senderos.Village, error) {
	var (
		code           string
		data           []byte
		pub, upd       time.Time
		sub            sql.NullInt64
		hospital, town sql.NullInt64
		villageUpdated time.Time
	)
	if err := row.Scan(&code, &data, at(&pub), at(&upd), &sub, &hospital, &town, at(&villageUpdated)); err != nil {
		return nil, err
	}
	var p senderos.Profile
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("decode profile: %w", err)
	}
	p.Code, p.UpdatedAt = code, upd
	v := &senderos.Village{Code: code, Name: p.Name, Region: regionOf(&p), Services: append([]string{}, p.Services...),
		HospitalKm: int(hospital.Int64), TownKm: int(town.Int64), UpdatedAt: villageUpdated}
	if v.UpdatedAt.IsZero() {
		v.UpdatedAt = p.UpdatedAt
	}
	return v, nil
}

package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure VillageService implements the domain interface.
var _ senderos.VillageService = (*VillageService)(nil)

// VillageService keeps the villages' private links and the changes
// proposed by them in a DB. Only a link's token hash is stored. A link and
// a change go with the municipality's sign-up: a link opens nothing once
// the sign-up is erased, and both are destroyed when it is purged.
type VillageService struct {
	db *DB

	// NewToken makes a link's token; tests replace it.
	NewToken func() (string, error)
}

// NewVillageService returns a VillageService on db.
func NewVillageService(db *DB) *VillageService {
	return &VillageService{db: db, NewToken: senderos.NewFamilyToken}
}

// villageLinkColumns are the columns scanVillageLink reads, from
// village_links l.
const villageLinkColumns = `l.id, l.municipality_code, l.token_hash, l.created_by, l.created_at, l.expires_at, l.revoked_at`

// CreateVillageLink stores a new link to municipality code's page, with an
// audit entry, in one transaction, and returns it with its token. EINVALID
// when it expires before it is made, ENOTFOUND for a municipality not
// approved.
func (svc *VillageService) CreateVillageLink(ctx context.Context, code string, by int64, now, expires time.Time) (*senderos.VillageLink, string, error) {
	l := &senderos.VillageLink{Municipality: code, CreatedBy: by, CreatedAt: record.Time(now), ExpiresAt: record.OptionalTime(expires)}
	fl := senderos.FamilyLink{CreatedAt: l.CreatedAt, ExpiresAt: l.ExpiresAt}
	if p := fl.Validate(); len(p) > 0 {
		return nil, "", p
	}
	var token string
	err := svc.db.inTx(ctx, "create village link", func(tx *Tx) error {
		sub, err := svc.db.approvedSignup(ctx, tx, code)
		if err != nil {
			return err
		}
		if token, err = svc.NewToken(); err != nil {
			return err
		}
		l.TokenHash = senderos.HashFamilyToken(token)
		err = tx.QueryRowContext(ctx, `INSERT INTO village_links (municipality_code, submission_id, token_hash, created_by,
			created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, code, sub, l.TokenHash, nullID(by), l.CreatedAt,
			l.ExpiresAt).Scan(&l.ID)
		if err := svc.db.offerErr("create village link", err); err != nil {
			return err
		}
		return svc.db.auditOffer(ctx, tx, by, senderos.AuditVillageLink, code, "link "+strconv.FormatInt(l.ID, 10)+" created", l.CreatedAt)
	})
	if err != nil {
		return nil, "", err
	}
	return l, token, nil
}

// RevokeVillageLink revokes link id at now. ENOTFOUND when there is no such
// link, ECONFLICT when it is revoked already. The front end audits who
// revoked it.
func (svc *VillageService) RevokeVillageLink(ctx context.Context, id int64, now time.Time) error {
	return svc.db.inTx(ctx, "revoke village link", func(tx *Tx) error {
		l, err := scanVillageLink(tx.QueryRowContext(ctx, `SELECT `+villageLinkColumns+` FROM village_links l WHERE l.id = ?`+svc.db.dialect.ForUpdate, id))
		if errors.Is(err, sql.ErrNoRows) {
			return senderos.Errorf(senderos.ENOTFOUND, "Link not found.")
		} else if err != nil {
			return svc.db.errorf("revoke village link", err)
		} else if !l.RevokedAt.IsZero() {
			return senderos.Errorf(senderos.ECONFLICT, "The link is revoked already.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE village_links SET revoked_at = ? WHERE id = ?`, record.Time(now), id); err != nil {
			return svc.db.errorf("revoke village link", err)
		}
		return nil
	})
}

// FindVillageLinks lists the links of municipality code, newest first.
func (svc *VillageService) FindVillageLinks(ctx context.Context, code string) ([]*senderos.VillageLink, error) {
	return queryAll(ctx, svc.db, svc.db.read, "find village links", scanVillageLink, `SELECT `+villageLinkColumns+`
		FROM village_links l WHERE l.municipality_code = ? ORDER BY l.created_at DESC, l.id DESC`, code)
}

// OpenVillageLink returns the municipality whose valid link's token hashes
// to tokenHash at now, or ENOTFOUND, the same for every reason: no such
// link, expired, revoked, or the municipality no longer approved.
func (svc *VillageService) OpenVillageLink(ctx context.Context, tokenHash string, now time.Time) (string, error) {
	notFound := senderos.Errorf(senderos.ENOTFOUND, "Link not found.")
	var sub int64
	l, err := scanVillageLink(prefixed{svc.db.read.QueryRowContext(ctx, `SELECT l.submission_id, `+villageLinkColumns+`
		FROM village_links l WHERE l.token_hash = ?`, tokenHash), []any{&sub}})
	if errors.Is(err, sql.ErrNoRows) || svc.db.Is(err, UnstorableText) {
		return "", notFound
	} else if err != nil {
		return "", svc.db.errorf("open village link", err)
	} else if !l.Valid(now) {
		return "", notFound
	}
	approved, err := svc.db.approvedSignup(ctx, svc.db.read, l.Municipality)
	if senderos.ErrorCode(err) == senderos.ENOTFOUND || (err == nil && approved != sub) {
		return "", notFound
	} else if err != nil {
		return "", err
	}
	return l.Municipality, nil
}

// scanVillageLink reads one row of villageLinkColumns.
func scanVillageLink(row interface{ Scan(...any) error }) (*senderos.VillageLink, error) {
	var l senderos.VillageLink
	var by sql.NullInt64
	if err := row.Scan(&l.ID, &l.Municipality, &l.TokenHash, &by, at(&l.CreatedAt), at(&l.ExpiresAt), at(&l.RevokedAt)); err != nil {
		return nil, err
	}
	l.CreatedBy = by.Int64
	return &l, nil
}

// changeData is what a change stores in clear: the job (without its
// contact), home or village it proposes.
type changeData struct {
	Job     *senderos.Job     `json:"job,omitempty"`
	Home    *senderos.Home    `json:"home,omitempty"`
	Village *senderos.Village `json:"village,omitempty"`
}

// ProposeChange stores c as pending, with an audit entry, in one
// transaction. The job, home or village it proposes are the link's
// municipality's, whatever they say. EINVALID for what Validate finds;
// ENOTFOUND for a municipality not approved, or when c closes (or ties a
// home to) an offer of another municipality or none: then nothing is
// stored.
func (svc *VillageService) ProposeChange(ctx context.Context, c *senderos.VillageChange, now time.Time) error {
	switch {
	case c.Job != nil:
		j := *c.Job
		j.Municipality, j.Status, j.Proposed, j.Taken, j.ID = c.Municipality, senderos.OfferOpen, 0, 0, 0
		c.Job = &j
	case c.Home != nil:
		h := *c.Home
		h.Municipality, h.Status, h.ID = c.Municipality, senderos.OfferOpen, 0
		c.Home = &h
	case c.Village != nil:
		v := *c.Village
		v.Code = c.Municipality
		c.Village = &v
	}
	if p := c.Validate(now); len(p) > 0 {
		return p
	}
	return svc.db.inTx(ctx, "propose change", func(tx *Tx) error {
		sub, err := svc.db.approvedSignup(ctx, tx, c.Municipality)
		if err != nil {
			return err
		}
		switch c.Kind {
		case senderos.ChangeCloseJob:
			if err := svc.db.ownOffer(ctx, tx, "jobs", c.TargetID, c.Municipality); err != nil {
				return err
			}
		case senderos.ChangeCloseHome:
			if err := svc.db.ownOffer(ctx, tx, "homes", c.TargetID, c.Municipality); err != nil {
				return err
			}
		case senderos.ChangeAddHome:
			if err := svc.db.checkHomeJob(ctx, tx, c.Home); err != nil {
				return err
			}
		}
		now = record.Time(now)
		data, contact, err := svc.db.sealChange(c)
		if err != nil {
			return err
		}
		c.At, c.Status, c.ReviewedBy, c.ReviewedAt = now, senderos.ChangePending, 0, time.Time{}
		err = tx.QueryRowContext(ctx, `INSERT INTO village_changes (municipality_code, submission_id, kind, target_id, data,
			contact, at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.Municipality, sub, c.Kind, c.TargetID,
			string(data), nullBytes(contact), now, c.Status).Scan(&c.ID)
		if err := svc.db.offerErr("propose change", err); err != nil {
			return err
		}
		return svc.db.auditOffer(ctx, tx, 0, senderos.AuditVillageChange, c.Municipality,
			"change:"+strconv.FormatInt(c.ID, 10)+" "+c.Kind+" proposed", now)
	})
}

// ownOffer returns ENOTFOUND unless table (jobs or homes) has row id of
// municipality code.
func (db *DB) ownOffer(ctx context.Context, tx *Tx, table string, id int64, code string) error {
	var got string
	err := tx.QueryRowContext(ctx, `SELECT municipality_code FROM `+table+` WHERE id = ?`, id).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && got != code) {
		return senderos.Errorf(senderos.ENOTFOUND, "Offer not found.")
	} else if err != nil {
		return db.errorf("find offer", err)
	}
	return nil
}

// sealChange returns what is stored of c: its offer in clear, without a
// job's contact, and that contact sealed (nil for none).
func (db *DB) sealChange(c *senderos.VillageChange) (data, contact []byte, err error) {
	d := changeData{Home: c.Home, Village: c.Village}
	if c.Job != nil {
		j := *c.Job
		if j.Contact != (senderos.Contact{}) {
			if contact, err = record.SealJSON(db.keys, record.LabelChangeContact, j.Contact); err != nil {
				return nil, nil, err
			}
		}
		j.Contact = senderos.Contact{}
		d.Job = &j
	}
	if data, err = json.Marshal(&d); err != nil {
		return nil, nil, fmt.Errorf("encode change: %w", err)
	}
	return data, contact, nil
}

// changeColumns are the columns scanChange reads, from village_changes v
// and the municipality's sign-up s.
const changeColumns = `v.id, v.municipality_code, v.kind, v.target_id, v.data, v.contact, v.at, v.status, v.reviewed_by,
	v.reviewed_at, s.blocked_at`

// FindChanges lists the changes of municipality code ("" for all), newest
// first, of the statuses given (all when none).
func (svc *VillageService) FindChanges(ctx context.Context, code string, status ...string) ([]*senderos.VillageChange, error) {
	conds, args := []string{"1 = 1"}, []any{}
	if code != "" {
		conds, args = append(conds, "v.municipality_code = ?"), append(args, code)
	}
	if len(status) > 0 {
		conds = append(conds, "v.status IN (?"+strings.Repeat(", ?", len(status)-1)+")")
		for _, s := range status {
			args = append(args, s)
		}
	}
	return queryAll(ctx, svc.db, svc.db.read, "find changes", svc.db.scanChange, `SELECT `+changeColumns+` FROM village_changes v
		JOIN submissions s ON s.id = v.submission_id WHERE `+strings.Join(conds, " AND ")+` ORDER BY v.at DESC, v.id DESC`, args...)
}

// scanChange reads one row of changeColumns and opens its contact, unless
// the sign-up is erased.
func (db *DB) scanChange(row interface{ Scan(...any) error }) (*senderos.VillageChange, error) {
	var (
		c             senderos.VillageChange
		data, contact []byte
		by            sql.NullInt64
		blocked       time.Time
		d             changeData
	)
	if err := row.Scan(&c.ID, &c.Municipality, &c.Kind, &c.TargetID, &data, &contact, at(&c.At), &c.Status, &by,
		at(&c.ReviewedAt), at(&blocked)); err != nil {
		return nil, err
	}
	c.ReviewedBy = by.Int64
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("decode change: %w", err)
	}
	c.Job, c.Home, c.Village = d.Job, d.Home, d.Village
	if c.Job != nil && blocked.IsZero() {
		if err := record.OpenJSON(db.keys, record.LabelChangeContact, contact, &c.Job.Contact); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

// ReviewChange applies (apply) or rejects pending change id, by staff
// account by, with its audit entry, in one transaction with the offer's
// change. ENOTFOUND for no such change, ECONFLICT when it is not pending;
// applying returns what OfferService would (EINVALID, ENOTFOUND,
// ECONFLICT), and then nothing is stored.
func (svc *VillageService) ReviewChange(ctx context.Context, id int64, apply bool, by int64, now time.Time) error {
	return svc.db.inTx(ctx, "review change", func(tx *Tx) error {
		c, err := svc.db.scanChange(tx.QueryRowContext(ctx, `SELECT `+changeColumns+` FROM village_changes v
			JOIN submissions s ON s.id = v.submission_id WHERE v.id = ?`+strings.Replace(svc.db.dialect.ForUpdate, "UPDATE", "UPDATE OF v", 1), id))
		if errors.Is(err, sql.ErrNoRows) {
			return senderos.Errorf(senderos.ENOTFOUND, "Change not found.")
		} else if err != nil {
			return svc.db.errorf("review change", err)
		} else if c.Status != senderos.ChangePending {
			return senderos.Errorf(senderos.ECONFLICT, "The change is %s already.", c.Status)
		}
		status := senderos.ChangeRejected
		if apply {
			status = senderos.ChangeApplied
			if err := svc.db.applyChange(ctx, tx, c, by, now); err != nil {
				return err
			}
		}
		now = record.Time(now)
		if _, err := tx.ExecContext(ctx, `UPDATE village_changes SET status = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?`,
			status, nullID(by), now, id); err != nil {
			return svc.db.offerErr("review change", err)
		}
		return svc.db.auditOffer(ctx, tx, by, senderos.AuditVillageChange, c.Municipality,
			"change:"+strconv.FormatInt(c.ID, 10)+" "+c.Kind+" "+status, now)
	})
}

// applyChange makes change c in tx, as staff account by, with what
// OfferService checks. A job or home it adds is created by the link (0).
func (db *DB) applyChange(ctx context.Context, tx *Tx, c *senderos.VillageChange, by int64, now time.Time) error {
	switch c.Kind {
	case senderos.ChangeAddJob:
		if c.Job == nil {
			return senderos.Errorf(senderos.ECONFLICT, "The change has no job offer.")
		}
		return db.createJob(ctx, tx, c.Job, 0, by, now)
	case senderos.ChangeAddHome:
		if c.Home == nil {
			return senderos.Errorf(senderos.ECONFLICT, "The change has no home.")
		}
		return db.createHome(ctx, tx, c.Home, 0, by, now)
	case senderos.ChangeVillage:
		if c.Village == nil {
			return senderos.Errorf(senderos.ECONFLICT, "The change has no village.")
		}
		return db.saveVillage(ctx, tx, c.Village, by, now)
	case senderos.ChangeCloseJob:
		return db.withdrawJob(ctx, tx, c.TargetID, c.Municipality, by, now)
	case senderos.ChangeCloseHome:
		return db.withdrawHome(ctx, tx, c.TargetID, c.Municipality, by, now)
	}
	return senderos.Errorf(senderos.ECONFLICT, "Unknown kind of change.")
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure FamilyService implements the domain interface.
var _ senderos.FamilyService = (*FamilyService)(nil)

// FamilyService keeps the family's private links and its feedback in a DB.
// Only a link's token hash is stored; a case whose record is erased opens
// by no link.
type FamilyService struct {
	db *DB

	// Now returns the current time; tests replace it.
	Now func() time.Time
	// NewToken makes a link's token; tests replace it.
	NewToken func() (string, error)
}

// NewFamilyService returns a FamilyService on db.
func NewFamilyService(db *DB) *FamilyService {
	return &FamilyService{db: db, Now: time.Now, NewToken: senderos.NewFamilyToken}
}

// linkColumns are the columns scanLink reads, from family_links l.
const linkColumns = `l.id, l.case_id, l.token_hash, l.created_by, l.created_at, l.expires_at, l.revoked_at`

// CreateFamilyLink stores a new link to case caseID, with an audit entry,
// in one transaction, and returns it with its token. See
// senderos.FamilyService.
func (svc *FamilyService) CreateFamilyLink(ctx context.Context, caseID, by int64, now, expires time.Time) (*senderos.FamilyLink, string, error) {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, "", svc.db.errorf("create family link", err)
	}
	defer tx.Rollback()

	c, err := svc.db.lockCase(ctx, tx, caseID)
	if err != nil {
		return nil, "", err
	}
	l := &senderos.FamilyLink{CaseID: c.ID, CreatedBy: by, CreatedAt: record.Time(now), ExpiresAt: record.OptionalTime(expires)}
	if p := l.Validate(); len(p) > 0 {
		return nil, "", p
	}
	token, err := svc.NewToken()
	if err != nil {
		return nil, "", err
	}
	l.TokenHash = senderos.HashFamilyToken(token)
	err = tx.QueryRowContext(ctx, `INSERT INTO family_links (case_id, token_hash, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, l.CaseID, l.TokenHash, nullID(by), l.CreatedAt, l.ExpiresAt).Scan(&l.ID)
	if svc.db.Is(err, ForeignKeyViolation) {
		return nil, "", senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	} else if err != nil {
		return nil, "", svc.db.errorf("create family link", err)
	}
	if err := svc.db.auditCase(ctx, tx, by, senderos.AuditFamilyLink, c, "link "+strconv.FormatInt(l.ID, 10)+" created", l.CreatedAt); err != nil {
		return nil, "", err
	}
	if err := tx.Commit(); err != nil {
		return nil, "", svc.db.errorf("create family link", err)
	}
	return l, token, nil
}

// RevokeFamilyLink revokes link id at now. Returns ENOTFOUND when there
// is no such link or its case's record is erased, ECONFLICT when it is
// revoked already. The front end audits who revoked it.
func (svc *FamilyService) RevokeFamilyLink(ctx context.Context, id int64, now time.Time) error {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return svc.db.errorf("revoke family link", err)
	}
	defer tx.Rollback()
	l, err := svc.db.scanLink(tx.QueryRowContext(ctx, `SELECT `+linkColumns+` FROM family_links l
		JOIN cases c ON c.id = l.case_id JOIN submissions s ON s.id = c.submission_id
		WHERE s.blocked_at IS NULL AND l.id = ?`+svc.db.dialect.ForUpdate, id))
	if errors.Is(err, sql.ErrNoRows) {
		return senderos.Errorf(senderos.ENOTFOUND, "Link not found.")
	} else if err != nil {
		return svc.db.errorf("revoke family link", err)
	} else if !l.RevokedAt.IsZero() {
		return senderos.Errorf(senderos.ECONFLICT, "The link is revoked already.")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE family_links SET revoked_at = ? WHERE id = ?`, record.Time(now), id); err != nil {
		return svc.db.errorf("revoke family link", err)
	}
	if err := tx.Commit(); err != nil {
		return svc.db.errorf("revoke family link", err)
	}
	return nil
}

// FindFamilyLinks lists the links of case caseID, newest first. Returns
// ENOTFOUND as FindCase.
func (svc *FamilyService) FindFamilyLinks(ctx context.Context, caseID int64) ([]*senderos.FamilyLink, error) {
	tx, err := svc.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, svc.db.errorf("find family links", err)
	}
	defer tx.Rollback()
	if _, err := svc.db.findCase(ctx, tx, `c.id = ?`, caseID); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+linkColumns+` FROM family_links l WHERE l.case_id = ?
		ORDER BY l.created_at DESC, l.id DESC`, caseID)
	if err != nil {
		return nil, svc.db.errorf("find family links", err)
	}
	defer rows.Close()
	out := []*senderos.FamilyLink{}
	for rows.Next() {
		l, err := svc.db.scanLink(rows)
		if err != nil {
			return nil, svc.db.errorf("find family links", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, svc.db.errorf("find family links", err)
	}
	return out, nil
}

// OpenFamilyLink returns the case whose valid link's token hashes to
// tokenHash at now, or ENOTFOUND, the same for every reason.
func (svc *FamilyService) OpenFamilyLink(ctx context.Context, tokenHash string, now time.Time) (*senderos.Case, error) {
	notFound := senderos.Errorf(senderos.ENOTFOUND, "Link not found.")
	l, err := svc.db.scanLink(svc.db.read.QueryRowContext(ctx, `SELECT `+linkColumns+` FROM family_links l
		WHERE l.token_hash = ?`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound
	} else if err != nil {
		return nil, svc.db.errorf("open family link", err)
	} else if !l.Valid(now) {
		return nil, notFound
	}
	c, err := svc.db.findCase(ctx, svc.db.read, `c.id = ?`, l.CaseID)
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		return nil, notFound
	}
	return c, err
}

// scanLink reads one row of linkColumns.
func (db *DB) scanLink(row interface{ Scan(...any) error }) (*senderos.FamilyLink, error) {
	var l senderos.FamilyLink
	var by sql.NullInt64
	if err := row.Scan(&l.ID, &l.CaseID, &l.TokenHash, &by, at(&l.CreatedAt), at(&l.ExpiresAt), at(&l.RevokedAt)); err != nil {
		return nil, err
	}
	l.CreatedBy = by.Int64
	return &l, nil
}

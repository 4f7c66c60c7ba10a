package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure ESFService implements the domain interface.
var _ senderos.ESFService = (*ESFService)(nil)

// Audit actions of the ESF data.
const (
	AuditESFChange = "esf.change"
	AuditESFView   = "esf.view"
	AuditESFReport = "esf.report"
)

// ESFService keeps the participants' ESF data in a DB, sealed in
// esf_participants.sealed; only the days a report selects on are clear.
type ESFService struct {
	db *DB
}

// NewESFService returns an ESFService on db.
func NewESFService(db *DB) *ESFService {
	return &ESFService{db: db}
}

// SaveESF stores p for its case's member, replacing what was there, with an
// audit entry, in one transaction. See senderos.ESFService.
func (svc *ESFService) SaveESF(ctx context.Context, p *senderos.ESFParticipant, by int64, now time.Time) error {
	if pr := p.Validate(now); len(pr) > 0 {
		return pr
	}
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return svc.db.errorf("save esf", err)
	}
	defer tx.Rollback()
	c, err := svc.db.lockCase(ctx, tx, p.CaseID)
	if err != nil {
		return err
	}
	sealed, err := record.SealJSON(svc.db.keys, record.LabelESF, record.ESFPrivate{Entry: p.Entry, Exit: p.Exit, Later: p.Later})
	if err != nil {
		return err
	}
	var exitOn, laterOn time.Time
	if p.Exit != nil {
		exitOn = p.Exit.On
	}
	if p.Later != nil {
		laterOn = p.Later.On
	}
	now = record.Time(now)
	err = tx.QueryRowContext(ctx, `INSERT INTO esf_participants (case_id, member, entry_on, exit_on, later_on, updated_at, updated_by, sealed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (case_id, member) DO UPDATE SET entry_on = excluded.entry_on, exit_on = excluded.exit_on,
			later_on = excluded.later_on, updated_at = excluded.updated_at, updated_by = excluded.updated_by, sealed = excluded.sealed
		RETURNING id`, p.CaseID, p.Member, dayOf(p.Entry.On), dayOf(exitOn), dayOf(laterOn), now, nullID(by), sealed).Scan(&p.ID)
	switch {
	case svc.db.Is(err, ForeignKeyViolation):
		return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	case err != nil:
		return svc.db.errorf("save esf", err)
	}
	if err := svc.db.auditCase(ctx, tx, by, AuditESFChange, c, "esf member "+strconv.Itoa(p.Member), now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return svc.db.errorf("save esf", err)
	}
	return nil
}

// FindESF lists case caseID's participants by member, and records the view
// in the audit log. See senderos.ESFService.
func (svc *ESFService) FindESF(ctx context.Context, caseID, by int64, now time.Time) ([]*senderos.ESFParticipant, error) {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("find esf", err)
	}
	defer tx.Rollback()
	c, err := svc.db.findCase(ctx, tx, `c.id = ?`, caseID)
	if err != nil {
		return nil, err
	}
	ps, err := svc.scan(tx.QueryContext(ctx, `SELECT e.id, e.case_id, e.member, s.reference, e.sealed
		FROM esf_participants e JOIN cases c ON c.id = e.case_id JOIN submissions s ON s.id = c.submission_id
		WHERE e.case_id = ? ORDER BY e.member`, caseID))
	if err != nil {
		return nil, err
	}
	if err := svc.db.auditCase(ctx, tx, by, AuditESFView, c, "esf", record.Time(now)); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, svc.db.errorf("find esf", err)
	}
	return ps, nil
}

// ESFReport counts the participants of records not erased for [from, to),
// and records the export in the audit log. See senderos.ESFService.
func (svc *ESFService) ESFReport(ctx context.Context, from, to time.Time, by int64, now time.Time) (*senderos.ESFReport, error) {
	if p := senderos.ValidatePeriod(from, to, now); len(p) > 0 {
		return nil, p
	}
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("esf report", err)
	}
	defer tx.Rollback()
	// Every participant whose entry, exit or six-month check falls in the
	// period, and those with no entry day (incomplete).
	f, t := dayOf(from), dayOf(to)
	ps, err := svc.scan(tx.QueryContext(ctx, `SELECT e.id, e.case_id, e.member, s.reference, e.sealed
		FROM esf_participants e JOIN cases c ON c.id = e.case_id JOIN submissions s ON s.id = c.submission_id
		WHERE c.blocked_at IS NULL AND (e.entry_on IS NULL OR (e.entry_on >= ? AND e.entry_on < ?)
			OR (e.exit_on >= ? AND e.exit_on < ?) OR (e.later_on >= ? AND e.later_on < ?))
		ORDER BY e.id`, f, t, f, t, f, t))
	if err != nil {
		return nil, err
	}
	r := senderos.NewESFReport(ps, from, to)
	if by == 0 { // an export is always a staff account's
		return nil, senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	}
	if err := svc.db.auditAs(ctx, tx, by, "", AuditESFReport, from.Format(time.DateOnly)+"/"+to.Format(time.DateOnly),
		strconv.Itoa(len(ps))+" participants", record.Time(now)); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, svc.db.errorf("esf report", err)
	}
	return r, nil
}

// scan reads rows of (id, case_id, member, reference, sealed) and opens
// each.
func (svc *ESFService) scan(rows *sql.Rows, err error) ([]*senderos.ESFParticipant, error) {
	if err != nil {
		return nil, svc.db.errorf("read esf", err)
	}
	defer rows.Close()
	var ps []*senderos.ESFParticipant
	for rows.Next() {
		var (
			p      senderos.ESFParticipant
			ref    string
			sealed []byte
		)
		if err := rows.Scan(&p.ID, &p.CaseID, &p.Member, &ref, &sealed); err != nil {
			return nil, svc.db.errorf("read esf", err)
		}
		var priv record.ESFPrivate
		if err := record.OpenJSON(svc.db.keys, record.LabelESF, sealed, &priv); err != nil {
			return nil, err
		}
		p.Reference = ref + "-" + strconv.Itoa(p.Member)
		p.Entry, p.Exit, p.Later = priv.Entry, priv.Exit, priv.Later
		ps = append(ps, &p)
	}
	if err := rows.Err(); err != nil {
		return nil, svc.db.errorf("read esf", err)
	}
	return ps, nil
}

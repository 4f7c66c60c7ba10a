package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure OfferService implements the domain interface.
var _ senderos.OfferService = (*OfferService)(nil)

// OfferService keeps the villages' job offers, homes and facts in a DB. A
// job's contact is sealed in job_contacts, a row that goes with the
// municipality's sign-up: hidden once the sign-up is erased, destroyed when
// it is purged. Offers belong to a municipality whose sign-up is approved
// and published (its profile names it).
type OfferService struct {
	db *DB
}

// NewOfferService returns an OfferService on db.
func NewOfferService(db *DB) *OfferService {
	return &OfferService{db: db}
}

// jobColumns are the columns scanJob reads, from jobs j.
const jobColumns = `j.id, j.municipality_code, j.employer, j.sector, j.tasks, j.contract, j.hours_week, j.start_on,
	j.pay_min, j.pay_max, j.vacancies, j.proposed, j.taken, j.needs_licence, j.spanish_level, j.needs_experience,
	j.home_included, j.status, j.created_at, j.created_by, j.updated_at,
	(SELECT jc.sealed FROM job_contacts jc JOIN submissions cs ON cs.id = jc.submission_id
		WHERE jc.job_id = j.id AND cs.blocked_at IS NULL)`

// homeColumns are the columns scanHome reads, from homes h.
const homeColumns = `h.id, h.municipality_code, h.job_id, h.bedrooms, h.rent, h.available_on, h.furnished, h.step_free,
	h.notes, h.status, h.created_at, h.created_by, h.updated_at`

// approvedSignup returns the ID of the approved sign-up, not erased, whose
// profile is published under code, or ENOTFOUND.
func (db *DB) approvedSignup(ctx context.Context, q querier, code string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT s.id FROM profiles p JOIN submissions s ON s.id = p.submission_id
		WHERE p.code = ? AND s.kind = ? AND s.status = ? AND s.blocked_at IS NULL`,
		code, string(senderos.KindMunicipality), string(senderos.StatusApproved)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || db.Is(err, UnstorableText) {
		return 0, senderos.Errorf(senderos.ENOTFOUND, "Municipality not found.")
	} else if err != nil {
		return 0, db.errorf("find municipality", err)
	}
	return id, nil
}

// approvedWhere is a condition on a municipality code column: the
// municipality is approved (see approvedSignup).
const approvedWhere = ` IN (SELECT p.code FROM profiles p JOIN submissions s ON s.id = p.submission_id
	WHERE s.kind = 'municipality' AND s.status = 'approved' AND s.blocked_at IS NULL)`

// auditOffer records in tx that staff account by (0 for the municipality's
// link) did action on municipality code's offer at now; detail names what,
// never personal data. Returns EINVALID for an unknown account.
func (db *DB) auditOffer(ctx context.Context, tx *Tx, by int64, action, code, detail string, now time.Time) error {
	return db.auditAs(ctx, tx, by, "village:"+code, action, code, detail, now)
}

// auditAs records in tx that staff account by, or actor when by is 0, did
// action on target at now. Returns EINVALID for an unknown account.
func (db *DB) auditAs(ctx context.Context, tx *Tx, by int64, actor, action, target, detail string, now time.Time) error {
	if by != 0 {
		err := tx.QueryRowContext(ctx, `SELECT email FROM staff WHERE id = ?`, by).Scan(&actor)
		if errors.Is(err, sql.ErrNoRows) {
			return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
		} else if err != nil {
			return db.errorf("audit", err)
		}
	}
	return insertAudit(ctx, tx, db.dialect, &senderos.AuditEntry{At: now, StaffID: by, Actor: actor, Action: action,
		Target: target, Outcome: senderos.OutcomeOK, Detail: detail})
}

// inTx runs do in a write transaction and commits it; errors that are not
// the domain's are wrapped with what.
func (db *DB) inTx(ctx context.Context, what string, do func(tx *Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.errorf(what, err)
	}
	defer tx.Rollback()
	if err := do(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return db.errorf(what, err)
	}
	return nil
}

// jobStatus returns the status of j from its counts: withdrawn stays so;
// open while a vacancy is free; proposed while proposals hold the rest;
// filled once every vacancy is taken.
func jobStatus(j *senderos.Job) string {
	switch {
	case j.Status == senderos.OfferWithdrawn:
		return senderos.OfferWithdrawn
	case j.Free() > 0:
		return senderos.OfferOpen
	case j.Proposed > 0:
		return senderos.OfferProposed
	}
	return senderos.OfferFilled
}

// CreateJob stores j, open, with its audit entry. See senderos.OfferService.
func (svc *OfferService) CreateJob(ctx context.Context, j *senderos.Job, by int64, now time.Time) error {
	return svc.db.inTx(ctx, "create job", func(tx *Tx) error {
		return svc.db.createJob(ctx, tx, j, by, by, now)
	})
}

// createJob stores j in tx, created by createdBy (0 for a village's link),
// audited as by.
func (db *DB) createJob(ctx context.Context, tx *Tx, j *senderos.Job, createdBy, by int64, now time.Time) error {
	j.Status, j.Proposed, j.Taken = senderos.OfferOpen, 0, 0
	if p := j.Validate(now, true); len(p) > 0 {
		return p
	}
	sub, err := db.approvedSignup(ctx, tx, j.Municipality)
	if err != nil {
		return err
	}
	now = record.Time(now)
	j.Start, j.CreatedAt, j.UpdatedAt, j.CreatedBy = senderos.Day(j.Start), now, now, createdBy
	err = tx.QueryRowContext(ctx, `INSERT INTO jobs (municipality_code, submission_id, employer, sector, tasks, contract,
		hours_week, start_on, pay_min, pay_max, vacancies, needs_licence, spanish_level, needs_experience, home_included,
		status, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		j.Municipality, sub, j.Employer, j.Sector, j.Tasks, j.Contract, j.HoursWeek, dayOf(j.Start), j.PayMin, j.PayMax,
		j.Vacancies, j.NeedsLicence, j.SpanishLevel, j.NeedsExperience, j.HomeIncluded, j.Status, now, nullID(createdBy), now).Scan(&j.ID)
	if err := db.offerErr("create job", err); err != nil {
		return err
	}
	if err := db.writeJobContact(ctx, tx, j.ID, sub, j.Contact); err != nil {
		return err
	}
	return db.auditOffer(ctx, tx, by, senderos.AuditOffer, j.Municipality, "job:"+strconv.FormatInt(j.ID, 10)+" created", now)
}

// offerErr returns the domain's error for what the engine refused when
// storing an offer, or err wrapped.
func (db *DB) offerErr(what string, err error) error {
	switch {
	case err == nil:
		return nil
	case db.Is(err, ForeignKeyViolation):
		return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	case db.Is(err, UnstorableText):
		return senderos.Errorf(senderos.EINVALID, "The offer contains characters that cannot be stored.")
	}
	return db.errorf(what, err)
}

// writeJobContact stores the sealed contact of job id, of sign-up sub, or
// deletes it when c is empty.
func (db *DB) writeJobContact(ctx context.Context, tx *Tx, id, sub int64, c senderos.Contact) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM job_contacts WHERE job_id = ?`, id); err != nil {
		return db.errorf("store job contact", err)
	}
	if c == (senderos.Contact{}) {
		return nil
	}
	sealed, err := record.SealJSON(db.keys, record.LabelJobContact, c)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO job_contacts (job_id, submission_id, sealed) VALUES (?, ?, ?)`, id, sub, sealed); err != nil {
		return db.errorf("store job contact", err)
	}
	return nil
}

// lockJob returns job id in tx, its row locked until tx ends, or
// ENOTFOUND.
func (db *DB) lockJob(ctx context.Context, tx *Tx, id int64) (*senderos.Job, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM jobs WHERE id = ?`+db.dialect.ForUpdate, id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Job offer not found.")
	} else if err != nil {
		return nil, db.errorf("find job", err)
	}
	return db.findJob(ctx, tx, id)
}

// lockHome returns home id in tx, its row locked until tx ends, or
// ENOTFOUND.
func (db *DB) lockHome(ctx context.Context, tx *Tx, id int64) (*senderos.Home, error) {
	h, err := db.scanHome(tx.QueryRowContext(ctx, `SELECT `+homeColumns+` FROM homes h WHERE h.id = ?`+db.dialect.ForUpdate, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Home not found.")
	} else if err != nil {
		return nil, db.errorf("find home", err)
	}
	return h, nil
}

// UpdateJob replaces the fields of job j.ID staff may change, keeping its
// village, counts and status (open or proposed as the vacancies left
// say). ECONFLICT for a filled or withdrawn job.
func (svc *OfferService) UpdateJob(ctx context.Context, j *senderos.Job, by int64, now time.Time) error {
	return svc.db.inTx(ctx, "update job", func(tx *Tx) error {
		old, err := svc.db.lockJob(ctx, tx, j.ID)
		if err != nil {
			return err
		}
		next := *j
		next.Municipality, next.Proposed, next.Taken, next.Status = old.Municipality, old.Proposed, old.Taken, old.Status
		next.CreatedAt, next.CreatedBy = old.CreatedAt, old.CreatedBy
		if p := next.Validate(now, false); len(p) > 0 {
			return p
		}
		if old.Status == senderos.OfferFilled || old.Status == senderos.OfferWithdrawn {
			return senderos.Errorf(senderos.ECONFLICT, "The job offer is %s.", old.Status)
		}
		sub, err := svc.db.approvedSignup(ctx, tx, old.Municipality)
		if err != nil {
			return err
		}
		now = record.Time(now)
		next.Start, next.UpdatedAt = senderos.Day(next.Start), now
		next.Status = jobStatus(&next)
		_, err = tx.ExecContext(ctx, `UPDATE jobs SET employer = ?, sector = ?, tasks = ?, contract = ?, hours_week = ?,
			start_on = ?, pay_min = ?, pay_max = ?, vacancies = ?, needs_licence = ?, spanish_level = ?, needs_experience = ?,
			home_included = ?, status = ?, updated_at = ? WHERE id = ?`, next.Employer, next.Sector, next.Tasks, next.Contract,
			next.HoursWeek, dayOf(next.Start), next.PayMin, next.PayMax, next.Vacancies, next.NeedsLicence, next.SpanishLevel,
			next.NeedsExperience, next.HomeIncluded, next.Status, now, next.ID)
		if err := svc.db.offerErr("update job", err); err != nil {
			return err
		}
		if err := svc.db.writeJobContact(ctx, tx, next.ID, sub, next.Contact); err != nil {
			return err
		}
		if err := svc.db.auditOffer(ctx, tx, by, senderos.AuditOffer, next.Municipality, "job:"+strconv.FormatInt(next.ID, 10)+" updated", now); err != nil {
			return err
		}
		*j = next
		return nil
	})
}

// WithdrawJob withdraws job id. ECONFLICT while a proposal holds it, once
// filled, or when withdrawn already.
func (svc *OfferService) WithdrawJob(ctx context.Context, id, by int64, now time.Time) error {
	return svc.db.inTx(ctx, "withdraw job", func(tx *Tx) error {
		return svc.db.withdrawJob(ctx, tx, id, "", by, now)
	})
}

// withdrawJob withdraws job id in tx; code, if set, is the municipality
// the job must belong to (ENOTFOUND otherwise).
func (db *DB) withdrawJob(ctx context.Context, tx *Tx, id int64, code string, by int64, now time.Time) error {
	j, err := db.lockJob(ctx, tx, id)
	if err != nil {
		return err
	} else if code != "" && j.Municipality != code {
		return senderos.Errorf(senderos.ENOTFOUND, "Job offer not found.")
	}
	switch {
	case j.Status == senderos.OfferWithdrawn:
		return senderos.Errorf(senderos.ECONFLICT, "The job offer is withdrawn already.")
	case j.Proposed > 0:
		return senderos.Errorf(senderos.ECONFLICT, "A proposal holds the job offer.")
	case j.Status == senderos.OfferFilled:
		return senderos.Errorf(senderos.ECONFLICT, "The job offer is filled.")
	}
	now = record.Time(now)
	if _, err := tx.ExecContext(ctx, `UPDATE jobs SET status = ?, updated_at = ? WHERE id = ?`, senderos.OfferWithdrawn, now, id); err != nil {
		return db.errorf("withdraw job", err)
	}
	return db.auditOffer(ctx, tx, by, senderos.AuditOffer, j.Municipality, "job:"+strconv.FormatInt(id, 10)+" withdrawn", now)
}

// FindJob returns job id, or ENOTFOUND. Its contact is empty once the
// municipality's sign-up is erased.
func (svc *OfferService) FindJob(ctx context.Context, id int64) (*senderos.Job, error) {
	return svc.db.findJob(ctx, svc.db.read, id)
}

// findJob returns job id in q, or ENOTFOUND.
func (db *DB) findJob(ctx context.Context, q querier, id int64) (*senderos.Job, error) {
	j, err := db.scanJob(q.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs j WHERE j.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Job offer not found.")
	} else if err != nil {
		return nil, db.errorf("find job", err)
	}
	return j, nil
}

// offerWhere returns the condition and arguments of f on table alias a.
func offerWhere(a string, f senderos.OfferFilter) (string, []any) {
	conds, args := []string{"1 = 1"}, []any{}
	if f.Municipality != "" {
		conds, args = append(conds, a+".municipality_code = ?"), append(args, f.Municipality)
	}
	if len(f.Status) > 0 {
		conds = append(conds, a+".status IN (?"+strings.Repeat(", ?", len(f.Status)-1)+")")
		for _, s := range f.Status {
			args = append(args, s)
		}
	}
	return strings.Join(conds, " AND "), args
}

// FindJobs lists the job offers f selects, newest first.
func (svc *OfferService) FindJobs(ctx context.Context, f senderos.OfferFilter) ([]*senderos.Job, error) {
	where, args := offerWhere("j", f)
	return svc.db.findJobs(ctx, svc.db.read, where+` ORDER BY j.created_at DESC, j.id DESC`, args...)
}

// findJobs lists the jobs in q matching where (and its order).
func (db *DB) findJobs(ctx context.Context, q querier, where string, args ...any) ([]*senderos.Job, error) {
	return queryAll(ctx, db, q, "find jobs", db.scanJob, `SELECT `+jobColumns+` FROM jobs j WHERE `+where, args...)
}

// scanJob reads one row of jobColumns and opens its contact.
func (db *DB) scanJob(row interface{ Scan(...any) error }) (*senderos.Job, error) {
	var (
		j      senderos.Job
		by     sql.NullInt64
		sealed []byte
	)
	if err := row.Scan(&j.ID, &j.Municipality, &j.Employer, &j.Sector, &j.Tasks, &j.Contract, &j.HoursWeek, day(&j.Start),
		&j.PayMin, &j.PayMax, &j.Vacancies, &j.Proposed, &j.Taken, &j.NeedsLicence, &j.SpanishLevel, &j.NeedsExperience,
		&j.HomeIncluded, &j.Status, at(&j.CreatedAt), &by, at(&j.UpdatedAt), &sealed); err != nil {
		return nil, err
	}
	j.CreatedBy = by.Int64
	if err := record.OpenJSON(db.keys, record.LabelJobContact, sealed, &j.Contact); err != nil {
		return nil, err
	}
	return &j, nil
}

// CreateHome stores h, open, with its audit entry. ENOTFOUND for a job of
// another village or none.
func (svc *OfferService) CreateHome(ctx context.Context, h *senderos.Home, by int64, now time.Time) error {
	return svc.db.inTx(ctx, "create home", func(tx *Tx) error {
		return svc.db.createHome(ctx, tx, h, by, by, now)
	})
}

// createHome stores h in tx, created by createdBy, audited as by.
func (db *DB) createHome(ctx context.Context, tx *Tx, h *senderos.Home, createdBy, by int64, now time.Time) error {
	h.Status = senderos.OfferOpen
	if p := h.Validate(now); len(p) > 0 {
		return p
	}
	sub, err := db.approvedSignup(ctx, tx, h.Municipality)
	if err != nil {
		return err
	}
	if err := db.checkHomeJob(ctx, tx, h); err != nil {
		return err
	}
	now = record.Time(now)
	h.AvailableFrom, h.CreatedAt, h.UpdatedAt, h.CreatedBy = senderos.Day(h.AvailableFrom), now, now, createdBy
	err = tx.QueryRowContext(ctx, `INSERT INTO homes (municipality_code, submission_id, job_id, bedrooms, rent, available_on,
		furnished, step_free, notes, status, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`, h.Municipality, sub, nullID(h.JobID), h.Bedrooms, h.Rent, dayOf(h.AvailableFrom), h.Furnished, h.StepFree,
		h.Notes, h.Status, now, nullID(createdBy), now).Scan(&h.ID)
	if err := db.offerErr("create home", err); err != nil {
		return err
	}
	return db.auditOffer(ctx, tx, by, senderos.AuditOffer, h.Municipality, "home:"+strconv.FormatInt(h.ID, 10)+" created", now)
}

// checkHomeJob returns ENOTFOUND when h names a job that is not one of its
// village's.
func (db *DB) checkHomeJob(ctx context.Context, tx *Tx, h *senderos.Home) error {
	if h.JobID == 0 {
		return nil
	}
	var code string
	err := tx.QueryRowContext(ctx, `SELECT municipality_code FROM jobs WHERE id = ?`, h.JobID).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && code != h.Municipality) {
		return senderos.Errorf(senderos.ENOTFOUND, "Job offer not found.")
	} else if err != nil {
		return db.errorf("find job", err)
	}
	return nil
}

// UpdateHome replaces the fields of home h.ID, keeping its village and
// status. ECONFLICT for a home filled or withdrawn, or held by a proposal
// and tied to another job.
func (svc *OfferService) UpdateHome(ctx context.Context, h *senderos.Home, by int64, now time.Time) error {
	return svc.db.inTx(ctx, "update home", func(tx *Tx) error {
		old, err := svc.db.lockHome(ctx, tx, h.ID)
		if err != nil {
			return err
		}
		next := *h
		next.Municipality, next.Status, next.CreatedAt, next.CreatedBy = old.Municipality, old.Status, old.CreatedAt, old.CreatedBy
		if p := next.Validate(now); len(p) > 0 {
			return p
		}
		switch {
		case old.Status == senderos.OfferFilled || old.Status == senderos.OfferWithdrawn:
			return senderos.Errorf(senderos.ECONFLICT, "The home is %s.", old.Status)
		case old.Status == senderos.OfferProposed && next.JobID != old.JobID:
			return senderos.Errorf(senderos.ECONFLICT, "A proposal holds the home.")
		}
		if _, err := svc.db.approvedSignup(ctx, tx, old.Municipality); err != nil {
			return err
		}
		if err := svc.db.checkHomeJob(ctx, tx, &next); err != nil {
			return err
		}
		now = record.Time(now)
		next.AvailableFrom, next.UpdatedAt = senderos.Day(next.AvailableFrom), now
		_, err = tx.ExecContext(ctx, `UPDATE homes SET job_id = ?, bedrooms = ?, rent = ?, available_on = ?, furnished = ?,
			step_free = ?, notes = ?, updated_at = ? WHERE id = ?`, nullID(next.JobID), next.Bedrooms, next.Rent,
			dayOf(next.AvailableFrom), next.Furnished, next.StepFree, next.Notes, now, next.ID)
		if err := svc.db.offerErr("update home", err); err != nil {
			return err
		}
		if err := svc.db.auditOffer(ctx, tx, by, senderos.AuditOffer, next.Municipality, "home:"+strconv.FormatInt(next.ID, 10)+" updated", now); err != nil {
			return err
		}
		*h = next
		return nil
	})
}

// WithdrawHome withdraws home id. ECONFLICT while a proposal holds it,
// once filled, or when withdrawn already.
func (svc *OfferService) WithdrawHome(ctx context.Context, id, by int64, now time.Time) error {
	return svc.db.inTx(ctx, "withdraw home", func(tx *Tx) error {
		return svc.db.withdrawHome(ctx, tx, id, "", by, now)
	})
}

// withdrawHome withdraws home id in tx; code, if set, is the municipality
// the home must belong to (ENOTFOUND otherwise).
func (db *DB) withdrawHome(ctx context.Context, tx *Tx, id int64, code string, by int64, now time.Time) error {
	h, err := db.lockHome(ctx, tx, id)
	if err != nil {
		return err
	} else if code != "" && h.Municipality != code {
		return senderos.Errorf(senderos.ENOTFOUND, "Home not found.")
	}
	switch h.Status {
	case senderos.OfferWithdrawn:
		return senderos.Errorf(senderos.ECONFLICT, "The home is withdrawn already.")
	case senderos.OfferProposed:
		return senderos.Errorf(senderos.ECONFLICT, "A proposal holds the home.")
	case senderos.OfferFilled:
		return senderos.Errorf(senderos.ECONFLICT, "The home is taken.")
	}
	now = record.Time(now)
	if _, err := tx.ExecContext(ctx, `UPDATE homes SET status = ?, updated_at = ? WHERE id = ?`, senderos.OfferWithdrawn, now, id); err != nil {
		return db.errorf("withdraw home", err)
	}
	return db.auditOffer(ctx, tx, by, senderos.AuditOffer, h.Municipality, "home:"+strconv.FormatInt(id, 10)+" withdrawn", now)
}

// FindHome returns home id, or ENOTFOUND.
func (svc *OfferService) FindHome(ctx context.Context, id int64) (*senderos.Home, error) {
	h, err := svc.db.scanHome(svc.db.read.QueryRowContext(ctx, `SELECT `+homeColumns+` FROM homes h WHERE h.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Home not found.")
	} else if err != nil {
		return nil, svc.db.errorf("find home", err)
	}
	return h, nil
}

// FindHomes lists the homes f selects, newest first.
func (svc *OfferService) FindHomes(ctx context.Context, f senderos.OfferFilter) ([]*senderos.Home, error) {
	where, args := offerWhere("h", f)
	return svc.db.findHomes(ctx, svc.db.read, where+` ORDER BY h.created_at DESC, h.id DESC`, args...)
}

// findHomes lists the homes in q matching where (and its order).
func (db *DB) findHomes(ctx context.Context, q querier, where string, args ...any) ([]*senderos.Home, error) {
	return queryAll(ctx, db, q, "find homes", db.scanHome, `SELECT `+homeColumns+` FROM homes h WHERE `+where, args...)
}

// scanHome reads one row of homeColumns.
func (db *DB) scanHome(row interface{ Scan(...any) error }) (*senderos.Home, error) {
	var (
		h       senderos.Home
		job, by sql.NullInt64
	)
	if err := row.Scan(&h.ID, &h.Municipality, &job, &h.Bedrooms, &h.Rent, day(&h.AvailableFrom), &h.Furnished, &h.StepFree,
		&h.Notes, &h.Status, at(&h.CreatedAt), &by, at(&h.UpdatedAt)); err != nil {
		return nil, err
	}
	h.JobID, h.CreatedBy = job.Int64, by.Int64
	return &h, nil
}

// offerSummaries returns the summaries of the open offers of the villages
// with codes (every village when none), by code: the free vacancies of
// open job offers by sector, and the open homes. Only offers staff created
// or approved are in the tables; changes waiting for review are not.
func (db *DB) offerSummaries(ctx context.Context, q querier, codes ...string) (map[string]*senderos.OfferSummary, error) {
	cond, args := "", []any{}
	if len(codes) > 0 {
		cond = ` AND municipality_code IN (?` + strings.Repeat(", ?", len(codes)-1) + `)`
		for _, c := range codes {
			args = append(args, c)
		}
	}
	out := map[string]*senderos.OfferSummary{}
	of := func(code string) *senderos.OfferSummary {
		s := out[code]
		if s == nil {
			s = &senderos.OfferSummary{}
			out[code] = s
		}
		return s
	}
	rows, err := q.QueryContext(ctx, `SELECT municipality_code, sector, SUM(vacancies - proposed - taken) FROM jobs
		WHERE status = 'open' AND vacancies - proposed - taken > 0`+cond+`
		GROUP BY municipality_code, sector ORDER BY municipality_code, sector`, args...)
	if err != nil {
		return nil, db.errorf("sum up offers", err)
	}
	for rows.Next() {
		var code string
		var j senderos.JobSummary
		if err := rows.Scan(&code, &j.Sector, &j.Vacancies); err != nil {
			rows.Close()
			return nil, db.errorf("sum up offers", err)
		}
		s := of(code)
		s.Jobs = append(s.Jobs, j)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, db.errorf("sum up offers", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT municipality_code, bedrooms, rent, furnished, step_free, job_id IS NOT NULL
		FROM homes WHERE status = 'open'`+cond+` ORDER BY municipality_code, bedrooms, rent, id`, args...)
	if err != nil {
		return nil, db.errorf("sum up offers", err)
	}
	for rows.Next() {
		var code string
		var h senderos.HomeSummary
		if err := rows.Scan(&code, &h.Bedrooms, &h.Rent, &h.Furnished, &h.StepFree, &h.WithJob); err != nil {
			rows.Close()
			return nil, db.errorf("sum up offers", err)
		}
		s := of(code)
		s.Homes = append(s.Homes, h)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, db.errorf("sum up offers", err)
	}
	return out, nil
}

// fillOffers sets the offer summary of each profile; a village without
// open offers has the zero summary (nil lists).
func (db *DB) fillOffers(ctx context.Context, q querier, ps ...*senderos.Profile) error {
	var codes []string
	if len(ps) == 1 {
		codes = []string{ps[0].Code}
	}
	sums, err := db.offerSummaries(ctx, q, codes...)
	if err != nil {
		return err
	}
	for _, p := range ps {
		p.Offers = senderos.OfferSummary{}
		if s := sums[p.Code]; s != nil {
			p.Offers = *s
		}
	}
	return nil
}

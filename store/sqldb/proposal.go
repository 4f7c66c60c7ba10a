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
	"github.com/cepaim/senderos/atlas"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure MatchService implements the domain interface.
var _ senderos.MatchService = (*MatchService)(nil)

// MatchService keeps what matching needs and the proposals in a DB. A
// proposal holds its home (status proposed) and one vacancy of its job
// (the job's proposed count) until it is agreed (taken), declined, expired
// or withdrawn (freed), in the transaction that changes it. Of two
// proposals of one home at once, or of the last vacancy of a job, one
// wins: the job's and the home's rows are locked, and a home or a case
// holds at most one pending or agreed proposal (a unique index).
type MatchService struct {
	db *DB
}

// NewMatchService returns a MatchService on db.
func NewMatchService(db *DB) *MatchService {
	return &MatchService{db: db}
}

// VisitTaskDays is how many days after a match is agreed the visit to the
// village is due.
const VisitTaskDays = 14

// proposalColumns are the columns scanProposal reads, from proposals p
// joined with their case c and its record s.
const proposalColumns = `p.id, p.case_id, s.reference, p.municipality_code, p.job_id, p.home_id, p.host_id, p.fit,
	p.staff_id, p.at, p.deadline_on, p.status, p.closed_at`

// proposalFrom hides the proposals of erased records.
const proposalFrom = ` FROM proposals p JOIN cases c ON c.id = p.case_id JOIN submissions s ON s.id = c.submission_id
	WHERE s.blocked_at IS NULL AND `

// held are the statuses of a proposal that holds its home.
const held = `('pending', 'agreed')`

// Propose stores p as pending at now and holds its home and a vacancy of
// its job, with an audit entry, in one transaction. See
// senderos.MatchService.
func (svc *MatchService) Propose(ctx context.Context, p *senderos.Proposal, now time.Time) error {
	if pr := p.Validate(now); len(pr) > 0 {
		return pr
	}
	return svc.db.inTx(ctx, "propose", func(tx *Tx) error {
		c, err := svc.db.lockCase(ctx, tx, p.CaseID)
		if err != nil {
			return err
		}
		j, err := svc.db.lockJob(ctx, tx, p.JobID)
		if err != nil {
			return err
		}
		h, err := svc.db.lockHome(ctx, tx, p.HomeID)
		if err != nil {
			return err
		}
		if p.HostID != 0 {
			if err := svc.db.checkHost(ctx, tx, p.HostID, j.Municipality); err != nil {
				return err
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM proposals WHERE case_id = ? AND status IN `+held, c.ID).Scan(&n); err != nil {
			return svc.db.errorf("propose", err)
		}
		switch {
		case !c.Open() || c.Moved():
			return senderos.Errorf(senderos.ECONFLICT, "The family's case is closed or the family has moved.")
		case n > 0:
			return senderos.Errorf(senderos.ECONFLICT, "The family has a pending or agreed proposal.")
		case h.Status != senderos.OfferOpen:
			return senderos.Errorf(senderos.ECONFLICT, "The home is not open: it is %s.", h.Status)
		case j.Status != senderos.OfferOpen || j.Free() <= 0:
			return senderos.Errorf(senderos.ECONFLICT, "The job offer has no free vacancy.")
		case h.Municipality != j.Municipality || (h.JobID != 0 && h.JobID != j.ID):
			return senderos.Errorf(senderos.ECONFLICT, "The home is not the job offer's: another village, or tied to another job.")
		}
		if _, err := svc.db.approvedSignup(ctx, tx, j.Municipality); err != nil {
			return err
		}

		now = record.Time(now)
		fit, err := json.Marshal(p.Fit)
		if err != nil {
			return svc.db.errorf("propose", err)
		}
		q := *p
		q.Reference, q.Municipality, q.At, q.Deadline = c.Reference, j.Municipality, now, senderos.Day(p.Deadline)
		q.Status, q.Responses, q.ClosedAt = senderos.ProposalPending, []senderos.Response{}, time.Time{}
		err = tx.QueryRowContext(ctx, `INSERT INTO proposals (case_id, municipality_code, job_id, home_id, host_id, fit,
			staff_id, at, deadline_on, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, q.CaseID, q.Municipality,
			q.JobID, q.HomeID, nullID(q.HostID), string(fit), nullID(q.By), now, dayOf(q.Deadline), q.Status).Scan(&q.ID)
		switch {
		case svc.db.Is(err, UniqueViolation):
			return senderos.Errorf(senderos.ECONFLICT, "The home or the family has a pending or agreed proposal.")
		case svc.db.Is(err, ForeignKeyViolation):
			return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
		case err != nil:
			return svc.db.errorf("propose", err)
		}
		j.Proposed++
		if err := svc.db.setCounts(ctx, tx, j, now); err != nil {
			return err
		}
		if err := svc.db.setHomeStatus(ctx, tx, h.ID, senderos.OfferProposed, now); err != nil {
			return err
		}
		if err := svc.db.auditMatch(ctx, tx, q.By, "", c.Reference, proposalDetail(&q, "proposed"), now); err != nil {
			return err
		}
		*p = q
		return nil
	})
}

// checkHost returns ENOTFOUND unless id is an approved host sign-up, not
// erased, of municipality code.
func (db *DB) checkHost(ctx context.Context, tx *Tx, id int64, code string) error {
	s, err := db.findOne(ctx, tx, `id = ? AND kind = ? AND status = ? AND blocked_at IS NULL`,
		id, string(senderos.KindHost), string(senderos.StatusApproved))
	if err != nil {
		if senderos.ErrorCode(err) == senderos.ENOTFOUND {
			return senderos.Errorf(senderos.ENOTFOUND, "Host not found.")
		}
		return err
	} else if s.Host == nil || s.Host.Code != code {
		return senderos.Errorf(senderos.ENOTFOUND, "Host not found.")
	}
	return nil
}

// setCounts stores job j's counts and the status they give.
func (db *DB) setCounts(ctx context.Context, tx *Tx, j *senderos.Job, now time.Time) error {
	j.Status = jobStatus(j)
	_, err := tx.ExecContext(ctx, `UPDATE jobs SET proposed = ?, taken = ?, status = ?, updated_at = ? WHERE id = ?`,
		j.Proposed, j.Taken, j.Status, now, j.ID)
	if err != nil {
		return db.errorf("update job", err)
	}
	return nil
}

// setHomeStatus sets home id's status.
func (db *DB) setHomeStatus(ctx context.Context, tx *Tx, id int64, status string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE homes SET status = ?, updated_at = ? WHERE id = ?`, status, now, id); err != nil {
		return db.errorf("update home", err)
	}
	return nil
}

// proposalDetail names proposal p and what happened to it, for the audit
// log: ids, statuses and closed-list keys, never the family's data.
func proposalDetail(p *senderos.Proposal, what string) string {
	return fmt.Sprintf("proposal:%d job:%d home:%d village:%s %s", p.ID, p.JobID, p.HomeID, p.Municipality, what)
}

// auditMatch records in tx that staff account by (actor when by is 0)
// did something to the proposal of the family with reference ref.
func (db *DB) auditMatch(ctx context.Context, tx *Tx, by int64, actor, ref, detail string, now time.Time) error {
	return db.auditAs(ctx, tx, by, actor, senderos.AuditProposal, ref, detail, now)
}

// lockProposal returns proposal id in tx with its answers, its row locked
// until tx ends, or ENOTFOUND.
func (db *DB) lockProposal(ctx context.Context, tx *Tx, id int64) (*senderos.Proposal, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM proposals WHERE id = ?`+db.dialect.ForUpdate, id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Proposal not found.")
	} else if err != nil {
		return nil, db.errorf("find proposal", err)
	}
	return db.findProposal(ctx, tx, id)
}

// Respond records r on proposal id at now and returns the proposal. See
// senderos.MatchService.
func (svc *MatchService) Respond(ctx context.Context, id int64, r senderos.Response, now time.Time) (*senderos.Proposal, error) {
	var out *senderos.Proposal
	err := svc.db.inTx(ctx, "respond", func(tx *Tx) error {
		p, err := svc.db.lockProposal(ctx, tx, id)
		if err != nil {
			return err
		}
		c, err := svc.db.lockCase(ctx, tx, p.CaseID)
		if err != nil {
			return err
		}
		status, err := p.Respond(r, now)
		if err != nil {
			return err
		}
		var pr senderos.Problems
		switch r.Via {
		case senderos.ViaStaff:
			if r.By == 0 {
				pr.Add("by", senderos.ProblemRequired)
			}
		case senderos.ViaFamilyPage, senderos.ViaVillageLink:
		default:
			pr.Add("via", senderos.ProblemNotInList)
		}
		if len(pr) > 0 {
			return pr
		}
		now = record.Time(now)
		a := &p.Responses[len(p.Responses)-1]
		a.At = now
		note, err := record.SealString(svc.db.keys, record.LabelResponseNote, a.Note)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO proposal_responses (proposal_id, party, accept, reason, via, staff_id, at, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, a.Party, a.Accept, a.Reason, a.Via, nullID(a.By), now, nullBytes(note))
		switch {
		case svc.db.Is(err, UniqueViolation) || svc.db.Is(err, PrimaryKeyViolation):
			var pr senderos.Problems
			pr.Add("party", senderos.ProblemAnswered)
			return pr
		case svc.db.Is(err, ForeignKeyViolation):
			return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
		case svc.db.Is(err, UnstorableText):
			return senderos.Errorf(senderos.EINVALID, "The note contains characters that cannot be stored.")
		case err != nil:
			return svc.db.errorf("respond", err)
		}
		what := a.Party + " accepted"
		if !a.Accept {
			what = a.Party + " declined: " + a.Reason
		}
		actor := a.Party + ":" + a.Via
		if err := svc.db.auditMatch(ctx, tx, a.By, actor, c.Reference, proposalDetail(p, what), now); err != nil {
			return err
		}
		switch status {
		case senderos.ProposalDeclined:
			if err := svc.db.release(ctx, tx, p, status, now); err != nil {
				return err
			}
			if err := svc.db.auditMatch(ctx, tx, a.By, actor, c.Reference, proposalDetail(p, "declined"), now); err != nil {
				return err
			}
		case senderos.ProposalAgreed:
			if err := svc.db.agree(ctx, tx, p, c, a.By, now); err != nil {
				return err
			}
			if err := svc.db.auditMatch(ctx, tx, a.By, actor, c.Reference, proposalDetail(p, "agreed"), now); err != nil {
				return err
			}
		}
		out = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// closeProposal sets proposal p's status to status at now.
func (db *DB) closeProposal(ctx context.Context, tx *Tx, p *senderos.Proposal, status string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = ?, closed_at = ? WHERE id = ?`, status, now, p.ID); err != nil {
		return db.errorf("close proposal", err)
	}
	p.Status, p.ClosedAt = status, now
	return nil
}

// closeHeld locks the job and the home of proposal p and closes p with
// status; the job comes back with its proposed count less the vacancy p
// held, for the caller to store.
func (db *DB) closeHeld(ctx context.Context, tx *Tx, p *senderos.Proposal, status string, now time.Time) (*senderos.Job, *senderos.Home, error) {
	j, err := db.lockJob(ctx, tx, p.JobID)
	if err != nil {
		return nil, nil, err
	}
	h, err := db.lockHome(ctx, tx, p.HomeID)
	if err != nil {
		return nil, nil, err
	}
	if err := db.closeProposal(ctx, tx, p, status, now); err != nil {
		return nil, nil, err
	}
	if j.Proposed > 0 {
		j.Proposed--
	}
	return j, h, nil
}

// release closes pending proposal p with status (declined, expired or
// withdrawn) and frees its home and its vacancy.
func (db *DB) release(ctx context.Context, tx *Tx, p *senderos.Proposal, status string, now time.Time) error {
	j, h, err := db.closeHeld(ctx, tx, p, status, now)
	if err != nil {
		return err
	}
	if err := db.setCounts(ctx, tx, j, now); err != nil {
		return err
	}
	if h.Status == senderos.OfferProposed {
		return db.setHomeStatus(ctx, tx, h.ID, senderos.OfferOpen, now)
	}
	return nil
}

// agree closes proposal p as agreed: its vacancy and home are taken, the
// case's village is set, and the case's itinerary gets a revision with the
// visit to the village, made by staff account by (0 for an answer from a
// family's page or a village's link).
func (db *DB) agree(ctx context.Context, tx *Tx, p *senderos.Proposal, c *senderos.Case, by int64, now time.Time) error {
	j, h, err := db.closeHeld(ctx, tx, p, senderos.ProposalAgreed, now)
	if err != nil {
		return err
	}
	j.Taken++
	if err := db.setCounts(ctx, tx, j, now); err != nil {
		return err
	}
	if err := db.setHomeStatus(ctx, tx, h.ID, senderos.OfferFilled, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET municipality_code = ?, updated_at = ? WHERE id = ?`, p.Municipality, now, c.ID); err != nil {
		return db.errorf("agree", err)
	}
	return db.addVisitRevision(ctx, tx, c, p, db.villageName(ctx, tx, p.Municipality), by, now)
}

// villageName returns the name of municipality code: its profile's, the
// official list's, or its code.
func (db *DB) villageName(ctx context.Context, tx *Tx, code string) string {
	if p, err := db.findProfile(ctx, tx, code, false); err == nil && p.Name != "" {
		return p.Name
	}
	if m, ok := atlas.Lookup(code); ok {
		return m.Name
	}
	return code
}

// addVisitRevision adds to case c's itinerary a revision that copies the
// current one's goals and tasks and adds the visit to the village of
// proposal p, due VisitTaskDays after now; revision 1 with that task
// alone when the case has none. Its texts are in Spanish, the language the
// programme's staff write itineraries in; staff may reword them in the next
// revision.
func (db *DB) addVisitRevision(ctx context.Context, tx *Tx, c *senderos.Case, p *senderos.Proposal, village string, by int64, now time.Time) error {
	next := &senderos.Revision{CaseID: c.ID, By: by, Why: "Propuesta " + strconv.FormatInt(p.ID, 10) + " aceptada por todas las partes: " + village + "."}
	base := 0
	cur, err := db.findRevision(ctx, tx, `r.case_id = ? AND r.superseded_at IS NULL`, c.ID)
	switch {
	case err == nil:
		base = cur.Number
		next.Goals, next.Tasks = cur.Goals, cur.Tasks
	case senderos.ErrorCode(err) != senderos.ENOTFOUND:
		return err
	}
	number := 0
	for _, t := range next.Tasks {
		number = max(number, t.Number)
	}
	next.Tasks = append(next.Tasks, senderos.Task{Number: number + 1, Phase: senderos.PhaseVillageVisit,
		What: "Visita a " + village, Owner: "technician", Due: senderos.Day(now).AddDate(0, 0, VisitTaskDays)})

	next.Number, next.At = base+1, now
	if err := db.supersedePlan(ctx, tx, c.ID, now); err != nil {
		return err
	}
	why, err := record.SealString(db.keys, record.LabelRevisionWhy, next.Why)
	if err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO itinerary_revisions (case_id, number, staff_id, at, why)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, c.ID, next.Number, nullID(by), now, nullBytes(why)).Scan(&next.ID); err != nil {
		return db.errorf("revise itinerary", err)
	}
	if err := db.insertPlan(ctx, tx, next); err != nil {
		return err
	}
	if base == 0 {
		if err := db.startItinerary(ctx, tx, c, by, now); err != nil {
			return err
		}
	}
	return db.auditMatch(ctx, tx, by, "match", c.Reference, "case:"+strconv.FormatInt(c.ID, 10)+" revision "+strconv.Itoa(next.Number), now)
}

// WithdrawProposal withdraws pending proposal id and frees what it held,
// with an audit entry. ECONFLICT when it is not pending.
func (svc *MatchService) WithdrawProposal(ctx context.Context, id, by int64, now time.Time) error {
	return svc.db.inTx(ctx, "withdraw proposal", func(tx *Tx) error {
		p, err := svc.db.lockProposal(ctx, tx, id)
		if err != nil {
			return err
		} else if p.Status != senderos.ProposalPending {
			return senderos.Errorf(senderos.ECONFLICT, "The proposal is %s.", p.Status)
		}
		now = record.Time(now)
		if err := svc.db.release(ctx, tx, p, senderos.ProposalWithdrawn, now); err != nil {
			return err
		}
		return svc.db.auditMatch(ctx, tx, by, "", p.Reference, proposalDetail(p, "withdrawn"), now)
	})
}

// ExpireProposals expires the pending proposals whose deadline's day is
// before now's, frees what they held, with an audit entry each, and
// returns how many. Each is expired in a transaction of its own, which
// locks it first as Respond does, so that it never waits for an answer
// while holding another proposal's offers. Proposals of erased records
// expire too, so that they free their offers.
func (svc *MatchService) ExpireProposals(ctx context.Context, now time.Time) (int, error) {
	rows, err := svc.db.read.QueryContext(ctx, `SELECT id FROM proposals WHERE status = 'pending' AND deadline_on < ? ORDER BY id`, dayOf(now))
	if err != nil {
		return 0, svc.db.errorf("expire proposals", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, svc.db.errorf("expire proposals", err)
		}
		ids = append(ids, id)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return 0, svc.db.errorf("expire proposals", err)
	}
	now = record.Time(now)
	n := 0
	for _, id := range ids {
		expired := false
		err := svc.db.inTx(ctx, "expire proposal", func(tx *Tx) error {
			var status, ref string
			var deadline time.Time
			err := tx.QueryRowContext(ctx, `SELECT status, deadline_on FROM proposals WHERE id = ?`+svc.db.dialect.ForUpdate, id).Scan(&status, day(&deadline))
			if err != nil {
				return svc.db.errorf("expire proposal", err)
			} else if status != senderos.ProposalPending || !senderos.Day(deadline).Before(senderos.Day(now)) {
				return nil // answered or withdrawn meanwhile
			}
			p, err := svc.db.scanProposal(tx.QueryRowContext(ctx, `SELECT `+strings.Replace(proposalColumns, "s.reference", "''", 1)+
				` FROM proposals p WHERE p.id = ?`, id))
			if err != nil {
				return svc.db.errorf("expire proposal", err)
			}
			if err := tx.QueryRowContext(ctx, `SELECT s.reference FROM cases c JOIN submissions s ON s.id = c.submission_id
				WHERE c.id = ?`, p.CaseID).Scan(&ref); err != nil {
				return svc.db.errorf("expire proposal", err)
			}
			p.Reference = ref
			if err := svc.db.release(ctx, tx, p, senderos.ProposalExpired, now); err != nil {
				return err
			}
			expired = true
			return svc.db.auditMatch(ctx, tx, 0, "scheduler", ref, proposalDetail(p, "expired"), now)
		})
		if err != nil {
			return n, err
		}
		if expired {
			n++
		}
	}
	return n, nil
}

// FindProposal returns proposal id with its answers, or ENOTFOUND, also
// when the family's record is erased.
func (svc *MatchService) FindProposal(ctx context.Context, id int64) (*senderos.Proposal, error) {
	tx, err := svc.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, svc.db.errorf("find proposal", err)
	}
	defer tx.Rollback()
	return svc.db.findProposal(ctx, tx, id)
}

// findProposal returns proposal id in tx with its answers, or ENOTFOUND.
func (db *DB) findProposal(ctx context.Context, tx *Tx, id int64) (*senderos.Proposal, error) {
	ps, err := db.findProposals(ctx, tx, `p.id = ?`, id)
	if err != nil {
		return nil, err
	} else if len(ps) == 0 {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Proposal not found.")
	}
	return ps[0], nil
}

// FindProposals lists the proposals f selects, newest first, with their
// answers.
func (svc *MatchService) FindProposals(ctx context.Context, f senderos.ProposalFilter) ([]*senderos.Proposal, error) {
	conds, args := []string{"1 = 1"}, []any{}
	for _, c := range []struct {
		col string
		v   any
		set bool
	}{
		{"p.case_id", f.CaseID, f.CaseID != 0},
		{"p.municipality_code", f.Municipality, f.Municipality != ""},
		{"p.job_id", f.JobID, f.JobID != 0},
		{"p.home_id", f.HomeID, f.HomeID != 0},
	} {
		if c.set {
			conds, args = append(conds, c.col+" = ?"), append(args, c.v)
		}
	}
	if len(f.Status) > 0 {
		conds = append(conds, "p.status IN (?"+strings.Repeat(", ?", len(f.Status)-1)+")")
		for _, s := range f.Status {
			args = append(args, s)
		}
	}
	tx, err := svc.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, svc.db.errorf("find proposals", err)
	}
	defer tx.Rollback()
	return svc.db.findProposals(ctx, tx, strings.Join(conds, " AND "), args...)
}

// findProposals lists the proposals in tx matching where, newest first,
// with their answers.
func (db *DB) findProposals(ctx context.Context, tx *Tx, where string, args ...any) ([]*senderos.Proposal, error) {
	out, err := queryAll(ctx, db, tx, "find proposals", db.scanProposal,
		`SELECT `+proposalColumns+proposalFrom+where+` ORDER BY p.at DESC, p.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]any, 0, len(out))
	byID := map[int64]*senderos.Proposal{}
	for _, p := range out {
		ids, byID[p.ID] = append(ids, p.ID), p
	}
	rows, err := tx.QueryContext(ctx, `SELECT proposal_id, party, accept, reason, via, staff_id, at, note FROM proposal_responses
		WHERE proposal_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY at, id`, ids...)
	if err != nil {
		return nil, db.errorf("find answers", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id   int64
			r    senderos.Response
			by   sql.NullInt64
			note []byte
		)
		if err := rows.Scan(&id, &r.Party, &r.Accept, &r.Reason, &r.Via, &by, at(&r.At), &note); err != nil {
			return nil, db.errorf("find answers", err)
		}
		r.By = by.Int64
		if r.Note, err = record.OpenString(db.keys, record.LabelResponseNote, note); err != nil {
			return nil, db.errorf("find answers", err)
		}
		p := byID[id]
		p.Responses = append(p.Responses, r)
	}
	if err := rows.Err(); err != nil {
		return nil, db.errorf("find answers", err)
	}
	return out, nil
}

// scanProposal reads one row of proposalColumns.
func (db *DB) scanProposal(row interface{ Scan(...any) error }) (*senderos.Proposal, error) {
	var (
		p        senderos.Proposal
		host, by sql.NullInt64
		fit      []byte
	)
	if err := row.Scan(&p.ID, &p.CaseID, &p.Reference, &p.Municipality, &p.JobID, &p.HomeID, &host, &fit, &by, at(&p.At),
		day(&p.Deadline), &p.Status, at(&p.ClosedAt)); err != nil {
		return nil, err
	}
	p.HostID, p.By, p.Responses = host.Int64, by.Int64, []senderos.Response{}
	if err := json.Unmarshal(fit, &p.Fit); err != nil {
		return nil, fmt.Errorf("decode fit: %w", err)
	}
	return &p, nil
}

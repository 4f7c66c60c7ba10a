package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/cepaim/senderos"
)

// Ensure IndicatorService implements the domain interface.
var _ senderos.IndicatorService = (*IndicatorService)(nil)

// IndicatorService computes the programme's figures from the records of a
// DB, in one read-only transaction, so that the figures agree with each
// other. Erased records are never counted.
type IndicatorService struct {
	db *DB
}

// NewIndicatorService returns an IndicatorService on db.
func NewIndicatorService(db *DB) *IndicatorService {
	return &IndicatorService{db: db}
}

// signupScope is the joins and the WHERE fragment, with its arguments,
// that keep the sign-ups s that f's filter selects, erased ones left out:
// joined with their families f for a province, with their cases c for a
// technician, and with neither for the whole programme.
func signupScope(f senderos.IndicatorFilter) (joins, where string, args []any) {
	conds := []string{"s.blocked_at IS NULL"}
	if f.Province != "" {
		joins += " JOIN families f ON f.submission_id = s.id"
		conds, args = append(conds, "f.province_code = ?"), append(args, f.Province)
	}
	if f.TechnicianID != 0 {
		joins += " JOIN cases c ON c.submission_id = s.id"
		conds, args = append(conds, "c.assignee_id = ?"), append(args, f.TechnicianID)
	}
	return joins, " WHERE " + strings.Join(conds, " AND "), args
}

// caseScope is the join and the WHERE fragment, with its arguments, that
// keep the cases c that f's filter selects, erased ones left out. It reads
// the case's own copy of its record's blocking and assignee (kept by the
// trigger cases_follow_submission), not the wide rows of submissions, and
// joins the families f only when it needs them: for a province, or when
// family says the query reads them.
func caseScope(f senderos.IndicatorFilter, family bool) (join, where string, args []any) {
	conds := []string{"c.blocked_at IS NULL"}
	if family || f.Province != "" {
		join = " JOIN families f ON f.submission_id = c.submission_id"
	}
	if f.Province != "" {
		conds, args = append(conds, "f.province_code = ?"), append(args, f.Province)
	}
	if f.TechnicianID != 0 {
		conds, args = append(conds, "c.assignee_id = ?"), append(args, f.TechnicianID)
	}
	return join, " WHERE " + strings.Join(conds, " AND "), args
}

// ofCases is the joins and the WHERE fragment, with its arguments, that
// keep the rows of a table t (a case's follow-ups, its feedback: t.case_id)
// of the cases that f's filter selects. For the whole programme it joins no
// case: it leaves out the few erased ones (cases_blocked_idx). For a
// technician the engine starts from the technician's cases
// (cases_technician_idx), for a province from its families
// (families_province_idx).
func ofCases(f senderos.IndicatorFilter, t string) (joins, where string, args []any) {
	if f.Province == "" && f.TechnicianID == 0 {
		return "", " WHERE " + t + ".case_id NOT IN (SELECT id FROM cases WHERE blocked_at IS NOT NULL)", nil
	}
	join, where, args := caseScope(f, false)
	return " JOIN cases c ON c.id = " + t + ".case_id" + join, where, args
}

// Dashboard returns the figures for f at now. See senderos.IndicatorService.
func (svc *IndicatorService) Dashboard(ctx context.Context, f senderos.IndicatorFilter, now time.Time) (*senderos.Dashboard, error) {
	if p := senderos.ValidatePeriod(f.From, f.To, now); len(p) > 0 {
		return nil, p
	}
	tx, err := svc.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, svc.db.errorf("dashboard", err)
	}
	defer tx.Rollback()
	// The counts gather many rows into a few: planned for their values at
	// each run (a generic plan, kept after a few runs of a prepared
	// statement, ignores how wide the period is), without parallel
	// workers (see Dialect.Serial).
	if s := svc.db.dialect.Serial; s != "" {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return nil, svc.db.errorf("dashboard", err)
		}
	}
	row := func(query string, args ...any) *sql.Row {
		return tx.QueryRowContext(ctx, query, svc.db.dialect.planned(args)...)
	}
	d := &senderos.Dashboard{Filter: f, Satisfaction: map[int]int{}, GoodDecision: map[int]senderos.Answers{}, DeclinedBy: map[string]int{}}
	sJoins, sWhere, sArgs := signupScope(f)
	join, where, caseArgs := caseScope(f, false)
	from, to := f.From.UTC(), f.To.UTC()
	fromDay, toDay := dayOf(f.From), dayOf(f.To)
	caseArgsAnd := func(more ...any) []any { return append(slices.Clone(caseArgs), more...) }

	// Family units supported: the cases opened in the period, their
	// people and minors.
	var people, minors sql.NullInt64
	famJoin, famWhere, _ := caseScope(f, true)
	if err := row(`SELECT COUNT(*), SUM(f.household), SUM(f.children) FROM cases c`+famJoin+famWhere+
		` AND c.opened_at >= ? AND c.opened_at < ?`, caseArgsAnd(from, to)...).Scan(&d.Families, &people, &minors); err != nil {
		return nil, svc.db.errorf("dashboard families", err)
	}
	d.People, d.Minors = int(people.Int64), int(minors.Int64)

	// Days from sign-up to the first contact, for the families who
	// signed up in the period; to the move, for those who moved in it.
	var contact, move []int
	// (Every family's sign-up has its row in families: kind says it is
	// a family's.)
	err = eachRow(ctx, tx, `SELECT s.created_at, MIN(e.at) FROM submissions s`+sJoins+`
		JOIN events e ON e.submission_id = s.id AND e.type = 'status' AND e.to_value = 'contacted'`+sWhere+
		` AND s.kind = ? AND s.created_at >= ? AND s.created_at < ? GROUP BY s.id, s.created_at`,
		append(sArgs, string(senderos.KindInterest), from, to),
		func(r *sql.Rows) error {
			var signed, first time.Time
			if err := r.Scan(at(&signed), at(&first)); err != nil {
				return err
			}
			contact = append(contact, daysBetween(signed, first))
			return nil
		})
	if err != nil {
		return nil, svc.db.errorf("dashboard contact", err)
	}
	err = eachRow(ctx, tx, `SELECT s.created_at, c.moved_on FROM cases c JOIN submissions s ON s.id = c.submission_id`+join+where+
		` AND c.moved_on >= ? AND c.moved_on < ?`, caseArgsAnd(fromDay, toDay),
		func(r *sql.Rows) error {
			var signed, moved time.Time
			if err := r.Scan(at(&signed), day(&moved)); err != nil {
				return err
			}
			move = append(move, daysBetween(signed, moved))
			return nil
		})
	if err != nil {
		return nil, svc.db.errorf("dashboard move", err)
	}
	d.DaysToContact, d.DaysToMove = senderos.NewDays(contact), senderos.NewDays(move)

	// Follow-ups due in the period (up to today): done by their due day.
	due := toDay
	if today := dayOf(now); senderos.Day(now).Before(senderos.Day(f.To)) {
		due = today
	}
	fuJoins, fuWhere, fuArgs := ofCases(f, "o")
	if err := row(`SELECT COUNT(*), COUNT(CASE WHEN o.done_on IS NOT NULL AND o.done_on <= o.due_on THEN 1 END)
		FROM followups o`+fuJoins+fuWhere+` AND o.due_on >= ? AND o.due_on < ?`,
		append(fuArgs, fromDay, due)...).Scan(&d.FollowUpsOnTime.Whole, &d.FollowUpsOnTime.Part); err != nil {
		return nil, svc.db.errorf("dashboard follow-ups", err)
	}

	// Still in the village 6 and 12 months on: the families whose six or
	// twelve months after the move fall in the period, and whose case was
	// not closed before then.
	// Only moves up to twelve months (and a few days of a month's
	// overflow: AddDate) before the period can reach a mark in it.
	err = eachRow(ctx, tx, `SELECT c.moved_on, c.closed_at FROM cases c`+join+where+` AND c.moved_on >= ? AND c.moved_on < ?`,
		caseArgsAnd(dayOf(f.From.AddDate(0, -12, -7)), toDay),
		func(r *sql.Rows) error {
			var moved, closed time.Time
			if err := r.Scan(day(&moved), at(&closed)); err != nil {
				return err
			}
			for _, m := range []struct {
				months int
				r      *senderos.Ratio
			}{{6, &d.Staying6}, {12, &d.Staying12}} {
				mark := moved.AddDate(0, m.months, 0)
				if mark.Before(f.From) || !mark.Before(f.To) || mark.After(now) {
					continue
				}
				m.r.Whole++
				if closed.IsZero() || !closed.Before(mark) {
					m.r.Part++
				}
			}
			return nil
		})
	if err != nil {
		return nil, svc.db.errorf("dashboard staying", err)
	}

	// Satisfaction with the support at 1, 6 and 12 months (the family's
	// feedback in the period), and "was moving a good decision?" (the
	// follow-up's answer, else the family's own: its latest in the
	// period). Counted in SQL, by month and answer, so that only the
	// counts leave the engine.
	for _, m := range senderos.DecisionMonths {
		d.GoodDecision[m] = senderos.Answers{}
	}
	count := func(month int, a string, n int) {
		if ans, ok := d.GoodDecision[month]; ok {
			ans[a] += n
		}
	}
	fuJoins, fuWhere, fuArgs = ofCases(f, "o")
	err = eachRow(ctx, tx, `SELECT o.month, o.good_decision, COUNT(*) FROM followups o`+fuJoins+fuWhere+
		` AND o.good_decision IS NOT NULL AND o.good_decision <> '' AND o.done_on >= ? AND o.done_on < ?
		GROUP BY o.month, o.good_decision`, append(fuArgs, fromDay, toDay), func(r *sql.Rows) error {
		var month, n int
		var a string
		if err := r.Scan(&month, &a, &n); err != nil {
			return err
		}
		count(month, a, n)
		return nil
	})
	if err != nil {
		return nil, svc.db.errorf("dashboard decision", err)
	}
	fbJoins, fbWhere, fbArgs := ofCases(f, "b")
	err = eachRow(ctx, tx, `SELECT b.month, b.good_decision, COUNT(*) FROM feedback b`+fbJoins+fbWhere+
		` AND b.month IS NOT NULL AND b.at >= ? AND b.at < ? AND b.good_decision IS NOT NULL AND b.good_decision <> ''
		AND NOT EXISTS (SELECT 1 FROM followups o WHERE o.case_id = b.case_id AND o.month = b.month
			AND o.good_decision IS NOT NULL AND o.good_decision <> '' AND o.done_on >= ? AND o.done_on < ?)
		AND NOT EXISTS (SELECT 1 FROM feedback l WHERE l.case_id = b.case_id AND l.month = b.month
			AND l.good_decision IS NOT NULL AND l.good_decision <> '' AND l.at < ? AND (l.at > b.at OR l.at = b.at AND l.id > b.id))
		GROUP BY b.month, b.good_decision`, append(slices.Clone(fbArgs), from, to, fromDay, toDay, to), func(r *sql.Rows) error {
		var month, n int
		var a string
		if err := r.Scan(&month, &a, &n); err != nil {
			return err
		}
		count(month, a, n)
		return nil
	})
	if err != nil {
		return nil, svc.db.errorf("dashboard decision", err)
	}
	err = eachRow(ctx, tx, `SELECT b.month, SUM(b.support), COUNT(b.support) FROM feedback b`+fbJoins+fbWhere+
		` AND b.month IS NOT NULL AND b.at >= ? AND b.at < ? GROUP BY b.month`, append(fbArgs, from, to),
		func(r *sql.Rows) error {
			var month, n int
			var sum sql.NullInt64
			if err := r.Scan(&month, &sum, &n); err != nil {
				return err
			}
			if n > 0 && slices.Contains(senderos.DecisionMonths, month) {
				d.Satisfaction[month] = (int(sum.Int64)*10 + n/2) / n
			}
			return nil
		})
	if err != nil {
		return nil, svc.db.errorf("dashboard satisfaction", err)
	}

	// Job offers identified in the period (in the province's villages
	// when one is asked for); proposals made in it, and those agreed
	// (a participant placed in work) or declined in it, by reason.
	// An erased municipality's sign-up takes its offers out of the
	// figures, as the public results do.
	jobs, jobArgs := `SELECT COUNT(*) FROM jobs j LEFT JOIN submissions s ON s.id = j.submission_id
		WHERE s.blocked_at IS NULL AND j.created_at >= ? AND j.created_at < ?`, []any{from, to}
	if f.Province != "" {
		jobs, jobArgs = jobs+` AND j.municipality_code LIKE ?`, append(jobArgs, f.Province+"%")
	}
	if err := row(jobs, jobArgs...).Scan(&d.JobOffers); err != nil {
		return nil, svc.db.errorf("dashboard jobs", err)
	}
	pJoins, pWhere, pArgs := ofCases(f, "p")
	proposals := ` FROM proposals p` + pJoins + pWhere
	if err := row(`SELECT COUNT(*)`+proposals+` AND p.at >= ? AND p.at < ?`,
		append(slices.Clone(pArgs), from, to)...).Scan(&d.Proposals); err != nil {
		return nil, svc.db.errorf("dashboard proposals", err)
	}
	if err := row(`SELECT COUNT(CASE WHEN p.status = 'agreed' THEN 1 END), COUNT(CASE WHEN p.status = 'declined' THEN 1 END)`+
		proposals+` AND p.closed_at >= ? AND p.closed_at < ?`, append(slices.Clone(pArgs), from, to)...).Scan(&d.Agreed, &d.Declined); err != nil {
		return nil, svc.db.errorf("dashboard proposals", err)
	}
	d.Placed = d.Agreed
	err = eachRow(ctx, tx, `SELECT r.reason, COUNT(*) FROM proposals p JOIN proposal_responses r ON r.proposal_id = p.id AND r.accept = ?`+
		pJoins+pWhere+` AND p.status = 'declined' AND p.closed_at >= ? AND p.closed_at < ? GROUP BY r.reason`,
		append(append([]any{false}, pArgs...), from, to),
		func(r *sql.Rows) error {
			var reason string
			var n int
			if err := r.Scan(&reason, &n); err != nil {
				return err
			}
			d.DeclinedBy[reason] = n
			return nil
		})
	if err != nil {
		return nil, svc.db.errorf("dashboard declines", err)
	}

	// Municipalities taking part (published, their sign-up not erased),
	// and their provinces and regions.
	provinces, regions := map[string]bool{}, map[string]bool{}
	err = eachRow(ctx, tx, `SELECT p.code, p.data FROM profiles p LEFT JOIN submissions s ON s.id = p.submission_id
		WHERE s.blocked_at IS NULL`, nil, func(r *sql.Rows) error {
		var code, data string
		if err := r.Scan(&code, &data); err != nil {
			return err
		}
		var p struct {
			Region string `json:"region"`
		}
		if err := json.Unmarshal([]byte(data), &p); err != nil {
			return err
		}
		d.Municipalities++
		provinces[code[:2]] = true
		if p.Region != "" {
			regions[p.Region] = true
		}
		return nil
	})
	if err != nil {
		return nil, svc.db.errorf("dashboard municipalities", err)
	}
	d.Provinces, d.Regions = len(provinces), len(regions)
	return d, nil
}

// eachRow runs query with args in tx, planned for its values (see
// Dialect.Planned: the counts' periods change how they are best read), and
// calls scan on each row.
func eachRow(ctx context.Context, tx *Tx, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, tx.d.planned(args)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// daysBetween returns the whole days from a to b's day.
func daysBetween(a, b time.Time) int {
	return int(senderos.Day(b).Sub(senderos.Day(a)).Hours() / 24)
}

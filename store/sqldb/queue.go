package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/cepaim/senderos"
)

// queueBranches are the things with a due day on a work queue, each from
// its table x: its kind, its id, its due day, and what says it is still to
// do.
var queueBranches = []struct{ kind, from, id, due, todo string }{
	{senderos.SubjectGoal, "goals", "x.number", "x.due_on", "x.current AND x.status NOT IN ('achieved', 'dropped')"},
	{senderos.SubjectTask, "tasks", "x.number", "x.due_on", "x.current AND NOT x.done"},
	{senderos.SubjectFollowUp, "followups", "x.id", "x.due_on", "x.done_on IS NULL"},
	{senderos.SubjectVisit, "visits", "x.id", "x.visit_on", "NOT x.done"},
}

// queueScope returns the condition on cases c of a queue: the cases of
// account who, or every case assigned to someone if who is nil, or every
// case at all if who is false. Cases carry their record's assignee and
// blocking (migration 0008's cases_follow_submission), so that counting
// reads no submission.
func queueScope(col string, who any) (string, []any) {
	switch who {
	case nil:
		return ` AND ` + col + ` IS NOT NULL`, nil
	case false:
		return ``, nil
	}
	return ` AND ` + col + ` = ?`, []any{who}
}

// queueItems returns the SQL of the items due in [from, to) (from may be
// nil: everything before to) of open cases c of who (see queueScope), and
// its arguments: a UNION ALL of queueBranches selecting cols, where {due}
// is the branch's due day and {kind} and {id} its kind and id. The
// records s are joined if withRecord, for their references.
func queueItems(cols string, who any, withRecord bool, from, to any) (string, []any) {
	scope, scopeArgs := queueScope("c.assignee_id", who)
	join := ``
	if withRecord {
		join = ` JOIN submissions s ON s.id = c.submission_id`
	}
	var parts []string
	var args []any
	for _, b := range queueBranches {
		due := b.due + ` < ?`
		bargs := []any{to}
		if from != nil {
			due, bargs = b.due+` >= ? AND `+due, []any{from, to}
		}
		col := strings.NewReplacer("{due}", b.due, "{kind}", "'"+b.kind+"'", "{id}", b.id).Replace(cols)
		parts = append(parts, `SELECT `+col+` FROM `+b.from+` x JOIN cases c ON c.id = x.case_id`+join+`
			WHERE c.blocked_at IS NULL AND c.closed_at IS NULL AND `+b.todo+scope+` AND `+due)
		args = append(append(args, scopeArgs...), bargs...)
	}
	return strings.Join(parts, " UNION ALL "), args
}

// WorkQueue builds staff's work queue at now: theirs (the cases assigned
// to them, through submissions.assignee_id) or, for an account whose role
// CanSeeAll, everyone's with counts per technician. The account's role is
// read from the database, not taken from staff. Each list holds at most
// senderos.MaxQueueItems. Returns ENOTFOUND for an unknown account.
func (svc *WarningService) WorkQueue(ctx context.Context, staff *senderos.Staff, now time.Time) (*senderos.WorkQueue, error) {
	tx, err := svc.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, svc.db.errorf("work queue", err)
	}
	defer tx.Rollback()

	var role string
	if err := tx.QueryRowContext(ctx, `SELECT role FROM staff WHERE id = ?`, staff.ID).Scan(&role); errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Staff account not found.")
	} else if err != nil {
		return nil, svc.db.errorf("work queue", err)
	}
	all := (&senderos.Staff{Role: senderos.Role(role)}).CanSeeAll()
	var who any = staff.ID
	if all {
		who = false
	}
	today := senderos.Day(now)
	todayArg, weekArg := dayOf(today), dayOf(today.AddDate(0, 0, senderos.QueueDays))
	q := &senderos.WorkQueue{StaffID: staff.ID, Now: now}

	const cols = `c.id, s.reference, c.assignee_id, {kind}, {id}, {due}`
	for _, l := range []struct {
		into     *[]senderos.QueueItem
		from, to any
	}{{&q.Overdue, nil, todayArg}, {&q.DueThisWeek, todayArg, weekArg}} {
		union, args := queueItems(cols, who, true, l.from, l.to)
		if *l.into, err = svc.queueList(ctx, tx, union+` ORDER BY 6, 1, 4, 5 LIMIT ?`, append(args, senderos.MaxQueueItems)...); err != nil {
			return nil, err
		}
	}
	scope, scopeArgs := queueScope("c.assignee_id", who)
	if q.Warnings, err = svc.db.findWarnings(ctx, tx, ` AND c.closed_at IS NULL AND w.closed_at IS NULL`+scope+
		` ORDER BY w.raised_at DESC, w.id DESC LIMIT ?`, append(scopeArgs, senderos.MaxQueueItems)...); err != nil {
		return nil, err
	}
	// New families are few by nature (they wait for someone to start):
	// all are read, to be counted too.
	newSQL, newArgs := newFamilies(`s.id, c.id, s.reference, {assignee}, {at}`, who)
	if q.NewFamilies, err = svc.newFamilies(ctx, tx, newSQL+` ORDER BY 5, 1`, newArgs...); err != nil {
		return nil, err
	}
	if all {
		if q.PerTechnician, err = svc.perTechnician(ctx, tx, todayArg, weekArg, q.NewFamilies); err != nil {
			return nil, err
		}
	}
	q.NewFamilies = q.NewFamilies[:min(len(q.NewFamilies), senderos.MaxQueueItems)]
	return q, nil
}

// newFamilies returns the SQL of the families newly assigned to who (see
// queueScope), selecting cols ({assignee} is to whom, {at} is when): cases
// opened that have no itinerary yet, and records assigned that are still
// new, with no case.
func newFamilies(cols string, who any) (string, []any) {
	caseScope, args := queueScope("c.assignee_id", who)
	recordScope, recordArgs := queueScope("s.assignee_id", who)
	if who == false {
		recordScope = ` AND s.assignee_id IS NOT NULL`
	}
	opened := strings.NewReplacer("{assignee}", "c.assignee_id", "{at}", "c.opened_at").Replace(cols)
	assigned := strings.NewReplacer("{assignee}", "s.assignee_id", "{at}", "s.updated_at", "c.id", "0").Replace(cols)
	return `SELECT ` + opened + ` FROM cases c JOIN submissions s ON s.id = c.submission_id
		WHERE c.blocked_at IS NULL AND c.closed_at IS NULL` + caseScope + `
		AND NOT EXISTS (SELECT 1 FROM itinerary_revisions r WHERE r.case_id = c.id)
		UNION ALL SELECT ` + assigned + ` FROM submissions s WHERE s.blocked_at IS NULL AND s.kind = 'interest'
		AND s.status = 'new'` + recordScope + `
		AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.submission_id = s.id)`, append(args, recordArgs...)
}

// queueList runs query, which selects queue items.
func (svc *WarningService) queueList(ctx context.Context, tx *Tx, query string, args ...any) ([]senderos.QueueItem, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, svc.db.errorf("work queue", err)
	}
	defer rows.Close()
	out := []senderos.QueueItem{}
	for rows.Next() {
		var it senderos.QueueItem
		var assignee sql.NullInt64
		if err := rows.Scan(&it.CaseID, &it.Reference, &assignee, &it.Kind, &it.ID, day(&it.Due)); err != nil {
			return nil, svc.db.errorf("work queue", err)
		}
		it.AssigneeID = assignee.Int64
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, svc.db.errorf("work queue", err)
	}
	return out, nil
}

// newFamilies runs query, which selects families newly assigned.
func (svc *WarningService) newFamilies(ctx context.Context, tx *Tx, query string, args ...any) ([]senderos.QueueCase, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, svc.db.errorf("work queue", err)
	}
	defer rows.Close()
	out := []senderos.QueueCase{}
	for rows.Next() {
		var qc senderos.QueueCase
		var assignee sql.NullInt64
		if err := rows.Scan(&qc.SubmissionID, &qc.CaseID, &qc.Reference, &assignee, at(&qc.AssignedAt)); err != nil {
			return nil, svc.db.errorf("work queue", err)
		}
		qc.AssigneeID = assignee.Int64
		out = append(out, qc)
	}
	if err := rows.Err(); err != nil {
		return nil, svc.db.errorf("work queue", err)
	}
	return out, nil
}

// perTechnician counts the queue of each technician, and of any other
// account with cases assigned, by account id; families are every new
// family.
func (svc *WarningService) perTechnician(ctx context.Context, tx *Tx, today, week any, families []senderos.QueueCase) ([]senderos.QueueCounts, error) {
	counts := map[int64]*senderos.QueueCounts{}
	get := func(id int64) *senderos.QueueCounts {
		if counts[id] == nil {
			counts[id] = &senderos.QueueCounts{StaffID: id}
		}
		return counts[id]
	}
	items, itemArgs := queueItems(`c.assignee_id AS a, {due} AS due`, nil, false, nil, week)
	for _, f := range families {
		if f.AssigneeID != 0 {
			get(f.AssigneeID).NewFamilies++
		}
	}
	for _, c := range []struct {
		query string
		args  []any
		set   func(q *senderos.QueueCounts, n, m int)
	}{
		{`SELECT id, 0, 0 FROM staff WHERE role = ?`, []any{string(senderos.RoleTechnician)}, func(*senderos.QueueCounts, int, int) {}},
		{`SELECT c.assignee_id, COUNT(*), 0 FROM cases c WHERE c.blocked_at IS NULL AND c.closed_at IS NULL
			AND c.assignee_id IS NOT NULL GROUP BY c.assignee_id`, nil,
			func(q *senderos.QueueCounts, n, _ int) { q.Cases = n }},
		{`SELECT a, SUM(CASE WHEN due < ? THEN 1 ELSE 0 END), SUM(CASE WHEN due < ? THEN 0 ELSE 1 END) FROM (` +
			items + `) i GROUP BY a`, append([]any{today, today}, itemArgs...),
			func(q *senderos.QueueCounts, n, m int) { q.Overdue, q.DueThisWeek = n, m }},
		{`SELECT c.assignee_id, COUNT(*), 0` + warningFrom + ` AND c.closed_at IS NULL AND w.closed_at IS NULL
			AND c.assignee_id IS NOT NULL GROUP BY c.assignee_id`, nil, func(q *senderos.QueueCounts, n, _ int) { q.Warnings = n }},
	} {
		rows, err := tx.QueryContext(ctx, c.query, c.args...)
		if err != nil {
			return nil, svc.db.errorf("work queue counts", err)
		}
		for rows.Next() {
			var id int64
			var n, m int
			if err := rows.Scan(&id, &n, &m); err != nil {
				rows.Close()
				return nil, svc.db.errorf("work queue counts", err)
			}
			c.set(get(id), n, m)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, svc.db.errorf("work queue counts", err)
		}
	}
	out := make([]senderos.QueueCounts, 0, len(counts))
	for _, q := range counts {
		out = append(out, *q)
	}
	slices.SortFunc(out, func(a, b senderos.QueueCounts) int { return int(a.StaffID - b.StaffID) })
	return out, nil
}

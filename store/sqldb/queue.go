package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
// nil: everything before to) of the cases of who (see queueScope), and its
// arguments: a UNION ALL of queueBranches selecting case_id, kind, id and
// due. A technician's items are found from their cases (cases_assignee_idx,
// then each table's index by case); everyone's from the due days, the
// cases joined once around it (see itemsOfOpenCases).
func queueItems(who any, from, to any) (string, []any) {
	scope, scopeArgs := ``, []any(nil)
	if id, ok := who.(int64); ok {
		scope, scopeArgs = ` AND x.case_id IN (SELECT id FROM cases WHERE assignee_id = ? AND blocked_at IS NULL AND closed_at IS NULL)`, []any{id}
	}
	var parts []string
	var args []any
	for _, b := range queueBranches {
		due := b.due + ` < ?`
		bargs := []any{to}
		if from != nil {
			due, bargs = b.due+` >= ? AND `+due, []any{from, to}
		}
		parts = append(parts, `SELECT x.case_id AS case_id, '`+b.kind+`' AS kind, `+b.id+` AS id, `+b.due+` AS due
			FROM `+b.from+` x WHERE `+b.todo+scope+` AND `+due)
		args = append(append(args, scopeArgs...), bargs...)
	}
	return strings.Join(parts, " UNION ALL "), args
}

// assignedItems returns the SQL of the items due before to of every open
// case assigned to someone, selecting a, the assignee, and due, and its
// arguments. Each branch joins its cases, which SQLite does by their
// primary key as it goes, where joining them around the whole would have
// it store every item first.
func assignedItems(to any) (string, []any) {
	var parts []string
	var args []any
	for _, b := range queueBranches {
		parts = append(parts, `SELECT c.assignee_id AS a, `+b.due+` AS due FROM `+b.from+` x JOIN cases c ON c.id = x.case_id
			WHERE c.blocked_at IS NULL AND c.closed_at IS NULL AND c.assignee_id IS NOT NULL AND `+b.todo+` AND `+b.due+` < ?`)
		args = append(args, to)
	}
	return strings.Join(parts, " UNION ALL "), args
}

// itemsOfOpenCases is the FROM clause of what queueItems selects, i, with
// their cases c, open and not erased: %s is queueItems' SQL.
const itemsOfOpenCases = ` FROM (%s) i JOIN cases c ON c.id = i.case_id WHERE c.blocked_at IS NULL AND c.closed_at IS NULL`

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
		// Everyone's queue gathers many rows into few.
		if d := svc.db.dialect; d.Serial != "" {
			if _, err := tx.ExecContext(ctx, d.Serial); err != nil {
				return nil, svc.db.errorf("work queue", err)
			}
		}
	}
	today := senderos.Day(now)
	todayArg, weekArg := dayOf(today), dayOf(today.AddDate(0, 0, senderos.QueueDays))
	q := &senderos.WorkQueue{StaffID: staff.ID, Now: now}

	for _, l := range []struct {
		into     *[]senderos.QueueItem
		from, to any
	}{{&q.Overdue, nil, todayArg}, {&q.DueThisWeek, todayArg, weekArg}} {
		// The first items, then their references.
		union, args := queueItems(who, l.from, l.to)
		query := `SELECT i.case_id, s.reference, c.assignee_id, i.kind, i.id, i.due FROM (SELECT i.case_id, i.kind, i.id, i.due` +
			fmt.Sprintf(itemsOfOpenCases, union) + ` ORDER BY i.due, i.case_id, i.kind, i.id LIMIT ?) i
			JOIN cases c ON c.id = i.case_id JOIN submissions s ON s.id = c.submission_id ORDER BY i.due, i.case_id, i.kind, i.id`
		if *l.into, err = svc.queueList(ctx, tx, query, append(args, senderos.MaxQueueItems)...); err != nil {
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
	rows, err := tx.QueryContext(ctx, query, svc.db.dialect.planned(args)...)
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
	rows, err := tx.QueryContext(ctx, query, svc.db.dialect.planned(args)...)
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
	items, itemArgs := assignedItems(week)
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
		rows, err := tx.QueryContext(ctx, c.query, svc.db.dialect.planned(c.args)...)
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

package storetest

import (
	"context"
	"sync"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/sqldb"
)

func testRaisesWarningsOnce(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	moved := days(10)
	fs := MustMove(t, st, c, tech.ID, moved)
	MustOpenCase(t, st, tech.ID) // opened at CaseNow, no contact since: warns too

	now := moved.AddDate(0, 2, 0)
	n, err := st.Warnings.RaiseWarnings(ctx, now, senderos.WarningRules{})
	if err != nil {
		t.Fatal(err)
	} else if n != 5 {
		t.Errorf("raised %d, want 5 (a follow-up and two goals overdue, no contact on two cases)", n)
	}
	if n, err := st.Warnings.RaiseWarnings(ctx, now.Add(3*60*60*1e9), senderos.WarningRules{}); err != nil || n != 0 {
		t.Errorf("raised again %d, %v; want 0", n, err)
	}
	ws, err := st.Warnings.FindWarnings(ctx, senderos.WarningFilter{CaseID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, w := range ws {
		kinds[w.Kind]++
		if !w.RaisedAt.Equal(now) || w.Closure != nil || w.CaseID != c.ID {
			t.Errorf("warning %+v", w)
		}
		if w.Kind == senderos.WarnFollowUpOverdue && (w.Subject != senderos.Subject{Kind: senderos.SubjectFollowUp, ID: fs[0].ID} ||
			!w.Why.Due.Equal(fs[0].Due) || w.Why.Days == 0) {
			t.Errorf("follow-up warning %+v", w)
		}
	}
	if kinds[senderos.WarnFollowUpOverdue] != 1 || kinds[senderos.WarnGoalOverdue] != 2 || kinds[senderos.WarnNoContact] != 1 {
		t.Errorf("warnings by kind %v", kinds)
	}

	// What a follow-up says warns at once.
	k := NewCheck()
	k.JobLost, k.IntendsToStay = true, senderos.AnswerNotSure
	if err := st.Cases.RecordFollowUp(ctx, &senderos.FollowUp{ID: fs[0].ID, DoneOn: now, By: tech.ID, Check: k}, now); err != nil {
		t.Fatal(err)
	}
	if n, err := st.Warnings.RaiseWarnings(ctx, now.AddDate(0, 0, 1), senderos.WarningRules{}); err != nil || n != 2 {
		t.Errorf("after the follow-up raised %d, %v; want 2 (job lost, may leave)", n, err)
	}
	if ws, err := st.Warnings.FindWarnings(ctx, senderos.WarningFilter{AssigneeID: tech.ID, Open: true, Limit: 3}); err != nil || len(ws) != 3 {
		t.Errorf("FindWarnings with a limit: %d, %v", len(ws), err)
	}
	if ws, err := st.Warnings.FindWarnings(ctx, senderos.WarningFilter{AssigneeID: tech.ID + 100}); err != nil || len(ws) != 0 {
		t.Errorf("FindWarnings of another account: %d, %v", len(ws), err)
	}
}

func testClosesWarning(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	now := days(60)
	if _, err := st.Warnings.RaiseWarnings(ctx, now, senderos.WarningRules{NoContactDays: 10}); err != nil {
		t.Fatal(err)
	}
	ws, err := st.Warnings.FindWarnings(ctx, senderos.WarningFilter{CaseID: c.ID})
	if err != nil || len(ws) != 1 {
		t.Fatalf("warnings %v, %v; want one", ws, err)
	}
	w := ws[0]
	_, err = st.Warnings.CloseWarning(ctx, w.ID, senderos.Closure{By: tech.ID, At: now})
	wantProblem(t, "no note", err, "note", senderos.ProblemRequired)
	_, err = st.Warnings.CloseWarning(ctx, w.ID+100, senderos.Closure{By: tech.ID, At: now, Note: "Llamada hecha"})
	wantCode(t, "unknown warning", err, senderos.ENOTFOUND)
	got, err := st.Warnings.CloseWarning(ctx, w.ID, senderos.Closure{By: tech.ID, At: now, Note: "Llamada hecha"})
	if err != nil {
		t.Fatal(err)
	} else if got.Closure == nil || got.Closure.Note != "Llamada hecha" || got.Closure.By != tech.ID || !got.Closure.At.Equal(now) {
		t.Errorf("closed %+v", got)
	}
	_, err = st.Warnings.CloseWarning(ctx, w.ID, senderos.Closure{By: tech.ID, At: now, Note: "Otra vez"})
	wantCode(t, "closed twice", err, senderos.ECONFLICT)
	mustAudited(t, st, senderos.AuditCaseChange, c.Reference)
	if n, err := st.Warnings.RaiseWarnings(ctx, now.AddDate(0, 0, 1), senderos.WarningRules{NoContactDays: 10}); err != nil || n != 0 {
		t.Errorf("a closed warning raised again: %d, %v", n, err)
	}
	if ws, err := st.Warnings.FindWarnings(ctx, senderos.WarningFilter{Open: true}); err != nil || len(ws) != 0 {
		t.Errorf("open warnings after closing: %d, %v", len(ws), err)
	}
}

func testWorkQueueScoped(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech1 := MustCreateStaff(t, st.Staff, "tec1@example.org", senderos.RoleTechnician)
	tech2 := MustCreateStaff(t, st.Staff, "tec2@example.org", senderos.RoleTechnician)
	coord := MustCreateStaff(t, st.Staff, "coord@example.org", senderos.RoleCoordinator)
	a, b := MustOpenCase(t, st, tech1.ID), MustOpenCase(t, st, tech2.ID)
	for _, c := range []*senderos.Case{a, b} {
		MustRevise(t, st, NewRevision(c, coord.ID), 0, days(1))
	}
	fresh := MustOpenCase(t, st, tech1.ID) // no itinerary yet
	assigned := NewInterest()
	MustCreate(t, st.Submissions, assigned)
	MustUpdate(t, st.Submissions, senderos.SubmissionUpdate{ID: assigned.ID, AssigneeID: tech1.ID})
	now := days(14)
	if _, err := st.Warnings.RaiseWarnings(ctx, now, senderos.WarningRules{}); err != nil {
		t.Fatal(err)
	}

	q, err := st.Warnings.WorkQueue(ctx, tech1, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []senderos.QueueItem{
		{CaseID: a.ID, Reference: a.Reference, AssigneeID: tech1.ID, Kind: senderos.SubjectTask, ID: 1, Due: senderos.Day(days(5))},
		{CaseID: a.ID, Reference: a.Reference, AssigneeID: tech1.ID, Kind: senderos.SubjectGoal, ID: 1, Due: senderos.Day(days(10))},
	}
	if len(q.Overdue) != 2 || q.Overdue[0] != want[0] || q.Overdue[1] != want[1] {
		t.Errorf("technician's overdue %+v, want %+v", q.Overdue, want)
	}
	if len(q.DueThisWeek) != 1 || q.DueThisWeek[0].Kind != senderos.SubjectTask || q.DueThisWeek[0].ID != 2 || q.DueThisWeek[0].CaseID != a.ID {
		t.Errorf("technician's due this week %+v", q.DueThisWeek)
	}
	if len(q.Warnings) != 1 || q.Warnings[0].CaseID != a.ID {
		t.Errorf("technician's warnings %+v", q.Warnings)
	}
	if len(q.NewFamilies) != 2 || q.NewFamilies[0].CaseID != fresh.ID || q.NewFamilies[1].SubmissionID != assigned.ID || q.NewFamilies[1].CaseID != 0 {
		t.Errorf("technician's new families %+v", q.NewFamilies)
	}
	if q.PerTechnician != nil {
		t.Errorf("a technician sees counts per technician: %+v", q.PerTechnician)
	}

	q, err = st.Warnings.WorkQueue(ctx, coord, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Overdue) != 4 || len(q.DueThisWeek) != 2 || len(q.Warnings) != 2 || len(q.NewFamilies) != 2 {
		t.Errorf("coordinator's queue: %d overdue, %d this week, %d warnings, %d new", len(q.Overdue), len(q.DueThisWeek), len(q.Warnings), len(q.NewFamilies))
	}
	wantCounts := []senderos.QueueCounts{
		{StaffID: tech1.ID, Cases: 2, Overdue: 2, DueThisWeek: 1, Warnings: 1, NewFamilies: 2},
		{StaffID: tech2.ID, Cases: 1, Overdue: 2, DueThisWeek: 1, Warnings: 1},
	}
	if len(q.PerTechnician) != 2 || q.PerTechnician[0] != wantCounts[0] || q.PerTechnician[1] != wantCounts[1] {
		t.Errorf("per technician %+v, want %+v", q.PerTechnician, wantCounts)
	}
	_, err = st.Warnings.WorkQueue(ctx, &senderos.Staff{ID: coord.ID + 100, Role: senderos.RoleAdmin}, now)
	wantCode(t, "unknown account", err, senderos.ENOTFOUND)
	// The role is the stored one, not what the caller says.
	q, err = st.Warnings.WorkQueue(ctx, &senderos.Staff{ID: tech2.ID, Role: senderos.RoleAdmin}, now)
	if err != nil {
		t.Fatal(err)
	} else if len(q.Overdue) != 2 || q.PerTechnician != nil {
		t.Errorf("a technician claiming to be admin saw %d overdue", len(q.Overdue))
	}
}

// testReplicasRaiseOnce races two replicas, each its own handle on one
// database, raising warnings over the same cases: each is stored once.
func testReplicasRaiseOnce(t *testing.T, e Engine) {
	ctx := context.Background()
	db1, db2 := e.OpenTwice(t)
	st := ServicesOf(db1)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	for range 10 {
		c := MustOpenCase(t, st, tech.ID)
		MustMove(t, st, c, tech.ID, days(10))
	}
	replicas := []*sqldb.WarningService{sqldb.NewWarningService(db1), sqldb.NewWarningService(db2)}
	var wg sync.WaitGroup
	stored := make([]int, 2)
	errs := make([]error, 2)
	start := make(chan struct{})
	for i, r := range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for d := range 20 {
				n, err := r.RaiseWarnings(ctx, days(60+d*10), senderos.WarningRules{})
				if err != nil {
					errs[i] = err
					return
				}
				stored[i] += n
			}
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	ws, err := st.Warnings.FindWarnings(ctx, senderos.WarningFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, w := range ws {
		if keys[w.Key()] {
			t.Errorf("warning %s stored twice", w.Key())
		}
		keys[w.Key()] = true
	}
	if len(ws) == 0 || stored[0]+stored[1] != len(ws) {
		t.Errorf("replicas counted %d + %d stored, %d are", stored[0], stored[1], len(ws))
	}
}

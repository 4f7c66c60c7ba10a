package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func testAddsVisits(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	MustRevise(t, st, NewRevision(c, tech.ID), 0, days(1))

	done := &senderos.Visit{CaseID: c.ID, Kind: senderos.VisitExploratory, On: days(3), Place: "Ayuntamiento de Teruel", Done: true,
		Participants: []string{"Amina", "Alcaldesa"}, Outcome: "Les gusta el pueblo", NextSteps: "Ver la casa", Goals: []int{1, 2}, RecordedBy: tech.ID}
	if err := st.Cases.AddVisit(ctx, done, days(4)); err != nil {
		t.Fatal(err)
	}
	planned := &senderos.Visit{CaseID: c.ID, Kind: senderos.VisitHome, On: days(30), Place: "Casa", RecordedBy: tech.ID}
	if err := st.Cases.AddVisit(ctx, planned, days(4)); err != nil {
		t.Fatal(err)
	}
	got, err := st.Cases.FindVisits(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != planned.ID || got[1].ID != done.ID || got[1].Outcome != done.Outcome ||
		!slices.Equal(got[1].Goals, []int{1, 2}) || !slices.Equal(got[1].Participants, done.Participants) ||
		!got[1].On.Equal(senderos.Day(days(3))) || !got[1].Done || got[0].Done || !got[1].RecordedAt.Equal(days(4)) {
		t.Errorf("visits %+v", got)
	}
	cs, err := st.Cases.FindCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	} else if !cs.LastContactAt.Equal(senderos.Day(days(3))) {
		t.Errorf("last contact %v, want the day of the visit done", cs.LastContactAt)
	}

	err = st.Cases.AddVisit(ctx, &senderos.Visit{CaseID: c.ID, Kind: senderos.VisitHome, On: days(3), Place: "Casa", Done: true, Goals: []int{9}}, days(4))
	wantProblem(t, "unknown goal", err, "goals", senderos.ProblemUnknownGoal)
	wantProblem(t, "done without outcome", err, "outcome", senderos.ProblemRequired)
	err = st.Cases.AddVisit(ctx, &senderos.Visit{CaseID: c.ID, Kind: "party", On: days(9), Place: "Casa", Done: true, Outcome: "x"}, days(4))
	wantProblem(t, "unknown kind", err, "kind", senderos.ProblemNotInList)
	wantProblem(t, "done in the future", err, "on", senderos.ProblemDateFuture)
	err = st.Cases.AddVisit(ctx, &senderos.Visit{CaseID: c.ID + 100, Kind: senderos.VisitHome, On: days(3), Place: "Casa"}, days(4))
	wantCode(t, "missing case", err, senderos.ENOTFOUND)
	_, err = st.Cases.FindVisits(ctx, c.ID+100)
	wantCode(t, "FindVisits of a missing case", err, senderos.ENOTFOUND)
}

func testMarksMoved(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	moved := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)

	_, err := st.Cases.MarkMoved(ctx, c.ID, tech.ID, moved, "44216", senderos.DefaultSchedule, moved)
	wantCode(t, "moved without an itinerary (interviewed cannot become relocated)", err, senderos.ECONFLICT)
	MustRevise(t, st, NewRevision(c, tech.ID), 0, days(1))
	_, err = st.Cases.MarkMoved(ctx, c.ID, tech.ID, moved, "44216", senderos.Schedule{Months: []int{3, 1}}, moved)
	wantProblem(t, "months out of order", err, "months", senderos.ProblemDateOrder)
	_, err = st.Cases.MarkMoved(ctx, c.ID, tech.ID, moved.AddDate(0, 0, 2), "Teruel", senderos.DefaultSchedule, moved)
	wantProblem(t, "moved in the future", err, "moved_on", senderos.ProblemDateFuture)
	wantProblem(t, "not an INE code", err, "municipality", senderos.ProblemNotInList)
	_, err = st.Cases.MarkMoved(ctx, c.ID+100, tech.ID, moved, "44216", senderos.DefaultSchedule, moved)
	wantCode(t, "missing case", err, senderos.ENOTFOUND)

	fs, err := st.Cases.MarkMoved(ctx, c.ID, tech.ID, moved, "44216", senderos.DefaultSchedule, moved)
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{
		time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC),
	}
	got, err := st.Cases.FindFollowUps(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 4 || len(got) != 4 {
		t.Fatalf("follow-ups %d returned, %d stored; want 4", len(fs), len(got))
	}
	for i, f := range got {
		if !f.Due.Equal(want[i]) || f.ID != fs[i].ID || f.Month != senderos.DefaultSchedule.Months[i] || f.Done() || f.Check != nil {
			t.Errorf("follow-up %d = %+v, want due %v", i, f, want[i])
		}
	}
	cs, err := st.Cases.FindCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	} else if !cs.MovedOn.Equal(moved) || cs.Municipality != "44216" {
		t.Errorf("case after the move %+v", cs)
	}
	sub, err := st.Submissions.FindSubmissionByID(ctx, c.SubmissionID)
	if err != nil {
		t.Fatal(err)
	} else if sub.Status != senderos.StatusRelocated {
		t.Errorf("status %s, want relocated", sub.Status)
	}
	_, err = st.Cases.MarkMoved(ctx, c.ID, tech.ID, moved, "44216", senderos.DefaultSchedule, moved)
	wantCode(t, "moved twice", err, senderos.ECONFLICT)
}

// NewCheck returns a follow-up check where all is well.
func NewCheck() *senderos.Check {
	return &senderos.Check{Work: senderos.CheckOK, Housing: senderos.CheckOK, School: senderos.CheckNotApplicable,
		HealthCare: senderos.CheckOK, Neighbours: senderos.CheckOK, Spanish: senderos.CheckProblem,
		IntendsToStay: senderos.AnswerYes, GoodDecision: senderos.AnswerYes, Note: "Todo bien"}
}

func testRecordsFollowUp(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	moved := days(10)
	fs := MustMove(t, st, c, tech.ID, moved)

	k := NewCheck()
	k.JobLost = true
	f := &senderos.FollowUp{ID: fs[0].ID, DoneOn: moved.AddDate(0, 1, 0), By: tech.ID, Check: k}
	late := moved.AddDate(0, 1, 2)
	if err := st.Cases.RecordFollowUp(ctx, f, late); err != nil {
		t.Fatal(err)
	}
	got, err := st.Cases.FindFollowUps(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g := got[0]; !g.Done() || g.Check == nil || *g.Check != *k || g.By != tech.ID || !g.DoneOn.Equal(senderos.Day(f.DoneOn)) {
		t.Errorf("follow-up read back %+v %+v", g, g.Check)
	}
	err = st.Cases.RecordFollowUp(ctx, &senderos.FollowUp{ID: fs[0].ID, DoneOn: f.DoneOn, By: tech.ID, Check: NewCheck()}, late)
	wantCode(t, "recorded twice", err, senderos.ECONFLICT)
	bad := NewCheck()
	bad.Work, bad.IntendsToStay = "meh", ""
	err = st.Cases.RecordFollowUp(ctx, &senderos.FollowUp{ID: fs[1].ID, DoneOn: moved.AddDate(0, 0, -1), Check: bad}, late)
	wantProblem(t, "bad answer", err, "work", senderos.ProblemNotInList)
	wantProblem(t, "no answer", err, "intends_to_stay", senderos.ProblemRequired)
	wantProblem(t, "before the move", err, "done_on", senderos.ProblemDateOrder)
	err = st.Cases.RecordFollowUp(ctx, &senderos.FollowUp{ID: fs[1].ID, DoneOn: late}, late)
	wantProblem(t, "no check", err, "check", senderos.ProblemRequired)
	err = st.Cases.RecordFollowUp(ctx, &senderos.FollowUp{ID: fs[3].ID + 100, DoneOn: late, Check: NewCheck()}, late)
	wantCode(t, "unknown follow-up", err, senderos.ENOTFOUND)
	_, err = st.Cases.FindFollowUps(ctx, c.ID+100)
	wantCode(t, "FindFollowUps of a missing case", err, senderos.ENOTFOUND)
}

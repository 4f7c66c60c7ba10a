package storetest

import (
	"context"
	"sync"
	"testing"

	"github.com/cepaim/senderos"
)

func testRevisesItinerary(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	_, err := st.Cases.CurrentRevision(ctx, c.ID)
	wantCode(t, "CurrentRevision of a case without one", err, senderos.ENOTFOUND)

	first := MustRevise(t, st, NewRevision(c, tech.ID), 0, days(1))
	if first.Number != 1 || first.ID == 0 || !first.At.Equal(days(1)) || first.Superseded() {
		t.Errorf("first revision %+v", first)
	}
	sub, err := st.Submissions.FindSubmissionByID(ctx, c.SubmissionID)
	if err != nil {
		t.Fatal(err)
	} else if sub.Status != senderos.StatusItinerary {
		t.Errorf("status after the first itinerary = %s, want %s", sub.Status, senderos.StatusItinerary)
	}

	next := NewRevision(c, tech.ID)
	next.Why = "Cambia la fecha del empleo"
	next.Goals[0].Due, next.Goals[0].Status = days(15), senderos.GoalInProgress
	next.Goals = next.Goals[:2]
	second := MustRevise(t, st, next, 1, days(2))
	if second.Number != 2 {
		t.Errorf("second revision numbered %d", second.Number)
	}
	cur, err := st.Cases.CurrentRevision(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cur.ID != second.ID || cur.Why != next.Why || len(cur.Goals) != 2 || len(cur.Tasks) != 2 ||
		!cur.Goals[0].Due.Equal(senderos.Day(days(15))) || cur.Goals[0].Status != senderos.GoalInProgress ||
		cur.Goals[1].Target != "Meta housing" || cur.Tasks[0].What != "Preparar el currículum" {
		t.Errorf("current revision %+v", cur)
	}
	all, err := st.Cases.FindRevisions(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Number != 2 || all[1].Number != 1 || !all[1].Superseded() || !all[1].SupersededAt.Equal(days(2)) ||
		len(all[1].Goals) != 3 || all[1].Why != "Primer plan" {
		t.Errorf("revisions %+v", all)
	}
	mustAudited(t, st, senderos.AuditCaseChange, c.Reference)
}

func testErrRevision(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)

	bad := NewRevision(c, tech.ID)
	bad.Goals[0].Target = ""
	bad.Tasks[1].Due = CaseNow.AddDate(0, 0, -3)
	_, err := st.Cases.ReviseItinerary(ctx, bad, 0, days(1))
	wantProblem(t, "goal without target", err, "goals.0.target", senderos.ProblemRequired)
	wantProblem(t, "task before opening", err, "tasks.1.due", senderos.ProblemDateOrder)
	if _, err := st.Cases.CurrentRevision(ctx, c.ID); senderos.ErrorCode(err) != senderos.ENOTFOUND {
		t.Errorf("an invalid revision was stored: %v", err)
	}

	MustRevise(t, st, NewRevision(c, tech.ID), 0, days(1))
	_, err = st.Cases.ReviseItinerary(ctx, NewRevision(c, tech.ID), 0, days(1))
	wantProblem(t, "a second first plan", err, "revision", senderos.ProblemSuperseded)
	next := NewRevision(c, tech.ID)
	next.Why = "Otro cambio"
	MustRevise(t, st, next, 1, days(2))
	_, err = st.Cases.ReviseItinerary(ctx, next, 1, days(3))
	wantProblem(t, "superseded base", err, "revision", senderos.ProblemSuperseded)
	_, err = st.Cases.ReviseItinerary(ctx, next, 7, days(3))
	wantCode(t, "unknown base", err, senderos.ENOTFOUND)
	missing := NewRevision(&senderos.Case{ID: c.ID + 100}, tech.ID)
	_, err = st.Cases.ReviseItinerary(ctx, missing, 0, days(3))
	wantCode(t, "missing case", err, senderos.ENOTFOUND)
	noWhy := NewRevision(c, tech.ID)
	noWhy.Why = ""
	_, err = st.Cases.ReviseItinerary(ctx, noWhy, 2, days(3))
	wantProblem(t, "a change without why", err, "why", senderos.ProblemRequired)
}

// race runs f from two goroutines at once and returns their errors.
func race(f func(i int) error) [2]error {
	var errs [2]error
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = f(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// oneWins fails the test unless one of errs is nil and the other has
// code, returning the loser.
func oneWins(t *testing.T, what string, errs [2]error) error {
	t.Helper()
	switch {
	case errs[0] == nil && errs[1] != nil:
		return errs[1]
	case errs[1] == nil && errs[0] != nil:
		return errs[0]
	}
	t.Fatalf("%s: errors %v, want one to win", what, errs)
	return nil
}

func testConcurrentRevisions(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	for range 5 {
		c := MustOpenCase(t, st, tech.ID)
		MustRevise(t, st, NewRevision(c, tech.ID), 0, days(1))
		errs := race(func(i int) error {
			next := NewRevision(c, tech.ID)
			next.Why = "Cambio " + string(rune('A'+i))
			_, err := st.Cases.ReviseItinerary(ctx, next, 1, days(2))
			return err
		})
		wantProblem(t, "the revision that lost", oneWins(t, "two revisions of one base", errs), "revision", senderos.ProblemSuperseded)
		all, err := st.Cases.FindRevisions(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		} else if len(all) != 2 {
			t.Errorf("%d revisions stored, want 2", len(all))
		}
	}
}

func testRecordsAgreement(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	r := MustRevise(t, st, NewRevision(c, tech.ID), 0, days(1))

	err := st.Cases.RecordAgreement(ctx, &senderos.Agreement{RevisionID: r.ID, On: days(2), How: "by_pigeon", RecordedBy: tech.ID}, days(2))
	wantProblem(t, "unknown way", err, "how", senderos.ProblemNotInList)
	err = st.Cases.RecordAgreement(ctx, &senderos.Agreement{RevisionID: r.ID, On: days(9), How: senderos.AgreedByPhone, RecordedBy: tech.ID}, days(2))
	wantProblem(t, "agreed in the future", err, "agreed_on", senderos.ProblemDateFuture)
	err = st.Cases.RecordAgreement(ctx, &senderos.Agreement{RevisionID: r.ID + 100, On: days(2), How: senderos.AgreedByPhone}, days(2))
	wantCode(t, "unknown revision", err, senderos.ENOTFOUND)

	a := &senderos.Agreement{RevisionID: r.ID, On: days(2), How: senderos.AgreedSignedPaper, RecordedBy: tech.ID}
	if err := st.Cases.RecordAgreement(ctx, a, days(2)); err != nil {
		t.Fatal(err)
	}
	cur, err := st.Cases.CurrentRevision(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	} else if g := cur.Agreement; g == nil || g.How != senderos.AgreedSignedPaper || !g.On.Equal(senderos.Day(days(2))) ||
		g.RecordedBy != tech.ID || !g.RecordedAt.Equal(days(2)) {
		t.Errorf("agreement read back as %+v", cur.Agreement)
	}
	err = st.Cases.RecordAgreement(ctx, &senderos.Agreement{RevisionID: r.ID, On: days(2), How: senderos.AgreedByPhone}, days(2))
	wantCode(t, "agreed twice", err, senderos.ECONFLICT)

	next := NewRevision(c, tech.ID)
	next.Why = "Cambio"
	MustRevise(t, st, next, 1, days(3))
	err = st.Cases.RecordAgreement(ctx, &senderos.Agreement{RevisionID: r.ID, On: days(3), How: senderos.AgreedByPhone}, days(3))
	wantProblem(t, "superseded revision", err, "revision", senderos.ProblemSuperseded)
}

func testConcurrentAgreements(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	for range 5 {
		c := MustOpenCase(t, st, tech.ID)
		r := MustRevise(t, st, NewRevision(c, tech.ID), 0, days(1))
		errs := race(func(int) error {
			return st.Cases.RecordAgreement(ctx, &senderos.Agreement{RevisionID: r.ID, On: days(2), How: senderos.AgreedInPerson, RecordedBy: tech.ID}, days(2))
		})
		wantCode(t, "the agreement that lost", oneWins(t, "two agreements at once", errs), senderos.ECONFLICT)
	}
}

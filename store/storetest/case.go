package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// CaseNow is when the itinerary tests open their cases: every later call
// is made some days after it.
var CaseNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// days returns CaseNow n days later.
func days(n int) time.Time { return CaseNow.AddDate(0, 0, n) }

// RunCases runs the contract of the itinerary's services (cases,
// warnings and the work queue, the family's links and feedback) against
// the engine's databases, one fresh database per subtest.
func RunCases(t *testing.T, e Engine) {
	t.Helper()
	open := func(t *testing.T) Services { return ServicesOf(e.Open(t)) }
	tests := []struct {
		name string
		test func(t *testing.T, open func(t *testing.T) Services)
	}{
		{"OpensCaseOnce", testOpensCaseOnce},
		{"ErrOpenCase", testErrOpenCase},
		{"SavesInterviewSealed", testSavesInterview},
		{"ErrInterviewProblems", testErrInterviewProblems},
		{"RevisesItinerary", testRevisesItinerary},
		{"ErrRevision", testErrRevision},
		{"ConcurrentRevisionsOfOneBaseOneWins", testConcurrentRevisions},
		{"RecordsAgreementOnce", testRecordsAgreement},
		{"ConcurrentAgreementsRecordOne", testConcurrentAgreements},
		{"AddsVisits", testAddsVisits},
		{"MarksMovedAndSchedulesFollowUps", testMarksMoved},
		{"RecordsFollowUp", testRecordsFollowUp},
		{"RaisesWarningsOnce", testRaisesWarningsOnce},
		{"ClosesWarning", testClosesWarning},
		{"WorkQueueIsScopedToTechnician", testWorkQueueScoped},
		{"FamilyLinks", testFamilyLinks},
		{"Feedback", testFeedback},
		{"BlockedCaseIsHiddenEverywhere", testBlockedCaseHidden},
		{"PurgeDeletesCase", testPurgeDeletesCase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, open) })
	}
	if e.OpenTwice != nil {
		t.Run("ConcurrentReplicasRaiseEachWarningOnce", func(t *testing.T) { testReplicasRaiseOnce(t, e) })
	}
}

// MustOpenCase stores a family's record, interviewed and assigned to
// assignee (0 for nobody), and opens its case at CaseNow.
func MustOpenCase(tb testing.TB, st Services, assignee int64) *senderos.Case {
	tb.Helper()
	s := NewInterest()
	MustCreate(tb, st.Submissions, s)
	MustInterview(tb, st, s.ID, assignee)
	c, err := st.Cases.OpenCase(context.Background(), s.ID, assignee, CaseNow)
	if err != nil {
		tb.Fatalf("OpenCase: %v", err)
	}
	return c
}

// MustInterview moves record id to StatusInterviewed, assigned to assignee
// (0 for nobody).
func MustInterview(tb testing.TB, st Services, id, assignee int64) {
	tb.Helper()
	MustUpdate(tb, st.Submissions, senderos.SubmissionUpdate{ID: id, Status: senderos.StatusContacted, AssigneeID: assignee})
	MustUpdate(tb, st.Submissions, senderos.SubmissionUpdate{ID: id, Status: senderos.StatusInterviewed})
}

// NewRevision returns an itinerary for case c with three goals, due 10, 40
// and 200 days after CaseNow, and two tasks.
func NewRevision(c *senderos.Case, by int64) *senderos.Revision {
	goal := func(n int, area string, due int) senderos.Goal {
		return senderos.Goal{Number: n, Phase: senderos.PhasePreparation, Area: area, What: "Objetivo " + area,
			Start: "Punto de partida", Target: "Meta " + area, Measure: "Cómo se mide", Due: days(due),
			Responsible: "technician", Status: senderos.GoalPlanned}
	}
	return &senderos.Revision{CaseID: c.ID, By: by, Why: "Primer plan",
		Goals: []senderos.Goal{goal(1, "employment", 10), goal(2, "housing", 40), goal(3, "spanish", 200)},
		Tasks: []senderos.Task{
			{Number: 1, Phase: senderos.PhasePreparation, What: "Preparar el currículum", Owner: "family", Due: days(5)},
			{Number: 2, Phase: senderos.PhaseVillageVisit, What: "Visitar el pueblo", Owner: "technician", Due: days(20)},
		}}
}

// MustRevise stores next from base and fails the test on error.
func MustRevise(tb testing.TB, st Services, next *senderos.Revision, base int, now time.Time) *senderos.Revision {
	tb.Helper()
	r, err := st.Cases.ReviseItinerary(context.Background(), next, base, now)
	if err != nil {
		tb.Fatalf("ReviseItinerary(base %d): %v", base, err)
	}
	return r
}

// MustMove revises the itinerary of case c and marks the family moved
// on the day moved, with the default schedule.
func MustMove(tb testing.TB, st Services, c *senderos.Case, by int64, moved time.Time) []*senderos.FollowUp {
	tb.Helper()
	MustRevise(tb, st, NewRevision(c, by), 0, days(1))
	fs, err := st.Cases.MarkMoved(context.Background(), c.ID, by, moved, "44216", senderos.DefaultSchedule, moved)
	if err != nil {
		tb.Fatalf("MarkMoved: %v", err)
	}
	return fs
}

// wantProblem fails the test unless err is Problems with field's code.
func wantProblem(tb testing.TB, what string, err error, field, code string) {
	tb.Helper()
	var p senderos.Problems
	if !errors.As(err, &p) {
		tb.Errorf("%s: error = %v, want Problems with %s=%s", what, err, field, code)
		return
	}
	if senderos.ErrorCode(err) != senderos.EINVALID {
		tb.Errorf("%s: code %q, want EINVALID", what, senderos.ErrorCode(err))
	}
	if !slices.ContainsFunc(p, func(q senderos.FieldProblem) bool { return q.Field == field && q.Code == code }) {
		tb.Errorf("%s: problems %v, want %s=%s", what, p, field, code)
	}
}

// mustAudited fails the test unless the audit log has an entry of action
// on reference.
func mustAudited(tb testing.TB, st Services, action, reference string) {
	tb.Helper()
	es, err := st.Audit.FindAudit(context.Background(), senderos.AuditFilter{Action: action, Target: reference})
	if err != nil {
		tb.Fatal(err)
	} else if len(es) == 0 {
		tb.Errorf("no audit entry %s on %s", action, reference)
	}
}

func testOpensCaseOnce(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	if c.ID == 0 || c.AssigneeID != tech.ID || !c.OpenedAt.Equal(CaseNow) || c.OpenedBy != tech.ID || c.Reference == "" {
		t.Errorf("opened %+v", c)
	}
	mustAudited(t, st, senderos.AuditCaseOpen, c.Reference)
	for _, find := range []func() (*senderos.Case, error){
		func() (*senderos.Case, error) { return st.Cases.FindCase(ctx, c.ID) },
		func() (*senderos.Case, error) { return st.Cases.FindCaseBySubmission(ctx, c.SubmissionID) },
	} {
		got, err := find()
		if err != nil {
			t.Fatal(err)
		} else if got.ID != c.ID || got.Reference != c.Reference || !got.OpenedAt.Equal(CaseNow) || !got.Open() || got.Moved() {
			t.Errorf("found %+v, want %+v", got, c)
		}
	}
	_, err := st.Cases.OpenCase(ctx, c.SubmissionID, tech.ID, CaseNow)
	wantCode(t, "open twice", err, senderos.ECONFLICT)
	_, err = st.Cases.FindCase(ctx, c.ID+100)
	wantCode(t, "FindCase missing", err, senderos.ENOTFOUND)
	_, err = st.Cases.FindCaseBySubmission(ctx, c.SubmissionID+100)
	wantCode(t, "FindCaseBySubmission missing", err, senderos.ENOTFOUND)
}

func testErrOpenCase(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	_, err := st.Cases.OpenCase(ctx, 999, tech.ID, CaseNow)
	wantCode(t, "missing record", err, senderos.ENOTFOUND)

	m := NewMunicipality()
	MustCreate(t, st.Submissions, m)
	_, err = st.Cases.OpenCase(ctx, m.ID, tech.ID, CaseNow)
	wantCode(t, "municipality", err, senderos.ENOTFOUND)

	s := NewInterest()
	MustCreate(t, st.Submissions, s)
	_, err = st.Cases.OpenCase(ctx, s.ID, tech.ID, CaseNow)
	wantCode(t, "not interviewed", err, senderos.ECONFLICT)

	MustInterview(t, st, s.ID, tech.ID)
	_, err = st.Cases.OpenCase(ctx, s.ID, tech.ID+100, CaseNow)
	wantCode(t, "unknown staff", err, senderos.EINVALID)
	if err := st.Submissions.EraseSubmission(ctx, s.ID, tech.ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.Cases.OpenCase(ctx, s.ID, tech.ID, CaseNow)
	wantCode(t, "erased", err, senderos.ENOTFOUND)
}

// NewInterview returns a complete interview and household at CaseNow.
func NewInterview() (senderos.Interview, []senderos.Member) {
	return senderos.Interview{
		At:             CaseNow,
		Work:           []senderos.Work{{Sector: "agriculture", Years: 5, Skills: "Poda"}, {Sector: "care", Years: 2}},
		TrainingWanted: "Carné de carretillero",
		Languages:      []string{"ar", "fr"},
		SpanishLevel:   "basic",
		WorkPermit:     true,
		Expectations:   "Tranquilidad",
		Worries:        "El colegio",
	}, []senderos.Member{{Name: "Amina", Age: 34}, {Name: "Y.", Age: 7, Stage: "primary"}}
}

func testSavesInterview(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	iv, hh := NewInterview()
	if _, err := st.Cases.SaveInterview(ctx, c.ID, tech.ID, iv, hh, days(1)); err != nil {
		t.Fatal(err)
	}
	got, err := st.Cases.FindCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Interview.At.Equal(iv.At) || got.Interview.TrainingWanted != iv.TrainingWanted || !got.Interview.WorkPermit ||
		!slices.Equal(got.Interview.Languages, iv.Languages) || !slices.Equal(got.Interview.Work, iv.Work) || !slices.Equal(got.Household, hh) {
		t.Errorf("read back %+v %+v", got.Interview, got.Household)
	}
	mustAudited(t, st, senderos.AuditCaseChange, c.Reference)
	_, err = st.Cases.SaveInterview(ctx, c.ID+100, tech.ID, iv, hh, days(1))
	wantCode(t, "missing case", err, senderos.ENOTFOUND)
}

func testErrInterviewProblems(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	iv, hh := NewInterview()
	iv.SpanishLevel, iv.At = "fluentish", days(30)
	hh = append(hh, senderos.Member{Age: 200})
	_, err := st.Cases.SaveInterview(ctx, c.ID, tech.ID, iv, hh, days(1))
	wantProblem(t, "bad level", err, "spanish_level", senderos.ProblemNotInList)
	wantProblem(t, "future interview", err, "interview_at", senderos.ProblemDateFuture)
	wantProblem(t, "no name", err, "household.2.name", senderos.ProblemRequired)
	wantProblem(t, "age", err, "household.2.age", senderos.ProblemOutOfRange)
	got, err := st.Cases.FindCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	} else if got.Interview.SpanishLevel != "" || got.Household != nil {
		t.Errorf("an invalid interview was stored: %+v", got)
	}
}

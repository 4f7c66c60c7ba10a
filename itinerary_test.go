package senderos_test

import (
	"strings"
	"testing"
	"time"

	senderos "github.com/cepaim/senderos"
)

func validRevision() *senderos.Revision {
	return &senderos.Revision{
		CaseID: 7, Number: 2, By: 3, At: now, Why: "Tiene una oferta de empleo en la quesería",
		Goals: []senderos.Goal{
			{Number: 1, Phase: senderos.PhasePreparation, Area: "spanish", What: "Hablar con la empresa", Start: "Nivel básico",
				Target: "Nivel A2", Measure: "Certificado de la escuela de adultos", Due: day(2027, time.June, 30),
				Responsible: "family", Status: senderos.GoalInProgress},
			{Number: 2, Phase: senderos.PhaseSettlingIn, Area: "schooling", What: "Matrícula de los hijos e hijas", Target: "Matriculados",
				Measure: "Justificante de matrícula", Due: day(2027, time.September, 1), Responsible: "technician",
				Status: senderos.GoalAchieved, Evidence: "Justificante del 2 de marzo"},
		},
		Tasks: []senderos.Task{
			{Number: 1, Phase: senderos.PhasePreparation, What: "Pedir cita en la escuela de adultos", Owner: "family", Due: day(2027, time.April, 1)},
		},
	}
}

func TestValidateRevision(t *testing.T) {
	base := &senderos.Revision{ID: 1, CaseID: 7, Number: 1, At: day(2027, time.February, 2)}
	for _, tt := range []struct {
		name string
		edit func(base, next *senderos.Revision) *senderos.Revision
		want []string
	}{
		{"Valid", func(b, _ *senderos.Revision) *senderos.Revision { return b }, nil},
		{"FirstPlanNeedsNoReason", func(_, n *senderos.Revision) *senderos.Revision { n.Why = ""; return nil }, nil},
		{"ErrEditingASupersededRevision", func(b, _ *senderos.Revision) *senderos.Revision {
			b.SupersededAt = now.Add(-time.Minute)
			return b
		}, []string{"revision:superseded"}},
		{"ErrReasonRequired", func(b, n *senderos.Revision) *senderos.Revision { n.Why = " "; return b }, []string{"why:invisible_text"}},
		{"ErrReasonMissing", func(b, n *senderos.Revision) *senderos.Revision { n.Why = ""; return b }, []string{"why:required"}},
		{"ErrGoalWithNoTarget", func(b, n *senderos.Revision) *senderos.Revision { n.Goals[0].Target = ""; return b }, []string{"goals.0.target:required"}},
		{"ErrGoalWithNoMeasure", func(b, n *senderos.Revision) *senderos.Revision { n.Goals[1].Measure = ""; return b }, []string{"goals.1.measure:required"}},
		{"ErrGoalWithNoWhat", func(b, n *senderos.Revision) *senderos.Revision { n.Goals[0].What = ""; return b }, []string{"goals.0.what:required"}},
		{"ErrGoalDueBeforeCaseOpened", func(b, n *senderos.Revision) *senderos.Revision {
			n.Goals[0].Due = day(2027, time.January, 31)
			return b
		}, []string{"goals.0.due:date_order"}},
		{"GoalDueOnTheDayTheCaseOpened", func(b, n *senderos.Revision) *senderos.Revision {
			n.Goals[0].Due = day(2027, time.February, 1)
			return b
		}, nil},
		{"ErrGoalWithNoDueDate", func(b, n *senderos.Revision) *senderos.Revision { n.Goals[0].Due = time.Time{}; return b }, []string{"goals.0.due:required"}},
		{"ErrGoalAreaNotInList", func(b, n *senderos.Revision) *senderos.Revision { n.Goals[0].Area = "leisure"; return b }, []string{"goals.0.area:not_in_list"}},
		{"ErrGoalPhaseNotInList", func(b, n *senderos.Revision) *senderos.Revision { n.Goals[0].Phase = "phase1"; return b }, []string{"goals.0.phase:not_in_list"}},
		{"ErrGoalResponsibleNotInList", func(b, n *senderos.Revision) *senderos.Revision { n.Goals[0].Responsible = "school"; return b }, []string{"goals.0.responsible:not_in_list"}},
		{"ErrGoalStatusNotInList", func(b, n *senderos.Revision) *senderos.Revision { n.Goals[0].Status = "done"; return b }, []string{"goals.0.status:not_in_list"}},
		{"ErrAchievedGoalWithoutEvidence", func(b, n *senderos.Revision) *senderos.Revision { n.Goals[1].Evidence = ""; return b }, []string{"goals.1.evidence:required"}},
		{"ErrGoalStartBadText", func(b, n *senderos.Revision) *senderos.Revision { n.Goals[0].Start = "A\x1bB"; return b }, []string{"goals.0.start:bad_text"}},
		{"ErrGoalTargetTooLong", func(b, n *senderos.Revision) *senderos.Revision {
			n.Goals[0].Target = strings.Repeat("a", senderos.MaxShortText+1)
			return b
		}, []string{"goals.0.target:too_long"}},
		{"ErrGoalNumberTwice", func(b, n *senderos.Revision) *senderos.Revision { n.Goals[1].Number = 1; return b }, []string{"goals.1.number:duplicate"}},
		{"ErrGoalNumberZero", func(b, n *senderos.Revision) *senderos.Revision { n.Goals[0].Number = 0; return b }, []string{"goals.0.number:out_of_range"}},
		{"ErrTooManyGoals", func(b, n *senderos.Revision) *senderos.Revision {
			g := n.Goals[0]
			n.Goals = nil
			for i := range senderos.MaxGoals + 1 {
				g.Number = i + 1
				n.Goals = append(n.Goals, g)
			}
			return b
		}, []string{"goals:too_many_items"}},
		{"ErrTaskDueBeforeCaseOpened", func(b, n *senderos.Revision) *senderos.Revision {
			n.Tasks[0].Due = day(2026, time.December, 1)
			return b
		}, []string{"tasks.0.due:date_order"}},
		{"ErrTaskWithNoOwner", func(b, n *senderos.Revision) *senderos.Revision { n.Tasks[0].Owner = ""; return b }, []string{"tasks.0.owner:required"}},
		{"ErrTaskWithNoWhat", func(b, n *senderos.Revision) *senderos.Revision { n.Tasks[0].What = ""; return b }, []string{"tasks.0.what:required"}},
		{"ErrTaskWithNoDueDate", func(b, n *senderos.Revision) *senderos.Revision { n.Tasks[0].Due = time.Time{}; return b }, []string{"tasks.0.due:required"}},
		{"ErrTaskNumberTwice", func(b, n *senderos.Revision) *senderos.Revision {
			n.Tasks = append(n.Tasks, n.Tasks[0])
			return b
		}, []string{"tasks.1.number:duplicate"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, next := *base, validRevision()
			checkProblems(t, senderos.ValidateRevision(openCase(), tt.edit(&b, next), next), tt.want...)
		})
	}
}

func TestValidateAgreement(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(r *senderos.Revision, a *senderos.Agreement)
		want []string
	}{
		{"Valid", func(*senderos.Revision, *senderos.Agreement) {}, nil},
		{"OnTheDayOfTheRevision", func(r *senderos.Revision, a *senderos.Agreement) { a.On = senderos.Day(r.At) }, nil},
		{"ErrSupersededRevision", func(r *senderos.Revision, _ *senderos.Agreement) { r.SupersededAt = now }, []string{"revision:superseded"}},
		{"ErrBeforeTheRevision", func(_ *senderos.Revision, a *senderos.Agreement) { a.On = day(2027, time.March, 9) }, []string{"agreed_on:date_order"}},
		{"ErrInTheFuture", func(_ *senderos.Revision, a *senderos.Agreement) { a.On = day(2027, time.March, 16) }, []string{"agreed_on:date_future"}},
		{"ErrNoDate", func(_ *senderos.Revision, a *senderos.Agreement) { a.On = time.Time{} }, []string{"agreed_on:required"}},
		{"ErrHowNotInList", func(_ *senderos.Revision, a *senderos.Agreement) { a.How = "email" }, []string{"how:not_in_list"}},
		{"ErrHowRequired", func(_ *senderos.Revision, a *senderos.Agreement) { a.How = "" }, []string{"how:required"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := &senderos.Revision{ID: 4, Number: 2, At: day(2027, time.March, 10).Add(16 * time.Hour)}
			a := &senderos.Agreement{RevisionID: 4, On: day(2027, time.March, 12), How: senderos.AgreedSignedPaper}
			tt.edit(r, a)
			checkProblems(t, senderos.ValidateAgreement(r, a, now), tt.want...)
		})
	}
}

func TestRevisionGoal(t *testing.T) {
	r := validRevision()
	if g := r.Goal(2); g == nil || g.Area != "schooling" {
		t.Errorf("Goal(2) = %v", g)
	}
	if g := r.Goal(3); g != nil {
		t.Errorf("Goal(3) = %v, want nil", g)
	}
	if got := r.GoalNumbers(); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("GoalNumbers = %v", got)
	}
}

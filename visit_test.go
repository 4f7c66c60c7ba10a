package senderos_test

import (
	"strings"
	"testing"
	"time"

	senderos "github.com/cepaim/senderos"
)

func TestVisitValidate(t *testing.T) {
	valid := func() *senderos.Visit {
		return &senderos.Visit{
			CaseID: 7, Kind: senderos.VisitExploratory, On: day(2027, time.March, 14), Place: "Ayuntamiento de Villaencina",
			Done: true, Participants: []string{"Alcaldesa", "Familia"}, Outcome: "Han visto dos casas",
			NextSteps: "Volver con los hijos e hijas", Goals: []int{1, 2},
		}
	}
	for _, tt := range []struct {
		name string
		edit func(v *senderos.Visit)
		want []string
	}{
		{"Valid", func(*senderos.Visit) {}, nil},
		{"HostCheckIn", func(v *senderos.Visit) {
			v.Kind, v.Participants = senderos.VisitHostCheckIn, []string{"Familia de acogida", "Familia"}
		}, nil},
		{"DoneToday", func(v *senderos.Visit) { v.On = senderos.Day(now) }, nil},
		{"PlannedInTheFuture", func(v *senderos.Visit) { v.Done, v.Outcome, v.On = false, "", day(2027, time.April, 2) }, nil},
		{"ErrDoneInTheFuture", func(v *senderos.Visit) { v.On = day(2027, time.March, 16) }, []string{"on:date_future"}},
		{"ErrBeforeTheCaseOpened", func(v *senderos.Visit) { v.On = day(2027, time.January, 20) }, []string{"on:date_order"}},
		{"ErrNoDate", func(v *senderos.Visit) { v.On = time.Time{} }, []string{"on:required"}},
		{"ErrPlannedWithNoDate", func(v *senderos.Visit) { v.Done, v.On = false, time.Time{} }, []string{"on:required"}},
		{"ErrKindNotInList", func(v *senderos.Visit) { v.Kind = "party" }, []string{"kind:not_in_list"}},
		{"ErrKindRequired", func(v *senderos.Visit) { v.Kind = "" }, []string{"kind:required"}},
		{"ErrPlaceRequired", func(v *senderos.Visit) { v.Place = "" }, []string{"place:required"}},
		{"ErrPlaceOnOneLine", func(v *senderos.Visit) { v.Place = "Plaza\nMayor" }, []string{"place:bad_text"}},
		{"ErrParticipantEmpty", func(v *senderos.Visit) { v.Participants = []string{"Alcaldesa", ""} }, []string{"participants:required"}},
		{"ErrTooManyParticipants", func(v *senderos.Visit) {
			v.Participants = strings.Fields(strings.Repeat("x ", senderos.MaxParticipants+1))
		}, []string{"participants:too_many_items"}},
		{"ErrDoneWithNoOutcome", func(v *senderos.Visit) { v.Outcome = "" }, []string{"outcome:required"}},
		{"ErrOutcomeTooLong", func(v *senderos.Visit) { v.Outcome = strings.Repeat("a", senderos.MaxLongText+1) }, []string{"outcome:too_long"}},
		{"ErrNextStepsInvisible", func(v *senderos.Visit) { v.NextSteps = "\u200b" }, []string{"next_steps:invisible_text"}},
		{"ErrUnknownGoal", func(v *senderos.Visit) { v.Goals = []int{1, 9} }, []string{"goals:unknown_goal"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := valid()
			tt.edit(v)
			checkProblems(t, v.Validate(openCase(), []int{1, 2, 3}, now), tt.want...)
		})
	}
}

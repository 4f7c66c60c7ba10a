package senderos_test

import (
	"slices"
	"testing"
	"time"

	senderos "github.com/cepaim/senderos"
)

// TestAddMonths pins the month arithmetic of the follow-ups: a day the later
// month lacks becomes its last day, and each date counts from the move.
func TestAddMonths(t *testing.T) {
	for _, tt := range []struct {
		name string
		from time.Time
		n    int
		want time.Time
	}{
		{"MidMonth", day(2027, time.March, 15), 1, day(2027, time.April, 15)},
		{"EndOfJanuaryToEndOfFebruary", day(2027, time.January, 31), 1, day(2027, time.February, 28)},
		{"EndOfJanuaryToLeapDay", day(2028, time.January, 31), 1, day(2028, time.February, 29)},
		{"EndOfJanuaryToEndOfApril", day(2027, time.January, 31), 3, day(2027, time.April, 30)},
		{"EndOfJanuaryKeepsTheEndOfJuly", day(2027, time.January, 31), 6, day(2027, time.July, 31)},
		{"ThirtiethOfAugustToFebruary", day(2027, time.August, 30), 6, day(2028, time.February, 29)},
		{"AcrossTheYear", day(2027, time.November, 30), 3, day(2028, time.February, 29)},
		{"LeapDayPlusAYear", day(2028, time.February, 29), 12, day(2029, time.February, 28)},
		{"TimeOfDayDropped", time.Date(2027, time.May, 31, 23, 0, 0, 0, time.UTC), 1, day(2027, time.June, 30)},
		{"DayOfItsLocation", time.Date(2027, time.June, 1, 0, 30, 0, 0, time.FixedZone("CEST", 7200)), 1, day(2027, time.July, 1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := senderos.AddMonths(tt.from, tt.n); !got.Equal(tt.want) {
				t.Errorf("AddMonths(%s, %d) = %s, want %s", tt.from.Format(time.DateOnly), tt.n, got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
			}
		})
	}
}

func TestScheduleFollowUps(t *testing.T) {
	for _, tt := range []struct {
		name     string
		schedule senderos.Schedule
		moved    time.Time
		want     []time.Time
	}{
		{"DefaultFromTheEndOfJanuary", senderos.DefaultSchedule, day(2027, time.January, 31),
			[]time.Time{day(2027, time.February, 28), day(2027, time.April, 30), day(2027, time.July, 31), day(2028, time.January, 31)}},
		{"Configured", senderos.Schedule{Months: []int{2, 24}}, day(2027, time.May, 4),
			[]time.Time{day(2027, time.July, 4), day(2029, time.May, 4)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs := tt.schedule.FollowUps(7, tt.moved)
			var got []time.Time
			for i, f := range fs {
				got = append(got, f.Due)
				if f.CaseID != 7 || f.Month != tt.schedule.Months[i] || f.Done() {
					t.Errorf("follow-up %d = %+v", i, f)
				}
			}
			if !slices.EqualFunc(got, tt.want, time.Time.Equal) {
				t.Errorf("due %v, want %v", got, tt.want)
			}
		})
	}
}

func TestScheduleValidate(t *testing.T) {
	for _, tt := range []struct {
		name   string
		months []int
		want   []string
	}{
		{"Default", senderos.DefaultSchedule.Months, nil},
		{"ErrEmpty", nil, []string{"months:required"}},
		{"ErrZero", []int{0, 3}, []string{"months:out_of_range"}},
		{"ErrTooLate", []int{1, 36}, []string{"months:out_of_range"}},
		{"ErrTwice", []int{1, 3, 3}, []string{"months:duplicate"}},
		{"ErrOutOfOrder", []int{6, 1}, []string{"months:date_order"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, senderos.Schedule{Months: tt.months}.Validate(), tt.want...)
		})
	}
}

func validCheck() *senderos.Check {
	return &senderos.Check{
		Work: senderos.CheckOK, Housing: senderos.CheckOK, School: senderos.CheckNotApplicable,
		HealthCare: senderos.CheckOK, Neighbours: senderos.CheckProblem, Spanish: senderos.CheckOK,
		IntendsToStay: senderos.AnswerYes, GoodDecision: senderos.AnswerYes, Note: "Contentos\ncon la casa",
	}
}

func TestValidateFollowUp(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(c *senderos.Case, f *senderos.FollowUp)
		want []string
	}{
		{"Valid", func(*senderos.Case, *senderos.FollowUp) {}, nil},
		{"OnTheDayOfTheMove", func(c *senderos.Case, f *senderos.FollowUp) { f.DoneOn = c.MovedOn }, nil},
		{"ErrFamilyHasNotMoved", func(c *senderos.Case, _ *senderos.FollowUp) { c.MovedOn = time.Time{} }, []string{"followup:not_moved"}},
		{"ErrBeforeTheMove", func(_ *senderos.Case, f *senderos.FollowUp) { f.DoneOn = day(2027, time.February, 9) }, []string{"done_on:date_order"}},
		{"ErrInTheFuture", func(_ *senderos.Case, f *senderos.FollowUp) { f.DoneOn = day(2027, time.March, 20) }, []string{"done_on:date_future"}},
		{"ErrNoDate", func(_ *senderos.Case, f *senderos.FollowUp) { f.DoneOn = time.Time{} }, []string{"done_on:required"}},
		{"ErrNoCheck", func(_ *senderos.Case, f *senderos.FollowUp) { f.Check = nil }, []string{"check:required"}},
		{"ErrWorkNotInList", func(_ *senderos.Case, f *senderos.FollowUp) { f.Check.Work = "bad" }, []string{"work:not_in_list"}},
		{"ErrHealthCareRequired", func(_ *senderos.Case, f *senderos.FollowUp) { f.Check.HealthCare = "" }, []string{"health_care:required"}},
		{"ErrNeighboursNotInList", func(_ *senderos.Case, f *senderos.FollowUp) { f.Check.Neighbours = "yes" }, []string{"neighbours:not_in_list"}},
		{"ErrIntendsToStayRequired", func(_ *senderos.Case, f *senderos.FollowUp) { f.Check.IntendsToStay = "" }, []string{"intends_to_stay:required"}},
		{"ErrIntendsToStayNotInList", func(_ *senderos.Case, f *senderos.FollowUp) { f.Check.IntendsToStay = "maybe" }, []string{"intends_to_stay:not_in_list"}},
		{"GoodDecisionMayBeUnanswered", func(_ *senderos.Case, f *senderos.FollowUp) { f.Check.GoodDecision = "" }, nil},
		{"ErrGoodDecisionNotInList", func(_ *senderos.Case, f *senderos.FollowUp) { f.Check.GoodDecision = "ok" }, []string{"good_decision:not_in_list"}},
		{"ErrNoteBadText", func(_ *senderos.Case, f *senderos.FollowUp) { f.Check.Note = "\x00" }, []string{"note:bad_text"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := openCase()
			c.MovedOn = day(2027, time.February, 10)
			f := &senderos.FollowUp{ID: 1, CaseID: c.ID, Month: 1, Due: day(2027, time.March, 10), DoneOn: day(2027, time.March, 11), Check: validCheck()}
			tt.edit(c, f)
			checkProblems(t, senderos.ValidateFollowUp(c, f, now), tt.want...)
		})
	}
}

func TestValidateMove(t *testing.T) {
	for _, tt := range []struct {
		name  string
		moved time.Time
		want  []string
	}{
		{"Valid", day(2027, time.March, 1), nil},
		{"ErrNoDay", time.Time{}, []string{"moved_on:required"}},
		{"ErrInTheFuture", day(2027, time.April, 1), []string{"moved_on:date_future"}},
		{"ErrBeforeTheCaseOpened", day(2027, time.January, 1), []string{"moved_on:date_order"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, senderos.ValidateMove(openCase(), tt.moved, now), tt.want...)
		})
	}
}

func TestFollowUpAsksDecision(t *testing.T) {
	for m, want := range map[int]bool{1: true, 3: false, 6: true, 12: true, 2: false} {
		if got := (&senderos.FollowUp{Month: m}).AsksDecision(); got != want {
			t.Errorf("month %d: AsksDecision = %v, want %v", m, got, want)
		}
	}
}

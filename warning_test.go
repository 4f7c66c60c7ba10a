package senderos_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	senderos "github.com/cepaim/senderos"
)

// quietSnapshot is a moved family with nothing to warn of on 15 March 2027:
// the 1-month follow-up done on 10 March, all well; goals on time.
func quietSnapshot() senderos.Snapshot {
	c := openCase()
	c.MovedOn = day(2027, time.February, 10)
	return senderos.Snapshot{
		Case: c,
		Goals: []senderos.Goal{
			{Number: 1, Status: senderos.GoalInProgress, Due: day(2027, time.March, 15)},
			{Number: 2, Status: senderos.GoalPlanned, Due: day(2027, time.June, 1)},
		},
		FollowUps: []*senderos.FollowUp{
			{ID: 11, CaseID: 7, Month: 1, Due: day(2027, time.March, 10), DoneOn: day(2027, time.March, 10), Check: validCheck()},
			{ID: 12, CaseID: 7, Month: 3, Due: day(2027, time.May, 10)},
		},
	}
}

// undo makes the first follow-up pending again.
func undo(s *senderos.Snapshot) { s.FollowUps[0].DoneOn, s.FollowUps[0].Check = time.Time{}, nil }

// noGoals drops the goals, for the rules that look later than their due days.
func noGoals(s *senderos.Snapshot) { s.Goals = nil }

// warned writes warnings as "kind subject/id" for comparison.
func warned(ws []*senderos.Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Kind+" "+w.Subject.Kind+"/"+strconv.FormatInt(w.Subject.ID, 10))
	}
	return out
}

func TestWarnings(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edit  func(s *senderos.Snapshot)
		now   time.Time
		rules senderos.WarningRules
		want  []string
	}{
		{"NothingToWarnOf", func(*senderos.Snapshot) {}, now, senderos.WarningRules{}, nil},

		{"FollowUpOverdue", func(s *senderos.Snapshot) { undo(s); s.Case.LastContactAt = day(2027, time.March, 12) },
			now, senderos.WarningRules{}, []string{"followup_overdue followup/11"}},
		{"FollowUpDueTodayIsNotLate", func(s *senderos.Snapshot) {
			undo(s)
			s.Case.LastContactAt, s.FollowUps[0].Due = day(2027, time.March, 12), day(2027, time.March, 15)
		}, now, senderos.WarningRules{}, nil},
		{"FollowUpLateWhenTheClockMoves", noGoals, day(2027, time.May, 11),
			senderos.WarningRules{NoContactDays: 90}, []string{"followup_overdue followup/12"}},

		{"GoalOverdue", func(*senderos.Snapshot) {}, day(2027, time.March, 16), senderos.WarningRules{},
			[]string{"goal_overdue goal/1"}},
		{"GoalNotAchievedIsStillOverdue", func(s *senderos.Snapshot) { s.Goals[0].Status = senderos.GoalNotAchieved },
			day(2027, time.March, 16), senderos.WarningRules{}, []string{"goal_overdue goal/1"}},
		{"GoalAchievedIsNotOverdue", func(s *senderos.Snapshot) { s.Goals[0].Status = senderos.GoalAchieved },
			day(2027, time.March, 16), senderos.WarningRules{}, nil},
		{"GoalDroppedIsNotOverdue", func(s *senderos.Snapshot) { s.Goals[0].Status = senderos.GoalDropped },
			day(2027, time.March, 16), senderos.WarningRules{}, nil},
		{"GoalDueTodayIsNotLate", func(*senderos.Snapshot) {}, now.Add(13 * time.Hour / 10), senderos.WarningRules{}, nil},

		{"NotSureAboutStaying", func(s *senderos.Snapshot) { s.FollowUps[0].Check.IntendsToStay = senderos.AnswerNotSure },
			now, senderos.WarningRules{}, []string{"may_leave followup/11"}},
		{"NotStaying", func(s *senderos.Snapshot) { s.FollowUps[0].Check.IntendsToStay = senderos.AnswerNo },
			now, senderos.WarningRules{}, []string{"may_leave followup/11"}},
		{"OnlyTheLatestCheckCounts", func(s *senderos.Snapshot) {
			old := *s.FollowUps[0]
			old.ID, old.DoneOn, old.Check = 10, day(2027, time.February, 20), validCheck()
			old.Check.IntendsToStay, old.Check.JobLost, old.Check.HousingProblem = senderos.AnswerNo, true, true
			s.FollowUps = append([]*senderos.FollowUp{&old}, s.FollowUps...)
		}, now, senderos.WarningRules{}, nil},

		{"JobLost", func(s *senderos.Snapshot) { s.FollowUps[0].Check.JobLost = true },
			now, senderos.WarningRules{}, []string{"job_lost followup/11"}},
		{"HousingProblem", func(s *senderos.Snapshot) { s.FollowUps[0].Check.HousingProblem = true },
			now, senderos.WarningRules{}, []string{"housing_problem followup/11"}},
		{"AllThreeAtOnce", func(s *senderos.Snapshot) {
			k := s.FollowUps[0].Check
			k.IntendsToStay, k.JobLost, k.HousingProblem = senderos.AnswerNo, true, true
		}, now, senderos.WarningRules{}, []string{"may_leave followup/11", "job_lost followup/11", "housing_problem followup/11"}},

		{"NoContactFor31Days", noGoals, day(2027, time.April, 11), senderos.WarningRules{},
			[]string{"no_contact case/7"}},
		{"ContactExactly30DaysAgo", noGoals, day(2027, time.April, 9).Add(20 * time.Hour), senderos.WarningRules{}, nil},
		{"NoContactConfigured", noGoals, day(2027, time.March, 18), senderos.WarningRules{NoContactDays: 8}, nil},
		{"NoContactConfiguredFires", noGoals, day(2027, time.March, 18), senderos.WarningRules{NoContactDays: 2},
			[]string{"no_contact case/7"}},
		{"AVisitIsContact", func(s *senderos.Snapshot) {
			noGoals(s)
			s.Visits = []*senderos.Visit{{Done: true, On: day(2027, time.April, 1)}, {Done: false, On: day(2027, time.April, 20)}}
		}, day(2027, time.April, 11), senderos.WarningRules{}, nil},
		{"APlannedVisitIsNotContact", func(s *senderos.Snapshot) {
			noGoals(s)
			s.Visits = []*senderos.Visit{{Done: false, On: day(2027, time.April, 1)}}
		}, day(2027, time.April, 11), senderos.WarningRules{}, []string{"no_contact case/7"}},
		{"ARecordedContactCounts", func(s *senderos.Snapshot) { noGoals(s); s.Case.LastContactAt = day(2027, time.April, 2) },
			day(2027, time.April, 11), senderos.WarningRules{}, nil},

		{"ClosedCaseRaisesNothing", func(s *senderos.Snapshot) {
			s.Case.ClosedAt = now
			s.FollowUps[0].Check.JobLost = true
		}, day(2027, time.June, 1), senderos.WarningRules{}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := quietSnapshot()
			tt.edit(&s)
			got := senderos.Warnings(s, tt.now, tt.rules)
			if w := warned(got); !slices.Equal(w, tt.want) {
				t.Errorf("warnings %q, want %q", w, tt.want)
			}
			for _, w := range got {
				if w.CaseID != 7 || !w.RaisedAt.Equal(tt.now) || w.Closure != nil {
					t.Errorf("warning %+v", w)
				}
			}
		})
	}
}

// TestWarningWhy checks the data each warning gives for its sentence.
func TestWarningWhy(t *testing.T) {
	s := quietSnapshot()
	s.FollowUps[0].Check.IntendsToStay = senderos.AnswerNotSure
	at := day(2027, time.May, 20)
	got := map[string]senderos.Why{}
	for _, w := range senderos.Warnings(s, at, senderos.WarningRules{}) {
		got[w.Kind] = w.Why
	}
	for kind, want := range map[string]senderos.Why{
		senderos.WarnFollowUpOverdue: {Due: day(2027, time.May, 10), Days: 10},
		senderos.WarnGoalOverdue:     {Due: day(2027, time.March, 15), Days: 66, Answer: senderos.GoalInProgress},
		senderos.WarnMayLeave:        {Since: day(2027, time.March, 10), Answer: senderos.AnswerNotSure},
		senderos.WarnNoContact:       {Since: day(2027, time.March, 10), Days: 71},
	} {
		if g := got[kind]; !g.Due.Equal(want.Due) || !g.Since.Equal(want.Since) || g.Days != want.Days || g.Answer != want.Answer {
			t.Errorf("%s: why %+v, want %+v", kind, g, want)
		}
	}
}

// TestWarningKey checks that the same trouble has one key, and a new one
// (a later due day, another kind, another subject) another.
func TestWarningKey(t *testing.T) {
	w := senderos.Warning{CaseID: 7, Kind: senderos.WarnNoContact, Subject: senderos.Subject{Kind: senderos.SubjectCase, ID: 7},
		Why: senderos.Why{Since: day(2027, time.March, 10).Add(15 * time.Hour), Days: 31}}
	same := w
	same.Why.Days, same.RaisedAt = 40, now
	if w.Key() != same.Key() {
		t.Errorf("keys %q and %q differ for the same silence", w.Key(), same.Key())
	}
	for name, edit := range map[string]func(x *senderos.Warning){
		"NewSilence":   func(x *senderos.Warning) { x.Why.Since = day(2027, time.April, 1) },
		"OtherKind":    func(x *senderos.Warning) { x.Kind = senderos.WarnJobLost },
		"OtherSubject": func(x *senderos.Warning) { x.Subject = senderos.Subject{Kind: senderos.SubjectGoal, ID: 7} },
		"OtherCase":    func(x *senderos.Warning) { x.CaseID = 8 },
	} {
		x := w
		edit(&x)
		if x.Key() == w.Key() {
			t.Errorf("%s: same key %q", name, w.Key())
		}
	}
}

func TestClosureValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		note string
		want []string
	}{
		{"Valid", "Llamada: ha encontrado otro trabajo", nil},
		{"ErrNoteRequired", "", []string{"note:required"}},
		{"ErrNoteInvisible", "\u200b\u200b", []string{"note:invisible_text"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, (&senderos.Closure{By: 3, At: now, Note: tt.note}).Validate(), tt.want...)
		})
	}
}

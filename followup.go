package senderos

import (
	"slices"
	"time"
)

// Schedule says when a family that moved is followed up: so many months
// after the day of the move.
type Schedule struct {
	Months []int
}

// DefaultSchedule follows a family up 1, 3, 6 and 12 months after the move.
var DefaultSchedule = Schedule{Months: []int{1, 3, 6, 12}}

// DecisionMonths are the follow-ups at which the family is asked whether
// moving was a good decision.
var DecisionMonths = []int{1, 6, 12}

// MaxScheduleMonth bounds a schedule: follow-up lasts at most two years.
const MaxScheduleMonth = 24

// Validate returns what is wrong with s: no month, a month out of 1 to
// MaxScheduleMonth, months not in increasing order or repeated.
func (s Schedule) Validate() Problems {
	var p Problems
	if len(s.Months) == 0 {
		p.Add("months", ProblemRequired)
	}
	for i, m := range s.Months {
		switch {
		case m < 1 || m > MaxScheduleMonth:
			p.Add("months", ProblemOutOfRange, 1, MaxScheduleMonth)
		case i > 0 && m == s.Months[i-1]:
			p.Add("months", ProblemDuplicate)
		case i > 0 && m < s.Months[i-1]:
			p.Add("months", ProblemDateOrder, "months")
		default:
			continue
		}
		break
	}
	return p
}

// FollowUps returns the follow-ups of a family that moved on the day moved,
// one per month of s, each due AddMonths(moved, month).
func (s Schedule) FollowUps(caseID int64, moved time.Time) []*FollowUp {
	out := make([]*FollowUp, len(s.Months))
	for i, m := range s.Months {
		out[i] = &FollowUp{CaseID: caseID, Month: m, Due: AddMonths(moved, m)}
	}
	return out
}

// AddMonths returns the day n months after the day of t. A day the later
// month does not have becomes that month's last day: a move on 31 January
// is followed up a month later on the last day of February (28 or 29), and
// three months later on 30 April. Each date counts from the move, never from
// the follow-up before it, so the end of the month is not lost on the way
// (31 January + 6 months is 31 July).
func AddMonths(t time.Time, n int) time.Time {
	t = Day(t)
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// FollowUp is a follow-up of a family that moved: when it is due, and once
// done, when and what was found.
type FollowUp struct {
	ID     int64
	CaseID int64
	Month  int       // months after the move
	Due    time.Time // a day
	// DoneOn is the day it took place; zero while it is pending.
	DoneOn time.Time
	By     int64
	Check  *Check // nil while pending
}

// Done reports whether the follow-up took place.
func (f *FollowUp) Done() bool { return !f.DoneOn.IsZero() }

// AsksDecision reports whether the follow-up asks whether moving was a good
// decision.
func (f *FollowUp) AsksDecision() bool { return slices.Contains(DecisionMonths, f.Month) }

// Answers to each line of a follow-up's check.
const (
	CheckOK            = "ok"
	CheckProblem       = "problem"
	CheckNotApplicable = "not_applicable"
)

// Answers to "do you intend to stay?" and "was moving a good decision?".
const (
	AnswerYes     = "yes"
	AnswerNotSure = "not_sure"
	AnswerNo      = "no"
)

// Check is the short structured check of a follow-up. Each line is one of
// CheckAnswerList.
type Check struct {
	Work       string
	Housing    string
	School     string
	HealthCare string
	Neighbours string // ties with neighbours
	Spanish    string
	// JobLost and HousingProblem flag what calls for action at once:
	// the work or the home the move was built on was lost or is at risk.
	JobLost        bool
	HousingProblem bool
	IntendsToStay  string // one of IntendsToStayList
	// GoodDecision answers "was moving a good decision?" (one of
	// IntendsToStayList's values), at DecisionMonths; "" when not asked
	// or not answered.
	GoodDecision string
	Note         string
}

// ValidateFollowUp returns what is wrong with recording f, done on f.DoneOn
// with f.Check, for case c at now: a family that has not moved (on
// "followup"), a day before the move or in the future, an answer not in its
// list.
func ValidateFollowUp(c *Case, f *FollowUp, now time.Time) Problems {
	var p Problems
	if !c.Moved() {
		p.Add("followup", ProblemNotMoved)
	}
	checkDone(&p, "done_on", f.DoneOn, now)
	checkNotBefore(&p, "done_on", f.DoneOn, c.MovedOn, "moved_on")
	k := f.Check
	if k == nil {
		p.Add("check", ProblemRequired)
		return p
	}
	for _, l := range []struct{ field, v string }{
		{"work", k.Work}, {"housing", k.Housing}, {"school", k.School},
		{"health_care", k.HealthCare}, {"neighbours", k.Neighbours}, {"spanish", k.Spanish},
	} {
		checkOneOf(&p, l.field, l.v, true, CheckAnswerList)
	}
	checkOneOf(&p, "intends_to_stay", k.IntendsToStay, true, IntendsToStayList)
	checkOneOf(&p, "good_decision", k.GoodDecision, false, IntendsToStayList)
	checkText(&p, "note", k.Note, true, false, MaxLongText)
	return p
}

// Texts returns every text k holds, for checks that apply to them all (see
// ValidText).
func (k *Check) Texts() []string {
	return []string{k.Work, k.Housing, k.School, k.HealthCare, k.Neighbours, k.Spanish, k.IntendsToStay, k.GoodDecision, k.Note}
}

// ValidateMove returns what is wrong with marking case c moved on the day
// moved, at now: no day, a day before the case was opened or in the future.
func ValidateMove(c *Case, moved, now time.Time) Problems {
	var p Problems
	checkDone(&p, "moved_on", moved, now)
	checkNotBefore(&p, "moved_on", moved, c.OpenedAt, "opened_at")
	return p
}

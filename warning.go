package senderos

import (
	"context"
	"strconv"
	"time"
)

// Warning kinds: the early-warning rules.
const (
	WarnFollowUpOverdue = "followup_overdue" // a follow-up past its day, not done
	WarnGoalOverdue     = "goal_overdue"     // a goal past its due day, neither achieved nor dropped
	WarnMayLeave        = "may_leave"        // the family is not sure it will stay, or will not
	WarnJobLost         = "job_lost"
	WarnHousingProblem  = "housing_problem"
	WarnNoContact       = "no_contact" // nobody in touch with the family for too long
)

// What a warning, or an item of the work queue, is about.
const (
	SubjectCase     = "case"
	SubjectGoal     = "goal"     // Subject.ID is the goal's number
	SubjectFollowUp = "followup" // Subject.ID is the follow-up's id
	// Tasks and visits are no warning's subject, but items of the work
	// queue (QueueItem.Kind) as goals and follow-ups are.
	SubjectTask  = "task"  // the task's number
	SubjectVisit = "visit" // the visit's id
)

// Subject is the thing a warning is about.
type Subject struct {
	Kind string // one of the Subject* kinds
	ID   int64
}

// Why is what a warning's sentence needs: "the follow-up due on Due is Days
// days late", "the goal due on Due is Days days late and Answer (its
// status)", "the family answered Answer at the follow-up of Since", "nobody
// has been in touch since Since (Days days)". It holds days, counts and
// values of closed lists, never text someone typed.
type Why struct {
	Due    time.Time `json:"due,omitzero"`
	Since  time.Time `json:"since,omitzero"`
	Days   int       `json:"days,omitempty"`
	Answer string    `json:"answer,omitempty"`
}

// Warning is an early warning on a case: a rule that fired, what it is about
// and why. It stays open until staff close it with a note.
type Warning struct {
	ID       int64
	CaseID   int64
	Kind     string // one of WarningKindList
	Subject  Subject
	Why      Why
	RaisedAt time.Time
	Closure  *Closure // nil while open
}

// Key identifies what a warning warns of: its case, kind, subject, and the
// day the trouble began (a due day, the last contact, the check that said
// it). The same trouble warns once; closed, it does not come back, and a new
// trouble of the same kind (a later due day, a new silence) warns again.
func (w *Warning) Key() string {
	since := w.Why.Due
	if since.IsZero() {
		since = w.Why.Since
	}
	return strconv.FormatInt(w.CaseID, 10) + "/" + w.Kind + "/" + w.Subject.Kind + "/" +
		strconv.FormatInt(w.Subject.ID, 10) + "/" + Day(since).Format(time.DateOnly)
}

// Closure is how staff closed a warning: who, when and what was done.
type Closure struct {
	By   int64
	At   time.Time
	Note string
}

// Validate returns what is wrong with closing a warning with c: a note is
// required.
func (c *Closure) Validate() Problems {
	var p Problems
	checkText(&p, "note", c.Note, true, true, MaxLongText)
	return p
}

// WarningRules configure the rules.
type WarningRules struct {
	// NoContactDays is how long a case may go without contact before it
	// warns; 0 means DefaultNoContactDays.
	NoContactDays int
}

// DefaultNoContactDays is how long a case goes without contact before it
// warns, unless configured.
const DefaultNoContactDays = 30

// Snapshot is what the rules read of a case: the case, its current
// revision's goals, its follow-ups and visits.
type Snapshot struct {
	Case      *Case
	Goals     []Goal
	FollowUps []*FollowUp
	Visits    []*Visit
}

// LastContact returns the last time staff were in touch with the family: the
// latest of the case's opening, its recorded last contact, a visit that took
// place and a follow-up done.
func (s *Snapshot) LastContact() time.Time {
	last := s.Case.OpenedAt
	later := func(t time.Time) {
		if t.After(last) {
			last = t
		}
	}
	later(s.Case.LastContactAt)
	for _, v := range s.Visits {
		if v.Done {
			later(v.On)
		}
	}
	for _, f := range s.FollowUps {
		later(f.DoneOn)
	}
	return last
}

// Warnings returns the warnings the rules raise on snapshot s at now, in a
// fixed order: overdue follow-ups, overdue goals, then what the latest
// follow-up done says (may leave, job lost, housing problem), then no
// contact. A closed case raises none. Days are compared as days (see Day):
// something due today is not late until tomorrow. RaisedAt is now.
func Warnings(s Snapshot, now time.Time, rules WarningRules) []*Warning {
	c := s.Case
	if !c.Open() {
		return nil
	}
	today := Day(now)
	var out []*Warning
	add := func(kind string, sub Subject, why Why) {
		out = append(out, &Warning{CaseID: c.ID, Kind: kind, Subject: sub, Why: why, RaisedAt: now})
	}
	days := func(from time.Time) int { return int(today.Sub(Day(from)).Hours() / 24) }

	var latest *FollowUp
	for _, f := range s.FollowUps {
		if f.Done() {
			if f.Check != nil && (latest == nil || f.DoneOn.After(latest.DoneOn)) {
				latest = f
			}
		} else if Day(f.Due).Before(today) {
			add(WarnFollowUpOverdue, Subject{SubjectFollowUp, f.ID}, Why{Due: f.Due, Days: days(f.Due)})
		}
	}
	for _, g := range s.Goals {
		if g.Status != GoalAchieved && g.Status != GoalDropped && !g.Due.IsZero() && Day(g.Due).Before(today) {
			add(WarnGoalOverdue, Subject{SubjectGoal, int64(g.Number)}, Why{Due: g.Due, Days: days(g.Due), Answer: g.Status})
		}
	}
	if latest != nil {
		k, sub, since := latest.Check, Subject{SubjectFollowUp, latest.ID}, latest.DoneOn
		if k.IntendsToStay == AnswerNotSure || k.IntendsToStay == AnswerNo {
			add(WarnMayLeave, sub, Why{Since: since, Answer: k.IntendsToStay})
		}
		if k.JobLost {
			add(WarnJobLost, sub, Why{Since: since})
		}
		if k.HousingProblem {
			add(WarnHousingProblem, sub, Why{Since: since})
		}
	}
	n := rules.NoContactDays
	if n <= 0 {
		n = DefaultNoContactDays
	}
	if last := s.LastContact(); days(last) > n {
		add(WarnNoContact, Subject{SubjectCase, c.ID}, Why{Since: last, Days: days(last)})
	}
	return out
}

// WarningFilter selects warnings. Zero fields do not filter.
type WarningFilter struct {
	CaseID     int64
	AssigneeID int64 // warnings on the cases of this account
	Open       bool  // only open warnings
	Limit      int
	Offset     int
}

// QueueItem is one thing on a work queue with a due day: a goal, a task, a
// follow-up or a planned visit.
type QueueItem struct {
	CaseID     int64
	Reference  string
	AssigneeID int64
	Kind       string // SubjectGoal, SubjectTask, SubjectFollowUp or SubjectVisit
	ID         int64  // the goal's or task's number, the follow-up's or visit's id
	Due        time.Time
}

// QueueCase is a family newly assigned: a case opened, or a family's record
// assigned, that nobody has worked on yet.
type QueueCase struct {
	SubmissionID int64
	CaseID       int64 // 0 when no case is opened yet
	Reference    string
	AssigneeID   int64
	AssignedAt   time.Time
}

// QueueCounts counts one technician's queue.
type QueueCounts struct {
	StaffID     int64
	Cases       int
	Overdue     int
	DueThisWeek int
	Warnings    int
	NewFamilies int
}

// WorkQueue is the back-office home: for a technician what is theirs, for a
// coordinator everyone's, with counts per technician. Overdue items were due
// before today; due this week are due from today to QueueDays days later,
// excluded. Items are by due day, oldest first.
type WorkQueue struct {
	StaffID     int64
	Now         time.Time
	Overdue     []QueueItem
	DueThisWeek []QueueItem
	Warnings    []*Warning // open warnings
	NewFamilies []QueueCase
	// PerTechnician counts each technician's queue; filled for
	// coordinators and admins only.
	PerTechnician []QueueCounts
}

// QueueDays is how far ahead "due this week" looks, in days.
const QueueDays = 7

// MaxQueueItems bounds each list of a work queue (overdue, due this week,
// warnings, new families): the oldest items, or the newest warnings, come
// first. The counts of PerTechnician count everything.
const MaxQueueItems = 100

// WarningService raises, lists and closes early warnings, and builds the
// work queue.
type WarningService interface {
	// RaiseWarnings applies Warnings to every open case at now and stores
	// the warnings not stored yet (by Key), and returns how many it
	// stored. Run by several replicas at once, it stores each warning
	// once.
	RaiseWarnings(ctx context.Context, now time.Time, rules WarningRules) (int, error)

	// FindWarnings lists warnings, newest first.
	FindWarnings(ctx context.Context, filter WarningFilter) ([]*Warning, error)

	// CloseWarning closes warning id with c. Returns EINVALID (Problems)
	// without a note, ENOTFOUND when there is no such warning or its
	// case's record is erased, ECONFLICT when it is closed already.
	CloseWarning(ctx context.Context, id int64, c Closure) (*Warning, error)

	// WorkQueue builds staff's work queue at now: theirs, or everyone's
	// for an account that CanSeeAll. Returns ENOTFOUND for an unknown
	// account.
	WorkQueue(ctx context.Context, staff *Staff, now time.Time) (*WorkQueue, error)
}

package senderos

import (
	"slices"
	"strconv"
	"time"
)

// Phase is a phase of the methodology that an itinerary follows.
type Phase string

// The phases, in order.
const (
	PhasePreparation  Phase = "preparation"   // preparation and training
	PhaseVillageVisit Phase = "village_visit" // visit to the village
	PhaseMove         Phase = "move"
	PhaseSettlingIn   Phase = "settling_in"
	PhaseFollowUp     Phase = "follow_up" // follow-up to twelve months
)

// Goal statuses. Achieved, not achieved and dropped are outcomes; planned
// and in progress are open.
const (
	GoalPlanned     = "planned"
	GoalInProgress  = "in_progress"
	GoalAchieved    = "achieved"
	GoalNotAchieved = "not_achieved"
	GoalDropped     = "dropped"
)

// Goal is a SMART goal of an itinerary. Its Number names it in the case
// across revisions: visits and warnings point to it by number.
type Goal struct {
	Number      int
	Phase       Phase
	Area        string // one of GoalAreaList
	What        string // what is to be achieved
	Start       string // the starting point
	Target      string // the target
	Measure     string // how it is measured
	Due         time.Time
	Responsible string // one of ResponsibleList
	Status      string // one of GoalStatusList
	Evidence    string // what shows the outcome
}

// Open reports whether the goal is still being worked on: planned or in
// progress.
func (g *Goal) Open() bool { return g.Status == GoalPlanned || g.Status == GoalInProgress }

// Task is a step of an itinerary with an owner and a due date. Its Number
// names it in the case across revisions.
type Task struct {
	Number int
	Phase  Phase
	What   string
	Owner  string // one of ResponsibleList
	Due    time.Time
	Done   bool
}

// Revision is one version of a family's itinerary. Every change makes a new
// revision, with who made it, when and why; the one it replaces is
// superseded and can no longer be changed or agreed to.
type Revision struct {
	ID     int64
	CaseID int64
	Number int // 1, 2, 3… in the case
	By     int64
	At     time.Time
	Why    string
	Goals  []Goal
	Tasks  []Task
	// SupersededAt is when a newer revision replaced this one; zero for
	// the current revision.
	SupersededAt time.Time
	// Agreement is the family's agreement to this revision; nil until
	// recorded.
	Agreement *Agreement
}

// Superseded reports whether a newer revision replaced r.
func (r *Revision) Superseded() bool { return !r.SupersededAt.IsZero() }

// Goal returns the goal numbered n, or nil.
func (r *Revision) Goal(n int) *Goal {
	for i := range r.Goals {
		if r.Goals[i].Number == n {
			return &r.Goals[i]
		}
	}
	return nil
}

// GoalNumbers returns the numbers of r's goals.
func (r *Revision) GoalNumbers() []int {
	out := make([]int, len(r.Goals))
	for i, g := range r.Goals {
		out[i] = g.Number
	}
	return out
}

// Agreement is the family's agreement to a revision of its itinerary.
type Agreement struct {
	RevisionID int64
	On         time.Time // the day the family agreed
	How        string    // one of AgreementList
	RecordedBy int64
	RecordedAt time.Time
}

// The ways a family agrees to its itinerary.
const (
	AgreedInPerson    = "in_person"
	AgreedByPhone     = "phone"
	AgreedSignedPaper = "signed_paper"
)

// The bounds of an itinerary.
const (
	MaxGoals = 50
	MaxTasks = 100
)

// ValidateRevision returns what is wrong with making next, staff's new
// version of the itinerary, from base, the revision staff edited (nil for
// the first), in case c. Only the current revision may be revised: base
// superseded (someone revised it meanwhile) is a problem on "revision".
// Every goal needs a target; due dates may not come before the case was
// opened.
func ValidateRevision(c *Case, base, next *Revision) Problems {
	var p Problems
	if base != nil && base.Superseded() {
		p.Add("revision", ProblemSuperseded)
	}
	// A first plan needs no reason; each change after it does.
	checkText(&p, "why", next.Why, true, base != nil, MaxLongText)
	if len(next.Goals) > MaxGoals {
		p.Add("goals", ProblemTooManyItems, MaxGoals)
	}
	var numbers []int
	for i, g := range next.Goals {
		f := "goals." + strconv.Itoa(i)
		if g.Number < 1 {
			p.Add(f+".number", ProblemOutOfRange, 1, MaxGoals*100)
		} else if slices.Contains(numbers, g.Number) {
			p.Add(f+".number", ProblemDuplicate)
		}
		numbers = append(numbers, g.Number)
		g.validate(&p, f, c)
	}
	if len(next.Tasks) > MaxTasks {
		p.Add("tasks", ProblemTooManyItems, MaxTasks)
	}
	numbers = nil
	for i, t := range next.Tasks {
		f := "tasks." + strconv.Itoa(i)
		if t.Number < 1 {
			p.Add(f+".number", ProblemOutOfRange, 1, MaxTasks*100)
		} else if slices.Contains(numbers, t.Number) {
			p.Add(f+".number", ProblemDuplicate)
		}
		numbers = append(numbers, t.Number)
		checkOneOf(&p, f+".phase", string(t.Phase), true, PhaseList)
		checkText(&p, f+".what", t.What, false, true, MaxShortText)
		checkOneOf(&p, f+".owner", t.Owner, true, ResponsibleList)
		if t.Due.IsZero() {
			p.Add(f+".due", ProblemRequired)
		}
		checkNotBefore(&p, f+".due", t.Due, c.OpenedAt, "opened_at")
	}
	return p
}

// validate adds what is wrong with g, field names under f.
func (g *Goal) validate(p *Problems, f string, c *Case) {
	checkOneOf(p, f+".phase", string(g.Phase), true, PhaseList)
	checkOneOf(p, f+".area", g.Area, true, GoalAreaList)
	checkText(p, f+".what", g.What, false, true, MaxShortText)
	checkText(p, f+".start", g.Start, true, false, MaxLongText)
	checkText(p, f+".target", g.Target, false, true, MaxShortText)
	checkText(p, f+".measure", g.Measure, false, true, MaxShortText)
	if g.Due.IsZero() {
		p.Add(f+".due", ProblemRequired)
	}
	checkNotBefore(p, f+".due", g.Due, c.OpenedAt, "opened_at")
	checkOneOf(p, f+".responsible", g.Responsible, true, ResponsibleList)
	checkOneOf(p, f+".status", g.Status, true, GoalStatusList)
	// An outcome is recorded with what shows it.
	checkText(p, f+".evidence", g.Evidence, true, g.Status == GoalAchieved, MaxLongText)
}

// ValidateAgreement returns what is wrong with recording agreement a to
// revision r at now: r superseded, a day before the revision or in the
// future, a way not in the list.
func ValidateAgreement(r *Revision, a *Agreement, now time.Time) Problems {
	var p Problems
	if r.Superseded() {
		p.Add("revision", ProblemSuperseded)
	}
	checkDone(&p, "agreed_on", a.On, now)
	checkNotBefore(&p, "agreed_on", a.On, r.At, "revision_at")
	checkOneOf(&p, "how", a.How, true, AgreementList)
	return p
}

// Texts returns every text r holds, for checks that apply to them all (see
// ValidText).
func (r *Revision) Texts() []string {
	out := []string{r.Why}
	for _, g := range r.Goals {
		out = append(out, string(g.Phase), g.Area, g.What, g.Start, g.Target, g.Measure, g.Responsible, g.Status, g.Evidence)
	}
	for _, t := range r.Tasks {
		out = append(out, string(t.Phase), t.What, t.Owner)
	}
	return out
}

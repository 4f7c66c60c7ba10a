package senderos

import (
	"slices"
	"time"
)

// Visit kinds.
const (
	VisitExploratory  = "exploratory" // a family's first visit to a village
	VisitHome         = "home"
	VisitMunicipality = "municipality_meeting"
	VisitEmployer     = "employer_meeting"
	VisitCommunity    = "community_meeting"
	// VisitHostCheckIn is a check-in with the family's host family or
	// mentor (HostSignup), recorded in the family's case.
	VisitHostCheckIn = "host_check_in"
)

// Visit is a field visit or meeting in a family's case: a planned one (an
// appointment the family's page shows) or one that took place.
type Visit struct {
	ID     int64
	CaseID int64
	Kind   string // one of VisitKindList
	On     time.Time
	Place  string
	// Done says whether the visit took place; a planned visit has no
	// outcome yet.
	Done         bool
	Participants []string // who took part: names or roles
	Outcome      string   // what came of it
	NextSteps    string
	Goals        []int // the numbers of the goals it serves
	RecordedBy   int64
	RecordedAt   time.Time
}

// MaxParticipants bounds a visit's participants.
const MaxParticipants = 30

// Validate returns what is wrong with v in case c, whose current itinerary
// has the goals numbered goals, at now: a visit recorded as done on a day
// after today or before the case was opened, no outcome for a visit done, a
// link to a goal the itinerary does not have.
func (v *Visit) Validate(c *Case, goals []int, now time.Time) Problems {
	var p Problems
	checkOneOf(&p, "kind", v.Kind, true, VisitKindList)
	if v.Done {
		checkDone(&p, "on", v.On, now)
	} else if v.On.IsZero() {
		p.Add("on", ProblemRequired)
	}
	checkNotBefore(&p, "on", v.On, c.OpenedAt, "opened_at")
	checkText(&p, "place", v.Place, false, true, MaxShortText)
	if len(v.Participants) > MaxParticipants {
		p.Add("participants", ProblemTooManyItems, MaxParticipants)
	}
	for _, s := range v.Participants {
		if checkText(&p, "participants", s, false, true, MaxShortText); p.Has("participants") {
			break
		}
	}
	checkText(&p, "outcome", v.Outcome, true, v.Done, MaxLongText)
	checkText(&p, "next_steps", v.NextSteps, true, false, MaxLongText)
	for _, n := range v.Goals {
		if !slices.Contains(goals, n) {
			p.Add("goals", ProblemUnknownGoal, n)
			break
		}
	}
	return p
}

// Texts returns every text v holds, for checks that apply to them all (see
// ValidText).
func (v *Visit) Texts() []string {
	return append([]string{v.Kind, v.Place, v.Outcome, v.NextSteps}, v.Participants...)
}

package senderos

import (
	"context"
	"slices"
	"time"
)

// IndicatorFilter selects what the dashboard counts: a period [From, To),
// and optionally a province (INE code of the family's province at sign-up)
// and a technician (the case's assignee).
type IndicatorFilter struct {
	From, To     time.Time
	Province     string
	TechnicianID int64
}

// Ratio is a part of a whole: follow-ups done on time of those due,
// families still in the village of those who moved.
type Ratio struct {
	Part, Whole int
}

// Percent returns the ratio in percent, rounded down; 0 for an empty whole.
func (r Ratio) Percent() int {
	if r.Whole == 0 {
		return 0
	}
	return r.Part * 100 / r.Whole
}

// Days sums up durations in days: how many, the median and the slowest
// tenth's start (90th percentile).
type Days struct {
	N, Median, P90 int
}

// NewDays sums up ds (nearest rank, rounding down).
func NewDays(ds []int) Days {
	if len(ds) == 0 {
		return Days{}
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	at := func(q int) int { return sorted[(len(sorted)-1)*q/100] }
	return Days{N: len(sorted), Median: at(50), P90: at(90)}
}

// Answers counts the answers to one question ("was moving a good
// decision?"): by value of IntendsToStayList.
type Answers map[string]int

// Dashboard is the programme's figures for a filter: the headline figures,
// and the SMART indicators.
type Dashboard struct {
	Filter IndicatorFilter

	// Headline figures: family units supported (cases opened), people in
	// them and minors, job offers identified, participants placed in
	// work (agreed matches), municipalities taking part (approved), and
	// the provinces and regions they are in.
	Families, People, Minors int
	JobOffers, Placed        int
	Municipalities           int
	Provinces, Regions       int

	// DaysToContact runs from sign-up to the first contact; DaysToMove
	// from sign-up to the move.
	DaysToContact, DaysToMove Days
	// FollowUpsOnTime: follow-ups done by their due day, of those due in
	// the period.
	FollowUpsOnTime Ratio
	// Staying6 and Staying12: families still in the village 6 and 12
	// months after moving, of those who moved that long ago.
	Staying6, Staying12 Ratio
	// Satisfaction is the mean satisfaction with the support (1–5, in
	// tenths: 42 is 4.2) at each of DecisionMonths; GoodDecision the
	// answers to "was moving a good decision?" at each.
	Satisfaction map[int]int
	GoodDecision map[int]Answers

	// Proposals made, agreed and declined in the period, and the
	// declines by reason (DeclineReasonList).
	Proposals, Agreed, Declined int
	DeclinedBy                  map[string]int
}

// IndicatorService computes the programme's figures from its records.
// Blocked (erased) records are never counted.
type IndicatorService interface {
	// Dashboard returns the figures for f. EINVALID when ValidatePeriod
	// finds a problem with f's period.
	Dashboard(ctx context.Context, f IndicatorFilter, now time.Time) (*Dashboard, error)
}

package senderos

import "time"

// Matching suggests, and explains; staff decide (GDPR art. 22: no decision
// is solely automated). A family is matched to a bundle: a village, a job
// offer there, a home there and, when the village has one, a host family or
// mentor. Hard rules exclude a bundle and say why; soft criteria rank the
// rest, each with its share of the score and a sentence.

// Hard rules: each excludes a bundle for a family, with a Reason.
const (
	RuleBedrooms     = "bedrooms"      // the home has fewer bedrooms than the household needs
	RuleRegion       = "region"        // the village is in a region the family did not choose
	RuleLicence      = "licence"       // the job needs a licence, the family has none, the village no public transport
	RuleSchool       = "school"        // school-age children, no school in the village
	RuleHealthCentre = "health_centre" // the family needs a health centre, the village has none
	RuleSpanish      = "spanish"       // the job asks for more Spanish than the family has
	RuleMoveWindow   = "move_window"   // the job starts after the family's move window ends
)

// Rules are the hard rules, in the order they are checked and shown.
var Rules = []string{RuleBedrooms, RuleRegion, RuleLicence, RuleSchool, RuleHealthCentre, RuleSpanish, RuleMoveWindow}

// Soft criteria: each gives a bundle a value from 0 to 1 for a family.
const (
	CriterionExperience = "experience" // work experience in the job's sector
	CriterionLanguages  = "languages"  // languages the family shares with the village's host, or Spanish
	CriterionHospital   = "hospital"   // distance to the hospital
	CriterionTown       = "town"       // distance to the nearest town
	CriterionServices   = "services"   // services of the village
	CriterionWaiting    = "waiting"    // how long the family has waited (fairness)
)

// Criteria are the soft criteria, in the order they are shown.
var Criteria = []string{CriterionExperience, CriterionLanguages, CriterionHospital, CriterionTown, CriterionServices, CriterionWaiting}

// Weights are a coordinator's weights of the soft criteria, from 0 (not
// counted) to MaxWeight; a bundle's score is the weighted mean of its
// values, out of 100.
type Weights map[string]int

// MaxWeight is the largest weight of a criterion.
const MaxWeight = 10

// DefaultWeights are the weights until a coordinator sets others.
func DefaultWeights() Weights {
	return Weights{CriterionExperience: 5, CriterionLanguages: 3, CriterionHospital: 2,
		CriterionTown: 2, CriterionServices: 2, CriterionWaiting: 3}
}

// Validate returns what is wrong with w: an unknown criterion, a weight out
// of range, or every weight zero.
func (w Weights) Validate() Problems {
	var p Problems
	sum := 0
	for c, v := range w {
		known := false
		for _, k := range Criteria {
			known = known || k == c
		}
		if !known {
			p.Add(c, ProblemNotInList)
			continue
		}
		checkRange(&p, c, v, 0, MaxWeight)
		sum += v
	}
	if sum <= 0 && len(p) == 0 {
		p.Add(CriterionExperience, ProblemRequired)
	}
	return p
}

// Candidate is a waiting family as matching sees it: what its case and its
// record say, without a name or contact.
type Candidate struct {
	CaseID    int64
	Reference string
	// Household is adults and children; SchoolAge says whether a child
	// is of school age (SchoolAgeFrom to SchoolAgeTo).
	Household         int
	SchoolAge         bool
	Regions           []string // INE codes of autonomous communities, or Anywhere
	Licence           bool
	NeedsHealthCentre bool
	SpanishLevel      string // one of SpanishLevels; the interview's when there is one
	// MoveBy is the last day of the family's move window; zero when the
	// family is not sure (no window).
	MoveBy       time.Time
	Work         []Work   // experience by sector: the interview's, else the form's sectors
	Languages    []string // ISO 639-1
	WaitingSince time.Time
}

// School age, in years: compulsory schooling in Spain.
const (
	SchoolAgeFrom = 6
	SchoolAgeTo   = 16
)

// Bundle is what a family may be offered: a job and a home in one village,
// and the village's host when there is one (nil otherwise).
type Bundle struct {
	Village *Village
	Job     *Job
	Home    *Home
	Host    *Host
}

// Reason is one sentence of an explanation: a key of the texts catalogue
// ("match.rule.bedrooms") and the values it is written with. The front
// ends word it in the reader's language.
type Reason struct {
	Key  string
	Args []any
}

// Exclusion is a hard rule that excludes a bundle, and why.
type Exclusion struct {
	Rule   string
	Reason Reason
}

// Score is one soft criterion's part in a bundle's fit: its value from 0 to
// 1, its weight, its share of the total in points, and why.
type Score struct {
	Criterion string
	Weight    int
	Value     float64
	Points    float64
	Reason    Reason
}

// Fit is a bundle's fit for a family: the total out of 100 and each
// criterion's part.
type Fit struct {
	Total  float64
	Scores []Score
}

// Suggestion is a bundle suggested for a family, or a family suggested for
// a bundle, with its fit.
type Suggestion struct {
	Candidate *Candidate
	Bundle    Bundle
	Fit       Fit
}

// Excluded is a bundle (or family) left out, with every rule that excludes
// it.
type Excluded struct {
	Candidate *Candidate
	Bundle    Bundle
	Why       []Exclusion
}

// Pool is what can be matched: the villages, the open job offers and homes
// with a vacancy free, and the approved hosts.
type Pool struct {
	Villages map[string]*Village // by INE code
	Jobs     []*Job
	Homes    []*Home
	Hosts    []*Host
}

// Placement is one family placed in a bundle by a batch proposal.
type Placement struct {
	Candidate *Candidate
	Bundle    Bundle
	Fit       Fit
}

// Batch is a batch proposal: placements across all open offers and waiting
// families under the capacities (a home holds one family; a job no more
// families than its free vacancies), with the total fit, what picking the
// best pair one after another gives, and the bound that proves how far the
// total can be from the best.
type Batch struct {
	Placements []Placement
	Total      float64
	// Bound is a proven upper bound of the best total; Optimal says the
	// total reaches it (or the search proved it best).
	Bound   float64
	Optimal bool
	// Greedy is the total of the one-by-one choice, for comparison.
	Greedy float64
	// Method names how it was solved, for the page and the benchmark.
	Method string
}

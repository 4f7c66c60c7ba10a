package record

import (
	"slices"
	"strings"
	"time"

	"github.com/cepaim/senderos"
)

// Family is what the stores keep in columns and rows about a family's
// submission (migration 0007): what staff filter, match and count on. The
// children's ages and stages stay sealed; only how many there are and
// whether any is of school age are here.
type Family struct {
	Adults, Children, Household int
	SchoolAge                   bool // a child aged SchoolAgeFrom to SchoolAgeTo
	SpanishLevel                string
	DrivingLicence              bool
	Bedrooms                    int
	NeedsSchool                 bool
	NeedsHealthCentre           bool
	MoveWhen                    string
	Province                    string
	Regions                     []string // sorted, each once; may hold senderos.Anywhere
	Sectors                     []string // sorted, each once
}

// The ages of a school-age child: from the second cycle of infant school
// to the end of post-compulsory education.
const (
	SchoolAgeFrom = 3
	SchoolAgeTo   = 17
)

// FamilyOf returns the Family of s, with its personal data open, or false
// when s is not a family's submission.
func FamilyOf(s *senderos.Submission) (*Family, bool) {
	i := s.Interest
	if s.Kind != senderos.KindInterest || i == nil {
		return nil, false
	}
	f := &Family{
		Adults: i.Adults, Children: len(i.Children), Household: i.Household(),
		SpanishLevel: i.SpanishLevel, DrivingLicence: i.DrivingLicence, Bedrooms: i.Bedrooms,
		NeedsSchool: i.NeedsSchool, NeedsHealthCentre: i.NeedsHealthCentre,
		MoveWhen: i.MoveWhen, Province: i.Province,
		Regions: set(i.Regions), Sectors: set(i.Sectors),
	}
	for _, c := range i.Children {
		if c.Age >= SchoolAgeFrom && c.Age <= SchoolAgeTo {
			f.SchoolAge = true
		}
	}
	return f, true
}

// set returns the distinct values of a, sorted, in a new slice.
func set(a []string) []string {
	s := slices.Clone(a)
	slices.Sort(s)
	return slices.Compact(s)
}

// Dialect is what the SQL of a list filter differs in between engines.
type Dialect struct {
	// Placeholder returns the placeholder of the n-th argument, from 1.
	Placeholder func(n int) string
	// Time returns a time as an argument of a query.
	Time func(time.Time) any
}

// Where returns the SQL condition on the submissions table that selects
// what filter selects, and its arguments, for a page of the list: the
// conditions on families are correlated EXISTS, which the engines test
// row by row in the list's order, so that a page stops at its last row
// instead of first reading every family that matches. Blocked submissions
// never match.
func (d Dialect) Where(filter senderos.SubmissionFilter) (string, []any) {
	return d.where(filter, false)
}

// CountWhere returns a condition that selects what Where selects, for a
// count of all that match: the regions and sectors wanted are read once
// each, by their index, as sets the submissions are tested against (IN),
// rather than probed once per submission and value. The household stays a
// probe of the family's row by its key, cheaper than reading the set.
func (d Dialect) CountWhere(filter senderos.SubmissionFilter) (string, []any) {
	return d.where(filter, true)
}

// where writes the condition of Where, or of CountWhere if sets.
func (d Dialect) where(filter senderos.SubmissionFilter, sets bool) (string, []any) {
	var (
		conds = []string{"blocked_at IS NULL"}
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return d.Placeholder(len(args))
	}
	list := func(vs []string) string {
		ph := make([]string, len(vs))
		for i, v := range vs {
			ph[i] = arg(v)
		}
		return strings.Join(ph, ", ")
	}
	// family is the condition that a row of table, named t, of the
	// submission matches cond.
	family := func(table, t, cond string, set bool) string {
		if set {
			return "submissions.id IN (SELECT " + t + ".submission_id FROM " + table + " " + t + " WHERE " + cond + ")"
		}
		return "EXISTS (SELECT 1 FROM " + table + " " + t + " WHERE " + t + ".submission_id = submissions.id AND " + cond + ")"
	}
	if filter.Kind != "" {
		conds = append(conds, "kind = "+arg(string(filter.Kind)))
	}
	if filter.Status != "" {
		conds = append(conds, "status = "+arg(string(filter.Status)))
	}
	if filter.AssigneeID != 0 {
		conds = append(conds, "assignee_id = "+arg(filter.AssigneeID))
	}
	if !filter.From.IsZero() {
		conds = append(conds, "created_at >= "+arg(d.Time(filter.From)))
	}
	if !filter.To.IsZero() {
		conds = append(conds, "created_at < "+arg(d.Time(filter.To)))
	}
	if filter.MinHousehold > 0 || filter.MaxHousehold > 0 {
		var hc []string
		if filter.MinHousehold > 0 {
			hc = append(hc, "f.household >= "+arg(filter.MinHousehold))
		}
		if filter.MaxHousehold > 0 {
			hc = append(hc, "f.household <= "+arg(filter.MaxHousehold))
		}
		conds = append(conds, family("families", "f", strings.Join(hc, " AND "), false))
	}
	if len(filter.Regions) > 0 {
		regions := append(set(filter.Regions), senderos.Anywhere)
		conds = append(conds, family("family_regions", "r", "r.region IN ("+list(regions)+")", sets))
	}
	if len(filter.Sectors) > 0 {
		conds = append(conds, family("family_sectors", "c", "c.sector IN ("+list(set(filter.Sectors))+")", sets))
	}
	return strings.Join(conds, " AND "), args
}

// Page returns the LIMIT and OFFSET clause of filter's page, following
// args, and args with their values.
func (d Dialect) Page(filter senderos.SubmissionFilter, args []any) (string, []any) {
	args = append(args, Limit(filter), max(filter.Offset, 0))
	return ` LIMIT ` + d.Placeholder(len(args)-1) + ` OFFSET ` + d.Placeholder(len(args)), args
}

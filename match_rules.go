package senderos

import (
	"slices"
	"time"
)

// Services the hard rules look for in a village.
const (
	ServiceSchool          = "school"
	ServiceHealthCentre    = "health-centre"
	ServicePublicTransport = "public-transport"
)

// Reason keys of the hard rules (texts/match.<lang>.toml). The move window
// has two: the job starts too late, or the home is free too late.
const (
	ReasonBedrooms     = "match.rule.bedrooms"      // home bedrooms, household, bedrooms needed
	ReasonRegion       = "match.rule.region"        // village name, its region's INE code
	ReasonLicence      = "match.rule.licence"       // village name
	ReasonSchool       = "match.rule.school"        // village name
	ReasonHealthCentre = "match.rule.health_centre" // village name
	ReasonSpanish      = "match.rule.spanish"       // level asked (0–4), the family's level (0–4)
	ReasonMoveJob      = "match.rule.move_window.job"
	ReasonMoveHome     = "match.rule.move_window.home"
)

// DateLayout is how the matching sentences write a day.
const DateLayout = "2006-01-02"

// NeededBedrooms returns the bedrooms a household of n people needs: one for
// every two people, at least one.
func NeededBedrooms(household int) int {
	return max(1, (household+1)/2)
}

// SpanishRank returns the place of a Spanish level in SpanishLevels (0 for
// "none" to 4 for "native"), and -1 for an unknown or empty level.
func SpanishRank(level string) int {
	return slices.Index(SpanishLevels, level)
}

// CheckBundle returns every hard rule (Rules order) that excludes b for c at
// now, with its Reason; none means the bundle is allowed. A bundle without a
// home (or job) is checked on what it has. The move window compares days:
// the job's start and the home's first free day against c.MoveBy.
func CheckBundle(c *Candidate, b Bundle, now time.Time) []Exclusion {
	var out []Exclusion
	v := b.Village
	if v == nil {
		v = &Village{}
	}
	need := NeededBedrooms(c.Household)
	if b.Home != nil && b.Home.Bedrooms < need {
		out = append(out, Exclusion{RuleBedrooms, Reason{ReasonBedrooms, []any{b.Home.Bedrooms, c.Household, need}}})
	}
	if !regionOK(c, v) {
		out = append(out, Exclusion{RuleRegion, Reason{ReasonRegion, []any{v.Name, v.Region}}})
	}
	if b.Job != nil && b.Job.NeedsLicence && !c.Licence && !v.Has(ServicePublicTransport) {
		out = append(out, Exclusion{RuleLicence, Reason{ReasonLicence, []any{v.Name}}})
	}
	if c.SchoolAge && !v.Has(ServiceSchool) {
		out = append(out, Exclusion{RuleSchool, Reason{ReasonSchool, []any{v.Name}}})
	}
	if c.NeedsHealthCentre && !v.Has(ServiceHealthCentre) {
		out = append(out, Exclusion{RuleHealthCentre, Reason{ReasonHealthCentre, []any{v.Name}}})
	}
	if b.Job != nil && b.Job.SpanishLevel != "" {
		if asked, has := SpanishRank(b.Job.SpanishLevel), SpanishRank(c.SpanishLevel); has < asked {
			out = append(out, Exclusion{RuleSpanish, Reason{ReasonSpanish, []any{asked, max(has, 0)}}})
		}
	}
	if !c.MoveBy.IsZero() {
		by := Day(c.MoveBy)
		switch {
		case b.Job != nil && Day(b.Job.Start).After(by):
			out = append(out, Exclusion{RuleMoveWindow, Reason{ReasonMoveJob, []any{Day(b.Job.Start).Format(DateLayout), by.Format(DateLayout)}}})
		case b.Home != nil && Day(b.Home.AvailableFrom).After(by):
			out = append(out, Exclusion{RuleMoveWindow, Reason{ReasonMoveHome, []any{Day(b.Home.AvailableFrom).Format(DateLayout), by.Format(DateLayout)}}})
		}
	}
	return out
}

// regionOK reports whether v is in a region c chose (no region chosen, or
// Anywhere, is every region).
func regionOK(c *Candidate, v *Village) bool {
	return len(c.Regions) == 0 || slices.Contains(c.Regions, Anywhere) || slices.Contains(c.Regions, v.Region)
}

// homeOK reports whether home h passes the rules that look at the home
// alone (bedrooms, move window) for c.
func homeOK(c *Candidate, h *Home) bool {
	if h.Bedrooms < NeededBedrooms(c.Household) {
		return false
	}
	return c.MoveBy.IsZero() || !Day(h.AvailableFrom).After(Day(c.MoveBy))
}

// jobOK reports whether job j in village v passes the rules that do not
// look at the home for c.
func jobOK(c *Candidate, j *Job, v *Village) bool {
	return len(CheckBundle(c, Bundle{Village: v, Job: j}, time.Time{})) == 0
}

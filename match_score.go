package senderos

import (
	"math"
	"slices"
	"time"
)

// Reason keys of the soft criteria (texts/match.<lang>.toml), one for each
// case a criterion tells apart.
const (
	ReasonExperienceYears    = "match.score.experience.years"     // years in the job's sector
	ReasonExperienceUnknown  = "match.score.experience.unknown"   // worked in the sector, years not known
	ReasonExperienceNone     = "match.score.experience.none"      // none, and the job does not ask for it
	ReasonExperienceLacking  = "match.score.experience.lacking"   // none, and the job asks for it
	ReasonLanguagesHost      = "match.score.languages.host"       // Spanish level (0–4), languages shared with the host
	ReasonLanguagesNotShared = "match.score.languages.not_shared" // Spanish level (0–4)
	ReasonLanguagesNoHost    = "match.score.languages.no_host"    // Spanish level (0–4)
	ReasonHospitalKm         = "match.score.hospital.km"          // km
	ReasonHospitalUnknown    = "match.score.hospital.unknown"
	ReasonTownKm             = "match.score.town.km" // km
	ReasonTownUnknown        = "match.score.town.unknown"
	ReasonServices           = "match.score.services" // services the village has, services counted
	ReasonWaiting            = "match.score.waiting"  // days waited
	ReasonWaitingUnknown     = "match.score.waiting.unknown"
)

// The scales of the soft criteria.
const (
	// ExperienceFull is the years in the job's sector that count fully;
	// fewer count in proportion.
	ExperienceFull = 5
	// ExperienceUnknownValue is the value of experience in the sector
	// whose years are not known (the form's sectors): as one year.
	ExperienceUnknownValue = 0.2
	// ExperienceNoneValue is the value of no experience in the sector for
	// a job that does not ask for it: a little, since the job is open
	// to beginners; a job that asks for it gets 0.
	ExperienceNoneValue = 0.1
	// LanguagesHostShare is the part of the languages value a language
	// shared with the village's host gives; Spanish gives the rest.
	LanguagesHostShare = 0.3
	// Distances in km by road: up to Near counts fully, from Far not at
	// all, in proportion between. An unknown distance counts as
	// NeutralValue.
	HospitalNear, HospitalFar = 10, 70
	TownNear, TownFar         = 5, 45
	NeutralValue              = 0.5
	// WaitingFull is the days of waiting that count fully.
	WaitingFull = 365
)

// RateBundle returns b's fit for c under w at now: one Score per criterion
// (Criteria order) with its value from 0 to 1, its weight, its points (its
// share of the total) and a Reason; the Total, out of 100, is the sum of
// the points. b.Host is the host the languages criterion looks at.
func RateBundle(c *Candidate, b Bundle, w Weights, now time.Time) Fit {
	sum := 0
	for _, k := range Criteria {
		sum += max(w[k], 0)
	}
	f := Fit{Scores: make([]Score, 0, len(Criteria))}
	for _, k := range Criteria {
		val, r := rate(k, c, b, now)
		s := Score{Criterion: k, Weight: max(w[k], 0), Value: val, Reason: r}
		if sum > 0 {
			s.Points = float64(s.Weight) * val * 100 / float64(sum)
		}
		f.Total += s.Points
		f.Scores = append(f.Scores, s)
	}
	return f
}

// rate returns the value of criterion k and why.
func rate(k string, c *Candidate, b Bundle, now time.Time) (float64, Reason) {
	v := b.Village
	if v == nil {
		v = &Village{}
	}
	switch k {
	case CriterionExperience:
		return rateExperience(c, b.Job)
	case CriterionLanguages:
		level := max(SpanishRank(c.SpanishLevel), 0)
		sp := float64(level) / float64(len(SpanishLevels)-1)
		if b.Host == nil {
			return (1 - LanguagesHostShare) * sp, Reason{ReasonLanguagesNoHost, []any{level}}
		}
		if n := sharedLanguages(c, b.Host); n > 0 {
			return (1-LanguagesHostShare)*sp + LanguagesHostShare, Reason{ReasonLanguagesHost, []any{level, n}}
		}
		return (1 - LanguagesHostShare) * sp, Reason{ReasonLanguagesNotShared, []any{level}}
	case CriterionHospital:
		if v.HospitalKm <= 0 {
			return NeutralValue, Reason{ReasonHospitalUnknown, nil}
		}
		return nearness(v.HospitalKm, HospitalNear, HospitalFar), Reason{ReasonHospitalKm, []any{v.HospitalKm}}
	case CriterionTown:
		if v.TownKm <= 0 {
			return NeutralValue, Reason{ReasonTownUnknown, nil}
		}
		return nearness(v.TownKm, TownNear, TownFar), Reason{ReasonTownKm, []any{v.TownKm}}
	case CriterionServices:
		n := 0
		for _, s := range Services {
			if v.Has(s) {
				n++
			}
		}
		return float64(n) / float64(len(Services)), Reason{ReasonServices, []any{n, len(Services)}}
	case CriterionWaiting:
		if c.WaitingSince.IsZero() {
			return 0, Reason{ReasonWaitingUnknown, nil}
		}
		days := max(0, int(Day(now).Sub(Day(c.WaitingSince)).Hours()/24))
		return math.Min(1, float64(days)/WaitingFull), Reason{ReasonWaiting, []any{days}}
	}
	return 0, Reason{}
}

func rateExperience(c *Candidate, j *Job) (float64, Reason) {
	years, worked := 0, false
	if j != nil {
		for _, w := range c.Work {
			if w.Sector == j.Sector {
				worked = true
				years = max(years, w.Years)
			}
		}
	}
	switch {
	case years > 0:
		return math.Min(1, float64(years)/ExperienceFull), Reason{ReasonExperienceYears, []any{years}}
	case worked:
		return ExperienceUnknownValue, Reason{ReasonExperienceUnknown, nil}
	case j != nil && j.NeedsExperience:
		return 0, Reason{ReasonExperienceLacking, nil}
	}
	return ExperienceNoneValue, Reason{ReasonExperienceNone, nil}
}

// nearness is 1 up to near km, 0 from far km, in proportion between.
func nearness(km, near, far int) float64 {
	switch {
	case km <= near:
		return 1
	case km >= far:
		return 0
	}
	return float64(far-km) / float64(far-near)
}

// sharedLanguages counts the languages c and h both speak.
func sharedLanguages(c *Candidate, h *Host) int {
	n := 0
	for _, l := range c.Languages {
		if slices.Contains(h.Languages, l) {
			n++
		}
	}
	return n
}

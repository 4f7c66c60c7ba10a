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
	sum := weightSum(w)
	f := Fit{Scores: make([]Score, 0, len(Criteria))}
	for _, k := range Criteria {
		val := criterionValue(k, c, b, now)
		s := Score{Criterion: k, Weight: max(w[k], 0), Value: val, Reason: criterionReason(k, c, b, now)}
		if sum > 0 {
			s.Points = float64(s.Weight) * val * 100 / float64(sum)
		}
		f.Total += s.Points
		f.Scores = append(f.Scores, s)
	}
	return f
}

// fitTotal is RateBundle's Total, without the scores.
func fitTotal(c *Candidate, b Bundle, w Weights, sum int, now time.Time) float64 {
	t := 0.0
	if sum <= 0 {
		return 0
	}
	for _, k := range Criteria {
		t += float64(max(w[k], 0)) * criterionValue(k, c, b, now) * 100 / float64(sum)
	}
	return t
}

func weightSum(w Weights) int {
	sum := 0
	for _, k := range Criteria {
		sum += max(w[k], 0)
	}
	return sum
}

// criterionValue returns the value of criterion k, from 0 to 1.
func criterionValue(k string, c *Candidate, b Bundle, now time.Time) float64 {
	v := b.Village
	if v == nil {
		v = &Village{}
	}
	switch k {
	case CriterionExperience:
		years, worked := experience(c, b.Job)
		switch {
		case years > 0:
			return math.Min(1, float64(years)/ExperienceFull)
		case worked:
			return ExperienceUnknownValue
		case b.Job != nil && b.Job.NeedsExperience:
			return 0
		}
		return ExperienceNoneValue
	case CriterionLanguages:
		sp := float64(max(SpanishRank(c.SpanishLevel), 0)) / float64(len(SpanishLevels)-1)
		if b.Host != nil && sharedLanguages(c, b.Host) > 0 {
			return (1-LanguagesHostShare)*sp + LanguagesHostShare
		}
		return (1 - LanguagesHostShare) * sp
	case CriterionHospital:
		if v.HospitalKm <= 0 {
			return NeutralValue
		}
		return nearness(v.HospitalKm, HospitalNear, HospitalFar)
	case CriterionTown:
		if v.TownKm <= 0 {
			return NeutralValue
		}
		return nearness(v.TownKm, TownNear, TownFar)
	case CriterionServices:
		return float64(serviceCount(v)) / float64(len(Services))
	case CriterionWaiting:
		if c.WaitingSince.IsZero() {
			return 0
		}
		return math.Min(1, float64(waitingDays(c, now))/WaitingFull)
	}
	return 0
}

// criterionReason returns why criterion k has its value.
func criterionReason(k string, c *Candidate, b Bundle, now time.Time) Reason {
	v := b.Village
	if v == nil {
		v = &Village{}
	}
	switch k {
	case CriterionExperience:
		years, worked := experience(c, b.Job)
		switch {
		case years > 0:
			return Reason{ReasonExperienceYears, []any{years}}
		case worked:
			return Reason{ReasonExperienceUnknown, nil}
		case b.Job != nil && b.Job.NeedsExperience:
			return Reason{ReasonExperienceLacking, nil}
		}
		return Reason{ReasonExperienceNone, nil}
	case CriterionLanguages:
		level := max(SpanishRank(c.SpanishLevel), 0)
		if b.Host == nil {
			return Reason{ReasonLanguagesNoHost, []any{level}}
		}
		if n := sharedLanguages(c, b.Host); n > 0 {
			return Reason{ReasonLanguagesHost, []any{level, n}}
		}
		return Reason{ReasonLanguagesNotShared, []any{level}}
	case CriterionHospital:
		if v.HospitalKm <= 0 {
			return Reason{ReasonHospitalUnknown, nil}
		}
		return Reason{ReasonHospitalKm, []any{v.HospitalKm}}
	case CriterionTown:
		if v.TownKm <= 0 {
			return Reason{ReasonTownUnknown, nil}
		}
		return Reason{ReasonTownKm, []any{v.TownKm}}
	case CriterionServices:
		return Reason{ReasonServices, []any{serviceCount(v), len(Services)}}
	case CriterionWaiting:
		if c.WaitingSince.IsZero() {
			return Reason{ReasonWaitingUnknown, nil}
		}
		return Reason{ReasonWaiting, []any{waitingDays(c, now)}}
	}
	return Reason{}
}

// experience returns c's most years in j's sector, and whether c has
// worked in it at all.
func experience(c *Candidate, j *Job) (years int, worked bool) {
	if j == nil {
		return 0, false
	}
	for _, w := range c.Work {
		if w.Sector == j.Sector {
			worked = true
			years = max(years, w.Years)
		}
	}
	return years, worked
}

func serviceCount(v *Village) int {
	n := 0
	for _, s := range Services {
		if v.Has(s) {
			n++
		}
	}
	return n
}

// waitingDays returns the whole days from c.WaitingSince to now, 0 at
// least.
func waitingDays(c *Candidate, now time.Time) int {
	return max(0, int(Day(now).Sub(Day(c.WaitingSince)).Hours()/24))
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

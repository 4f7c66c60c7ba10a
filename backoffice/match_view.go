package backoffice

import (
	"fmt"
	"strconv"

	"github.com/cepaim/senderos"
)

// How the matching pages show a bundle, its fit and why it is excluded:
// every sentence is a texts key and its values (senderos.Reason), worded
// in the staff member's language.

// bundleView is a bundle as the pages show it.
type bundleView struct {
	Village, VillageCode string
	JobID, HomeID        int64
	HostID               int64
	Job, Home, Host      string
	Value                string // the bundle's ids, for a form ("job-home-host")
}

// fitView is a suggestion: a bundle (and the family, for an offer's
// suggestions) with its fit.
type fitView struct {
	Bundle    bundleView
	CaseID    int64
	Reference string
	Total     string
	Scores    []scoreView
	// Deadline is the propose form's; Problem what is wrong with it
	// after a failed proposal.
	Deadline, Problem string
}

type scoreView struct {
	Label, Points, Sentence string
	Weight                  int
	Value                   string // 0–100 %
}

// exclusionView is a bundle or family left out, with every rule and why.
type exclusionView struct {
	Bundle    bundleView
	CaseID    int64
	Reference string
	Why       []ruleView
}

type ruleView struct {
	Rule, Sentence string
}

// reasonText words reason r in lang.
func reasonText(lang string, r senderos.Reason) string {
	if r.Key == "" {
		return ""
	}
	args := make([]any, len(r.Args))
	for i, a := range r.Args {
		// A fit kept as JSON (a proposal's) gives its numbers back as
		// float64: whole ones are written as the %d they were.
		if f, ok := a.(float64); ok && f == float64(int64(f)) {
			a = int(f)
		}
		args[i] = a
	}
	return staffText(lang, r.Key, args...)
}

// points formats a number of points.
func points(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func viewBundle(lang string, b senderos.Bundle) bundleView {
	v := bundleView{}
	if b.Village != nil {
		v.Village, v.VillageCode = b.Village.Name, b.Village.Code
	}
	if j := b.Job; j != nil {
		v.JobID = j.ID
		v.Job = staffText(lang, "matchpage.job_line", j.Employer, label(senderos.SectorList, j.Sector, lang),
			label(senderos.ContractList, j.Contract, lang), j.HoursWeek, dateValue(j.Start))
	}
	if h := b.Home; h != nil {
		v.HomeID = h.ID
		v.Home = staffText(lang, "matchpage.home_line", h.Bedrooms, h.Rent, dateValue(h.AvailableFrom))
	}
	if h := b.Host; h != nil {
		v.HostID = h.ID
		v.Host = label(senderos.HostKindList, h.Kind, lang)
	}
	v.Value = fmt.Sprintf("%d-%d-%d", v.JobID, v.HomeID, v.HostID)
	return v
}

func viewFit(lang string, c *senderos.Candidate, b senderos.Bundle, f senderos.Fit) fitView {
	v := fitView{Bundle: viewBundle(lang, b), Total: points(f.Total)}
	if c != nil {
		v.CaseID, v.Reference = c.CaseID, c.Reference
	}
	v.Scores = viewScores(lang, f)
	return v
}

func viewScores(lang string, f senderos.Fit) []scoreView {
	out := make([]scoreView, 0, len(f.Scores))
	for _, s := range f.Scores {
		out = append(out, scoreView{Label: label(senderos.CriterionList, s.Criterion, lang), Points: points(s.Points),
			Weight: s.Weight, Value: strconv.Itoa(int(s.Value*100 + 0.5)), Sentence: reasonText(lang, s.Reason)})
	}
	return out
}

func viewExcluded(lang string, e senderos.Excluded) exclusionView {
	v := exclusionView{Bundle: viewBundle(lang, e.Bundle)}
	if e.Candidate != nil {
		v.CaseID, v.Reference = e.Candidate.CaseID, e.Candidate.Reference
	}
	for _, x := range e.Why {
		v.Why = append(v.Why, ruleView{Rule: label(senderos.RuleList, x.Rule, lang), Sentence: reasonText(lang, x.Reason)})
	}
	return v
}

// findBundle returns the bundle of pool with job, home and host (0 for
// none), and false when the pool has no such (the offer is taken).
func findBundle(pool *senderos.Pool, job, home, host int64) (senderos.Bundle, bool) {
	var b senderos.Bundle
	for _, j := range pool.Jobs {
		if j.ID == job {
			b.Job = j
		}
	}
	for _, h := range pool.Homes {
		if h.ID == home {
			b.Home = h
		}
	}
	if host != 0 {
		for _, h := range pool.Hosts {
			if h.ID == host {
				b.Host = h
			}
		}
		if b.Host == nil {
			return b, false
		}
	}
	if b.Job == nil || b.Home == nil || b.Job.Municipality != b.Home.Municipality {
		return b, false
	}
	b.Village = pool.Villages[b.Job.Municipality]
	return b, b.Village != nil
}

// parseBundle reads "job-home-host".
func parseBundle(s string) (job, home, host int64, ok bool) {
	_, err := fmt.Sscanf(s, "%d-%d-%d", &job, &home, &host)
	return job, home, host, err == nil && job > 0 && home > 0 && host >= 0
}

// paged carries the page along with a value into a partial template.
type paged struct {
	Page *staffPage
	V    any
}

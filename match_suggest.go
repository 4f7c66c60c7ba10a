package senderos

import (
	"cmp"
	"slices"
	"time"
)

// Bundles returns every bundle the pool offers: each open job with a free
// vacancy with each open home of its village that it can go with (a home
// tied to a job only with that job; a job with HomeIncluded only with homes
// tied to it), in the pool's order of jobs, then homes. A job whose village
// the pool lacks offers none. Host is left nil: it is chosen per family.
func Bundles(p *Pool) []Bundle {
	homes := map[string][]*Home{}
	for _, h := range p.Homes {
		if h.Status == OfferOpen {
			homes[h.Municipality] = append(homes[h.Municipality], h)
		}
	}
	var out []Bundle
	for _, j := range p.Jobs {
		v := p.Villages[j.Municipality]
		if j.Status != OfferOpen || j.Free() <= 0 || v == nil {
			continue
		}
		for _, h := range homes[j.Municipality] {
			if goesWith(j, h) {
				out = append(out, Bundle{Village: v, Job: j, Home: h})
			}
		}
	}
	return out
}

// goesWith reports whether home h may be offered with job j of its village.
func goesWith(j *Job, h *Home) bool {
	if h.JobID != 0 {
		return h.JobID == j.ID
	}
	return !j.HomeIncluded
}

// bestHost returns the host of the village with most languages shared with
// c (the first in hosts' order on a tie), nil when it has none.
func bestHost(c *Candidate, hosts []*Host) *Host {
	var best *Host
	n := -1
	for _, h := range hosts {
		if k := sharedLanguages(c, h); k > n {
			best, n = h, k
		}
	}
	return best
}

// hostsByVillage groups the pool's hosts by village.
func hostsByVillage(p *Pool) map[string][]*Host {
	m := map[string][]*Host{}
	for _, h := range p.Hosts {
		m[h.Municipality] = append(m[h.Municipality], h)
	}
	return m
}

// SuggestBundles returns the best limit bundles for c (by Total, highest
// first; ties keep the order of Bundles), each with the village's host that
// best fits c (nil when the village has none), and the bundles excluded,
// with every rule that excludes them. A limit of 0 or less returns all.
func SuggestBundles(c *Candidate, p *Pool, w Weights, now time.Time, limit int) ([]Suggestion, []Excluded) {
	hosts := hostsByVillage(p)
	chosen := map[string]*Host{}
	var sug []Suggestion
	var exc []Excluded
	for _, b := range Bundles(p) {
		if why := CheckBundle(c, b, now); len(why) > 0 {
			exc = append(exc, Excluded{Candidate: c, Bundle: b, Why: why})
			continue
		}
		h, ok := chosen[b.Village.Code]
		if !ok {
			h = bestHost(c, hosts[b.Village.Code])
			chosen[b.Village.Code] = h
		}
		b.Host = h
		sug = append(sug, Suggestion{Candidate: c, Bundle: b, Fit: RateBundle(c, b, w, now)})
	}
	return best(sug, limit), exc
}

// SuggestFamilies returns the best limit families for bundle b (by Total,
// highest first; ties keep the order of cs), and the families excluded,
// with why. When b has no host, each family gets the village's host that
// best fits it. A limit of 0 or less returns all.
func SuggestFamilies(b Bundle, cs []*Candidate, p *Pool, w Weights, now time.Time, limit int) ([]Suggestion, []Excluded) {
	var hosts []*Host
	if b.Host == nil && b.Village != nil {
		hosts = hostsByVillage(p)[b.Village.Code]
	}
	var sug []Suggestion
	var exc []Excluded
	for _, c := range cs {
		if why := CheckBundle(c, b, now); len(why) > 0 {
			exc = append(exc, Excluded{Candidate: c, Bundle: b, Why: why})
			continue
		}
		cb := b
		if cb.Host == nil {
			cb.Host = bestHost(c, hosts)
		}
		sug = append(sug, Suggestion{Candidate: c, Bundle: cb, Fit: RateBundle(c, cb, w, now)})
	}
	return best(sug, limit), exc
}

func best(s []Suggestion, limit int) []Suggestion {
	slices.SortStableFunc(s, func(a, b Suggestion) int { return cmp.Compare(b.Fit.Total, a.Fit.Total) })
	if limit > 0 && len(s) > limit {
		s = s[:limit:limit]
	}
	return s
}

package senderos

import (
	"time"
)

// BatchOptions tune SolveBatch.
type BatchOptions struct {
	TimeLimit time.Duration // 0: 10 s
}

// SolveBatch proposes placements of the families cs in the pool's bundles.
func SolveBatch(cs []*Candidate, p *Pool, w Weights, now time.Time, opt BatchOptions) Batch {
	g := greedyBatch(cs, p, w, now)
	g.Greedy = g.Total
	g.Bound = g.Total
	g.Method = "greedy"
	return g
}

// greedyBatch takes the best remaining allowed pair one after another.
func greedyBatch(cs []*Candidate, p *Pool, w Weights, now time.Time) Batch {
	type pair struct {
		c   *Candidate
		s   Suggestion
		tot float64
	}
	var all []pair
	for _, c := range cs {
		sug, _ := SuggestBundles(c, p, w, now, 0)
		for _, s := range sug {
			all = append(all, pair{c, s, s.Fit.Total})
		}
	}
	// stable sort by total
	for i := 1; i < len(all); i++ {
		for k := i; k > 0 && all[k].tot > all[k-1].tot; k-- {
			all[k], all[k-1] = all[k-1], all[k]
		}
	}
	usedC := map[*Candidate]bool{}
	usedH := map[*Home]bool{}
	usedJ := map[*Job]int{}
	var b Batch
	for _, x := range all {
		j, h := x.s.Bundle.Job, x.s.Bundle.Home
		if usedC[x.c] || usedH[h] || usedJ[j] >= j.Free() {
			continue
		}
		usedC[x.c], usedH[h] = true, true
		usedJ[j]++
		b.Placements = append(b.Placements, Placement{Candidate: x.c, Bundle: x.s.Bundle, Fit: x.s.Fit})
		b.Total += x.tot
	}
	return b
}

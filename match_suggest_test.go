package senderos_test

import (
	"math/rand/v2"
	"testing"

	senderos "github.com/cepaim/senderos"
)

func TestBundles(t *testing.T) {
	v := &senderos.Village{Code: "44001", Name: "Ababuj", Region: "02"}
	open := senderos.OfferOpen
	jobs := []*senderos.Job{
		{ID: 1, Municipality: "44001", Vacancies: 1, Status: open},                     // any free home, or one tied to it
		{ID: 2, Municipality: "44001", Vacancies: 2, HomeIncluded: true, Status: open}, // only its own homes
		{ID: 3, Municipality: "44001", Vacancies: 1, Proposed: 1, Status: open},        // no vacancy free
		{ID: 4, Municipality: "44001", Vacancies: 1, Status: senderos.OfferWithdrawn},  // not open
		{ID: 5, Municipality: "10001", Vacancies: 1, Status: open},                     // a village the pool lacks
	}
	homes := []*senderos.Home{
		{ID: 11, Municipality: "44001", Status: open},
		{ID: 12, Municipality: "44001", JobID: 2, Status: open},
		{ID: 13, Municipality: "44001", JobID: 1, Status: open},
		{ID: 14, Municipality: "44001", Status: senderos.OfferFilled},
		{ID: 15, Municipality: "44002", Status: open},
	}
	p := &senderos.Pool{Villages: map[string]*senderos.Village{"44001": v}, Jobs: jobs, Homes: homes}
	var got [][2]int64
	for _, b := range senderos.Bundles(p) {
		if b.Village != v || b.Host != nil {
			t.Errorf("bundle %d/%d: village %v, host %v", b.Job.ID, b.Home.ID, b.Village, b.Host)
		}
		got = append(got, [2]int64{b.Job.ID, b.Home.ID})
	}
	want := [][2]int64{{1, 11}, {1, 13}, {2, 12}}
	if len(got) != len(want) {
		t.Fatalf("bundles %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("bundles %v, want %v", got, want)
		}
	}
}

func TestSuggestBundles(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 3))
	w := genWorld(r, smallVillages, 40, 30, now)
	wt := senderos.DefaultWeights()
	all := len(senderos.Bundles(w.pool))
	for _, c := range w.cands {
		sug, exc := senderos.SuggestBundles(c, w.pool, wt, now, 0)
		if len(sug)+len(exc) != all {
			t.Errorf("%s: %d suggested and %d excluded of %d bundles", c.Reference, len(sug), len(exc), all)
		}
		for i, s := range sug {
			if why := senderos.CheckBundle(c, s.Bundle, now); len(why) > 0 {
				t.Errorf("%s: suggested a bundle the rules exclude: %v", c.Reference, why)
			}
			if i > 0 && s.Fit.Total > sug[i-1].Fit.Total {
				t.Errorf("%s: suggestion %d above the one before", c.Reference, i)
			}
			// The host is the village's one with most languages shared.
			bestShared := -1
			for _, h := range w.pool.Hosts {
				if h.Municipality == s.Bundle.Village.Code {
					bestShared = max(bestShared, shared(c, h))
				}
			}
			switch {
			case bestShared < 0 && s.Bundle.Host != nil:
				t.Errorf("%s: a host in a village without one", c.Reference)
			case bestShared >= 0 && (s.Bundle.Host == nil || shared(c, s.Bundle.Host) != bestShared):
				t.Errorf("%s: host %v, not one sharing %d languages", c.Reference, s.Bundle.Host, bestShared)
			}
		}
		for _, e := range exc {
			if len(e.Why) == 0 || e.Candidate != c {
				t.Errorf("%s: excluded without a reason", c.Reference)
			}
		}
		if top, _ := senderos.SuggestBundles(c, w.pool, wt, now, 3); len(top) != min(3, len(sug)) {
			t.Errorf("%s: limit 3 gives %d", c.Reference, len(top))
		}
	}
}

func shared(c *senderos.Candidate, h *senderos.Host) int {
	n := 0
	for _, l := range c.Languages {
		for _, m := range h.Languages {
			if l == m {
				n++
			}
		}
	}
	return n
}

func TestSuggestFamilies(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 4))
	w := genWorld(r, smallVillages, 60, 10, now)
	wt := senderos.DefaultWeights()
	for _, b := range senderos.Bundles(w.pool) {
		sug, exc := senderos.SuggestFamilies(b, w.cands, w.pool, wt, now, 0)
		if len(sug)+len(exc) != len(w.cands) {
			t.Fatalf("%d suggested and %d excluded of %d families", len(sug), len(exc), len(w.cands))
		}
		for i, s := range sug {
			if why := senderos.CheckBundle(s.Candidate, s.Bundle, now); len(why) > 0 {
				t.Errorf("suggested a family the rules exclude: %v", why)
			}
			if s.Bundle.Job != b.Job || s.Bundle.Home != b.Home {
				t.Errorf("suggestion for another bundle")
			}
			if i > 0 && s.Fit.Total > sug[i-1].Fit.Total {
				t.Errorf("suggestion %d above the one before", i)
			}
		}
		for _, e := range exc {
			if want := senderos.CheckBundle(e.Candidate, b, now); len(e.Why) == 0 || len(e.Why) != len(want) {
				t.Errorf("%s excluded with %v, want %v", e.Candidate.Reference, e.Why, want)
			}
		}
		if top, _ := senderos.SuggestFamilies(b, w.cands, w.pool, wt, now, 2); len(top) != min(2, len(sug)) {
			t.Errorf("limit 2 gives %d", len(top))
		}
	}
}

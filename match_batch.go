package senderos

import (
	"math"
	"slices"
	"time"
)

// BatchOptions tune SolveBatch.
type BatchOptions struct {
	TimeLimit time.Duration // 0: 10 s
}

// DefaultBatchTimeLimit is SolveBatch's time limit when none is given.
const DefaultBatchTimeLimit = 10 * time.Second

// Batch methods (Batch.Method).
const (
	MethodExact   = "lagrangian-villages-branch-and-bound" // proven optimal
	MethodLimited = "lagrangian-villages-branch-and-bound (time limit)"
	MethodNone    = "none" // nothing to place
)

// SolveBatch proposes placements of the families cs in the pool's bundles
// (Bundles): each family at most once, each home at most once, each job at
// most Free() families, only bundles no hard rule excludes, maximising the
// total fit. Each placed family gets the village's host that best fits it.
//
// The solver works in integer points: a fit of 73.456 counts as 7346
// hundredths, so that optimality is exact; Total, Bound and Greedy are sums
// of these rounded fits (each within 0.005 of the Fit's Total).
//
// No criterion looks at the home: a family's fit depends on its job (and
// the village's host) only; the home is a capacity, shared by the jobs of
// one village that it goes with, and a rule (bedrooms, move window). The
// method relaxes "each family at most once" with a multiplier per family.
// The rest splits into one small problem per village (its homes, its jobs
// and every family, each family at most once there), solved exactly: the
// best families of each home-and-job slot (as many as the village has
// homes, which is enough), assigned to homes by the Hungarian method with
// the vacancies forgotten, and, when a job then takes more families than
// it has free, a search that forbids one of its homes to it in turn.
// Subgradient steps on the multipliers lower the bound (the villages'
// values plus the multipliers, rounded down). Each relaxed solution is
// repaired into a feasible one (each family kept once, highest fit first;
// and village after village among the families not yet taken), improved by
// a local search that re-chooses one village's families at a time, and
// completed greedily; and, across all villages at once, the homes keep the
// jobs the relaxation (or the best solution) gives them and the families
// are assigned to the homes anew by shortest augmenting paths, so that a
// family can leave a village for another and give its place to a third.
//
// At the root (its subgradient steps stop at 60 % of the time limit once
// fixing has left few enough pairs), reduced-cost fixing removes for good
// every family–job–home triple that no solution better than the best can
// use: the relaxation with the triple forced (the other villages as they
// are; the village without the home, and, when the gap is small, without the
// family and with a vacancy fewer) is worth no more than the best total.
// What is left is bounded a second way: the jobs' vacancies priced instead
// of the families, the rest (each family and each home at most once) an
// assignment problem solved exactly, with subgradient steps on the prices,
// each solution also repaired into a feasible one, and the assignment's
// reduced costs fixing more triples; that bound is the linear relaxation's
// and, on most problems seen, meets the best total. While the bound is still
// above the best total, branch and bound splits on a family the relaxation
// places in two villages: one branch keeps it out of one of them, the other
// keeps it in that one only.
// Batch.Optimal says the search closed the gap; otherwise Bound is the
// highest bound of the parts not searched when the time ran out.
func SolveBatch(cs []*Candidate, p *Pool, w Weights, now time.Time, opt BatchOptions) Batch {
	limit := opt.TimeLimit
	if limit <= 0 {
		limit = DefaultBatchTimeLimit
	}
	start := time.Now()
	in := newInstance(cs, p, w, now)
	greedy, gsol, order := in.greedy()
	s := &solver{in: in, deadline: start.Add(limit), rootBy: start.Add(limit * 6 / 10), best: greedy, bestSol: gsol, order: order}
	s.solve()
	b := Batch{
		Total:   float64(s.best) / 100,
		Bound:   float64(s.bound) / 100,
		Optimal: s.optimal,
		Greedy:  float64(greedy) / 100,
		Method:  MethodExact,
	}
	if !s.optimal {
		b.Method = MethodLimited
	}
	if len(in.val) == 0 {
		b.Method, b.Optimal, b.Bound = MethodNone, true, b.Total
	}
	b.Placements = in.placements(s.bestSol, w, now)
	return b
}

// instance is the batch problem in indices: families f, jobs k, homes h,
// and the allowed family–job pairs.
type instance struct {
	cands []*Candidate
	jobs  []*Job
	vills []*Village
	homes []*Home
	hosts [][]*Host // for each family, by job: see hostOf
	// jobHomes[k] are the homes that go with job k.
	jobHomes [][]int32
	cap      []int32
	// Pairs, family by family: famStart[f]..famStart[f+1].
	famStart []int32
	pairJob  []int32
	val      []int32
	// Per family: bedrooms needed and last day to move (as a day number).
	need   []int32
	moveBy []int32
	// Per home: bedrooms and first free day.
	bedrooms []int32
	from     []int32
	pairFam  []int32
	hostBy   map[string][]*Host
}

// dayNumber counts days since the epoch.
func dayNumber(t time.Time) int32 {
	return int32(Day(t).Unix() / 86400)
}

func newInstance(cs []*Candidate, p *Pool, w Weights, now time.Time) *instance {
	in := &instance{hostBy: hostsByVillage(p)}
	sum := weightSum(w)
	homeIdx := map[*Home]int32{}
	for _, h := range p.Homes {
		if h.Status == OfferOpen {
			homeIdx[h] = int32(len(in.homes))
			in.homes = append(in.homes, h)
			in.bedrooms = append(in.bedrooms, int32(h.Bedrooms))
			in.from = append(in.from, dayNumber(h.AvailableFrom))
		}
	}
	jobIdx := map[*Job]int32{}
	for _, b := range Bundles(p) {
		k, ok := jobIdx[b.Job]
		if !ok {
			k = int32(len(in.jobs))
			jobIdx[b.Job] = k
			in.jobs = append(in.jobs, b.Job)
			in.vills = append(in.vills, b.Village)
			in.cap = append(in.cap, int32(b.Job.Free()))
			in.jobHomes = append(in.jobHomes, nil)
		}
		in.jobHomes[k] = append(in.jobHomes[k], homeIdx[b.Home])
	}
	// Jobs by region, so that a family looks only at the regions it chose.
	byRegion := map[string][]int32{}
	for k, v := range in.vills {
		byRegion[v.Region] = append(byRegion[v.Region], int32(k))
	}
	all := make([]int32, len(in.jobs))
	for k := range all {
		all[k] = int32(k)
	}
	// Villages by index, with the criteria's values that depend on the
	// village alone, and the weights, in Criteria order (RateBundle's
	// sums, term by term).
	vix := map[*Village]int32{}
	var vlist []*Village
	jobVix := make([]int32, len(in.jobs))
	for k, v := range in.vills {
		x, ok := vix[v]
		if !ok {
			x = int32(len(vlist))
			vix[v] = x
			vlist = append(vlist, v)
		}
		jobVix[k] = x
	}
	villVals := make([][3]float64, len(vlist))
	for x, v := range vlist {
		villVals[x] = [3]float64{criterionValue(CriterionHospital, nil, Bundle{Village: v}, now),
			criterionValue(CriterionTown, nil, Bundle{Village: v}, now), criterionValue(CriterionServices, nil, Bundle{Village: v}, now)}
	}
	var wts [6]float64
	for i, k := range Criteria {
		wts[i] = float64(max(w[k], 0))
	}
	// The rules as numbers: per job, per village, per family.
	var (
		licence  = make([]bool, len(in.jobs)) // needs a licence, no public transport
		spanish  = make([]int, len(in.jobs))  // rank asked, -1 none
		start    = make([]int32, len(in.jobs))
		school   = make([]bool, len(vlist))
		health   = make([]bool, len(vlist))
		maxNeed  = int32(1)
		famNeeds = make([]int32, 0, len(cs))
	)
	for k, j := range in.jobs {
		v := in.vills[k]
		licence[k] = j.NeedsLicence && !v.Has(ServicePublicTransport)
		spanish[k] = -1
		if j.SpanishLevel != "" {
			spanish[k] = SpanishRank(j.SpanishLevel)
		}
		start[k] = dayNumber(j.Start)
	}
	for x, v := range vlist {
		school[x], health[x] = v.Has(ServiceSchool), v.Has(ServiceHealthCentre)
	}
	for _, c := range cs {
		if c != nil {
			famNeeds = append(famNeeds, int32(NeededBedrooms(c.Household)))
			maxNeed = max(maxNeed, famNeeds[len(famNeeds)-1])
		}
	}
	// firstFree[k*(maxNeed+1)+n]: the first free day of job k's homes of
	// n bedrooms or more (MaxInt32 for none).
	stride := int(maxNeed) + 1
	firstFree := make([]int32, len(in.jobs)*stride)
	for k, hs := range in.jobHomes {
		for n := 0; n < stride; n++ {
			ff := int32(math.MaxInt32)
			for _, h := range hs {
				if in.bedrooms[h] >= int32(n) {
					ff = min(ff, in.from[h])
				}
			}
			firstFree[k*stride+n] = ff
		}
	}
	in.famStart = []int32{0}
	var ks []int32
	hostOf := make([]*Host, len(vlist))
	langOf := make([]float64, len(vlist))
	stamp := make([]int32, len(vlist))
	for _, c := range cs {
		if c == nil {
			continue
		}
		f := int32(len(in.cands))
		in.cands = append(in.cands, c)
		need := famNeeds[f]
		in.need = append(in.need, need)
		mb := int32(math.MaxInt32)
		if !c.MoveBy.IsZero() {
			mb = dayNumber(c.MoveBy)
		}
		in.moveBy = append(in.moveBy, mb)
		ks = ks[:0]
		if len(c.Regions) == 0 || slices.Contains(c.Regions, Anywhere) {
			ks = append(ks, all...)
		} else {
			for _, r := range c.Regions {
				ks = append(ks, byRegion[r]...)
			}
			slices.Sort(ks)
			ks = slices.Compact(ks)
		}
		waitVal := criterionValue(CriterionWaiting, c, Bundle{}, now)
		rank := SpanishRank(c.SpanishLevel)
		// Experience by sector: the value of the first job of each
		// sector and need of experience.
		type expKey struct {
			sector string
			needs  bool
		}
		expVal := map[expKey]float64{}
		for _, k := range ks {
			x := jobVix[k]
			if (licence[k] && !c.Licence) || (c.SchoolAge && !school[x]) || (c.NeedsHealthCentre && !health[x]) ||
				(spanish[k] >= 0 && rank < spanish[k]) || start[k] > mb {
				continue
			}
			if ff := firstFree[int(k)*stride+int(need)]; ff == math.MaxInt32 || ff > mb {
				continue
			}
			if stamp[x] != f+1 {
				stamp[x] = f + 1
				v := vlist[x]
				hostOf[x] = bestHost(c, in.hostBy[v.Code])
				langOf[x] = criterionValue(CriterionLanguages, c, Bundle{Village: v, Host: hostOf[x]}, now)
			}
			j := in.jobs[k]
			key := expKey{j.Sector, j.NeedsExperience}
			ev, ok := expVal[key]
			if !ok {
				ev = criterionValue(CriterionExperience, c, Bundle{Job: j}, now)
				expVal[key] = ev
			}
			vv := villVals[x]
			vals := [...]float64{ev, langOf[x], vv[0], vv[1], vv[2], waitVal}
			t := 0.0
			if sum > 0 {
				for i, wi := range wts {
					t += wi * vals[i] * 100 / float64(sum)
				}
			}
			in.pairJob = append(in.pairJob, k)
			in.pairFam = append(in.pairFam, f)
			in.val = append(in.val, int32(math.Round(t*100)))
		}
		in.famStart = append(in.famStart, int32(len(in.pairJob)))
	}
	// Exact sizes: the appends left up to twice the room.
	in.pairJob, in.pairFam, in.val = slices.Clone(in.pairJob), slices.Clone(in.pairFam), slices.Clone(in.val)
	return in
}

// jobAllowed checks the rules that do not look at the home (region is
// checked by the caller's choice of jobs, and again here).
func (in *instance) jobAllowed(f, k int32) bool {
	c, j, v := in.cands[f], in.jobs[k], in.vills[k]
	if !regionOK(c, v) {
		return false
	}
	if j.NeedsLicence && !c.Licence && !v.Has(ServicePublicTransport) {
		return false
	}
	if c.SchoolAge && !v.Has(ServiceSchool) {
		return false
	}
	if c.NeedsHealthCentre && !v.Has(ServiceHealthCentre) {
		return false
	}
	if j.SpanishLevel != "" && SpanishRank(c.SpanishLevel) < SpanishRank(j.SpanishLevel) {
		return false
	}
	return c.MoveBy.IsZero() || !Day(j.Start).After(Day(c.MoveBy))
}

// homeFits reports whether home h passes the home's rules for family f.
func (in *instance) homeFits(f, h int32) bool {
	return in.bedrooms[h] >= in.need[f] && in.from[h] <= in.moveBy[f]
}

func (in *instance) anyHome(f, k int32) bool {
	for _, h := range in.jobHomes[k] {
		if in.homeFits(f, h) {
			return true
		}
	}
	return false
}

// solution is a family's pair and home; -1 for none.
type solution struct {
	pair []int32 // by family
	home []int32 // by family
	val  int64
}

func (in *instance) placements(s solution, w Weights, now time.Time) []Placement {
	var out []Placement
	for f, p := range s.pair {
		if p < 0 {
			continue
		}
		k := in.pairJob[p]
		c := in.cands[f]
		v := in.vills[k]
		b := Bundle{Village: v, Job: in.jobs[k], Home: in.homes[s.home[f]], Host: bestHost(c, in.hostBy[v.Code])}
		out = append(out, Placement{Candidate: c, Bundle: b, Fit: RateBundle(c, b, w, now)})
	}
	return out
}

// greedy takes the best remaining allowed pair (family, job and a free home
// of it, the first in the pool's order) one after another; ties go to the
// earlier family, then the earlier job.
func (in *instance) greedy() (int64, solution, []int32) {
	// Counting sort by value, highest first; ties in index order.
	top := int32(0)
	for _, v := range in.val {
		top = max(top, v)
	}
	count := make([]int32, top+2)
	for _, v := range in.val {
		count[top-v+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	order := make([]int32, len(in.val))
	for p, v := range in.val {
		order[count[top-v]] = int32(p)
		count[top-v]++
	}
	s := in.emptySolution()
	load := make([]int32, len(in.jobs))
	used := make([]bool, len(in.homes))
	in.fill(&s, order, load, used)
	return s.val, s, order
}

func (in *instance) emptySolution() solution {
	s := solution{pair: make([]int32, len(in.cands)), home: make([]int32, len(in.cands))}
	for f := range s.pair {
		s.pair[f], s.home[f] = -1, -1
	}
	return s
}

// fill adds pairs in order to s while the family, a vacancy of the job and
// a home are free.
func (in *instance) fill(s *solution, order []int32, load []int32, used []bool) {
	for _, p := range order {
		f, k := in.pairFam[p], in.pairJob[p]
		if s.pair[f] >= 0 || load[k] >= in.cap[k] || in.val[p] <= 0 {
			continue
		}
		for _, h := range in.jobHomes[k] {
			if !used[h] && in.homeFits(f, h) {
				used[h] = true
				load[k]++
				s.pair[f], s.home[f] = p, h
				s.val += int64(in.val[p])
				break
			}
		}
	}
}

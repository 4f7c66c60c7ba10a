package senderos

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// lagScale divides a hundredth of a point for the multipliers, so that
// they can reach the fractional prices a tight bound may need.
const lagScale = 64

// villageNodes bounds the search of one village's subproblem; past it the
// village counts with a weaker bound (each home at its best family).
const villageNodes = 20000

// capBoundPairs is the most pairs fixing may leave for the second bound
// (capBound) to be tried: past it, one of its steps costs seconds.
const capBoundPairs = 300000

// solver searches the batch problem (see SolveBatch): Lagrangian
// relaxation of "each family at most once" with a multiplier per family,
// whose subproblem splits into one small problem per village (its jobs,
// homes and every family, each family at most once there) solved exactly
// by depth-first search; subgradient steps on the multipliers; repair; and
// branch and bound on a family the relaxation places in two villages.
type solver struct {
	in       *instance
	deadline time.Time
	rootBy   time.Time // the root's subgradient steps stop then
	timedOut bool

	best    int64 // the best total found
	bestSol solution
	bound   int64 // a proven upper bound of the best total
	optimal bool

	order []int32 // pairs by value, highest first (for fill)

	// Villages: their homes, and each job's.
	villHomes [][]int32
	jobVill   []int32
	homeVill  []int32
	// Slots: a home with one of the jobs it goes with; jobSlot is aligned
	// with in.jobHomes. Each slot keeps the best families for it (as many
	// as its village has homes: enough for an exact answer).
	homeSlots [][]int32 // by home: its slots
	slotJob   []int32
	jobSlot   [][]int32
	jobPairs  [][]int32 // by job: its pairs
	villJobs  [][]int32 // by village: its jobs
	slotTop   [][]entry
	slotCap   []int32

	// Restrictions of the node searched.
	fixedVill []int32   // by family: the one village it may go to; -1 any
	forbid    [][]int32 // by family: villages it may not go to

	// The relaxed solution: each village's choices.
	picks   []pick
	count   []int32 // by family: villages that pick it
	load    []int32 // by job, during a village's search
	budget  int
	cols    []int32
	removed []int32 // slots the village's search has forbidden
	taken   []bool  // families the sequential repair has placed

	// Reduced-cost fixing: villVal is each village's value in the last
	// relaxation; gone[p] has bit i set when pair p may no longer use
	// the i-th home of its job (no solution above the best does); live
	// are the pairs with a home left.
	villVal []int64
	floor   []int64
	gone    []uint32
	live    []int32
	atRoot  bool
}

type entry struct {
	r    int64 // value less the family's multiplier (scaled)
	f, p int32
}

type pick struct {
	f, p, h int32
}

type node struct {
	forbid [][2]int32 // (family, village)
	fix    [][2]int32 // (family, village)
	u      []int64
	bound  int64
}

func (s *solver) setup() {
	in := s.in
	nf, nh := len(in.cands), len(in.homes)
	vix := map[*Village]int32{}
	s.jobVill = make([]int32, len(in.jobs))
	s.homeVill = make([]int32, nh)
	for i := range s.homeVill {
		s.homeVill[i] = -1
	}
	s.homeSlots = make([][]int32, nh)
	s.jobSlot = make([][]int32, len(in.jobs))
	for k, v := range in.vills {
		x, ok := vix[v]
		if !ok {
			x = int32(len(s.villHomes))
			vix[v] = x
			s.villHomes = append(s.villHomes, nil)
		}
		s.jobVill[k] = x
		for _, h := range in.jobHomes[k] {
			if s.homeVill[h] < 0 {
				s.homeVill[h] = x
				s.villHomes[x] = append(s.villHomes[x], h)
			}
			sl := int32(len(s.slotJob))
			s.slotJob = append(s.slotJob, int32(k))
			s.homeSlots[h] = append(s.homeSlots[h], sl)
			s.jobSlot[k] = append(s.jobSlot[k], sl)
		}
	}
	s.jobPairs = make([][]int32, len(in.jobs))
	for p, k := range in.pairJob {
		s.jobPairs[k] = append(s.jobPairs[k], int32(p))
	}
	s.villJobs = make([][]int32, len(s.villHomes))
	for k, v := range s.jobVill {
		s.villJobs[v] = append(s.villJobs[v], int32(k))
	}
	s.slotTop = make([][]entry, len(s.slotJob))
	s.slotCap = make([]int32, len(s.slotJob))
	for sl, k := range s.slotJob {
		s.slotCap[sl] = int32(len(s.villHomes[s.jobVill[k]]))
	}
	s.fixedVill = make([]int32, nf)
	for i := range s.fixedVill {
		s.fixedVill[i] = -1
	}
	s.forbid = make([][]int32, nf)
	s.count = make([]int32, nf)
	s.load = make([]int32, len(in.jobs))
	s.villVal = make([]int64, len(s.villHomes))
	s.gone = make([]uint32, len(in.val))
	s.live = make([]int32, len(in.val))
	for p := range s.live {
		s.live[p] = int32(p)
	}
}

func (s *solver) solve() {
	in := s.in
	s.setup()
	// A first bound: each family at its best pair.
	for f := range in.cands {
		top := int32(0)
		for p := in.famStart[f]; p < in.famStart[f+1]; p++ {
			top = max(top, in.val[p])
		}
		s.bound += int64(top)
	}
	if s.bound <= s.best {
		s.optimal, s.bound = true, s.best
		return
	}
	stack := []*node{{u: make([]int64, len(in.cands)), bound: s.bound}}
	root := true
	for len(stack) > 0 {
		if time.Now().After(s.deadline) {
			s.timedOut = true
			break
		}
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.bound <= s.best {
			continue
		}
		s.apply(n, true)
		iters := 300
		if root {
			iters = 100000
		}
		s.atRoot = root
		theta := 0.1
		if root {
			theta = 1
		}
		bnd, fam, vill := s.lagrange(n.u, iters, theta)
		s.apply(n, false)
		bnd = min(bnd, n.bound)
		if root && bnd > s.best && len(s.live) <= capBoundPairs && !time.Now().After(s.deadline) {
			// The other relaxation, on what fixing left.
			bnd = min(bnd, max(s.best, s.capBound(2000)))
		}
		if root {
			s.bound = min(s.bound, bnd)
			root = false
		}
		if s.timedOut {
			stack = append(stack, &node{bound: bnd})
			break
		}
		if bnd <= s.best {
			continue
		}
		if fam < 0 {
			// No family placed twice, yet a gap: the multipliers
			// are not tight; search the node again from them.
			stack = append(stack, &node{forbid: n.forbid, fix: n.fix, u: n.u, bound: bnd})
			continue
		}
		a := &node{forbid: append(slices.Clip(n.forbid), [2]int32{fam, vill}), fix: n.fix, u: slices.Clone(n.u), bound: bnd}
		b := &node{forbid: n.forbid, fix: append(slices.Clip(n.fix), [2]int32{fam, vill}), u: slices.Clone(n.u), bound: bnd}
		stack = append(stack, a, b)
	}
	if len(stack) == 0 && !s.timedOut {
		s.optimal, s.bound = true, s.best
		return
	}
	open := s.best
	for _, n := range stack {
		open = max(open, n.bound)
	}
	s.bound = max(s.best, min(s.bound, open))
	s.optimal = s.bound == s.best
}

// apply sets (on) or clears the restrictions of n.
func (s *solver) apply(n *node, on bool) {
	for _, x := range n.fix {
		if on {
			s.fixedVill[x[0]] = x[1]
		} else {
			s.fixedVill[x[0]] = -1
		}
	}
	for _, x := range n.forbid {
		if on {
			s.forbid[x[0]] = append(s.forbid[x[0]], x[1])
		} else {
			s.forbid[x[0]] = s.forbid[x[0]][:0]
		}
	}
}

func (s *solver) villageAllowed(f, v int32) bool {
	if fv := s.fixedVill[f]; fv >= 0 && fv != v {
		return false
	}
	return !slices.Contains(s.forbid[f], v)
}

// lagrange runs up to iters subgradient steps on the families' multipliers
// u (changed in place) in the current node, updating the best solution. It
// returns the node's best bound, and a family the relaxation places in
// several villages with one of those villages (or -1, -1), to split on.
func (s *solver) lagrange(u []int64, iters int, theta float64) (bound int64, fam, vill int32) {
	bound = math.MaxInt64
	stall := 0
	restartAt := int64(math.MaxInt64)
	fam, vill = -1, -1
	g := make([]int64, len(u))
	for it := 0; it < iters; it++ {
		if time.Now().After(s.deadline) {
			s.timedOut = true
			return bound, fam, vill
		}
		if s.atRoot && it > 0 && len(s.live) <= capBoundPairs && time.Now().After(s.rootBy) {
			return bound, fam, vill // time for the other bound
		}
		dual := s.relax(u)
		for _, x := range u {
			dual += x
		}
		if s.atRoot && it%10 == 5 {
			s.fix(u, dual)
			if dual/lagScale-s.best <= 100 && it%50 == 5 {
				s.fixExact(u, dual)
			}
		}
		dual /= lagScale // the best total is whole: floor
		// The repairs, less often once fixing has left few pairs
		// (they then cost far more than a step).
		every := 1
		if len(s.live)*5 < len(s.in.val) || len(s.live) > 2000000 {
			every = 10
		}
		if it%every == 0 {
			s.repair()
		}
		if it%(25*every) == 0 && (it == 0 || len(s.live) <= 2000000) {
			s.repairSeq()
		}
		if it%(20*every) == 10 && len(s.live) <= 2000000 {
			s.reassignPicks()
		}
		if it%(100*every) == 99 {
			s.improve()
			s.reassignBest()
		}
		if dual < bound {
			bound, stall = dual, 0
			fam, vill = s.split()
		} else if stall++; stall >= 30 {
			theta, stall = theta/2, 0
		}
		if theta < 1e-3 && s.atRoot && bound < restartAt {
			// At the root, start again with longer steps while
			// the bound still falls.
			theta, restartAt = 0.1, bound
		}
		if bound <= s.best || theta < 1e-3 {
			return bound, fam, vill
		}
		if fam < 0 {
			fam, vill = s.split()
		}
		norm := int64(0)
		for f := range u {
			g[f] = int64(s.count[f]) - 1
			if u[f] == 0 && g[f] < 0 {
				g[f] = 0
			}
			norm += g[f] * g[f]
		}
		if norm == 0 {
			// Every family at most once, every priced one placed:
			// the relaxed solution is feasible and meets the bound.
			return bound, fam, vill
		}
		t := theta * float64((dual-s.best+s.best/400)*lagScale) / float64(norm)
		for f, gf := range g {
			if gf == 0 {
				continue
			}
			d := int64(math.Round(t * float64(gf)))
			if d == 0 {
				d = gf / max(gf, -gf)
			}
			u[f] = max(0, u[f]+d)
		}
	}
	return bound, fam, vill
}

// relax solves the relaxed problem at multipliers u: each village apart,
// every family at most once in it. It returns the sum of the villages'
// values (scaled), leaving their choices in picks and count.
func (s *solver) relax(u []int64) int64 {
	in := s.in
	for sl := range s.slotTop {
		s.slotTop[sl] = s.slotTop[sl][:0]
	}
	// floor[k]: no pair of job k at or below it enters a slot (each
	// slot of k is full with better ones).
	if s.floor == nil {
		s.floor = make([]int64, len(in.jobs))
	}
	clear(s.floor)
	for _, p := range s.live {
		f, k := in.pairFam[p], in.pairJob[p]
		r := int64(in.val[p])*lagScale - u[f]
		if r <= s.floor[k] || !s.villageAllowed(f, s.jobVill[k]) {
			continue
		}
		gone := s.gone[p]
		for i, h := range in.jobHomes[k] {
			if (i >= 32 || gone&(1<<i) == 0) && in.homeFits(f, h) {
				s.offer(s.jobSlot[k][i], entry{r, f, p})
			}
		}
		fl := int64(math.MaxInt64)
		for _, sl := range s.jobSlot[k] {
			top := s.slotTop[sl]
			if int32(len(top)) < s.slotCap[sl] {
				fl = 0
				break
			}
			fl = min(fl, top[len(top)-1].r)
		}
		s.floor[k] = fl
	}
	clear(s.count)
	s.picks = s.picks[:0]
	total := int64(0)
	for v := range s.villHomes {
		s.villVal[v] = s.village(int32(v))
		total += s.villVal[v]
	}
	for _, pk := range s.picks {
		s.count[pk.f]++
	}
	return total
}

// offer puts e among the best of slot sl, if it is.
func (s *solver) offer(sl int32, e entry) {
	top := s.slotTop[sl]
	if int32(len(top)) == s.slotCap[sl] {
		if top[len(top)-1].r >= e.r {
			return
		}
		top = top[:len(top)-1]
	}
	i := len(top)
	top = append(top, e)
	for i > 0 && top[i-1].r < e.r {
		top[i] = top[i-1]
		i--
	}
	top[i] = e
	s.slotTop[sl] = top
}

// village finds the best choice of village v alone: each home to at most
// one family and a job it goes with, jobs within their vacancies, each
// family once. It appends the choice to picks and returns its value.
//
// The best families of each slot suffice: a family beyond a slot's first
// (number of homes) ones could give way to one of them left free. The
// search: the assignment of families to homes with the vacancies forgotten
// (Hungarian method) bounds each part; when a job takes more families than
// it has vacancies, one part for each of its first homes (vacancies + 1 of
// them) forbids that home to the job, since some of them must go without
// it. Past its budget the search returns the first bound (the village
// then counts for more than it can bring, which keeps the bound valid).
func (s *solver) village(v int32) int64 {
	return s.villageOf(s.villHomes[v])
}

// villageOf is village for the homes hs of one village.
func (s *solver) villageOf(hs []int32) int64 {
	s.removed = s.removed[:0]
	s.budget = villageNodes
	var best []entry
	bestVal, rootVal := int64(0), int64(-1)
	var search func()
	search = func() {
		if s.budget <= 0 {
			return
		}
		s.budget--
		asg, val := s.assign(hs)
		if rootVal < 0 {
			rootVal = val
		}
		if val <= bestVal {
			return
		}
		// A job past its vacancies?
		for i, e := range asg {
			if e.f < 0 {
				continue
			}
			k := s.in.pairJob[e.p]
			n := int32(0)
			var over []int32
			for j, e2 := range asg {
				if e2.f >= 0 && s.in.pairJob[e2.p] == k {
					n++
					if int32(len(over)) <= s.in.cap[k] {
						over = append(over, int32(j))
					}
				}
			}
			if n <= s.in.cap[k] {
				continue
			}
			_ = i
			for _, j := range over {
				sl := s.slotOf(hs[j], k)
				s.removed = append(s.removed, sl)
				search()
				s.removed = s.removed[:len(s.removed)-1]
			}
			return
		}
		bestVal, best = val, asg
	}
	search()
	for i, e := range best {
		if e.f >= 0 {
			s.picks = append(s.picks, pick{e.f, e.p, hs[i]})
		}
	}
	if s.budget <= 0 {
		return max(bestVal, rootVal)
	}
	return bestVal
}

// slotOf returns the slot of home h with job k.
func (s *solver) slotOf(h, k int32) int32 {
	for _, sl := range s.homeSlots[h] {
		if s.slotJob[sl] == k {
			return sl
		}
	}
	return -1
}

// assign solves the assignment of families to the homes hs, each home's
// value for a family the best of its slots (vacancies forgotten), by the
// Hungarian method; it returns each home's entry (f = -1 for none) and
// the total.
func (s *solver) assign(hs []int32) ([]entry, int64) {
	// Columns: the families of the homes' slots, then one "no one" per
	// home.
	s.cols = s.cols[:0]
	for _, h := range hs {
		for _, sl := range s.homeSlots[h] {
			if slices.Contains(s.removed, sl) {
				continue
			}
			for _, e := range s.slotTop[sl] {
				if s.taken != nil && s.taken[e.f] {
					continue
				}
				if !slices.Contains(s.cols, e.f) {
					s.cols = append(s.cols, e.f)
				}
			}
		}
	}
	n, m := len(hs), len(s.cols)+len(hs)
	// cost[i][j] = -value; best entry per cell.
	cell := make([]entry, n*m)
	for i, h := range hs {
		for _, sl := range s.homeSlots[h] {
			if slices.Contains(s.removed, sl) {
				continue
			}
			for _, e := range s.slotTop[sl] {
				j := slices.Index(s.cols, e.f)
				if j < 0 {
					continue
				}
				if c := &cell[i*m+j]; e.r > c.r {
					*c = e
				}
			}
		}
	}
	const inf = math.MaxInt64 / 4
	u := make([]int64, n+1)
	vv := make([]int64, m+1)
	p := make([]int, m+1) // p[j]: row (1-based) of column j
	way := make([]int, m+1)
	minv := make([]int64, m+1)
	usedc := make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j], usedc[j] = inf, false
		}
		for {
			usedc[j0] = true
			i0, delta, j1 := p[j0], int64(inf), 0
			for j := 1; j <= m; j++ {
				if usedc[j] {
					continue
				}
				cur := -cell[(i0-1)*m+j-1].r - u[i0] - vv[j]
				if cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if usedc[j] {
					u[p[j]] += delta
					vv[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	out := make([]entry, n)
	for i := range out {
		out[i].f = -1
	}
	total := int64(0)
	for j := 1; j <= m; j++ {
		if p[j] != 0 {
			if e := cell[(p[j]-1)*m+j-1]; e.r > 0 {
				out[p[j]-1] = e
				total += e.r
			}
		}
	}
	return out, total
}

// split returns a family the relaxed solution places in several villages,
// the one of highest value, with the village where its value is highest.
func (s *solver) split() (fam, vill int32) {
	in := s.in
	fam, vill = -1, -1
	val := int32(-1)
	for _, pk := range s.picks {
		if s.count[pk.f] > 1 && in.val[pk.p] > val {
			fam, vill, val = pk.f, s.jobVill[in.pairJob[pk.p]], in.val[pk.p]
		}
	}
	return fam, vill
}

// repair makes a feasible solution of the relaxed one: the villages'
// choices, highest value first, each family kept once; then the families,
// vacancies and homes left filled greedily.
func (s *solver) repair() {
	in := s.in
	ps := slices.Clone(s.picks)
	slices.SortFunc(ps, func(a, b pick) int {
		if c := cmp.Compare(in.val[b.p], in.val[a.p]); c != 0 {
			return c
		}
		return cmp.Compare(a.f, b.f)
	})
	sol := in.emptySolution()
	load := make([]int32, len(in.jobs))
	used := make([]bool, len(in.homes))
	for _, pk := range ps {
		if sol.pair[pk.f] >= 0 {
			continue
		}
		sol.pair[pk.f], sol.home[pk.f] = pk.p, pk.h
		sol.val += int64(in.val[pk.p])
		load[in.pairJob[pk.p]]++
		used[pk.h] = true
	}
	in.fill(&sol, s.order, load, used)
	if sol.val > s.best {
		s.best, s.bestSol = sol.val, sol
	}
}

// repairSeq makes a feasible solution village after village: each village's
// best choice (at the current multipliers) among the families no village
// before it took; then the rest filled greedily.
func (s *solver) repairSeq() {
	in := s.in
	saved := s.picks
	s.picks = nil
	s.taken = make([]bool, len(in.cands))
	for v := range s.villHomes {
		n := len(s.picks)
		s.village(int32(v))
		for _, pk := range s.picks[n:] {
			s.taken[pk.f] = true
		}
	}
	seq := s.picks
	s.picks, s.taken = saved, nil
	sol := in.emptySolution()
	load := make([]int32, len(in.jobs))
	used := make([]bool, len(in.homes))
	for _, pk := range seq {
		sol.pair[pk.f], sol.home[pk.f] = pk.p, pk.h
		sol.val += int64(in.val[pk.p])
		load[in.pairJob[pk.p]]++
		used[pk.h] = true
	}
	in.fill(&sol, s.order, load, used)
	if sol.val > s.best {
		s.best, s.bestSol = sol.val, sol
	}
}

// improve is a local search on s.best: village after village, it chooses
// the village's families anew, each family from elsewhere counting for
// what it would bring less what it brings where it is, and keeps the new
// choice when the total grows; passes repeat while they gain.
func (s *solver) improve() {
	in := s.in
	sol := solution{pair: slices.Clone(s.bestSol.pair), home: slices.Clone(s.bestSol.home), val: s.bestSol.val}
	if sol.pair == nil {
		return
	}
	cur := make([]int64, len(in.cands))
	for f, p := range sol.pair {
		if p >= 0 {
			cur[f] = int64(in.val[p])
		}
	}
	saved := s.picks
	for pass := 0; pass < 3; pass++ {
		gained := false
		for v := range s.villHomes {
			if time.Now().After(s.deadline) {
				break
			}
			old := int64(0)
			var inside []int32
			for _, h := range s.villHomes[v] {
				for _, sl := range s.homeSlots[h] {
					s.slotTop[sl] = s.slotTop[sl][:0]
				}
			}
			for _, k := range s.villJobs[v] {
				for _, p := range s.jobPairs[k] {
					f := in.pairFam[p]
					if sol.pair[f] == p {
						old += int64(in.val[p])
						inside = append(inside, f)
					}
				}
			}
			for _, f := range inside {
				cur[f] = 0
			}
			for _, k := range s.villJobs[v] {
				for _, p := range s.jobPairs[k] {
					f := in.pairFam[p]
					r := (int64(in.val[p]) - cur[f]) * lagScale
					if r <= 0 {
						continue
					}
					for i, h := range in.jobHomes[k] {
						if in.homeFits(f, h) {
							s.offer(s.jobSlot[k][i], entry{r, f, p})
						}
					}
				}
			}
			s.picks = s.picks[:0]
			val := s.village(int32(v)) / lagScale
			if val > old && s.budget > 0 {
				gained = true
				for _, f := range inside {
					sol.pair[f], sol.home[f] = -1, -1
				}
				for _, pk := range s.picks {
					sol.pair[pk.f], sol.home[pk.f] = pk.p, pk.h
				}
				sol.val = 0
				for f, p := range sol.pair {
					cur[f] = 0
					if p >= 0 {
						cur[f] = int64(in.val[p])
						sol.val += cur[f]
					}
				}
			} else {
				for _, f := range inside {
					cur[f] = int64(in.val[sol.pair[f]])
				}
			}
		}
		if !gained {
			break
		}
	}
	s.picks = saved
	load := make([]int32, len(in.jobs))
	used := make([]bool, len(in.homes))
	for f, p := range sol.pair {
		if p >= 0 {
			load[in.pairJob[p]]++
			used[sol.home[f]] = true
		}
	}
	in.fill(&sol, s.order, load, used)
	if sol.val > s.best {
		s.best, s.bestSol = sol.val, sol
	}
}

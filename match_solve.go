package senderos

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// solver searches the batch problem by Lagrangian relaxation of the homes'
// capacities and branch and bound (see SolveBatch).
var debugSolve = false

// lagScale divides a hundredth of a point for the multipliers, so that
// they can reach the fractional prices a tight bound may need.
const lagScale = 64

type solver struct {
	in       *instance
	deadline time.Time
	timedOut bool

	best    int64 // the best total found
	bestSol solution
	bound   int64 // a proven upper bound of the best total
	optimal bool

	order []int32 // pairs by value, highest first (for fill)
	fl    *flow

	// The restrictions of the node being searched.
	fixedHome []int32   // by family: the one home it may take; -1 for any
	owner     []int32   // by home: the one family that may take it; -1 for any
	forbid    [][]int32 // by family: homes it may not take

	// Scratch.
	wcur       []int64 // by pair: value less the smallest multiplier
	choice     []int32 // by family: its pair in the relaxed solution, -1 none
	choiceHome []int32 // by family: its home there
	usage      []int32 // by home
	match      matcher
}

// node is a part of the search: restrictions and the multipliers to start
// from, with the bound of its parent.
type node struct {
	forbid [][2]int32 // (family, home)
	fix    [][2]int32 // (family, home)
	lambda []int64
	bound  int64
}

func (s *solver) solve() {
	in := s.in
	nf, nh := len(in.cands), len(in.homes)
	s.order = make([]int32, len(in.val))
	for i := range s.order {
		s.order[i] = int32(i)
	}
	slices.SortStableFunc(s.order, func(a, b int32) int { return cmp.Compare(in.val[b], in.val[a]) })
	s.best, s.bestSol = in.greedy()
	s.fl = newFlow(in)
	s.fixedHome = make([]int32, nf)
	for i := range s.fixedHome {
		s.fixedHome[i] = -1
	}
	s.owner = make([]int32, nh)
	for i := range s.owner {
		s.owner[i] = -1
	}
	s.forbid = make([][]int32, nf)
	s.wcur = make([]int64, len(in.val))
	s.choice = make([]int32, nf)
	s.choiceHome = make([]int32, nf)
	s.usage = make([]int32, nh)
	s.match = newMatcher(in)

	stack := []*node{{lambda: make([]int64, nh+len(in.jobs)), bound: math.MaxInt64}}
	// A first bound: each family at its best pair.
	s.bound = 0
	for f := range in.cands {
		top := int32(0)
		for p := in.famStart[f]; p < in.famStart[f+1]; p++ {
			top = max(top, in.val[p])
		}
		s.bound += int64(top)
	}
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
		iters := 400
		if root {
			iters = 20000
		}
		t0 := time.Now()
		bnd, home, fam := s.lagrange(n.lambda, iters)
		if debugSolve {
			println("node", len(stack), "depth", len(n.fix)+len(n.forbid), "bound", bnd, "best", s.best, "home", home, "fam", fam, "ms", time.Since(t0).Milliseconds())
		}
		s.apply(n, false)
		if root {
			s.bound = min(s.bound, bnd)
			root = false
		}
		if s.timedOut {
			stack = append(stack, &node{bound: min(bnd, n.bound)})
			break
		}
		if bnd <= s.best {
			continue
		}
		if home < 0 {
			// Nothing to split on: the relaxation is feasible but the
			// multipliers not yet tight; search the node again.
			stack = append(stack, &node{forbid: n.forbid, fix: n.fix, lambda: n.lambda, bound: bnd})
			continue
		}
		a := &node{forbid: append(slices.Clip(n.forbid), [2]int32{fam, home}), fix: n.fix, lambda: slices.Clone(n.lambda), bound: bnd}
		b := &node{forbid: n.forbid, fix: append(slices.Clip(n.fix), [2]int32{fam, home}), lambda: slices.Clone(n.lambda), bound: bnd}
		stack = append(stack, a, b)
	}
	if len(stack) == 0 && !s.timedOut {
		s.optimal = true
		s.bound = s.best
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
			s.fixedHome[x[0]], s.owner[x[1]] = x[1], x[0]
		} else {
			s.fixedHome[x[0]], s.owner[x[1]] = -1, -1
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

// allowed reports whether family f may take home h in the node.
func (s *solver) allowed(f, h int32) bool {
	if !s.in.homeFits(f, h) {
		return false
	}
	if o := s.owner[h]; o >= 0 && o != f {
		return false
	}
	if fh := s.fixedHome[f]; fh >= 0 && fh != h {
		return false
	}
	return !slices.Contains(s.forbid[f], h)
}

// lagrange runs up to iters subgradient steps on the multipliers mult
// (the homes', then the jobs'; changed in place) in the current node,
// updating the best solution. Both capacities are relaxed: each family
// takes its best job and home at the current prices, and the bound is the
// sum of those values plus every price times its capacity. It returns the
// node's best bound, and a family and the home it takes in a relaxed
// solution that breaks a capacity (or -1, -1), to split on.
func (s *solver) lagrange(mult []int64, iters int) (bound int64, home, fam int32) {
	in := s.in
	nh := len(in.homes)
	lambda, mu := mult[:nh], mult[nh:]
	bound = math.MaxInt64
	theta, stall := 1.0, 0
	home, fam = -1, -1
	g := make([]int64, len(mult))
	load := make([]int32, len(in.jobs))
	for it := 0; it < iters; it++ {
		if it%32 == 31 && time.Now().After(s.deadline) {
			s.timedOut = true
			return bound, home, fam
		}
		clear(s.usage)
		clear(load)
		dual := int64(0)
		for f := range s.choice {
			best, bp, bh := int64(0), int32(-1), int32(-1)
			for p := in.famStart[f]; p < in.famStart[f+1]; p++ {
				k := in.pairJob[p]
				base := int64(in.val[p])*lagScale - mu[k]
				if base <= best {
					continue
				}
				for _, h := range in.jobHomes[k] {
					if x := base - lambda[h]; x > best && s.allowed(int32(f), h) {
						best, bp, bh = x, p, h
					}
				}
			}
			s.choice[f], s.choiceHome[f] = bp, bh
			if bp >= 0 {
				dual += best
				s.usage[bh]++
				load[in.pairJob[bp]]++
			}
		}
		for _, l := range lambda {
			dual += l
		}
		for k, m := range mu {
			dual += m * int64(in.cap[k])
		}
		dual /= lagScale // the best total is whole: floor
		if it%10 == 0 {
			s.repairChoice()
		}
		if it%200 == 100 {
			s.repairFlow(lambda)
		}
		if debugSolve && it%250 == 0 {
			println("  iter", it, "dual", dual, "best", s.best, "theta", int(theta*10000))
		}
		if dual < bound {
			bound, stall = dual, 0
			home, fam = s.split(load)
		} else if stall++; stall >= 40 {
			theta, stall = theta/2, 0
		}
		if bound <= s.best || theta < 1e-3 {
			return bound, home, fam
		}
		if home < 0 {
			home, fam = s.split(load)
		}
		// Subgradient step toward the best total.
		norm := int64(0)
		for h := range lambda {
			g[h] = int64(s.usage[h]) - 1
			if lambda[h] == 0 && g[h] < 0 {
				g[h] = 0
			}
			norm += g[h] * g[h]
		}
		for k := range mu {
			x := int64(load[k]) - int64(in.cap[k])
			if mu[k] == 0 && x < 0 {
				x = 0
			}
			g[nh+k] = x
			norm += x * x
		}
		if norm == 0 {
			// The relaxed solution keeps every capacity and every
			// priced one is full: it is feasible, and its value is
			// the bound.
			s.repairChoice()
			return bound, home, fam
		}
		t := theta * float64((dual-s.best)*lagScale) / float64(norm)
		for i, gi := range g {
			if gi == 0 {
				continue
			}
			d := int64(math.Round(t * float64(gi)))
			if d == 0 {
				d = gi / max(gi, -gi)
			}
			mult[i] = max(0, mult[i]+d)
		}
	}
	return bound, home, fam
}

// split returns a home the relaxed solution gives to several families, or
// failing that the home of a family at an over-full job, with the family
// of highest value there.
func (s *solver) split(load []int32) (home, fam int32) {
	in := s.in
	over, most := int32(-1), int32(1)
	for h, u := range s.usage {
		if u > most {
			over, most = int32(h), u
		}
	}
	fam, val := int32(-1), int32(-1)
	if over >= 0 {
		for f, h := range s.choiceHome {
			if h == over && in.val[s.choice[f]] > val {
				fam, val = int32(f), in.val[s.choice[f]]
			}
		}
		return over, fam
	}
	job, worst := int32(-1), int32(0)
	for k, l := range load {
		if d := l - in.cap[k]; d > worst {
			job, worst = int32(k), d
		}
	}
	if job < 0 {
		return -1, -1
	}
	for f, p := range s.choice {
		if p >= 0 && in.pairJob[p] == job && in.val[p] > val {
			fam, val = int32(f), in.val[p]
		}
	}
	return s.choiceHome[fam], fam
}

// repairChoice makes a feasible solution of the relaxed one: its families,
// highest value first, keep their job while it has room and when distinct
// homes can still be found for all kept ones; the rest is filled greedily.
func (s *solver) repairChoice() {
	s.keepBest(s.choice, true)
}

// repairFlow solves the transportation problem with each pair at its
// cheapest home and makes a feasible solution of it the same way.
func (s *solver) repairFlow(lambda []int64) {
	in := s.in
	for p := range in.val {
		f, k := in.pairFam[p], in.pairJob[p]
		best := int64(-1)
		for _, h := range in.jobHomes[k] {
			if (best < 0 || lambda[h] < best) && in.homeFits(f, h) {
				best = lambda[h]
			}
		}
		s.wcur[p] = int64(in.val[p])*lagScale - best
	}
	s.fl.solve(s.wcur)
	s.keepBest(s.fl.at, false)
}

// keepBest keeps the pairs chosen (by family; -1 and -2 for none), highest
// value first, while their job has room (when checkJobs) and distinct homes
// can be found for all kept ones (greedy on a transversal matroid: the best
// set of them for the homes), fills the rest greedily, and keeps the
// solution if it is the best.
func (s *solver) keepBest(choice []int32, checkJobs bool) {
	in := s.in
	var chosen []int32
	for _, p := range choice {
		if p >= 0 {
			chosen = append(chosen, p)
		}
	}
	slices.SortStableFunc(chosen, func(a, b int32) int { return cmp.Compare(in.val[b], in.val[a]) })
	load := make([]int32, len(in.jobs))
	m := &s.match
	m.reset()
	for _, p := range chosen {
		f, k := in.pairFam[p], in.pairJob[p]
		if checkJobs && load[k] >= in.cap[k] {
			continue
		}
		if m.try(f, func(h int32) bool { return in.homeFits(f, h) }, in.jobHomes[k]) {
			m.pair[f] = p
			load[k]++
		}
	}
	sol := in.emptySolution()
	used := make([]bool, len(in.homes))
	for h, f := range m.owner {
		if f >= 0 {
			p := m.pair[f]
			sol.pair[f], sol.home[f] = p, int32(h)
			sol.val += int64(in.val[p])
			used[h] = true
		}
	}
	in.fill(&sol, s.order, load, used)
	if sol.val > s.best {
		s.best, s.bestSol = sol.val, sol
	}
}

// matcher finds distinct homes for families by augmenting paths.
type matcher struct {
	in    *instance
	owner []int32 // by home: family
	home  []int32 // by family: home
	pair  []int32 // by family: the pair it was tried with
	cand  [][]int32
	ok    []func(int32) bool
	seen  []uint32
	epoch uint32
}

func newMatcher(in *instance) matcher {
	m := matcher{in: in, owner: make([]int32, len(in.homes)), home: make([]int32, len(in.cands)),
		cand: make([][]int32, len(in.cands)), pair: make([]int32, len(in.cands)), ok: make([]func(int32) bool, len(in.cands)), seen: make([]uint32, len(in.homes))}
	m.reset()
	return m
}

func (m *matcher) reset() {
	for i := range m.owner {
		m.owner[i] = -1
	}
	for i := range m.home {
		m.home[i] = -1
		m.cand[i], m.ok[i] = nil, nil
	}
}

// try gives family f one of the homes hs that ok accepts, moving others
// along augmenting paths; false when none can be found (nothing changes).
func (m *matcher) try(f int32, ok func(int32) bool, hs []int32) bool {
	m.cand[f], m.ok[f] = hs, ok
	m.pair[f] = -1
	m.epoch++
	return m.augment(f)
}

func (m *matcher) augment(f int32) bool {
	for _, h := range m.cand[f] {
		if m.seen[h] == m.epoch || !m.ok[f](h) {
			continue
		}
		m.seen[h] = m.epoch
		if o := m.owner[h]; o < 0 || m.augment(o) {
			m.owner[h], m.home[f] = f, h
			return true
		}
	}
	return false
}

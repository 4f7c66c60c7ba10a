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
	wcur    []int64 // by pair: value less the smallest multiplier; <=0: unusable
	minHome []int32 // by pair: a home of the smallest multiplier
	usage   []int32 // by home
	match   matcher
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
	s.minHome = make([]int32, len(in.val))
	s.usage = make([]int32, nh)
	s.match = newMatcher(in)

	stack := []*node{{lambda: make([]int64, nh), bound: math.MaxInt64}}
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
		iters := 40
		if root {
			iters = 400
		}
		t0 := time.Now()
		bnd, home, fam := s.lagrange(n.lambda, iters)
		if debugSolve {
			println("node", len(stack), "depth", len(n.fix)+len(n.forbid), "bound", bnd, "best", s.best, "home", home, "fam", fam, "ms", time.Since(t0).Milliseconds())
		}
		s.apply(n, false)
		if root {
			s.bound = bnd
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

// lagrange runs up to iters subgradient steps on the multipliers lambda
// (changed in place) in the current node, updating the best solution. It
// returns the node's best bound, and a home the relaxation gives to more
// than one family (or -1) with one of those families, to split on.
func (s *solver) lagrange(lambda []int64, iters int) (bound int64, home, fam int32) {
	in := s.in
	bound = math.MaxInt64
	theta, stall := 1.0, 0
	home, fam = -1, -1
	g := make([]int64, len(in.homes))
	for it := 0; it < iters; it++ {
		if it%8 == 7 && time.Now().After(s.deadline) {
			s.timedOut = true
			return bound, home, fam
		}
		// The relaxation: each pair at its cheapest allowed home.
		for p := range in.val {
			f, k := in.pairFam[p], in.pairJob[p]
			best, bh := int64(math.MaxInt64), int32(-1)
			for _, h := range in.jobHomes[k] {
				if lambda[h] < best && s.allowed(f, h) {
					best, bh = lambda[h], h
				}
			}
			s.minHome[p] = bh
			if bh < 0 {
				s.wcur[p] = 0
			} else {
				s.wcur[p] = int64(in.val[p])*lagScale - best
			}
		}
		rel := s.fl.solve(s.wcur)
		dual := rel
		for _, l := range lambda {
			dual += l
		}
		// Spread the chosen pairs over their cheapest homes, counting
		// the homes' use.
		clear(s.usage)
		over := s.spread(lambda)
		s.repair()
		if dual < bound {
			bound, stall = dual, 0
			if over >= 0 {
				home, fam = over, s.usersOf(over)
			}
		} else if stall++; stall >= 10 {
			theta, stall = theta/2, 0
		}
		if bound <= s.best || theta < 1e-4 {
			return bound, home, fam
		}
		if over >= 0 && home < 0 {
			home, fam = over, s.usersOf(over)
		}
		// Subgradient step toward the best total.
		norm := int64(0)
		for h := range g {
			g[h] = int64(s.usage[h]) - 1
			if lambda[h] == 0 && g[h] < 0 {
				g[h] = 0
			}
			norm += g[h] * g[h]
		}
		if norm == 0 {
			// The relaxation is feasible and tight on every priced
			// home: its value is the bound, and repair found it.
			return bound, home, fam
		}
		t := theta * float64(dual-s.best) / float64(norm)
		for h, gh := range g {
			if gh == 0 {
				continue
			}
			d := int64(math.Round(t * float64(gh)))
			if d == 0 {
				d = gh / max(gh, -gh)
			}
			lambda[h] = max(0, lambda[h]+d)
		}
	}
	return bound, home, fam
}

// spread gives each pair of the relaxed solution a home among its
// cheapest allowed ones, distinct where it can, and counts the homes' use.
// It returns the most used home when one is used more than once, else -1.
func (s *solver) spread(lambda []int64) int32 {
	in, fl := s.in, s.fl
	m := &s.match
	m.reset()
	for f, p := range fl.at {
		if p < 0 {
			continue
		}
		ok := m.try(int32(f), func(h int32) bool {
			return lambda[h] == lambda[s.minHome[p]] && s.allowed(int32(f), h)
		}, in.jobHomes[in.pairJob[p]])
		if !ok {
			s.usage[s.minHome[p]]++
		}
	}
	for h, f := range m.owner {
		if f >= 0 {
			s.usage[h]++
		}
	}
	over, most := int32(-1), int32(1)
	for h, u := range s.usage {
		if u > most {
			over, most = int32(h), u
		}
	}
	return over
}

// usersOf returns the family of highest value among those the relaxation
// gives (or would give) home h.
func (s *solver) usersOf(h int32) int32 {
	in := s.in
	fam, val := int32(-1), int32(-1)
	for f, p := range s.fl.at {
		if p >= 0 && s.minHome[p] == h && in.val[p] > val {
			fam, val = int32(f), in.val[p]
		}
	}
	if fam < 0 {
		for f, h2 := range s.match.home {
			if h2 == h {
				return int32(f)
			}
		}
	}
	return fam
}

// repair turns the relaxed solution into a feasible one: its pairs, highest
// value first, each given a home when distinct homes can still be found
// for all the kept ones (greedy on a transversal matroid: the best set),
// then the remaining families, vacancies and homes filled greedily.
func (s *solver) repair() {
	in, fl := s.in, s.fl
	var chosen []int32
	for _, p := range fl.at {
		if p >= 0 {
			chosen = append(chosen, p)
		}
	}
	slices.SortStableFunc(chosen, func(a, b int32) int { return cmp.Compare(in.val[b], in.val[a]) })
	m := &s.match
	m.reset()
	for _, p := range chosen {
		f := in.pairFam[p]
		m.try(f, func(h int32) bool { return in.homeFits(f, h) }, in.jobHomes[in.pairJob[p]])
	}
	sol := in.emptySolution()
	load := make([]int32, len(in.jobs))
	used := make([]bool, len(in.homes))
	for h, f := range m.owner {
		if f >= 0 {
			p := fl.at[f]
			sol.pair[f], sol.home[f] = p, int32(h)
			sol.val += int64(in.val[p])
			load[in.pairJob[p]]++
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

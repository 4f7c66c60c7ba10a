package senderos

import (
	"container/heap"
	"math"
	"time"
)

// reassign is a repair across all villages at once: each home keeps the
// job of label (or, at -1, may take any job of it with a vacancy the
// labelled homes leave), and the families are assigned to the homes
// anew, best total first, by shortest augmenting paths (the assignment
// problem, homes by families, each home at most one family and each family
// at most one home). A family can thus move from one village to another and
// give its place to a third: chains the village-by-village search cannot
// see. Jobs past their vacancies (only through unlabelled homes) lose
// their lowest families; the rest is filled greedily. It keeps the result
// when it beats the best.
func (s *solver) reassign(label []int32) {
	in := s.in
	spare := make([]int32, len(in.jobs))
	copy(spare, in.cap)
	for _, k := range label {
		if k >= 0 {
			spare[k]--
		}
	}
	rows := make([][]edge, len(in.homes))
	best := map[int32]int{} // family -> index in the row, while building one
	for h := range in.homes {
		best = clear2(best)
		var jobs []int32
		if label[h] >= 0 {
			jobs = []int32{label[h]}
		} else {
			for _, sl := range s.homeSlots[h] {
				if k := s.slotJob[sl]; spare[k] > 0 {
					jobs = append(jobs, k)
				}
			}
		}
		for _, k := range jobs {
			for _, p := range s.jobPairs[k] {
				f := in.pairFam[p]
				if in.val[p] <= 0 || !in.homeFits(f, int32(h)) {
					continue
				}
				if i, ok := best[f]; ok {
					if -int64(in.val[p]) < rows[h][i].c {
						rows[h][i] = edge{f, p, -int64(in.val[p])}
					}
					continue
				}
				best[f] = len(rows[h])
				rows[h] = append(rows[h], edge{f, p, -int64(in.val[p])})
			}
		}
	}
	nf, nh := len(in.cands), len(in.homes)
	rowEdge, ok := assignSparse(nf, rows, s.deadline)
	if !ok {
		return
	}
	sol := in.emptySolution()
	load := make([]int32, len(in.jobs))
	used := make([]bool, nh)
	type placed struct{ f, h int32 }
	byJob := make([][]placed, len(in.jobs))
	for h := range rows {
		if rowEdge[h] < 0 {
			continue
		}
		e := rows[h][rowEdge[h]]
		k := in.pairJob[e.p]
		byJob[k] = append(byJob[k], placed{e.f, int32(h)})
		sol.pair[e.f], sol.home[e.f] = e.p, int32(h)
	}
	// Jobs past their vacancies lose their lowest families.
	for k, ps := range byJob {
		for int32(len(ps)) > in.cap[k] {
			lo := 0
			for i, x := range ps {
				if in.val[sol.pair[x.f]] < in.val[sol.pair[ps[lo].f]] {
					lo = i
				}
			}
			sol.pair[ps[lo].f], sol.home[ps[lo].f] = -1, -1
			ps = append(ps[:lo], ps[lo+1:]...)
		}
		for _, x := range ps {
			load[k]++
			used[x.h] = true
			sol.val += int64(in.val[sol.pair[x.f]])
		}
	}
	in.fill(&sol, s.order, load, used)
	if sol.val > s.best {
		s.best, s.bestSol = sol.val, sol
	}
}

func clear2(m map[int32]int) map[int32]int {
	clear(m)
	return m
}

type distItem struct {
	d int64
	j int32
}

type distHeap []distItem

func (h distHeap) Len() int           { return len(h) }
func (h distHeap) Less(i, j int) bool { return h[i].d < h[j].d }
func (h distHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *distHeap) Push(x any)        { *h = append(*h, x.(distItem)) }
func (h *distHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// reassignPicks reassigns with the jobs the relaxed solution gives the
// homes.
func (s *solver) reassignPicks() {
	label := make([]int32, len(s.in.homes))
	for h := range label {
		label[h] = -1
	}
	for _, pk := range s.picks {
		label[pk.h] = s.in.pairJob[pk.p]
	}
	s.reassign(label)
}

// reassignBest reassigns with the jobs of the best solution's homes.
func (s *solver) reassignBest() {
	label := make([]int32, len(s.in.homes))
	for h := range label {
		label[h] = -1
	}
	for f, p := range s.bestSol.pair {
		if p >= 0 {
			label[s.bestSol.home[f]] = s.in.pairJob[p]
		}
	}
	s.reassign(label)
}

// fix is reduced-cost fixing at the root, right after relax(u) gave the
// (scaled) dual value dual: a family f placed in job k with home h of
// village v makes the relaxation worth at most dual less v's value plus
// f's value there less its multiplier plus v's value without h; when that
// is no more than the best total, no solution better than the best uses
// the triple, and it goes for good. It returns how many triples went.
func (s *solver) fix(u []int64, dual int64) int {
	in := s.in
	limit := (s.best + 1) * lagScale // a triple stays when it may reach this
	// Each village's value without each of its homes.
	without := make([]int64, len(in.homes))
	saved := len(s.picks)
	for _, hs := range s.villHomes {
		rest := make([]int32, 0, len(hs))
		for i, h := range hs {
			rest = append(rest[:0], hs[:i]...)
			rest = append(rest, hs[i+1:]...)
			without[h] = s.villageOf(rest)
			s.picks = s.picks[:saved]
		}
	}
	n := 0
	live := s.live[:0]
	for _, p := range s.live {
		f, k := in.pairFam[p], in.pairJob[p]
		v := s.jobVill[k]
		base := dual - s.villVal[v] + int64(in.val[p])*lagScale - u[f]
		gone, left := s.gone[p], false
		for i, h := range in.jobHomes[k] {
			if i >= 32 {
				left = true
				continue
			}
			if gone&(1<<i) != 0 || !in.homeFits(f, h) {
				gone |= 1 << i
				continue
			}
			if base+without[h] < limit {
				gone |= 1 << i
				n++
				continue
			}
			left = true
		}
		s.gone[p] = gone
		if left {
			live = append(live, p)
		}
	}
	s.live = live
	return n
}

// fixExact is fix with each triple's value found exactly: the village
// without the home, without the family and with one vacancy fewer in the
// job. It costs a village search a triple, so it runs when the gap is
// small.
func (s *solver) fixExact(u []int64, dual int64) int {
	in := s.in
	limit := (s.best + 1) * lagScale
	saved := len(s.picks)
	s.taken = make([]bool, len(in.cands))
	defer func() { s.taken = nil }()
	n := 0
	live := s.live[:0]
	var rest []int32
	for _, p := range s.live {
		f, k := in.pairFam[p], in.pairJob[p]
		v := s.jobVill[k]
		base := dual - s.villVal[v] + int64(in.val[p])*lagScale - u[f]
		gone, left := s.gone[p], false
		for i, h := range in.jobHomes[k] {
			if i >= 32 {
				left = true
				continue
			}
			if gone&(1<<i) != 0 {
				continue
			}
			if time.Now().After(s.deadline) {
				left = true
				continue
			}
			rest = rest[:0]
			for _, h2 := range s.villHomes[v] {
				if h2 != h {
					rest = append(rest, h2)
				}
			}
			s.taken[f] = true
			in.cap[k]--
			w := s.villageOf(rest)
			in.cap[k]++
			s.taken[f] = false
			s.picks = s.picks[:saved]
			if base+w < limit {
				gone |= 1 << i
				n++
				continue
			}
			left = true
		}
		s.gone[p] = gone
		if left {
			live = append(live, p)
		}
	}
	s.live = live
	return n
}

// edge is a home's edge in assignSparse: a family, its pair, and the cost
// (minus the value).
type edge struct {
	f, p int32
	c    int64
}

// assignSparse solves the assignment of families (nf) to the rows (homes),
// each row's edges in rows, each row to at most one family and each family
// to at most one row, least total cost (no edge costs 0), by shortest
// augmenting paths with potentials (Jonker and Volgenant's method, on
// sparse rows). It returns each row's edge index (-1 for none), or false
// when the deadline passed.
func assignSparse(nf int, rows [][]edge, deadline time.Time) ([]int32, bool) {
	match, _, _, ok := assignDual(nf, rows, deadline)
	return match, ok
}

// assignDual is assignSparse with the potentials of the rows (u) and the
// columns (v: the families, then each row's "no one"): every edge's
// reduced cost c - u[row] - v[family] is at least 0, matched edges' 0,
// v is at most 0 and 0 on a family left free, so that the least cost is
// the sum of u and v, and any assignment with an edge costs at least that
// plus the edge's reduced cost.
func assignDual(nf int, rows [][]edge, deadline time.Time) ([]int32, []int64, []int64, bool) {
	nh := len(rows)
	// Columns: families 0..nf-1, then one "no one" column per home.
	u := make([]int64, nh)
	v := make([]int64, nf+nh)
	colRow := make([]int32, nf+nh)
	for j := range colRow {
		colRow[j] = -1
	}
	rowCol := make([]int32, nh)
	for h := range rowCol {
		rowCol[h] = -1
	}
	scanned := make([]bool, nf+nh)
	rowEdge := make([]int32, nh) // index in rows[h] of its match; -1 none
	for h := range u {
		for _, e := range rows[h] {
			u[h] = min(u[h], e.c)
		}
	}
	dist := make([]int64, nf+nh)
	for j := range dist {
		dist[j] = math.MaxInt64
	}
	prevRow := make([]int32, nf+nh)
	prevEdge := make([]int32, nf+nh)
	var done []int32 // columns finalised
	var touched []int32
	var pq distHeap
	for h0 := range rows {
		if h0%64 == 0 && time.Now().After(deadline) {
			return nil, nil, nil, false
		}
		pq = pq[:0]
		touched = touched[:0]
		done = done[:0]
		relaxRow := func(r int32, base int64) {
			for i, e := range rows[r] {
				d := base + e.c - u[r] - v[e.f]
				if d < dist[e.f] {
					if dist[e.f] == math.MaxInt64 {
						touched = append(touched, e.f)
					}
					dist[e.f], prevRow[e.f], prevEdge[e.f] = d, r, int32(i)
					heap.Push(&pq, distItem{d, e.f})
				}
			}
			dj := int32(nf) + r
			if d := base + 0 - u[r] - v[dj]; d < dist[dj] {
				if dist[dj] == math.MaxInt64 {
					touched = append(touched, dj)
				}
				dist[dj], prevRow[dj], prevEdge[dj] = d, r, -1
				heap.Push(&pq, distItem{d, dj})
			}
		}
		relaxRow(int32(h0), 0)
		end, delta := int32(-1), int64(0)
		for pq.Len() > 0 {
			it := heap.Pop(&pq).(distItem)
			if it.d != dist[it.j] || scanned[it.j] {
				continue
			}
			if colRow[it.j] < 0 {
				end, delta = it.j, it.d
				break
			}
			scanned[it.j] = true
			done = append(done, it.j)
			relaxRow(colRow[it.j], it.d)
		}
		// Potentials: the columns scanned and their rows move by the
		// distance they are short of the path's.
		u[h0] += delta
		for _, j := range done {
			u[colRow[j]] += delta - dist[j]
			v[j] -= delta - dist[j]
			scanned[j] = false
		}
		// Augment along the path.
		for j := end; ; {
			r := prevRow[j]
			old := rowCol[r]
			colRow[j], rowCol[r], rowEdge[r] = r, j, prevEdge[j]
			if r == int32(h0) {
				break
			}
			j = old
		}
		for _, j := range touched {
			dist[j] = math.MaxInt64
		}
	}
	for h := range rowEdge {
		if rowCol[h] >= int32(nf) {
			rowEdge[h] = -1
		}
	}
	return rowEdge, u, v, true
}

// capBound bounds the problem left by fixing (the live triples) by
// relaxing the jobs' vacancies instead, with a price per job (scaled): the
// rest, each family and each home at most once, is an assignment problem,
// solved exactly; subgradient steps on the prices. It returns the lowest
// bound found (whole hundredths), stopping once it reaches the best total.
func (s *solver) capBound(iters int) int64 {
	in := s.in
	nf, nh := len(in.cands), len(in.homes)
	homeJobs := make([][]slotRef, nh)
	for k, hs := range in.jobHomes {
		for i, h := range hs {
			homeJobs[h] = append(homeJobs[h], slotRef{int32(k), int32(i)})
		}
	}
	liveByJob := make([][]int32, len(in.jobs))
	for _, p := range s.live {
		k := in.pairJob[p]
		liveByJob[k] = append(liveByJob[k], p)
	}
	gamma := make([]int64, len(in.jobs))
	load := make([]int64, len(in.jobs))
	rows := make([][]edge, nh)
	seenRow := make([]int32, nf)
	seenIdx := make([]int32, nf)
	for f := range seenRow {
		seenRow[f] = -1
	}
	bound := int64(math.MaxInt64)
	theta, stall := 1.0, 0
	for it := 0; it < iters; it++ {
		if time.Now().After(s.deadline) {
			break
		}
		for h := range rows {
			rows[h] = rows[h][:0]
			for _, sr := range homeJobs[h] {
				for _, p := range liveByJob[sr.k] {
					f := in.pairFam[p]
					if (sr.i < 32 && s.gone[p]&(1<<sr.i) != 0) || !in.homeFits(f, int32(h)) {
						continue
					}
					c := gamma[sr.k] - int64(in.val[p])*lagScale
					if c >= 0 {
						continue
					}
					if seenRow[f] == int32(h) {
						if c < rows[h][seenIdx[f]].c {
							rows[h][seenIdx[f]] = edge{f, p, c}
						}
						continue
					}
					seenRow[f], seenIdx[f] = int32(h), int32(len(rows[h]))
					rows[h] = append(rows[h], edge{f, p, c})
				}
			}
			for _, e := range rows[h] {
				seenRow[e.f] = -1
			}
		}
		match, pu, pv, ok := assignDual(nf, rows, s.deadline)
		if !ok {
			break
		}
		val := int64(0)
		clear(load)
		for h, e := range match {
			if e >= 0 {
				ed := rows[h][e]
				val -= ed.c
				load[in.pairJob[ed.p]]++
			}
		}
		s.fromAssignment(rows, match, it%25 == 24)
		for k, g := range gamma {
			val += g * int64(in.cap[k])
		}
		b := val / lagScale
		if it%10 == 0 && b > s.best {
			s.fixByPrices(gamma, val, pu, pv, homeJobs)
			liveByJob = liveByJob[:0]
			for range in.jobs {
				liveByJob = append(liveByJob, nil)
			}
			for _, p := range s.live {
				k := in.pairJob[p]
				liveByJob[k] = append(liveByJob[k], p)
			}
		}
		if b < bound {
			bound, stall = b, 0
		} else if stall++; stall >= 20 {
			theta, stall = theta/2, 0
		}
		if bound <= s.best || theta < 1e-4 {
			break
		}
		norm := int64(0)
		for k := range load {
			g := load[k] - int64(in.cap[k])
			if gamma[k] == 0 && g < 0 {
				g = 0
			}
			load[k] = g
			norm += g * g
		}
		if norm == 0 {
			break // the assignment keeps every vacancy: it is feasible
		}
		t := theta * float64(val-s.best*lagScale+lagScale) / float64(norm)
		for k, g := range load {
			if g == 0 {
				continue
			}
			d := int64(math.Round(t * float64(g)))
			if d == 0 {
				d = g / max(g, -g)
			}
			gamma[k] = max(0, gamma[k]+d)
		}
	}
	return bound
}

// fromAssignment makes a feasible solution of capBound's assignment: each
// home's family in its pair, the jobs past their vacancies losing their
// lowest families, the rest filled greedily. It keeps it when it beats the
// best.
func (s *solver) fromAssignment(rows [][]edge, match []int32, again bool) {
	in := s.in
	sol := in.emptySolution()
	byJob := map[int32][]int32{} // job -> families
	for h, e := range match {
		if e < 0 {
			continue
		}
		ed := rows[h][e]
		sol.pair[ed.f], sol.home[ed.f] = ed.p, int32(h)
		k := in.pairJob[ed.p]
		byJob[k] = append(byJob[k], ed.f)
	}
	load := make([]int32, len(in.jobs))
	used := make([]bool, len(in.homes))
	for k, fs := range byJob {
		for int32(len(fs)) > in.cap[k] {
			lo := 0
			for i, f := range fs {
				if in.val[sol.pair[f]] < in.val[sol.pair[fs[lo]]] {
					lo = i
				}
			}
			sol.pair[fs[lo]], sol.home[fs[lo]] = -1, -1
			fs = append(fs[:lo], fs[lo+1:]...)
		}
		for _, f := range fs {
			load[k]++
			used[sol.home[f]] = true
			sol.val += int64(in.val[sol.pair[f]])
		}
	}
	var label []int32
	if again {
		// The homes keep the jobs of the families kept, the others
		// may take any; the families are assigned to them anew.
		label = make([]int32, len(in.homes))
		for h := range label {
			label[h] = -1
		}
		for f, p := range sol.pair {
			if p >= 0 {
				label[sol.home[f]] = in.pairJob[p]
			}
		}
	}
	in.fill(&sol, s.order, load, used)
	if sol.val > s.best {
		s.best, s.bestSol = sol.val, sol
	}
	if again {
		s.reassign(label)
	}
}

// slotRef is job k with its i-th home.
type slotRef struct{ k, i int32 }

// fixByPrices is reduced-cost fixing with capBound's prices gamma, the
// assignment's (scaled) value val and its potentials u (homes) and v
// (families): a triple whose edge's reduced cost brings the bound below
// the best total plus one goes for good.
func (s *solver) fixByPrices(gamma []int64, val int64, u, v []int64, homeJobs [][]slotRef) {
	in := s.in
	limit := (s.best + 1) * lagScale
	live := s.live[:0]
	for _, p := range s.live {
		f, k := in.pairFam[p], in.pairJob[p]
		gone, left := s.gone[p], false
		for i, h := range in.jobHomes[k] {
			if i >= 32 {
				left = true
				continue
			}
			if gone&(1<<i) != 0 || !in.homeFits(f, h) {
				gone |= 1 << i
				continue
			}
			c := gamma[k] - int64(in.val[p])*lagScale
			if c >= 0 {
				// Not an edge of the assignment: no reduced cost.
				left = true
				continue
			}
			if val-(c-u[h]-v[f]) < limit {
				gone |= 1 << i
				continue
			}
			left = true
		}
		s.gone[p] = gone
		if left {
			live = append(live, p)
		}
	}
	s.live = live
}

package senderos

import (
	"cmp"
	"slices"
)

// flow solves the transportation problem of the relaxation exactly: give
// each family at most one job (a pair of positive weight), each job at most
// its capacity, maximising the total weight. It is a min-cost flow solved
// by successive shortest paths, one family at a time, with Dijkstra on
// reduced costs (potentials kept non-negative by the early-stop update),
// so that every step keeps the families inserted so far optimal.
//
// Nodes: families 0..n-1, jobs n..n+m-1, and the sink T = n+m, reached by
// a job with a free vacancy or by a family that takes no job.
type flow struct {
	in      *instance
	n, m    int
	w       []int64
	at      []int32   // by family: its pair, -1 for none, -2 not inserted
	load    []int32   // by job
	members [][]int32 // by job: the pairs of the families it holds
	pot     []int64
	dist    []int64
	prevN   []int32 // the node a node was reached from
	prevP   []int32 // the pair of that arc, -1 for an arc to T
	seen    []uint32
	done    []uint32
	epoch   uint32
	settled []int32
	order   []int32 // families in the order they are inserted
	heap    distHeap
}

func newFlow(in *instance) *flow {
	n, m := len(in.cands), len(in.jobs)
	nn := n + m + 1
	return &flow{in: in, n: n, m: m, at: make([]int32, n), load: make([]int32, m), members: make([][]int32, m),
		pot: make([]int64, nn), dist: make([]int64, nn), prevN: make([]int32, nn), prevP: make([]int32, nn),
		seen: make([]uint32, nn), done: make([]uint32, nn)}
}

// solve returns the best total weight under w (pairs of weight <= 0 are
// not used), leaving each family's pair in at.
func (fl *flow) solve(w []int64) int64 {
	in := fl.in
	fl.w = w
	for i := range fl.at {
		fl.at[i] = -2
	}
	clear(fl.load)
	for k := range fl.members {
		fl.members[k] = fl.members[k][:0]
	}
	clear(fl.pot)
	T := int32(fl.n + fl.m)
	total := int64(0)
	if fl.order == nil {
		// Families with the best pairs first: the later ones then
		// mostly find their way to none or a free vacancy at once.
		fl.order = make([]int32, fl.n)
		top := make([]int32, fl.n)
		for f := range fl.order {
			fl.order[f] = int32(f)
			for p := in.famStart[f]; p < in.famStart[f+1]; p++ {
				top[f] = max(top[f], in.val[p])
			}
		}
		slices.SortStableFunc(fl.order, func(a, b int32) int { return cmp.Compare(top[b], top[a]) })
	}
	for _, f := range fl.order {
		// A family with no usable pair takes none.
		any := false
		pf := int64(fl.pot[T])
		for p := in.famStart[f]; p < in.famStart[f+1]; p++ {
			if w[p] > 0 {
				any = true
				pf = max(pf, fl.pot[int32(fl.n)+in.pairJob[p]]+w[p])
			}
		}
		if !any {
			fl.at[f] = -1
			continue
		}
		fl.pot[f] = pf
		total -= fl.dijkstra(int32(f), T)
	}
	return total
}

// dijkstra finds the cheapest augmenting path from family s to T, applies
// it and returns its cost (the change of the total cost, negative).
func (fl *flow) dijkstra(s, T int32) int64 {
	in := fl.in
	fl.epoch++
	ep := fl.epoch
	fl.settled = fl.settled[:0]
	fl.heap = fl.heap[:0]
	fl.dist[s], fl.seen[s], fl.prevN[s] = 0, ep, -1
	fl.heap.push(0, s)
	relax := func(u, v int32, p int32, d int64) {
		if fl.seen[v] != ep || d < fl.dist[v] {
			fl.seen[v], fl.dist[v], fl.prevN[v], fl.prevP[v] = ep, d, u, p
			fl.heap.push(d, v)
		}
	}
	n := int32(fl.n)
	for len(fl.heap) > 0 {
		d, u := fl.heap.pop()
		if fl.done[u] == ep || d > fl.dist[u] {
			continue
		}
		fl.done[u] = ep
		if u == T {
			break
		}
		fl.settled = append(fl.settled, u)
		if u < n {
			f := u
			for p := in.famStart[f]; p < in.famStart[f+1]; p++ {
				if fl.w[p] <= 0 || p == fl.at[f] {
					continue
				}
				j := n + in.pairJob[p]
				relax(u, j, p, d-fl.w[p]+fl.pot[u]-fl.pot[j])
			}
			if fl.at[f] != -1 {
				relax(u, T, -1, d+fl.pot[u]-fl.pot[T])
			}
		} else {
			k := u - n
			for _, q := range fl.members[k] {
				f := in.pairFam[q]
				relax(u, f, q, d+fl.w[q]+fl.pot[u]-fl.pot[f])
			}
			if fl.load[k] < in.cap[k] {
				relax(u, T, -1, d+fl.pot[u]-fl.pot[T])
			}
		}
	}
	D := fl.dist[T]
	for _, v := range fl.settled {
		fl.pot[v] += fl.dist[v] - D
	}
	// The path's cost in original costs.
	cost := int64(0)
	v := T
	for v != s {
		u, p := fl.prevN[v], fl.prevP[v]
		switch {
		case v == T && u < n: // family u takes no job
			fl.at[u] = -1
		case v == T: // job u takes one more family
			fl.load[u-n]++
		case v >= n: // family u takes job v by pair p
			fl.at[u] = p
			fl.members[v-n] = append(fl.members[v-n], p)
			cost -= fl.w[p]
		default: // family v leaves job u (pair p)
			ms := fl.members[u-n]
			for i, q := range ms {
				if q == p {
					ms[i] = ms[len(ms)-1]
					fl.members[u-n] = ms[:len(ms)-1]
					break
				}
			}
			cost += fl.w[p]
		}
		v = u
	}
	return cost
}

// distHeap is a binary min-heap of (distance, node).
type distHeap []heapItem

type heapItem struct {
	d int64
	v int32
}

func (h *distHeap) push(d int64, v int32) {
	*h = append(*h, heapItem{d, v})
	a := *h
	i := len(a) - 1
	for i > 0 {
		j := (i - 1) / 2
		if a[j].d <= a[i].d {
			break
		}
		a[i], a[j] = a[j], a[i]
		i = j
	}
}

func (h *distHeap) pop() (int64, int32) {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(a) {
			break
		}
		if r := l + 1; r < len(a) && a[r].d < a[l].d {
			l = r
		}
		if a[i].d <= a[l].d {
			break
		}
		a[i], a[l] = a[l], a[i]
		i = l
	}
	*h = a
	return top.d, top.v
}

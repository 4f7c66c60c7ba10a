package senderos

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestAssignSparseMatchesBruteForce checks the sparse assignment against
// every way to give each row one of its edges or none.
func TestAssignSparseMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 3))
	for n := range 2000 {
		nf, nh := 1+r.IntN(6), 1+r.IntN(6)
		rows := make([][]edge, nh)
		for h := range rows {
			for f := range nf {
				if r.IntN(3) > 0 {
					rows[h] = append(rows[h], edge{int32(f), int32(f), -int64(1 + r.IntN(50))})
				}
			}
		}
		match, ok := assignSparse(nf, rows, time.Now().Add(time.Minute))
		if !ok {
			t.Fatal("deadline")
		}
		got := int64(0)
		usedF := map[int32]bool{}
		for h, e := range match {
			if e >= 0 {
				if usedF[rows[h][e].f] {
					t.Fatalf("instance %d: family %d twice", n, rows[h][e].f)
				}
				usedF[rows[h][e].f] = true
				got += rows[h][e].c
			}
		}
		best := int64(0)
		used := make([]bool, nf)
		var walk func(h int, sum int64)
		walk = func(h int, sum int64) {
			if h == nh {
				best = min(best, sum)
				return
			}
			walk(h+1, sum)
			for _, e := range rows[h] {
				if !used[e.f] {
					used[e.f] = true
					walk(h+1, sum+e.c)
					used[e.f] = false
				}
			}
		}
		walk(0, 0)
		if got != best {
			t.Fatalf("instance %d: cost %d, brute force %d", n, got, best)
		}
	}
}

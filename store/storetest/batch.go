package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/cepaim/senderos"
)

// The stores commit concurrent submissions together (group commit). These
// tests send many at once, so that they share transactions, and check that
// each caller still gets exactly what a lone call would.

func testBatchedCallersAllDurable(t *testing.T, open Open) {
	const n = 64
	ctx, svc := context.Background(), open(t)

	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		subs  [n]*senderos.Submission
		errs  [n]error
	)
	for i := range n {
		subs[i] = NewInterest()
		subs[i].Interest.City = fmt.Sprintf("Ciudad %d", i)
		wg.Go(func() {
			<-start
			_, errs[i] = svc.CreateSubmission(ctx, subs[i])
			if errs[i] != nil {
				return
			}
			// Answered only once committed: another connection
			// sees the row at once.
			got, err := svc.FindSubmissionByReference(ctx, subs[i].Reference)
			if err != nil {
				errs[i] = fmt.Errorf("find %s right after creating it: %w", subs[i].Reference, err)
			} else if got.ID != subs[i].ID || got.Interest.City != subs[i].Interest.City {
				errs[i] = fmt.Errorf("%s holds id %d from %s, want id %d from %s", subs[i].Reference,
					got.ID, got.Interest.City, subs[i].ID, subs[i].Interest.City)
			}
		})
	}
	close(start)
	wg.Wait()

	ids := map[int64]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Errorf("call %d: %v", i, errs[i])
		} else if ids[subs[i].ID] {
			t.Errorf("call %d got id %d, given before", i, subs[i].ID)
		}
		ids[subs[i].ID] = true
	}
	MustCount(t, svc, senderos.SubmissionFilter{}, n)
}

func testCancelledCallerDoesNotBreakBatch(t *testing.T, open Open) {
	const n = 32
	ctx, svc := context.Background(), open(t)
	cancelled, cancel := context.WithCancel(ctx)

	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		subs  [n]*senderos.Submission
		errs  [n]error
	)
	for i := range n {
		subs[i] = NewInterest()
		wg.Go(func() {
			<-start
			if i%2 == 1 {
				_, errs[i] = svc.CreateSubmission(cancelled, subs[i])
			} else {
				_, errs[i] = svc.CreateSubmission(ctx, subs[i])
			}
		})
	}
	close(start)
	cancel() // while the calls are queued or being committed
	wg.Wait()

	stored := 0
	for i := range n {
		switch {
		case errs[i] == nil:
			stored++
			if _, err := svc.FindSubmissionByReference(ctx, subs[i].Reference); err != nil {
				t.Errorf("call %d reported %s: %v", i, subs[i].Reference, err)
			}
		case i%2 == 0:
			t.Errorf("call %d, not cancelled: %v", i, errs[i])
		case !errors.Is(errs[i], context.Canceled):
			t.Errorf("cancelled call %d: error = %v, want %v", i, errs[i], context.Canceled)
		case subs[i].Reference != "" || subs[i].ID != 0:
			t.Errorf("cancelled call %d left reference %q, id %d", i, subs[i].Reference, subs[i].ID)
		}
	}

	// A cancelled call may still have been committed, like a single
	// write whose context ends as the database commits it, but nothing
	// else is stored.
	subsNow, err := svc.FindSubmissions(ctx, senderos.SubmissionFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(subsNow) < stored || len(subsNow) > n {
		t.Errorf("%d submissions stored, want between %d and %d", len(subsNow), stored, n)
	}
}

func testIdempotencyKeyTwiceInOneBatch(t *testing.T, open Open) {
	const keys, each = 8, 4
	ctx, svc := context.Background(), open(t)

	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		subs    [keys][each]*senderos.Submission
		created [keys][each]bool
		errs    [keys][each]error
	)
	for k := range keys {
		for i := range each {
			subs[k][i] = NewInterest()
			subs[k][i].IdempotencyKey = fmt.Sprintf("key-%d", k)
			subs[k][i].Interest.Skills = fmt.Sprintf("call %d", i)
			wg.Go(func() {
				<-start
				created[k][i], errs[k][i] = svc.CreateSubmission(ctx, subs[k][i])
			})
		}
	}
	close(start)
	wg.Wait()

	for k := range keys {
		creators := 0
		for i := range each {
			if errs[k][i] != nil {
				t.Fatalf("key %d, call %d: %v", k, i, errs[k][i])
			}
			if created[k][i] {
				creators++
			}
			if s, first := subs[k][i], subs[k][0]; s.ID != first.ID || s.Reference != first.Reference ||
				s.Interest.Skills != first.Interest.Skills {
				t.Errorf("key %d: call %d got %s (id %d, %q), call 0 got %s (id %d, %q)", k,
					i, s.Reference, s.ID, s.Interest.Skills, first.Reference, first.ID, first.Interest.Skills)
			}
		}
		if creators != 1 {
			t.Errorf("key %d: %d calls reported created, want 1", k, creators)
		}
	}
	MustCount(t, svc, senderos.SubmissionFilter{}, keys)
}

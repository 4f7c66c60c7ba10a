package batch

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// recorder is a commit function that records the groups it is given and,
// while held, waits to be released before committing, so that tests can
// queue calls behind a commit in progress.
type recorder struct {
	mu      sync.Mutex
	groups  [][]int
	err     error         // returned for every group
	held    chan struct{} // receives once per commit while holding
	release chan struct{} // closed to let held commits finish
}

// newRecorder returns a recorder whose commits wait for release.
func newRecorder() *recorder {
	return &recorder{held: make(chan struct{}, 100), release: make(chan struct{})}
}

func (r *recorder) commit(items []int) error {
	r.held <- struct{}{}
	<-r.release
	r.mu.Lock()
	defer r.mu.Unlock()
	r.groups = append(r.groups, slices.Clone(items))
	return r.err
}

// Groups returns the groups committed so far.
func (r *recorder) Groups() [][]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.groups)
}

// mustNew returns a Committer on commit, closed when tb ends.
func mustNew(tb testing.TB, max int, commit func([]int) error) *Committer[int] {
	tb.Helper()
	c := New(max, commit)
	tb.Cleanup(c.Close)
	return c
}

// waitQueued waits until n calls are queued behind the commit in progress.
func waitQueued(c *Committer[int], n int) {
	for len(c.queue) < n {
		runtime.Gosched()
	}
}

// doAll calls c.Do for each item from its own goroutine and returns a
// channel of their errors.
func doAll(ctx context.Context, c *Committer[int], items ...int) <-chan error {
	errs := make(chan error, len(items))
	for _, item := range items {
		go func() { errs <- c.Do(ctx, item) }()
	}
	return errs
}

// mustSucceed waits for n results from errs and fails tb on any error.
func mustSucceed(tb testing.TB, errs <-chan error, n int) {
	tb.Helper()
	for range n {
		if err := <-errs; err != nil {
			tb.Errorf("Do: %v", err)
		}
	}
}

func TestCommitter(t *testing.T) {
	t.Run("LoneCallIsCommittedAlone", func(t *testing.T) {
		r := newRecorder()
		close(r.release)
		c := mustNew(t, 8, r.commit)
		if err := c.Do(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
		if got := r.Groups(); !slices.EqualFunc(got, [][]int{{1}}, slices.Equal) {
			t.Errorf("groups = %v, want [[1]]", got)
		}
	})

	t.Run("GroupsCallsThatArriveDuringACommit", func(t *testing.T) {
		r := newRecorder()
		c := mustNew(t, 8, r.commit)
		first := doAll(context.Background(), c, 0)
		<-r.held
		rest := doAll(context.Background(), c, 1, 2, 3, 4, 5)
		waitQueued(c, 5)
		close(r.release)
		mustSucceed(t, first, 1)
		mustSucceed(t, rest, 5)

		groups := r.Groups()
		if len(groups) != 2 || len(groups[1]) != 5 {
			t.Fatalf("groups = %v, want [0] then the other five together", groups)
		}
		slices.Sort(groups[1])
		if !slices.Equal(groups[1], []int{1, 2, 3, 4, 5}) {
			t.Errorf("second group = %v, want 1 to 5", groups[1])
		}
	})

	t.Run("GroupsAreAtMostMax", func(t *testing.T) {
		r := newRecorder()
		c := mustNew(t, 3, r.commit)
		first := doAll(context.Background(), c, 0)
		<-r.held
		rest := doAll(context.Background(), c, 1, 2, 3, 4, 5, 6, 7)
		waitQueued(c, 3) // the queue holds max; the others wait to send
		close(r.release)
		mustSucceed(t, first, 1)
		mustSucceed(t, rest, 7)

		var all []int
		for _, g := range r.Groups() {
			if len(g) > 3 {
				t.Errorf("group %v has more than 3 items", g)
			}
			all = append(all, g...)
		}
		slices.Sort(all)
		if !slices.Equal(all, []int{0, 1, 2, 3, 4, 5, 6, 7}) {
			t.Errorf("committed %v, want 0 to 7 once each", all)
		}
	})

	t.Run("CommitErrorFailsEveryCallerOfItsGroup", func(t *testing.T) {
		r := newRecorder()
		r.err = errors.New("disk full")
		c := mustNew(t, 8, r.commit)
		first := doAll(context.Background(), c, 0)
		<-r.held
		rest := doAll(context.Background(), c, 1, 2, 3)
		waitQueued(c, 3)
		close(r.release)
		for range 4 {
			select {
			case err := <-first:
				if !errors.Is(err, r.err) {
					t.Errorf("Do = %v, want %v", err, r.err)
				}
			case err := <-rest:
				if !errors.Is(err, r.err) {
					t.Errorf("Do = %v, want %v", err, r.err)
				}
			}
		}
	})

	t.Run("CancelledCallerIsLeftOut", func(t *testing.T) {
		r := newRecorder()
		c := mustNew(t, 8, r.commit)
		first := doAll(context.Background(), c, 0)
		<-r.held

		ctx, cancel := context.WithCancel(context.Background())
		cancelled := doAll(ctx, c, 1)
		waitQueued(c, 1)
		rest := doAll(context.Background(), c, 2, 3)
		waitQueued(c, 3)
		cancel()
		if err := <-cancelled; !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled Do = %v, want %v", err, context.Canceled)
		}

		close(r.release)
		mustSucceed(t, first, 1)
		mustSucceed(t, rest, 2)
		groups := r.Groups()
		if len(groups) != 2 {
			t.Fatalf("groups = %v, want two", groups)
		}
		slices.Sort(groups[1])
		if !slices.Equal(groups[1], []int{2, 3}) {
			t.Errorf("second group = %v, want [2 3] without the cancelled 1", groups[1])
		}
	})

	t.Run("CloseCommitsQueuedCalls", func(t *testing.T) {
		r := newRecorder()
		c := New(8, r.commit)
		first := doAll(context.Background(), c, 0)
		<-r.held
		rest := doAll(context.Background(), c, 1, 2, 3)
		waitQueued(c, 3)

		closed := make(chan struct{})
		go func() {
			c.Close()
			close(closed)
		}()
		close(r.release)
		mustSucceed(t, first, 1)
		mustSucceed(t, rest, 3)
		<-closed
		if n := len(r.Groups()); n != 2 {
			t.Errorf("%d groups committed, want 2", n)
		}

		if err := c.Do(context.Background(), 4); !errors.Is(err, ErrClosed) {
			t.Errorf("Do after Close = %v, want %v", err, ErrClosed)
		}
		c.Close() // a second Close returns too
	})
}

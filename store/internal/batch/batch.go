// Package batch implements group commit for the stores: writes that arrive
// while a transaction is being committed wait for it, then go together in the
// next one, so that many writes share one durable commit (one fsync) instead
// of each paying for its own. It knows no database: a store gives it the
// function that writes a group of items in one transaction.
package batch

import (
	"context"
	"errors"
	"sync"
)

// ErrClosed is returned by Do once Close has been called.
var ErrClosed = errors.New("batch: closed")

// Committer hands the items passed to Do, from any number of goroutines, to
// its commit function in groups, one group at a time, from a single writer
// goroutine. The writer takes the first item waiting and whatever others are
// already queued, up to a maximum, without waiting for more: a lone item is
// committed at once, and under load the groups grow by themselves while each
// commit is in progress.
type Committer[T any] struct {
	commit func(items []T) error
	max    int

	queue chan request[T]
	done  chan struct{} // closed when the writer has stopped

	mu     sync.RWMutex // held for reading while sending to queue
	closed bool
}

// request is one call to Do waiting for its group's commit.
type request[T any] struct {
	ctx    context.Context
	item   T
	answer chan error // buffered, so the writer never waits for a caller
}

// New returns a Committer that commits up to max items at a time with
// commit, and starts its writer. commit is called from a single goroutine,
// never concurrently; it must write every item in one transaction and
// return nil only once that transaction is durable. It records what
// happened to each item in the item itself (an item may fail on its own,
// say a duplicate, without failing the others); an error it returns means
// the transaction was not committed, and every item of the group fails
// with it.
func New[T any](max int, commit func(items []T) error) *Committer[T] {
	c := &Committer[T]{
		commit: commit,
		max:    max,
		queue:  make(chan request[T], max),
		done:   make(chan struct{}),
	}
	go c.write()
	return c
}

// Do queues item for the next group and returns when that group's commit
// has returned: nil if it committed, its error otherwise. Only then may
// the caller read what commit recorded in item.
//
// If ctx ends first, Do returns ctx's error at once and the item is left
// to the writer: it is skipped if its group has not begun, and may be
// committed otherwise, like a single write whose context ends while the
// database commits it. The caller must then not read item again.
func (c *Committer[T]) Do(ctx context.Context, item T) error {
	r := request[T]{ctx: ctx, item: item, answer: make(chan error, 1)}
	if err := c.enqueue(r); err != nil {
		return err
	}
	select {
	case err := <-r.answer:
		return err
	case <-ctx.Done():
		select {
		case err := <-r.answer: // answered meanwhile: that is the truth
			return err
		default:
			return ctx.Err()
		}
	}
}

// enqueue adds r to the queue unless c is closed or ctx ends first.
func (c *Committer[T]) enqueue(r request[T]) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return ErrClosed
	}
	select {
	case c.queue <- r:
		return nil
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
}

// Close stops taking items, commits those already queued, and returns once
// the writer has stopped. It may be called more than once.
func (c *Committer[T]) Close() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.queue) // no sender is in enqueue: they hold mu for reading
	}
	c.mu.Unlock()
	<-c.done
}

// write is the writer goroutine: it commits groups until the queue is
// closed and empty.
func (c *Committer[T]) write() {
	defer close(c.done)
	group := make([]request[T], 0, c.max)
	items := make([]T, 0, c.max)
	for first := range c.queue {
		group = append(group[:0], first)
		group = c.gather(group)

		// Skip the items whose callers have gone before the
		// transaction begins; the others go in it.
		live := group[:0]
		items = items[:0]
		for _, r := range group {
			if err := r.ctx.Err(); err != nil {
				r.answer <- err
				continue
			}
			live = append(live, r)
			items = append(items, r.item)
		}
		if len(live) == 0 {
			continue
		}
		err := c.commit(items)
		for _, r := range live {
			r.answer <- err
		}
		clear(items) // let the items of answered callers be collected
		clear(group)
	}
}

// gather appends to group the requests already queued, up to c.max in all,
// without waiting for more.
func (c *Committer[T]) gather(group []request[T]) []request[T] {
	for len(group) < c.max {
		select {
		case r, ok := <-c.queue:
			if !ok {
				return group
			}
			group = append(group, r)
		default:
			return group
		}
	}
	return group
}

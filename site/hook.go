package site

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// hookTimeout bounds a build hook call when neither the context nor the
// client sets a shorter one.
const hookTimeout = 15 * time.Second

// BuildHook asks a hosting service to rebuild the site, e.g. a Netlify
// build hook after a municipality profile is published: the build then
// reads the published profiles from the API.
type BuildHook struct {
	// URL is the hook's secret address; it is never put in an error.
	URL string
	// Client sends the request; nil uses http.DefaultClient.
	Client *http.Client
}

// Trigger POSTs an empty body to the hook. A response other than 2xx is
// an error.
func (h *BuildHook) Trigger(ctx context.Context) error {
	u, err := url.Parse(h.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("site: the build hook is not an absolute http(s) URL")
	}
	ctx, cancel := context.WithTimeout(ctx, hookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, http.NoBody)
	if err != nil {
		return fmt.Errorf("site: build hook: %w", err)
	}
	client := h.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		// A *url.Error repeats the URL, which holds the hook's secret.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("site: build hook at %s: %w", u.Host, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("site: build hook at %s answered %s", u.Host, resp.Status)
	}
	return nil
}

// Backoff says how a failed rebuild is tried again: after First, then
// twice as long each time, at most Max, Attempts times in all. Zero fields
// take the defaults: 10 seconds, 2 minutes, 6 attempts (about five minutes
// in all, enough for a hosting service's short outage).
type Backoff struct {
	First, Max time.Duration
	Attempts   int
}

func (b Backoff) withDefaults() Backoff {
	if b.First <= 0 {
		b.First = 10 * time.Second
	}
	if b.Max < b.First {
		b.Max = max(b.First, 2*time.Minute)
	}
	if b.Attempts <= 0 {
		b.Attempts = 6
	}
	return b
}

// Retry calls try until it succeeds, ctx ends or b.Attempts attempts have
// failed, waiting between attempts as b says. After each failed attempt it
// calls failed, if not nil, with the attempt's number (from 1), its error
// and the wait before the next one (0 after the last). It returns how many
// attempts it made and the last one's error.
func (b Backoff) Retry(ctx context.Context, try func(context.Context) error, failed func(attempt int, err error, wait time.Duration)) (int, error) {
	b = b.withDefaults()
	wait := b.First
	for attempt := 1; ; attempt++ {
		err := try(ctx)
		if err == nil {
			return attempt, nil
		}
		if attempt == b.Attempts || ctx.Err() != nil {
			if failed != nil {
				failed(attempt, err, 0)
			}
			return attempt, err
		}
		if failed != nil {
			failed(attempt, err, wait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return attempt, fmt.Errorf("%w (stopped before attempt %d: %w)", err, attempt+1, ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, b.Max)
	}
}

// Rebuilder rebuilds the site after publications, one rebuild at a time:
// the publications made while one runs make one more after it, which reads
// them all. A failed rebuild is retried as Backoff says, and its outcome
// reported.
type Rebuilder struct {
	// Build rebuilds once: the local build, or a call to a build hook.
	Build   func(ctx context.Context) error
	Backoff Backoff
	// Failed, if not nil, is called after each failed attempt, with the
	// wait before the next one (0 after the last).
	Failed func(attempt int, err error, wait time.Duration)
	// Report, if not nil, is called with each rebuild's outcome: the
	// attempts it took, and the last error, nil once it succeeded.
	Report func(attempts int, err error)

	once sync.Once
	wake chan struct{}
}

func (r *Rebuilder) init() { r.once.Do(func() { r.wake = make(chan struct{}, 1) }) }

// Wake asks for a rebuild, without waiting for it.
func (r *Rebuilder) Wake() {
	r.init()
	select {
	case r.wake <- struct{}{}:
	default: // one is pending already, and will read this publication too
	}
}

// Run rebuilds after each Wake until ctx ends.
func (r *Rebuilder) Run(ctx context.Context) {
	r.init()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		}
		attempts, err := r.Backoff.Retry(ctx, r.Build, r.Failed)
		if r.Report != nil {
			r.Report(attempts, err)
		}
	}
}

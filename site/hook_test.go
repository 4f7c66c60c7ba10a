package site_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos/site"
)

func TestBuildHook(t *testing.T) {
	var mu sync.Mutex
	var got []string
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.Method+" "+r.URL.Path+" "+string(body))
		s := status
		mu.Unlock()
		w.WriteHeader(s)
	}))
	defer srv.Close()
	const secret = "/build_hooks/5f3a9c-secret-id"

	t.Run("PostsEmptyBody", func(t *testing.T) {
		h := &site.BuildHook{URL: srv.URL + secret}
		if err := h.Trigger(context.Background()); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(got) != 1 || got[0] != "POST "+secret+" " {
			t.Errorf("requests %q, want one empty POST to the hook", got)
		}
	})
	t.Run("ErrOnNon2xx", func(t *testing.T) {
		mu.Lock()
		status = http.StatusNotFound
		mu.Unlock()
		err := (&site.BuildHook{URL: srv.URL + secret, Client: srv.Client()}).Trigger(context.Background())
		if err == nil || !strings.Contains(err.Error(), "404") {
			t.Fatalf("error %v, want one naming the 404", err)
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("error %q repeats the hook's secret path", err)
		}
	})
	t.Run("ErrWhenUnreachable", func(t *testing.T) {
		closed := httptest.NewServer(http.NotFoundHandler())
		url := closed.URL + secret
		closed.Close()
		err := (&site.BuildHook{URL: url}).Trigger(context.Background())
		if err == nil {
			t.Fatal("no error with nobody listening")
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("error %q repeats the hook's secret path", err)
		}
	})
	t.Run("ErrWhenCanceled", func(t *testing.T) {
		block := make(chan struct{})
		slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-block:
			case <-r.Context().Done():
			}
		}))
		defer slow.Close()
		defer close(block)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := (&site.BuildHook{URL: slow.URL}).Trigger(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
	})
	t.Run("ErrBadURL", func(t *testing.T) {
		for _, u := range []string{"", "/relative", "ftp://host/x"} {
			if err := (&site.BuildHook{URL: u}).Trigger(context.Background()); err == nil {
				t.Errorf("%q: no error", u)
			}
		}
	})
}

// flakyHook is a build hook that answers 503 to its first failures calls.
type flakyHook struct {
	mu       sync.Mutex
	failures int
	calls    int
}

func (f *flakyHook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.calls <= f.failures {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

func (f *flakyHook) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func TestBackoffRetry(t *testing.T) {
	type failure struct {
		attempt int
		wait    time.Duration
	}
	run := func(t *testing.T, failures int, b site.Backoff, ctx context.Context) (int, error, []failure) {
		t.Helper()
		hook := &flakyHook{failures: failures}
		srv := httptest.NewServer(hook)
		t.Cleanup(srv.Close)
		var got []failure
		attempts, err := b.Retry(ctx, (&site.BuildHook{URL: srv.URL + "/hook"}).Trigger, func(attempt int, err error, wait time.Duration) {
			if !strings.Contains(err.Error(), "503") {
				t.Errorf("attempt %d: error %v, want the hook's 503", attempt, err)
			}
			got = append(got, failure{attempt, wait})
		})
		if hook.Calls() != attempts {
			t.Errorf("the hook was called %d times, Retry says %d", hook.Calls(), attempts)
		}
		return attempts, err, got
	}
	ms := time.Millisecond

	t.Run("RetriesFailuresWithDoublingWaits", func(t *testing.T) {
		attempts, err, failures := run(t, 2, site.Backoff{First: ms, Max: time.Second, Attempts: 5}, context.Background())
		if err != nil || attempts != 3 {
			t.Errorf("attempts %d, error %v; want success at the third", attempts, err)
		}
		if want := []failure{{1, ms}, {2, 2 * ms}}; !slices.Equal(failures, want) {
			t.Errorf("failures %v, want %v", failures, want)
		}
	})
	t.Run("WaitsAtMostMax", func(t *testing.T) {
		_, err, failures := run(t, 10, site.Backoff{First: ms, Max: 3 * ms, Attempts: 5}, context.Background())
		if err == nil {
			t.Fatal("no error after every attempt failed")
		}
		if want := []failure{{1, ms}, {2, 2 * ms}, {3, 3 * ms}, {4, 3 * ms}, {5, 0}}; !slices.Equal(failures, want) {
			t.Errorf("failures %v, want %v", failures, want)
		}
	})
	t.Run("GivesUpAfterAttempts", func(t *testing.T) {
		attempts, err, failures := run(t, 10, site.Backoff{First: ms, Attempts: 3}, context.Background())
		if attempts != 3 || err == nil || !strings.Contains(err.Error(), "503") {
			t.Errorf("attempts %d, error %v; want 3 and the hook's 503", attempts, err)
		}
		if len(failures) != 3 || failures[2].wait != 0 {
			t.Errorf("failures %v, want the last one without a wait", failures)
		}
	})
	t.Run("StopsWhenContextEnds", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		hook := &flakyHook{failures: 10}
		srv := httptest.NewServer(hook)
		defer srv.Close()
		attempts, err := site.Backoff{First: time.Hour, Attempts: 5}.Retry(ctx, (&site.BuildHook{URL: srv.URL}).Trigger,
			func(int, error, time.Duration) { cancel() })
		if attempts != 1 || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "503") {
			t.Errorf("attempts %d, error %v; want one, the 503 and context.Canceled", attempts, err)
		}
	})
}

func TestRebuilder(t *testing.T) {
	t.Run("PublicationsDuringABuildMakeOneMore", func(t *testing.T) {
		started, release := make(chan struct{}, 10), make(chan struct{})
		var mu sync.Mutex
		var builds int
		var reports []error
		done := make(chan struct{}, 10)
		r := &site.Rebuilder{
			Build: func(ctx context.Context) error {
				started <- struct{}{}
				<-release
				mu.Lock()
				builds++
				mu.Unlock()
				return nil
			},
			Report: func(attempts int, err error) {
				mu.Lock()
				reports = append(reports, err)
				mu.Unlock()
				done <- struct{}{}
			},
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go r.Run(ctx)
		r.Wake()
		<-started
		for range 5 {
			r.Wake()
		}
		release <- struct{}{}
		<-done
		<-started // the one more
		release <- struct{}{}
		<-done
		select {
		case <-started:
			t.Error("a third build for publications the second one read")
		case <-time.After(50 * time.Millisecond):
		}
		mu.Lock()
		defer mu.Unlock()
		if builds != 2 || len(reports) != 2 || reports[0] != nil || reports[1] != nil {
			t.Errorf("%d builds, reports %v; want 2 successful", builds, reports)
		}
	})
	t.Run("ReportsAFailedHookAfterRetries", func(t *testing.T) {
		hook := &flakyHook{failures: 100}
		srv := httptest.NewServer(hook)
		defer srv.Close()
		type report struct {
			attempts int
			err      error
		}
		reports := make(chan report, 1)
		r := &site.Rebuilder{
			Build:   (&site.BuildHook{URL: srv.URL}).Trigger,
			Backoff: site.Backoff{First: time.Millisecond, Attempts: 4},
			Report:  func(attempts int, err error) { reports <- report{attempts, err} },
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go r.Run(ctx)
		r.Wake()
		got := <-reports
		if got.attempts != 4 || got.err == nil || hook.Calls() != 4 {
			t.Errorf("report %+v after %d calls; want 4 failed attempts", got, hook.Calls())
		}
	})
}

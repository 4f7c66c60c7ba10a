package site_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

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

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startPortal runs `senderos serve` on a free port with a temporary data
// directory, as a person would, and returns its URL once it is ready.
func startPortal(t *testing.T) (string, *syncBuffer) {
	t.Helper()
	return startPortalWith(t, "--data", t.TempDir())
}

// startPortalWith runs `senderos serve` on a free port with more flags.
func startPortalWith(t *testing.T, flags ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan struct{})
	var runErr error
	go func() {
		defer close(done)
		runErr = Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--root", "../.."}, flags...), &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	ready := regexp.MustCompile(`running at (http://[0-9.:]+/)`)
	deadline := time.Now().Add(8 * time.Minute) // the first run compiles Hugo
	for time.Now().Before(deadline) {
		if m := ready.FindStringSubmatch(stdout.String()); m != nil {
			return m[1], &stderr
		}
		select {
		case <-done:
			t.Fatalf("serve stopped: %v\n%s\n%s", runErr, stdout.String(), stderr.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not become ready:\n%s", stdout.String())
	return "", nil
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

func TestServe(t *testing.T) {
	url, logs := startPortal(t)

	t.Run("ServesTheSiteInEachLanguage", func(t *testing.T) {
		for path, lang := range map[string]string{"": `lang="es-ES"`, "en/": `lang="en"`, "fr/": `lang="fr"`, "ar/": `dir="rtl"`} {
			res, body := get(t, url+path)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, lang) {
				t.Errorf("GET /%s: %d, want 200 with %s", path, res.StatusCode, lang)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
				t.Errorf("GET /%s: CSP %q", path, csp)
			}
		}
	})
	t.Run("AnswersHealth", func(t *testing.T) {
		res, body := get(t, url+"api/v1/health")
		var h struct{ Status string }
		if err := json.Unmarshal([]byte(body), &h); err != nil || res.StatusCode != http.StatusOK || h.Status != "ok" {
			t.Fatalf("health: %d %s", res.StatusCode, body)
		}
		if res.Header.Get("X-Request-Id") == "" {
			t.Error("no X-Request-Id")
		}
	})
	t.Run("UnknownAPIRouteIsJSON404", func(t *testing.T) {
		res, body := get(t, url+"api/v1/nope")
		if res.StatusCode != http.StatusNotFound || !strings.Contains(body, `"code":"not_found"`) {
			t.Fatalf("GET /api/v1/nope: %d %s", res.StatusCode, body)
		}
	})
	t.Run("MissingPageGets404InItsLanguage", func(t *testing.T) {
		for path, lang := range map[string]string{"no-such-page/": `lang="es-ES"`, "ar/no-such-page/": `lang="ar"`, "fr/x": `lang="fr"`} {
			res, body := get(t, url+path)
			if res.StatusCode != http.StatusNotFound || !strings.Contains(body, lang) {
				t.Errorf("GET /%s: %d, want 404 page with %s", path, res.StatusCode, lang)
			}
		}
	})
	t.Run("LogsCarryRequestIDs", func(t *testing.T) {
		if !strings.Contains(logs.String(), `"request_id"`) {
			t.Errorf("no request ids in the logs:\n%s", logs.String())
		}
	})
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"serve", "api", "build", "index", "atlas"} {
		var out, errOut bytes.Buffer
		err := Run(context.Background(), []string{cmd, "--help"}, &out, &errOut)
		if err == nil || !strings.Contains(errOut.String(), "Usage: senderos "+cmd) {
			t.Errorf("%s --help: %v\n%s", cmd, err, errOut.String())
		}
	}
	var out bytes.Buffer
	if err := Run(context.Background(), []string{"help"}, &out, &out); err != nil || !strings.Contains(out.String(), "serve") {
		t.Errorf("help: %v %s", err, out.String())
	}
	if err := Run(context.Background(), []string{"frobnicate"}, &out, &out); err == nil {
		t.Error("unknown command accepted")
	}
}

func TestConfigValidate(t *testing.T) {
	for name, c := range map[string]Config{
		"ErrAddrWithoutPort": {Addr: "localhost", DataDir: "d", LogLevel: "info"},
		"ErrEmptyDataDir":    {Addr: ":8080", DataDir: " ", LogLevel: "info"},
		"ErrUnknownLogLevel": {Addr: ":8080", DataDir: "d", LogLevel: "loud"},
	} {
		if err := c.Validate(); err == nil {
			t.Errorf("%s: Validate() = nil", name)
		}
	}
	ok := Config{Addr: "127.0.0.1:0", DataDir: "data", LogLevel: "warn"}
	if err := ok.Validate(); err != nil {
		t.Errorf("Validate(%+v) = %v", ok, err)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos/api"
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
	t.Run("CompressesAndCaches", func(t *testing.T) {
		for _, tc := range []struct{ path, cache string }{
			{"", "no-cache"},
			{"ar/", "no-cache"},
			{"api/v1/openapi.json", "public, max-age=3600"},
			{"api/v1/health", "no-store"},
		} {
			req, _ := http.NewRequest(http.MethodGet, url+tc.path, nil)
			// Set by hand, the client leaves the body compressed.
			req.Header.Set("Accept-Encoding", "gzip")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("GET /%s: Content-Encoding %q, Vary %q", tc.path, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
			}
			if got := res.Header.Get("Cache-Control"); got != tc.cache {
				t.Errorf("GET /%s: Cache-Control %q, want %q", tc.path, got, tc.cache)
			}
		}
		_, home := get(t, url)
		css := regexp.MustCompile(`href="?(/css/main\.min\.[0-9a-f]{64}\.css)`).FindStringSubmatch(home)
		if css == nil {
			t.Fatal("no fingerprinted stylesheet on the home page")
		}
		if res, _ := get(t, url+css[1][1:]); res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: Cache-Control %q", css[1], res.Header.Get("Cache-Control"))
		}
	})
	t.Run("AnswersFavicons", func(t *testing.T) {
		for _, path := range []string{"favicon.svg", "favicon.ico"} {
			if res, _ := get(t, url+path); res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/") {
				t.Errorf("GET /%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
			}
		}
	})
	t.Run("HealthSaysTheSiteIsServed", func(t *testing.T) {
		_, body := get(t, url+"api/v1/health")
		if !strings.Contains(body, `"site":"serving"`) {
			t.Errorf("health: %s", body)
		}
	})
	t.Run("LogsCarryRequestIDs", func(t *testing.T) {
		if !strings.Contains(logs.String(), `"request_id"`) {
			t.Errorf("no request ids in the logs:\n%s", logs.String())
		}
	})
}

// TestSiteWhileBuilding looks at the portal before its first build is done.
func TestSiteWhileBuilding(t *testing.T) {
	public := t.TempDir()
	if err := os.WriteFile(filepath.Join(public, "index.html"), []byte("<!doctype html><title>Site</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := &Main{WithSite: true}
	h := m.siteHandler(public)
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Language", "ar,fr;q=0.5")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `lang="ar"`) || rec.Header().Get("Retry-After") == "" {
		t.Errorf("while building: %d %q\n%s", rec.Code, rec.Header(), rec.Body.String())
	}
	if got := m.siteStatus(); got != api.SiteBuilding {
		t.Errorf("site status %q, want %q", got, api.SiteBuilding)
	}
	m.siteReady.Store(true)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<title>Site</title>") {
		t.Errorf("once built: %d\n%s", rec.Code, rec.Body.String())
	}
	if got := m.siteStatus(); got != api.SiteServing {
		t.Errorf("site status %q, want %q", got, api.SiteServing)
	}
}

// TestBusyPort starts serve and api on an address that is taken.
func TestBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	for _, cmd := range []string{"serve", "api"} {
		t.Run(cmd, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := Run(context.Background(), []string{cmd, "--addr", addr, "--data", t.TempDir()}, &out, &errOut)
			if err == nil {
				t.Fatal("started on a busy address")
			}
			for _, want := range []string{addr, "already in use", "--addr", "SENDEROS_ADDR"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%s: the error does not say %q: %v", cmd, want, err)
				}
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"serve", "api", "build", "index", "atlas", "vocab"} {
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

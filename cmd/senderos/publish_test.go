package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/sqldb"
)

// TestBuildHookRetried starts the portal with a build hook that fails at
// first, announces publications as the back-office does, and finds the
// hook retried and each outcome in the audit log and the logs.
func TestBuildHookRetried(t *testing.T) {
	var mu sync.Mutex
	calls, failures := 0, 2
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls <= failures {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer hook.Close()
	data := t.TempDir()
	var logs bytes.Buffer
	var logMu sync.Mutex
	m := &Main{Config: Config{Addr: "127.0.0.1:0", DataDir: data, LogLevel: "info", BuildHook: hook.URL + "/build_hooks/secret-id",
		RebuildRetry: time.Millisecond}, Out: io.Discard,
		Logger: slog.New(slog.NewJSONHandler(lockedWriter{&logMu, &logs}, nil))}
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	audit := sqldb.NewAuditService(mustOpenData(t, data))
	builds := func(want int) []*senderos.AuditEntry {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			got, err := audit.FindAudit(context.Background(), senderos.AuditFilter{Action: senderos.AuditSiteBuild})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) >= want {
				return got
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d rebuilds audited, want %d", len(got), want)
			}
		}
	}

	m.published(context.Background())
	got := builds(1)
	if e := got[0]; e.Target != "build-hook" || e.Outcome != senderos.OutcomeOK || e.Detail != "attempts=3" || e.Actor != "senderos" {
		t.Errorf("audit entry %+v, want the hook's success at the third attempt", e)
	}

	mu.Lock()
	calls, failures = 0, 100
	mu.Unlock()
	m.published(context.Background())
	got = builds(2)
	if e := got[0]; e.Outcome != senderos.OutcomeFailed || !strings.HasPrefix(e.Detail, "attempts=6: ") || !strings.Contains(e.Detail, "502") {
		t.Errorf("audit entry %+v, want the hook's failure after six attempts", e)
	}
	logMu.Lock()
	defer logMu.Unlock()
	for _, want := range []string{`"msg":"rebuild failed, will retry"`, `"msg":"rebuild gave up"`, `"retry_in_ms":`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %s:\n%s", want, logs.String())
		}
	}
	if strings.Contains(logs.String(), "secret-id") || strings.Contains(got[0].Detail, "secret-id") {
		t.Error("the hook's secret is logged or audited")
	}
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

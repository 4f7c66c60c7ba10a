package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
)

// TestKillDuringSubmissions sends submissions to `senderos api` while it is
// killed with SIGKILL, restarts it, and checks that every submission that
// got a success response is in the database.
func TestKillDuringSubmissions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real program")
	}
	bin := buildSenderos(t)
	data := t.TempDir()
	var acked []string
	var mu sync.Mutex
	for round := range 3 {
		cmd, url := startAPI(t, bin, data)
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Go(func() {
				for i := 0; ctx.Err() == nil; i++ {
					ref, ok := submit(ctx, url, fmt.Sprintf("r%d-w%d-%d", round, w, i))
					if ok {
						mu.Lock()
						acked = append(acked, ref)
						mu.Unlock()
					}
				}
			})
		}
		time.Sleep(700 * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		stop()
		wg.Wait()
	}
	if len(acked) < 50 {
		t.Fatalf("only %d submissions acknowledged: the test did not load the server", len(acked))
	}
	db, err := sqlite.Open(filepath.Join(data, "senderos.db"), mustDataKeys(t, data))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := sqldb.NewSubmissionService(db)
	for _, ref := range acked {
		if _, err := svc.FindSubmissionByReference(context.Background(), ref); err != nil {
			t.Errorf("acknowledged %s is lost: %v", ref, err)
		}
	}
	t.Logf("%d acknowledged submissions survived 3 SIGKILLs", len(acked))
}

// startAPI starts `senderos api` from bin on data, with extra flags, and
// returns once it serves.
func startAPI(t *testing.T, bin, data string, extra ...string) (*exec.Cmd, string) {
	t.Helper()
	args := append([]string{"api", "--addr", "127.0.0.1:0", "--data", data, "--rate-limit", "0", "--log-level", "warn"}, extra...)
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	ready := regexp.MustCompile(`running at (http://[0-9.:]+/)`)
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := ready.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, stdout)
			return cmd, m[1]
		}
	}
	t.Fatal("senderos api did not start")
	return nil, ""
}

// buildSenderos builds the program for t and returns its path.
func buildSenderos(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "senderos")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// submit sends one family form and returns its reference when it was
// acknowledged with 201.
func submit(ctx context.Context, url, city string) (string, bool) {
	body, _ := json.Marshal(map[string]any{
		"lang": "es", "adults": 1, "languages": []string{"es"}, "spanish_level": "fluent", "city": "Ciudad " + city,
		"province_code": "28", "regions": []string{"anywhere"}, "bedrooms": 2, "move_when": "asap",
		"name": "Persona Prueba", "email": "prueba@example.com", "contact_language": "es", "channel": "email",
		"consent": true, "privacy_version": "2026-11",
	})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"api/v1/interest", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", false
	}
	defer res.Body.Close()
	var out struct{ Reference string }
	if res.StatusCode != http.StatusCreated || json.NewDecoder(res.Body).Decode(&out) != nil {
		return "", false
	}
	return out.Reference, true
}

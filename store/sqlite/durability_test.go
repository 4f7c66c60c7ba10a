package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

// helperDBEnv names the database file TestHelperProcess writes to; the
// test only runs as a child process started by TestDurability.
const helperDBEnv = "SENDEROS_TEST_HELPER_DB"

// TestDurability kills a writing process with SIGKILL and checks that every
// reference it reported, which the API would have shown a person, is in the
// database when it is opened again.
func TestDurability(t *testing.T) {
	t.Run("KilledWriterLosesNoReportedRow", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "senderos.db")
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), helperDBEnv+"="+path)
		cmd.Stderr = os.Stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill() }) // in case the test fails early

		// Kill the child mid-stream, then read whatever it reported
		// before it died: those references were returned by
		// CreateSubmission too.
		const killAfter = 200
		var refs []string
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			refs = append(refs, scanner.Text())
			if len(refs) == killAfter {
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := scanner.Err(); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Wait(); cmd.ProcessState.Exited() {
			t.Fatalf("helper process ended by itself (%v) instead of being killed", err)
		}
		if len(refs) < killAfter {
			t.Fatalf("helper reported %d references before dying, want at least %d", len(refs), killAfter)
		}

		svc := sqldb.NewSubmissionService(MustOpenDBAt(t, path))
		for _, ref := range refs {
			if _, err := svc.FindSubmissionByReference(context.Background(), ref); err != nil {
				t.Errorf("reported %s: %v", ref, err)
			}
		}
		t.Logf("all %d reported references survived SIGKILL", len(refs))
	})
}

// TestHelperProcess is the writer TestDurability kills: several goroutines
// create submissions and print each reference once CreateSubmission has
// returned, until the process is killed.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(helperDBEnv)
	if path == "" {
		t.Skip("run by TestDurability as a child process")
	}
	db, err := Open(path, storetest.Keys())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	svc := sqldb.NewSubmissionService(db)

	var mu sync.Mutex
	deadline := time.Now().Add(time.Minute) // never outlive a broken parent
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				s := newInterest()
				if _, err := svc.CreateSubmission(context.Background(), s); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
				mu.Lock()
				fmt.Fprintln(os.Stdout, s.Reference) // os.Stdout is unbuffered
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	os.Exit(0)
}

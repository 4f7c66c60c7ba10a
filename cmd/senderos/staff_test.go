package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func TestStaffCommand(t *testing.T) {
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data") // not there yet
	run := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := Run(ctx, append([]string{"staff"}, append(args, "--data", data)...), &out, &errOut)
		return out.String() + errOut.String(), err
	}
	link := regexp.MustCompile(`https://portal\.example/staff/setup/[A-Z2-7]{26}\n`)

	t.Run("FirstAccountIsAdmin", func(t *testing.T) {
		out, err := run("add", "--email", "Ana@Cepaim.example", "--name", "Ana", "--public-url", "https://portal.example/")
		if err != nil {
			t.Fatal(err, out)
		}
		if !strings.Contains(out, "made an admin") || !strings.Contains(out, "Created admin account") || !link.MatchString(out) {
			t.Fatalf("output:\n%s", out)
		}
	})
	t.Run("SecondKeepsItsRole", func(t *testing.T) {
		out, err := run("add", "--email", "luis@cepaim.example", "--name", "Luis", "--role", "coordinator")
		if err != nil || !strings.Contains(out, "Created coordinator account") {
			t.Fatalf("%v\n%s", err, out)
		}
	})
	t.Run("ErrDuplicateEmail", func(t *testing.T) {
		out, err := run("add", "--email", "ana@cepaim.example", "--name", "Otra")
		if err == nil || !strings.Contains(err.Error(), "staff reset") {
			t.Fatalf("%v\n%s", err, out)
		}
	})
	for name, args := range map[string][]string{
		"ErrBadEmail":  {"add", "--email", "not-an-address", "--name", "X"},
		"ErrNoName":    {"add", "--email", "x@cepaim.example"},
		"ErrBadRole":   {"add", "--email", "x@cepaim.example", "--name", "X", "--role", "boss"},
		"ErrBadLang":   {"add", "--email", "x@cepaim.example", "--name", "X", "--lang", "de"},
		"ErrNoCommand": {},
	} {
		t.Run(name, func(t *testing.T) {
			if out, err := run(args...); !errors.Is(err, errUsage) {
				t.Fatalf("err = %v, want a usage error\n%s", err, out)
			}
		})
	}
	t.Run("ResetPrintsANewLink", func(t *testing.T) {
		out, err := run("reset", "--email", "ana@cepaim.example", "--public-url", "https://portal.example")
		if err != nil || !link.MatchString(out) {
			t.Fatalf("%v\n%s", err, out)
		}
	})
	t.Run("ErrResetUnknown", func(t *testing.T) {
		if out, err := run("reset", "--email", "nadie@cepaim.example"); err == nil {
			t.Fatalf("reset of an unknown account worked:\n%s", out)
		}
	})
	t.Run("ListsAccounts", func(t *testing.T) {
		out, err := run("list")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"admin", "ana@cepaim.example", "coordinator", "luis@cepaim.example", "waiting for set-up"} {
			if !strings.Contains(out, want) {
				t.Errorf("list lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("ListShowsLockedAccounts", func(t *testing.T) {
		m := &Main{Out: io.Discard}
		m.Config.DataDir = data
		svc, err := m.openStore(ctx)
		if err != nil {
			t.Fatal(err)
		}
		luis, err := svc.Staff.FindStaffByEmail(ctx, "luis@cepaim.example")
		if err != nil {
			t.Fatal(err)
		}
		for range senderos.LoginLockFrom {
			if _, err := svc.Staff.RecordLoginFailure(ctx, luis.ID, "somewhere", time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		svc.Close()
		out, err := run("list")
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`luis@cepaim\.example .*\(locked from some addresses until .*; 3 failed logins`).MatchString(out) {
			t.Errorf("list does not show Luis locked:\n%s", out)
		}
		if strings.Contains(out[:strings.Index(out, "luis")], "locked") {
			t.Errorf("list shows another account locked:\n%s", out)
		}
	})
}

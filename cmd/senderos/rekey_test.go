package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
	"github.com/cepaim/senderos/store/storetest"
)

func TestRekey(t *testing.T) {
	ctx, data := context.Background(), t.TempDir()
	db := mustOpenData(t, data) // creates data/data.key
	svc := sqldb.NewSubmissionService(db)
	subs := []string{}
	for range 3 {
		s := storetest.NewInterest()
		storetest.MustCreate(t, svc, s)
		subs = append(subs, s.Reference)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(data, dataKeyFile)
	old, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(keyPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("data.key mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}

	// Put a new key first, in a key file of its own.
	newKey := seal.Generate()
	keyFile := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(keyFile, []byte(newKey+"\n"+string(old)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "rekey", "--data", data, "--data-key-file", keyFile)
	if err != nil {
		t.Fatalf("rekey: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Re-sealing… 3/3") || !strings.Contains(out, "Re-sealed 3 value(s)") {
		t.Errorf("rekey printed:\n%s", out)
	}
	if out, err := run(t, "rekey", "--data", data, "--data-keys", newKey+","+strings.TrimSpace(lastLine(string(old)))); err != nil {
		t.Fatal(err)
	} else if !strings.Contains(out, "nothing to do") {
		t.Errorf("second rekey printed:\n%s", out)
	}

	// The old key is no longer needed.
	db, err = sqlite.Open(filepath.Join(data, "senderos.db"), storetest.MustKeys(newKey))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, ref := range subs {
		if _, err := sqldb.NewSubmissionService(db).FindSubmissionByReference(ctx, ref); err != nil {
			t.Errorf("%s with the new key only: %v", ref, err)
		}
	}

	t.Run("ErrWrongKey", func(t *testing.T) {
		if out, err := run(t, "rekey", "--data", data, "--data-keys", seal.Generate()); err == nil {
			t.Errorf("rekey with an unrelated key succeeded:\n%s", out)
		} else if strings.Contains(err.Error()+out, newKey) {
			t.Error("an error quotes a key")
		}
	})
}

// lastLine returns the last non-empty line of text.
func lastLine(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	return lines[len(lines)-1]
}

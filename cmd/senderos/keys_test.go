package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cepaim/senderos/store/seal"
)

func TestDataKeys(t *testing.T) {
	t.Run("SQLiteCreatesAKeyFileOnce", func(t *testing.T) {
		m := &Main{Out: &strings.Builder{}, Config: Config{DataDir: t.TempDir()}}
		first, err := m.dataKeys()
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(filepath.Join(m.Config.DataDir, dataKeyFile))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("key file: %v %v", fi, err)
		}
		again, err := m.dataKeys()
		if err != nil {
			t.Fatal(err)
		}
		sealed, err := first.Seal("test", []byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := again.Open("test", sealed); err != nil {
			t.Fatalf("a second start has another key: %v", err)
		}
	})
	t.Run("ErrPostgreSQLWithoutSharedKeys", func(t *testing.T) {
		m := &Main{Out: &strings.Builder{}, Config: Config{DataDir: t.TempDir(), DatabaseURL: "postgres://db.example/senderos"}}
		if _, err := m.dataKeys(); err == nil || !strings.Contains(err.Error(), "--data-keys") {
			t.Fatalf("err = %v, want one asking for the shared keys", err)
		}
		if _, err := os.Stat(filepath.Join(m.Config.DataDir, dataKeyFile)); !os.IsNotExist(err) {
			t.Fatal("a key file was made for a PostgreSQL deployment")
		}
	})
	t.Run("PostgreSQLWithKeys", func(t *testing.T) {
		m := &Main{Out: &strings.Builder{}, Config: Config{DataDir: t.TempDir(), DatabaseURL: "postgres://db.example/senderos", DataKeys: seal.Generate()}}
		if _, err := m.dataKeys(); err != nil {
			t.Fatal(err)
		}
	})
}

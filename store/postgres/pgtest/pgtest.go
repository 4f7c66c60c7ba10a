// Package pgtest gives tests a PostgreSQL database of their own: a fresh
// schema on the server named by SENDEROS_TEST_POSTGRES, dropped at the end.
// Tests of any package that run against PostgreSQL use it.
package pgtest

import (
	"context"
	"crypto/rand"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// URLEnv names the variable that points the tests at a server.
const URLEnv = "SENDEROS_TEST_POSTGRES"

// Schema creates an empty schema on the server named by
// SENDEROS_TEST_POSTGRES, dropped when tb ends, and returns a database URL
// whose search_path is that schema. It skips tb when the variable is unset.
func Schema(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(URLEnv)
	if base == "" {
		tb.Skipf("PostgreSQL tests skipped: set %s, e.g. %s='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go test ./store/...",
			URLEnv, URLEnv)
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s must be a postgres:// URL: %v", URLEnv, err)
	}

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	// Lower case letters and digits only, so that the name means the
	// same quoted (as here) or not (as in search_path).
	schema := "senderos_test_" + strings.ToLower(rand.Text()[:12])
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			tb.Error(err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			tb.Error(err)
		}
	})

	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

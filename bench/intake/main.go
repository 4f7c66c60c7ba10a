// Command intake measures the intake path: form submissions sent over
// loopback HTTP at fixed concurrency to the API backed by SQLite and by
// PostgreSQL, next to the raw rate of the same durable single-row inserts
// done directly on the same database. It prints submissions per second,
// p50/p99 latency and the ratio to the raw rate. Loopback only; each
// measurement is bounded by -duration.
//
// With -notify (the default) each submission also queues its staff
// notification in the outbox, in the same transaction.
//
//	go run ./bench/intake [-duration 10s] [-concurrency 32] [-postgres URL] [-notify=false]
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "modernc.org/sqlite"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/api"
	"github.com/cepaim/senderos/atlas"
	"github.com/cepaim/senderos/store/postgres"
	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
)

func main() {
	duration := flag.Duration("duration", 10*time.Second, "how long each measurement runs")
	concurrency := flag.Int("concurrency", 32, "clients sending at once")
	pgURL := flag.String("postgres", os.Getenv("SENDEROS_TEST_POSTGRES"), "PostgreSQL URL (a scratch schema is created and dropped); empty skips PostgreSQL")
	notify := flag.Bool("notify", true, "queue a staff notification in the outbox with each submission, as a portal that sends e-mail does")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	ctx := context.Background()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}

	fmt.Printf("intake benchmark: %d concurrent clients, %s per measurement, loopback\n\n", *concurrency, *duration)
	fmt.Printf("%-11s %-22s %10s %9s %9s\n", "backend", "path", "per second", "p50", "p99")

	dir, err := os.MkdirTemp("", "senderos-bench-")
	check(err)
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "bench.db")
	keys, err := seal.Parse(seal.Generate())
	check(err)
	db, err := sqlite.Open(path, keys)
	check(err)
	httpRate := measureHTTP(sqldb.NewSubmissionService(db), *notify, *duration, *concurrency, "sqlite")
	check(db.Close())
	raw, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)&_pragma=journal_mode(WAL)&_txlock=immediate")
	check(err)
	raw.SetMaxOpenConns(1)
	rawRate := measureRaw(func(ref string) error {
		_, err := raw.Exec(insertSQL("?"), rawArgs(ref)...)
		return err
	}, *duration, *concurrency, "sqlite")
	raw.Close()
	fmt.Printf("%-11s %-22s %10.2f\n\n", "sqlite", "ratio http/raw", httpRate/rawRate)

	if *pgURL == "" {
		fmt.Println("postgresql: skipped (set -postgres or SENDEROS_TEST_POSTGRES)")
		return
	}
	schemaURL, drop := scratchSchema(ctx, *pgURL)
	defer drop()
	pdb, err := postgres.Open(ctx, schemaURL, keys)
	check(err)
	httpRate = measureHTTP(sqldb.NewSubmissionService(pdb), *notify, *duration, *concurrency, "postgresql")
	check(pdb.Close())
	pool, err := pgxpool.New(ctx, schemaURL)
	check(err)
	rawRate = measureRaw(func(ref string) error {
		_, err := pool.Exec(ctx, insertSQL("$"), rawArgs(ref)...)
		return err
	}, *duration, *concurrency, "postgresql")
	pool.Close()
	fmt.Printf("%-11s %-22s %10.2f\n", "postgresql", "ratio http/raw", httpRate/rawRate)
}

// measureHTTP sends form submissions, as a browser without JavaScript
// does, to the API over loopback, and prints the rate and latencies.
func measureHTTP(svc senderos.SubmissionService, notify bool, d time.Duration, clients int, name string) float64 {
	cfg := api.Config{Submissions: svc, Places: atlas.Places{}}
	path := "HTTP form submissions"
	if notify {
		cfg.NotifyStaff = func() {} // queued; nothing sends them here
		path = "HTTP forms + outbox"
	}
	srv, err := api.NewServer(cfg)
	check(err)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := &http.Client{
		Transport:     &http.Transport{MaxIdleConnsPerHost: clients},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	var seq atomic.Int64
	rate, lat := run(d, clients, func() error {
		form := url.Values{
			"lang": {"es"}, "privacy_version": {"2026-11"}, "adults": {"2"}, "languages": {"ar", "es"},
			"spanish_level": {"basic"}, "city": {fmt.Sprintf("Ciudad %d", seq.Add(1))}, "province_code": {"28"},
			"regions": {"anywhere"}, "bedrooms": {"3"}, "move_when": {"asap"}, "name": {"Persona Prueba"},
			"phone": {"612 345 987"}, "contact_language": {"es"}, "channel": {"phone"}, "consent": {"yes"},
		}
		res, err := client.Post(ts.URL+"/api/v1/interest", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
		if err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			return fmt.Errorf("status %d", res.StatusCode)
		}
		return nil
	})
	fmt.Printf("%-11s %-22s %10.0f %9s %9s\n", name, path, rate, ms(lat, 50), ms(lat, 99))
	return rate
}

func measureRaw(insert func(ref string) error, d time.Duration, clients int, name string) float64 {
	var seq atomic.Int64
	rate, lat := run(d, clients, func() error {
		return insert(fmt.Sprintf("RAW-%d-%d", time.Now().UnixNano(), seq.Add(1)))
	})
	fmt.Printf("%-11s %-22s %10.0f %9s %9s\n", name, "raw durable INSERT", rate, ms(lat, 50), ms(lat, 99))
	return rate
}

// run calls op from clients goroutines for d and returns the rate of
// successful calls and their latencies.
func run(d time.Duration, clients int, op func() error) (float64, []time.Duration) {
	var mu sync.Mutex
	var all []time.Duration
	var failures atomic.Int64
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t := time.Now()
				if err := op(); err != nil {
					if failures.Add(1) == 1 {
						log.Printf("failure: %v", err)
					}
					continue
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if n := failures.Load(); n > 0 {
		log.Fatalf("%d operations failed", n)
	}
	slices.Sort(all)
	return float64(len(all)) / time.Since(start).Seconds(), all
}

func ms(lat []time.Duration, pct int) string {
	if len(lat) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fms", float64(lat[(len(lat)-1)*pct/100].Microseconds())/1000)
}

// insertSQL is the stores' own single-row insert, with placeholders in the
// database's style ("?" or "$").
func insertSQL(style string) string {
	cols := []string{"reference", "kind", "lang", "status", "spam_reason", "idempotency_key",
		"consent_privacy_version", "consent_lang", "consent_at", "created_at", "updated_at", "data", "sealed"}
	ph := make([]string, len(cols))
	for i := range cols {
		ph[i] = "?"
		if style == "$" {
			ph[i] = fmt.Sprintf("$%d", i+1)
		}
	}
	return "INSERT INTO submissions (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
}

const rawPayload = `{"adults":2,"languages":["ar","es"],"spanish_level":"basic","city":"Ciudad","province_code":"28","regions":["anywhere"],"bedrooms":3,"needs_school":false,"needs_health_centre":false,"move_when":"asap","contact":{"name":"Persona Prueba","phone":"+34612345987","language":"es","channel":"phone"},"sectors":null,"skills":"","driving_licence":false}`

// rawSealed stands for the sealed personal part the store writes: as many
// bytes, without the encryption.
var rawSealed = make([]byte, 160)

func rawArgs(ref string) []any {
	now := time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
	return []any{ref, "interest", "es", "new", "", "key-" + ref, "2026-11", "es", now, now, now, rawPayload, rawSealed}
}

// scratchSchema creates a schema for the run and returns a URL that uses it.
func scratchSchema(ctx context.Context, base string) (string, func()) {
	pool, err := pgxpool.New(ctx, base)
	check(err)
	schema := fmt.Sprintf("bench_%d", time.Now().UnixNano())
	_, err = pool.Exec(ctx, "CREATE SCHEMA "+schema)
	check(err)
	u, err := url.Parse(base)
	check(err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		pool.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		pool.Close()
	}
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

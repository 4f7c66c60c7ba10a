// Package webtest is what the tests of the public API (package api) and of
// the back-office (package backoffice) share: a settable clock, a buffer
// for logs written from several goroutines, the SQLite services a test
// server runs on, and submissions to store. It is for tests only.
package webtest

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
	"github.com/cepaim/senderos/store/storetest"
)

// Clock is a server's settable time: tests move it instead of sleeping.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a Clock at 2026-11-27 10:00 UTC.
func NewClock() *Clock {
	return &Clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Buffer collects what is written to it from any goroutine.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (l *Buffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns what was written.
func (l *Buffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Services are the stores a test server runs on, a SQLite database in a
// temporary folder, with its clock and the buffer its logs go to.
type Services struct {
	Submissions   *sqldb.SubmissionService
	Staff         *sqldb.StaffService
	Sessions      *sqldb.SessionService
	Audit         *sqldb.AuditService
	Profiles      *sqldb.ProfileService
	Notifications *sqldb.NotificationService
	Cases         *sqldb.CaseService
	Warnings      *sqldb.WarningService
	Families      *sqldb.FamilyService
	Indicators    *sqldb.IndicatorService
	ESF           *sqldb.ESFService
	Clock         *Clock
	Logs          *Buffer
	DBPath        string
}

// OpenSQLite opens Services on a new database, closed when tb ends.
func OpenSQLite(tb testing.TB) Services {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "senderos.db")
	db, err := sqlite.Open(path, storetest.Keys())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return Services{
		Submissions:   sqldb.NewSubmissionService(db),
		Staff:         sqldb.NewStaffService(db),
		Sessions:      sqldb.NewSessionService(db),
		Audit:         sqldb.NewAuditService(db),
		Profiles:      sqldb.NewProfileService(db),
		Notifications: sqldb.NewNotificationService(db),
		Cases:         sqldb.NewCaseService(db),
		Warnings:      sqldb.NewWarningService(db),
		Families:      sqldb.NewFamilyService(db),
		Indicators:    sqldb.NewIndicatorService(db),
		ESF:           sqldb.NewESFService(db),
		Clock:         NewClock(),
		Logs:          &Buffer{},
		DBPath:        path,
	}
}

// Logger returns a logger writing JSON at every level to s.Logs.
func (s Services) Logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(s.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// FormKey is the configured key of test servers.
func FormKey() []byte { return bytes.Repeat([]byte("k"), 32) }

// Municipality returns a municipality's sign-up with INE code code, with
// contact details that must never reach a public profile, to store.
func Municipality(code string) *senderos.Submission {
	return &senderos.Submission{Kind: senderos.KindMunicipality, Lang: "es",
		Consent: senderos.Consent{PrivacyVersion: "2026-11", Lang: "es", At: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)},
		Municipality: &senderos.MunicipalitySignup{
			Code: code, Name: "Alcañiz " + code, Province: "Teruel", Region: "Aragón",
			ContactName: "Pilar Contacto", Role: "Agente de desarrollo local", Email: "adl@alcaniz.example", Phone: "978654321",
			Population: 16000, Homes: 4, RentMin: 250, RentMax: 450, Services: []string{"school", "pharmacy"},
			Jobs:        []senderos.JobOffer{{Sector: "care", Count: 2, Description: "Residencia de mayores"}},
			Description: "# Bienvenida\n\nTexto con <script>alert(1)</script> y **negrita**.",
		}}
}

// CheckCachePolicy sends h each request, a method and a path ("GET
// /staff/login"), in a subtest of its own, and checks that the answer
// carries the Cache-Control want.
func CheckCachePolicy(t *testing.T, h http.Handler, want string, requests ...string) {
	t.Helper()
	for _, req := range requests {
		method, path, _ := strings.Cut(req, " ")
		t.Run(req, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
			if got := rec.Header().Get("Cache-Control"); got != want {
				t.Errorf("%s: %d, Cache-Control %q, want %q", req, rec.Code, got, want)
			}
		})
	}
}

// MustNew applies each of configure to cfg, in order, and returns the
// server newServer makes of it, failing tb on an error.
func MustNew[C, S any](tb testing.TB, newServer func(C) (S, error), cfg C, configure ...func(*C)) S {
	tb.Helper()
	for _, f := range configure {
		f(&cfg)
	}
	srv, err := newServer(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return srv
}

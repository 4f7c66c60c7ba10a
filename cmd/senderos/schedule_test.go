package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/postgres"
	"github.com/cepaim/senderos/store/postgres/pgtest"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
	"github.com/cepaim/senderos/store/storetest"
)

func TestScheduleConfig(t *testing.T) {
	parse := func(t *testing.T, args ...string) (*ScheduleConfig, error) {
		t.Helper()
		var c ScheduleConfig
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.bind(fs)
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		return &c, c.Validate()
	}
	t.Run("Defaults", func(t *testing.T) {
		c, err := parse(t)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := c.FollowUps()
		if c.WarningEvery != 15*time.Minute || c.NoContactDays != 30 || !slices.Equal(s.Months, []int{1, 3, 6, 12}) {
			t.Errorf("defaults %+v", c)
		}
	})
	t.Run("FromEnvironment", func(t *testing.T) {
		t.Setenv("SENDEROS_WARNING_EVERY", "1h")
		t.Setenv("SENDEROS_NO_CONTACT_DAYS", "45")
		t.Setenv("SENDEROS_FOLLOWUP_MONTHS", "2,4")
		c, err := parse(t)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := c.FollowUps()
		if c.WarningEvery != time.Hour || c.NoContactDays != 45 || !slices.Equal(s.Months, []int{2, 4}) {
			t.Errorf("from the environment %+v", c)
		}
	})
	t.Run("ZeroValueIsValid", func(t *testing.T) {
		var c ScheduleConfig
		if err := c.Validate(); err != nil || c.WarningEvery != 15*time.Minute {
			t.Errorf("zero config: %v, %+v", err, c)
		}
	})
	for name, args := range map[string][]string{
		"ErrMonthsOutOfOrder": {"--followup-months", "3,1"},
		"ErrMonthNotANumber":  {"--followup-months", "1,tres"},
		"ErrMonthTooLate":     {"--followup-months", "1,36"},
		"ErrNoContactDays":    {"--no-contact-days", "-2"},
		"ErrWarningEvery":     {"--warning-every", "1ms"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := parse(t, args...); err == nil {
				t.Errorf("%v accepted", args)
			}
		})
	}
}

// TestSchedulerReplicasRaiseOnce runs two replicas' schedulers, each on
// its own handle of one database, at once, with a clock that runs a day
// per call: each warning is stored once.
func TestSchedulerReplicasRaiseOnce(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "senderos.db")
		open := func() (*sqldb.DB, error) { return sqlite.Open(path, storetest.Keys()) }
		testSchedulerReplicas(t, storetest.MustOpen(t, open), storetest.MustOpen(t, open))
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		url := pgtest.Schema(t)
		open := func() (*sqldb.DB, error) { return postgres.Open(context.Background(), url, storetest.Keys()) }
		testSchedulerReplicas(t, storetest.MustOpen(t, open), storetest.MustOpen(t, open))
	})
}

func testSchedulerReplicas(t *testing.T, db1, db2 *sqldb.DB) {
	st := storetest.ServicesOf(db1)
	tech := storetest.MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	for range 8 {
		c := storetest.MustOpenCase(t, st, tech.ID)
		storetest.MustMove(t, st, c, tech.ID, storetest.CaseNow.AddDate(0, 0, 10))
	}
	var calls atomic.Int64
	clock := func() time.Time {
		return storetest.CaseNow.AddDate(0, 0, 30+int(calls.Add(1))*5)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, db := range []*sqldb.DB{db1, db2} {
		m := &Main{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		m.Config.Schedule = ScheduleConfig{WarningEvery: time.Millisecond}
		s := m.newScheduler(sqldb.NewWarningService(db), sqldb.NewMatchService(db))
		s.now = clock
		wg.Go(func() { s.Run(ctx) })
	}
	for calls.Load() < 80 {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	wg.Wait()

	ws, err := st.Warnings.FindWarnings(context.Background(), senderos.WarningFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, w := range ws {
		if seen[w.Key()] {
			t.Errorf("warning %s stored twice", w.Key())
		}
		seen[w.Key()] = true
	}
	// Eight families moved: each has its four follow-ups and three goals
	// overdue at the end, and no contact.
	if len(ws) < 8*(4+3+1) {
		t.Errorf("%d warnings stored, want at least %d", len(ws), 8*8)
	}
}

// TestSchedulerExpiresProposals runs the scheduler past a proposal's
// deadline on both engines: the proposal expires and frees its home and
// its vacancy.
func TestSchedulerExpiresProposals(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "senderos.db")
		testSchedulerExpires(t, storetest.MustOpen(t, func() (*sqldb.DB, error) { return sqlite.Open(path, storetest.Keys()) }))
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		url := pgtest.Schema(t)
		testSchedulerExpires(t, storetest.MustOpen(t, func() (*sqldb.DB, error) {
			return postgres.Open(context.Background(), url, storetest.Keys())
		}))
	})
}

func testSchedulerExpires(t *testing.T, db *sqldb.DB) {
	p := storetest.MustPendingProposal(t, db)
	st := storetest.ServicesOf(db)
	m := &Main{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	m.Config.Schedule = ScheduleConfig{WarningEvery: time.Millisecond}
	s := m.newScheduler(sqldb.NewWarningService(db), sqldb.NewMatchService(db))
	var calls atomic.Int64
	s.now = func() time.Time {
		calls.Add(1)
		return p.Deadline.AddDate(0, 0, 1)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { s.Run(ctx) })
	for calls.Load() < 6 { // three runs: raise and expire each
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	wg.Wait()

	got, err := st.Match.FindProposal(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	} else if got.Status != senderos.ProposalExpired {
		t.Errorf("proposal %s, want expired", got.Status)
	}
	h, err := st.Offers.FindHome(context.Background(), p.HomeID)
	if err != nil || h.Status != senderos.OfferOpen {
		t.Errorf("home %+v, %v: want open again", h, err)
	}
	j, err := st.Offers.FindJob(context.Background(), p.JobID)
	if err != nil || j.Proposed != 0 || j.Free() != 1 {
		t.Errorf("job %+v, %v: want its vacancy free again", j, err)
	}
}

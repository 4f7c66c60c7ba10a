package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
)

// Default retention periods for senderos purge.
const (
	// defaultBlockedRetention keeps an erased (blocked) record for 4
	// years: under the LOPDGDD (art. 32) blocked data is kept only to
	// answer for possible liabilities, and the longest that commonly
	// applies here is 4 years.
	defaultBlockedRetention = 4 * year
	// defaultStaleAfter purges records nobody has touched for 2 years.
	defaultStaleAfter = 2 * year

	day  = 24 * time.Hour
	year = 365 * day
)

const purgeSummary = `Destroy the personal data the portal may no longer keep, and print what was
destroyed:
  - erased (blocked) records once --blocked-retention has passed since erasure,
  - records no member of staff has changed for --stale-after,
  - suspected spam past its expiry,
each with its history, and the login locks that lock nothing any more (the
lock over and no failed login from that address for a day). Deleted rows are overwritten in the SQLite file and the
write-ahead log is emptied. Safe to run from cron (e.g. daily): it asks nothing,
does nothing when nothing is due, and exits 0 unless it fails.
Periods are written like 4y, 730d or 72h; 0 keeps those records.`

// runPurge runs `senderos purge`.
func runPurge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("purge", purgeSummary, stderr)
	bindStore(fs, &cfg)
	blocked, stale := period(defaultBlockedRetention), period(defaultStaleAfter)
	fs.Var(&blocked, "blocked-retention", "how long an erased record is kept blocked before it is destroyed (env SENDEROS_BLOCKED_RETENTION)")
	fs.Var(&stale, "stale-after", "destroy records staff have not changed for this long (env SENDEROS_STALE_AFTER)")
	if err := periodEnv(&blocked, "BLOCKED_RETENTION"); err != nil {
		return err
	}
	if err := periodEnv(&stale, "STALE_AFTER"); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("purge takes no arguments, got %q: %w", fs.Args(), errUsage)
	}

	m := &Main{Config: cfg, Out: stderr, Logger: slog.New(slog.NewTextHandler(stderr, nil))}
	st, err := m.openCommandStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	now := time.Now()
	res, err := st.Submissions.Purge(ctx, senderos.RetentionPolicy{Now: now, Blocked: time.Duration(blocked), Stale: time.Duration(stale)})
	if err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	detail := fmt.Sprintf("blocked=%d stale=%d spam=%d login_locks=%d", res.Blocked, res.Stale, res.Spam, res.LoginLocks)
	if err := st.Audit.RecordAudit(ctx, &senderos.AuditEntry{
		At: now, Actor: "senderos purge", Action: senderos.AuditPurge, Outcome: senderos.OutcomeOK, Detail: detail,
	}); err != nil {
		return fmt.Errorf("purge: record in the audit log: %w", err)
	}
	fmt.Fprintf(stdout, "Destroyed %d erased record(s) past retention, %d stale record(s), %d expired suspected spam, %d expired login lock(s).\n",
		res.Blocked, res.Stale, res.Spam, res.LoginLocks)
	return nil
}

// bindStore registers the flags that say where the database and its keys
// are.
func bindStore(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.DataDir, "data", env("DATA", "./data"), "data directory (env SENDEROS_DATA)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("DATABASE_URL", ""), "PostgreSQL URL (env SENDEROS_DATABASE_URL); empty: SQLite in the data directory")
	c.bindData(fs)
}

// openCommandStore opens the store for a maintenance command. Unlike serve,
// it never creates a database or a data key: a mistyped --data must not
// purge or rekey an empty new database and report success.
func (m *Main) openCommandStore(ctx context.Context) (*stores, error) {
	c := m.Config
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return nil, errors.New("--database-url: want a postgres:// URL")
	}
	if c.DatabaseURL == "" {
		if _, err := os.Stat(filepath.Join(c.DataDir, "senderos.db")); err != nil {
			return nil, fmt.Errorf("no database in --data %s: %w", c.DataDir, err)
		}
	}
	if c.DataKeys == "" && c.DataKeyFile == "" {
		if _, err := os.Stat(filepath.Join(c.DataDir, dataKeyFile)); err != nil {
			return nil, fmt.Errorf("no data key: give --data-keys or --data-key-file, or --data with its %s: %w", dataKeyFile, err)
		}
	}
	return m.openStore(ctx)
}

// period is a flag holding a duration written in years (y), days (d) or
// as Go writes durations (72h).
type period time.Duration

// String returns p in the largest whole unit.
func (p *period) String() string {
	d := time.Duration(*p)
	switch {
	case d != 0 && d%year == 0:
		return strconv.FormatInt(int64(d/year), 10) + "y"
	case d != 0 && d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	return d.String()
}

// Set parses a period.
func (p *period) Set(s string) error {
	s = strings.TrimSpace(s)
	for suffix, unit := range map[string]time.Duration{"y": year, "d": day} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 {
				return fmt.Errorf("%q: want e.g. 4y, 730d or 72h", s)
			}
			*p = period(time.Duration(v) * unit)
			return nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return fmt.Errorf("%q: want e.g. 4y, 730d or 72h", s)
	}
	*p = period(d)
	return nil
}

// periodEnv sets p from SENDEROS_<name> when it is set.
func periodEnv(p *period, name string) error {
	if v, ok := os.LookupEnv(envPrefix + name); ok {
		if err := p.Set(v); err != nil {
			return fmt.Errorf("%s%s: %w", envPrefix, name, err)
		}
	}
	return nil
}

package main

import (
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is what the serve and api commands are run with. Each field comes
// from a flag, else from an environment variable, else from its default.
type Config struct {
	Addr     string // listen address
	DataDir  string // where data (built site, database, keys) is kept
	Root     string // the repository root holding site/, content/ and themes/
	LogLevel string // debug, info, warn or error

	// DatabaseURL selects PostgreSQL (postgres://…); empty uses SQLite
	// in DataDir.
	DatabaseURL string
	// FormKey signs form tokens, in hex; empty uses (and creates)
	// DataDir/form.key. Replicas behind one site must share it.
	FormKey string
	// RateLimit is submissions per client address per minute; 0 is none.
	RateLimit int
	// TrustedOrigins may post forms besides the API's own origin.
	TrustedOrigins string
	// TrustedProxies is how many proxies stand in front of the API, each
	// appending to X-Forwarded-For the address that connected to it; the
	// client address is the one the outermost of them saw. 0 uses the
	// connection's address.
	TrustedProxies int
	// SiteURL is where the built site is published, for an API that runs
	// apart from it (api command); serve uses its own build.
	SiteURL string
	// MinFillTime is the least time a person needs to fill in a form.
	MinFillTime time.Duration
	// MeiliURL selects Meilisearch for search; empty uses the embedded
	// index in DataDir. MeiliKey (admin) indexes, MeiliSearchKey searches.
	MeiliURL, MeiliKey, MeiliSearchKey string

	// DataKeys are the keys that seal personal data at rest: base64 keys
	// of 32 bytes, comma-separated, the first one used to seal and every
	// one to open (rotation). DataKeyFile holds them one per line
	// instead. Both empty uses (and creates) DataDir/data.key.
	DataKeys, DataKeyFile string

	// SMTPURL (smtp://user:password@host:port) sends staff an e-mail for
	// each new submission, to NotifyTo (comma-separated addresses).
	SMTPURL, NotifyFrom, NotifyTo string
	// NotifyRetry is how long a staff notification the mail server did
	// not take waits before it is tried again; the wait doubles at each
	// failure, up to an hour.
	NotifyRetry time.Duration
	// PublicURL is the portal's public address, for links in e-mails and
	// for the site build to read published profiles.
	PublicURL string
	// BuildHook is a URL (e.g. a Netlify build hook) to POST to after a
	// municipality profile is published.
	BuildHook string
	// RebuildRetry is the first wait before a failed site rebuild or build
	// hook call after a publication is tried again; it doubles at each
	// failure, six attempts in all. Zero means 10 seconds.
	RebuildRetry time.Duration
	// SessionIdle and SessionMax bound a staff session.
	SessionIdle, SessionMax time.Duration
	// Schedule configures the itinerary's scheduled work (warnings).
	Schedule ScheduleConfig
}

// bindData registers the flags for the keys that seal personal data.
func (c *Config) bindData(fs *flag.FlagSet) {
	fs.StringVar(&c.DataKeys, "data-keys", env("DATA_KEYS", ""), "base64 keys (32 bytes) sealing personal data, comma-separated, newest first (env SENDEROS_DATA_KEYS); empty: --data-key-file")
	fs.StringVar(&c.DataKeyFile, "data-key-file", env("DATA_KEY_FILE", ""), "file with the data keys, one per line, newest first (env SENDEROS_DATA_KEY_FILE); empty: data/data.key, created if missing")
}

// envPrefix starts every environment variable that configures senderos.
const envPrefix = "SENDEROS_"

// bind registers the flags of c on fs with defaults from the environment.
func (c *Config) bind(fs *flag.FlagSet, withSite bool) {
	fs.StringVar(&c.Addr, "addr", env("ADDR", "127.0.0.1:8080"), "listen address (env SENDEROS_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("DATA", "./data"), "data directory (env SENDEROS_DATA)")
	fs.StringVar(&c.LogLevel, "log-level", env("LOG_LEVEL", "info"), "log level: debug, info, warn, error (env SENDEROS_LOG_LEVEL)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("DATABASE_URL", ""), "PostgreSQL URL, e.g. postgres://user@host/db (env SENDEROS_DATABASE_URL); empty: SQLite in the data directory")
	fs.StringVar(&c.FormKey, "form-key", env("FORM_KEY", ""), "hex key (32+ bytes) signing form tokens (env SENDEROS_FORM_KEY); empty: data/form.key, created if missing")
	fs.IntVar(&c.RateLimit, "rate-limit", envInt("RATE_LIMIT", 10), "form submissions per client address per minute, 0 for no limit (env SENDEROS_RATE_LIMIT)")
	fs.StringVar(&c.TrustedOrigins, "trusted-origins", env("TRUSTED_ORIGINS", ""), "comma-separated origins allowed to post forms besides the API's own, e.g. https://site.example (env SENDEROS_TRUSTED_ORIGINS)")
	c.TrustedProxies = proxyHops(env("TRUST_PROXY", ""))
	fs.Var((*hopsFlag)(&c.TrustedProxies), "trust-proxy", "how many proxies stand in front of the API (1 behind Netlify): the client address is the X-Forwarded-For entry that many from the right (env SENDEROS_TRUST_PROXY)")
	fs.StringVar(&c.MeiliURL, "meilisearch-url", env("MEILISEARCH_URL", ""), "Meilisearch URL (env SENDEROS_MEILISEARCH_URL); empty: the embedded index in the data directory")
	fs.StringVar(&c.MeiliKey, "meilisearch-key", env("MEILISEARCH_KEY", ""), "Meilisearch admin key, used only to index (env SENDEROS_MEILISEARCH_KEY)")
	fs.StringVar(&c.MeiliSearchKey, "meilisearch-search-key", env("MEILISEARCH_SEARCH_KEY", ""), "Meilisearch search-only key, used for queries (env SENDEROS_MEILISEARCH_SEARCH_KEY)")
	c.bindData(fs)
	fs.StringVar(&c.SMTPURL, "smtp-url", env("SMTP_URL", ""), "SMTP server for staff notifications, smtp://user:password@host:587 (env SENDEROS_SMTP_URL); empty: no e-mail")
	fs.StringVar(&c.NotifyFrom, "notify-from", env("NOTIFY_FROM", "senderos@localhost"), "sender of staff notifications (env SENDEROS_NOTIFY_FROM)")
	fs.StringVar(&c.NotifyTo, "notify-to", env("NOTIFY_TO", ""), "comma-separated staff addresses notified of each new submission (env SENDEROS_NOTIFY_TO)")
	fs.DurationVar(&c.NotifyRetry, "notify-retry", 30*time.Second, "first wait before a staff notification the mail server did not take is sent again; it doubles at each failure, up to an hour")
	fs.StringVar(&c.PublicURL, "public-url", env("PUBLIC_URL", ""), "the portal's public address, for links in e-mails (env SENDEROS_PUBLIC_URL); empty: the listen address")
	fs.StringVar(&c.BuildHook, "build-hook", env("BUILD_HOOK", ""), "URL to POST to after a municipality profile is published, e.g. a Netlify build hook (env SENDEROS_BUILD_HOOK)")
	fs.DurationVar(&c.RebuildRetry, "rebuild-retry", 10*time.Second, "first wait before a failed site rebuild or build hook call after a publication is tried again; it doubles at each failure, six attempts in all")
	fs.DurationVar(&c.SessionIdle, "session-idle", 30*time.Minute, "a staff session ends after this long without a request")
	fs.DurationVar(&c.SessionMax, "session-max", 12*time.Hour, "a staff session ends this long after login, whatever happens")
	fs.DurationVar(&c.MinFillTime, "min-fill-time", 5*time.Second, "a form sent sooner after its token was fetched is kept apart as suspected spam")
	c.Schedule.bind(fs)
	if withSite {
		fs.StringVar(&c.Root, "root", env("ROOT", ""), "repository root with site/, content/, themes/ (env SENDEROS_ROOT; default: found from the working directory)")
	} else {
		fs.StringVar(&c.SiteURL, "site-url", env("SITE_URL", ""), "where the site is published, to answer forms sent without JavaScript in its look (env SENDEROS_SITE_URL)")
	}
}

// Validate reports the first problem with c.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--addr %q: want host:port, e.g. 127.0.0.1:8080", c.Addr)
	}
	if strings.TrimSpace(c.DataDir) == "" {
		return errors.New("--data must not be empty")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return errors.New("--database-url: want a postgres:// URL")
	}
	if c.FormKey != "" {
		if k, err := hex.DecodeString(c.FormKey); err != nil || len(k) < 32 {
			return errors.New("--form-key: want at least 32 bytes in hex (64 hex digits)")
		}
	}
	if c.TrustedProxies < 0 {
		return errors.New("--trust-proxy: want the number of proxies in front of the API, e.g. 1 behind Netlify")
	}
	if c.RateLimit < 0 {
		return errors.New("--rate-limit must not be negative")
	}
	for _, o := range c.origins() {
		if u, err := url.Parse(o); err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" {
			return fmt.Errorf("--trusted-origins: %q is not an origin like https://site.example", o)
		}
	}
	if c.MeiliURL != "" {
		if u, err := url.Parse(c.MeiliURL); err != nil || u.Scheme == "" || u.Host == "" {
			return fmt.Errorf("--meilisearch-url %q: want an absolute URL", c.MeiliURL)
		}
		if c.MeiliKey == "" || c.MeiliSearchKey == "" {
			return errors.New("--meilisearch-url needs --meilisearch-key (admin) and --meilisearch-search-key (search only)")
		}
	}
	for name, v := range map[string]string{"--smtp-url": c.SMTPURL, "--public-url": c.PublicURL, "--build-hook": c.BuildHook} {
		if v == "" {
			continue
		}
		if u, err := url.Parse(v); err != nil || u.Scheme == "" || u.Host == "" {
			return fmt.Errorf("%s: want an absolute URL", name)
		}
	}
	if c.SMTPURL != "" && c.NotifyTo == "" {
		return errors.New("--smtp-url needs --notify-to (the staff addresses to notify)")
	}
	if c.NotifyRetry < 0 {
		return errors.New("--notify-retry must not be negative")
	}
	if c.RebuildRetry < 0 {
		return errors.New("--rebuild-retry must not be negative")
	}
	if c.SessionIdle == 0 && c.SessionMax == 0 { // not bound to flags, e.g. in tests
		c.SessionIdle, c.SessionMax = 30*time.Minute, 12*time.Hour
	}
	if c.SessionIdle <= 0 || c.SessionMax < c.SessionIdle {
		return errors.New("--session-idle must be positive and no longer than --session-max")
	}
	if c.SiteURL != "" {
		if u, err := url.Parse(c.SiteURL); err != nil || u.Scheme == "" || u.Host == "" {
			return fmt.Errorf("--site-url %q: want an absolute URL", c.SiteURL)
		}
	}
	return c.Schedule.Validate()
}

func (c *Config) origins() []string {
	return splitList(c.TrustedOrigins)
}

// splitList splits a comma-separated list, dropping blanks.
func splitList(list string) []string {
	var out []string
	for _, o := range strings.Split(list, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

// hopsFlag is --trust-proxy: a number of proxies ("true", as it once
// was, means one). It takes a value, so that "--trust-proxy 2" cannot be
// read as a bare switch followed by an argument.
type hopsFlag int

func (h *hopsFlag) String() string { return strconv.Itoa(int(*h)) }

func (h *hopsFlag) Set(v string) error {
	if n := proxyHops(v); n >= 0 {
		*h = hopsFlag(n)
		return nil
	}
	return fmt.Errorf("want a number of proxies, e.g. 1")
}

// proxyHops reads a number of proxies: "true" is 1, "" and "false" are 0,
// anything else not a number -1.
func proxyHops(v string) int {
	switch v {
	case "", "false":
		return 0
	case "true":
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(envPrefix + name); ok {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if v, ok := os.LookupEnv(envPrefix + name); ok {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

// newFlagSet returns a flag set whose --help prints the command's summary.
func newFlagSet(name, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("senderos "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: senderos %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

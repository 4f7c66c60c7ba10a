package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/api"
	"github.com/cepaim/senderos/atlas"
	"github.com/cepaim/senderos/backoffice"
	"github.com/cepaim/senderos/familypage"
	"github.com/cepaim/senderos/mail"
	"github.com/cepaim/senderos/site"
	"github.com/cepaim/senderos/villagepage"
)

// Main is a running portal: the API, the back-office, and the site when
// there is one.
type Main struct {
	Config Config
	Out    io.Writer // progress for the person who started it
	Logger *slog.Logger

	// WithSite builds the site at start and serves it beside the API.
	WithSite bool
	// Now is the clock of the back-office, the family page and the
	// scheduled work; nil means time.Now. Tests move it.
	Now func() time.Time

	listener   net.Listener
	server     *http.Server
	api        *api.Server
	backoffice *backoffice.Server
	index      senderos.SearchIndex
	closers    []io.Closer
	cancel     context.CancelFunc
	// background are the goroutines that use the database (the sender
	// of staff notifications): Close waits for them before closing it.
	background sync.WaitGroup

	siteReady  atomic.Bool       // the first build is served
	rebuilders []*site.Rebuilder // a profile was published: rebuild the site
	rebuilt    atomic.Int64      // rebuilds done, for tests
}

// Open builds what the portal needs and starts listening; it returns once
// requests can be served.
func (m *Main) Open(ctx context.Context) error {
	if err := m.Config.Validate(); err != nil {
		return err
	}
	if err := os.MkdirAll(m.Config.DataDir, 0o750); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return listenError(m.Config.Addr, err)
	}
	m.listener = ln
	m.step("Listening on %s; data in %s", ln.Addr(), m.Config.DataDir)

	if err := m.open(ctx, ln); err != nil {
		m.Close()
		return err
	}
	return nil
}

func (m *Main) open(ctx context.Context, ln net.Listener) error {
	st, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	m.closers = append(m.closers, st)
	key, err := m.formKey()
	if err != nil {
		return err
	}
	notifier, err := m.notifier()
	if err != nil {
		return err
	}
	var sender *mail.Sender
	if notifier != nil {
		sender = &mail.Sender{Outbox: st.Notifications, Notifier: notifier, Logger: m.Logger, MinBackoff: m.Config.NotifyRetry}
	}
	cfg := api.Config{
		Logger: m.Logger, Submissions: st.Submissions, Places: atlas.Places{}, Profiles: st.Profiles,
		Results: st.Results, FormKey: key, MinFillTime: m.Config.MinFillTime, RateLimit: m.Config.RateLimit,
		TrustedProxies: m.Config.TrustedProxies, TrustedOrigins: m.Config.origins(), Version: version,
	}
	staffCfg := backoffice.Config{
		Logger: m.Logger, Submissions: st.Submissions, Places: atlas.Places{},
		Staff: st.Staff, Sessions: st.Sessions, Audit: st.Audit, Profiles: st.Profiles,
		Cases: st.Cases, Warnings: st.Warnings, Families: st.Family,
		Offers: st.Offers, Matches: st.Matches, Villages: st.Villages,
		FormKey: key, TrustedProxies: m.Config.TrustedProxies, PublicURL: m.publicURL(),
		SessionIdle: m.Config.SessionIdle, SessionMax: m.Config.SessionMax,
		SecureCookies: strings.HasPrefix(m.Config.PublicURL, "https://"),
		OnPublish:     m.published, Now: m.Now,
	}
	staffCfg.Indicators, staffCfg.ESF = st.Indicators, st.ESF
	if sender != nil {
		cfg.NotifyStaff = sender.Wake
	}
	if n, ok := notifier.(*mail.Notifier); ok {
		staffCfg.MailFamily = n.MailFamily
	}
	idx, err := m.openSearch(ctx)
	if err != nil {
		return err
	}
	m.closers = append(m.closers, idx)
	cfg.Search = idx
	m.index = idx

	// The API answers at once; the site (built below, reading the
	// published profiles from this very API) once it is ready.
	mux := http.NewServeMux()
	public := filepath.Join(m.Config.DataDir, "public")
	if m.WithSite {
		cfg.Pages = site.Dir(public)
		cfg.SiteStatus = m.siteStatus
		mux.Handle("/", m.siteHandler(public))
	} else if m.Config.SiteURL != "" {
		cfg.Pages = &site.Remote{BaseURL: m.Config.SiteURL, TTL: 10 * time.Minute}
	}
	apiServer, err := api.NewServer(cfg)
	if err != nil {
		return err
	}
	staffServer, err := backoffice.NewServer(staffCfg)
	if err != nil {
		return err
	}
	familyServer, err := familypage.NewServer(familypage.Config{Logger: m.Logger, Family: st.Family, Cases: st.Cases,
		Submissions: st.Submissions, Staff: st.Staff, Audit: st.Audit, Matches: st.Matches, Offers: st.Offers,
		FormKey: key, TrustedProxies: m.Config.TrustedProxies, Now: m.Now})
	if err != nil {
		return err
	}
	// The municipality's page: its own limiter of wrong links, and its
	// own key derived from the portal's (web.VillagePageKeyLabel).
	villageServer, err := villagepage.NewServer(villagepage.Config{Logger: m.Logger, Villages: st.Villages,
		Offers: st.Offers, Matches: st.Matches, Audit: st.Audit, FormKey: key, TrustedProxies: m.Config.TrustedProxies, Now: m.Now})
	if err != nil {
		return err
	}
	m.api, m.backoffice = apiServer, staffServer
	mux.Handle("/api/", apiServer)
	mux.Handle("/staff/", staffServer)
	mux.Handle("/staff", staffServer)
	mux.Handle("/family/", familyServer)
	mux.Handle("/village/", villageServer)

	bg, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	go m.expireSpam(bg, st.Submissions)
	m.background.Go(func() { m.newScheduler(st.Warnings, st.Matches).Run(bg) })
	if sender != nil {
		// It sends at once what a previous run left in the outbox.
		m.background.Go(func() { sender.Run(bg) })
	}
	hook, local := m.newRebuilders(st.Audit, public)
	if hook != nil {
		m.background.Go(func() { hook.Run(bg) })
	}

	m.server = &http.Server{
		Handler:           site.Compress(mux),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := m.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.Logger.Error("serve", "error", err.Error())
		}
	}()

	if m.WithSite {
		if err := m.buildSite(ctx, public, m.URL(), m.URL()); err != nil {
			return err
		}
		if err := m.indexSite(ctx, idx, public, false); err != nil {
			return err
		}
		m.siteReady.Store(true)
		// Publications made during the first build wait for it.
		m.background.Go(func() { local.Run(bg) })
	}
	return nil
}

// listenError explains a failure to listen on addr. A busy address is the
// common one (a second senderos, or another program on 8080): say which
// address and how to choose another.
func listenError(addr string, err error) error {
	if !errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	other := "127.0.0.1:8081"
	if host, port, perr := net.SplitHostPort(addr); perr == nil {
		if n, aerr := strconv.Atoi(port); aerr == nil && n > 0 && n < 65535 {
			other = net.JoinHostPort(host, strconv.Itoa(n+1))
		}
	}
	return fmt.Errorf("listen on %s: %w: another senderos, or another program, is listening there; "+
		"choose another address with --addr (or SENDEROS_ADDR), e.g. --addr %s", addr, syscall.EADDRINUSE, other)
}

// URL is where the portal answers.
func (m *Main) URL() string {
	return "http://" + m.listener.Addr().String() + "/"
}

// Close stops accepting requests, waits for those under way, then closes
// the database.
func (m *Main) Close() error {
	var errs []error
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, m.server.Shutdown(ctx))
	} else if m.listener != nil {
		errs = append(errs, m.listener.Close())
	}
	if m.cancel != nil {
		m.cancel()
	}
	m.background.Wait() // the notification being sent, before the database closes
	for _, c := range m.closers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// buildSite builds the site into public: into a fresh folder first, then
// swapped in, so that the pages being served never disappear mid-build.
// The build reads the published municipality profiles from the API at
// apiURL (none if empty).
func (m *Main) buildSite(ctx context.Context, public, baseURL, apiURL string) error {
	root := m.Config.Root
	if root == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		if root, err = site.FindRoot(wd); err != nil {
			return err
		}
	}
	next := public + ".next"
	hugo := &site.Hugo{Root: root, Progress: m.Out}
	res, err := hugo.Build(ctx, site.BuildOptions{Destination: next, BaseURL: baseURL, APIURL: apiURL})
	if err != nil {
		return err
	}
	if len(res.Warnings) > 0 {
		m.step("The build printed %d warning(s); see above.", len(res.Warnings))
	}
	old := public + ".old"
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	if err := os.Rename(public, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("site: swap builds: %w", err)
	}
	if err := os.Rename(next, public); err != nil {
		return fmt.Errorf("site: swap builds: %w", err)
	}
	return os.RemoveAll(old)
}

// siteHandler serves the built site once the first build is done, and
// until then a page saying it is being built, in the visitor's language.
func (m *Main) siteHandler(public string) http.Handler {
	files, building := site.Handler(public), site.Building()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !m.siteReady.Load() {
			building.ServeHTTP(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// siteStatus says, for the health check, whether the site is served yet.
func (m *Main) siteStatus() string {
	if m.siteReady.Load() {
		return api.SiteServing
	}
	return api.SiteBuilding
}

func (m *Main) step(format string, args ...any) {
	fmt.Fprintf(m.Out, "• "+format+"\n", args...)
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runPortal(ctx, "serve", "Build the public site with the pinned Hugo and serve it with the API (/api/v1/…).\nThe first run on a machine compiles Hugo, which takes a few minutes.", true, args, stdout, stderr)
}

func runAPI(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runPortal(ctx, "api", "Run the API alone, under /api/v1/ (the site is served elsewhere, e.g. by Netlify).", false, args, stdout, stderr)
}

func runPortal(ctx context.Context, name, summary string, withSite bool, args []string, stdout, stderr io.Writer) error {
	m := &Main{Out: stdout, WithSite: withSite}
	fs := newFlagSet(name, summary, stderr)
	m.Config.bind(fs, withSite)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: %w", fs.Arg(0), errUsage)
	}
	m.Logger = newLogger(stderr, m.Config.LogLevel)
	if err := m.Open(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nNuevos Senderos is running at %s (API: %sapi/v1/health). Press Ctrl+C to stop.\n", m.URL(), m.URL())
	<-ctx.Done()
	fmt.Fprintln(stdout, "Stopping…")
	return m.Close()
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

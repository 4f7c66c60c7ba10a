package backoffice

import (
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// staffRoute is one method of a registered back-office route, with a
// concrete path that the route matches.
type staffRoute struct {
	template, method, path string
}

// publicStaffRoutes answer without a session.
var publicStaffRoutes = []string{
	"GET /staff/login", "POST /staff/login",
	"GET /staff/login/code", "POST /staff/login/code",
	"GET /staff/setup/{token}", "POST /staff/setup/{token}",
	"GET /staff/static/staff.css", "HEAD /staff/static/staff.css",
	"GET /staff/calendar/{token:[A-Za-z0-9_-]+}.ics",
}

// caseRoutes are the case pages' routes, which need a session like the
// others.
var caseRoutes = []string{
	"POST /staff/families/{id:[0-9]+}/case",
	"GET /staff/cases/{id:[0-9]+}", "GET /staff/cases/{id:[0-9]+}/interview", "POST /staff/cases/{id:[0-9]+}/interview",
	"GET /staff/cases/{id:[0-9]+}/itinerary", "POST /staff/cases/{id:[0-9]+}/itinerary",
	"POST /staff/cases/{id:[0-9]+}/agreement", "POST /staff/cases/{id:[0-9]+}/visits", "POST /staff/cases/{id:[0-9]+}/moved",
	"GET /staff/cases/{id:[0-9]+}/followups/{fid:[0-9]+}", "POST /staff/cases/{id:[0-9]+}/followups/{fid:[0-9]+}",
	"POST /staff/cases/{id:[0-9]+}/warnings/{wid:[0-9]+}/close",
	"GET /staff/calendar", "POST /staff/calendar",
}

var pathVar = regexp.MustCompile(`\{([^{}:]+)(?::((?:[^{}]|\{[^{}]*\})+))?\}`)

// staffRoutes walks the router for every route under /staff.
func staffRoutes(t *testing.T, srv *Server) []staffRoute {
	t.Helper()
	var out []staffRoute
	err := srv.router.Walk(func(r *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := r.GetPathTemplate()
		if err != nil || (tpl != "/staff" && !strings.HasPrefix(tpl, "/staff/")) {
			return nil
		}
		methods, err := r.GetMethods()
		if err != nil {
			return nil // a subrouter
		}
		path := concretePath(t, r, tpl)
		for _, m := range methods {
			out = append(out, staffRoute{template: tpl, method: m, path: path})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// concretePath fills the route's variables with values it accepts.
func concretePath(t *testing.T, r *mux.Route, tpl string) string {
	t.Helper()
	for _, candidate := range []string{"1", "x", "X1", "a-1", "2026"} {
		path := pathVar.ReplaceAllString(tpl, candidate)
		req, _ := http.NewRequest(http.MethodGet, path, nil)
		methods, _ := r.GetMethods()
		req.Method = methods[0]
		if r.Match(req, &mux.RouteMatch{}) {
			return path
		}
	}
	t.Fatalf("no value fits the variables of %s", tpl)
	return ""
}

func TestEveryStaffRouteNeedsALogin(t *testing.T) {
	srv, _ := newStaffServer(t)
	b := newBrowser(t, srv)
	routes := staffRoutes(t, srv)
	var public []string
	checked := 0
	for _, r := range routes {
		name := r.method + " " + r.template
		if slices.Contains(publicStaffRoutes, name) {
			public = append(public, name)
			continue
		}
		req, _ := http.NewRequest(r.method, b.base.String()+r.path, strings.NewReader("csrf=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, _ := b.do(req)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/login" {
			t.Errorf("anonymous %s %s: %d to %q, want 303 to /staff/login", r.method, r.path, res.StatusCode, res.Header.Get("Location"))
		}
		checked++
	}
	slices.Sort(public)
	want := slices.Clone(publicStaffRoutes)
	slices.Sort(want)
	if !slices.Equal(public, want) {
		t.Errorf("public routes = %v, want %v", public, want)
	}
	// The back-office's own routes at least: home, logout, accounts, audit,
	// and the case pages.
	if checked < 11 {
		t.Errorf("only %d routes checked; is the walk missing some?", checked)
	}
	for _, want := range caseRoutes {
		if !slices.ContainsFunc(routes, func(r staffRoute) bool { return r.method+" "+r.template == want }) {
			t.Errorf("the walk did not find %s", want)
		}
	}
}

func TestEveryStateChangeNeedsTheCSRFToken(t *testing.T) {
	srv, _ := newStaffServer(t)
	admin := mustStaff(t, srv, senderos.RoleAdmin, "admin@example.org")
	b := newBrowser(t, srv)
	cookie := mustLogin(t, srv, admin)
	b.setCookie(cookie)
	checked := 0
	for _, r := range staffRoutes(t, srv) {
		if r.method == http.MethodGet || r.method == http.MethodHead ||
			slices.Contains(publicStaffRoutes, r.method+" "+r.template) {
			continue
		}
		for _, form := range []url.Values{{}, {"csrf": {"wrong"}}} {
			req, _ := http.NewRequest(r.method, b.base.String()+r.path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if res, _ := b.do(req); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s with csrf=%q: %d, want 403", r.method, r.path, form.Get("csrf"), res.StatusCode)
			}
		}
		checked++
	}
	if checked < 7 {
		t.Errorf("only %d state-changing routes checked", checked)
	}
	// The session is still alive: the refusals changed nothing.
	if res, _ := b.get("/staff/"); res.StatusCode != http.StatusOK {
		t.Errorf("home after the refusals: %d", res.StatusCode)
	}
}

func TestPublicFormsRefuseCrossSitePosts(t *testing.T) {
	srv, _ := newStaffServer(t)
	b := newBrowser(t, srv)
	for _, path := range []string{"/staff/login", "/staff/login/code", "/staff/setup/x"} {
		req, _ := http.NewRequest(http.MethodPost, b.base.String()+path, strings.NewReader("email=a"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if res, _ := b.do(req); res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d", path, res.StatusCode)
		}
	}
}

func TestStaffPagesHeaders(t *testing.T) {
	srv, _ := newStaffServer(t)
	b := newBrowser(t, srv)
	for _, path := range []string{"/staff/login", "/staff/nowhere"} {
		res, body := b.get(path)
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "script-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code", path)
		}
		if h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, h.Get("Cache-Control"))
		}
		if !strings.Contains(h.Get("X-Robots-Tag"), "noindex") || !strings.Contains(body, `<meta name="robots" content="noindex`) {
			t.Errorf("%s: not marked noindex", path)
		}
		if !strings.Contains(body, `href="#main"`) || !strings.Contains(body, `<main id="main"`) {
			t.Errorf("%s: no skip link to the main landmark", path)
		}
	}
	if res, _ := b.get("/staff/nowhere"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown page: %d", res.StatusCode)
	}
	res, css := b.get("/staff/static/staff.css")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") || !strings.Contains(css, ":focus-visible") {
		t.Errorf("stylesheet: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

func TestStaffLanguage(t *testing.T) {
	srv, _ := newStaffServer(t)
	lang := func(body string) string {
		m := regexp.MustCompile(`<html lang="([a-z]+)" dir="([a-z]+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no <html lang dir>")
		}
		return m[1] + " " + m[2]
	}
	t.Run("SpanishByDefault", func(t *testing.T) {
		if _, body := newBrowser(t, srv).get("/staff/login"); lang(body) != "es ltr" {
			t.Errorf("got %s", lang(body))
		}
	})
	t.Run("FromAcceptLanguage", func(t *testing.T) {
		if _, body := newBrowser(t, srv).get("/staff/login", "Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5"); lang(body) != "fr ltr" {
			t.Errorf("got %s", lang(body))
		}
	})
	t.Run("ChosenLanguageIsKeptAndArabicIsRTL", func(t *testing.T) {
		b := newBrowser(t, srv)
		_, body := b.get("/staff/login?lang=ar", "Accept-Language", "en")
		if lang(body) != "ar rtl" || !strings.Contains(body, staffText("ar", "login.title")) {
			t.Errorf("got %s", lang(body))
		}
		if _, body := b.get("/staff/login", "Accept-Language", "en"); lang(body) != "ar rtl" {
			t.Errorf("after choosing: %s", lang(body))
		}
	})
	t.Run("FromTheAccount", func(t *testing.T) {
		b := newBrowser(t, srv)
		b.setCookie(mustLogin(t, srv, &senderos.Staff{Lang: "fr"}))
		if _, body := b.get("/staff/", "Accept-Language", "en"); lang(body) != "fr ltr" {
			t.Errorf("got %s", lang(body))
		}
	})
	t.Run("SwitcherLinksEveryLanguage", func(t *testing.T) {
		_, body := newBrowser(t, srv).get("/staff/login")
		for _, l := range web.Languages {
			if !strings.Contains(body, `href="/staff/login?lang=`+l+`"`) {
				t.Errorf("no link to %s", l)
			}
		}
	})
}

var textKeyInTemplate = regexp.MustCompile(`\.[TN] "([^"]+)"`)

func TestStaffTemplates(t *testing.T) {
	sets, err := staffTemplates()
	if err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(staffTemplateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	partials, _ := fs.Glob(staffTemplateFS, "templates/_*.html")
	if len(sets) != len(files)-1-len(partials) { // the layout and partials are in every set
		t.Errorf("%d template sets for %d files, %d of them partials", len(sets), len(files), len(partials))
	}
	for _, f := range files {
		body, _ := fs.ReadFile(staffTemplateFS, f)
		src := string(body)
		for _, bad := range []string{"<script", "<style", " style=", " onclick=", " onload=", "javascript:"} {
			if strings.Contains(src, bad) {
				t.Errorf("%s has inline code %q, which the CSP blocks", f, bad)
			}
		}
		for _, m := range textKeyInTemplate.FindAllStringSubmatch(src, -1) {
			if staffText("en", m[1]) == m[1] {
				t.Errorf("%s uses the unknown text %q", f, m[1])
			}
		}
	}
}

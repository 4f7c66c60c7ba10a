package backoffice

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
	"github.com/cepaim/senderos/texts"
)

//go:embed templates/*.html
var staffTemplateFS embed.FS

// staffPage is what every back-office template is executed with.
type staffPage struct {
	Lang  string          // es, en, fr or ar
	Dir   string          // ltr or rtl
	Title string          // already translated
	Staff *senderos.Staff // the logged-in account; nil on login pages
	CSRF  string          // the session's token, for every POST form
	Flash string          // a one-line message shown above the content
	Path  string          // the request path, for the language switcher
	Data  any             // the page's own data
}

// T returns the text of key in the page's language, formatted with args.
func (p *staffPage) T(key string, args ...any) string {
	return staffText(p.Lang, key, args...)
}

// N returns the plural text of key in the page's language in the form for
// n, formatted with args (n alone when there are none).
func (p *staffPage) N(key string, n int, args ...any) string {
	return staffTextN(p.Lang, key, n, args...)
}

// Languages lists the back-office languages for the language switcher.
func (p *staffPage) Languages() []staffLanguage { return staffLanguages }

// IsAdmin reports whether the logged-in account is an admin.
func (p *staffPage) IsAdmin() bool {
	return p.Staff != nil && p.Staff.Role == senderos.RoleAdmin
}

// staffText returns key in lang from the catalogue (texts/<lang>.toml), or
// a closed list's label (vocabLabel); an unknown key is returned as itself,
// so that a missing text shows (and the catalogue test catches it).
func staffText(lang, key string, args ...any) string {
	if label, ok := vocabLabel(lang, key); ok {
		return label
	}
	return texts.T(lang, key, args...)
}

// staffTextN returns the plural text key in lang in the form for n (see
// texts.N).
func staffTextN(lang, key string, n int, args ...any) string {
	return texts.N(lang, key, n, args...)
}

// staffTemplates holds one template set per page: the layout, the shared
// partials (files whose name starts with "_") and the page's "content"
// (and optional "head") definitions.
var staffTemplates = sync.OnceValues(func() (map[string]*template.Template, error) {
	entries, err := staffTemplateFS.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	layout, err := staffTemplateFS.ReadFile("templates/layout.html")
	if err != nil {
		return nil, err
	}
	base, err := template.New("layout").Funcs(staffFuncs).Parse(string(layout))
	if err != nil {
		return nil, fmt.Errorf("staff layout: %w", err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "_") {
			if _, err := base.ParseFS(staffTemplateFS, "templates/"+e.Name()); err != nil {
				return nil, fmt.Errorf("staff template %s: %w", e.Name(), err)
			}
		}
	}
	out := map[string]*template.Template{}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		body, err := staffTemplateFS.ReadFile("templates/" + e.Name())
		if err != nil {
			return nil, err
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.New(name).Parse(string(body)); err != nil {
			return nil, fmt.Errorf("staff template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
})

// staffFuncs are the helpers every back-office template may use.
var staffFuncs = template.FuncMap{
	"join": strings.Join,
	// paged carries the page along with a value into a partial template.
	"paged": func(p *staffPage, v any) paged { return paged{Page: p, V: v} },
	// date and datetime show times in UTC, the same for every reader.
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"add": func(a, b int) int { return a + b },
	// fid is the id of a case form's field (caseform.go); opts marks the
	// option whose value is current.
	"fid":       fieldID,
	"opts":      markSelected,
	"sel":       sel,
	"queueList": queueList,
	"sub":       func(a, b int) int { return a - b },
}

type staffCtxKey int

const (
	staffKey staffCtxKey = iota
	sessionKey
)

// staffFrom returns the logged-in account, or nil.
func staffFrom(ctx context.Context) *senderos.Staff {
	st, _ := ctx.Value(staffKey).(*senderos.Staff)
	return st
}

// sessionFrom returns the request's session, or nil.
func sessionFrom(ctx context.Context) *senderos.Session {
	se, _ := ctx.Value(sessionKey).(*senderos.Session)
	return se
}

// withStaff returns r carrying st (and se, when not nil) in its context.
func withStaff(r *http.Request, st *senderos.Staff, se *senderos.Session) *http.Request {
	ctx := context.WithValue(r.Context(), staffKey, st)
	if se != nil {
		ctx = context.WithValue(ctx, sessionKey, se)
	}
	return r.WithContext(ctx)
}

// renderStaff writes the back-office page named page (templates/
// <page>.html) with status, titled by the text titleKey.
func (s *Server) renderStaff(w http.ResponseWriter, r *http.Request, status int, page, titleKey string, data any) {
	lang := s.staffLang(r)
	p := &staffPage{
		Lang: lang, Dir: "ltr", Title: staffText(lang, titleKey),
		Staff: staffFrom(r.Context()), Path: r.URL.Path, Data: data,
		Flash: s.takeFlash(w, r, lang),
	}
	if lang == "ar" {
		p.Dir = "rtl"
	}
	if se := sessionFrom(r.Context()); se != nil {
		p.CSRF = se.CSRFToken
	}
	sets, err := staffTemplates()
	if err != nil {
		s.staffInternal(w, r, err)
		return
	}
	t, ok := sets[page]
	if !ok {
		s.staffInternal(w, r, fmt.Errorf("no staff template %q", page))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.staffInternal(w, r, fmt.Errorf("staff template %s: %w", page, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", lang)
	w.WriteHeader(status)
	if _, err := w.Write(buf.Bytes()); err != nil {
		s.logger.Warn("write staff page", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
	}
}

// staffInternal answers when even the error page cannot be rendered.
func (s *Server) staffInternal(w http.ResponseWriter, r *http.Request, err error) {
	s.logger.Error("staff page", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintln(w, "Internal error.")
}

// staffErrorData is what the error page shows.
type staffErrorData struct {
	Status  int
	Message string // the error's own user-safe message; "" for internal errors
}

// staffError writes err as an HTML error page, its status from the
// error's code. Internal errors are logged in full and shown only as a
// generic message.
func (s *Server) staffError(w http.ResponseWriter, r *http.Request, err error) {
	code := senderos.ErrorCode(err)
	data := staffErrorData{Status: web.ErrorStatus(code)}
	if code == senderos.EINTERNAL {
		s.logger.Error("internal error", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
	} else if msg, ok := web.ShownMessage(err); ok {
		data.Message = msg
	} else {
		data.Message = staffDetail(s.staffLang(r), code)
	}
	s.renderStaff(w, r, data.Status, "error", "error."+code, data)
}

// audit appends an entry for the logged-in account (if any) to the audit
// log. Target names a record by reference, never by personal data. A
// failure to write it is logged.
func (s *Server) audit(r *http.Request, action, target, outcome, detail string) {
	e := &senderos.AuditEntry{Action: action, Target: target, Outcome: outcome, Detail: detail, Actor: "anonymous"}
	if st := staffFrom(r.Context()); st != nil {
		e.StaffID, e.Actor = st.ID, st.Email
	}
	s.recordAudit(r, e)
}

// recordAudit appends e to the audit log, logging a failure to write it.
func (s *Server) recordAudit(r *http.Request, e *senderos.AuditEntry) {
	if e.At.IsZero() {
		e.At = s.Now()
	}
	if err := s.audits.RecordAudit(r.Context(), e); err != nil {
		s.logger.Error("audit log", "request_id", web.RequestIDFrom(r.Context()), "action", e.Action,
			"outcome", e.Outcome, "error", err.Error())
	}
}

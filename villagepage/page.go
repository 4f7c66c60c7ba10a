package villagepage

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
	"github.com/cepaim/senderos/texts"
)

// page is what the municipality's page shows, in one language.
type page struct {
	Lang, Dir string
	Path      string // the page's own path, with its token: the forms post under it
	Langs     []langLink
	Contact   string

	Code, Name string
	Village    *senderos.Village
	Jobs       []*senderos.Job
	Homes      []*senderos.Home
	Changes    []*senderos.VillageChange
	Proposals  []*proposalView

	CSRF string
	// Form names the form the problems are about (job, home, village,
	// close, answer); FormID the offer or proposal it was about.
	Form     string
	FormID   int64
	Problems map[string]string // field → message, in Lang
	Failed   string            // a message for the whole form
	Done     string            // what was just recorded: the form's name

	JobIn     jobInput
	HomeIn    homeInput
	VillageIn villageInput
	AnswerIn  answerInput

	today time.Time
}

type langLink struct {
	Code, Name, Dir string
	Current         bool
}

var langNames = map[string]string{"es": "Español", "en": "English", "fr": "Français", "ar": "العربية"}

func t(lang, key string, args ...any) string { return texts.T(lang, key, args...) }

func dir(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// T returns the text key in the page's language.
func (p *page) T(key string, args ...any) string { return t(p.Lang, key, args...) }

// N returns the plural text key for n in the page's language.
func (p *page) N(key string, n int, args ...any) string { return texts.N(p.Lang, key, n, args...) }

// Label returns value's label in list name, in the page's language.
func (p *page) Label(name, value string) string {
	for _, l := range senderos.Vocabulary {
		if l.Name == name {
			if s, ok := l.Label(value, p.Lang); ok {
				return s
			}
		}
	}
	return value
}

// Options returns the values of list name.
func (p *page) Options(name string) []string {
	for _, l := range senderos.Vocabulary {
		if l.Name == name {
			return l.Values()
		}
	}
	return nil
}

// Err returns the problem of field in form, "" for none.
func (p *page) Err(form, field string) string {
	if p.Form != form {
		return ""
	}
	return p.Problems[field]
}

// ErrFor returns the problem of field in form about offer or proposal id.
func (p *page) ErrFor(form string, id int64, field string) string {
	if p.FormID != id {
		return ""
	}
	return p.Err(form, field)
}

// Date writes a day in the page's language.
func (p *page) Date(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	months := strings.Split(p.T("villagepage.months"), ",")
	m := d.Month().String()
	if int(d.Month()) <= len(months) {
		m = months[d.Month()-1]
	}
	return p.T("villagepage.date", d.Day(), m, d.Year())
}

// Day is d as an <input type="date"> value.
func (p *page) Day(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.UTC().Format(time.DateOnly)
}

// Today is today's day, the least start of a new job offer.
func (p *page) Today() string { return p.Day(p.today) }

// JobName names job id of the village for a list: its sector and tasks.
func (p *page) JobName(id int64) string {
	for _, j := range p.Jobs {
		if j.ID == id {
			return p.Label("sectors", j.Sector) + " — " + j.Tasks
		}
	}
	return fmt.Sprintf("#%d", id)
}

// newPage returns the page's frame in lang.
func newPage(r *http.Request, lang, path string) *page {
	p := &page{Lang: lang, Dir: dir(lang), Path: path, Contact: Contact}
	for _, l := range web.Languages {
		p.Langs = append(p.Langs, langLink{Code: l, Name: langNames[l], Dir: dir(l), Current: l == lang})
	}
	return p
}

// pagePath is the page's own path: the request's up to its token.
func pagePath(r *http.Request) string {
	parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 3)
	if len(parts) < 2 {
		return r.URL.Path
	}
	return "/" + parts[0] + "/" + parts[1]
}

// build fills p with what the village has: its facts, open offers,
// changes waiting for review and the proposals for it.
func (s *Server) build(r *http.Request, code string, p *page) error {
	ctx := r.Context()
	p.Code, p.Name, p.today = code, code, senderos.Day(s.now())
	v, err := s.offers.FindVillage(ctx, code)
	switch {
	case err == nil:
		p.Village, p.Name = v, v.Name
	case senderos.ErrorCode(err) != senderos.ENOTFOUND:
		return err
	}
	live := []string{senderos.OfferOpen, senderos.OfferProposed}
	if p.Jobs, err = s.offers.FindJobs(ctx, senderos.OfferFilter{Municipality: code, Status: live}); err != nil {
		return err
	}
	if p.Homes, err = s.offers.FindHomes(ctx, senderos.OfferFilter{Municipality: code, Status: live}); err != nil {
		return err
	}
	if p.Changes, err = s.villages.FindChanges(ctx, code, senderos.ChangePending); err != nil {
		return err
	}
	if p.Proposals, err = s.proposals(r, code); err != nil {
		return err
	}
	if p.Village != nil && p.VillageIn.HospitalKm == "" && p.VillageIn.TownKm == "" && p.VillageIn.Services == nil {
		p.VillageIn = villageInput{Services: slices.Clone(p.Village.Services),
			HospitalKm: number(p.Village.HospitalKm), TownKm: number(p.Village.TownKm)}
	}
	return nil
}

func number(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

var templates = sync.OnceValues(func() (*template.Template, error) {
	return template.New("").ParseFS(files, "templates/*.html")
})

// render writes the named template with data.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	tpl, err := templates()
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if err := web.WriteHTML(w, status, tpl, name+".html", data); err != nil {
		s.internal(w, r, fmt.Errorf("village page template %s: %w", name, err))
	}
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.logger.Error("village page", "request_id", web.RequestIDFrom(r.Context()), "err", err)
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

// doneForms are the forms whose success the page may announce.
var doneForms = []string{"job", "home", "close", "village", "accept", "decline"}

// handlePage shows the municipality its page, in the language it chose
// (?lang=) or its browser's.
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	code, hash := s.open(w, r)
	if code == "" {
		return
	}
	p := newPage(r, web.Negotiate(r, r.URL.Query().Get("lang")), pagePath(r))
	if err := s.build(r, code, p); err != nil {
		s.internal(w, r, err)
		return
	}
	p.CSRF = s.formToken(hash)
	if d := r.URL.Query().Get("done"); slices.Contains(doneForms, d) {
		p.Done = d
	}
	s.audit(r, &senderos.AuditEntry{Actor: "village link", Action: senderos.AuditVillagePage,
		Target: code, Outcome: senderos.OutcomeOK, Detail: "lang=" + p.Lang})
	s.render(w, r, http.StatusOK, "page", p)
}

// inputView is one input of a form, with its label and problem.
type inputView struct {
	ID, Name, Type, Label, Hint, Value, Err string
	Required                                bool
	RequiredText                            string
}

// In returns input name of form with value, labelled in the page's
// language; typ is its type (text, number, date, email, tel); a trailing
// "*" on typ marks it required.
func (p *page) In(form, name, typ, value string) inputView {
	v := inputView{ID: form + "-" + strings.ReplaceAll(name, ".", "-"), Name: name, Value: value,
		Label: p.T("villagepage.field." + name), Err: p.Err(form, name)}
	v.Type, v.Required = strings.CutSuffix(typ, "*")
	v.RequiredText = p.T("villagepage.required")
	if texts.Has("villagepage.hint." + name) {
		v.Hint = p.T("villagepage.hint." + name)
	}
	return v
}

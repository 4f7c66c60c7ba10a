package familypage

import (
	"cmp"
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

// page is what the family's page shows, in one language.
type page struct {
	Lang, Dir string
	Path      string // the page's own path, with its token: the form posts there
	Langs     []langLink

	Plan       *senderos.Revision // nil when there is none yet
	Phases     []phaseView
	Next       []nextItem
	Technician string // first name only; "" for nobody yet
	Contact    string

	Form     feedbackInput
	Problems map[string]string // field → message, in Lang
	Failed   string            // a message for the whole form
	Decision int               // the follow-up month whose question is asked; 0 for none
	CSRF     string
	Thanks   bool

	Proposal       *proposalView     // nil when there is none to show
	Answer         answerInput       // the answer form as sent
	AnswerProblems map[string]string // field → message, in Lang
	ProposalCSRF   string
	Answered       bool // the page follows the family's answer
}

// T returns the text key in the page's language.
func (p *page) T(key string, args ...any) string { return t(p.Lang, key, args...) }

// Isolated returns the text key with value in it, value isolated from the
// text's direction (a Latin name or address in Arabic keeps its place and
// the full stop after it).
func (p *page) Isolated(key, value string) template.HTML { return isolated(p.Lang, key, value) }

func isolated(lang, key, value string) template.HTML {
	const mark = "\x00"
	s := template.HTMLEscapeString(t(lang, key, mark))
	return template.HTML(strings.Replace(s, template.HTMLEscapeString(mark), "<bdi>"+template.HTMLEscapeString(value)+"</bdi>", 1))
}

// Date writes a day in the page's language, with the month in words.
func (p *page) Date(d time.Time) string { return date(p.Lang, d) }

// Label returns the family's word for value of list, in the page's
// language.
func (p *page) Label(list senderos.List, value string) string {
	if l, ok := list.Label(value, p.Lang); ok {
		return l
	}
	return value
}

// Scores are the answers of a satisfaction question, 1 to 5.
func (p *page) Scores() []int { return []int{1, 2, 3, 4, 5} }

// Answers are the answers to "was moving a good decision?".
func (p *page) Answers() []string { return senderos.IntendsToStayList.Values() }

// Lists gives the template the lists whose labels it shows.
func (p *page) Lists() map[string]senderos.List {
	return map[string]senderos.List{"area": senderos.GoalAreaList, "who": senderos.ResponsibleList,
		"status": senderos.GoalStatusList, "agreement": senderos.AgreementList, "answer": senderos.IntendsToStayList}
}

type langLink struct {
	Code, Name, Dir string
	Current         bool
}

var langNames = map[string]string{"es": "Español", "en": "English", "fr": "Français", "ar": "العربية"}

// phaseView is a phase of the plan and its goals.
type phaseView struct {
	Name  string
	Goals []senderos.Goal
}

// nextItem is a step or an appointment to come, or one overdue.
type nextItem struct {
	On   time.Time
	Kind string // already translated: a step, an appointment, a follow-up
	What string
}

func t(lang, key string, args ...any) string { return texts.T(lang, key, args...) }

func dir(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// date writes d as its day, month in words and year, Western digits in
// every language.
func date(lang string, d time.Time) string {
	if d.IsZero() {
		return ""
	}
	months := strings.Split(t(lang, "familypage.months"), ",")
	m := d.Month().String()
	if int(d.Month()) <= len(months) {
		m = months[d.Month()-1]
	}
	return t(lang, "familypage.date", d.Day(), m, d.Year())
}

// maxNext bounds the list of next steps: the page must stay one sheet.
const maxNext = 8

// build fills p from the case: the current plan, what comes next, the
// technician's first name, and the follow-up question if one is due.
func (s *Server) build(r *http.Request, c *senderos.Case, p *page) error {
	ctx := r.Context()
	p.Contact = Contact
	rev, err := s.cases.CurrentRevision(ctx, c.ID)
	switch {
	case err == nil:
		p.Plan = rev
	case senderos.ErrorCode(err) != senderos.ENOTFOUND:
		return err
	}
	today := senderos.Day(s.now())
	if rev != nil {
		for _, ph := range senderos.PhaseList.Values() {
			v := phaseView{Name: p.Label(senderos.PhaseList, ph)}
			for _, g := range rev.Goals {
				if string(g.Phase) == ph {
					v.Goals = append(v.Goals, g)
				}
			}
			if len(v.Goals) > 0 {
				p.Phases = append(p.Phases, v)
			}
		}
		for _, tk := range rev.Tasks {
			if !tk.Done {
				p.Next = append(p.Next, nextItem{On: tk.Due, Kind: p.T("familypage.task"), What: tk.What})
			}
		}
	}
	visits, err := s.cases.FindVisits(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, v := range visits {
		if !v.Done && !v.On.Before(today) {
			what, _ := senderos.VisitKindList.Label(v.Kind, p.Lang)
			if v.Place != "" {
				what += " — " + v.Place
			}
			p.Next = append(p.Next, nextItem{On: v.On, Kind: p.T("familypage.appointment"), What: what})
		}
	}
	followUps, err := s.cases.FindFollowUps(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, f := range followUps {
		if !f.Done() {
			p.Next = append(p.Next, nextItem{On: f.Due, Kind: p.T("familypage.appointment"), What: p.T("familypage.followup", f.Month)})
		}
	}
	slices.SortStableFunc(p.Next, func(a, b nextItem) int { return a.On.Compare(b.On) })
	p.Next = p.Next[:min(len(p.Next), maxNext)]

	if c.AssigneeID != 0 {
		st, err := s.staff.FindStaffByID(ctx, c.AssigneeID)
		if err != nil && senderos.ErrorCode(err) != senderos.ENOTFOUND {
			return err
		}
		if st != nil {
			if f := strings.Fields(st.Name); len(f) > 0 {
				p.Technician = f[0]
			}
		}
	}
	if p.Decision, err = s.decisionMonth(r, c, followUps, today); err != nil {
		return err
	}
	p.Proposal, err = s.proposal(r, c, p.Lang)
	return err
}

// The days around a follow-up at which the page asks whether moving was a
// good decision: from a fortnight before it is due to three months after.
const (
	decisionBefore = 14 * 24 * time.Hour
	decisionAfter  = 90 * 24 * time.Hour
)

// decisionMonth returns the month of the follow-up of DecisionMonths that
// is due or recent and whose question the family has not answered yet; 0
// for none.
func (s *Server) decisionMonth(r *http.Request, c *senderos.Case, followUps []*senderos.FollowUp, today time.Time) (int, error) {
	var asked []*senderos.FollowUp
	for _, f := range followUps {
		if f.AsksDecision() && !today.Before(f.Due.Add(-decisionBefore)) && today.Before(f.Due.Add(decisionAfter)) {
			asked = append(asked, f)
		}
	}
	if len(asked) == 0 {
		return 0, nil
	}
	f := slices.MaxFunc(asked, func(a, b *senderos.FollowUp) int { return cmp.Compare(a.Month, b.Month) })
	if f.Check != nil && f.Check.GoodDecision != "" {
		return 0, nil
	}
	feedback, err := s.family.FindFeedback(r.Context(), c.ID)
	if err != nil {
		return 0, err
	}
	for _, fb := range feedback {
		if fb.Month == f.Month && fb.GoodDecision != "" {
			return 0, nil
		}
	}
	return f.Month, nil
}

// language returns the page's language: the one chosen with ?lang=, else
// the one the family used in its form, else its browser's.
func (s *Server) language(r *http.Request, c *senderos.Case, chosen string) string {
	langs := []string{chosen}
	if sub, err := s.submissions.FindSubmissionByID(r.Context(), c.SubmissionID); err == nil {
		if sub.Interest != nil {
			langs = append(langs, sub.Interest.Contact.Language)
		}
		langs = append(langs, sub.Lang)
	}
	return web.Negotiate(r, langs...)
}

// newPage returns the page's frame in lang.
func newPage(r *http.Request, lang string) *page {
	p := &page{Lang: lang, Dir: dir(lang), Path: r.URL.Path}
	for _, l := range web.Languages {
		p.Langs = append(p.Langs, langLink{Code: l, Name: langNames[l], Dir: dir(l), Current: l == lang})
	}
	return p
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
		s.internal(w, r, fmt.Errorf("family page template %s: %w", name, err))
	}
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.logger.Error("family page", "request_id", web.RequestIDFrom(r.Context()), "err", err)
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

// handlePage shows the family its page.
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	c, hash := s.open(w, r)
	if c == nil {
		return
	}
	p := newPage(r, s.language(r, c, r.URL.Query().Get("lang")))
	if err := s.build(r, c, p); err != nil {
		s.internal(w, r, err)
		return
	}
	p.CSRF = s.formToken(hash)
	p.ProposalCSRF = s.proposalFormToken(hash)
	p.Thanks = r.URL.Query().Get("sent") == "1"
	p.Answered = r.URL.Query().Get("answered") == "1"
	s.audit(r, &senderos.AuditEntry{Actor: "family link", Action: senderos.AuditFamilyPage,
		Target: c.Reference, Outcome: senderos.OutcomeOK, Detail: "lang=" + p.Lang})
	s.render(w, r, http.StatusOK, "page", p)
}

package villagepage

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// maxFormBytes bounds a posted form: a job offer's texts with room to
// spare.
const maxFormBytes = 64 << 10

// The problems the page finds itself, before the domain: what a browser
// sends that is no date or no number.
const (
	problemBadDate   = "bad_date"
	problemBadNumber = "bad_number"
)

// jobInput is the job offer form as the municipality sent it.
type jobInput struct {
	Employer, ContactName, ContactPhone, ContactEmail string
	Sector, Tasks, Contract, SpanishLevel             string
	HoursWeek, Start, PayMin, PayMax, Vacancies       string
	NeedsLicence, NeedsExperience, HomeIncluded       bool
}

// homeInput is the home form as sent.
type homeInput struct {
	Bedrooms, Rent, AvailableFrom, Job, Notes string
	Furnished, StepFree                       bool
}

// villageInput is the services and distances form as sent.
type villageInput struct {
	Services           []string
	HospitalKm, TownKm string
}

// HasService reports whether the form has service s ticked.
func (in villageInput) HasService(s string) bool {
	for _, x := range in.Services {
		if x == s {
			return true
		}
	}
	return false
}

func text(v url.Values, field string) string {
	return strings.TrimSpace(strings.ReplaceAll(v.Get(field), "\r\n", "\n"))
}

func formInt(p *senderos.Problems, v url.Values, field string) int {
	s := strings.TrimSpace(v.Get(field))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.Add(field, problemBadNumber)
	}
	return n
}

func formDate(p *senderos.Problems, v url.Values, field string) time.Time {
	s := strings.TrimSpace(v.Get(field))
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		p.Add(field, problemBadDate)
	}
	return d
}

// posted opens the link of a posted form, reads it and returns the page to
// answer with, or answers itself (neutral page, bad token) and returns nil.
func (s *Server) posted(w http.ResponseWriter, r *http.Request, form string) (*page, string) {
	code, hash := s.open(w, r)
	if code == "" {
		return nil, ""
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	parseErr := r.ParseForm()
	lang, _ := web.SiteLanguage(r.PostFormValue("lang"))
	p := newPage(r, web.Negotiate(r, lang), pagePath(r))
	p.CSRF = s.formToken(hash)
	p.Form = form
	p.FormID, _ = strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	if parseErr != nil || !s.validToken(r, hash) {
		p.Failed = p.T("villagepage.err_form")
		s.answer(w, r, code, p, http.StatusBadRequest)
		return nil, ""
	}
	return p, code
}

// answer shows the page again with the form's problems.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, code string, p *page, status int) {
	if err := s.build(r, code, p); err != nil {
		s.internal(w, r, err)
		return
	}
	s.render(w, r, status, "page", p)
}

// done sends the browser back to the page, saying what was recorded
// (Post/Redirect/Get).
func (s *Server) done(w http.ResponseWriter, r *http.Request, p *page, what, anchor string) {
	q := url.Values{"lang": {p.Lang}, "done": {what}}
	http.Redirect(w, r, p.Path+"?"+q.Encode()+"#"+anchor, http.StatusSeeOther)
}

// propose stores change c, or shows the page again with its problems; it
// reports whether c was stored.
func (s *Server) propose(w http.ResponseWriter, r *http.Request, code string, p *page, c *senderos.VillageChange, problems senderos.Problems) bool {
	now := s.now()
	c.Municipality, c.At, c.Status = code, now, senderos.ChangePending
	if len(problems) == 0 {
		problems = c.Validate(now)
	}
	if len(problems) == 0 {
		err := s.villages.ProposeChange(r.Context(), c, now)
		switch {
		case senderos.ErrorCode(err) == senderos.ENOTFOUND && (c.Kind == senderos.ChangeCloseJob || c.Kind == senderos.ChangeCloseHome):
			p.Failed = p.T("villagepage.err_not_ours")
			s.answer(w, r, code, p, http.StatusNotFound)
			return false
		case errors.As(err, &problems):
		case err != nil:
			s.internal(w, r, err)
			return false
		}
	}
	if len(problems) > 0 {
		p.Problems = map[string]string{}
		for _, q := range problems {
			if _, ok := p.Problems[q.Field]; !ok {
				p.Problems[q.Field] = problemText(p, q)
			}
		}
		p.Failed = p.T("villagepage.errors")
		s.answer(w, r, code, p, http.StatusUnprocessableEntity)
		return false
	}
	return true
}

// problemText words a field's problem in the page's language.
func problemText(p *page, q senderos.FieldProblem) string {
	arg := func(i int) int {
		if i < len(q.Args) {
			if n, ok := q.Args[i].(int); ok {
				return n
			}
		}
		return 0
	}
	switch q.Code {
	case senderos.ProblemTooLong:
		return p.N("villagepage.problem.too_long", arg(0))
	case senderos.ProblemOutOfRange:
		return p.T("villagepage.problem.out_of_range", arg(0), arg(1))
	case senderos.ProblemDateOrder:
		return p.T("villagepage.problem.date_order")
	case senderos.ProblemRequired, senderos.ProblemNotInList, senderos.ProblemBadText, senderos.ProblemInvisible,
		problemBadDate, problemBadNumber:
		return p.T("villagepage.problem." + q.Code)
	}
	return p.T("villagepage.problem.invalid")
}

// handleJob proposes a new job offer of the village.
func (s *Server) handleJob(w http.ResponseWriter, r *http.Request) {
	p, code := s.posted(w, r, "job")
	if p == nil {
		return
	}
	v := r.PostForm
	in := jobInput{
		Employer: text(v, "employer"), ContactName: text(v, "contact.name"), ContactPhone: text(v, "contact.phone"),
		ContactEmail: text(v, "contact.email"), Sector: v.Get("sector"), Tasks: text(v, "tasks"),
		Contract: v.Get("contract"), SpanishLevel: v.Get("spanish_level"),
		HoursWeek: text(v, "hours_week"), Start: text(v, "start"), PayMin: text(v, "pay_min"),
		PayMax: text(v, "pay_max"), Vacancies: text(v, "vacancies"),
		NeedsLicence: v.Get("needs_licence") == "on", NeedsExperience: v.Get("needs_experience") == "on",
		HomeIncluded: v.Get("home_included") == "on",
	}
	p.JobIn = in
	var pr senderos.Problems
	j := &senderos.Job{Municipality: code, Employer: in.Employer,
		Contact: senderos.Contact{Name: in.ContactName, Phone: in.ContactPhone, Email: in.ContactEmail},
		Sector:  in.Sector, Tasks: in.Tasks, Contract: in.Contract, SpanishLevel: in.SpanishLevel,
		HoursWeek: formInt(&pr, v, "hours_week"), Start: formDate(&pr, v, "start"),
		PayMin: formInt(&pr, v, "pay_min"), PayMax: formInt(&pr, v, "pay_max"), Vacancies: formInt(&pr, v, "vacancies"),
		NeedsLicence: in.NeedsLicence, NeedsExperience: in.NeedsExperience, HomeIncluded: in.HomeIncluded,
		Status: senderos.OfferOpen}
	pr = besides(pr, j.Validate(s.now(), true))
	if s.propose(w, r, code, p, &senderos.VillageChange{Kind: senderos.ChangeAddJob, Job: j}, pr) {
		s.done(w, r, p, "job", "changes")
	}
}

// handleHome proposes a new home in the village.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	p, code := s.posted(w, r, "home")
	if p == nil {
		return
	}
	v := r.PostForm
	in := homeInput{Bedrooms: text(v, "bedrooms"), Rent: text(v, "rent"), AvailableFrom: text(v, "available_from"),
		Job: v.Get("job"), Notes: text(v, "notes"), Furnished: v.Get("furnished") == "on", StepFree: v.Get("step_free") == "on"}
	p.HomeIn = in
	var pr senderos.Problems
	h := &senderos.Home{Municipality: code, Bedrooms: formInt(&pr, v, "bedrooms"), Rent: formInt(&pr, v, "rent"),
		AvailableFrom: formDate(&pr, v, "available_from"), Notes: in.Notes,
		Furnished: in.Furnished, StepFree: in.StepFree, Status: senderos.OfferOpen}
	if in.Job != "" {
		id, err := strconv.ParseInt(in.Job, 10, 64)
		if err != nil || id <= 0 {
			pr.Add("job", senderos.ProblemNotInList)
		}
		h.JobID = id
	}
	pr = besides(pr, h.Validate(s.now()))
	if s.propose(w, r, code, p, &senderos.VillageChange{Kind: senderos.ChangeAddHome, Home: h}, pr) {
		s.done(w, r, p, "home", "changes")
	}
}

// handleClose proposes closing one of the village's job offers or homes.
func (s *Server) handleClose(w http.ResponseWriter, r *http.Request) {
	p, code := s.posted(w, r, "close")
	if p == nil {
		return
	}
	c := &senderos.VillageChange{TargetID: p.FormID}
	switch r.PostFormValue("offer") {
	case "job":
		c.Kind = senderos.ChangeCloseJob
	case "home":
		c.Kind = senderos.ChangeCloseHome
	default:
		p.Failed = p.T("villagepage.err_form")
		s.answer(w, r, code, p, http.StatusBadRequest)
		return
	}
	if s.propose(w, r, code, p, c, nil) {
		s.done(w, r, p, "close", "changes")
	}
}

// handleVillage proposes new services and distances of the village.
func (s *Server) handleVillage(w http.ResponseWriter, r *http.Request) {
	p, code := s.posted(w, r, "village")
	if p == nil {
		return
	}
	v := r.PostForm
	in := villageInput{Services: v["services"], HospitalKm: text(v, "hospital_km"), TownKm: text(v, "town_km")}
	if in.Services == nil {
		in.Services = []string{}
	}
	p.VillageIn = in
	var pr senderos.Problems
	vil := &senderos.Village{Code: code, Services: in.Services,
		HospitalKm: formInt(&pr, v, "hospital_km"), TownKm: formInt(&pr, v, "town_km")}
	pr = besides(pr, vil.Validate())
	if s.propose(w, r, code, p, &senderos.VillageChange{Kind: senderos.ChangeVillage, Village: vil}, pr) {
		s.done(w, r, p, "village", "changes")
	}
}

// besides returns pr, the numbers and dates the browser sent wrong, with
// the problems in more of the fields pr does not name: whatever else the
// form lacks. When pr has none it stays empty: the store checks the rest.
func besides(pr, more senderos.Problems) senderos.Problems {
	if len(pr) == 0 {
		return pr
	}
	for _, q := range more {
		if !pr.Has(q.Field) {
			pr = append(pr, q)
		}
	}
	return pr
}

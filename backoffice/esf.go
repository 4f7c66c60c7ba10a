package backoffice

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
)

// The European Social Fund's data per participant lives on a case's page
// /staff/cases/{id}/esf: one form per member of the household, the entry
// items, the exit and six months later. The special categories
// (foreign background, disability, minority) are shown and recorded only by
// staff who may see them (Staff.CanSeeSensitive); a technician saving a
// member's form keeps what was recorded for them.

// registerESFRoutes mounts the ESF pages when the back-office has an ESF
// service: a case's participants (who may read the case), and the report
// (coordinators and admins).
func (s *Server) registerESFRoutes(r *mux.Router) {
	if s.esf == nil {
		return
	}
	if s.Cases != nil {
		r.HandleFunc("/cases/{id:[0-9]+}/esf", s.handleESFPage).Methods(http.MethodGet)
		r.HandleFunc("/cases/{id:[0-9]+}/esf/{member:[0-9]+}", s.handleESFSave).Methods(http.MethodPost)
	}
	report := s.requireRole(senderos.RoleAdmin, senderos.RoleCoordinator)
	r.Handle("/esf", report(http.HandlerFunc(s.handleESFReport))).Methods(http.MethodGet)
	r.Handle("/esf.csv", report(http.HandlerFunc(s.handleESFReportCSV))).Methods(http.MethodGet)
	r.Handle("/esf.xlsx", report(http.HandlerFunc(s.handleESFReportXLSX))).Methods(http.MethodGet)
}

// esfPath is the path of case id's ESF page.
func esfPath(caseID int64) string {
	return casePath(caseID) + "/esf"
}

// esfForm is one member's form: its values and, after a failed send, its
// problems. Its inputs' ids start with m<N>- so that the page's forms do
// not share ids.
type esfForm struct {
	N        int    // the member's number, from 1
	Who      string // the household member, as the interview has them
	Values   url.Values
	Missing  []string // the entry items still to record, named
	Problems []problemRow
	Heading  string
	Choose   string // the empty choice of a select
	byField  map[string]string
}

// ID is the id of field's input.
func (f *esfForm) ID(field string) string { return "m" + strconv.Itoa(f.N) + "-" + fieldID(field) }

// V returns the form's value of field.
func (f *esfForm) V(field string) string { return f.Values.Get(field) }

// Is reports whether field holds value (radios, checkboxes).
func (f *esfForm) Is(field, value string) bool { return f.Values.Get(field) == value }

// E returns the problem with field.
func (f *esfForm) E(field string) string { return f.byField[field] }

// Attr ties field's input to its problem, if it has one.
func (f *esfForm) Attr(field string) template.HTMLAttr {
	if f.E(field) == "" {
		return ""
	}
	return template.HTMLAttr(` aria-invalid="true" aria-describedby="` + f.ID(field) + `-problem"`)
}

// Described ties a group of radios (a fieldset) to field's problem.
func (f *esfForm) Described(field string) template.HTMLAttr {
	if f.E(field) == "" {
		return ""
	}
	return template.HTMLAttr(` aria-describedby="` + f.ID(field) + `-problem"`)
}

// P shows field's problem next to it.
func (f *esfForm) P(field string) template.HTML {
	msg := f.E(field)
	if msg == "" {
		return ""
	}
	return template.HTML(`<span class="problem" id="` + f.ID(field) + `-problem">` + template.HTMLEscapeString(msg) + `</span>`)
}

// esfPageView is what a case's ESF page shows.
type esfPageView struct {
	Case                                        *senderos.Case
	Base                                        string
	Forms                                       []*esfForm
	Sent                                        *esfForm
	Sensitive                                   bool // the account may see and record the special categories
	Genders, Labours, Educations, Nationalities []option
	Answers                                     []option // yes, no, declined
	Today                                       string
}

// esfFields are the entry's fields in the order the form shows them.
var esfFields = []string{"on", "gender", "birth_date", "labour", "unemployed_since", "education", "nationality",
	"foreign_background", "disability", "minority", "housing_exclusion"}

// esfFieldLabel names a field of the ESF form in lang.
func esfFieldLabel(lang, field string) string {
	return staffText(lang, "esf.f."+field)
}

// handleESFPage shows a case's ESF forms, one per member.
func (s *Server) handleESFPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	s.renderESF(w, r, c, http.StatusOK, nil)
}

// renderESF draws a case's ESF page; sent is the form sent with problems.
func (s *Server) renderESF(w http.ResponseWriter, r *http.Request, c *senderos.Case, status int, sent *esfForm) {
	lang, st := s.staffLang(r), staffFrom(r.Context())
	ps, err := s.esf.FindESF(r.Context(), c.ID, st.ID, s.Now())
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	byMember := map[int]*senderos.ESFParticipant{}
	n := len(c.Household)
	for _, p := range ps {
		byMember[p.Member] = p
		n = max(n, p.Member)
	}
	d := &esfPageView{Case: c, Base: casePath(c.ID), Sensitive: st.CanSeeSensitive(), Today: dateValue(s.Now()),
		Genders:       esfOptions(lang, "esf.person.", senderos.Genders...),
		Labours:       esfOptions(lang, "esf.labour.", senderos.LabourUnemployed, senderos.LabourInactive, senderos.LabourEmployed),
		Educations:    esfOptions(lang, "esf.isced.", senderos.ISCED02, senderos.ISCED34, senderos.ISCED58),
		Nationalities: esfOptions(lang, "esf.nationality.", senderos.NationalityEU, senderos.NationalityThirdCountry, senderos.NationalityStateless),
		Answers:       esfOptions(lang, "esf.answer.", senderos.AnswerYes, senderos.AnswerNo, senderos.AnswerDeclined),
	}
	for m := 1; m <= n; m++ {
		if sent != nil && sent.N == m {
			sent.Who, sent.Choose = memberText(lang, c, m), staffText(lang, "case.choose")
			d.Forms, d.Sent = append(d.Forms, sent), sent
			continue
		}
		p := byMember[m]
		f := &esfForm{N: m, Who: memberText(lang, c, m), Values: esfValues(p), byField: map[string]string{},
			Choose: staffText(lang, "case.choose")}
		if p == nil {
			p = &senderos.ESFParticipant{}
		}
		for _, field := range p.Missing() {
			if d.Sensitive || !senderos.Sensitive(field) {
				f.Missing = append(f.Missing, esfFieldLabel(lang, field))
			}
		}
		if !d.Sensitive {
			for _, field := range esfFields {
				if senderos.Sensitive(field) {
					f.Values.Del(field)
				}
			}
		}
		d.Forms = append(d.Forms, f)
	}
	s.renderStaff(w, r, status, "esf", "esf.title", d)
}

// memberText names member m of c's household: their first name or
// initial and age as the interview recorded them.
func memberText(lang string, c *senderos.Case, m int) string {
	if m-1 < len(c.Household) {
		h := c.Household[m-1]
		return staffText(lang, "esf.member_named", m, h.Name, staffTextN(lang, "case.age", h.Age))
	}
	return staffText(lang, "esf.member", m)
}

// esfOptions are values with their labels, the text keys prefix+value.
func esfOptions(lang, prefix string, values ...string) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: v, Label: staffText(lang, prefix+v)}
	}
	return out
}

// esfValues are p's data as the form's values; empty for no record.
func esfValues(p *senderos.ESFParticipant) url.Values {
	v := url.Values{}
	if p == nil {
		return v
	}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	check := func(k string, b bool) {
		if b {
			v.Set(k, "yes")
		}
	}
	e := p.Entry
	set("on", dateValue(e.On))
	set("gender", e.Gender)
	set("birth_date", dateValue(e.BirthDate))
	set("labour", e.Labour)
	set("unemployed_since", dateValue(e.UnemployedSince))
	set("education", e.Education)
	set("nationality", e.Nationality)
	set("foreign_background", e.ForeignBackground)
	set("disability", e.Disability)
	set("minority", e.Minority)
	set("housing_exclusion", e.HousingExclusion)
	check("rural", e.Rural)
	if x := p.Exit; x != nil {
		set("exit.on", dateValue(x.On))
		check("exit.job_searching", x.JobSearching)
		check("exit.in_education", x.InEducation)
		check("exit.qualification", x.Qualification)
		check("exit.employed", x.Employed)
	}
	if l := p.Later; l != nil {
		set("later.on", dateValue(l.On))
		check("later.employed", l.Employed)
		check("later.improved", l.Improved)
	}
	return v
}

// parseESF reads a member's form into a participant of case c, with the
// problems of its dates. The special categories come from the form only
// when sensitive is true; otherwise they are kept from old (nil for none).
func parseESF(v url.Values, c *senderos.Case, member int, old *senderos.ESFParticipant, sensitive bool) (*senderos.ESFParticipant, senderos.Problems) {
	var pr senderos.Problems
	yes := func(k string) bool { return v.Get(k) == "yes" }
	p := &senderos.ESFParticipant{CaseID: c.ID, Member: member, Entry: senderos.ESFEntry{
		On: formDate(&pr, v, "on"), Gender: formText(v, "gender"), BirthDate: formDate(&pr, v, "birth_date"),
		Labour: formText(v, "labour"), UnemployedSince: formDate(&pr, v, "unemployed_since"),
		Education: formText(v, "education"), Nationality: formText(v, "nationality"),
		ForeignBackground: formText(v, "foreign_background"), Disability: formText(v, "disability"),
		Minority: formText(v, "minority"), HousingExclusion: formText(v, "housing_exclusion"), Rural: yes("rural"),
	}}
	if p.Entry.Labour != senderos.LabourUnemployed {
		p.Entry.UnemployedSince = time.Time{}
	}
	if !sensitive {
		p.Entry.ForeignBackground, p.Entry.Disability, p.Entry.Minority = "", "", ""
		if old != nil {
			p.Entry.ForeignBackground, p.Entry.Disability, p.Entry.Minority = old.Entry.ForeignBackground, old.Entry.Disability, old.Entry.Minority
		}
	}
	exitOn := formDate(&pr, v, "exit.on")
	if !exitOn.IsZero() || yes("exit.job_searching") || yes("exit.in_education") || yes("exit.qualification") || yes("exit.employed") {
		p.Exit = &senderos.ESFExit{On: exitOn, JobSearching: yes("exit.job_searching"), InEducation: yes("exit.in_education"),
			Qualification: yes("exit.qualification"), Employed: yes("exit.employed")}
	}
	laterOn := formDate(&pr, v, "later.on")
	if !laterOn.IsZero() || yes("later.employed") || yes("later.improved") {
		p.Later = &senderos.ESFLater{On: laterOn, Employed: yes("later.employed"), Improved: yes("later.improved")}
	}
	return p, pr
}

// handleESFSave records a member's ESF data; with problems, the page is
// drawn again with them next to the fields and nothing is stored.
func (s *Server) handleESFSave(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	lang, st := s.staffLang(r), staffFrom(r.Context())
	member, err := strconv.Atoi(mux.Vars(r)["member"])
	if err != nil || member < 1 || member > max(len(c.Household), senderos.MaxHousehold) {
		s.staffError(w, r, recordError(senderos.ENOTFOUND, staffText(lang, "case.not_found")))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.staffError(w, r, senderos.Errorf(senderos.EINVALID, "Bad form."))
		return
	}
	var old *senderos.ESFParticipant
	if !st.CanSeeSensitive() {
		ps, err := s.esf.FindESF(r.Context(), c.ID, st.ID, s.Now())
		if err != nil {
			s.staffError(w, r, err)
			return
		}
		for _, p := range ps {
			if p.Member == member {
				old = p
			}
		}
	}
	p, pr := parseESF(r.PostForm, c, member, old, st.CanSeeSensitive())
	if len(pr) == 0 {
		pr = p.Validate(s.Now())
	}
	if len(pr) == 0 {
		err = s.esf.SaveESF(r.Context(), p, st.ID, s.Now())
		if !errors.As(err, &pr) && err != nil {
			s.staffError(w, r, err)
			return
		}
	}
	if len(pr) > 0 {
		s.audit(r, senderos.AuditCaseChange, c.Reference, senderos.OutcomeFailed, fmt.Sprintf("esf member %d: %s", member, senderos.EINVALID))
		v := url.Values{}
		for k, vals := range r.PostForm {
			if k != "csrf" {
				v[k] = vals
			}
		}
		if !st.CanSeeSensitive() {
			for _, field := range esfFields {
				if senderos.Sensitive(field) {
					v.Del(field)
				}
			}
		}
		s.renderESF(w, r, c, http.StatusUnprocessableEntity, esfFormWithProblems(lang, member, v, pr))
		return
	}
	s.setFlash(w, "esf.flash.saved")
	http.Redirect(w, r, esfPath(c.ID)+"#m"+strconv.Itoa(member), http.StatusSeeOther)
}

// esfFormWithProblems is member's form sent with values v and problems pr,
// worded in lang.
func esfFormWithProblems(lang string, member int, v url.Values, pr senderos.Problems) *esfForm {
	f := &esfForm{N: member, Values: v, byField: map[string]string{}, Heading: staffText(lang, "case.problems")}
	for _, q := range pr {
		if _, seen := f.byField[q.Field]; seen {
			continue
		}
		msg := problemText(lang, q)
		if q.Code == senderos.ProblemDateOrder && len(q.Args) > 0 {
			after, _ := q.Args[0].(string)
			msg = staffText(lang, "esf.problem.date_order", esfFieldLabel(lang, after))
		}
		f.byField[q.Field] = msg
		f.Problems = append(f.Problems, problemRow{ID: f.ID(q.Field), Message: esfFieldLabel(lang, q.Field) + ": " + msg})
	}
	return f
}

// esfChoice is a closed choice of a member's form, for the templates
// "esf-radios" and "esf-select".
type esfChoice struct {
	Form    *esfForm
	Field   string
	Legend  string
	Options []option
}

// Choice gathers field's options, the one the form holds selected.
func (f *esfForm) Choice(field, legend string, opts []option) esfChoice {
	return esfChoice{Form: f, Field: field, Legend: legend, Options: markSelected(opts, f.V(field))}
}

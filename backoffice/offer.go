package backoffice

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
)

// The job offers and homes of a village, under
// /staff/villages/{code}/jobs and /staff/villages/{code}/homes: a form to
// add one, the same form to change it, and a button to withdraw it. A form
// sent with problems is drawn again with them next to their fields, and
// nothing is stored.

// offerData is the page of a job's or a home's form.
type offerData struct {
	Village *senderos.Village
	Base    string // the village's page
	Action  string // where the form posts
	New     bool
	Form    *caseForm
	// Choices of the job's form.
	Sectors, Contracts, Levels []option
	// Status is the offer's status, named (the store keeps it).
	Status string
	// Jobs of the village a home may be tied to.
	Jobs []option
}

// newOfferForm returns form name with values v and the problems of err
// (Problems) in lang, each named by its field's label.
func newOfferForm(name, lang string, v url.Values, err error) *caseForm {
	f := &caseForm{Name: name, Values: v, byField: map[string]string{}, Heading: staffText(lang, "matchpage.problems")}
	var p senderos.Problems
	if errors.As(err, &p) {
		for _, q := range p {
			if _, seen := f.byField[q.Field]; seen {
				continue
			}
			msg := offerProblemText(lang, q)
			f.byField[q.Field] = msg
			key := "matchpage.f." + strings.ReplaceAll(q.Field, ".", "_")
			if label := staffText(lang, key); label != key {
				msg = label + ": " + msg
			}
			f.Problems = append(f.Problems, problemRow{ID: fieldID(q.Field), Message: msg})
		}
	}
	return f
}

// offerProblemText words a problem of the village and matching forms.
func offerProblemText(lang string, q senderos.FieldProblem) string {
	switch q.Code {
	case senderos.ProblemDateOrder:
		if len(q.Args) > 0 && q.Args[0] == "today" {
			return staffText(lang, "matchpage.problem.before_today")
		}
	case senderos.ProblemDeadline, senderos.ProblemAnswered, senderos.ProblemClosed:
		return staffText(lang, "matchpage.problem."+q.Code)
	}
	return problemText(lang, q)
}

// listChoices are the options of closed list l, labelled in lang.
func listChoices(lang string, l senderos.List, only ...string) []option {
	var out []option
	for _, t := range l.Terms {
		if len(only) > 0 && !contains(only, t.Value) {
			continue
		}
		out = append(out, option{Value: t.Value, Label: t.Label.In(lang)})
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// label returns value's label in closed list l, the value itself when the
// list has none.
func label(l senderos.List, value, lang string) string {
	if s, ok := l.Label(value, lang); ok {
		return s
	}
	return value
}

func checkbox(v url.Values, field string) bool { return v.Get(field) != "" }

func boolValue(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// jobValues are job j as its form's values.
func jobValues(j *senderos.Job) url.Values {
	return url.Values{
		"employer": {j.Employer}, "contact.name": {j.Contact.Name}, "contact.phone": {j.Contact.Phone},
		"contact.email": {j.Contact.Email}, "sector": {j.Sector}, "tasks": {j.Tasks}, "contract": {j.Contract},
		"hours_week": {offerItoa(j.HoursWeek)}, "start": {dateValue(j.Start)}, "pay_min": {offerItoa(j.PayMin)},
		"pay_max": {offerItoa(j.PayMax)}, "vacancies": {offerItoa(j.Vacancies)}, "needs_licence": {boolValue(j.NeedsLicence)},
		"spanish_level": {j.SpanishLevel}, "needs_experience": {boolValue(j.NeedsExperience)},
		"home_included": {boolValue(j.HomeIncluded)}, "status": {j.Status},
	}
}

func offerItoa(n int) string { return strconv.Itoa(n) }

// jobFromForm reads a job's form into j (its other fields kept), with the
// problems of what is no number or no date.
func jobFromForm(j *senderos.Job, v url.Values) senderos.Problems {
	var p senderos.Problems
	j.Employer = formText(v, "employer")
	j.Contact = senderos.Contact{Name: formText(v, "contact.name"), Phone: formText(v, "contact.phone"), Email: formText(v, "contact.email")}
	j.Sector, j.Tasks, j.Contract = formText(v, "sector"), formText(v, "tasks"), formText(v, "contract")
	j.HoursWeek = formInt(&p, v, "hours_week")
	j.Start = formDate(&p, v, "start")
	j.PayMin, j.PayMax = formInt(&p, v, "pay_min"), formInt(&p, v, "pay_max")
	j.Vacancies = formInt(&p, v, "vacancies")
	j.NeedsLicence, j.NeedsExperience, j.HomeIncluded = checkbox(v, "needs_licence"), checkbox(v, "needs_experience"), checkbox(v, "home_included")
	j.SpanishLevel = formText(v, "spanish_level")
	if st := formText(v, "status"); st != "" {
		j.Status = st
	}
	return p
}

// homeValues are home h as its form's values.
func homeValues(h *senderos.Home) url.Values {
	job := ""
	if h.JobID != 0 {
		job = strconv.FormatInt(h.JobID, 10)
	}
	return url.Values{
		"job": {job}, "bedrooms": {offerItoa(h.Bedrooms)}, "rent": {offerItoa(h.Rent)}, "available_from": {dateValue(h.AvailableFrom)},
		"furnished": {boolValue(h.Furnished)}, "step_free": {boolValue(h.StepFree)}, "notes": {h.Notes}, "status": {h.Status},
	}
}

// homeFromForm reads a home's form into h; jobs are the ids the village's
// jobs may be tied to.
func homeFromForm(h *senderos.Home, v url.Values, jobs []option) senderos.Problems {
	var p senderos.Problems
	h.JobID = 0
	if s := formText(v, "job"); s != "" {
		known := false
		for _, o := range jobs {
			known = known || o.Value == s
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !known {
			p.Add("job", senderos.ProblemNotInList)
		}
		h.JobID = id
	}
	h.Bedrooms = formInt(&p, v, "bedrooms")
	h.Rent = formInt(&p, v, "rent")
	h.AvailableFrom = formDate(&p, v, "available_from")
	h.Furnished, h.StepFree = checkbox(v, "furnished"), checkbox(v, "step_free")
	h.Notes = formText(v, "notes")
	if st := formText(v, "status"); st != "" {
		h.Status = st
	}
	return p
}

// offerPath is the path of a village's job ("jobs") or home ("homes").
func offerPath(code, kind string, id int64) string {
	return villagePath(code) + "/" + kind + "/" + strconv.FormatInt(id, 10)
}

func (s *Server) offerData(r *http.Request, v *senderos.Village, action string, isNew bool, f *caseForm) (*offerData, error) {
	lang := s.staffLang(r)
	d := &offerData{Village: v, Base: villagePath(v.Code), Action: action, New: isNew, Form: f,
		Sectors:   listChoices(lang, senderos.SectorList),
		Contracts: listChoices(lang, senderos.ContractList),
		Levels:    listChoices(lang, senderos.SpanishLevelList),
	}
	if st := f.V("status"); !isNew && st != "" {
		d.Status = label(senderos.OfferStatusList, st, lang)
	}
	jobs, err := s.Offers.FindJobs(r.Context(), senderos.OfferFilter{Municipality: v.Code})
	if err != nil {
		return nil, err
	}
	for _, j := range jobs {
		if j.Status == senderos.OfferWithdrawn {
			continue
		}
		d.Jobs = append(d.Jobs, option{Value: strconv.FormatInt(j.ID, 10),
			Label: "#" + strconv.FormatInt(j.ID, 10) + " " + j.Employer + " · " + label(senderos.SectorList, j.Sector, lang)})
	}
	return d, nil
}

func (s *Server) renderOffer(w http.ResponseWriter, r *http.Request, status int, page, title string, v *senderos.Village, action string, isNew bool, f *caseForm) {
	d, err := s.offerData(r, v, action, isNew, f)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.renderStaff(w, r, status, page, title, d)
}

// offerID reads the {oid} of the path.
func offerID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(mux.Vars(r)["oid"], 10, 64)
	return id
}

func (s *Server) handleNewJob(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	f := newOfferForm("job", s.staffLang(r), url.Values{"start": {dateValue(s.Now().AddDate(0, 0, 14))}, "vacancies": {"1"}, "hours_week": {"40"}}, nil)
	s.renderOffer(w, r, http.StatusOK, "offer_job", "matchpage.job.new", v, villagePath(v.Code)+"/jobs", true, f)
}

func (s *Server) handleCreateJob(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	now, lang := s.Now(), s.staffLang(r)
	r.ParseForm()
	j := &senderos.Job{Municipality: v.Code, Status: senderos.OfferOpen}
	p := jobFromForm(j, r.PostForm)
	j.Status = senderos.OfferOpen
	p = append(p, j.Validate(now, true)...)
	err := p.Err()
	if err == nil {
		err = s.Offers.CreateJob(r.Context(), j, staffFrom(r.Context()).ID, now)
	}
	if senderos.ErrorCode(err) == senderos.EINVALID {
		s.audit(r, senderos.AuditChange, "village:"+v.Code, senderos.OutcomeFailed, "job: invalid")
		s.renderOffer(w, r, http.StatusUnprocessableEntity, "offer_job", "matchpage.job.new", v, villagePath(v.Code)+"/jobs", true, newOfferForm("job", lang, r.PostForm, err))
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.published(r)
	s.setFlash(w, "matchpage.flash.job_added")
	http.Redirect(w, r, villagePath(v.Code), http.StatusSeeOther)
}

// loadJob returns the job {oid} of village v, or answers 404.
func (s *Server) loadJob(w http.ResponseWriter, r *http.Request, v *senderos.Village) (*senderos.Job, bool) {
	j, err := s.Offers.FindJob(r.Context(), offerID(r))
	if err == nil && j.Municipality != v.Code {
		err = senderos.Errorf(senderos.ENOTFOUND, "no such job")
	}
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		s.staffError(w, r, recordError(senderos.ENOTFOUND, staffText(s.staffLang(r), "matchpage.job.not_found")))
		return nil, false
	} else if err != nil {
		s.staffError(w, r, err)
		return nil, false
	}
	return j, true
}

func (s *Server) handleJobPage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	j, ok := s.loadJob(w, r, v)
	if !ok {
		return
	}
	s.audit(r, senderos.AuditView, jobTarget(j.ID), senderos.OutcomeOK, "")
	s.renderOffer(w, r, http.StatusOK, "offer_job", "matchpage.job.edit", v, offerPath(v.Code, "jobs", j.ID), false,
		newOfferForm("job", s.staffLang(r), jobValues(j), nil))
}

func jobTarget(id int64) string  { return "job:" + strconv.FormatInt(id, 10) }
func homeTarget(id int64) string { return "home:" + strconv.FormatInt(id, 10) }

func (s *Server) handleUpdateJob(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	j, ok := s.loadJob(w, r, v)
	if !ok {
		return
	}
	now, lang := s.Now(), s.staffLang(r)
	r.ParseForm()
	p := jobFromForm(j, r.PostForm)
	p = append(p, j.Validate(now, false)...)
	err := p.Err()
	if err == nil {
		err = s.Offers.UpdateJob(r.Context(), j, staffFrom(r.Context()).ID, now)
	}
	switch senderos.ErrorCode(err) {
	case "":
	case senderos.EINVALID:
		s.audit(r, senderos.AuditChange, jobTarget(j.ID), senderos.OutcomeFailed, "invalid")
		s.renderOffer(w, r, http.StatusUnprocessableEntity, "offer_job", "matchpage.job.edit", v, offerPath(v.Code, "jobs", j.ID), false, newOfferForm("job", lang, r.PostForm, err))
		return
	case senderos.ECONFLICT:
		s.staffError(w, r, recordError(senderos.ECONFLICT, staffText(lang, "matchpage.job.conflict")))
		return
	default:
		s.staffError(w, r, err)
		return
	}
	s.published(r)
	s.setFlash(w, "matchpage.flash.job_saved")
	http.Redirect(w, r, villagePath(v.Code), http.StatusSeeOther)
}

func (s *Server) handleWithdrawJob(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	j, ok := s.loadJob(w, r, v)
	if !ok {
		return
	}
	if err := s.Offers.WithdrawJob(r.Context(), j.ID, staffFrom(r.Context()).ID, s.Now()); senderos.ErrorCode(err) == senderos.ECONFLICT {
		s.staffError(w, r, recordError(senderos.ECONFLICT, staffText(s.staffLang(r), "matchpage.withdraw_conflict")))
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.published(r)
	s.setFlash(w, "matchpage.flash.withdrawn")
	http.Redirect(w, r, villagePath(v.Code), http.StatusSeeOther)
}

func (s *Server) handleNewHome(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	vals := url.Values{"available_from": {dateValue(s.Now().AddDate(0, 0, 14))}}
	if j := r.URL.Query().Get("job"); j != "" {
		vals.Set("job", j)
	}
	s.renderOffer(w, r, http.StatusOK, "offer_home", "matchpage.home.new", v, villagePath(v.Code)+"/homes", true, newOfferForm("home", s.staffLang(r), vals, nil))
}

func (s *Server) handleCreateHome(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	now, lang := s.Now(), s.staffLang(r)
	d, err := s.offerData(r, v, "", true, nil)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	r.ParseForm()
	h := &senderos.Home{Municipality: v.Code, Status: senderos.OfferOpen}
	p := homeFromForm(h, r.PostForm, d.Jobs)
	h.Status = senderos.OfferOpen
	p = append(p, h.Validate(now)...)
	err = p.Err()
	if err == nil {
		err = s.Offers.CreateHome(r.Context(), h, staffFrom(r.Context()).ID, now)
	}
	if senderos.ErrorCode(err) == senderos.EINVALID {
		s.audit(r, senderos.AuditChange, "village:"+v.Code, senderos.OutcomeFailed, "home: invalid")
		s.renderOffer(w, r, http.StatusUnprocessableEntity, "offer_home", "matchpage.home.new", v, villagePath(v.Code)+"/homes", true, newOfferForm("home", lang, r.PostForm, err))
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.published(r)
	s.setFlash(w, "matchpage.flash.home_added")
	http.Redirect(w, r, villagePath(v.Code), http.StatusSeeOther)
}

func (s *Server) loadHome(w http.ResponseWriter, r *http.Request, v *senderos.Village) (*senderos.Home, bool) {
	h, err := s.Offers.FindHome(r.Context(), offerID(r))
	if err == nil && h.Municipality != v.Code {
		err = senderos.Errorf(senderos.ENOTFOUND, "no such home")
	}
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		s.staffError(w, r, recordError(senderos.ENOTFOUND, staffText(s.staffLang(r), "matchpage.home.not_found")))
		return nil, false
	} else if err != nil {
		s.staffError(w, r, err)
		return nil, false
	}
	return h, true
}

func (s *Server) handleHomePage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	h, ok := s.loadHome(w, r, v)
	if !ok {
		return
	}
	s.renderOffer(w, r, http.StatusOK, "offer_home", "matchpage.home.edit", v, offerPath(v.Code, "homes", h.ID), false, newOfferForm("home", s.staffLang(r), homeValues(h), nil))
}

func (s *Server) handleUpdateHome(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	h, ok := s.loadHome(w, r, v)
	if !ok {
		return
	}
	now, lang := s.Now(), s.staffLang(r)
	d, err := s.offerData(r, v, "", false, nil)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	r.ParseForm()
	p := homeFromForm(h, r.PostForm, d.Jobs)
	p = append(p, h.Validate(now)...)
	err = p.Err()
	if err == nil {
		err = s.Offers.UpdateHome(r.Context(), h, staffFrom(r.Context()).ID, now)
	}
	switch senderos.ErrorCode(err) {
	case "":
	case senderos.EINVALID:
		s.audit(r, senderos.AuditChange, homeTarget(h.ID), senderos.OutcomeFailed, "invalid")
		s.renderOffer(w, r, http.StatusUnprocessableEntity, "offer_home", "matchpage.home.edit", v, offerPath(v.Code, "homes", h.ID), false, newOfferForm("home", lang, r.PostForm, err))
		return
	case senderos.ECONFLICT:
		s.staffError(w, r, recordError(senderos.ECONFLICT, staffText(lang, "matchpage.home.conflict")))
		return
	default:
		s.staffError(w, r, err)
		return
	}
	s.published(r)
	s.setFlash(w, "matchpage.flash.home_saved")
	http.Redirect(w, r, villagePath(v.Code), http.StatusSeeOther)
}

func (s *Server) handleWithdrawHome(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	h, ok := s.loadHome(w, r, v)
	if !ok {
		return
	}
	if err := s.Offers.WithdrawHome(r.Context(), h.ID, staffFrom(r.Context()).ID, s.Now()); senderos.ErrorCode(err) == senderos.ECONFLICT {
		s.staffError(w, r, recordError(senderos.ECONFLICT, staffText(s.staffLang(r), "matchpage.withdraw_conflict")))
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.published(r)
	s.setFlash(w, "matchpage.flash.withdrawn")
	http.Redirect(w, r, villagePath(v.Code), http.StatusSeeOther)
}

// dayOf is t's day, for showing.
func dayOf(t time.Time) string { return dateValue(t) }

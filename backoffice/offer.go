package backoffice

import (
	"context"
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

// offerKind is what tells a village's job offers from its homes: one set of
// handlers, offerPages, serves both.
type offerKind[T any] struct {
	// name is "job" or "home": the form's name, the page "offer_"+name,
	// the texts "matchpage."+name+"…", the path's name+"s" and the audit
	// target's name+":".
	name string
	// defaults are the values of a new one's form.
	defaults func(r *http.Request, now time.Time) url.Values
	// blank is a new one of village code, open.
	blank func(code string) *T
	// read reads form v into t, its other fields kept, and returns its
	// problems, with those of t.Validate; created is true for a new one.
	read   func(s *Server, r *http.Request, village *senderos.Village, t *T, v url.Values, now time.Time, created bool) (senderos.Problems, error)
	values func(t *T) url.Values
	// key is t's id and its village's code.
	key            func(t *T) (int64, string)
	find           func(senderos.OfferService, context.Context, int64) (*T, error)
	create, update func(senderos.OfferService, context.Context, *T, int64, time.Time) error
	withdraw       func(senderos.OfferService, context.Context, int64, int64, time.Time) error
	// auditView is true where the page shows personal data (a job's
	// contact), so that its view is audited.
	auditView bool
}

var jobOffers = &offerKind[senderos.Job]{
	name: "job",
	defaults: func(_ *http.Request, now time.Time) url.Values {
		return url.Values{"start": {dateValue(now.AddDate(0, 0, 14))}, "vacancies": {"1"}, "hours_week": {"40"}}
	},
	blank: func(code string) *senderos.Job { return &senderos.Job{Municipality: code, Status: senderos.OfferOpen} },
	read: func(_ *Server, _ *http.Request, _ *senderos.Village, j *senderos.Job, v url.Values, now time.Time, created bool) (senderos.Problems, error) {
		p := jobFromForm(j, v)
		if created {
			j.Status = senderos.OfferOpen
		}
		return append(p, j.Validate(now, created)...), nil
	},
	values:    jobValues,
	key:       func(j *senderos.Job) (int64, string) { return j.ID, j.Municipality },
	find:      senderos.OfferService.FindJob,
	create:    senderos.OfferService.CreateJob,
	update:    senderos.OfferService.UpdateJob,
	withdraw:  senderos.OfferService.WithdrawJob,
	auditView: true,
}

var homeOffers = &offerKind[senderos.Home]{
	name: "home",
	defaults: func(r *http.Request, now time.Time) url.Values {
		vals := url.Values{"available_from": {dateValue(now.AddDate(0, 0, 14))}}
		if j := r.URL.Query().Get("job"); j != "" {
			vals.Set("job", j)
		}
		return vals
	},
	blank: func(code string) *senderos.Home {
		return &senderos.Home{Municipality: code, Status: senderos.OfferOpen}
	},
	read: func(s *Server, r *http.Request, village *senderos.Village, h *senderos.Home, v url.Values, now time.Time, created bool) (senderos.Problems, error) {
		jobs, err := s.villageJobs(r, village)
		if err != nil {
			return nil, err
		}
		p := homeFromForm(h, v, jobs)
		if created {
			h.Status = senderos.OfferOpen
		}
		return append(p, h.Validate(now)...), nil
	},
	values:   homeValues,
	key:      func(h *senderos.Home) (int64, string) { return h.ID, h.Municipality },
	find:     senderos.OfferService.FindHome,
	create:   senderos.OfferService.CreateHome,
	update:   senderos.OfferService.UpdateHome,
	withdraw: senderos.OfferService.WithdrawHome,
}

func (k *offerKind[T]) target(id int64) string { return k.name + ":" + strconv.FormatInt(id, 10) }

func jobTarget(id int64) string { return jobOffers.target(id) }

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
	jobs, err := s.villageJobs(r, v)
	if err != nil {
		return nil, err
	}
	d.Jobs = jobs
	return d, nil
}

// villageJobs are the jobs of village v a home may be tied to: those not
// withdrawn.
func (s *Server) villageJobs(r *http.Request, v *senderos.Village) ([]option, error) {
	lang := s.staffLang(r)
	jobs, err := s.Offers.FindJobs(r.Context(), senderos.OfferFilter{Municipality: v.Code})
	if err != nil {
		return nil, err
	}
	var out []option
	for _, j := range jobs {
		if j.Status == senderos.OfferWithdrawn {
			continue
		}
		out = append(out, option{Value: strconv.FormatInt(j.ID, 10),
			Label: "#" + strconv.FormatInt(j.ID, 10) + " " + j.Employer + " · " + label(senderos.SectorList, j.Sector, lang)})
	}
	return out, nil
}

// offerPages are the handlers of kind's offers.
type offerPages[T any] struct {
	*Server
	kind *offerKind[T]
}

// register mounts the pages of the kind's offers of the villages at
// village, the villages' path.
func (p offerPages[T]) register(r *mux.Router, village string) {
	base := village + "/" + p.kind.name + "s"
	r.HandleFunc(base+"/new", p.handleNew).Methods(http.MethodGet)
	r.HandleFunc(base, p.handleCreate).Methods(http.MethodPost)
	r.HandleFunc(base+"/{oid:[0-9]+}", p.handlePage).Methods(http.MethodGet)
	r.HandleFunc(base+"/{oid:[0-9]+}", p.handleUpdate).Methods(http.MethodPost)
	r.HandleFunc(base+"/{oid:[0-9]+}/withdraw", p.handleWithdraw).Methods(http.MethodPost)
}

// render draws the form of an offer of village v: a new one's when id is 0.
func (p offerPages[T]) render(w http.ResponseWriter, r *http.Request, status int, v *senderos.Village, id int64, form url.Values, err error) {
	k := p.kind
	action, title := villagePath(v.Code)+"/"+k.name+"s", "matchpage."+k.name+".new"
	if id != 0 {
		action, title = offerPath(v.Code, k.name+"s", id), "matchpage."+k.name+".edit"
	}
	d, derr := p.offerData(r, v, action, id == 0, newOfferForm(k.name, p.staffLang(r), form, err))
	if derr != nil {
		p.staffError(w, r, derr)
		return
	}
	p.renderStaff(w, r, status, "offer_"+k.name, title, d)
}

// saved ends a change of village v's offers with flash.
func (p offerPages[T]) saved(w http.ResponseWriter, r *http.Request, v *senderos.Village, flash string) {
	p.published(r)
	p.setFlash(w, flash)
	http.Redirect(w, r, villagePath(v.Code), http.StatusSeeOther)
}

// load returns the offer {oid} of the village {code}, or answers 404.
func (p offerPages[T]) load(w http.ResponseWriter, r *http.Request) (*senderos.Village, *T, bool) {
	v, ok := p.loadVillage(w, r)
	if !ok {
		return nil, nil, false
	}
	t, err := p.kind.find(p.Offers, r.Context(), offerID(r))
	if err == nil {
		if _, code := p.kind.key(t); code != v.Code {
			err = senderos.Errorf(senderos.ENOTFOUND, "no such %s", p.kind.name)
		}
	}
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		p.staffError(w, r, recordError(senderos.ENOTFOUND, staffText(p.staffLang(r), "matchpage."+p.kind.name+".not_found")))
		return nil, nil, false
	} else if err != nil {
		p.staffError(w, r, err)
		return nil, nil, false
	}
	return v, t, true
}

// offerID reads the {oid} of the path.
func offerID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(mux.Vars(r)["oid"], 10, 64)
	return id
}

func (p offerPages[T]) handleNew(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadVillage(w, r)
	if !ok {
		return
	}
	p.render(w, r, http.StatusOK, v, 0, p.kind.defaults(r, p.Now()), nil)
}

func (p offerPages[T]) handleCreate(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadVillage(w, r)
	if !ok {
		return
	}
	p.save(w, r, v, p.kind.blank(v.Code), 0)
}

func (p offerPages[T]) handlePage(w http.ResponseWriter, r *http.Request) {
	v, t, ok := p.load(w, r)
	if !ok {
		return
	}
	id, _ := p.kind.key(t)
	if p.kind.auditView {
		p.audit(r, senderos.AuditView, p.kind.target(id), senderos.OutcomeOK, "")
	}
	p.render(w, r, http.StatusOK, v, id, p.kind.values(t), nil)
}

func (p offerPages[T]) handleUpdate(w http.ResponseWriter, r *http.Request) {
	v, t, ok := p.load(w, r)
	if !ok {
		return
	}
	id, _ := p.kind.key(t)
	p.save(w, r, v, t, id)
}

// save reads the form into t, offer id of village v (a new one when id is
// 0), and stores it; or draws the form again with its problems, and
// stores nothing.
func (p offerPages[T]) save(w http.ResponseWriter, r *http.Request, v *senderos.Village, t *T, id int64) {
	k, now, created := p.kind, p.Now(), id == 0
	r.ParseForm()
	problems, err := k.read(p.Server, r, v, t, r.PostForm, now, created)
	if err != nil {
		p.staffError(w, r, err)
		return
	}
	err = problems.Err()
	if err == nil {
		store, by := k.update, staffFrom(r.Context()).ID
		if created {
			store = k.create
		}
		err = store(p.Offers, r.Context(), t, by, now)
	}
	switch code := senderos.ErrorCode(err); {
	case code == "":
	case code == senderos.EINVALID:
		target, detail := k.target(id), "invalid"
		if created {
			target, detail = "village:"+v.Code, k.name+": invalid"
		}
		p.audit(r, senderos.AuditChange, target, senderos.OutcomeFailed, detail)
		p.render(w, r, http.StatusUnprocessableEntity, v, id, r.PostForm, err)
		return
	case code == senderos.ECONFLICT && !created:
		p.staffError(w, r, recordError(senderos.ECONFLICT, staffText(p.staffLang(r), "matchpage."+k.name+".conflict")))
		return
	default:
		p.staffError(w, r, err)
		return
	}
	flash := "matchpage.flash." + k.name + "_saved"
	if created {
		flash = "matchpage.flash." + k.name + "_added"
	}
	p.saved(w, r, v, flash)
}

func (p offerPages[T]) handleWithdraw(w http.ResponseWriter, r *http.Request) {
	v, t, ok := p.load(w, r)
	if !ok {
		return
	}
	id, _ := p.kind.key(t)
	if err := p.kind.withdraw(p.Offers, r.Context(), id, staffFrom(r.Context()).ID, p.Now()); senderos.ErrorCode(err) == senderos.ECONFLICT {
		p.staffError(w, r, recordError(senderos.ECONFLICT, staffText(p.staffLang(r), "matchpage.withdraw_conflict")))
		return
	} else if err != nil {
		p.staffError(w, r, err)
		return
	}
	p.saved(w, r, v, "matchpage.flash.withdrawn")
}

// dayOf is t's day, for showing.
func dayOf(t time.Time) string { return dateValue(t) }

package backoffice

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
)

// The forms of the case page that record what happened: the family's
// agreement, a visit, the move; and the page of one follow-up.

// handleAgreement records the family's agreement to the revision the form
// was drawn with, which must still be the current one.
func (s *Server) handleAgreement(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	v := r.PostForm
	var p senderos.Problems
	a := &senderos.Agreement{On: formDate(&p, v, "agreed_on"), How: v.Get("how"), RecordedBy: staffFrom(r.Context()).ID}
	rev, err := s.Cases.CurrentRevision(r.Context(), c.ID)
	if err != nil {
		s.caseFailed(w, r, c, "agreement", err, nil)
		return
	}
	if n, _ := strconv.Atoi(v.Get("revision")); n != rev.Number {
		p.Add("revision", senderos.ProblemSuperseded)
	}
	a.RevisionID = rev.ID
	detail := "agreement to revision " + strconv.Itoa(rev.Number)
	if len(p) > 0 {
		s.caseFailed(w, r, c, detail, p, s.redrawCase(w, r, c, "agreement", p))
		return
	}
	if err := s.Cases.RecordAgreement(r.Context(), a, s.Now()); err != nil {
		s.caseFailed(w, r, c, detail, err, s.redrawCase(w, r, c, "agreement", err))
		return
	}
	s.caseChanged(w, r, c, detail, "case.flash.agreement")
}

// handleVisit records a field visit, done or planned.
func (s *Server) handleVisit(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	v := r.PostForm
	var p senderos.Problems
	vi := &senderos.Visit{CaseID: c.ID, Kind: v.Get("kind"), On: formDate(&p, v, "on"), Place: formText(v, "place"),
		Done: v.Get("done") == "yes", Outcome: formText(v, "outcome"), NextSteps: formText(v, "next_steps"),
		RecordedBy: staffFrom(r.Context()).ID}
	for _, line := range strings.Split(v.Get("participants"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			vi.Participants = append(vi.Participants, line)
		}
	}
	for _, g := range v["goals"] {
		if n, err := strconv.Atoi(g); err == nil {
			vi.Goals = append(vi.Goals, n)
		}
	}
	err := p.Err()
	if err == nil {
		err = s.Cases.AddVisit(r.Context(), vi, s.Now())
	}
	if err != nil {
		s.caseFailed(w, r, c, "visit", err, s.redrawCase(w, r, c, "visit", err))
		return
	}
	s.caseChanged(w, r, c, "visit "+strconv.FormatInt(vi.ID, 10)+" added", "case.flash.visit")
}

// handleMoved marks the family moved, to a municipality named by its INE
// code or its name, and schedules the follow-ups.
func (s *Server) handleMoved(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	v := r.PostForm
	var p senderos.Problems
	moved := formDate(&p, v, "moved_on")
	code := s.municipalityCode(&p, formText(v, "municipality"))
	err := p.Err()
	if err == nil {
		_, err = s.Cases.MarkMoved(r.Context(), c.ID, staffFrom(r.Context()).ID, moved, code, senderos.DefaultSchedule, s.Now())
	}
	if err != nil {
		s.caseFailed(w, r, c, "moved", err, s.redrawCase(w, r, c, "moved", err))
		return
	}
	s.caseChanged(w, r, c, "moved to "+code, "case.flash.moved")
}

// redrawCase returns what draws the case page again with the form named
// form as it was sent, with err's problems.
func (s *Server) redrawCase(w http.ResponseWriter, r *http.Request, c *senderos.Case, form string, err error) func() {
	return func() {
		s.renderCase(w, r, c, http.StatusUnprocessableEntity, newCaseForm(form, s.staffLang(r), r.PostForm, err))
	}
}

// municipalityCode finds the municipality q names: an INE code, or a name
// that only one municipality has. A problem on "municipality" otherwise.
func (s *Server) municipalityCode(p *senderos.Problems, q string) string {
	switch {
	case q == "":
		p.Add("municipality", senderos.ProblemRequired)
		return ""
	case s.Places == nil:
		return q
	}
	if _, err := s.Places.FindPlace(q); err == nil {
		return q
	}
	found, err := s.Places.FindPlaces("", q, 2)
	if err != nil || len(found) == 0 {
		p.Add("municipality", problemUnknownPlace)
		return ""
	} else if len(found) > 1 {
		p.Add("municipality", problemAmbiguousPlace)
		return ""
	}
	return found[0].Code
}

// The problems of a municipality named in the move form.
const (
	problemUnknownPlace   = "unknown_place"
	problemAmbiguousPlace = "ambiguous_place"
)

// followUpData is what the page of one follow-up shows.
type followUpData struct {
	Case                *senderos.Case
	Base, Path, Month   string
	Due, Done           string
	AsksDecision        bool
	Form                *caseForm
	Lines               []option // the check's lines: field name and label
	Answers, StayAnswer []option
}

// loadFollowUp returns case {id}'s follow-up {fid}, answering 404 when
// the case has none such.
func (s *Server) loadFollowUp(w http.ResponseWriter, r *http.Request) (*senderos.Case, *senderos.FollowUp, bool) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return nil, nil, false
	}
	fid, _ := strconv.ParseInt(mux.Vars(r)["fid"], 10, 64)
	fus, err := s.Cases.FindFollowUps(r.Context(), c.ID)
	if err != nil {
		s.staffError(w, r, err)
		return nil, nil, false
	}
	for _, f := range fus {
		if f.ID == fid {
			return c, f, true
		}
	}
	s.staffError(w, r, recordError(senderos.ENOTFOUND, staffText(s.staffLang(r), "case.not_found")))
	return nil, nil, false
}

func (s *Server) handleFollowUpPage(w http.ResponseWriter, r *http.Request) {
	c, f, ok := s.loadFollowUp(w, r)
	if !ok {
		return
	}
	s.audit(r, senderos.AuditCaseView, c.Reference, senderos.OutcomeOK, "follow-up "+strconv.FormatInt(f.ID, 10))
	s.renderFollowUp(w, r, c, f, http.StatusOK, newCaseForm("followup", s.staffLang(r), url.Values{"done_on": {dateValue(s.Now())}}, nil))
}

func (s *Server) renderFollowUp(w http.ResponseWriter, r *http.Request, c *senderos.Case, f *senderos.FollowUp, status int, form *caseForm) {
	lang := s.staffLang(r)
	d := &followUpData{Case: c, Base: casePath(c.ID), Path: casePath(c.ID) + "/followups/" + strconv.FormatInt(f.ID, 10),
		Month: staffTextN(lang, "case.followup.month", f.Month), Due: dateValue(f.Due), Done: dateValue(f.DoneOn),
		AsksDecision: f.AsksDecision(), Form: form,
		Answers:    listOptions(lang, "case.check.", senderos.CheckAnswerList),
		StayAnswer: listOptions(lang, "case.stay.", senderos.IntendsToStayList)}
	for _, l := range checkLines {
		d.Lines = append(d.Lines, option{Value: l, Label: staffText(lang, "case.check_f."+l)})
	}
	s.renderStaff(w, r, status, "followup", "case.followup.title", d)
}

// checkLines are the lines of a follow-up's check, as the form names them.
var checkLines = []string{"work", "housing", "school", "health_care", "neighbours", "spanish"}

// handleFollowUp records a follow-up as done with its check.
func (s *Server) handleFollowUp(w http.ResponseWriter, r *http.Request) {
	c, f, ok := s.loadFollowUp(w, r)
	if !ok {
		return
	}
	v := r.PostForm
	var p senderos.Problems
	k := &senderos.Check{Work: v.Get("work"), Housing: v.Get("housing"), School: v.Get("school"),
		HealthCare: v.Get("health_care"), Neighbours: v.Get("neighbours"), Spanish: v.Get("spanish"),
		JobLost: v.Get("job_lost") == "yes", HousingProblem: v.Get("housing_problem") == "yes",
		IntendsToStay: v.Get("intends_to_stay"), Note: formText(v, "note")}
	if f.AsksDecision() {
		k.GoodDecision = v.Get("good_decision")
	}
	done := &senderos.FollowUp{ID: f.ID, CaseID: c.ID, Month: f.Month, Due: f.Due,
		DoneOn: formDate(&p, v, "done_on"), By: staffFrom(r.Context()).ID, Check: k}
	err := p.Err()
	if err == nil {
		err = s.Cases.RecordFollowUp(r.Context(), done, s.Now())
	}
	detail := "follow-up " + strconv.FormatInt(f.ID, 10) + " done"
	if err != nil {
		s.caseFailed(w, r, c, detail, err, func() {
			s.renderFollowUp(w, r, c, f, http.StatusUnprocessableEntity, newCaseForm("followup", s.staffLang(r), v, err))
		})
		return
	}
	s.caseChanged(w, r, c, detail, "case.flash.followup")
}

package backoffice

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
)

// The case pages live under /staff/cases/{id}: the case with its
// interview, itinerary, visits, move, follow-ups, warnings and feedback,
// and the forms that change them. A case is opened from its family's
// record (POST /staff/families/{id}/case).

// registerCaseRoutes mounts the case pages on r when the back-office has
// a case service.
func (s *Server) registerCaseRoutes(r *mux.Router) {
	if s.Cases == nil {
		return
	}
	r.HandleFunc("/families/{id:[0-9]+}/case", s.handleOpenCase).Methods(http.MethodPost)
	c := "/cases/{id:[0-9]+}"
	r.HandleFunc(c, s.handleCase).Methods(http.MethodGet)
	r.HandleFunc(c+"/interview", s.handleInterviewPage).Methods(http.MethodGet)
	r.HandleFunc(c+"/interview", s.handleInterview).Methods(http.MethodPost)
	r.HandleFunc(c+"/itinerary", s.handleItineraryPage).Methods(http.MethodGet)
	r.HandleFunc(c+"/itinerary", s.handleItinerary).Methods(http.MethodPost)
	r.HandleFunc(c+"/agreement", s.handleAgreement).Methods(http.MethodPost)
	r.HandleFunc(c+"/visits", s.handleVisit).Methods(http.MethodPost)
	r.HandleFunc(c+"/moved", s.handleMoved).Methods(http.MethodPost)
	r.HandleFunc(c+"/followups/{fid:[0-9]+}", s.handleFollowUpPage).Methods(http.MethodGet)
	r.HandleFunc(c+"/followups/{fid:[0-9]+}", s.handleFollowUp).Methods(http.MethodPost)
	if s.Families != nil {
		r.HandleFunc(c+"/feedback", s.handleFeedback).Methods(http.MethodPost)
	}
	if s.Warnings != nil {
		r.HandleFunc(c+"/warnings/{wid:[0-9]+}/close", s.handleCloseWarning).Methods(http.MethodPost)
	}
}

// casePath is the path of case id's page.
func casePath(id int64) string {
	return "/staff/cases/" + strconv.FormatInt(id, 10)
}

// loadCase returns case {id} if the logged-in account may read it.
// Otherwise it answers 404 and returns false: for none, an erased one,
// and (with an audit entry) one not assigned to a technician.
func (s *Server) loadCase(w http.ResponseWriter, r *http.Request) (*senderos.Case, bool) {
	notFound := recordError(senderos.ENOTFOUND, staffText(s.staffLang(r), "case.not_found"))
	id, err := strconv.ParseInt(mux.Vars(r)["id"], 10, 64)
	if err != nil {
		s.staffError(w, r, notFound)
		return nil, false
	}
	c, err := s.Cases.FindCase(r.Context(), id)
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		s.staffError(w, r, notFound)
		return nil, false
	} else if err != nil {
		s.staffError(w, r, err)
		return nil, false
	}
	if st := staffFrom(r.Context()); !st.CanSeeAll() && (c.AssigneeID == 0 || c.AssigneeID != st.ID) {
		s.audit(r, senderos.AuditDeniedView, c.Reference, senderos.OutcomeDenied, "case not assigned")
		s.staffError(w, r, notFound)
		return nil, false
	}
	return c, true
}

// handleOpenCase opens the case of an interviewed family, or goes to the
// one it has.
func (s *Server) handleOpenCase(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.loadRecord(w, r, senderos.KindInterest)
	if !ok {
		return
	}
	if c, err := s.Cases.FindCaseBySubmission(r.Context(), sub.ID); err == nil {
		http.Redirect(w, r, casePath(c.ID), http.StatusSeeOther)
		return
	}
	c, err := s.Cases.OpenCase(r.Context(), sub.ID, staffFrom(r.Context()).ID, s.Now())
	if err != nil {
		s.audit(r, senderos.AuditCaseOpen, sub.Reference, senderos.OutcomeFailed, senderos.ErrorCode(err))
		if senderos.ErrorCode(err) == senderos.ECONFLICT {
			err = recordError(senderos.ECONFLICT, staffText(s.staffLang(r), "case.cannot_open"))
		}
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditCaseOpen, sub.Reference, senderos.OutcomeOK, "")
	s.setFlash(w, "case.flash.opened")
	http.Redirect(w, r, casePath(c.ID), http.StatusSeeOther)
}

// caseChanged audits a change to case c and goes back to its page with
// the flash text key.
func (s *Server) caseChanged(w http.ResponseWriter, r *http.Request, c *senderos.Case, detail, flash string) {
	s.audit(r, senderos.AuditCaseChange, c.Reference, senderos.OutcomeOK, detail)
	s.setFlash(w, flash)
	http.Redirect(w, r, casePath(c.ID), http.StatusSeeOther)
}

// caseFailed audits a refused change to case c. Problems (EINVALID) are
// drawn again by redraw, with status 422; any other error is answered.
func (s *Server) caseFailed(w http.ResponseWriter, r *http.Request, c *senderos.Case, detail string, err error, redraw func()) {
	s.audit(r, senderos.AuditCaseChange, c.Reference, senderos.OutcomeFailed, detail+": "+senderos.ErrorCode(err))
	if senderos.ErrorCode(err) == senderos.EINVALID && redraw != nil {
		redraw()
		return
	}
	if senderos.ErrorCode(err) == senderos.ECONFLICT {
		err = recordError(senderos.ECONFLICT, staffText(s.staffLang(r), "case.conflict"))
	}
	s.staffError(w, r, err)
}

// handleCase shows a case.
func (s *Server) handleCase(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	s.renderCase(w, r, c, http.StatusOK, nil)
}

// renderCase draws the case page; sent is the form of the page that was
// sent with problems, nil for none.
func (s *Server) renderCase(w http.ResponseWriter, r *http.Request, c *senderos.Case, status int, sent *caseForm) {
	d, err := s.caseView(r, c)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	if sent != nil {
		d.Forms[sent.Name] = sent
		d.Sent = sent
	}
	if status == http.StatusOK {
		s.audit(r, senderos.AuditCaseView, c.Reference, senderos.OutcomeOK, "")
	}
	s.renderStaff(w, r, status, "case", "case.title", d)
}

// emptyForms are the case page's forms, empty but for defaults.
func emptyForms(lang string, c *senderos.Case, now string) map[string]*caseForm {
	return map[string]*caseForm{
		"agreement": newCaseForm("agreement", lang, url.Values{"agreed_on": {now}}, nil),
		"visit":     newCaseForm("visit", lang, url.Values{"on": {now}}, nil),
		"moved":     newCaseForm("moved", lang, url.Values{"moved_on": {now}, "municipality": {c.Municipality}}, nil),
		"warning":   newCaseForm("warning", lang, url.Values{}, nil),
		"feedback":  newCaseForm("feedback", lang, url.Values{}, nil),
	}
}

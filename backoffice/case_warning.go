package backoffice

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
)

// warningsView fills a case's warnings, open first.
func (s *Server) warningsView(r *http.Request, c *senderos.Case, d *caseView) error {
	if s.Warnings == nil {
		return nil
	}
	lang := s.staffLang(r)
	ws, err := s.Warnings.FindWarnings(r.Context(), senderos.WarningFilter{CaseID: c.ID, Limit: 200})
	if err != nil {
		return fmt.Errorf("warnings of %s: %w", c.Reference, err)
	}
	var open, closed []warningRow
	for _, w := range ws {
		row := warningRow{ID: w.ID, Kind: staffText(lang, "case.warning."+w.Kind), Why: warningWhy(lang, w),
			Raised: staffTime(w.RaisedAt), Open: w.Closure == nil}
		if w.Closure != nil {
			row.Closed, row.Note = staffTime(w.Closure.At), w.Closure.Note
			closed = append(closed, row)
		} else {
			open = append(open, row)
		}
	}
	d.Warnings = append(open, closed...)
	return nil
}

// warningWhy words why a warning was raised, from its days, dates and
// closed-list values only.
func warningWhy(lang string, w *senderos.Warning) string {
	y := w.Why
	switch w.Kind {
	case senderos.WarnFollowUpOverdue:
		return staffTextN(lang, "case.why.followup_overdue", y.Days, dateValue(y.Due), y.Days)
	case senderos.WarnGoalOverdue:
		return staffTextN(lang, "case.why.goal_overdue", y.Days, w.Subject.ID, dateValue(y.Due), y.Days)
	case senderos.WarnMayLeave:
		return staffText(lang, "case.why.may_leave", dateValue(y.Since), staffText(lang, "case.stay."+y.Answer))
	case senderos.WarnJobLost, senderos.WarnHousingProblem:
		return staffText(lang, "case.why."+w.Kind, dateValue(y.Since))
	case senderos.WarnNoContact:
		return staffTextN(lang, "case.why.no_contact", y.Days, dateValue(y.Since), y.Days)
	}
	return staffText(lang, "case.warning."+w.Kind)
}

// handleCloseWarning closes one of the case's warnings with a note.
func (s *Server) handleCloseWarning(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	lang := s.staffLang(r)
	id, _ := strconv.ParseInt(mux.Vars(r)["wid"], 10, 64)
	ws, err := s.Warnings.FindWarnings(r.Context(), senderos.WarningFilter{CaseID: c.ID, Limit: 1000})
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	found := false
	for _, x := range ws {
		found = found || x.ID == id
	}
	if !found {
		s.staffError(w, r, recordError(senderos.ENOTFOUND, staffText(lang, "case.not_found")))
		return
	}
	detail := "warning " + strconv.FormatInt(id, 10) + " closed"
	cl := senderos.Closure{By: staffFrom(r.Context()).ID, At: s.Now(), Note: strings.TrimSpace(r.PostFormValue("note"))}
	if _, err := s.Warnings.CloseWarning(r.Context(), id, cl); err != nil {
		s.caseFailed(w, r, c, detail, err, func() {
			f := newCaseForm("warning", lang, r.PostForm, prefixProblems(err, "warning."+strconv.FormatInt(id, 10)+"."))
			s.renderCase(w, r, c, http.StatusUnprocessableEntity, f)
		})
		return
	}
	s.caseChanged(w, r, c, detail, "case.flash.warning")
}

// prefixProblems returns err's problems with their fields under prefix,
// so that a form repeated on a page (one per warning) shows them on its
// own fields; any other error is returned as it is.
func prefixProblems(err error, prefix string) error {
	p, ok := err.(senderos.Problems)
	if !ok {
		return err
	}
	out := make(senderos.Problems, len(p))
	for i, q := range p {
		out[i] = q
		out[i].Field = prefix + q.Field
	}
	return out
}

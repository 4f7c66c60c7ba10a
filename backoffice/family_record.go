package backoffice

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// The handlers here work on one record of either kind: families under
// /staff/families/{id}, municipality sign-ups under
// /staff/municipalities/{id}, host sign-ups under /staff/hosts/{id}.

// maxNote is how long a staff note may be, in characters.
const maxNote = 4000

// recordError returns an error with a message already translated.
func recordError(code, message string) error {
	return web.LocalError(code, message)
}

// recordBase is the path of a record's page.
func recordBase(k senderos.Kind, id int64) string {
	if k == senderos.KindMunicipality {
		return "/staff/municipalities/" + strconv.FormatInt(id, 10)
	}
	if k == senderos.KindHost {
		return "/staff/hosts/" + strconv.FormatInt(id, 10)
	}
	return "/staff/families/" + strconv.FormatInt(id, 10)
}

// loadRecord returns the record {id} of kind k if the logged-in account
// may read it. Otherwise it answers 404 and returns false: for none, an
// erased one, and (with an audit entry) one not assigned to a technician,
// so that the answer does not tell which ids exist.
func (s *Server) loadRecord(w http.ResponseWriter, r *http.Request, k senderos.Kind) (*senderos.Submission, bool) {
	lang := s.staffLang(r)
	notFound := recordError(senderos.ENOTFOUND, staffText(lang, "family.not_found"))
	id, err := strconv.ParseInt(mux.Vars(r)["id"], 10, 64)
	if err != nil {
		s.staffError(w, r, notFound)
		return nil, false
	}
	sub, err := s.Submissions.FindSubmissionByID(r.Context(), id)
	if senderos.ErrorCode(err) == senderos.ENOTFOUND || (err == nil && sub.Kind != k) {
		s.staffError(w, r, notFound)
		return nil, false
	} else if err != nil {
		s.staffError(w, r, err)
		return nil, false
	}
	if st := staffFrom(r.Context()); !st.CanRead(sub) {
		s.audit(r, senderos.AuditDeniedView, sub.Reference, senderos.OutcomeDenied, "not assigned")
		s.staffError(w, r, notFound)
		return nil, false
	}
	return sub, true
}

// handleRecordStatus moves a record to the status the form sends.
func (s *Server) handleRecordStatus(k senderos.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sub, ok := s.loadRecord(w, r, k)
		if !ok {
			return
		}
		if _, ok := s.changeStatus(w, r, sub, senderos.Status(r.PostFormValue("status"))); !ok {
			return
		}
		s.setFlash(w, "family.flash.status")
		http.Redirect(w, r, recordBase(k, sub.ID), http.StatusSeeOther)
	}
}

// changeStatus moves sub to status to, audited. On failure it answers and
// returns false.
func (s *Server) changeStatus(w http.ResponseWriter, r *http.Request, sub *senderos.Submission, to senderos.Status) (*senderos.Submission, bool) {
	lang := s.staffLang(r)
	if to != senderos.StatusSuspected && !slices.Contains(senderos.Statuses(sub.Kind), to) {
		s.staffError(w, r, recordError(senderos.EINVALID, staffText(lang, "family.bad_status")))
		return nil, false
	}
	detail := string(sub.Status) + " → " + string(to)
	if !senderos.CanChangeStatus(sub.Kind, sub.Status, to) {
		s.audit(r, senderos.AuditChange, sub.Reference, senderos.OutcomeFailed, detail)
		s.staffError(w, r, recordError(senderos.ECONFLICT, staffText(lang, "family.refused_status",
			statusLabel(lang, sub.Kind, sub.Status), statusLabel(lang, sub.Kind, to))))
		return nil, false
	}
	updated, err := s.Submissions.UpdateSubmission(r.Context(), senderos.SubmissionUpdate{
		ID: sub.ID, By: staffFrom(r.Context()).ID, Status: to,
	})
	if err != nil {
		s.audit(r, senderos.AuditChange, sub.Reference, senderos.OutcomeFailed, detail)
		if senderos.ErrorCode(err) == senderos.ECONFLICT {
			err = recordError(senderos.ECONFLICT, staffText(lang, "family.refused_status",
				statusLabel(lang, sub.Kind, sub.Status), statusLabel(lang, sub.Kind, to)))
		}
		s.staffError(w, r, err)
		return nil, false
	}
	s.audit(r, senderos.AuditChange, sub.Reference, senderos.OutcomeOK, "status: "+detail)
	return updated, true
}

// handleRecordNote adds the note the form sends.
func (s *Server) handleRecordNote(k senderos.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sub, ok := s.loadRecord(w, r, k)
		if !ok {
			return
		}
		lang := s.staffLang(r)
		note := strings.TrimSpace(r.PostFormValue("note"))
		if f := senderos.ValidText(note, true); f != "" {
			s.staffError(w, r, recordError(senderos.EINVALID, staffText(lang, staffTextFault(f))))
			return
		}
		if note == "" || utf8.RuneCountInString(note) > maxNote {
			s.staffError(w, r, recordError(senderos.EINVALID, staffTextN(lang, "family.bad_note", maxNote)))
			return
		}
		if _, err := s.Submissions.UpdateSubmission(r.Context(), senderos.SubmissionUpdate{
			ID: sub.ID, By: staffFrom(r.Context()).ID, Note: note,
		}); err != nil {
			s.audit(r, senderos.AuditChange, sub.Reference, senderos.OutcomeFailed, "note")
			s.staffError(w, r, err)
			return
		}
		s.audit(r, senderos.AuditChange, sub.Reference, senderos.OutcomeOK, "note added")
		s.setFlash(w, "family.flash.note")
		http.Redirect(w, r, recordBase(k, sub.ID), http.StatusSeeOther)
	}
}

// canBeAssigned reports whether an account may follow records.
func canBeAssigned(st *senderos.Staff) bool {
	return !st.Disabled && (st.Role == senderos.RoleTechnician || st.Role == senderos.RoleCoordinator)
}

// handleRecordAssign assigns the record to the account the form names, or
// to nobody when it names none.
func (s *Server) handleRecordAssign(k senderos.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sub, ok := s.loadRecord(w, r, k)
		if !ok {
			return
		}
		lang := s.staffLang(r)
		u := senderos.SubmissionUpdate{ID: sub.ID, By: staffFrom(r.Context()).ID, AssigneeID: -1}
		if v := r.PostFormValue("assignee"); v != "" && v != "0" {
			bad := recordError(senderos.EINVALID, staffText(lang, "family.bad_assignee"))
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				s.staffError(w, r, bad)
				return
			}
			to, err := s.staff.FindStaffByID(r.Context(), id)
			if senderos.ErrorCode(err) == senderos.ENOTFOUND || (err == nil && !canBeAssigned(to)) {
				s.staffError(w, r, bad)
				return
			} else if err != nil {
				s.staffError(w, r, err)
				return
			}
			u.AssigneeID = to.ID
		}
		if u.AssigneeID == sub.AssigneeID || (u.AssigneeID == -1 && sub.AssigneeID == 0) {
			http.Redirect(w, r, recordBase(k, sub.ID), http.StatusSeeOther)
			return
		}
		detail := "assignee: " + strconv.FormatInt(sub.AssigneeID, 10) + " → " + strconv.FormatInt(max(u.AssigneeID, 0), 10)
		if _, err := s.Submissions.UpdateSubmission(r.Context(), u); err != nil {
			s.audit(r, senderos.AuditChange, sub.Reference, senderos.OutcomeFailed, detail)
			s.staffError(w, r, err)
			return
		}
		s.audit(r, senderos.AuditChange, sub.Reference, senderos.OutcomeOK, detail)
		s.setFlash(w, "family.flash.assign")
		http.Redirect(w, r, recordBase(k, sub.ID), http.StatusSeeOther)
	}
}

package backoffice

import (
	"net/http"

	"github.com/cepaim/senderos"
)

// eraseData is what the erasure's confirmation page shows.
type eraseData struct {
	Reference, Base, ListURL string
}

func listURL(k senderos.Kind) string {
	if k == senderos.KindMunicipality {
		return "/staff/municipalities"
	}
	if k == senderos.KindHost {
		return "/staff/hosts"
	}
	return "/staff/families"
}

// handleEraseConfirm asks to confirm the erasure of record {id}.
func (s *Server) handleEraseConfirm(k senderos.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sub, ok := s.loadRecord(w, r, k)
		if !ok {
			return
		}
		s.renderStaff(w, r, http.StatusOK, "family_erase", "family.erase.title",
			eraseData{Reference: sub.Reference, Base: recordBase(k, sub.ID), ListURL: listURL(k)})
	}
}

// handleErase erases record {id} when the confirmation page sent the
// form: the record is blocked at once — gone from every list, page and
// export — and destroyed by the purge after the legal retention period.
func (s *Server) handleErase(k senderos.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sub, ok := s.loadRecord(w, r, k)
		if !ok {
			return
		}
		if r.PostFormValue("confirm") != sub.Reference {
			http.Redirect(w, r, recordBase(k, sub.ID)+"/erase", http.StatusSeeOther)
			return
		}
		if err := s.Submissions.EraseSubmission(r.Context(), sub.ID, staffFrom(r.Context()).ID); err != nil {
			s.audit(r, senderos.AuditErase, sub.Reference, senderos.OutcomeFailed, "")
			s.staffError(w, r, err)
			return
		}
		s.audit(r, senderos.AuditErase, sub.Reference, senderos.OutcomeOK, "")
		s.setFlash(w, "family.flash.erased")
		http.Redirect(w, r, listURL(k), http.StatusSeeOther)
	}
}

package backoffice

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
)

// auditPageSize is how many audit entries a page shows.
const auditPageSize = 50

// auditActions are the actions the audit page filters by.
var auditActions = []string{
	senderos.AuditLogin, senderos.AuditLogout, senderos.AuditSetup, senderos.AuditStaffAdd,
	senderos.AuditStaffEdit, senderos.AuditView, senderos.AuditList, senderos.AuditChange,
	senderos.AuditExport, senderos.AuditErase, senderos.AuditPublish, senderos.AuditPurge,
	senderos.AuditAuditView, senderos.AuditJobOffer, senderos.AuditDeniedView, senderos.AuditLoginAlert, senderos.AuditSiteBuild,
}

// registerAuditLogRoutes serves the audit log (admins only).
func (s *Server) registerAuditLogRoutes(r *mux.Router) {
	r.HandleFunc("/audit", s.handleAuditLog).Methods(http.MethodGet)
}

// auditLogData is what the audit page shows.
type auditLogData struct {
	Entries  []*senderos.AuditEntry
	Actions  []string
	Action   string
	Page     int // from 1
	HasPrev  bool
	HasNext  bool
	PrevLink string
	NextLink string
}

func (s *Server) handleAuditLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	action := q.Get("action")
	if action != "" && !slices.Contains(auditActions, action) {
		action = ""
	}
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	entries, err := s.audits.FindAudit(r.Context(), senderos.AuditFilter{
		Action: action, Limit: auditPageSize + 1, Offset: (page - 1) * auditPageSize,
	})
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	data := auditLogData{Actions: auditActions, Action: action, Page: page, HasPrev: page > 1}
	if len(entries) > auditPageSize {
		entries, data.HasNext = entries[:auditPageSize], true
	}
	data.Entries = entries
	link := func(p int) string {
		v := url.Values{"page": {strconv.Itoa(p)}}
		if action != "" {
			v.Set("action", action)
		}
		return "/staff/audit?" + v.Encode()
	}
	data.PrevLink, data.NextLink = link(page-1), link(page+1)
	s.audit(r, senderos.AuditAuditView, "audit", senderos.OutcomeOK, "page "+strconv.Itoa(page))
	s.renderStaff(w, r, http.StatusOK, "auditlog", "audit.title", data)
}

package backoffice

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func TestAuditLogPage(t *testing.T) {
	srv, svc := newStaffServer(t)
	b, admin := adminBrowser(t, srv)
	for i := range 60 {
		e := &senderos.AuditEntry{At: srv.Now().Add(time.Duration(i) * time.Second), StaffID: admin.ID, Actor: admin.Email,
			Action: senderos.AuditView, Target: fmt.Sprintf("SEN-%04d", i), Outcome: senderos.OutcomeOK}
		if err := svc.Audit.RecordAudit(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	svc.Audit.RecordAudit(t.Context(), &senderos.AuditEntry{Actor: "x", Action: senderos.AuditExport, Target: "SEN-EXPORT", Outcome: senderos.OutcomeOK})

	t.Run("NewestFirst", func(t *testing.T) {
		res, body := b.get("/staff/audit")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%d", res.StatusCode)
		}
		if i, j := strings.Index(body, "SEN-EXPORT"), strings.Index(body, "SEN-0059"); i < 0 || j < 0 || i > j {
			t.Error("not newest first")
		}
		if strings.Contains(body, "SEN-0010") {
			t.Error("page 1 shows more than a page")
		}
		if !strings.Contains(body, `href="/staff/audit?page=2"`) {
			t.Error("no link to page 2")
		}
	})
	t.Run("Paginates", func(t *testing.T) {
		_, body := b.get("/staff/audit?page=2")
		if !strings.Contains(body, "SEN-0000") || strings.Contains(body, "SEN-0059") {
			t.Error("page 2 is wrong")
		}
		if strings.Contains(body, "page=3") {
			t.Error("a link past the last page")
		}
	})
	t.Run("FiltersByAction", func(t *testing.T) {
		_, body := b.get("/staff/audit?action=" + senderos.AuditExport)
		if !strings.Contains(body, "SEN-EXPORT") || strings.Contains(body, "SEN-0059") {
			t.Error("filter not applied")
		}
	})
	t.Run("ViewingIsAudited", func(t *testing.T) {
		got, _ := svc.Audit.FindAudit(t.Context(), senderos.AuditFilter{Action: senderos.AuditAuditView})
		if len(got) < 3 || got[0].StaffID != admin.ID {
			t.Errorf("%d audit views recorded", len(got))
		}
	})
}

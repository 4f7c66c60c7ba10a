package backoffice

import (
	"encoding/json"
	"html"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// host stores a host sign-up in village code/name of province.
func (e *recordsEnv) host(code, village, province, name, email string, kind string) *senderos.Submission {
	e.t.Helper()
	people := 3
	if kind == senderos.HostMentor {
		people = 1
	}
	s := &senderos.Submission{Kind: senderos.KindHost, Lang: "es",
		Consent: senderos.Consent{PrivacyVersion: "2026-11", Lang: "es", At: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)},
		Host: &senderos.HostSignup{Code: code, Name: village, Province: province, Region: "Aragón", Kind: kind, People: people,
			Languages: []string{"es", "ar"}, Offers: []string{"welcome", "paperwork"}, About: "Tenemos huerto <b>y</b> perro",
			Contact: senderos.Contact{Name: name, Phone: "+34611222333", Email: email, Language: "es", Channel: "phone"}},
	}
	if _, err := e.svc.Submissions.CreateSubmission(e.t.Context(), s); err != nil {
		e.t.Fatal(err)
	}
	return s
}

func hostPath(s *senderos.Submission) string {
	return "/staff/hosts/" + strconv.FormatInt(s.ID, 10)
}

func TestHostReview(t *testing.T) {
	e := newRecordsEnv(t)
	coord := e.login(senderos.RoleCoordinator, "Cora Coordinator")
	tech := e.login(senderos.RoleTechnician, "Teo Technician")
	alcaniz := e.host("44013", "Alcañiz", "Teruel", "Lucía Anfitriona", "lucia@host.example", senderos.HostFamily)
	teruel := e.host("44216", "Teruel", "Teruel", "Mario Mentor", "mario@host.example", senderos.HostMentor)
	avila := e.host("05019", "Ávila", "Ávila", "Ana Ávila", "ana@host.example", senderos.HostFamily)
	path := hostPath(alcaniz)

	t.Run("ListsByVillageWithoutContacts", func(t *testing.T) {
		res, body := coord.b.get("/staff/hosts")
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "list", body, alcaniz.Reference, teruel.Reference, avila.Reference, "Host family", "Mentor", "To interview", "<caption")
		wantNotIn(t, "list", body, "Lucía Anfitriona", "lucia@host.example", "611222333", "huerto")
		// By province (Ávila before Teruel), then village (Alcañiz before Teruel).
		a, b, c := strings.Index(body, avila.Reference), strings.Index(body, alcaniz.Reference), strings.Index(body, teruel.Reference)
		if !(a < b && b < c) {
			t.Errorf("not by village: Ávila %d, Alcañiz %d, Teruel %d", a, b, c)
		}
		_, body = coord.b.get("/staff/hosts?province=44")
		wantIn(t, "Teruel's hosts", body, alcaniz.Reference, teruel.Reference)
		wantNotIn(t, "Teruel's hosts", body, avila.Reference)
		_, body = coord.b.get("/staff/hosts?village=alcaniz")
		wantIn(t, "hosts of «alcaniz»", body, alcaniz.Reference)
		wantNotIn(t, "hosts of «alcaniz»", body, teruel.Reference, avila.Reference)
		_, body = coord.b.get("/staff/hosts?status=approved")
		wantNotIn(t, "approved hosts", body, alcaniz.Reference)
		wantIn(t, "approved hosts", body, "No sign-up with these filters.")
		if len(e.audited(senderos.AuditList, "hosts")) == 0 {
			t.Error("the list is not audited")
		}
	})
	t.Run("ShowsTheRecordWithItsContactAudited", func(t *testing.T) {
		res, body := coord.b.get(path)
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "record", body, "Alcañiz", "44013", "Host family", "Spanish", "Arabic",
			"Welcome the family and show them the village", "Lucía Anfitriona", "lucia@host.example", "611222333",
			html.EscapeString("Tenemos huerto <b>y</b> perro"), `action="`+path+`/review"`, `action="`+path+`/notes"`)
		wantNotIn(t, "record", body, "<b>y</b>")
		if len(e.audited(senderos.AuditView, alcaniz.Reference)) == 0 {
			t.Error("the view is not audited")
		}
		_, body = coord.b.get(path + "?lang=ar")
		wantIn(t, "record in Arabic", body, `dir="rtl"`, "عائلة مضيفة", "نتيجة المقابلة")
		coord.b.get(path + "?lang=en") // the language chosen is kept: back to English
	})
	t.Run("TechnicianMayNotReadOrReview", func(t *testing.T) {
		if res, _ := tech.b.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("technician reads an unassigned sign-up: %d", res.StatusCode)
		}
		res, _ := tech.post(path+"/review", "decision", "approved", "note", "ok")
		wantStatus(t, res, http.StatusForbidden, "")
		_, body := tech.b.get("/staff/hosts")
		wantNotIn(t, "technician's list", body, alcaniz.Reference)
	})
	t.Run("ApprovingNeedsTheInterviewNote", func(t *testing.T) {
		for _, bad := range [][]string{
			{"decision", "approved"}, {"decision", "approved", "note", "   "},
			{"decision", "approved", "note", strings.Repeat("x", maxNote+1)},
			{"decision", "approved", "note", "a\x00b"}, {"decision", "in_itinerary", "note", "x"}, {"note", "x"},
		} {
			res, body := coord.post(path+"/review", bad...)
			wantStatus(t, res, http.StatusUnprocessableEntity, body)
		}
		if s, _ := e.svc.Submissions.FindSubmissionByID(t.Context(), alcaniz.ID); s.Status != senderos.StatusNew {
			t.Fatalf("status %s after refused reviews", s.Status)
		}
	})
	t.Run("ApproveWithTheInterviewNote", func(t *testing.T) {
		res, body := coord.post(path+"/review", "decision", "approved", "note", "Entrevista en casa: muy dispuestos.")
		wantRedirect(t, res, path)
		s, err := e.svc.Submissions.FindSubmissionByID(t.Context(), alcaniz.ID)
		if err != nil || s.Status != senderos.StatusApproved {
			t.Fatalf("status %v %v", s, err)
		}
		events, _ := e.svc.Submissions.FindEvents(t.Context(), alcaniz.ID)
		var status, note bool
		for _, ev := range events {
			status = status || (ev.Type == senderos.EventStatus && ev.To == string(senderos.StatusApproved))
			note = note || (ev.Type == senderos.EventNote && ev.Note == "Entrevista en casa: muy dispuestos.")
		}
		if !status || !note {
			t.Errorf("history %+v", events)
		}
		_, body = coord.b.get(path)
		wantIn(t, "approved record", body, "Approved: the host can now be part of a proposal.", "Entrevista en casa")
		wantNotIn(t, "approved record", body, `action="`+path+`/review"`)
		if h := senderos.NewHost(s); h.Municipality != "44013" || h.Kind != senderos.HostFamily || len(h.Offers) != 2 {
			t.Errorf("matching sees %+v", h)
		}
		if len(e.audited(senderos.AuditChange, alcaniz.Reference)) == 0 {
			t.Error("the approval is not audited")
		}
	})
	t.Run("ApprovingTwiceOrRejectingAfterIsRefused", func(t *testing.T) {
		for _, d := range []string{"approved", "rejected"} {
			res, body := coord.post(path+"/review", "decision", d, "note", "otra vez")
			wantStatus(t, res, http.StatusConflict, body)
		}
	})
	t.Run("RejectWithoutNote", func(t *testing.T) {
		p := hostPath(teruel)
		res, _ := coord.post(p+"/review", "decision", "rejected")
		wantRedirect(t, res, p)
		_, body := coord.b.get("/staff/hosts?status=rejected")
		wantIn(t, "rejected hosts", body, teruel.Reference, "Not approved")
	})
	t.Run("NotesAndExport", func(t *testing.T) {
		p := hostPath(avila)
		res, _ := coord.post(p+"/notes", "note", "Llamada: entrevista el martes")
		wantRedirect(t, res, p)
		res, body := coord.b.get(p + "/export.json")
		wantStatus(t, res, http.StatusOK, body)
		var x RecordExport
		if err := json.Unmarshal([]byte(body), &x); err != nil {
			t.Fatal(err)
		}
		if x.Kind != senderos.KindHost || x.Host == nil || x.Host.Contact.Email != "ana@host.example" || len(x.History) != 1 {
			t.Errorf("export %s", body)
		}
	})
	t.Run("Erase", func(t *testing.T) {
		p := hostPath(avila)
		res, body := coord.b.get(p + "/erase")
		wantStatus(t, res, http.StatusOK, body)
		res, _ = coord.post(p+"/erase", "confirm", avila.Reference)
		wantRedirect(t, res, "/staff/hosts")
		_, body = coord.b.get("/staff/hosts")
		wantNotIn(t, "list after erasure", body, avila.Reference)
		for _, q := range []string{p, p + "/export.json", p + "/erase"} {
			if res, _ := coord.b.get(q); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s after erasure: %d", q, res.StatusCode)
			}
		}
		if len(e.audited(senderos.AuditErase, avila.Reference)) != 1 {
			t.Error("the erasure is not audited")
		}
	})
	t.Run("OtherKindsAreNotHosts", func(t *testing.T) {
		fam := e.family("Zara Family", "zara@example.org", "612345678")
		if res, _ := coord.b.get("/staff/hosts/" + strconv.FormatInt(fam.ID, 10)); res.StatusCode != http.StatusNotFound {
			t.Errorf("a family's record under /staff/hosts: %d", res.StatusCode)
		}
		if res, _ := coord.b.get(familyPath(fam)); res.StatusCode != http.StatusOK {
			t.Errorf("family: %d", res.StatusCode)
		}
		if res, _ := coord.b.get("/staff/families/" + strconv.FormatInt(teruel.ID, 10)); res.StatusCode != http.StatusNotFound {
			t.Errorf("a host's record under /staff/families: %d", res.StatusCode)
		}
	})
}

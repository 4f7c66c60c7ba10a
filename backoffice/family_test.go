package backoffice

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

func TestFamilyList(t *testing.T) {
	e := newRecordsEnv(t)
	coord := e.login(senderos.RoleCoordinator, "Cora Coordinator")
	tech := e.login(senderos.RoleTechnician, "Teo Technician")

	big := e.family("Amina Big", "amina@example.com", "600111222", func(i *senderos.Interest) {
		i.Adults, i.Children = 2, []senderos.Child{{Age: 3}, {Age: 5}, {Age: 9}}
		i.Sectors, i.Regions = []string{"care"}, []string{"07"}
	})
	small := e.family("Bilal Small", "bilal@example.com", "600333444", func(i *senderos.Interest) {
		i.Adults, i.Children, i.Sectors = 1, nil, []string{"livestock"}
	})
	anywhere := e.family("Chen Anywhere", "chen@example.com", "600555666", func(i *senderos.Interest) {
		i.Regions, i.Sectors = []string{senderos.Anywhere}, []string{"care", "hospitality"}
	})
	e.assign(small, tech.Staff)
	if _, err := e.svc.Submissions.UpdateSubmission(t.Context(), senderos.SubmissionUpdate{ID: big.ID, By: coord.ID, Status: senderos.StatusContacted}); err != nil {
		t.Fatal(err)
	}

	t.Run("ShowsEveryFamilyWithoutContactDetails", func(t *testing.T) {
		res, body := coord.b.get("/staff/families")
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "list", body, big.Reference, small.Reference, anywhere.Reference, "Families: 1 to 3 of 3",
			`<th scope="col">`, "<caption", `<label for="f-status">`)
		wantNotIn(t, "list", body, "Amina Big", "amina@example.com", "600111222")
		if len(e.audited(senderos.AuditList, "families")) == 0 {
			t.Error("the list is not audited")
		}
	})
	t.Run("Filters", func(t *testing.T) {
		for _, tt := range []struct {
			query   string
			in, out []*senderos.Submission
		}{
			{"status=contacted", []*senderos.Submission{big}, []*senderos.Submission{small, anywhere}},
			{"status=new", []*senderos.Submission{small, anywhere}, []*senderos.Submission{big}},
			{"sector=care", []*senderos.Submission{big, anywhere}, []*senderos.Submission{small}},
			{"region=07", []*senderos.Submission{big, anywhere}, []*senderos.Submission{small}},
			{"region=02&sector=livestock", []*senderos.Submission{small}, []*senderos.Submission{big, anywhere}},
			{"min=4", []*senderos.Submission{big}, []*senderos.Submission{small, anywhere}},
			{"max=1", []*senderos.Submission{small}, []*senderos.Submission{big, anywhere}},
			{"min=2&max=3", []*senderos.Submission{anywhere}, []*senderos.Submission{big, small}},
			{"to=2020-01-01", nil, []*senderos.Submission{big, small, anywhere}},
			{"from=2020-01-01&to=2099-12-31", []*senderos.Submission{big, small, anywhere}, nil},
			{"from=2099-01-01", nil, []*senderos.Submission{big, small, anywhere}},
			{"status=bogus&sector=nope&min=x", []*senderos.Submission{big, small, anywhere}, nil},
		} {
			res, body := coord.b.get("/staff/families?" + tt.query)
			wantStatus(t, res, http.StatusOK, body)
			for _, s := range tt.in {
				wantIn(t, tt.query, body, s.Reference)
			}
			for _, s := range tt.out {
				wantNotIn(t, tt.query, body, s.Reference)
			}
		}
		if _, body := coord.b.get("/staff/families?sector=care"); !strings.Contains(body, `<option value="care" selected>`) {
			t.Error("the form does not keep the filter")
		}
	})
	t.Run("TechnicianSeesOnlyAssigned", func(t *testing.T) {
		uid := strconv.FormatInt(coord.ID, 10)
		for _, q := range []string{"", "?assignee=" + uid, "?status=contacted"} {
			res, body := tech.b.get("/staff/families" + q)
			wantStatus(t, res, http.StatusOK, body)
			wantNotIn(t, "technician's list "+q, body, big.Reference, anywhere.Reference)
		}
		_, body := tech.b.get("/staff/families")
		wantIn(t, "technician's list", body, small.Reference, "assigned to you")
	})
	t.Run("Paginates", func(t *testing.T) {
		for n := range familyPageSize {
			e.family(fmt.Sprintf("Page Person %d", n), "", "6000000"+strconv.Itoa(10+n), func(i *senderos.Interest) {
				i.Sectors = []string{"forestry"}
			})
		}
		_, body := coord.b.get("/staff/families?sector=forestry")
		wantIn(t, "page 1", body, "Families: 1 to 50 of 50")
		wantNotIn(t, "page 1", body, `rel="next"`)
		_, body = coord.b.get("/staff/families")
		wantIn(t, "page 1", body, "Families: 1 to 50 of 53", `href="/staff/families?page=2" rel="next"`)
		_, body = coord.b.get("/staff/families?page=2")
		wantIn(t, "page 2", body, "Families: 51 to 53 of 53", `rel="prev"`)
	})
}

var statusOption = regexp.MustCompile(`<option value="([a-z_]+)"`)

// statusChoices returns the statuses the record page's status form offers.
func statusChoices(body string) []string {
	start := strings.Index(body, `name="status"`)
	if start < 0 {
		return nil
	}
	end := strings.Index(body[start:], "</select>")
	var out []string
	for _, m := range statusOption.FindAllStringSubmatch(body[start:start+end], -1) {
		out = append(out, m[1])
	}
	return out
}

func TestFamilyRecord(t *testing.T) {
	e := newRecordsEnv(t)
	coord := e.login(senderos.RoleCoordinator, "Cora Coordinator")
	tech := e.login(senderos.RoleTechnician, "Teo Technician")
	other := e.login(senderos.RoleTechnician, "Olga Other")
	fam := e.family("Zarah Testname", "zarah@example.com", "612345987")
	e.assign(fam, tech.Staff)
	path := familyPath(fam)

	t.Run("ShowsEveryFieldDecrypted", func(t *testing.T) {
		res, body := coord.b.get(path)
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "record", body, fam.Reference, "Zarah Testname", "zarah@example.com", "612345987",
			"Poda de olivos", "Aragón", "Madrid", "Farming", "7 — Primary school (6–11 years)", "Teo Technician", "Arabic", "As soon as possible")
		entries := e.audited(senderos.AuditView, fam.Reference)
		if len(entries) == 0 || entries[0].StaffID != coord.ID || strings.Contains(entries[0].Detail, "Zarah") {
			t.Errorf("view audit: %+v", entries)
		}
	})
	t.Run("InEveryLanguage", func(t *testing.T) {
		for lang, want := range map[string]string{"es": "Agricultura", "fr": "Agriculture", "ar": "الزراعة"} {
			_, body := coord.b.get(path + "?lang=" + lang)
			wantIn(t, lang, body, want, `lang="`+lang+`"`)
		}
		_, body := coord.b.get(path + "?lang=ar")
		wantIn(t, "ar", body, `dir="rtl"`, "جديدة")
		coord.b.get(path + "?lang=en")
	})
	t.Run("TechnicianAssignedMayRead", func(t *testing.T) {
		res, body := tech.b.get(path)
		wantStatus(t, res, http.StatusOK, body)
		wantNotIn(t, "technician's page", body, `action="`+path+`/assign"`, path+"/erase")
	})
	t.Run("OtherTechnicianGetsWhatAMissingRecordGets", func(t *testing.T) {
		res, body := other.b.get(path)
		wantStatus(t, res, http.StatusNotFound, body)
		wantNotIn(t, path, body, "Zarah")
		_, missing := other.b.get("/staff/families/999999")
		mainOf := func(page string) string {
			_, rest, _ := strings.Cut(page, "<main")
			main, _, _ := strings.Cut(rest, "</main>")
			return main
		}
		if mainOf(body) == "" || mainOf(body) != mainOf(missing) {
			t.Errorf("an unassigned record's page differs from a missing one's:\n%s\n---\n%s", body, missing)
		}
		res, body = other.b.get(path + "/export.json")
		wantStatus(t, res, http.StatusForbidden, body) // by role, before any record is read
		wantNotIn(t, path, body, "Zarah")
		res, _ = other.post(path+"/notes", "note", "sneaky")
		wantStatus(t, res, http.StatusNotFound, "")
		res, _ = other.post(path+"/status", "status", "contacted")
		wantStatus(t, res, http.StatusNotFound, "")
		denied := e.audited(senderos.AuditDeniedView, fam.Reference)
		if len(denied) < 2 || denied[0].Outcome != senderos.OutcomeDenied || denied[0].StaffID != other.ID {
			t.Errorf("denied audit: %+v", denied)
		}
	})
	t.Run("UnknownOrOtherKindIsNotFound", func(t *testing.T) {
		muni := e.municipality("44013")
		for _, p := range []string{"/staff/families/999999", "/staff/families/" + strconv.FormatInt(muni.ID, 10)} {
			res, body := coord.b.get(p)
			wantStatus(t, res, http.StatusNotFound, body)
		}
	})
	t.Run("StatusWorkflow", func(t *testing.T) {
		_, body := tech.b.get(path)
		if got := strings.Join(statusChoices(body), " "); got != "contacted withdrawn closed" {
			t.Errorf("offered %q", got)
		}
		res, body := tech.post(path+"/status", "status", "relocated")
		wantStatus(t, res, http.StatusConflict, body)
		wantIn(t, "refused", body, "“New” to “Relocated”")
		res, _ = tech.post(path+"/status", "status", "approved")
		wantStatus(t, res, http.StatusUnprocessableEntity, "")
		res, _ = tech.post(path+"/status", "status", "contacted")
		wantRedirect(t, res, path)
		res, body = tech.b.get(path)
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "after the change", body, "Status changed.", "Status: New → Contacted", "Teo Technician")
		if got := strings.Join(statusChoices(body), " "); got != "interviewed withdrawn closed" {
			t.Errorf("offered %q after contacted", got)
		}
		if _, body := tech.b.get(path); strings.Contains(body, "Status changed.") {
			t.Error("the flash shows twice")
		}
		changes := e.audited(senderos.AuditChange, fam.Reference)
		if len(changes) == 0 || changes[0].Detail != "status: new → contacted" || changes[0].Outcome != senderos.OutcomeOK {
			t.Errorf("change audit: %+v", changes)
		}
		if got, _ := e.svc.Submissions.FindSubmissionByID(t.Context(), fam.ID); got.Status != senderos.StatusContacted {
			t.Errorf("status %s", got.Status)
		}
	})
	t.Run("Notes", func(t *testing.T) {
		res, _ := tech.post(path+"/notes", "note", "   ")
		wantStatus(t, res, http.StatusUnprocessableEntity, "")
		res, _ = tech.post(path+"/notes", "note", strings.Repeat("x", maxNote+1))
		wantStatus(t, res, http.StatusUnprocessableEntity, "")
		res, _ = tech.post(path+"/notes", "note", "Llamada hecha <b>mañana</b> otra vez")
		wantRedirect(t, res, path)
		_, body := tech.b.get(path)
		wantIn(t, "history", body, "Note added.", "Llamada hecha &lt;b&gt;mañana&lt;/b&gt; otra vez", "Teo Technician")
		for _, a := range e.audited(senderos.AuditChange, fam.Reference) {
			if strings.Contains(a.Detail, "Llamada") {
				t.Errorf("the note is in the audit log: %q", a.Detail)
			}
		}
	})
	t.Run("Assignment", func(t *testing.T) {
		res, body := tech.post(path+"/assign", "assignee", strconv.FormatInt(tech.ID, 10))
		wantStatus(t, res, http.StatusForbidden, body)
		admin := e.login(senderos.RoleAdmin, "Ada Admin")
		for _, v := range []string{strconv.FormatInt(admin.ID, 10), "424242", "x"} {
			res, body := coord.post(path+"/assign", "assignee", v)
			wantStatus(t, res, http.StatusUnprocessableEntity, body)
		}
		_, body = coord.b.get(path)
		wantIn(t, "assignment form", body, `<label for="assignee">`, `>Olga Other</option>`)
		wantNotIn(t, "assignment form", body, `>Ada Admin</option>`)
		res, _ = coord.post(path+"/assign", "assignee", strconv.FormatInt(other.ID, 10))
		wantRedirect(t, res, path)
		if res, _ := other.b.get(path); res.StatusCode != http.StatusOK {
			t.Errorf("the new assignee gets %d", res.StatusCode)
		}
		if res, _ := tech.b.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("the former assignee gets %d", res.StatusCode)
		}
		_, body = coord.b.get(path)
		wantIn(t, "history", body, "Assignment: Teo Technician → Olga Other")
		res, _ = coord.post(path+"/assign", "assignee", "0")
		wantRedirect(t, res, path)
		if got, _ := e.svc.Submissions.FindSubmissionByID(t.Context(), fam.ID); got.AssigneeID != 0 {
			t.Errorf("still assigned to %d", got.AssigneeID)
		}
	})
}

// TestRecordTexts checks that every text the records' pages use exists in
// every language.
func TestRecordTexts(t *testing.T) {
	lists := map[string][]string{
		"family.sector.": senderos.Sectors, "family.stage.": senderos.SchoolStages, "family.level.": senderos.SpanishLevels,
		"family.when.": senderos.MoveWhens, "family.channel.": senderos.Channels, "muni.service.": senderos.Services,
	}
	for _, st := range append(slices.Clone(senderos.FamilyStatuses), senderos.StatusSuspected) {
		lists["family.status."] = append(lists["family.status."], string(st))
	}
	for _, st := range senderos.MunicipalityStatuses {
		lists["muni.status."] = append(lists["muni.status."], string(st))
	}
	for prefix, values := range lists {
		for _, v := range values {
			for _, l := range web.Languages {
				if text := staffText(l, prefix+v); strings.TrimSpace(text) == "" || text == prefix+v {
					t.Errorf("%s%s: no text in %s", prefix, v, l)
				}
			}
		}
	}

	e := newRecordsEnv(t)
	coord := e.login(senderos.RoleCoordinator, "Cora Coordinator")
	fam := e.family("Zarah Testname", "zarah@example.com", "612345987")
	coord.post(familyPath(fam)+"/notes", "note", "Nota")
	muni := e.municipality("44013")
	coord.post(muniPath(muni) + "/approve")
	for _, lang := range []string{"es", "en", "fr", "ar"} {
		for _, p := range []string{"/staff/families", familyPath(fam), familyPath(fam) + "/erase",
			"/staff/municipalities", muniPath(muni), "/staff/families/0"} {
			_, body := coord.b.get(p + "?lang=" + lang)
			if m := regexp.MustCompile(`[^/\w](family|muni|export)\.[a-z_.]+`).FindString(body); m != "" {
				t.Errorf("%s in %s: untranslated %q", p, lang, m)
			}
		}
	}
}

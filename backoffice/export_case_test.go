package backoffice

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// fullCase opens the family's case and gives it one of each thing: an
// interview with a household member, two revisions (the second agreed), a
// visit, the move, a follow-up done, a warning closed, feedback and a
// family link. It returns the case page's path, the case's id and the
// link's token.
func (e *caseEnv) fullCase() (path string, caseID int64, token string) {
	t := e.t
	t.Helper()
	path = e.openCase()
	caseID, _ = strconv.ParseInt(strings.TrimPrefix(path, "/staff/cases/"), 10, 64)
	steps := [][]string{
		{"/interview", "interview_at", e.day(0), "languages", "ar", "spanish_level", "basic", "work_permit", "yes",
			"work.0.sector", "agriculture", "work.0.years", "6", "work.0.skills", "Poda de olivos",
			"household.0.name", "L.", "household.0.age", "7", "household.0.stage", "primary", "worries", "El invierno"},
		append([]string{"/itinerary"}, e.itinerary(0, "", "planned")...),
		append([]string{"/itinerary"}, e.itinerary(1, "Ya trabaja en la cooperativa", "in_progress")...),
		{"/agreement", "revision", "2", "agreed_on", e.day(0), "how", "phone"},
		{"/visits", "kind", "exploratory", "on", e.day(0), "done", "yes", "place", "Alcañiz",
			"participants", "Agente de desarrollo local", "outcome", "Les gustó el pueblo", "goals", "1"},
		{"/moved", "moved_on", e.day(0), "municipality", "44013"},
	}
	for _, s := range steps {
		res, body := e.tech.post(path+s[0], s[1:]...)
		wantStatus(t, res, http.StatusSeeOther, body)
	}
	// A month and ten days on, the first follow-up is late: its warning
	// is closed, and the follow-up done.
	e.svc.Clock.Add(40 * 24 * time.Hour)
	e.relogin(e.tech)
	e.relogin(e.coord)
	if _, err := e.svc.Warnings.RaiseWarnings(t.Context(), e.srv.Now(), senderos.WarningRules{}); err != nil {
		t.Fatal(err)
	}
	ws, err := e.svc.Warnings.FindWarnings(t.Context(), senderos.WarningFilter{CaseID: caseID, Open: true})
	if err != nil || len(ws) == 0 {
		t.Fatalf("warnings: %v %v", ws, err)
	}
	res, body := e.tech.post(path+"/warnings/"+strconv.FormatInt(ws[0].ID, 10)+"/close", "note", "Llamamos el lunes")
	wantStatus(t, res, http.StatusSeeOther, body)
	fus, err := e.svc.Cases.FindFollowUps(t.Context(), caseID)
	if err != nil || len(fus) == 0 {
		t.Fatalf("follow-ups: %v %v", fus, err)
	}
	res, body = e.tech.post(path+"/followups/"+strconv.FormatInt(fus[0].ID, 10), "done_on", e.day(0),
		"work", "ok", "housing", "ok", "school", "ok", "health_care", "ok", "neighbours", "problem", "spanish", "ok",
		"intends_to_stay", "yes", "good_decision", "yes", "note", "Contentos con la escuela")
	wantStatus(t, res, http.StatusSeeOther, body)
	f := &senderos.Feedback{CaseID: caseID, At: e.srv.Now(), Channel: senderos.FeedbackFamilyPage, Support: 4,
		Comment: "Gracias por todo", Month: 1, GoodDecision: senderos.AnswerYes}
	if err := e.svc.Families.AddFeedback(t.Context(), f); err != nil {
		t.Fatal(err)
	}
	_, token, err = e.svc.Families.CreateFamilyLink(t.Context(), caseID, e.tech.ID, e.srv.Now(), e.srv.Now().AddDate(0, 6, 0))
	if err != nil {
		t.Fatal(err)
	}
	return path, caseID, token
}

// TestExportHoldsTheCase exports a family's record whose case has one of
// each thing, on both engines: all of it is in the file, the link by its
// dates only. Erased, the record's export, its case page, the work queue
// and the calendar feed hold nothing of it.
func TestExportHoldsTheCase(t *testing.T) {
	for engine, configure := range staffEngines {
		t.Run(engine, func(t *testing.T) {
			e := newCaseEnv(t, configure(t))
			path, _, token := e.fullCase()
			export := familyPath(e.fam) + "/export.json"
			res, body := e.coord.b.get(export)
			wantStatus(t, res, http.StatusOK, body)
			var got RecordExport
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatal(err)
			}
			c := got.Case
			if c == nil {
				t.Fatalf("no case in %s", body)
			}
			if !c.Interview.WorkPermit || len(c.Interview.Work) != 1 || c.Interview.Work[0].Skills != "Poda de olivos" ||
				c.Interview.Worries != "El invierno" || len(c.Household) != 1 || c.Household[0].Name != "L." ||
				c.Household[0].Stage != "primary" || c.Municipality != "44013" || c.MovedOn == "" {
				t.Errorf("interview, household or move: %+v", c)
			}
			if len(c.Revisions) != 2 {
				t.Fatalf("revisions: %+v", c.Revisions)
			}
			for _, r := range c.Revisions {
				if len(r.Goals) != 3 || len(r.Tasks) != 2 || r.Goals[0].Target == "" {
					t.Errorf("revision %d: %+v", r.Number, r)
				}
				if r.Number == 2 && (r.Agreement == nil || r.Agreement.How != "phone" || r.Why != "Ya trabaja en la cooperativa") {
					t.Errorf("revision 2: %+v", r)
				}
				if r.Number == 1 && r.SupersededAt.IsZero() {
					t.Errorf("revision 1 not superseded: %+v", r)
				}
			}
			if len(c.Visits) != 1 || c.Visits[0].Outcome != "Les gustó el pueblo" || len(c.Visits[0].Goals) != 1 {
				t.Errorf("visits: %+v", c.Visits)
			}
			done := 0
			for _, f := range c.FollowUps {
				if f.Check != nil && f.Check.Note == "Contentos con la escuela" && f.Check.Neighbours == "problem" {
					done++
				}
			}
			if len(c.FollowUps) != 4 || done != 1 {
				t.Errorf("follow-ups: %+v", c.FollowUps)
			}
			closed := 0
			for _, w := range c.Warnings {
				if w.Closure != nil && w.Closure.Note == "Llamamos el lunes" && w.Closure.By == e.tech.ID {
					closed++
				}
			}
			if len(c.Warnings) == 0 || closed != 1 {
				t.Errorf("warnings: %+v", c.Warnings)
			}
			if len(c.Feedback) != 1 || c.Feedback[0].Comment != "Gracias por todo" || c.Feedback[0].Channel != senderos.FeedbackFamilyPage {
				t.Errorf("feedback: %+v", c.Feedback)
			}
			if len(c.FamilyLinks) != 1 || c.FamilyLinks[0].ExpiresAt.IsZero() || !c.FamilyLinks[0].RevokedAt.IsZero() {
				t.Errorf("links: %+v", c.FamilyLinks)
			}
			wantNotIn(t, "export", body, token, senderos.HashFamilyToken(token))
			if a := e.audited(senderos.AuditExport, e.fam.Reference); len(a) != 1 || a[0].Outcome != senderos.OutcomeOK {
				t.Errorf("export audit %+v", a)
			}
			res, body = e.tech.b.get(export)
			wantStatus(t, res, http.StatusForbidden, body)
			wantNotIn(t, "technician's refusal", body, "Poda de olivos")

			// The technician's calendar feed and both work queues show
			// the case before the erasure.
			res, body = e.tech.post("/staff/calendar", "action", "new")
			wantRedirect(t, res, "/staff/calendar")
			_, body = e.tech.b.get("/staff/calendar")
			feed := regexp.MustCompile(`/staff/calendar/[A-Za-z0-9_-]+\.ics`).FindString(body)
			anon := newBrowser(t, e.srv)
			_, body = anon.get(feed)
			wantIn(t, "feed before erasure", body, e.fam.Reference)
			for _, m := range []*member{e.tech, e.coord} {
				_, body = m.b.get("/staff/")
				wantIn(t, m.Name+"'s queue before erasure", body, e.fam.Reference)
			}

			res, body = e.coord.post(familyPath(e.fam)+"/erase", "confirm", e.fam.Reference)
			wantRedirect(t, res, "/staff/families")
			secrets := []string{e.fam.Reference, "Amina", "Poda de olivos", "El invierno", "Les gustó", "Contentos",
				"Llamamos el lunes", "Gracias por todo", "Ya trabaja en la cooperativa", "Encontrar trabajo"}
			for _, m := range []*member{e.tech, e.coord} {
				for _, p := range []string{export, path, path + "/interview", path + "/itinerary",
					path + "/followups/1", familyPath(e.fam) + "/link"} {
					res, body := m.b.get(p)
					if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
						t.Errorf("%s %s: %d", m.Name, p, res.StatusCode)
					}
					wantNotIn(t, m.Name+" "+p, body, secrets...)
				}
				_, body := m.b.get("/staff/")
				wantNotIn(t, m.Name+"'s queue", body, secrets...)
			}
			res, body = anon.get(feed)
			wantStatus(t, res, http.StatusOK, body)
			wantNotIn(t, "feed", body, secrets...)
			res, body = e.tech.post(path+"/visits", "kind", "home", "on", e.day(0), "place", "Madrid")
			wantStatus(t, res, http.StatusNotFound, body)
		})
	}
}

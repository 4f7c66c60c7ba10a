package backoffice

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/sqldb"
)

// caseEnv is a records environment with a technician following one
// interviewed family.
type caseEnv struct {
	*recordsEnv
	tech, other, coord *member
	fam                *senderos.Submission
}

func newCaseEnv(t *testing.T, configure ...func(*Config)) *caseEnv {
	t.Helper()
	e := &caseEnv{recordsEnv: newRecordsEnv(t, configure...)}
	// The test reads and writes through the server's stores, whichever
	// engine configure gave it.
	e.svc.Submissions, e.svc.Staff = e.srv.Submissions.(*sqldb.SubmissionService), e.srv.staff.(*sqldb.StaffService)
	e.svc.Sessions, e.svc.Audit = e.srv.sessions.(*sqldb.SessionService), e.srv.audits.(*sqldb.AuditService)
	e.svc.Cases, e.svc.Warnings = e.srv.Cases.(*sqldb.CaseService), e.srv.Warnings.(*sqldb.WarningService)
	e.svc.Families = e.srv.Families.(*sqldb.FamilyService)
	e.tech = e.login(senderos.RoleTechnician, "Tina Tecnica")
	e.other = e.login(senderos.RoleTechnician, "Otto Otro")
	e.coord = e.login(senderos.RoleCoordinator, "Clara Coordina")
	e.fam = e.family("Amina Haddad", "amina@example.org", "600111222")
	e.assign(e.fam, e.tech.Staff)
	for _, st := range []string{"contacted", "interviewed"} {
		res, body := e.tech.post(familyPath(e.fam)+"/status", "status", st)
		wantStatus(t, res, http.StatusSeeOther, body)
	}
	return e
}

// openCase opens the family's case through its record's button and
// returns the case page's path.
func (e *caseEnv) openCase() string {
	e.t.Helper()
	_, body := e.tech.b.get(familyPath(e.fam))
	wantIn(e.t, "family record", body, `action="`+familyPath(e.fam)+`/case"`)
	res, body := e.tech.post(familyPath(e.fam) + "/case")
	wantStatus(e.t, res, http.StatusSeeOther, body)
	return res.Header.Get("Location")
}

// relogin gives m a new session, after the clock moved past the old one.
func (e *caseEnv) relogin(m *member) {
	e.t.Helper()
	c := mustLogin(e.t, e.srv, m.Staff)
	m.b.setCookie(c)
	m.csrf = csrfOf(e.t, e.srv, c)
}

// day is the server's today plus n days, as a form's date.
func (e *caseEnv) day(n int) string {
	return e.srv.Now().AddDate(0, 0, n).Format(time.DateOnly)
}

// goalRow returns the form values of goal row i.
func goalRow(i int, number, phase, area, what, target, due, status string) []string {
	f := "goals." + strconv.Itoa(i) + "."
	return []string{f + "number", number, f + "phase", phase, f + "area", area, f + "what", what, f + "start", "",
		f + "target", target, f + "measure", "Contrato firmado", f + "due", due, f + "responsible", "technician",
		f + "status", status}
}

// taskRow returns the form values of task row i.
func taskRow(i int, what, owner, due string) []string {
	f := "tasks." + strconv.Itoa(i) + "."
	return []string{f + "phase", "preparation", f + "what", what, f + "owner", owner, f + "due", due}
}

// itinerary is the form of an itinerary with three goals and two tasks,
// from base, with why; change adjusts its values.
func (e *caseEnv) itinerary(base int, why string, goal1Status string) []string {
	kv := []string{"base", strconv.Itoa(base), "why", why, "rows", "5"}
	n := func(k int) string {
		if base == 0 {
			return ""
		}
		return strconv.Itoa(k)
	}
	kv = append(kv, goalRow(0, n(1), "preparation", "employment", "Encontrar trabajo en el campo", "Un contrato", e.day(30), goal1Status)...)
	kv = append(kv, goalRow(1, n(2), "move", "housing", "Alquilar una casa", "Casa de tres habitaciones", e.day(60), "planned")...)
	kv = append(kv, goalRow(3, n(3), "settling_in", "schooling", "Matricular a la niña", "Plaza en primaria", e.day(90), "planned")...)
	kv = append(kv, taskRow(0, "Preparar el currículum", "family", e.day(5))...)
	kv = append(kv, taskRow(2, "Llamar al ayuntamiento", "technician", e.day(3))...)
	return kv
}

// currentRevision returns the case's current revision.
func (e *caseEnv) currentRevision(caseID int64) *senderos.Revision {
	e.t.Helper()
	rev, err := e.svc.Cases.CurrentRevision(e.t.Context(), caseID)
	if err != nil {
		e.t.Fatal(err)
	}
	return rev
}

var caseIDPath = regexp.MustCompile(`^/staff/cases/([0-9]+)$`)

// TestCaseFromInterviewToFollowUp walks a case through the back-office's
// forms, as a technician would: open, interview, an itinerary of three
// goals and two tasks, a revision, the family's agreement, a visit, the
// move with its four follow-ups, and with the clock moved on, the overdue
// follow-up on the work queue as a warning, closed with a note.
func TestCaseFromInterviewToFollowUp(t *testing.T) {
	for engine, configure := range staffEngines {
		t.Run(engine, func(t *testing.T) {
			e := newCaseEnv(t, configure(t))
			testCaseFlow(t, e)
		})
	}
}

func testCaseFlow(t *testing.T, e *caseEnv) {
	path := e.openCase()
	m := caseIDPath.FindStringSubmatch(path)
	if m == nil {
		t.Fatalf("open case went to %q", path)
	}
	caseID, _ := strconv.ParseInt(m[1], 10, 64)
	res, body := e.tech.b.get(path)
	wantStatus(t, res, http.StatusOK, body)
	wantIn(t, "case page", body, e.fam.Reference)
	if len(e.audited(senderos.AuditCaseOpen, e.fam.Reference)) == 0 || len(e.audited(senderos.AuditCaseView, e.fam.Reference)) == 0 {
		t.Error("opening and viewing the case are not audited")
	}

	res, body = e.tech.post(path+"/interview", "interview_at", e.day(0), "languages", "ar, fr", "spanish_level", "basic",
		"work_permit", "yes", "work.0.sector", "agriculture", "work.0.years", "6", "work.0.skills", "Poda de olivos",
		"household.1.name", "L.", "household.1.age", "7", "household.1.stage", "primary", "worries", "El invierno")
	wantStatus(t, res, http.StatusSeeOther, body)
	c, _ := e.svc.Cases.FindCase(t.Context(), caseID)
	if !c.Interview.WorkPermit || len(c.Household) != 1 || c.Household[0].Name != "L." || len(c.Interview.Work) != 1 {
		t.Fatalf("interview not saved: %+v %+v", c.Interview, c.Household)
	}

	t.Run("ErrGoalWithoutTarget", func(t *testing.T) {
		kv := e.itinerary(0, "", "planned")
		kv[slicesIndex(kv, "goals.1.target")+1] = ""
		res, body := e.tech.post(path+"/itinerary", kv...)
		wantStatus(t, res, http.StatusUnprocessableEntity, body)
		wantIn(t, "itinerary form", body, `id="goals-1-target-problem"`, `href="#goals-1-target"`, staffText("en", "case.problem.required"))
		if _, err := e.svc.Cases.CurrentRevision(t.Context(), caseID); senderos.ErrorCode(err) != senderos.ENOTFOUND {
			t.Errorf("a revision was saved: %v", err)
		}
	})
	t.Run("ErrDueBeforeOpening", func(t *testing.T) {
		kv := e.itinerary(0, "", "planned")
		kv[slicesIndex(kv, "tasks.2.due")+1] = e.day(-30)
		res, body := e.tech.post(path+"/itinerary", kv...)
		wantStatus(t, res, http.StatusUnprocessableEntity, body)
		wantIn(t, "itinerary form", body, `id="tasks-2-due-problem"`)
		if _, err := e.svc.Cases.CurrentRevision(t.Context(), caseID); senderos.ErrorCode(err) != senderos.ENOTFOUND {
			t.Errorf("a revision was saved: %v", err)
		}
	})
	t.Run("MoreRowsSavesNothing", func(t *testing.T) {
		res, body := e.tech.post(path+"/itinerary", append(e.itinerary(0, "", "planned"), "more", "1")...)
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "itinerary form", body, `name="goals.7.what"`, "Alquilar una casa")
	})

	res, body = e.tech.post(path+"/itinerary", e.itinerary(0, "", "planned")...)
	wantStatus(t, res, http.StatusSeeOther, body)
	rev := e.currentRevision(caseID)
	if len(rev.Goals) != 3 || len(rev.Tasks) != 2 || rev.Number != 1 {
		t.Fatalf("first revision: %d goals, %d tasks, number %d", len(rev.Goals), len(rev.Tasks), rev.Number)
	}
	res, body = e.tech.post(path+"/itinerary", e.itinerary(1, "Ya trabaja en la cooperativa", "in_progress")...)
	wantStatus(t, res, http.StatusSeeOther, body)
	if rev = e.currentRevision(caseID); rev.Number != 2 || rev.Goal(1).Status != "in_progress" {
		t.Fatalf("second revision: number %d, goal 1 %+v", rev.Number, rev.Goal(1))
	}
	t.Run("ErrSupersededRevision", func(t *testing.T) {
		res, body := e.tech.post(path+"/itinerary", e.itinerary(1, "Otra versión", "achieved")...)
		wantStatus(t, res, http.StatusUnprocessableEntity, body)
		wantIn(t, "itinerary form", body, `id="revision-problem"`)
		if e.currentRevision(caseID).Number != 2 {
			t.Error("a superseded revision was revised")
		}
	})
	_, body = e.tech.b.get(path)
	wantIn(t, "case page", body, "Ya trabaja en la cooperativa", "Encontrar trabajo en el campo", "Llamar al ayuntamiento")

	t.Run("ErrAgreementInTheFuture", func(t *testing.T) {
		res, body := e.tech.post(path+"/agreement", "revision", "2", "agreed_on", e.day(3), "how", "in_person")
		wantStatus(t, res, http.StatusUnprocessableEntity, body)
		wantIn(t, "case page", body, `id="agreed_on-problem"`)
	})
	res, body = e.tech.post(path+"/agreement", "revision", "2", "agreed_on", e.day(0), "how", "in_person")
	wantStatus(t, res, http.StatusSeeOther, body)
	if a := e.currentRevision(caseID).Agreement; a == nil || a.How != "in_person" {
		t.Fatalf("agreement: %+v", a)
	}

	res, body = e.tech.post(path+"/visits", "kind", "exploratory", "on", e.day(0), "done", "yes", "place", "Alcañiz",
		"participants", "Familia\nAgente de desarrollo local", "outcome", "Les gustó el pueblo", "goals", "1", "goals", "2")
	wantStatus(t, res, http.StatusSeeOther, body)
	if vs, _ := e.svc.Cases.FindVisits(t.Context(), caseID); len(vs) != 1 || len(vs[0].Participants) != 2 {
		t.Fatalf("visits: %+v", vs)
	}

	t.Run("ErrMovedUnknownPlace", func(t *testing.T) {
		res, body := e.tech.post(path+"/moved", "moved_on", e.day(0), "municipality", "Villanoexiste")
		wantStatus(t, res, http.StatusUnprocessableEntity, body)
		wantIn(t, "case page", body, `id="municipality-problem"`)
	})
	res, body = e.tech.post(path+"/moved", "moved_on", e.day(0), "municipality", "Alcañiz")
	wantStatus(t, res, http.StatusSeeOther, body)
	fus, err := e.svc.Cases.FindFollowUps(t.Context(), caseID)
	if err != nil || len(fus) != 4 {
		t.Fatalf("follow-ups: %v %v", fus, err)
	}
	_, body = e.tech.b.get(path)
	moved := senderos.Day(e.srv.Now())
	for _, months := range []int{1, 3, 6, 12} {
		wantIn(t, "case page", body, senderos.AddMonths(moved, months).Format(time.DateOnly))
	}
	wantIn(t, "case page", body, "Alcañiz (Teruel, 44013)")

	fu := fus[0].ID
	fuPath := path + "/followups/" + strconv.FormatInt(fu, 10)
	check := []string{"work", "ok", "housing", "ok", "school", "ok", "health_care", "ok", "neighbours", "problem",
		"spanish", "ok", "intends_to_stay", "yes", "good_decision", "yes"}
	t.Run("ErrFollowUpBeforeMove", func(t *testing.T) {
		res, body := e.tech.post(fuPath, append(check, "done_on", e.day(-1))...)
		wantStatus(t, res, http.StatusUnprocessableEntity, body)
		wantIn(t, "follow-up", body, `id="done_on-problem"`)
		if fs, _ := e.svc.Cases.FindFollowUps(t.Context(), caseID); fs[0].Done() {
			t.Error("a follow-up before the move was recorded")
		}
	})

	// The first follow-up is not done; 40 days later it is late.
	e.svc.Clock.Add(40 * 24 * time.Hour)
	e.relogin(e.tech)
	e.relogin(e.coord)
	if n, err := e.svc.Warnings.RaiseWarnings(t.Context(), e.srv.Now(), senderos.WarningRules{}); err != nil || n == 0 {
		t.Fatalf("RaiseWarnings: %d, %v", n, err)
	}
	res, body = e.tech.b.get("/staff/")
	wantStatus(t, res, http.StatusOK, body)
	wantIn(t, "work queue", body, staffText("en", "case.warning.followup_overdue"), `href="`+path+`#warnings"`, e.fam.Reference)
	ws, _ := e.svc.Warnings.FindWarnings(t.Context(), senderos.WarningFilter{CaseID: caseID, Open: true})
	var overdue *senderos.Warning
	for _, w := range ws {
		if w.Kind == senderos.WarnFollowUpOverdue {
			overdue = w
		}
	}
	if overdue == nil {
		t.Fatalf("no overdue follow-up warning in %+v", ws)
	}
	closePath := path + "/warnings/" + strconv.FormatInt(overdue.ID, 10) + "/close"
	res, body = e.tech.post(closePath, "note", "")
	wantStatus(t, res, http.StatusUnprocessableEntity, body)
	wantIn(t, "case page", body, `id="warning-`+strconv.FormatInt(overdue.ID, 10)+`-note-problem"`)
	res, body = e.tech.post(closePath, "note", "Llamamos: el seguimiento es el lunes")
	wantStatus(t, res, http.StatusSeeOther, body)
	if ws, _ := e.svc.Warnings.FindWarnings(t.Context(), senderos.WarningFilter{CaseID: caseID, Open: true}); containsWarning(ws, overdue.ID) {
		t.Error("the warning is still open")
	}

	res, body = e.tech.post(fuPath, append(check, "done_on", e.day(0))...)
	wantStatus(t, res, http.StatusSeeOther, body)

	t.Run("FeedbackShowsInTheCase", func(t *testing.T) {
		f := &senderos.Feedback{CaseID: caseID, At: e.srv.Now(), Channel: senderos.FeedbackFamilyPage, Support: 5,
			Comment: "Estamos contentos en el pueblo", Month: 1, GoodDecision: senderos.AnswerYes}
		if err := e.svc.Families.AddFeedback(t.Context(), f); err != nil {
			t.Fatal(err)
		}
		_, body := e.tech.b.get(path)
		wantIn(t, "case page", body, "Estamos contentos en el pueblo", "5/5")
	})
	t.Run("CoordinatorSeesCountsPerTechnician", func(t *testing.T) {
		_, body := e.coord.b.get("/staff/")
		wantIn(t, "coordinator's queue", body, "Tina Tecnica", staffTextN("en", "queue.n.cases", 1))
	})
}

func containsWarning(ws []*senderos.Warning, id int64) bool {
	for _, w := range ws {
		if w.ID == id {
			return true
		}
	}
	return false
}

func slicesIndex(kv []string, key string) int {
	for i := 0; i < len(kv); i += 2 {
		if kv[i] == key {
			return i
		}
	}
	panic("no " + key)
}

// TestCaseIsTheTechniciansOwn checks that a technician not assigned gets
// 404 on every case page, audited, and changes nothing.
func TestCaseIsTheTechniciansOwn(t *testing.T) {
	e := newCaseEnv(t)
	path := e.openCase()
	for _, p := range []string{path, path + "/interview", path + "/itinerary"} {
		res, body := e.other.b.get(p)
		wantStatus(t, res, http.StatusNotFound, body)
		wantNotIn(t, p, body, e.fam.Reference)
	}
	res, body := e.other.post(path+"/visits", "kind", "home", "on", e.day(0), "place", "Madrid")
	wantStatus(t, res, http.StatusNotFound, body)
	if len(e.audited(senderos.AuditDeniedView, e.fam.Reference)) < 4 {
		t.Error("denied views are not audited")
	}
	res, body = e.other.post(familyPath(e.fam) + "/case")
	wantStatus(t, res, http.StatusNotFound, body)
	res, body = e.coord.b.get(path)
	wantStatus(t, res, http.StatusOK, body)
}

// TestCaseFormsNeedTheCSRFToken sends a case's forms without the token:
// refused, nothing changed.
func TestCaseFormsNeedTheCSRFToken(t *testing.T) {
	e := newCaseEnv(t)
	path := e.openCase()
	res, body := e.tech.b.post(path+"/visits", url.Values{"csrf": {"wrong"}, "kind": {"home"}, "on": {e.day(0)}, "place": {"Madrid"}})
	wantStatus(t, res, http.StatusForbidden, body)
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/staff/cases/"), 10, 64)
	if vs, _ := e.svc.Cases.FindVisits(t.Context(), id); len(vs) != 0 {
		t.Error("a visit was stored without the token")
	}
}

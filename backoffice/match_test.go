package backoffice

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/postgres"
	"github.com/cepaim/senderos/store/postgres/pgtest"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
	"github.com/cepaim/senderos/store/storetest"
)

// matchEnv is a back-office with the village side and matching on a real
// SQLite store: an approved village (Alcañiz, in Aragón), a coordinator,
// a technician and a family with an open case assigned to it.
type matchEnv struct {
	*recordsEnv
	coord, tech, other *member
	fam                *senderos.Submission
	casePath           string
	caseID             int64
	code               string
	publishes          *atomic.Int32
	offers             *sqldb.OfferService
	matches            *sqldb.MatchService
}

func newMatchEnv(t *testing.T, engine ...string) *matchEnv {
	t.Helper()
	publishes := &atomic.Int32{}
	var pg *sqldb.DB
	if len(engine) > 0 && engine[0] == "postgres" {
		var err error
		if pg, err = postgres.Open(context.Background(), pgtest.Schema(t), storetest.Keys()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pg.Close() })
	}
	e := &matchEnv{recordsEnv: newRecordsEnv(t, func(c *Config) {
		c.PublicURL = "https://senderos.example"
		c.OnPublish = func(ctx context.Context) { publishes.Add(1) }
		if pg != nil {
			c.Submissions, c.Staff, c.Sessions = sqldb.NewSubmissionService(pg), sqldb.NewStaffService(pg), sqldb.NewSessionService(pg)
			c.Audit, c.Profiles = sqldb.NewAuditService(pg), sqldb.NewProfileService(pg)
			c.Cases, c.Warnings, c.Families = sqldb.NewCaseService(pg), sqldb.NewWarningService(pg), sqldb.NewFamilyService(pg)
			c.Offers, c.Matches, c.Villages = sqldb.NewOfferService(pg), sqldb.NewMatchService(pg), sqldb.NewVillageService(pg)
		}
	}), publishes: publishes, code: "44013"}
	if pg != nil {
		// The test reads and writes through the server's stores.
		e.svc.Submissions, e.svc.Staff = e.srv.Submissions.(*sqldb.SubmissionService), e.srv.staff.(*sqldb.StaffService)
		e.svc.Sessions, e.svc.Audit = e.srv.sessions.(*sqldb.SessionService), e.srv.audits.(*sqldb.AuditService)
		e.svc.Cases, e.svc.Warnings = e.srv.Cases.(*sqldb.CaseService), e.srv.Warnings.(*sqldb.WarningService)
		e.svc.Families = e.srv.Families.(*sqldb.FamilyService)
		e.offers, e.matches = e.srv.Offers.(*sqldb.OfferService), e.srv.Matches.(*sqldb.MatchService)
	} else {
		// The matching services on the very database of the others.
		db, err := sqlite.Open(e.svc.DBPath, storetest.Keys())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		e.offers, e.matches = sqldb.NewOfferService(db), sqldb.NewMatchService(db)
		e.srv.Offers, e.srv.Matches, e.srv.Villages = e.offers, e.matches, sqldb.NewVillageService(db)
		e.srv.router = mux.NewRouter()
		e.srv.registerStaffRoutes(e.srv.router)
	}

	e.coord = e.login(senderos.RoleCoordinator, "Clara Coordina")
	e.tech = e.login(senderos.RoleTechnician, "Tina Tecnica")
	e.other = e.login(senderos.RoleTechnician, "Otto Otro")
	muni := e.municipality(e.code)
	res, body := e.coord.post(muniPath(muni) + "/approve")
	wantStatus(t, res, http.StatusSeeOther, body)

	e.fam = e.family("Amina Haddad", "amina@example.org", "600111222")
	e.assign(e.fam, e.tech.Staff)
	for _, st := range []string{"contacted", "interviewed"} {
		res, body := e.tech.post(familyPath(e.fam)+"/status", "status", st)
		wantStatus(t, res, http.StatusSeeOther, body)
	}
	res, body = e.tech.post(familyPath(e.fam) + "/case")
	wantStatus(t, res, http.StatusSeeOther, body)
	e.casePath = res.Header.Get("Location")
	e.caseID, _ = strconv.ParseInt(strings.TrimPrefix(e.casePath, "/staff/cases/"), 10, 64)
	return e
}

func (e *matchEnv) day(n int) string {
	return e.srv.Now().AddDate(0, 0, n).Format(time.DateOnly)
}

func (e *matchEnv) villagePath() string { return villagePath(e.code) }

// goodJob is a job offer's form the family of the test fits.
func (e *matchEnv) goodJob(kv ...string) []string {
	f := []string{"employer", "Aceites del Bajo Aragón", "contact.name", "Jorge Encargado", "contact.phone", "978000111",
		"contact.email", "jorge@aceites.example", "sector", "agriculture", "tasks", "Poda y recogida de aceituna",
		"contract", "permanent", "hours_week", "40", "start", e.day(20), "pay_min", "1200", "pay_max", "1400",
		"vacancies", "1", "spanish_level", "", "needs_licence", "1"}
	// kv replaces the fields it names, and adds the others.
next:
	for i := 0; i+1 < len(kv); i += 2 {
		for j := 0; j+1 < len(f); j += 2 {
			if f[j] == kv[i] {
				f[j+1] = kv[i+1]
				continue next
			}
		}
		f = append(f, kv[i], kv[i+1])
	}
	return f
}

// addJob adds a job offer by its form and returns its id.
func (e *matchEnv) addJob(m *member, kv ...string) int64 {
	e.t.Helper()
	res, body := m.post(e.villagePath()+"/jobs", e.goodJob(kv...)...)
	wantStatus(e.t, res, http.StatusSeeOther, body)
	jobs, err := e.offers.FindJobs(e.t.Context(), senderos.OfferFilter{Municipality: e.code})
	if err != nil || len(jobs) == 0 {
		e.t.Fatalf("no job stored: %v", err)
	}
	var id int64
	for _, j := range jobs {
		id = max(id, j.ID)
	}
	return id
}

// addHome adds a home by its form, tied to job (0 for none), and returns
// its id.
func (e *matchEnv) addHome(m *member, job int64) int64 {
	e.t.Helper()
	j := ""
	if job != 0 {
		j = strconv.FormatInt(job, 10)
	}
	before, _ := e.offers.FindHomes(e.t.Context(), senderos.OfferFilter{Municipality: e.code})
	res, body := m.post(e.villagePath()+"/homes", "job", j, "bedrooms", "3", "rent", "300",
		"available_from", e.day(10), "furnished", "1", "notes", "Cerca de la escuela")
	wantStatus(e.t, res, http.StatusSeeOther, body)
	homes, err := e.offers.FindHomes(e.t.Context(), senderos.OfferFilter{Municipality: e.code})
	if err != nil || len(homes) != len(before)+1 {
		e.t.Fatalf("no home stored: %v", err)
	}
	var id int64
	for _, h := range homes {
		id = max(id, h.ID)
	}
	return id
}

// saveFacts gives the village the services the family needs.
func (e *matchEnv) saveFacts() {
	e.t.Helper()
	res, body := e.coord.post(e.villagePath()+"/facts", "services", "school", "services", "health-centre",
		"services", "pharmacy", "hospital_km", "35", "town_km", "12")
	wantStatus(e.t, res, http.StatusSeeOther, body)
}

var proposalLocation = regexp.MustCompile(`^/staff/proposals/([0-9]+)$`)

func TestMatchAddJobWithBadValuesStoresNothing(t *testing.T) {
	e := newMatchEnv(t)
	for _, lang := range []string{"es", "ar"} {
		e.coord.b.get("/staff/?lang=" + lang)
		res, body := e.coord.post(e.villagePath()+"/jobs", "employer", "", "sector", "nope", "contract", "permanent",
			"hours_week", "40", "start", e.day(-3), "pay_min", "1500", "pay_max", "1000", "vacancies", "0",
			"contact.name", "Jorge Encargado")
		wantStatus(t, res, http.StatusUnprocessableEntity, body)
		wantIn(t, lang, body,
			staffText(lang, "matchpage.problems"),
			staffText(lang, "matchpage.problem.before_today"),
			`id="vacancies-problem"`, `id="employer-problem"`, `id="start-problem"`, `id="pay_max-problem"`, `id="sector-problem"`,
			// What was typed stays in the form.
			`value="Jorge Encargado"`)
		if lang == "ar" {
			wantIn(t, lang, body, `lang="ar" dir="rtl"`)
		}
		res, body = e.coord.post(e.villagePath()+"/homes", "bedrooms", "0", "rent", "-5", "available_from", "")
		wantStatus(t, res, http.StatusUnprocessableEntity, body)
		wantIn(t, lang, body, `id="bedrooms-problem"`, `id="rent-problem"`, `id="available_from-problem"`)
		res, body = e.coord.post(e.villagePath()+"/facts", "services", "school", "services", "casino", "hospital_km", "900", "town_km", "x")
		wantStatus(t, res, http.StatusUnprocessableEntity, body)
		wantIn(t, lang, body, `id="services-problem"`, `id="hospital_km-problem"`, `id="town_km-problem"`)
	}
	if v, _ := e.offers.FindVillage(t.Context(), e.code); v.HospitalKm != 0 || v.TownKm != 0 {
		t.Errorf("bad facts stored: %+v", v)
	}
	jobs, _ := e.offers.FindJobs(t.Context(), senderos.OfferFilter{Municipality: e.code})
	homes, _ := e.offers.FindHomes(t.Context(), senderos.OfferFilter{Municipality: e.code})
	if len(jobs) != 0 || len(homes) != 0 {
		t.Fatalf("stored %d jobs and %d homes from bad forms", len(jobs), len(homes))
	}
	if n := e.publishes.Load(); n != 1 { // the approval's only
		t.Errorf("published %d times, want only the approval's", n)
	}
}

func TestMatchFromOfferToAgreement(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { testMatchFromOfferToAgreement(t, newMatchEnv(t, engine)) })
	}
}

func testMatchFromOfferToAgreement(t *testing.T, e *matchEnv) {
	e.saveFacts()
	job := e.addJob(e.coord)
	home := e.addHome(e.coord, job)
	if e.publishes.Load() < 4 {
		t.Errorf("published %d times, want after the approval, the facts, the job and the home", e.publishes.Load())
	}
	// The job's contact is sealed: the village's page does not show it.
	_, body := e.coord.b.get(e.villagePath())
	wantIn(t, "village", body, "Aceites del Bajo Aragón")
	wantNotIn(t, "village", body, "Jorge Encargado", "978000111")

	// The technician sees suggestions for the family with reasons.
	_, body = e.tech.b.get(e.casePath)
	wantIn(t, "case", body, e.casePath+"/match")
	res, body := e.tech.b.get(e.casePath + "/match")
	wantStatus(t, res, http.StatusOK, body)
	wantIn(t, "suggestions", body, "Aceites del Bajo Aragón", `name="bundle"`,
		"Fit: ", label(senderos.CriterionList, senderos.CriterionExperience, "en"),
		"The nearest town is 12 km away by road.", "The hospital is 35 km away by road.")

	// A job asking for more Spanish than the family has is left out, with
	// the rule and why.
	strict := e.addJob(e.coord, "employer", "Hotel Matarraña", "spanish_level", "fluent", "home_included", "1")
	e.addHome(e.coord, strict)
	_, body = e.tech.b.get(e.casePath + "/match")
	wantIn(t, "excluded", body, "<details>", "Hotel Matarraña", label(senderos.RuleList, senderos.RuleSpanish, "en")+"</strong>: The job asks for Spanish at level")

	// The offer's side: the coordinator sees the family suggested.
	res, body = e.coord.b.get("/staff/jobs/" + strconv.FormatInt(job, 10) + "/match")
	wantStatus(t, res, http.StatusOK, body)
	wantIn(t, "job suggestions", body, e.fam.Reference)

	// Proposing.
	bundle := strconv.FormatInt(job, 10) + "-" + strconv.FormatInt(home, 10) + "-0"
	res, body = e.tech.post(e.casePath+"/match", "bundle", bundle, "deadline", e.day(0))
	wantStatus(t, res, http.StatusUnprocessableEntity, body)
	wantIn(t, "bad deadline", body, `class="problem"`)
	res, body = e.tech.post(e.casePath+"/match", "bundle", bundle, "deadline", e.day(senderos.DefaultProposalDays))
	wantStatus(t, res, http.StatusSeeOther, body)
	m := proposalLocation.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("proposal went to %q", res.Header.Get("Location"))
	}
	pid, _ := strconv.ParseInt(m[1], 10, 64)
	p, err := e.matches.FindProposal(t.Context(), pid)
	if err != nil || p.CaseID != e.caseID || p.HomeID != home || p.JobID != job || p.Status != senderos.ProposalPending || len(p.Fit.Scores) == 0 {
		t.Fatalf("proposal %+v, %v", p, err)
	}
	// The case page lists it; the other technician cannot open it.
	_, body = e.tech.b.get(e.casePath)
	wantIn(t, "case", body, proposalPath(pid))
	res, _ = e.other.b.get(proposalPath(pid))
	wantStatus(t, res, http.StatusNotFound, "")

	// Every party answers; the employer's by staff.
	for _, lang := range []string{"es", "ar"} {
		res, body = e.tech.b.get(proposalPath(pid) + "?lang=" + lang)
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, lang, body, label(senderos.PartyList, senderos.PartyEmployer, lang), staffText(lang, "matchpage.proposal.record"))
	}
	e.tech.b.get("/staff/?lang=en")
	res, body = e.tech.post(proposalPath(pid)+"/answer", "party", "employer")
	wantStatus(t, res, http.StatusUnprocessableEntity, body)
	wantIn(t, "no answer", body, `id="answer-problem"`)
	res, body = e.tech.post(proposalPath(pid)+"/answer", "party", "employer", "answer", "decline")
	wantStatus(t, res, http.StatusUnprocessableEntity, body)
	wantIn(t, "decline without reason", body, `id="reason-problem"`)
	before := e.publishes.Load()
	for _, party := range []string{"employer", "municipality", "family"} {
		res, body = e.tech.post(proposalPath(pid)+"/answer", "party", party, "answer", "accept", "note", "Por teléfono")
		wantStatus(t, res, http.StatusSeeOther, body)
	}
	res, body = e.tech.post(proposalPath(pid)+"/answer", "party", "family", "answer", "accept")
	wantStatus(t, res, http.StatusUnprocessableEntity, body)
	p, err = e.matches.FindProposal(t.Context(), pid)
	if err != nil || p.Status != senderos.ProposalAgreed {
		t.Fatalf("proposal %+v, %v: want agreed", p, err)
	}
	if e.publishes.Load() <= before {
		t.Errorf("the agreement did not rebuild the site")
	}
	_, body = e.tech.b.get(proposalPath(pid))
	wantIn(t, "agreed", body, label(senderos.ProposalStatusList, senderos.ProposalAgreed, "en"))
	j, _ := e.offers.FindJob(t.Context(), job)
	if j.Status != senderos.OfferFilled {
		t.Errorf("job %s after the agreement, want filled", j.Status)
	}
}

func TestMatchSecondProposalOfAHomeIsTold(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { testMatchSecondProposal(t, newMatchEnv(t, engine)) })
	}
}

func testMatchSecondProposal(t *testing.T, e *matchEnv) {
	e.saveFacts()
	job := e.addJob(e.coord, "vacancies", "2")
	home := e.addHome(e.coord, 0)
	// A second family, its case assigned to the same technician.
	fam2 := e.family("Omar Said", "omar@example.org", "600333444")
	e.assign(fam2, e.tech.Staff)
	for _, st := range []string{"contacted", "interviewed"} {
		res, body := e.tech.post(familyPath(fam2)+"/status", "status", st)
		wantStatus(t, res, http.StatusSeeOther, body)
	}
	res, body := e.tech.post(familyPath(fam2) + "/case")
	wantStatus(t, res, http.StatusSeeOther, body)
	case2 := res.Header.Get("Location")

	bundle := strconv.FormatInt(job, 10) + "-" + strconv.FormatInt(home, 10) + "-0"
	res, body = e.tech.post(e.casePath+"/match", "bundle", bundle, "deadline", e.day(10))
	wantStatus(t, res, http.StatusSeeOther, body)
	res, body = e.coord.post(case2+"/match", "bundle", bundle, "deadline", e.day(10))
	wantStatus(t, res, http.StatusConflict, body)
	wantIn(t, "second proposal", body, staffText("en", "matchpage.propose_conflict"))
	ps, _ := e.matches.FindProposals(t.Context(), senderos.ProposalFilter{HomeID: home})
	if len(ps) != 1 {
		t.Fatalf("%d proposals of one home", len(ps))
	}
	// Withdrawn, the home is free again.
	res, body = e.tech.post(proposalPath(ps[0].ID) + "/withdraw")
	wantStatus(t, res, http.StatusSeeOther, body)
	h, _ := e.offers.FindHome(t.Context(), home)
	if h.Status != senderos.OfferOpen {
		t.Errorf("home %s after withdrawing, want open", h.Status)
	}
}

func TestMatchPagesRenderInEveryLanguage(t *testing.T) {
	e := newMatchEnv(t)
	e.saveFacts()
	job := e.addJob(e.coord)
	home := e.addHome(e.coord, job)
	bundle := strconv.FormatInt(job, 10) + "-" + strconv.FormatInt(home, 10) + "-0"
	res, body := e.coord.post(e.casePath+"/match", "bundle", bundle, "deadline", e.day(10))
	wantStatus(t, res, http.StatusSeeOther, body)
	pid := proposalLocation.FindStringSubmatch(res.Header.Get("Location"))[1]
	pages := []string{"/staff/villages", e.villagePath(), e.villagePath() + "/jobs/new", e.villagePath() + "/homes/new",
		e.villagePath() + "/jobs/" + strconv.FormatInt(job, 10), e.villagePath() + "/homes/" + strconv.FormatInt(home, 10),
		e.casePath + "/match", e.casePath, "/staff/jobs/" + strconv.FormatInt(job, 10) + "/match",
		"/staff/match/batch", "/staff/match/weights", "/staff/proposals", "/staff/proposals?status=pending", "/staff/proposals/" + pid}
	for _, lang := range []string{"es", "en", "fr", "ar"} {
		for _, p := range pages {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			res, body := e.coord.b.get(p + sep + "lang=" + lang)
			wantStatus(t, res, http.StatusOK, body)
			wantIn(t, p+" "+lang, body, `<html lang="`+lang+`"`)
			if strings.Contains(body, "%!") || strings.Contains(body, "matchpage.") {
				i := max(strings.Index(body, "%!"), strings.Index(body, "matchpage."))
				t.Errorf("%s in %s: a text is missing or badly formatted: %.200s", p, lang, body[i:])
			}
		}
	}
}

func TestMatchBatchAndWeightsAreTheCoordinators(t *testing.T) {
	e := newMatchEnv(t)
	e.saveFacts()
	job := e.addJob(e.coord)
	home := e.addHome(e.coord, job)
	for _, p := range []string{"/staff/match/batch", "/staff/match/weights", "/staff/jobs/" + strconv.FormatInt(job, 10) + "/match"} {
		res, _ := e.tech.b.get(p)
		wantStatus(t, res, http.StatusForbidden, "")
	}
	res, _ := e.tech.post("/staff/match/weights", "experience", "9")
	wantStatus(t, res, http.StatusForbidden, "")
	res, _ = e.tech.post("/staff/match/batch", "place", strconv.FormatInt(e.caseID, 10)+":1-1-0")
	wantStatus(t, res, http.StatusForbidden, "")
	// The other technician cannot see the family's suggestions.
	res, _ = e.other.b.get(e.casePath + "/match")
	wantStatus(t, res, http.StatusNotFound, "")

	// Weights: out of range refused, nothing stored; then saved.
	res, body := e.coord.post("/staff/match/weights", "experience", "11", "languages", "3", "hospital", "2", "town", "2", "services", "2", "waiting", "3")
	wantStatus(t, res, http.StatusUnprocessableEntity, body)
	wantIn(t, "weights", body, `id="experience-problem"`)
	w, _ := e.matches.MatchWeights(t.Context())
	if w[senderos.CriterionExperience] != senderos.DefaultWeights()[senderos.CriterionExperience] {
		t.Errorf("bad weights stored: %v", w)
	}
	res, body = e.coord.post("/staff/match/weights", "experience", "9", "languages", "3", "hospital", "2", "town", "2", "services", "2", "waiting", "3")
	wantStatus(t, res, http.StatusSeeOther, body)
	w, _ = e.matches.MatchWeights(t.Context())
	if w[senderos.CriterionExperience] != 9 {
		t.Errorf("weights %v, want experience 9", w)
	}

	// The batch: shown, nothing proposed without a tick, then the tick.
	res, body = e.coord.b.get("/staff/match/batch")
	wantStatus(t, res, http.StatusOK, body)
	place := strconv.FormatInt(e.caseID, 10) + ":" + strconv.FormatInt(job, 10) + "-" + strconv.FormatInt(home, 10) + "-0"
	wantIn(t, "batch", body, `value="`+place+`"`)
	res, body = e.coord.post("/staff/match/batch", "deadline", e.day(10))
	wantStatus(t, res, http.StatusUnprocessableEntity, body)
	if ps, _ := e.matches.FindProposals(t.Context(), senderos.ProposalFilter{}); len(ps) != 0 {
		t.Fatalf("%d proposals without a tick", len(ps))
	}
	res, body = e.coord.post("/staff/match/batch", "deadline", e.day(10), "place", place)
	wantStatus(t, res, http.StatusOK, body)
	if ps, _ := e.matches.FindProposals(t.Context(), senderos.ProposalFilter{CaseID: e.caseID}); len(ps) != 1 {
		t.Fatalf("%d proposals after ticking one", len(ps))
	}
}

func TestVillageLinkAndChanges(t *testing.T) {
	e := newMatchEnv(t)
	villages := e.srv.Villages
	// A link: its token shown once, in the text to send; revoked.
	res, body := e.coord.post(e.villagePath() + "/link")
	wantStatus(t, res, http.StatusCreated, body)
	m := regexp.MustCompile(`https://senderos\.example/village/([A-Za-z0-9_-]+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link on the page:\n%.3000s", body)
	}
	if code, err := villages.OpenVillageLink(t.Context(), senderos.HashFamilyToken(m[1]), e.srv.Now()); err != nil || code != e.code {
		t.Fatalf("the link opens %q, %v", code, err)
	}
	_, body = e.coord.b.get(e.villagePath())
	wantNotIn(t, "village", body, m[1])
	links, _ := villages.FindVillageLinks(t.Context(), e.code)
	res, body = e.coord.post(e.villagePath() + "/link/" + strconv.FormatInt(links[0].ID, 10) + "/revoke")
	wantStatus(t, res, http.StatusSeeOther, body)
	if _, err := villages.OpenVillageLink(t.Context(), senderos.HashFamilyToken(m[1]), e.srv.Now()); err == nil {
		t.Fatal("a revoked link still opens")
	}

	// Changes the municipality proposed: one applied, one rejected.
	now := e.srv.Now()
	add := &senderos.VillageChange{Municipality: e.code, Kind: senderos.ChangeAddJob, Job: &senderos.Job{
		Municipality: e.code, Employer: "Granja del Matarraña", Sector: "agriculture", Tasks: "Cuidar el ganado",
		Contract: senderos.ContractSeasonal, HoursWeek: 35, Start: now.AddDate(0, 0, 30), PayMin: 1100, PayMax: 1200,
		Vacancies: 1, Status: senderos.OfferOpen}}
	facts := &senderos.VillageChange{Municipality: e.code, Kind: senderos.ChangeVillage, Village: &senderos.Village{
		Code: e.code, Services: []string{"school"}, HospitalKm: 400, TownKm: 300}}
	for _, c := range []*senderos.VillageChange{add, facts} {
		if err := villages.ProposeChange(t.Context(), c, now); err != nil {
			t.Fatal(err)
		}
	}
	_, body = e.coord.b.get("/staff/villages")
	wantIn(t, "villages", body, "<strong>2</strong>")
	_, body = e.coord.b.get(e.villagePath())
	wantIn(t, "village", body, "Granja del Matarraña", e.villagePath()+"/changes/"+strconv.FormatInt(add.ID, 10)+"/apply")
	before := e.publishes.Load()
	res, body = e.coord.post(e.villagePath() + "/changes/" + strconv.FormatInt(add.ID, 10) + "/apply")
	wantStatus(t, res, http.StatusSeeOther, body)
	res, body = e.coord.post(e.villagePath() + "/changes/" + strconv.FormatInt(facts.ID, 10) + "/reject")
	wantStatus(t, res, http.StatusSeeOther, body)
	res, body = e.coord.post(e.villagePath() + "/changes/" + strconv.FormatInt(facts.ID, 10) + "/apply")
	wantStatus(t, res, http.StatusConflict, body)
	if e.publishes.Load() != before+1 {
		t.Errorf("published %d times for one change applied", e.publishes.Load()-before)
	}
	jobs, _ := e.offers.FindJobs(t.Context(), senderos.OfferFilter{Municipality: e.code})
	if len(jobs) != 1 || jobs[0].Employer != "Granja del Matarraña" {
		t.Fatalf("jobs after applying: %v", jobs)
	}
	v, _ := e.offers.FindVillage(t.Context(), e.code)
	if v.HospitalKm == 400 {
		t.Errorf("a rejected change was applied")
	}
	// Another village's change is not reviewed from this one's page.
	res, _ = e.coord.post("/staff/villages/44014/changes/" + strconv.FormatInt(add.ID, 10) + "/apply")
	wantStatus(t, res, http.StatusNotFound, "")
}

// openCaseFor stores a family, assigns it to m, interviews it and opens
// its case; it returns the case's path.
func (e *matchEnv) openCaseFor(m *member, name string) string {
	e.t.Helper()
	fam := e.family(name, strings.ToLower(strings.Fields(name)[0])+"@example.org", "600333444")
	e.assign(fam, m.Staff)
	for _, st := range []string{"contacted", "interviewed"} {
		res, body := m.post(familyPath(fam)+"/status", "status", st)
		wantStatus(e.t, res, http.StatusSeeOther, body)
	}
	res, body := m.post(familyPath(fam) + "/case")
	wantStatus(e.t, res, http.StatusSeeOther, body)
	return res.Header.Get("Location")
}

// Two staff propose one home to two families at once: one wins, the other
// is told, on both engines.
func TestMatchRaceOnOneHome(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			e := newMatchEnv(t, engine)
			e.saveFacts()
			job := e.addJob(e.coord, "vacancies", "2")
			home := e.addHome(e.coord, 0)
			case2 := e.openCaseFor(e.other, "Omar Said")
			bundle := strconv.FormatInt(job, 10) + "-" + strconv.FormatInt(home, 10) + "-0"
			type try struct {
				m    *member
				path string
			}
			codes := make(chan int, 2)
			start := make(chan struct{})
			for _, x := range []try{{e.tech, e.casePath}, {e.other, case2}} {
				go func() {
					<-start
					res, _ := x.m.post(x.path+"/match", "bundle", bundle, "deadline", e.day(10))
					codes <- res.StatusCode
				}()
			}
			close(start)
			got := map[int]int{<-codes: 1}
			got[<-codes]++
			if got[http.StatusSeeOther] != 1 || got[http.StatusConflict] != 1 {
				t.Fatalf("answers %v, want one 303 and one 409", got)
			}
			ps, _ := e.matches.FindProposals(t.Context(), senderos.ProposalFilter{HomeID: home})
			if len(ps) != 1 {
				t.Fatalf("%d proposals of one home", len(ps))
			}
		})
	}
}

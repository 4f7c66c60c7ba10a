package storetest

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/sqldb"
)

// Village is the code of the municipality NewMunicipality signs up
// (Teruel, in Aragón: region 02); OtherVillage is a second one's.
const (
	Village      = "44216"
	OtherVillage = "50297"
)

// matchEnv is a fresh store with an approved municipality, staff and a
// family's case, for the match tests.
type matchEnv struct {
	ctx    context.Context
	db     *sqldb.DB
	st     Services
	admin  *senderos.Staff
	tech   *senderos.Staff
	signup *senderos.Submission
	c      *senderos.Case
}

// RunMatch runs the contract of the village side and matching (offers,
// villages, proposals, links and changes) against the engine's databases,
// one fresh database per subtest.
func RunMatch(t *testing.T, e Engine) {
	t.Helper()
	tests := []struct {
		name string
		test func(t *testing.T, e Engine)
	}{
		{"CreatesAndFindsOffers", testCreatesOffers},
		{"ErrOffers", testErrOffers},
		{"UpdatesAndWithdrawsOffers", testUpdatesOffers},
		{"SavesVillage", testSavesVillage},
		{"ProfileSumsUpOpenOffers", testProfileSumsUpOffers},
		{"ProposeHoldsHomeAndVacancy", testProposeHolds},
		{"ErrPropose", testErrPropose},
		{"AgreedMatchInOneTransaction", testAgreedMatch},
		{"AgreedMatchRevisesItinerary", testAgreedMatchRevises},
		{"ErrRespond", testErrRespond},
		{"DeclineFreesOffers", testDeclineFrees},
		{"WithdrawFreesOffers", testWithdrawFrees},
		{"ExpiresPastDeadline", testExpires},
		{"ConcurrentProposalsOfOneHomeOneWins", testConcurrentOneHome},
		{"ConcurrentProposalsOfLastVacancyOneWins", testConcurrentLastVacancy},
		{"Candidates", testCandidates},
		{"MatchPool", testMatchPool},
		{"Weights", testWeights},
		{"VillageLinks", testVillageLinks},
		{"ProposesAndReviewsChanges", testChanges},
		{"ErrChanges", testErrChanges},
		{"ErasedSignupHidesAndPurgeDestroysContacts", testErasedSignup},
		{"HostsInPoolAndProposals", testHosts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, e) })
	}
	t.Run("ConcurrentLastAnswersAgreeOnce", func(t *testing.T) { testConcurrentLastAnswers(t, e) })
	if e.OpenTwice != nil {
		t.Run("ConcurrentReplicasExpireEachOnce", func(t *testing.T) { testReplicasExpireOnce(t, e) })
	}
}

// newMatchEnv opens a fresh store with municipality Village approved and
// one family's case.
func newMatchEnv(t *testing.T, e Engine) *matchEnv {
	t.Helper()
	return newMatchEnvOn(t, e.Open(t))
}

// newMatchEnvOn is newMatchEnv on db.
func newMatchEnvOn(t *testing.T, db *sqldb.DB) *matchEnv {
	t.Helper()
	m := &matchEnv{ctx: context.Background(), db: db, st: ServicesOf(db)}
	m.admin = MustCreateStaff(t, m.st.Staff, "admin@example.org", senderos.RoleAdmin)
	m.tech = MustCreateStaff(t, m.st.Staff, "tec@example.org", senderos.RoleTechnician)
	m.signup = m.approve(t, Village, "Teruel")
	m.c = MustOpenCase(t, m.st, m.tech.ID)
	return m
}

// approve signs up municipality code and approves it.
func (m *matchEnv) approve(t *testing.T, code, name string) *senderos.Submission {
	t.Helper()
	s := NewMunicipality()
	s.Municipality.Code, s.Municipality.Name = code, name
	MustCreate(t, m.st.Submissions, s)
	if _, err := m.st.Profiles.ApproveMunicipality(m.ctx, approval(s, m.admin)); err != nil {
		t.Fatalf("ApproveMunicipality: %v", err)
	}
	return s
}

// MustPendingProposal stores in db, a fresh database, municipality Village
// approved, a job offer with one vacancy, a home and a family's case, and
// proposes them at CaseNow plus 2 days with a deadline 14 days later.
func MustPendingProposal(t *testing.T, db *sqldb.DB) *senderos.Proposal {
	t.Helper()
	m := newMatchEnvOn(t, db)
	return m.mustPropose(t, m.c, m.mustJob(t, Village, 1), m.mustHome(t, Village))
}

// NewJob returns a valid job offer of village code, starting 30 days after
// CaseNow.
func NewJob(code string, vacancies int) *senderos.Job {
	return &senderos.Job{Municipality: code, Employer: "Granja El Olivar S.L.",
		Contact: senderos.Contact{Name: "Pedro Ruiz", Phone: "+34 978 111 222", Email: "pedro@olivar.example", Language: "es", Channel: "phone"},
		Sector:  "agriculture", Tasks: "Poda y recogida de aceituna", Contract: senderos.ContractPermanent, HoursWeek: 40,
		Start: days(30), PayMin: 1200, PayMax: 1400, Vacancies: vacancies, NeedsLicence: true, SpanishLevel: "basic",
		HomeIncluded: true}
}

// NewHome returns a valid home of village code.
func NewHome(code string) *senderos.Home {
	return &senderos.Home{Municipality: code, Bedrooms: 3, Rent: 250, AvailableFrom: days(20), Furnished: true, Notes: "Casa con patio"}
}

// mustJob creates a job offer of code with vacancies.
func (m *matchEnv) mustJob(t *testing.T, code string, vacancies int) *senderos.Job {
	t.Helper()
	j := NewJob(code, vacancies)
	if err := m.st.Offers.CreateJob(m.ctx, j, m.admin.ID, days(1)); err != nil {
		t.Fatalf("CreateJob: %v", err)
	}
	return j
}

// mustHome creates a home of code.
func (m *matchEnv) mustHome(t *testing.T, code string) *senderos.Home {
	t.Helper()
	h := NewHome(code)
	if err := m.st.Offers.CreateHome(m.ctx, h, m.admin.ID, days(1)); err != nil {
		t.Fatalf("CreateHome: %v", err)
	}
	return h
}

// proposal returns a proposal of home h and job j to case c at days(2),
// with a deadline 14 days later.
func (m *matchEnv) proposal(c *senderos.Case, j *senderos.Job, h *senderos.Home) *senderos.Proposal {
	return &senderos.Proposal{CaseID: c.ID, JobID: j.ID, HomeID: h.ID, By: m.tech.ID, Deadline: days(16),
		Fit: senderos.Fit{Total: 72.5, Scores: []senderos.Score{{Criterion: senderos.CriterionExperience, Weight: 5, Value: 1, Points: 40,
			Reason: senderos.Reason{Key: "match.criterion.experience", Args: []any{"agriculture", 5.0}}}}}}
}

// mustPropose stores a proposal of j and h to c at days(2).
func (m *matchEnv) mustPropose(t *testing.T, c *senderos.Case, j *senderos.Job, h *senderos.Home) *senderos.Proposal {
	t.Helper()
	p := m.proposal(c, j, h)
	if err := m.st.Match.Propose(m.ctx, p, days(2)); err != nil {
		t.Fatalf("Propose: %v", err)
	}
	return p
}

// counts fails the test unless job id has proposed and taken vacancies and
// status, and home hid status.
func (m *matchEnv) counts(t *testing.T, what string, jid, hid int64, proposed, taken int, jobStatus, homeStatus string) {
	t.Helper()
	j, err := m.st.Offers.FindJob(m.ctx, jid)
	if err != nil {
		t.Fatal(err)
	}
	h, err := m.st.Offers.FindHome(m.ctx, hid)
	if err != nil {
		t.Fatal(err)
	}
	if j.Proposed != proposed || j.Taken != taken || j.Status != jobStatus || h.Status != homeStatus {
		t.Errorf("%s: job proposed %d taken %d %s, home %s; want %d %d %s, %s", what, j.Proposed, j.Taken, j.Status, h.Status,
			proposed, taken, jobStatus, homeStatus)
	}
}

// accept records party's yes.
func (m *matchEnv) accept(t *testing.T, id int64, party string, at time.Time) *senderos.Proposal {
	t.Helper()
	r := senderos.Response{Party: party, Accept: true, Via: senderos.ViaStaff, By: m.tech.ID}
	if party == senderos.PartyFamily {
		r.Via, r.By, r.Note = senderos.ViaFamilyPage, 0, "Nos encanta el pueblo"
	}
	p, err := m.st.Match.Respond(m.ctx, id, r, at)
	if err != nil {
		t.Fatalf("Respond(%s): %v", party, err)
	}
	return p
}

func testCreatesOffers(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 2)
	if j.ID == 0 || j.Status != senderos.OfferOpen || j.CreatedBy != m.admin.ID || !j.CreatedAt.Equal(days(1)) {
		t.Errorf("created %+v", j)
	}
	got, err := m.st.Offers.FindJob(m.ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *j {
		t.Errorf("read back\n got %+v\nwant %+v", got, j)
	}
	h := NewHome(Village)
	h.JobID = j.ID
	if err := m.st.Offers.CreateHome(m.ctx, h, m.admin.ID, days(1)); err != nil {
		t.Fatal(err)
	}
	gh, err := m.st.Offers.FindHome(m.ctx, h.ID)
	if err != nil || *gh != *h {
		t.Errorf("home read back %+v, %v; want %+v", gh, err, h)
	}
	jobs, err := m.st.Offers.FindJobs(m.ctx, senderos.OfferFilter{Municipality: Village, Status: []string{senderos.OfferOpen}})
	if err != nil || len(jobs) != 1 || jobs[0].ID != j.ID {
		t.Errorf("FindJobs = %v, %v", jobs, err)
	}
	jobs, err = m.st.Offers.FindJobs(m.ctx, senderos.OfferFilter{Status: []string{senderos.OfferFilled}})
	if err != nil || len(jobs) != 0 {
		t.Errorf("FindJobs filled = %v, %v", jobs, err)
	}
	homes, err := m.st.Offers.FindHomes(m.ctx, senderos.OfferFilter{Municipality: Village})
	if err != nil || len(homes) != 1 || homes[0].JobID != j.ID {
		t.Errorf("FindHomes = %v, %v", homes, err)
	}
	mustAudited(t, m.st, senderos.AuditOffer, Village)
	_, err = m.st.Offers.FindJob(m.ctx, j.ID+100)
	wantCode(t, "missing job", err, senderos.ENOTFOUND)
	_, err = m.st.Offers.FindHome(m.ctx, h.ID+100)
	wantCode(t, "missing home", err, senderos.ENOTFOUND)

	// The contact is sealed: nothing of it is in clear in the database.
	var sealed []byte
	if err := m.db.Reader().QueryRowContext(m.ctx, `SELECT sealed FROM job_contacts`).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	MustNotContain(t, "job_contacts.sealed", string(sealed), "Pedro", "olivar.example", "978 111")
}

// mustNoOffers fails the test unless the store has no job and no home.
func (m *matchEnv) mustNoOffers(t *testing.T, what string) {
	t.Helper()
	jobs, err1 := m.st.Offers.FindJobs(m.ctx, senderos.OfferFilter{})
	homes, err2 := m.st.Offers.FindHomes(m.ctx, senderos.OfferFilter{})
	if err1 != nil || err2 != nil || len(jobs) != 0 || len(homes) != 0 {
		t.Errorf("%s: stored %d jobs, %d homes (%v, %v)", what, len(jobs), len(homes), err1, err2)
	}
}

func testErrOffers(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	for _, tc := range []struct {
		what, field, code string
		change            func(j *senderos.Job)
	}{
		{"no vacancies", "vacancies", senderos.ProblemOutOfRange, func(j *senderos.Job) { j.Vacancies = 0 }},
		{"start before today", "start", senderos.ProblemDateOrder, func(j *senderos.Job) { j.Start = days(0) }},
		{"no start", "start", senderos.ProblemRequired, func(j *senderos.Job) { j.Start = time.Time{} }},
		{"pay upside down", "pay_max", senderos.ProblemOutOfRange, func(j *senderos.Job) { j.PayMax = 100 }},
		{"unknown sector", "sector", senderos.ProblemNotInList, func(j *senderos.Job) { j.Sector = "mining" }},
		{"unknown contract", "contract", senderos.ProblemNotInList, func(j *senderos.Job) { j.Contract = "forever" }},
		{"too many hours", "hours_week", senderos.ProblemOutOfRange, func(j *senderos.Job) { j.HoursWeek = 99 }},
		{"no municipality", "municipality", senderos.ProblemRequired, func(j *senderos.Job) { j.Municipality = "" }},
	} {
		j := NewJob(Village, 1)
		tc.change(j)
		wantProblem(t, tc.what, m.st.Offers.CreateJob(m.ctx, j, m.admin.ID, days(1)), tc.field, tc.code)
	}
	for _, tc := range []struct {
		what, field, code string
		change            func(h *senderos.Home)
	}{
		{"no bedrooms", "bedrooms", senderos.ProblemOutOfRange, func(h *senderos.Home) { h.Bedrooms = 0 }},
		{"rent below zero", "rent", senderos.ProblemOutOfRange, func(h *senderos.Home) { h.Rent = -1 }},
		{"no day", "available_from", senderos.ProblemRequired, func(h *senderos.Home) { h.AvailableFrom = time.Time{} }},
	} {
		h := NewHome(Village)
		tc.change(h)
		wantProblem(t, tc.what, m.st.Offers.CreateHome(m.ctx, h, m.admin.ID, days(1)), tc.field, tc.code)
	}
	wantCode(t, "municipality not approved", m.st.Offers.CreateJob(m.ctx, NewJob(OtherVillage, 1), m.admin.ID, days(1)), senderos.ENOTFOUND)
	wantCode(t, "home of a municipality not approved", m.st.Offers.CreateHome(m.ctx, NewHome(OtherVillage), m.admin.ID, days(1)), senderos.ENOTFOUND)
	wantCode(t, "unknown staff", m.st.Offers.CreateJob(m.ctx, NewJob(Village, 1), m.admin.ID+100, days(1)), senderos.EINVALID)
	m.mustNoOffers(t, "after refusals")

	m.approve(t, OtherVillage, "Zaragoza")
	other := m.mustJob(t, OtherVillage, 1)
	h := NewHome(Village)
	h.JobID = other.ID
	wantCode(t, "home tied to another village's job", m.st.Offers.CreateHome(m.ctx, h, m.admin.ID, days(1)), senderos.ENOTFOUND)
	homes, _ := m.st.Offers.FindHomes(m.ctx, senderos.OfferFilter{})
	if len(homes) != 0 {
		t.Errorf("stored %d homes", len(homes))
	}
}

func testUpdatesOffers(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 2)
	next := *j
	next.Vacancies, next.Tasks, next.Contact = 3, "Recogida", senderos.Contact{}
	next.Municipality, next.Status, next.Taken = OtherVillage, senderos.OfferFilled, 2 // not staff's to change
	if err := m.st.Offers.UpdateJob(m.ctx, &next, m.admin.ID, days(40)); err != nil {
		t.Fatal(err)
	}
	got, err := m.st.Offers.FindJob(m.ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Vacancies != 3 || got.Tasks != "Recogida" || got.Municipality != Village || got.Status != senderos.OfferOpen ||
		got.Taken != 0 || got.Contact != (senderos.Contact{}) || !got.UpdatedAt.Equal(days(40)) {
		t.Errorf("updated %+v", got)
	}
	bad := *got
	bad.Vacancies = 0
	wantProblem(t, "no vacancies", m.st.Offers.UpdateJob(m.ctx, &bad, m.admin.ID, days(41)), "vacancies", senderos.ProblemOutOfRange)
	bad.ID = j.ID + 100
	bad.Vacancies = 1
	wantCode(t, "missing job", m.st.Offers.UpdateJob(m.ctx, &bad, m.admin.ID, days(41)), senderos.ENOTFOUND)

	if err := m.st.Offers.WithdrawJob(m.ctx, j.ID, m.admin.ID, days(42)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "withdraw twice", m.st.Offers.WithdrawJob(m.ctx, j.ID, m.admin.ID, days(42)), senderos.ECONFLICT)
	wantCode(t, "update withdrawn", m.st.Offers.UpdateJob(m.ctx, got, m.admin.ID, days(42)), senderos.ECONFLICT)
	wantCode(t, "withdraw missing", m.st.Offers.WithdrawJob(m.ctx, j.ID+100, m.admin.ID, days(42)), senderos.ENOTFOUND)

	h := m.mustHome(t, Village)
	nh := *h
	nh.Bedrooms, nh.StepFree = 4, true
	if err := m.st.Offers.UpdateHome(m.ctx, &nh, m.admin.ID, days(40)); err != nil {
		t.Fatal(err)
	}
	gh, _ := m.st.Offers.FindHome(m.ctx, h.ID)
	if gh.Bedrooms != 4 || !gh.StepFree || gh.Status != senderos.OfferOpen {
		t.Errorf("updated home %+v", gh)
	}
	nh.Rent = -5
	wantProblem(t, "rent below zero", m.st.Offers.UpdateHome(m.ctx, &nh, m.admin.ID, days(40)), "rent", senderos.ProblemOutOfRange)
	if err := m.st.Offers.WithdrawHome(m.ctx, h.ID, m.admin.ID, days(42)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "withdraw home twice", m.st.Offers.WithdrawHome(m.ctx, h.ID, m.admin.ID, days(42)), senderos.ECONFLICT)
}

func testSavesVillage(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	v := &senderos.Village{Code: Village, Services: []string{"school", "health-centre", "public-transport"}, HospitalKm: 35, TownKm: 12}
	if err := m.st.Offers.SaveVillage(m.ctx, v, m.admin.ID, days(3)); err != nil {
		t.Fatal(err)
	}
	got, err := m.st.Offers.FindVillage(m.ctx, Village)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Teruel" || got.Region != "02" || got.HospitalKm != 35 || got.TownKm != 12 || !got.Has("health-centre") ||
		!got.Has("school") || got.Has("pharmacy") || !got.UpdatedAt.Equal(days(3)) {
		t.Errorf("village %+v", got)
	}
	p, err := m.st.Profiles.FindProfile(m.ctx, Village)
	if err != nil || !slices.Contains(p.Services, "public-transport") || slices.Contains(p.Services, "pharmacy") {
		t.Errorf("profile services %v, %v", p.Services, err)
	}
	mustAudited(t, m.st, senderos.AuditOffer, Village)

	bad := *v
	bad.HospitalKm = senderos.MaxKm + 1
	wantProblem(t, "too far", m.st.Offers.SaveVillage(m.ctx, &bad, m.admin.ID, days(4)), "hospital_km", senderos.ProblemOutOfRange)
	bad = *v
	bad.Services = []string{"casino"}
	wantProblem(t, "unknown service", m.st.Offers.SaveVillage(m.ctx, &bad, m.admin.ID, days(4)), "services", senderos.ProblemNotInList)
	got, _ = m.st.Offers.FindVillage(m.ctx, Village)
	if got.HospitalKm != 35 || got.Has("casino") {
		t.Errorf("changed by a refused save: %+v", got)
	}
	wantCode(t, "not approved", m.st.Offers.SaveVillage(m.ctx, &senderos.Village{Code: OtherVillage}, m.admin.ID, days(4)), senderos.ENOTFOUND)
	_, err = m.st.Offers.FindVillage(m.ctx, OtherVillage)
	wantCode(t, "find not approved", err, senderos.ENOTFOUND)

	m.approve(t, OtherVillage, "Zaragoza")
	vs, err := m.st.Offers.FindVillages(m.ctx)
	if err != nil || len(vs) != 2 || vs[0].Code != Village || vs[1].Code != OtherVillage || vs[1].HospitalKm != 0 {
		t.Errorf("villages %v, %v", vs, err)
	}
}

func testProfileSumsUpOffers(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 2)
	j2 := NewJob(Village, 3)
	j2.Sector = "livestock"
	if err := m.st.Offers.CreateJob(m.ctx, j2, m.admin.ID, days(1)); err != nil {
		t.Fatal(err)
	}
	h := NewHome(Village)
	h.JobID = j.ID
	if err := m.st.Offers.CreateHome(m.ctx, h, m.admin.ID, days(1)); err != nil {
		t.Fatal(err)
	}
	withdrawn := m.mustHome(t, Village)
	if err := m.st.Offers.WithdrawHome(m.ctx, withdrawn.ID, m.admin.ID, days(1)); err != nil {
		t.Fatal(err)
	}
	// A change waiting for review is not on the profile.
	if err := m.st.Villages.ProposeChange(m.ctx, &senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeAddJob, Job: NewJob(Village, 9)}, days(1)); err != nil {
		t.Fatal(err)
	}
	m.mustPropose(t, m.c, j, h)

	want := senderos.OfferSummary{Jobs: []senderos.JobSummary{{Sector: "agriculture", Vacancies: 1}, {Sector: "livestock", Vacancies: 3}}}
	p, err := m.st.Profiles.FindProfile(m.ctx, Village)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Offers.Jobs, want.Jobs) || len(p.Offers.Homes) != 0 {
		t.Errorf("offers %+v, want %+v", p.Offers, want)
	}
	open := m.mustHome(t, Village)
	ps, err := m.st.Profiles.FindProfiles(m.ctx)
	if err != nil || len(ps) != 1 {
		t.Fatalf("profiles %v, %v", ps, err)
	}
	wantHome := senderos.HomeSummary{Bedrooms: open.Bedrooms, Rent: open.Rent, Furnished: true}
	if !slices.Equal(ps[0].Offers.Jobs, want.Jobs) || !slices.Equal(ps[0].Offers.Homes, []senderos.HomeSummary{wantHome}) {
		t.Errorf("offers %+v", ps[0].Offers)
	}
}

func testProposeHolds(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 2)
	h := m.mustHome(t, Village)
	p := m.mustPropose(t, m.c, j, h)
	if p.ID == 0 || p.Status != senderos.ProposalPending || p.Municipality != Village || p.Reference != m.c.Reference ||
		!p.At.Equal(days(2)) || !p.Deadline.Equal(senderos.Day(days(16))) || len(p.Responses) != 0 {
		t.Errorf("proposed %+v", p)
	}
	m.counts(t, "proposed", j.ID, h.ID, 1, 0, senderos.OfferOpen, senderos.OfferProposed)
	got, err := m.st.Match.FindProposal(m.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Fit.Total != 72.5 || len(got.Fit.Scores) != 1 || got.Fit.Scores[0].Reason.Key != "match.criterion.experience" ||
		got.By != m.tech.ID || got.Status != senderos.ProposalPending || got.CaseID != m.c.ID {
		t.Errorf("found %+v", got)
	}
	for _, f := range []senderos.ProposalFilter{{CaseID: m.c.ID}, {Municipality: Village}, {JobID: j.ID}, {HomeID: h.ID},
		{Status: []string{senderos.ProposalPending}}} {
		ps, err := m.st.Match.FindProposals(m.ctx, f)
		if err != nil || len(ps) != 1 || ps[0].ID != p.ID {
			t.Errorf("FindProposals(%+v) = %v, %v", f, ps, err)
		}
	}
	ps, err := m.st.Match.FindProposals(m.ctx, senderos.ProposalFilter{Status: []string{senderos.ProposalAgreed}})
	if err != nil || len(ps) != 0 {
		t.Errorf("agreed proposals %v, %v", ps, err)
	}
	mustAudited(t, m.st, senderos.AuditProposal, m.c.Reference)
	cs, err := m.st.Match.Candidates(m.ctx)
	if err != nil || len(cs) != 0 {
		t.Errorf("candidates while proposed: %v, %v", cs, err)
	}
	_, err = m.st.Match.FindProposal(m.ctx, p.ID+100)
	wantCode(t, "missing proposal", err, senderos.ENOTFOUND)
}

func testErrPropose(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 1)
	h := m.mustHome(t, Village)

	p := m.proposal(m.c, j, h)
	p.Deadline = time.Time{}
	wantProblem(t, "no deadline", m.st.Match.Propose(m.ctx, p, days(2)), "deadline", senderos.ProblemRequired)
	p = m.proposal(m.c, j, h)
	p.Deadline = days(2)
	wantProblem(t, "deadline today", m.st.Match.Propose(m.ctx, p, days(2)), "deadline", senderos.ProblemOutOfRange)
	p.Deadline = days(3 + senderos.MaxProposalDays)
	wantProblem(t, "deadline too far", m.st.Match.Propose(m.ctx, p, days(2)), "deadline", senderos.ProblemOutOfRange)
	p = m.proposal(m.c, j, h)
	p.HomeID = 0
	wantProblem(t, "no home", m.st.Match.Propose(m.ctx, p, days(2)), "home", senderos.ProblemRequired)

	for what, change := range map[string]func(p *senderos.Proposal){
		"unknown case": func(p *senderos.Proposal) { p.CaseID += 100 },
		"unknown job":  func(p *senderos.Proposal) { p.JobID += 100 },
		"unknown home": func(p *senderos.Proposal) { p.HomeID += 100 },
		"unknown host": func(p *senderos.Proposal) { p.HostID = m.signup.ID },
	} {
		p := m.proposal(m.c, j, h)
		change(p)
		wantCode(t, what, m.st.Match.Propose(m.ctx, p, days(2)), senderos.ENOTFOUND)
	}
	m.counts(t, "after refusals", j.ID, h.ID, 0, 0, senderos.OfferOpen, senderos.OfferOpen)

	m.approve(t, OtherVillage, "Zaragoza")
	far := m.mustHome(t, OtherVillage)
	wantCode(t, "home in another village", m.st.Match.Propose(m.ctx, m.proposal(m.c, j, far), days(2)), senderos.ECONFLICT)
	j2 := m.mustJob(t, Village, 1)
	tied := NewHome(Village)
	tied.JobID = j2.ID
	if err := m.st.Offers.CreateHome(m.ctx, tied, m.admin.ID, days(1)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "home tied to another job", m.st.Match.Propose(m.ctx, m.proposal(m.c, j, tied), days(2)), senderos.ECONFLICT)

	m.mustPropose(t, m.c, j, h)
	c2 := MustOpenCase(t, m.st, m.tech.ID)
	wantCode(t, "home held", m.st.Match.Propose(m.ctx, m.proposal(c2, j2, h), days(2)), senderos.ECONFLICT)
	h2 := m.mustHome(t, Village)
	wantCode(t, "no free vacancy", m.st.Match.Propose(m.ctx, m.proposal(c2, j, h2), days(2)), senderos.ECONFLICT)
	wantCode(t, "case has a pending proposal", m.st.Match.Propose(m.ctx, m.proposal(m.c, j2, h2), days(2)), senderos.ECONFLICT)
	withdrawn := m.mustJob(t, Village, 1)
	if err := m.st.Offers.WithdrawJob(m.ctx, withdrawn.ID, m.admin.ID, days(1)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "withdrawn job", m.st.Match.Propose(m.ctx, m.proposal(c2, withdrawn, h2), days(2)), senderos.ECONFLICT)
	m.counts(t, "second home untouched", j2.ID, h2.ID, 0, 0, senderos.OfferOpen, senderos.OfferOpen)
	wantCode(t, "withdraw a held job", m.st.Offers.WithdrawJob(m.ctx, j.ID, m.admin.ID, days(3)), senderos.ECONFLICT)
	wantCode(t, "withdraw a held home", m.st.Offers.WithdrawHome(m.ctx, h.ID, m.admin.ID, days(3)), senderos.ECONFLICT)
}

func testAgreedMatch(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 1)
	h := m.mustHome(t, Village)
	p := m.mustPropose(t, m.c, j, h)

	got := m.accept(t, p.ID, senderos.PartyFamily, days(3))
	if got.Status != senderos.ProposalPending || len(got.Responses) != 1 || got.Responses[0].Note != "Nos encanta el pueblo" {
		t.Errorf("after the family: %+v", got)
	}
	m.accept(t, p.ID, senderos.PartyMunicipality, days(4))
	m.counts(t, "two of three", j.ID, h.ID, 1, 0, senderos.OfferProposed, senderos.OfferProposed)
	got = m.accept(t, p.ID, senderos.PartyEmployer, days(5))
	if got.Status != senderos.ProposalAgreed || !got.ClosedAt.Equal(days(5)) || len(got.Responses) != 3 {
		t.Errorf("agreed %+v", got)
	}
	m.counts(t, "agreed", j.ID, h.ID, 0, 1, senderos.OfferFilled, senderos.OfferFilled)
	c, err := m.st.Cases.FindCase(m.ctx, m.c.ID)
	if err != nil || c.Municipality != Village {
		t.Errorf("case %+v, %v", c, err)
	}
	r, err := m.st.Cases.CurrentRevision(m.ctx, m.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Number != 1 || len(r.Tasks) != 1 || r.Tasks[0].Phase != senderos.PhaseVillageVisit || r.Tasks[0].Owner != "technician" ||
		!r.Tasks[0].Due.Equal(days(5+14).Truncate(24*time.Hour)) || !strings.Contains(r.Tasks[0].What, "Teruel") || !strings.Contains(r.Why, "aceptada") {
		t.Errorf("revision %+v", r)
	}
	stored, err := m.st.Match.FindProposal(m.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Status != senderos.ProposalAgreed || len(stored.Responses) != 3 || stored.Responses[0].Party != senderos.PartyFamily ||
		stored.Responses[0].Via != senderos.ViaFamilyPage || stored.Responses[2].By != m.tech.ID || !stored.Responses[1].At.Equal(days(4)) {
		t.Errorf("stored %+v", stored)
	}
	es := mustAudit(t, m.st.Audit, m.c.Reference)
	var agreed bool
	for _, e := range es {
		agreed = agreed || (e.Action == senderos.AuditProposal && strings.HasSuffix(e.Detail, " agreed"))
		if strings.Contains(e.Detail, "encanta") {
			t.Errorf("the note is in the audit log: %+v", e)
		}
	}
	if !agreed {
		t.Errorf("no audit entry of the agreement in %v", es)
	}

	// Accepting twice, or once agreed: the error, nothing changed.
	_, err = m.st.Match.Respond(m.ctx, p.ID, senderos.Response{Party: senderos.PartyFamily, Accept: true, Via: senderos.ViaFamilyPage}, days(6))
	wantProblem(t, "accept twice", err, "party", senderos.ProblemAnswered)
	wantProblem(t, "accept twice", err, "proposal", senderos.ProblemClosed)
	_, err = m.st.Match.Respond(m.ctx, p.ID+100, senderos.Response{Party: senderos.PartyFamily, Accept: true, Via: senderos.ViaFamilyPage}, days(6))
	wantCode(t, "missing proposal", err, senderos.ENOTFOUND)
	wantCode(t, "withdraw agreed", m.st.Match.WithdrawProposal(m.ctx, p.ID, m.tech.ID, days(6)), senderos.ECONFLICT)
	m.counts(t, "after refusals", j.ID, h.ID, 0, 1, senderos.OfferFilled, senderos.OfferFilled)
	c2 := MustOpenCase(t, m.st, m.tech.ID)
	j2 := m.mustJob(t, Village, 1)
	wantCode(t, "filled home", m.st.Match.Propose(m.ctx, m.proposal(c2, j2, h), days(6)), senderos.ECONFLICT)
	wantCode(t, "case agreed already", m.st.Match.Propose(m.ctx, m.proposal(m.c, j2, m.mustHome(t, Village)), days(6)), senderos.ECONFLICT)
}

func testAgreedMatchRevises(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	first := MustRevise(t, m.st, NewRevision(m.c, m.tech.ID), 0, days(1))
	j := m.mustJob(t, Village, 3)
	h := m.mustHome(t, Village)
	p := m.mustPropose(t, m.c, j, h)
	for _, party := range []string{senderos.PartyEmployer, senderos.PartyMunicipality, senderos.PartyFamily} {
		m.accept(t, p.ID, party, days(4))
	}
	m.counts(t, "agreed with vacancies left", j.ID, h.ID, 0, 1, senderos.OfferOpen, senderos.OfferFilled)
	revs, err := m.st.Cases.FindRevisions(m.ctx, m.c.ID)
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions %v, %v", revs, err)
	}
	r := revs[0]
	if r.Number != 2 || revs[1].SupersededAt.IsZero() || len(r.Goals) != len(first.Goals) || len(r.Tasks) != len(first.Tasks)+1 {
		t.Fatalf("revision %+v", r)
	}
	last := r.Tasks[len(r.Tasks)-1]
	if last.Number != 3 || last.Phase != senderos.PhaseVillageVisit || !strings.Contains(last.What, "Teruel") || r.Goals[0].What != first.Goals[0].What {
		t.Errorf("revision 2 %+v", r)
	}
	// The family's agreement to the new plan can be recorded.
	if err := m.st.Cases.RecordAgreement(m.ctx, &senderos.Agreement{RevisionID: r.ID, On: days(5), How: "in_person", RecordedBy: m.tech.ID}, days(5)); err != nil {
		t.Errorf("agreement to the match's revision: %v", err)
	}
}

func testErrRespond(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 1)
	h := m.mustHome(t, Village)
	p := m.mustPropose(t, m.c, j, h)
	for _, tc := range []struct {
		what, field, code string
		r                 senderos.Response
		at                time.Time
	}{
		{"unknown party", "party", senderos.ProblemNotInList, senderos.Response{Party: "mayor", Accept: true, Via: senderos.ViaStaff, By: m.tech.ID}, days(3)},
		{"host without host", "party", senderos.ProblemNotInList, senderos.Response{Party: senderos.PartyHost, Accept: true, Via: senderos.ViaStaff, By: m.tech.ID}, days(3)},
		{"decline without reason", "reason", senderos.ProblemRequired, senderos.Response{Party: senderos.PartyFamily, Via: senderos.ViaFamilyPage}, days(3)},
		{"reason not in list", "reason", senderos.ProblemNotInList, senderos.Response{Party: senderos.PartyFamily, Reason: "bored", Via: senderos.ViaFamilyPage}, days(3)},
		{"after the deadline", "proposal", senderos.ProblemDeadline, senderos.Response{Party: senderos.PartyFamily, Accept: true, Via: senderos.ViaFamilyPage}, days(17)},
		{"unknown via", "via", senderos.ProblemNotInList, senderos.Response{Party: senderos.PartyFamily, Accept: true, Via: "fax"}, days(3)},
		{"staff without account", "by", senderos.ProblemRequired, senderos.Response{Party: senderos.PartyEmployer, Accept: true, Via: senderos.ViaStaff}, days(3)},
	} {
		_, err := m.st.Match.Respond(m.ctx, p.ID, tc.r, tc.at)
		wantProblem(t, tc.what, err, tc.field, tc.code)
	}
	_, err := m.st.Match.Respond(m.ctx, p.ID, senderos.Response{Party: senderos.PartyEmployer, Accept: true, Via: senderos.ViaStaff, By: m.tech.ID + 100}, days(3))
	wantCode(t, "unknown staff", err, senderos.EINVALID)
	got, err := m.st.Match.FindProposal(m.ctx, p.ID)
	if err != nil || got.Status != senderos.ProposalPending || len(got.Responses) != 0 {
		t.Errorf("after refusals: %+v, %v", got, err)
	}
	// The deadline's own day is still open.
	m.accept(t, p.ID, senderos.PartyFamily, days(16).Add(13*time.Hour))
}

func testDeclineFrees(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 1)
	h := m.mustHome(t, Village)
	p := m.mustPropose(t, m.c, j, h)
	m.accept(t, p.ID, senderos.PartyFamily, days(3))
	got, err := m.st.Match.Respond(m.ctx, p.ID, senderos.Response{Party: senderos.PartyMunicipality, Reason: "housing", Via: senderos.ViaVillageLink}, days(4))
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != senderos.ProposalDeclined || !got.ClosedAt.Equal(days(4)) {
		t.Errorf("declined %+v", got)
	}
	m.counts(t, "declined", j.ID, h.ID, 0, 0, senderos.OfferOpen, senderos.OfferOpen)
	_, err = m.st.Match.Respond(m.ctx, p.ID, senderos.Response{Party: senderos.PartyEmployer, Accept: true, Via: senderos.ViaStaff, By: m.tech.ID}, days(5))
	wantProblem(t, "after a decline", err, "proposal", senderos.ProblemClosed)
	cs, err := m.st.Match.Candidates(m.ctx)
	if err != nil || len(cs) != 1 || cs[0].CaseID != m.c.ID {
		t.Errorf("candidates after decline %v, %v", cs, err)
	}
	// The home and the vacancy can be proposed again.
	m.mustPropose(t, m.c, j, h)
}

func testWithdrawFrees(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 1)
	h := m.mustHome(t, Village)
	p := m.mustPropose(t, m.c, j, h)
	wantCode(t, "unknown staff", m.st.Match.WithdrawProposal(m.ctx, p.ID, m.tech.ID+100, days(3)), senderos.EINVALID)
	m.counts(t, "refused withdrawal", j.ID, h.ID, 1, 0, senderos.OfferProposed, senderos.OfferProposed)
	if err := m.st.Match.WithdrawProposal(m.ctx, p.ID, m.tech.ID, days(3)); err != nil {
		t.Fatal(err)
	}
	m.counts(t, "withdrawn", j.ID, h.ID, 0, 0, senderos.OfferOpen, senderos.OfferOpen)
	wantCode(t, "withdraw twice", m.st.Match.WithdrawProposal(m.ctx, p.ID, m.tech.ID, days(3)), senderos.ECONFLICT)
	wantCode(t, "withdraw missing", m.st.Match.WithdrawProposal(m.ctx, p.ID+100, m.tech.ID, days(3)), senderos.ENOTFOUND)
	got, _ := m.st.Match.FindProposal(m.ctx, p.ID)
	if got.Status != senderos.ProposalWithdrawn {
		t.Errorf("status %s", got.Status)
	}
}

func testExpires(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 2)
	h := m.mustHome(t, Village)
	p := m.mustPropose(t, m.c, j, h)
	c2 := MustOpenCase(t, m.st, m.tech.ID)
	h2 := m.mustHome(t, Village)
	later := m.proposal(c2, j, h2)
	later.Deadline = days(30)
	if err := m.st.Match.Propose(m.ctx, later, days(2)); err != nil {
		t.Fatal(err)
	}
	m.accept(t, p.ID, senderos.PartyFamily, days(3))

	if n, err := m.st.Match.ExpireProposals(m.ctx, days(16).Add(13*time.Hour)); err != nil || n != 0 {
		t.Errorf("on the deadline's day: expired %d, %v", n, err)
	}
	if n, err := m.st.Match.ExpireProposals(m.ctx, days(17)); err != nil || n != 1 {
		t.Errorf("the day after: expired %d, %v", n, err)
	}
	got, _ := m.st.Match.FindProposal(m.ctx, p.ID)
	if got.Status != senderos.ProposalExpired || !got.ClosedAt.Equal(days(17)) || len(got.Responses) != 1 {
		t.Errorf("expired %+v", got)
	}
	m.counts(t, "expired", j.ID, h.ID, 1, 0, senderos.OfferOpen, senderos.OfferOpen)
	if n, err := m.st.Match.ExpireProposals(m.ctx, days(18)); err != nil || n != 0 {
		t.Errorf("again: expired %d, %v", n, err)
	}
	_, err := m.st.Match.Respond(m.ctx, p.ID, senderos.Response{Party: senderos.PartyMunicipality, Accept: true, Via: senderos.ViaVillageLink}, days(18))
	wantProblem(t, "answer an expired proposal", err, "proposal", senderos.ProblemClosed)
	mustAudited(t, m.st, senderos.AuditProposal, m.c.Reference)
}

// raceProposals runs do n times at once and returns how many returned nil and how
// many ECONFLICT; any other error fails the test.
func raceProposals(t *testing.T, n int, do func(i int) error) (won, conflicts int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = do(i)
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		switch senderos.ErrorCode(err) {
		case "":
			won++
		case senderos.ECONFLICT:
			conflicts++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	return won, conflicts
}

// racers is how many staff propose at once in the race tests.
const racers = 20

func testConcurrentOneHome(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, racers)
	h := m.mustHome(t, Village)
	cases := []*senderos.Case{m.c}
	for len(cases) < racers {
		cases = append(cases, MustOpenCase(t, m.st, m.tech.ID))
	}
	won, conflicts := raceProposals(t, racers, func(i int) error {
		return m.st.Match.Propose(m.ctx, m.proposal(cases[i], j, h), days(2))
	})
	if won != 1 || conflicts != racers-1 {
		t.Errorf("%d won, %d conflicts; want 1 and %d", won, conflicts, racers-1)
	}
	m.counts(t, "after the race", j.ID, h.ID, 1, 0, senderos.OfferOpen, senderos.OfferProposed)
	ps, _ := m.st.Match.FindProposals(m.ctx, senderos.ProposalFilter{HomeID: h.ID})
	if len(ps) != 1 {
		t.Errorf("%d proposals of the home", len(ps))
	}
}

func testConcurrentLastVacancy(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 1)
	cases := []*senderos.Case{m.c}
	homes := []*senderos.Home{m.mustHome(t, Village)}
	for len(cases) < racers {
		cases = append(cases, MustOpenCase(t, m.st, m.tech.ID))
		homes = append(homes, m.mustHome(t, Village))
	}
	won, conflicts := raceProposals(t, racers, func(i int) error {
		return m.st.Match.Propose(m.ctx, m.proposal(cases[i], j, homes[i]), days(2))
	})
	if won != 1 || conflicts != racers-1 {
		t.Errorf("%d won, %d conflicts; want 1 and %d", won, conflicts, racers-1)
	}
	got, _ := m.st.Offers.FindJob(m.ctx, j.ID)
	if got.Proposed != 1 || got.Status != senderos.OfferProposed {
		t.Errorf("job %+v", got)
	}
	held := 0
	for _, h := range homes {
		g, _ := m.st.Offers.FindHome(m.ctx, h.ID)
		if g.Status == senderos.OfferProposed {
			held++
		}
	}
	if held != 1 {
		t.Errorf("%d homes held", held)
	}
}

func testCandidates(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	s, err := m.st.Submissions.FindSubmissionByID(m.ctx, m.c.SubmissionID)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := m.st.Match.Candidates(m.ctx)
	if err != nil || len(cs) != 1 {
		t.Fatalf("candidates %v, %v", cs, err)
	}
	c := cs[0]
	// From the form: 2 adults, children of 7 and 2, "3-months".
	if c.CaseID != m.c.ID || c.Reference != m.c.Reference || c.Household != 4 || !c.SchoolAge || !slices.Equal(c.Regions, []string{"07", "08"}) ||
		!c.Licence || !c.NeedsHealthCentre || c.SpanishLevel != "intermediate" || !slices.Equal(c.Languages, []string{"es", "ar"}) ||
		len(c.Work) != 2 || c.Work[0].Sector != "agriculture" || !c.WaitingSince.Equal(s.CreatedAt) ||
		!c.MoveBy.Equal(senderos.Day(s.CreatedAt).AddDate(0, 3, 0)) {
		t.Errorf("candidate from the form %+v", c)
	}
	iv, hh := NewInterview()
	hh = append(hh, senderos.Member{Name: "B.", Age: 1})
	if _, err := m.st.Cases.SaveInterview(m.ctx, m.c.ID, m.tech.ID, iv, hh, days(1)); err != nil {
		t.Fatal(err)
	}
	c, err = m.st.Match.Candidate(m.ctx, m.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Household != 3 || !c.SchoolAge || c.SpanishLevel != "basic" || !slices.Equal(c.Languages, []string{"ar", "fr"}) ||
		len(c.Work) != 2 || c.Work[0].Years != 5 || c.Work[0].Skills != "" {
		t.Errorf("candidate from the interview %+v", c)
	}
	_, err = m.st.Match.Candidate(m.ctx, m.c.ID+100)
	wantCode(t, "missing case", err, senderos.ENOTFOUND)

	moved := MustOpenCase(t, m.st, m.tech.ID)
	MustMove(t, m.st, moved, m.tech.ID, days(2))
	erased := MustOpenCase(t, m.st, m.tech.ID)
	if err := m.st.Submissions.EraseSubmission(m.ctx, erased.SubmissionID, m.admin.ID); err != nil {
		t.Fatal(err)
	}
	cs, err = m.st.Match.Candidates(m.ctx)
	if err != nil || len(cs) != 1 || cs[0].CaseID != m.c.ID {
		t.Errorf("candidates with a moved and an erased family: %v, %v", cs, err)
	}
	_, err = m.st.Match.Candidate(m.ctx, erased.ID)
	wantCode(t, "erased", err, senderos.ENOTFOUND)
	if c, err := m.st.Match.Candidate(m.ctx, moved.ID); err != nil || c.CaseID != moved.ID {
		t.Errorf("a moved family's candidate: %v, %v", c, err)
	}
}

func testMatchPool(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 1)
	h := m.mustHome(t, Village)
	full := m.mustJob(t, Village, 1)
	m.mustPropose(t, m.c, full, m.mustHome(t, Village))
	v := &senderos.Village{Code: Village, Services: []string{"school"}, HospitalKm: 40, TownKm: 10}
	if err := m.st.Offers.SaveVillage(m.ctx, v, m.admin.ID, days(1)); err != nil {
		t.Fatal(err)
	}
	// A municipality erased after its offers were added is out of the pool.
	m.approve(t, OtherVillage, "Zaragoza")
	gone := m.mustJob(t, OtherVillage, 3)
	signups, _ := m.st.Submissions.FindSubmissions(m.ctx, senderos.SubmissionFilter{Kind: senderos.KindMunicipality})
	for _, s := range signups {
		if s.Municipality.Code == OtherVillage {
			if err := m.st.Submissions.EraseSubmission(m.ctx, s.ID, m.admin.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	pool, err := m.st.Match.MatchPool(m.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pool.Villages) != 1 || pool.Villages[Village] == nil || pool.Villages[Village].HospitalKm != 40 || pool.Villages[Village].Region != "02" {
		t.Errorf("villages %+v", pool.Villages)
	}
	if len(pool.Jobs) != 1 || pool.Jobs[0].ID != j.ID || len(pool.Homes) != 1 || pool.Homes[0].ID != h.ID {
		t.Errorf("pool jobs %v homes %v (held job %d, erased village's job %d)", pool.Jobs, pool.Homes, full.ID, gone.ID)
	}
}

func testWeights(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	w, err := m.st.Match.MatchWeights(m.ctx)
	if err != nil || len(w) != len(senderos.Criteria) || w[senderos.CriterionExperience] != senderos.DefaultWeights()[senderos.CriterionExperience] {
		t.Errorf("default weights %v, %v", w, err)
	}
	bad := senderos.DefaultWeights()
	bad[senderos.CriterionTown] = senderos.MaxWeight + 1
	wantProblem(t, "out of range", m.st.Match.SetMatchWeights(m.ctx, bad, m.admin.ID, days(1)), senderos.CriterionTown, senderos.ProblemOutOfRange)
	wantProblem(t, "unknown criterion", m.st.Match.SetMatchWeights(m.ctx, senderos.Weights{"luck": 3}, m.admin.ID, days(1)), "luck", senderos.ProblemNotInList)
	zero := senderos.Weights{}
	for _, c := range senderos.Criteria {
		zero[c] = 0
	}
	wantProblem(t, "all zero", m.st.Match.SetMatchWeights(m.ctx, zero, m.admin.ID, days(1)), senderos.CriterionExperience, senderos.ProblemRequired)

	next := senderos.DefaultWeights()
	next[senderos.CriterionWaiting] = 9
	if err := m.st.Match.SetMatchWeights(m.ctx, next, m.admin.ID, days(1)); err != nil {
		t.Fatal(err)
	}
	w, err = m.st.Match.MatchWeights(m.ctx)
	if err != nil || w[senderos.CriterionWaiting] != 9 || w[senderos.CriterionExperience] != next[senderos.CriterionExperience] {
		t.Errorf("weights %v, %v", w, err)
	}
	es := mustAudit(t, m.st.Audit, senderos.AuditTargetWeights)
	if len(es) != 1 || es[0].Action != senderos.AuditWeights || !strings.Contains(es[0].Detail, "waiting 3→9") || es[0].StaffID != m.admin.ID {
		t.Errorf("audit %v", es)
	}
	wantCode(t, "unknown staff", m.st.Match.SetMatchWeights(m.ctx, senderos.DefaultWeights(), m.admin.ID+100, days(2)), senderos.EINVALID)
	if w, _ := m.st.Match.MatchWeights(m.ctx); w[senderos.CriterionWaiting] != 9 {
		t.Errorf("a refused change changed the weights: %v", w)
	}
}

func testVillageLinks(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	now := days(1)
	_, _, err := m.st.Villages.CreateVillageLink(m.ctx, Village, m.admin.ID, now, now.Add(-time.Hour))
	wantProblem(t, "expires before it is made", err, "expires_at", senderos.ProblemDateOrder)
	_, _, err = m.st.Villages.CreateVillageLink(m.ctx, OtherVillage, m.admin.ID, now, now.Add(senderos.VillageLinkLifetime))
	wantCode(t, "not approved", err, senderos.ENOTFOUND)

	l, token, err := m.st.Villages.CreateVillageLink(m.ctx, Village, m.admin.ID, now, now.Add(senderos.VillageLinkLifetime))
	if err != nil {
		t.Fatal(err)
	} else if token == "" || l.TokenHash != senderos.HashFamilyToken(token) || l.ID == 0 || l.Municipality != Village {
		t.Fatalf("link %+v, token %q", l, token)
	}
	mustAudited(t, m.st, senderos.AuditVillageLink, Village)
	code, err := m.st.Villages.OpenVillageLink(m.ctx, senderos.HashFamilyToken(token), now.Add(time.Hour))
	if err != nil || code != Village {
		t.Errorf("opened %q, %v", code, err)
	}
	for what, try := range map[string]struct {
		hash string
		at   time.Time
	}{
		"wrong token":      {senderos.HashFamilyToken(token + "x"), now},
		"expired":          {l.TokenHash, now.Add(senderos.VillageLinkLifetime + time.Second)},
		"before it exists": {l.TokenHash, now.Add(-time.Hour)},
	} {
		_, err := m.st.Villages.OpenVillageLink(m.ctx, try.hash, try.at)
		wantCode(t, what, err, senderos.ENOTFOUND)
	}
	links, err := m.st.Villages.FindVillageLinks(m.ctx, Village)
	if err != nil || len(links) != 1 || links[0].TokenHash != l.TokenHash || !links[0].ExpiresAt.Equal(l.ExpiresAt) || links[0].CreatedBy != m.admin.ID {
		t.Errorf("links %+v, %v", links, err)
	}
	if err := m.st.Villages.RevokeVillageLink(m.ctx, l.ID, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	_, err = m.st.Villages.OpenVillageLink(m.ctx, l.TokenHash, now.Add(3*time.Hour))
	wantCode(t, "revoked", err, senderos.ENOTFOUND)
	wantCode(t, "revoked twice", m.st.Villages.RevokeVillageLink(m.ctx, l.ID, now.Add(3*time.Hour)), senderos.ECONFLICT)
	wantCode(t, "revoke a missing link", m.st.Villages.RevokeVillageLink(m.ctx, l.ID+100, now), senderos.ENOTFOUND)

	// A link of an erased municipality opens nothing.
	_, token2, err := m.st.Villages.CreateVillageLink(m.ctx, Village, m.admin.ID, now, now.Add(senderos.VillageLinkLifetime))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.st.Submissions.EraseSubmission(m.ctx, m.signup.ID, m.admin.ID); err != nil {
		t.Fatal(err)
	}
	_, err = m.st.Villages.OpenVillageLink(m.ctx, senderos.HashFamilyToken(token2), now.Add(time.Hour))
	wantCode(t, "erased municipality", err, senderos.ENOTFOUND)
}

func testChanges(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	add := &senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeAddJob, Job: NewJob(OtherVillage, 2)}
	if err := m.st.Villages.ProposeChange(m.ctx, add, days(1)); err != nil {
		t.Fatal(err)
	}
	if add.ID == 0 || add.Status != senderos.ChangePending || add.Job.Municipality != Village {
		t.Errorf("proposed %+v", add)
	}
	m.mustNoOffers(t, "while pending")
	h := m.mustHome(t, Village)
	closeHome := &senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeCloseHome, TargetID: h.ID}
	village := &senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeVillage,
		Village: &senderos.Village{Services: []string{"school", "broadband"}, HospitalKm: 60, TownKm: 20}}
	for _, c := range []*senderos.VillageChange{closeHome, village} {
		if err := m.st.Villages.ProposeChange(m.ctx, c, days(2)); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := m.st.Villages.FindChanges(m.ctx, Village, senderos.ChangePending)
	if err != nil || len(cs) != 3 || cs[0].ID != village.ID || cs[2].ID != add.ID || cs[2].Job.Contact != add.Job.Contact || cs[2].Job.Tasks != add.Job.Tasks {
		t.Fatalf("changes %v, %v", cs, err)
	}
	mustAudited(t, m.st, senderos.AuditVillageChange, Village)

	if err := m.st.Villages.ReviewChange(m.ctx, add.ID, true, m.admin.ID, days(3)); err != nil {
		t.Fatal(err)
	}
	jobs, _ := m.st.Offers.FindJobs(m.ctx, senderos.OfferFilter{Municipality: Village})
	if len(jobs) != 1 || jobs[0].CreatedBy != 0 || jobs[0].Vacancies != 2 || jobs[0].Contact != add.Job.Contact || jobs[0].Status != senderos.OfferOpen {
		t.Errorf("applied job %+v", jobs)
	}
	wantCode(t, "review twice", m.st.Villages.ReviewChange(m.ctx, add.ID, true, m.admin.ID, days(3)), senderos.ECONFLICT)
	wantCode(t, "review a missing change", m.st.Villages.ReviewChange(m.ctx, add.ID+100, true, m.admin.ID, days(3)), senderos.ENOTFOUND)
	if err := m.st.Villages.ReviewChange(m.ctx, closeHome.ID, false, m.admin.ID, days(3)); err != nil {
		t.Fatal(err)
	}
	if g, _ := m.st.Offers.FindHome(m.ctx, h.ID); g.Status != senderos.OfferOpen {
		t.Errorf("a rejected closing closed the home: %s", g.Status)
	}
	if err := m.st.Villages.ReviewChange(m.ctx, village.ID, true, m.admin.ID, days(3)); err != nil {
		t.Fatal(err)
	}
	v, _ := m.st.Offers.FindVillage(m.ctx, Village)
	if v.HospitalKm != 60 || !v.Has("broadband") {
		t.Errorf("village %+v", v)
	}
	all, _ := m.st.Villages.FindChanges(m.ctx, "")
	applied, _ := m.st.Villages.FindChanges(m.ctx, Village, senderos.ChangeApplied)
	rejected, _ := m.st.Villages.FindChanges(m.ctx, Village, senderos.ChangeRejected)
	if len(all) != 3 || len(applied) != 2 || len(rejected) != 1 || rejected[0].ReviewedBy != m.admin.ID || !rejected[0].ReviewedAt.Equal(days(3)) {
		t.Errorf("all %d, applied %d, rejected %v", len(all), len(applied), rejected)
	}
}

func testErrChanges(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	m.approve(t, OtherVillage, "Zaragoza")
	theirs := m.mustJob(t, OtherVillage, 1)
	theirHome := m.mustHome(t, OtherVillage)
	bad := NewJob(Village, 0)
	wantProblem(t, "no vacancies", m.st.Villages.ProposeChange(m.ctx, &senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeAddJob, Job: bad}, days(1)),
		"vacancies", senderos.ProblemOutOfRange)
	home := NewHome(Village)
	home.Bedrooms = 0
	wantProblem(t, "no bedrooms", m.st.Villages.ProposeChange(m.ctx, &senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeAddHome, Home: home}, days(1)),
		"bedrooms", senderos.ProblemOutOfRange)
	wantProblem(t, "no target", m.st.Villages.ProposeChange(m.ctx, &senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeCloseJob}, days(1)),
		"target", senderos.ProblemRequired)
	wantProblem(t, "unknown kind", m.st.Villages.ProposeChange(m.ctx, &senderos.VillageChange{Municipality: Village, Kind: "burn"}, days(1)),
		"kind", senderos.ProblemNotInList)
	wantCode(t, "close another village's job", m.st.Villages.ProposeChange(m.ctx,
		&senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeCloseJob, TargetID: theirs.ID}, days(1)), senderos.ENOTFOUND)
	wantCode(t, "close another village's home", m.st.Villages.ProposeChange(m.ctx,
		&senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeCloseHome, TargetID: theirHome.ID}, days(1)), senderos.ENOTFOUND)
	tied := NewHome(Village)
	tied.JobID = theirs.ID
	wantCode(t, "home tied to another village's job", m.st.Villages.ProposeChange(m.ctx,
		&senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeAddHome, Home: tied}, days(1)), senderos.ENOTFOUND)
	wantCode(t, "municipality not approved", m.st.Villages.ProposeChange(m.ctx,
		&senderos.VillageChange{Municipality: "28079", Kind: senderos.ChangeAddJob, Job: NewJob("28079", 1)}, days(1)), senderos.ENOTFOUND)
	if cs, err := m.st.Villages.FindChanges(m.ctx, ""); err != nil || len(cs) != 0 {
		t.Errorf("stored %d changes, %v", len(cs), err)
	}

	// Applying checks again what OfferService checks: a start day past by
	// the review is refused, and nothing is stored.
	late := &senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeAddJob, Job: NewJob(Village, 1)}
	if err := m.st.Villages.ProposeChange(m.ctx, late, days(1)); err != nil {
		t.Fatal(err)
	}
	wantProblem(t, "start past at review", m.st.Villages.ReviewChange(m.ctx, late.ID, true, m.admin.ID, days(40)), "start", senderos.ProblemDateOrder)
	if cs, _ := m.st.Villages.FindChanges(m.ctx, Village, senderos.ChangePending); len(cs) != 1 {
		t.Errorf("the refused review changed the change: %v", cs)
	}
	if jobs, _ := m.st.Offers.FindJobs(m.ctx, senderos.OfferFilter{Municipality: Village}); len(jobs) != 0 {
		t.Errorf("the refused review stored %v", jobs)
	}
	// Closing a job a proposal holds is refused at review.
	j := m.mustJob(t, Village, 1)
	m.mustPropose(t, m.c, j, m.mustHome(t, Village))
	closing := &senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeCloseJob, TargetID: j.ID}
	if err := m.st.Villages.ProposeChange(m.ctx, closing, days(3)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "close a held job", m.st.Villages.ReviewChange(m.ctx, closing.ID, true, m.admin.ID, days(4)), senderos.ECONFLICT)
	wantCode(t, "unknown reviewer", m.st.Villages.ReviewChange(m.ctx, late.ID, false, m.admin.ID+100, days(4)), senderos.EINVALID)
}

func testErasedSignup(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 1)
	if err := m.st.Villages.ProposeChange(m.ctx, &senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeAddJob, Job: NewJob(Village, 1)}, days(1)); err != nil {
		t.Fatal(err)
	}
	var sealed []byte
	if err := m.db.Reader().QueryRowContext(m.ctx, `SELECT contact FROM village_changes`).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	MustNotContain(t, "village_changes.contact", string(sealed), "Pedro", "olivar.example")
	var data string
	if err := m.db.Reader().QueryRowContext(m.ctx, `SELECT data FROM village_changes`).Scan(&data); err != nil {
		t.Fatal(err)
	}
	MustNotContain(t, "village_changes.data", data, "Pedro", "olivar.example")

	if err := m.st.Submissions.EraseSubmission(m.ctx, m.signup.ID, m.admin.ID); err != nil {
		t.Fatal(err)
	}
	got, err := m.st.Offers.FindJob(m.ctx, j.ID)
	if err != nil || got.Contact != (senderos.Contact{}) || got.Employer != j.Employer {
		t.Errorf("job of an erased sign-up: %+v, %v", got, err)
	}
	cs, err := m.st.Villages.FindChanges(m.ctx, Village)
	if err != nil || len(cs) != 1 || cs[0].Job.Contact != (senderos.Contact{}) {
		t.Errorf("change of an erased sign-up: %+v, %v", cs, err)
	}
	wantCode(t, "new offer of an erased sign-up", m.st.Offers.CreateJob(m.ctx, NewJob(Village, 1), m.admin.ID, days(1)), senderos.ENOTFOUND)

	if _, err := m.st.Submissions.Purge(m.ctx, senderos.RetentionPolicy{Now: time.Now().Add(5 * 365 * 24 * time.Hour), Blocked: 4 * 365 * 24 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"job_contacts", "village_changes", "village_links"} {
		var n int
		if err := m.db.Reader().QueryRowContext(m.ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		} else if n != 0 {
			t.Errorf("%d rows left in %s after purge", n, table)
		}
	}
	if got, err := m.st.Offers.FindJob(m.ctx, j.ID); err != nil || got.Employer != j.Employer {
		t.Errorf("the offer itself should stay: %+v, %v", got, err)
	}
}

// mustHost stores a host sign-up of village code, approved if approve.
func (m *matchEnv) mustHost(t *testing.T, code string, approve bool) *senderos.Submission {
	t.Helper()
	s := NewHost()
	s.Host.Code = code
	MustCreate(t, m.st.Submissions, s)
	if approve {
		MustUpdate(t, m.st.Submissions, senderos.SubmissionUpdate{ID: s.ID, Status: senderos.StatusApproved})
	}
	return s
}

func testHosts(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	host := m.mustHost(t, Village, true)
	waiting := m.mustHost(t, Village, false)
	far := m.mustHost(t, OtherVillage, true)
	erased := m.mustHost(t, Village, true)
	if err := m.st.Submissions.EraseSubmission(m.ctx, erased.ID, m.admin.ID); err != nil {
		t.Fatal(err)
	}
	pool, err := m.st.Match.MatchPool(m.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pool.Hosts) != 2 || pool.Hosts[0].ID != host.ID || pool.Hosts[0].Municipality != Village ||
		pool.Hosts[0].Kind != senderos.HostFamily || !slices.Equal(pool.Hosts[0].Languages, []string{"es", "fr"}) || pool.Hosts[1].ID != far.ID {
		t.Errorf("hosts %+v", pool.Hosts)
	}

	j := m.mustJob(t, Village, 1)
	h := m.mustHome(t, Village)
	for what, id := range map[string]int64{"host not approved": waiting.ID, "host of another village": far.ID,
		"erased host": erased.ID, "a family's record": m.c.SubmissionID} {
		p := m.proposal(m.c, j, h)
		p.HostID = id
		wantCode(t, what, m.st.Match.Propose(m.ctx, p, days(2)), senderos.ENOTFOUND)
	}
	p := m.proposal(m.c, j, h)
	p.HostID = host.ID
	if err := m.st.Match.Propose(m.ctx, p, days(2)); err != nil {
		t.Fatal(err)
	}
	for _, party := range []string{senderos.PartyFamily, senderos.PartyMunicipality, senderos.PartyEmployer} {
		m.accept(t, p.ID, party, days(3))
	}
	got, _ := m.st.Match.FindProposal(m.ctx, p.ID)
	if got.Status != senderos.ProposalPending || got.HostID != host.ID {
		t.Errorf("without the host's answer: %+v", got)
	}
	if got = m.accept(t, p.ID, senderos.PartyHost, days(4)); got.Status != senderos.ProposalAgreed {
		t.Errorf("with the host's answer: %+v", got)
	}
}

func testConcurrentLastAnswers(t *testing.T, e Engine) {
	m := newMatchEnv(t, e)
	j := m.mustJob(t, Village, 2)
	h := m.mustHome(t, Village)
	p := m.mustPropose(t, m.c, j, h)
	m.accept(t, p.ID, senderos.PartyFamily, days(3))
	parties := []string{senderos.PartyMunicipality, senderos.PartyEmployer}
	won, conflicts := raceProposals(t, len(parties), func(i int) error {
		_, err := m.st.Match.Respond(m.ctx, p.ID, senderos.Response{Party: parties[i], Accept: true, Via: senderos.ViaStaff, By: m.tech.ID}, days(4))
		return err
	})
	if won != 2 || conflicts != 0 {
		t.Errorf("%d answers stored, %d conflicts", won, conflicts)
	}
	m.counts(t, "agreed", j.ID, h.ID, 0, 1, senderos.OfferOpen, senderos.OfferFilled)
	revs, err := m.st.Cases.FindRevisions(m.ctx, m.c.ID)
	if err != nil || len(revs) != 1 {
		t.Errorf("%d revisions, %v: want one, with the visit", len(revs), err)
	}
}

func testReplicasExpireOnce(t *testing.T, e Engine) {
	db1, db2 := e.OpenTwice(t)
	m := newMatchEnvOn(t, db1)
	j := m.mustJob(t, Village, 5)
	var ps []*senderos.Proposal
	for i := range 5 {
		c := m.c
		if i > 0 {
			c = MustOpenCase(t, m.st, m.tech.ID)
		}
		ps = append(ps, m.mustPropose(t, c, j, m.mustHome(t, Village)))
	}
	svcs := []senderos.MatchService{sqldb.NewMatchService(db1), sqldb.NewMatchService(db2)}
	counts := make([]int, len(svcs))
	var wg sync.WaitGroup
	for i, svc := range svcs {
		wg.Go(func() {
			n, err := svc.ExpireProposals(m.ctx, days(20))
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		})
	}
	wg.Wait()
	if counts[0]+counts[1] != len(ps) {
		t.Errorf("expired %v, want %d in all", counts, len(ps))
	}
	got, _ := m.st.Offers.FindJob(m.ctx, j.ID)
	if got.Proposed != 0 || got.Status != senderos.OfferOpen {
		t.Errorf("job after expiry %+v", got)
	}
	for _, p := range ps {
		if g, _ := m.st.Match.FindProposal(m.ctx, p.ID); g.Status != senderos.ProposalExpired {
			t.Errorf("proposal %d %s", p.ID, g.Status)
		}
	}
}

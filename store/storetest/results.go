package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/sqldb"
)

// RunResults counts the public results on a fixture whose figures were
// worked out by hand (written next to each), on the engine's database:
// families sign up from Murcia (province 30, region 14), the village is in
// Teruel (44216, Aragón, region 02). The small-number rule is met at 4
// (fewer than 5), 5 and 6, and erased records are not counted.
func RunResults(t *testing.T, e Engine) {
	ctx := context.Background()
	db := e.Open(t)
	clock := time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)
	subs := sqldb.NewSubmissionService(db)
	subs.Now = func() time.Time { return clock }
	st := ServicesOf(db)
	st.Submissions = subs
	profiles := sqldb.NewProfileService(db)
	profiles.Now = func() time.Time { return clock }
	st.Profiles = profiles
	offers := sqldb.NewOfferService(db)
	res := sqldb.NewResultsService(db)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	admin := MustCreateStaff(t, st.Staff, "admin@example.org", senderos.RoleAdmin)

	// The village, published in 2024: one municipality in Aragón every
	// year (fewer than 5).
	m := NewMunicipality()
	MustCreate(t, st.Submissions, m)
	if _, err := st.Profiles.ApproveMunicipality(ctx, approval(m, admin)); err != nil {
		t.Fatal(err)
	}
	village := m.Municipality.Code

	// family signs up and has its case opened on day; four people each.
	family := func(day time.Time) *senderos.Case {
		t.Helper()
		clock = day
		s := NewInterest()
		MustCreate(t, st.Submissions, s)
		MustUpdate(t, st.Submissions, senderos.SubmissionUpdate{ID: s.ID, Status: senderos.StatusContacted, AssigneeID: tech.ID})
		MustUpdate(t, st.Submissions, senderos.SubmissionUpdate{ID: s.ID, Status: senderos.StatusInterviewed})
		c, err := st.Cases.OpenCase(ctx, s.ID, tech.ID, day)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	job := func(day time.Time) *senderos.Job {
		t.Helper()
		j := &senderos.Job{Municipality: village, Employer: "Cooperativa del Jiloca", Sector: "agriculture",
			Tasks: "Poda y recogida", Contract: senderos.ContractPermanent, HoursWeek: 40, Start: day.AddDate(0, 1, 0),
			PayMin: 1200, PayMax: 1400, Vacancies: 1, SpanishLevel: "basic"}
		if err := offers.CreateJob(ctx, j, admin.ID, day); err != nil {
			t.Fatal(err)
		}
		return j
	}
	// placed stores a proposal of job and a new home to c's family,
	// answered on day with status (agreed: a participant placed).
	var stmts []func(b *sqldb.Bulk) error
	placed := func(c *senderos.Case, j *senderos.Job, day time.Time, status string) {
		t.Helper()
		h := &senderos.Home{Municipality: village, Bedrooms: 3, Rent: 300, AvailableFrom: day, Status: senderos.OfferOpen}
		if err := offers.CreateHome(ctx, h, admin.ID, day); err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, func(b *sqldb.Bulk) error {
			s, err := b.Prepare(`INSERT INTO proposals (case_id, municipality_code, job_id, home_id, fit, staff_id, at, deadline_on, status, closed_at)
				VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)`)
			if err != nil {
				return err
			}
			return s.Exec(c.ID, village, j.ID, h.ID, tech.ID, day.AddDate(0, 0, -7), day.AddDate(0, 0, 7).Format(time.DateOnly), status, day)
		})
	}
	on := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) }

	// 2024: 4 families (16 people), 6 job offers, 3 placed and one
	// declined.
	var cases []*senderos.Case
	for i := range 4 {
		cases = append(cases, family(on(2024, 2, 1+i)))
	}
	var jobs []*senderos.Job
	for i := range 6 {
		jobs = append(jobs, job(on(2024, 3, 1+i)))
	}
	for i := range 3 {
		placed(cases[i], jobs[i], on(2024, 6, 1+i), senderos.ProposalAgreed)
	}
	placed(cases[3], jobs[3], on(2024, 6, 10), senderos.ProposalDeclined)

	// 2025: 5 families (20 people), 4 job offers, 5 placed.
	cases = cases[:0]
	for i := range 5 {
		cases = append(cases, family(on(2025, 2, 1+i)))
	}
	jobs = jobs[:0]
	for i := range 4 {
		jobs = append(jobs, job(on(2025, 3, 1+i)))
	}
	for i := range 5 {
		placed(cases[i], jobs[i%4], on(2025, 7, 1+i), senderos.ProposalAgreed)
	}

	// 2026: 6 families (24 people), 5 job offers, 6 placed; and a seventh
	// family, placed, whose record is erased: counted nowhere.
	cases = cases[:0]
	for i := range 7 {
		cases = append(cases, family(on(2026, 2, 1+i)))
	}
	jobs = jobs[:0]
	for i := range 5 {
		jobs = append(jobs, job(on(2026, 3, 1+i)))
	}
	for i := range 7 {
		placed(cases[i], jobs[i%5], on(2026, 8, 1+i), senderos.ProposalAgreed)
	}
	if err := db.Bulk(ctx, func(b *sqldb.Bulk) error {
		for _, s := range stmts {
			if err := s(b); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.Submissions.EraseSubmission(ctx, cases[6].SubmissionID, admin.ID); err != nil {
		t.Fatal(err)
	}

	now := on(2026, 12, 7)
	got, err := res.PublicResults(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	fewer := senderos.PublicFigure{Fewer: true}
	n := func(n int) senderos.PublicFigure { return senderos.PublicFigure{N: n} }
	want := []senderos.YearResults{
		{Year: 2024, Regions: []senderos.RegionResults{
			{Region: "02", Families: fewer, People: fewer, JobOffers: n(6), Placed: fewer, Municipalities: fewer},
			{Region: "14", Families: fewer, People: n(16), JobOffers: fewer, Placed: fewer, Municipalities: fewer},
		}},
		{Year: 2025, Regions: []senderos.RegionResults{
			{Region: "02", Families: fewer, People: fewer, JobOffers: fewer, Placed: n(5), Municipalities: fewer},
			{Region: "14", Families: n(5), People: n(20), JobOffers: fewer, Placed: fewer, Municipalities: fewer},
		}},
		{Year: 2026, Regions: []senderos.RegionResults{
			{Region: "02", Families: fewer, People: fewer, JobOffers: n(5), Placed: n(6), Municipalities: fewer},
			{Region: "14", Families: n(6), People: n(24), JobOffers: fewer, Placed: fewer, Municipalities: fewer},
		}},
	}
	if !reflect.DeepEqual(got.Years, want) {
		t.Errorf("PublicResults =\n%+v, want\n%+v", got.Years, want)
	}
	if !got.At.Equal(now) {
		t.Errorf("At = %v, want %v", got.At, now)
	}

	// A year with nothing yet has no region; the years run to now's.
	got, err = res.PublicResults(ctx, on(2027, 1, 2))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Years) != 4 || got.Years[3].Year != 2027 || len(got.Years[3].Regions) != 1 || got.Years[3].Regions[0].Region != "02" {
		t.Errorf("2027: %+v, want only Aragón's village (published by then)", got.Years)
	}
}

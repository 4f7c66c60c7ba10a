package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/sqldb"
)

// RunIndicators computes the dashboard on a fixture whose figures were
// worked out by hand (written next to each), for the whole programme, a
// technician and a province, on the engine's database.
func RunIndicators(t *testing.T, e Engine) {
	ctx := context.Background()
	db := e.Open(t)
	clock := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	subs := sqldb.NewSubmissionService(db)
	subs.Now = func() time.Time { return clock }
	st := ServicesOf(db)
	st.Submissions = subs
	ind := sqldb.NewIndicatorService(db)
	a := MustCreateStaff(t, st.Staff, "a@example.org", senderos.RoleTechnician)
	b := MustCreateStaff(t, st.Staff, "b@example.org", senderos.RoleTechnician)
	admin := MustCreateStaff(t, st.Staff, "admin@example.org", senderos.RoleAdmin)
	on := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d.Add(10 * time.Hour)
	}
	// family signs up on signed, is contacted on contacted, interviewed,
	// and its case opened on opened, assigned to tech. Each household is
	// two adults and two children (NewInterest), in province 30.
	family := func(signed, contacted, opened string, tech *senderos.Staff) *senderos.Case {
		t.Helper()
		clock = on(signed)
		s := NewInterest()
		MustCreate(t, st.Submissions, s)
		clock = on(contacted)
		MustUpdate(t, st.Submissions, senderos.SubmissionUpdate{ID: s.ID, Status: senderos.StatusContacted, AssigneeID: tech.ID})
		MustUpdate(t, st.Submissions, senderos.SubmissionUpdate{ID: s.ID, Status: senderos.StatusInterviewed})
		c, err := st.Cases.OpenCase(ctx, s.ID, tech.ID, on(opened))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	f1 := family("2026-02-01", "2026-02-04", "2026-02-10", a) // 3 days to contact
	clock = on("2026-02-15")
	MustUpdate(t, st.Submissions, senderos.SubmissionUpdate{ID: f1.SubmissionID, Status: senderos.StatusItinerary})
	fs, err := st.Cases.MarkMoved(ctx, f1.ID, a.ID, on("2026-03-01"), "44013", senderos.DefaultSchedule, on("2026-03-01")) // 28 days to move
	if err != nil {
		t.Fatal(err)
	}
	// Follow-ups due 04-01, 06-01, 09-01 in the period (2027-03-01 is not):
	// the first done on its day, the second late, the third not done.
	check := NewCheck()
	if err := st.Cases.RecordFollowUp(ctx, &senderos.FollowUp{ID: fs[0].ID, DoneOn: on("2026-04-01"), By: a.ID, Check: check}, on("2026-04-01")); err != nil {
		t.Fatal(err)
	}
	late := *check
	late.GoodDecision = ""
	if err := st.Cases.RecordFollowUp(ctx, &senderos.FollowUp{ID: fs[1].ID, DoneOn: on("2026-06-05"), By: a.ID, Check: &late}, on("2026-06-05")); err != nil {
		t.Fatal(err)
	}
	for _, fb := range []*senderos.Feedback{
		{CaseID: f1.ID, At: on("2026-04-02"), Channel: senderos.FeedbackFamilyPage, Support: 4, Month: 1, GoodDecision: senderos.AnswerNo},
		{CaseID: f1.ID, At: on("2026-09-10"), Channel: senderos.FeedbackFamilyPage, Support: 5, Month: 6, GoodDecision: senderos.AnswerNotSure},
	} {
		if err := st.Family.AddFeedback(ctx, fb); err != nil {
			t.Fatal(err)
		}
	}
	f2 := family("2026-05-01", "2026-05-11", "2026-05-20", b)     // 10 days to contact
	f3 := family("2025-12-20", "2026-01-05", "2026-01-10", a)     // signed up before the period
	erased := family("2026-03-01", "2026-03-30", "2026-04-01", b) // 29 days, but erased
	// The erased family's feedback is not counted either (it would bring
	// the satisfaction at one month down to 2.5, and add a "no").
	if err := st.Family.AddFeedback(ctx, &senderos.Feedback{CaseID: erased.ID, At: on("2026-04-05"), Channel: senderos.FeedbackFamilyPage,
		Support: 1, Month: 1, GoodDecision: senderos.AnswerNo}); err != nil {
		t.Fatal(err)
	}
	if err := st.Submissions.EraseSubmission(ctx, erased.SubmissionID, admin.ID); err != nil {
		t.Fatal(err)
	}
	m := NewMunicipality()
	MustCreate(t, st.Submissions, m)
	if _, err := st.Profiles.ApproveMunicipality(ctx, approval(m, admin)); err != nil {
		t.Fatal(err)
	}

	// Two job offers and two homes in the municipality (province 44); a
	// proposal to f2 declined by the family (the home), one to f3 agreed
	// by every party: one participant placed in work.
	var jobs []*senderos.Job
	var homes []*senderos.Home
	for range 2 {
		j := NewJob(m.Municipality.Code, 1)
		j.Start = on("2026-07-01")
		if err := st.Offers.CreateJob(ctx, j, admin.ID, on("2026-06-01")); err != nil {
			t.Fatal(err)
		}
		h := NewHome(m.Municipality.Code)
		if err := st.Offers.CreateHome(ctx, h, admin.ID, on("2026-06-01")); err != nil {
			t.Fatal(err)
		}
		jobs, homes = append(jobs, j), append(homes, h)
	}
	// A job offer of a municipality whose sign-up is then erased: not
	// counted.
	gone := NewMunicipality()
	gone.Municipality.Code, gone.Municipality.Name = OtherVillage, "Zaragoza"
	MustCreate(t, st.Submissions, gone)
	if _, err := st.Profiles.ApproveMunicipality(ctx, approval(gone, admin)); err != nil {
		t.Fatal(err)
	}
	goneJob := NewJob(OtherVillage, 1)
	goneJob.Start = on("2026-07-01")
	if err := st.Offers.CreateJob(ctx, goneJob, admin.ID, on("2026-06-01")); err != nil {
		t.Fatal(err)
	}
	if err := st.Submissions.EraseSubmission(ctx, gone.ID, admin.ID); err != nil {
		t.Fatal(err)
	}
	propose := func(c *senderos.Case, i int) *senderos.Proposal {
		t.Helper()
		p := &senderos.Proposal{CaseID: c.ID, JobID: jobs[i].ID, HomeID: homes[i].ID, By: admin.ID, Deadline: on("2026-06-20")}
		if err := st.Match.Propose(ctx, p, on("2026-06-02")); err != nil {
			t.Fatal(err)
		}
		return p
	}
	declined, agreed := propose(f2, 0), propose(f3, 1)
	if _, err := st.Match.Respond(ctx, declined.ID, senderos.Response{Party: senderos.PartyFamily, Reason: "housing", Via: senderos.ViaFamilyPage}, on("2026-06-03")); err != nil {
		t.Fatal(err)
	}
	for _, r := range []senderos.Response{
		{Party: senderos.PartyFamily, Accept: true, Via: senderos.ViaFamilyPage},
		{Party: senderos.PartyMunicipality, Accept: true, Via: senderos.ViaVillageLink},
		{Party: senderos.PartyEmployer, Accept: true, Via: senderos.ViaStaff, By: admin.ID},
	} {
		if _, err := st.Match.Respond(ctx, agreed.ID, r, on("2026-06-05")); err != nil {
			t.Fatal(err)
		}
	}

	period := senderos.IndicatorFilter{From: on("2026-01-01").Truncate(24 * time.Hour), To: on("2026-12-01").Truncate(24 * time.Hour)}
	now := on("2026-12-07")
	d, err := ind.Dashboard(ctx, period, now)
	if err != nil {
		t.Fatal(err)
	}
	want := senderos.Dashboard{Filter: period,
		Families: 3, People: 12, Minors: 6, Municipalities: 1, Provinces: 1, Regions: 1,
		DaysToContact:   senderos.Days{N: 2, Median: 3, P90: 3},
		DaysToMove:      senderos.Days{N: 1, Median: 28, P90: 28},
		FollowUpsOnTime: senderos.Ratio{Part: 1, Whole: 3},
		Staying6:        senderos.Ratio{Part: 1, Whole: 1}, // 09-01, still there; twelve months fall in 2027
		JobOffers:       2, Proposals: 2, Agreed: 1, Declined: 1, Placed: 1,
	}
	if d.Families != want.Families || d.People != want.People || d.Minors != want.Minors ||
		d.Municipalities != want.Municipalities || d.Provinces != want.Provinces || d.Regions != want.Regions ||
		d.DaysToContact != want.DaysToContact || d.DaysToMove != want.DaysToMove ||
		d.FollowUpsOnTime != want.FollowUpsOnTime || d.Staying6 != want.Staying6 || d.Staying12 != want.Staying12 ||
		d.JobOffers != want.JobOffers || d.Proposals != want.Proposals || d.Agreed != want.Agreed || d.Declined != want.Declined ||
		d.Placed != want.Placed || len(d.DeclinedBy) != 1 || d.DeclinedBy["housing"] != 1 {
		t.Errorf("Dashboard =\n%+v, want\n%+v", *d, want)
	}
	// Satisfaction 4.0 at one month, 5.0 at six; the good decision: at one
	// month the follow-up's yes (not the feedback's no), at six the
	// family's "not sure" (no follow-up answer), none at twelve.
	if d.Satisfaction[1] != 40 || d.Satisfaction[6] != 50 || d.Satisfaction[12] != 0 {
		t.Errorf("Satisfaction = %v, want 1:40 6:50", d.Satisfaction)
	}
	if g := d.GoodDecision; g[1][senderos.AnswerYes] != 1 || g[1][senderos.AnswerNo] != 0 || g[6][senderos.AnswerNotSure] != 1 || len(g[12]) != 0 {
		t.Errorf("GoodDecision = %v", g)
	}

	byB := period
	byB.TechnicianID = b.ID
	if d, err := ind.Dashboard(ctx, byB, now); err != nil {
		t.Fatal(err)
	} else if d.Families != 1 || d.DaysToContact != (senderos.Days{N: 1, Median: 10, P90: 10}) || d.FollowUpsOnTime.Whole != 0 ||
		d.Proposals != 1 || d.Declined != 1 || d.Agreed != 0 || d.JobOffers != 2 {
		t.Errorf("technician b's dashboard: %+v, want one family, 10 days to contact, no follow-up, one proposal declined, the programme's 2 job offers", *d)
	}
	other := period
	other.Province = "28"
	if d, err := ind.Dashboard(ctx, other, now); err != nil {
		t.Fatal(err)
	} else if d.Families != 0 || d.DaysToContact.N != 0 || d.Municipalities != 1 || d.JobOffers != 0 || d.Proposals != 0 {
		t.Errorf("province 28's dashboard: %+v, want no family, no job offer (the municipalities are the programme's)", *d)
	}

	bad := period
	bad.To = period.From.AddDate(0, 0, -1)
	if _, err := ind.Dashboard(ctx, bad, now); senderos.ErrorCode(err) != senderos.EINVALID {
		t.Errorf("a period that ends before it starts: %v, want EINVALID", err)
	}
}

package backoffice

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cepaim/senderos"
)

// caseView is what the case page shows.
type caseView struct {
	Case                 *senderos.Case
	Base, FamilyPath     string
	Record               []field
	Interview, Work      []field
	Household            []field
	Rev                  *senderos.Revision // the current revision; nil before the first
	Phases               []phaseView
	Agreement            string // the current revision's, in words; "" when not recorded
	Revisions            []revisionRow
	Visits               []visitRow
	FollowUps            []followUpRow
	Warnings             []warningRow
	Feedback             []feedbackRow
	Forms                map[string]*caseForm
	Sent                 *caseForm // the form sent with problems, for the summary
	Ways, Kinds, GoalOps []option

	// FeedbackForm says whether staff may record feedback from a call
	// (the back-office keeps feedback); Scores, Months and Stays are its
	// choices.
	FeedbackForm          bool
	Scores, Months, Stays []option

	// Matching: the case's proposals (proposal.go); Matching says the
	// back-office has the matching pages.
	Proposals []proposalRow
	Matching  bool
}

// phaseView is one phase of the itinerary with its goals and tasks.
type phaseView struct {
	Label string
	Goals [][]field
	Tasks []field
}

type revisionRow struct {
	Number          int
	When, Who, Why  string
	Agreed, Current string
}

type visitRow struct {
	Kind, On, Place, Participants string
	Outcome, NextSteps, Goals     string
	Planned                       bool
}

type followUpRow struct {
	Path, Month, Due, Done, Summary string
	Pending                         bool
}

type warningRow struct {
	ID             int64
	Kind, Why      string
	Raised, Closed string
	Note           string
	Open           bool
}

type feedbackRow struct {
	At, Channel, Scores, Comment, Decision string
}

// caseView gathers what the case page shows of c.
func (s *Server) caseView(r *http.Request, c *senderos.Case) (*caseView, error) {
	ctx, lang := r.Context(), s.staffLang(r)
	t := func(key string, args ...any) string { return staffText(lang, key, args...) }
	names, err := s.staffNames(r)
	if err != nil {
		return nil, err
	}
	d := &caseView{Case: c, Base: casePath(c.ID), FamilyPath: recordBase(senderos.KindInterest, c.SubmissionID),
		Forms: emptyForms(lang, c, dateValue(s.Now())),
		Ways:  listOptions(lang, "case.agreement.", senderos.AgreementList),
		Kinds: listOptions(lang, "case.visit.", senderos.VisitKindList)}
	d.Proposals, d.Matching = s.caseProposals(r, c), s.Matches != nil && s.Offers != nil && s.Villages != nil
	d.Record = []field{
		{t("family.f.reference"), c.Reference},
		{t("family.f.assignee"), orNone(lang, names.name(lang, c.AssigneeID))},
		{t("case.f.opened"), staffTime(c.OpenedAt) + " · " + orNone(lang, names.name(lang, c.OpenedBy))},
		{t("case.f.moved"), orNone(lang, strings.TrimSpace(dateValue(c.MovedOn)+" "+s.placeName(c.Municipality)))},
		{t("case.f.last_contact"), orNone(lang, staffTime(c.LastContactAt))},
	}
	d.Interview, d.Work, d.Household = interviewFields(lang, c)
	if err := s.itineraryView(r, c, d, names); err != nil {
		return nil, err
	}
	visits, err := s.Cases.FindVisits(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("visits of %s: %w", c.Reference, err)
	}
	for _, v := range visits {
		d.Visits = append(d.Visits, visitText(lang, v))
	}
	fus, err := s.Cases.FindFollowUps(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("follow-ups of %s: %w", c.Reference, err)
	}
	for _, f := range fus {
		row := followUpRow{Path: d.Base + "/followups/" + strconv.FormatInt(f.ID, 10),
			Month: staffTextN(lang, "case.followup.month", f.Month), Due: dateValue(f.Due), Pending: !f.Done()}
		if f.Done() {
			row.Done = dateValue(f.DoneOn)
			row.Summary = checkSummary(lang, f.Check)
		}
		d.FollowUps = append(d.FollowUps, row)
	}
	if err := s.warningsView(r, c, d); err != nil {
		return nil, err
	}
	if s.Families != nil {
		d.FeedbackForm, d.Scores, d.Months = true, scoreOptions(), decisionMonthOptions(lang)
		d.Stays = listOptions(lang, "case.stay.", senderos.IntendsToStayList)
		fbs, err := s.Families.FindFeedback(ctx, c.ID)
		if err != nil {
			return nil, fmt.Errorf("feedback of %s: %w", c.Reference, err)
		}
		for _, f := range fbs {
			d.Feedback = append(d.Feedback, feedbackText(lang, f))
		}
	}
	return d, nil
}

// itineraryView fills the current revision's phases and the revisions.
func (s *Server) itineraryView(r *http.Request, c *senderos.Case, d *caseView, names staffDirectory) error {
	lang := s.staffLang(r)
	revs, err := s.Cases.FindRevisions(r.Context(), c.ID)
	if err != nil {
		return fmt.Errorf("revisions of %s: %w", c.Reference, err)
	}
	for _, rev := range revs {
		row := revisionRow{Number: rev.Number, When: staffTime(rev.At), Who: orNone(lang, names.name(lang, rev.By)),
			Why: orNone(lang, rev.Why), Agreed: agreementText(lang, rev.Agreement)}
		if !rev.Superseded() {
			row.Current = staffText(lang, "case.revision.current")
		}
		d.Revisions = append(d.Revisions, row)
		if !rev.Superseded() && d.Rev == nil {
			d.Rev = rev
		}
	}
	if d.Rev == nil {
		return nil
	}
	d.Agreement = agreementText(lang, d.Rev.Agreement)
	for _, g := range d.Rev.Goals {
		d.GoalOps = append(d.GoalOps, option{Value: strconv.Itoa(g.Number), Label: staffText(lang, "case.goal.n", g.Number, g.What)})
	}
	d.Phases = phasesOf(lang, d.Rev)
	return nil
}

// phasesOf lays a revision out by phase, in the methodology's order,
// leaving out phases with nothing in them.
func phasesOf(lang string, rev *senderos.Revision) []phaseView {
	t := func(key string, args ...any) string { return staffText(lang, key, args...) }
	var out []phaseView
	for _, ph := range senderos.PhaseList.Values() {
		pv := phaseView{Label: t("case.phase." + ph)}
		for _, g := range rev.Goals {
			if string(g.Phase) != ph {
				continue
			}
			pv.Goals = append(pv.Goals, []field{
				{t("case.goal.what"), t("case.goal.n", g.Number, g.What)},
				{t("case.goal.area"), t("case.area." + g.Area)},
				{t("case.goal.start"), orNone(lang, g.Start)},
				{t("case.goal.target"), g.Target},
				{t("case.goal.measure"), g.Measure},
				{t("case.goal.due"), dateValue(g.Due)},
				{t("case.goal.responsible"), t("case.responsible." + g.Responsible)},
				{t("case.goal.status"), t("case.goal_status." + g.Status)},
				{t("case.goal.evidence"), orNone(lang, g.Evidence)},
			})
		}
		for _, k := range rev.Tasks {
			if string(k.Phase) == ph {
				done := t("case.task.pending")
				if k.Done {
					done = t("case.task.done")
				}
				pv.Tasks = append(pv.Tasks, field{Label: k.What,
					Value: t("case.task.line", t("case.responsible."+k.Owner), dateValue(k.Due), done)})
			}
		}
		if len(pv.Goals)+len(pv.Tasks) > 0 {
			out = append(out, pv)
		}
	}
	return out
}

// agreementText says how and when the family agreed, "" when it did not.
func agreementText(lang string, a *senderos.Agreement) string {
	if a == nil {
		return ""
	}
	return staffText(lang, "case.agreement.line", dateValue(a.On), staffText(lang, "case.agreement."+a.How))
}

// interviewFields lays out the interview and the household.
func interviewFields(lang string, c *senderos.Case) (iv, work, household []field) {
	t := func(key string, args ...any) string { return staffText(lang, key, args...) }
	i := c.Interview
	langs := make([]string, 0, len(i.Languages))
	for _, l := range i.Languages {
		langs = append(langs, languageName(lang, l))
	}
	iv = []field{
		{t("case.f.interview_at"), orNone(lang, dateValue(i.At))},
		{t("case.f.training"), orNone(lang, i.TrainingWanted)},
		{t("family.f.languages"), orNone(lang, listJoin(lang, langs))},
		{t("family.f.spanish"), enumText(lang, "family.level.", i.SpanishLevel)},
		{t("case.f.permit"), yesNo(lang, i.WorkPermit)},
		{t("case.f.expectations"), orNone(lang, i.Expectations)},
		{t("case.f.worries"), orNone(lang, i.Worries)},
	}
	for _, w := range i.Work {
		work = append(work, field{t("family.sector." + w.Sector), strings.TrimSpace(staffTextN(lang, "case.years", w.Years) + " · " + w.Skills)})
	}
	for _, m := range c.Household {
		v := staffTextN(lang, "case.age", m.Age)
		if m.Stage != "" {
			v += " · " + t("family.stage."+m.Stage)
		}
		household = append(household, field{m.Name, v})
	}
	return iv, work, household
}

// visitText lays out a visit.
func visitText(lang string, v *senderos.Visit) visitRow {
	goals := make([]string, len(v.Goals))
	for i, n := range v.Goals {
		goals[i] = "#" + strconv.Itoa(n)
	}
	return visitRow{Kind: staffText(lang, "case.visit."+v.Kind), On: dateValue(v.On), Place: v.Place,
		Participants: listJoin(lang, v.Participants), Outcome: v.Outcome, NextSteps: v.NextSteps,
		Goals: strings.Join(goals, " "), Planned: !v.Done}
}

// checkSummary words a follow-up's check in one line.
func checkSummary(lang string, k *senderos.Check) string {
	if k == nil {
		return ""
	}
	t := func(key string) string { return staffText(lang, key) }
	parts := []string{}
	for _, l := range []struct{ key, v string }{
		{"case.check_f.work", k.Work}, {"case.check_f.housing", k.Housing}, {"case.check_f.school", k.School},
		{"case.check_f.health_care", k.HealthCare}, {"case.check_f.neighbours", k.Neighbours}, {"case.check_f.spanish", k.Spanish},
		{"case.check_f.intends_to_stay", "stay:" + k.IntendsToStay}, {"case.check_f.good_decision", "stay:" + k.GoodDecision},
	} {
		if v, ok := strings.CutPrefix(l.v, "stay:"); ok {
			if v != "" {
				parts = append(parts, t(l.key)+": "+t("case.stay."+v))
			}
			continue
		}
		parts = append(parts, t(l.key)+": "+t("case.check."+l.v))
	}
	if k.JobLost {
		parts = append(parts, t("case.check_f.job_lost"))
	}
	if k.HousingProblem {
		parts = append(parts, t("case.check_f.housing_problem"))
	}
	return listJoin(lang, parts)
}

// feedbackText lays out a family's feedback.
func feedbackText(lang string, f *senderos.Feedback) feedbackRow {
	var scores []string
	for _, s := range []struct {
		key string
		v   int
	}{{"case.fb.support", f.Support}, {"case.fb.information", f.Information}, {"case.fb.training", f.Training}, {"case.fb.village", f.Village}} {
		if s.v != 0 {
			scores = append(scores, staffText(lang, s.key)+": "+strconv.Itoa(s.v)+"/5")
		}
	}
	row := feedbackRow{At: staffTime(f.At), Channel: staffText(lang, "case.feedback."+f.Channel),
		Scores: listJoin(lang, scores), Comment: f.Comment}
	if f.GoodDecision != "" {
		row.Decision = staffTextN(lang, "case.followup.month", f.Month) + ": " + staffText(lang, "case.stay."+f.GoodDecision)
	}
	return row
}

// placeName names a municipality by its INE code, with the code.
func (s *Server) placeName(code string) string {
	if code == "" || s.Places == nil {
		return code
	}
	if p, err := s.Places.FindPlace(code); err == nil {
		return p.Name + " (" + p.Province + ", " + code + ")"
	}
	return code
}

package backoffice

import (
	"context"
	"fmt"
	"time"

	"github.com/cepaim/senderos"
)

// CaseExport is a family's case in an access export: the interview and
// household, every revision of the itinerary with its agreement, the
// visits, follow-ups, warnings, feedback and the family's links. Staff are
// named by account number; a link is described by its dates, never by its
// token or the token's hash.
type CaseExport struct {
	OpenedAt      time.Time          `json:"opened_at"`
	OpenedBy      int64              `json:"opened_by,omitempty"`
	AssigneeID    int64              `json:"assignee_id,omitempty"`
	Interview     ExportInterview    `json:"interview"`
	Household     []ExportMember     `json:"household"`
	MovedOn       string             `json:"moved_on,omitempty"`
	Municipality  string             `json:"municipality,omitempty"`
	LastContactAt time.Time          `json:"last_contact_at,omitzero"`
	ClosedAt      time.Time          `json:"closed_at,omitzero"`
	Revisions     []ExportRevision   `json:"revisions"`
	Visits        []ExportVisit      `json:"visits"`
	FollowUps     []ExportFollowUp   `json:"follow_ups"`
	Warnings      []ExportWarning    `json:"warnings"`
	Feedback      []ExportFeedback   `json:"feedback"`
	FamilyLinks   []ExportFamilyLink `json:"family_links"`
}

// ExportInterview is the interview of a case.
type ExportInterview struct {
	At             string       `json:"at,omitempty"`
	Work           []ExportWork `json:"work"`
	TrainingWanted string       `json:"training_wanted,omitempty"`
	Languages      []string     `json:"languages"`
	SpanishLevel   string       `json:"spanish_level,omitempty"`
	WorkPermit     bool         `json:"work_permit"`
	Expectations   string       `json:"expectations,omitempty"`
	Worries        string       `json:"worries,omitempty"`
}

// ExportWork is experience in one sector.
type ExportWork struct {
	Sector string `json:"sector"`
	Years  int    `json:"years"`
	Skills string `json:"skills,omitempty"`
}

// ExportMember is a member of the household.
type ExportMember struct {
	Name  string `json:"name"`
	Age   int    `json:"age"`
	Stage string `json:"school_stage,omitempty"`
}

// ExportRevision is one revision of the itinerary.
type ExportRevision struct {
	Number       int              `json:"number"`
	At           time.Time        `json:"at"`
	By           int64            `json:"staff_id,omitempty"`
	Why          string           `json:"why,omitempty"`
	Goals        []ExportGoal     `json:"goals"`
	Tasks        []ExportTask     `json:"tasks"`
	SupersededAt time.Time        `json:"superseded_at,omitzero"`
	Agreement    *ExportAgreement `json:"agreement,omitempty"`
}

// ExportGoal is a goal of a revision.
type ExportGoal struct {
	Number      int    `json:"number"`
	Phase       string `json:"phase"`
	Area        string `json:"area"`
	What        string `json:"what"`
	Start       string `json:"start,omitempty"`
	Target      string `json:"target"`
	Measure     string `json:"measure"`
	Due         string `json:"due"`
	Responsible string `json:"responsible"`
	Status      string `json:"status"`
	Evidence    string `json:"evidence,omitempty"`
}

// ExportTask is a task of a revision.
type ExportTask struct {
	Number int    `json:"number"`
	Phase  string `json:"phase"`
	What   string `json:"what"`
	Owner  string `json:"owner"`
	Due    string `json:"due"`
	Done   bool   `json:"done"`
}

// ExportAgreement is the family's agreement to a revision.
type ExportAgreement struct {
	On         string    `json:"on"`
	How        string    `json:"how"`
	RecordedBy int64     `json:"recorded_by,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
}

// ExportVisit is a field visit.
type ExportVisit struct {
	Kind         string    `json:"kind"`
	On           string    `json:"on"`
	Place        string    `json:"place"`
	Done         bool      `json:"done"`
	Participants []string  `json:"participants"`
	Outcome      string    `json:"outcome,omitempty"`
	NextSteps    string    `json:"next_steps,omitempty"`
	Goals        []int     `json:"goals"`
	RecordedBy   int64     `json:"recorded_by,omitempty"`
	RecordedAt   time.Time `json:"recorded_at"`
}

// ExportFollowUp is a follow-up, with its check once done.
type ExportFollowUp struct {
	Month  int          `json:"month"`
	Due    string       `json:"due"`
	DoneOn string       `json:"done_on,omitempty"`
	By     int64        `json:"staff_id,omitempty"`
	Check  *ExportCheck `json:"check,omitempty"`
}

// ExportCheck is a follow-up's check.
type ExportCheck struct {
	Work           string `json:"work"`
	Housing        string `json:"housing"`
	School         string `json:"school"`
	HealthCare     string `json:"health_care"`
	Neighbours     string `json:"neighbours"`
	Spanish        string `json:"spanish"`
	JobLost        bool   `json:"job_lost"`
	HousingProblem bool   `json:"housing_problem"`
	IntendsToStay  string `json:"intends_to_stay"`
	GoodDecision   string `json:"good_decision,omitempty"`
	Note           string `json:"note,omitempty"`
}

// ExportWarning is an early warning and, once closed, its closure.
type ExportWarning struct {
	Kind     string         `json:"kind"`
	Subject  string         `json:"subject"`
	Why      senderos.Why   `json:"why"`
	RaisedAt time.Time      `json:"raised_at"`
	Closure  *ExportClosure `json:"closure,omitempty"`
}

// ExportClosure is how a warning was closed.
type ExportClosure struct {
	By   int64     `json:"staff_id,omitempty"`
	At   time.Time `json:"at"`
	Note string    `json:"note"`
}

// ExportFeedback is the family's feedback.
type ExportFeedback struct {
	At           time.Time `json:"at"`
	Channel      string    `json:"channel"`
	By           int64     `json:"staff_id,omitempty"`
	Support      int       `json:"support,omitempty"`
	Information  int       `json:"information,omitempty"`
	Training     int       `json:"training,omitempty"`
	Village      int       `json:"village,omitempty"`
	Comment      string    `json:"comment,omitempty"`
	Month        int       `json:"month,omitempty"`
	GoodDecision string    `json:"good_decision,omitempty"`
}

// ExportFamilyLink is what an export says of a family's link: when it was
// made, by whom, until when, and whether it was revoked.
type ExportFamilyLink struct {
	CreatedAt time.Time `json:"created_at"`
	CreatedBy int64     `json:"created_by,omitempty"`
	ExpiresAt time.Time `json:"expires_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// caseExport gathers the case of record sub for its export; nil when the
// record has no case or the back-office keeps none.
func (s *Server) caseExport(ctx context.Context, sub *senderos.Submission) (*CaseExport, error) {
	if s.Cases == nil || sub.Kind != senderos.KindInterest {
		return nil, nil
	}
	c, err := s.Cases.FindCaseBySubmission(ctx, sub.ID)
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("case of %s: %w", sub.Reference, err)
	}
	iv := c.Interview
	out := &CaseExport{
		OpenedAt: c.OpenedAt.UTC(), OpenedBy: c.OpenedBy, AssigneeID: c.AssigneeID,
		Interview: ExportInterview{At: dateValue(iv.At), Work: []ExportWork{}, TrainingWanted: iv.TrainingWanted,
			Languages: append([]string{}, iv.Languages...), SpanishLevel: iv.SpanishLevel, WorkPermit: iv.WorkPermit,
			Expectations: iv.Expectations, Worries: iv.Worries},
		Household: []ExportMember{}, MovedOn: dateValue(c.MovedOn), Municipality: c.Municipality,
		LastContactAt: c.LastContactAt.UTC(), ClosedAt: c.ClosedAt.UTC(),
		Revisions: []ExportRevision{}, Visits: []ExportVisit{}, FollowUps: []ExportFollowUp{},
		Warnings: []ExportWarning{}, Feedback: []ExportFeedback{}, FamilyLinks: []ExportFamilyLink{},
	}
	for _, w := range iv.Work {
		out.Interview.Work = append(out.Interview.Work, ExportWork{Sector: w.Sector, Years: w.Years, Skills: w.Skills})
	}
	for _, m := range c.Household {
		out.Household = append(out.Household, ExportMember{Name: m.Name, Age: m.Age, Stage: m.Stage})
	}

	revs, err := s.Cases.FindRevisions(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("revisions of %s: %w", c.Reference, err)
	}
	for _, r := range revs {
		out.Revisions = append(out.Revisions, exportRevision(r))
	}
	visits, err := s.Cases.FindVisits(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("visits of %s: %w", c.Reference, err)
	}
	for _, v := range visits {
		out.Visits = append(out.Visits, ExportVisit{Kind: v.Kind, On: dateValue(v.On), Place: v.Place, Done: v.Done,
			Participants: append([]string{}, v.Participants...), Outcome: v.Outcome, NextSteps: v.NextSteps,
			Goals: append([]int{}, v.Goals...), RecordedBy: v.RecordedBy, RecordedAt: v.RecordedAt.UTC()})
	}
	fus, err := s.Cases.FindFollowUps(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("follow-ups of %s: %w", c.Reference, err)
	}
	for _, f := range fus {
		e := ExportFollowUp{Month: f.Month, Due: dateValue(f.Due), DoneOn: dateValue(f.DoneOn), By: f.By}
		if k := f.Check; k != nil {
			e.Check = &ExportCheck{Work: k.Work, Housing: k.Housing, School: k.School, HealthCare: k.HealthCare,
				Neighbours: k.Neighbours, Spanish: k.Spanish, JobLost: k.JobLost, HousingProblem: k.HousingProblem,
				IntendsToStay: k.IntendsToStay, GoodDecision: k.GoodDecision, Note: k.Note}
		}
		out.FollowUps = append(out.FollowUps, e)
	}
	if s.Warnings != nil {
		// Every warning of the case, page by page.
		const page = 500
		for offset := 0; ; offset += page {
			ws, err := s.Warnings.FindWarnings(ctx, senderos.WarningFilter{CaseID: c.ID, Limit: page, Offset: offset})
			if err != nil {
				return nil, fmt.Errorf("warnings of %s: %w", c.Reference, err)
			}
			for _, w := range ws {
				e := ExportWarning{Kind: w.Kind, Subject: fmt.Sprintf("%s %d", w.Subject.Kind, w.Subject.ID),
					Why: w.Why, RaisedAt: w.RaisedAt.UTC()}
				if cl := w.Closure; cl != nil {
					e.Closure = &ExportClosure{By: cl.By, At: cl.At.UTC(), Note: cl.Note}
				}
				out.Warnings = append(out.Warnings, e)
			}
			if len(ws) < page {
				break
			}
		}
	}
	if s.Families != nil {
		fbs, err := s.Families.FindFeedback(ctx, c.ID)
		if err != nil {
			return nil, fmt.Errorf("feedback of %s: %w", c.Reference, err)
		}
		for _, f := range fbs {
			out.Feedback = append(out.Feedback, ExportFeedback{At: f.At.UTC(), Channel: f.Channel, By: f.By,
				Support: f.Support, Information: f.Information, Training: f.Training, Village: f.Village,
				Comment: f.Comment, Month: f.Month, GoodDecision: f.GoodDecision})
		}
		links, err := s.Families.FindFamilyLinks(ctx, c.ID)
		if err != nil {
			return nil, fmt.Errorf("family links of %s: %w", c.Reference, err)
		}
		for _, l := range links {
			out.FamilyLinks = append(out.FamilyLinks, ExportFamilyLink{CreatedAt: l.CreatedAt.UTC(),
				CreatedBy: l.CreatedBy, ExpiresAt: l.ExpiresAt.UTC(), RevokedAt: l.RevokedAt.UTC()})
		}
	}
	return out, nil
}

// exportRevision lays out one revision of the itinerary for an export.
func exportRevision(r *senderos.Revision) ExportRevision {
	e := ExportRevision{Number: r.Number, At: r.At.UTC(), By: r.By, Why: r.Why, Goals: []ExportGoal{},
		Tasks: []ExportTask{}, SupersededAt: r.SupersededAt.UTC()}
	for _, g := range r.Goals {
		e.Goals = append(e.Goals, ExportGoal{Number: g.Number, Phase: string(g.Phase), Area: g.Area, What: g.What,
			Start: g.Start, Target: g.Target, Measure: g.Measure, Due: dateValue(g.Due), Responsible: g.Responsible,
			Status: g.Status, Evidence: g.Evidence})
	}
	for _, t := range r.Tasks {
		e.Tasks = append(e.Tasks, ExportTask{Number: t.Number, Phase: string(t.Phase), What: t.What, Owner: t.Owner,
			Due: dateValue(t.Due), Done: t.Done})
	}
	if a := r.Agreement; a != nil {
		e.Agreement = &ExportAgreement{On: dateValue(a.On), How: a.How, RecordedBy: a.RecordedBy,
			RecordedAt: a.RecordedAt.UTC()}
	}
	return e
}

package backoffice

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/cepaim/senderos"
)

// itineraryData is what the itinerary form shows: the current revision's
// goals and tasks and empty rows to add more, each row a fieldset.
type itineraryData struct {
	Case               *senderos.Case
	Base               string
	Form               *caseForm
	Base0              int // the revision the form was drawn from; 0 before the first
	GoalRows, TaskRows []int
	Rows               int
	// The inputs of a row: field name (Value) and label's key (Label);
	// Choices are the options of each select, by field name.
	GoalSelects, GoalTexts, TaskSelects []option
	Choices                             map[string][]option
}

// goalFields are the inputs of a goal's row.
var goalFields = []string{"number", "phase", "area", "what", "start", "target", "measure", "due", "responsible", "status", "evidence"}

// revisionValues turns a revision into the form's values.
func revisionValues(rev *senderos.Revision) url.Values {
	v := url.Values{"base": {"0"}}
	if rev == nil {
		return v
	}
	v.Set("base", strconv.Itoa(rev.Number))
	for i, g := range rev.Goals {
		f := "goals." + strconv.Itoa(i) + "."
		for k, x := range map[string]string{"number": strconv.Itoa(g.Number), "phase": string(g.Phase), "area": g.Area,
			"what": g.What, "start": g.Start, "target": g.Target, "measure": g.Measure, "due": dateValue(g.Due),
			"responsible": g.Responsible, "status": g.Status, "evidence": g.Evidence} {
			v.Set(f+k, x)
		}
	}
	for i, t := range rev.Tasks {
		f := "tasks." + strconv.Itoa(i) + "."
		for k, x := range map[string]string{"number": strconv.Itoa(t.Number), "phase": string(t.Phase),
			"what": t.What, "owner": t.Owner, "due": dateValue(t.Due)} {
			v.Set(f+k, x)
		}
		if t.Done {
			v.Set(f+"done", "yes")
		}
	}
	return v
}

func (s *Server) handleItineraryPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	rev, err := s.Cases.CurrentRevision(r.Context(), c.ID)
	if err != nil && senderos.ErrorCode(err) != senderos.ENOTFOUND {
		s.staffError(w, r, err)
		return
	} else if err != nil {
		rev = nil
	}
	s.audit(r, senderos.AuditCaseView, c.Reference, senderos.OutcomeOK, "itinerary")
	v := revisionValues(rev)
	n := 0
	if rev != nil {
		n = max(len(rev.Goals), len(rev.Tasks))
	}
	s.renderItinerary(w, r, c, http.StatusOK, newCaseForm("itinerary", s.staffLang(r), v, nil), n)
}

func (s *Server) renderItinerary(w http.ResponseWriter, r *http.Request, c *senderos.Case, status int, f *caseForm, filled int) {
	lang := s.staffLang(r)
	base, _ := strconv.Atoi(f.V("base"))
	d := &itineraryData{Case: c, Base: casePath(c.ID), Form: f, Base0: base,
		GoalRows: indices(rowCount(max(filled, 1), f.Values, senderos.MaxGoals)),
		TaskRows: indices(rowCount(max(filled, 0), f.Values, senderos.MaxTasks)),
		GoalSelects: []option{{Value: "phase", Label: "case.goal.phase"}, {Value: "area", Label: "case.goal.area"},
			{Value: "responsible", Label: "case.goal.responsible"}, {Value: "status", Label: "case.goal.status"}},
		GoalTexts: []option{{Value: "what", Label: "case.goal.what"}, {Value: "start", Label: "case.goal.start"},
			{Value: "target", Label: "case.goal.target"}, {Value: "measure", Label: "case.goal.measure"},
			{Value: "due", Label: "case.goal.due"}, {Value: "evidence", Label: "case.goal.evidence"}},
		TaskSelects: []option{{Value: "phase", Label: "case.goal.phase"}, {Value: "owner", Label: "case.task.owner"}}}
	resp := listOptions(lang, "case.responsible.", senderos.ResponsibleList)
	d.Choices = map[string][]option{"phase": listOptions(lang, "case.phase.", senderos.PhaseList),
		"area": listOptions(lang, "case.area.", senderos.GoalAreaList), "responsible": resp, "owner": resp,
		"status": listOptions(lang, "case.goal_status.", senderos.GoalStatusList)}
	d.Rows = max(len(d.GoalRows), len(d.TaskRows))
	s.renderStaff(w, r, status, "itinerary", "case.itinerary.title", d)
}

// handleItinerary saves the form as a new revision of the itinerary;
// "more" draws it again with more empty rows and saves nothing.
func (s *Server) handleItinerary(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	lang, v := s.staffLang(r), r.PostForm
	goals := filledRows(v, "goals", senderos.MaxGoals, goalFields[1:]...)
	tasks := filledRows(v, "tasks", senderos.MaxTasks, "what", "owner", "due")
	filled := max(len(goals), len(tasks))
	if v.Get("more") != "" {
		s.renderItinerary(w, r, c, http.StatusOK, newCaseForm("itinerary", lang, v, nil), filled)
		return
	}
	var p senderos.Problems
	base := formInt(&p, v, "base")
	next := &senderos.Revision{CaseID: c.ID, By: staffFrom(r.Context()).ID, Why: formText(v, "why")}
	number := func(f string) int {
		n, _ := strconv.Atoi(v.Get(f + "number"))
		return max(n, 0)
	}
	for _, i := range goals {
		f := "goals." + strconv.Itoa(i) + "."
		next.Goals = append(next.Goals, senderos.Goal{Number: number(f), Phase: senderos.Phase(v.Get(f + "phase")),
			Area: v.Get(f + "area"), What: formText(v, f+"what"), Start: formText(v, f+"start"), Target: formText(v, f+"target"),
			Measure: formText(v, f+"measure"), Due: formDate(&p, v, f+"due"), Responsible: v.Get(f + "responsible"),
			Status: v.Get(f + "status"), Evidence: formText(v, f+"evidence")})
	}
	for _, i := range tasks {
		f := "tasks." + strconv.Itoa(i) + "."
		next.Tasks = append(next.Tasks, senderos.Task{Number: number(f), Phase: senderos.Phase(v.Get(f + "phase")),
			What: formText(v, f+"what"), Owner: v.Get(f + "owner"), Due: formDate(&p, v, f+"due"), Done: v.Get(f+"done") == "yes"})
	}
	numberNew(next)
	err := p.Err()
	var saved *senderos.Revision
	if err == nil {
		saved, err = s.Cases.ReviseItinerary(r.Context(), next, base, s.Now())
	}
	if err != nil {
		if q, ok := err.(senderos.Problems); ok {
			err = remapProblems(remapProblems(q, "goals", goals), "tasks", tasks)
		}
		s.caseFailed(w, r, c, "itinerary", err, func() {
			s.renderItinerary(w, r, c, http.StatusUnprocessableEntity, newCaseForm("itinerary", lang, v, err), filled)
		})
		return
	}
	s.caseChanged(w, r, c, "itinerary revision "+strconv.Itoa(saved.Number), "case.flash.itinerary")
}

// numberNew numbers the goals and tasks the form added (number 0) after
// the highest number the revision has, so that a goal keeps its number
// across revisions.
func numberNew(rev *senderos.Revision) {
	goals := make([]*int, len(rev.Goals))
	for i := range rev.Goals {
		goals[i] = &rev.Goals[i].Number
	}
	tasks := make([]*int, len(rev.Tasks))
	for i := range rev.Tasks {
		tasks[i] = &rev.Tasks[i].Number
	}
	numberAfterTop(goals)
	numberAfterTop(tasks)
}

// numberAfterTop gives each zero of numbers the next number after the
// highest.
func numberAfterTop(numbers []*int) {
	top := 0
	for _, n := range numbers {
		top = max(top, *n)
	}
	for _, n := range numbers {
		if *n == 0 {
			top++
			*n = top
		}
	}
}

package backoffice

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cepaim/senderos"
)

// interviewData is what the interview form shows.
type interviewData struct {
	Case                      *senderos.Case
	Base                      string
	Form                      *caseForm
	WorkRows, MemberRows      []int
	Rows                      int // the most rows of either group, sent back with the form
	Sectors, Levels, Stages   []option
	MaxWorkRows, MaxHousehold int
}

// interviewValues turns c's interview and household into the form's
// values.
func interviewValues(c *senderos.Case, now string) url.Values {
	iv := c.Interview
	v := url.Values{"interview_at": {dateValue(iv.At)}, "training_wanted": {iv.TrainingWanted},
		"languages": {strings.Join(iv.Languages, ", ")}, "spanish_level": {iv.SpanishLevel},
		"expectations": {iv.Expectations}, "worries": {iv.Worries}}
	if iv.At.IsZero() {
		v.Set("interview_at", now)
	}
	if iv.At.IsZero() {
		v.Set("work_permit", "")
	} else if iv.WorkPermit {
		v.Set("work_permit", "yes")
	} else {
		v.Set("work_permit", "no")
	}
	for i, w := range iv.Work {
		f := "work." + strconv.Itoa(i) + "."
		v.Set(f+"sector", w.Sector)
		v.Set(f+"years", strconv.Itoa(w.Years))
		v.Set(f+"skills", w.Skills)
	}
	for i, m := range c.Household {
		f := "household." + strconv.Itoa(i) + "."
		v.Set(f+"name", m.Name)
		v.Set(f+"age", strconv.Itoa(m.Age))
		v.Set(f+"stage", m.Stage)
	}
	return v
}

func (s *Server) handleInterviewPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	s.audit(r, senderos.AuditCaseView, c.Reference, senderos.OutcomeOK, "interview")
	v := interviewValues(c, dateValue(s.Now()))
	v.Set("rows", r.URL.Query().Get("rows"))
	s.renderInterview(w, r, c, http.StatusOK, newCaseForm("interview", s.staffLang(r), v, nil), len(c.Interview.Work), len(c.Household))
}

func (s *Server) renderInterview(w http.ResponseWriter, r *http.Request, c *senderos.Case, status int, f *caseForm, works, members int) {
	lang := s.staffLang(r)
	d := &interviewData{Case: c, Base: casePath(c.ID), Form: f,
		WorkRows:   indices(rowCount(works, f.Values, senderos.MaxWork)),
		MemberRows: indices(rowCount(members, f.Values, senderos.MaxHousehold)),
		Sectors:    listOptions(lang, "family.sector.", senderos.SectorList),
		Levels:     listOptions(lang, "family.level.", senderos.SpanishLevelList),
		Stages:     listOptions(lang, "family.stage.", senderos.SchoolStageList)}
	d.Rows = max(len(d.WorkRows), len(d.MemberRows))
	s.renderStaff(w, r, status, "case_interview", "case.interview.title", d)
}

// handleInterview saves the interview and the household; "more" draws the
// form again with more empty rows and saves nothing.
func (s *Server) handleInterview(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	lang, v := s.staffLang(r), r.PostForm
	works, members := filledRows(v, "work", senderos.MaxWork, "sector", "years", "skills"),
		filledRows(v, "household", senderos.MaxHousehold, "name", "age", "stage")
	if v.Get("more") != "" {
		s.renderInterview(w, r, c, http.StatusOK, newCaseForm("interview", lang, v, nil), len(works), len(members))
		return
	}
	var p senderos.Problems
	iv := senderos.Interview{At: formDate(&p, v, "interview_at"), TrainingWanted: formText(v, "training_wanted"),
		SpanishLevel: v.Get("spanish_level"), WorkPermit: v.Get("work_permit") == "yes",
		Expectations: formText(v, "expectations"), Worries: formText(v, "worries")}
	if wp := v.Get("work_permit"); wp != "yes" && wp != "no" {
		p.Add("work_permit", senderos.ProblemRequired)
	}
	for _, l := range strings.FieldsFunc(v.Get("languages"), func(r rune) bool { return r == ',' || r == ' ' }) {
		iv.Languages = append(iv.Languages, strings.ToLower(l))
	}
	for _, i := range works {
		f := "work." + strconv.Itoa(i) + "."
		iv.Work = append(iv.Work, senderos.Work{Sector: v.Get(f + "sector"), Years: formInt(&p, v, f+"years"), Skills: formText(v, f+"skills")})
	}
	var household []senderos.Member
	for _, i := range members {
		f := "household." + strconv.Itoa(i) + "."
		household = append(household, senderos.Member{Name: formText(v, f+"name"), Age: formInt(&p, v, f+"age"), Stage: v.Get(f + "stage")})
	}
	err := p.Err()
	if err == nil {
		_, err = s.Cases.SaveInterview(r.Context(), c.ID, staffFrom(r.Context()).ID, iv, household, s.Now())
	}
	if err != nil {
		if q, ok := err.(senderos.Problems); ok {
			err = remapProblems(remapProblems(q, "work", works), "household", members)
		}
		s.caseFailed(w, r, c, "interview", err, func() {
			s.renderInterview(w, r, c, http.StatusUnprocessableEntity, newCaseForm("interview", lang, v, err), len(works), len(members))
		})
		return
	}
	s.caseChanged(w, r, c, "interview saved", "case.flash.interview")
}

// filledRows returns the indices of the rows of group prefix (prefix.N.x)
// that have a value in any of fields, up to max rows looked at.
func filledRows(v url.Values, prefix string, limit int, fields ...string) []int {
	n, _ := strconv.Atoi(v.Get("rows"))
	n = min(max(n, 3), limit+3)
	var out []int
	for i := range n {
		for _, f := range fields {
			if strings.TrimSpace(v.Get(prefix+"."+strconv.Itoa(i)+"."+f)) != "" {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

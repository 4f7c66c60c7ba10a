package backoffice

import (
	"errors"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
)

// The case's forms work without JavaScript: each is drawn from url.Values
// (what the store holds, turned into the form's values, or what was sent),
// and a form sent with problems is drawn again from what was sent, each
// problem next to its field and listed after the page's heading.

// caseForm is one form of a case's pages: its values and, after a failed
// send, its problems in the staff member's language.
type caseForm struct {
	Name     string // which form of the page was sent
	Values   url.Values
	Problems []problemRow
	Heading  string // the summary's heading, in the staff member's language
	byField  map[string]string
}

// problemRow is a problem of the summary: the field's id and the message.
type problemRow struct {
	ID, Message string
}

// V returns the form's value of field.
func (f *caseForm) V(field string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(field)
}

// Has reports whether the form's values hold value for field (checkboxes
// and multiple choices).
func (f *caseForm) Has(field, value string) bool {
	if f == nil {
		return false
	}
	for _, v := range f.Values[field] {
		if v == value {
			return true
		}
	}
	return false
}

// E returns the problem with field, "" when there is none.
func (f *caseForm) E(field string) string {
	if f == nil {
		return ""
	}
	return f.byField[field]
}

// Attr returns the attributes that tie field's input to its problem, if
// it has one.
func (f *caseForm) Attr(field string) template.HTMLAttr {
	if f.E(field) == "" {
		return ""
	}
	return template.HTMLAttr(` aria-invalid="true" aria-describedby="` + fieldID(field) + `-problem"`)
}

// P returns what shows field's problem next to it, if it has one: a span
// (a block by its style), as the fields sit in paragraphs, which may not
// hold another.
func (f *caseForm) P(field string) template.HTML {
	msg := f.E(field)
	if msg == "" {
		return ""
	}
	return template.HTML(`<span class="problem" id="` + fieldID(field) + `-problem">` + template.HTMLEscapeString(msg) + `</span>`)
}

// fieldID is the id of a field's input, from its name ("goals.2.due" is
// "goals-2-due").
func fieldID(field string) string {
	return strings.ReplaceAll(field, ".", "-")
}

// newCaseForm returns a form named name with values v and the problems of
// err (Problems) in lang; err of another kind gives no problems.
func newCaseForm(name, lang string, v url.Values, err error) *caseForm {
	f := &caseForm{Name: name, Values: v, byField: map[string]string{}, Heading: staffText(lang, "case.problems")}
	var p senderos.Problems
	if errors.As(err, &p) {
		for _, q := range p {
			if _, seen := f.byField[q.Field]; seen {
				continue
			}
			msg := problemText(lang, q)
			f.byField[q.Field] = msg
			if label := fieldLabel(lang, q.Field); label != "" {
				msg = label + ": " + msg
			}
			f.Problems = append(f.Problems, problemRow{ID: fieldID(q.Field), Message: msg})
		}
	}
	return f
}

// fieldLabels are the text keys of the case forms' fields, by the last
// part of their names; a field in a row ("goals.2.due") is also named by its
// group and row.
var fieldLabels = map[string]string{
	"interview_at": "case.f.interview_at", "training_wanted": "case.f.training", "languages": "family.f.languages",
	"spanish_level": "family.f.spanish", "work_permit": "case.f.permit", "expectations": "case.f.expectations",
	"worries": "case.f.worries", "sector": "case.f.sector", "years": "case.f.years", "skills": "case.f.skills",
	"name": "case.f.member_name", "age": "case.f.age", "stage": "case.f.stage",
	"phase": "case.goal.phase", "area": "case.goal.area", "what": "case.goal.what", "start": "case.goal.start",
	"target": "case.goal.target", "measure": "case.goal.measure", "due": "case.goal.due",
	"responsible": "case.goal.responsible", "status": "case.goal.status", "evidence": "case.goal.evidence",
	"owner": "case.task.owner", "number": "case.revision.number", "why": "case.itinerary.why",
	"revision": "case.revision.number", "agreed_on": "case.agreement.on", "how": "case.agreement.how",
	"kind": "case.visit_f.kind", "on": "case.visit_f.on", "place": "case.visit_f.place",
	"participants": "case.visit_f.participants", "outcome": "case.visit_f.outcome", "next_steps": "case.visit_f.next_steps",
	"goals": "case.visit_f.goals", "moved_on": "case.moved.date", "municipality": "case.moved.municipality",
	"done_on": "case.followup.date", "followup": "case.followup.title", "check": "case.followup.check",
	"work": "case.check_f.work", "housing": "case.check_f.housing", "school": "case.check_f.school",
	"health_care": "case.check_f.health_care", "neighbours": "case.check_f.neighbours", "spanish": "case.check_f.spanish",
	"intends_to_stay": "case.check_f.intends_to_stay", "good_decision": "case.check_f.good_decision",
	"note":    "case.followup.note",
	"support": "case.fb.support", "information": "case.fb.information", "training": "case.fb.training",
	"village": "case.fb.village", "comment": "case.fb.comment", "month": "case.fb_f.month", "scores": "case.fb.scores",
}

// rowGroups name the groups of rows in the summary.
var rowGroups = map[string]string{
	"goals": "case.section.goals", "tasks": "case.section.tasks", "work": "case.section.work",
	"household": "case.section.household", "warning": "case.section.warnings",
}

// fieldLabel names a field of a case form in lang, "" when unknown.
func fieldLabel(lang, field string) string {
	parts := strings.Split(field, ".")
	key, ok := fieldLabels[parts[len(parts)-1]]
	if !ok {
		return ""
	}
	label := staffText(lang, key)
	if group, ok := rowGroups[parts[0]]; ok && len(parts) == 3 && parts[0] != "warning" {
		n, _ := strconv.Atoi(parts[1])
		label = staffText(lang, group) + " (" + staffText(lang, "case.row", n+1) + ") · " + label
	}
	return label
}

// problemText words a field's problem in lang.
func problemText(lang string, q senderos.FieldProblem) string {
	arg := func(i int) int {
		if i < len(q.Args) {
			if n, ok := q.Args[i].(int); ok {
				return n
			}
		}
		return 0
	}
	switch q.Code {
	case senderos.ProblemTooLong:
		return staffTextN(lang, "case.problem.too_long", arg(0))
	case senderos.ProblemTooManyItems:
		return staffTextN(lang, "case.problem.too_many_items", arg(0))
	case senderos.ProblemOutOfRange:
		return staffText(lang, "case.problem.out_of_range", arg(0), arg(1))
	case senderos.ProblemUnknownGoal:
		return staffText(lang, "case.problem.unknown_goal", arg(0))
	case senderos.ProblemDateOrder:
		after := ""
		if len(q.Args) > 0 {
			after, _ = q.Args[0].(string)
		}
		return staffText(lang, "case.problem.date_order", staffText(lang, "case.after."+after))
	case senderos.ProblemRequired, senderos.ProblemNotInList, senderos.ProblemBadText, senderos.ProblemInvisible,
		senderos.ProblemDateFuture, senderos.ProblemNotMoved, senderos.ProblemSuperseded, senderos.ProblemDuplicate,
		problemBadDate, problemBadNumber, problemUnknownPlace, problemAmbiguousPlace, problemNothingSaid:
		return staffText(lang, "case.problem."+q.Code)
	}
	return staffText(lang, "case.problem.invalid")
}

// The problems the back-office finds itself, before the domain: what a
// browser sends that is no date or no number.
const (
	problemBadDate   = "bad_date"
	problemBadNumber = "bad_number"
)

// formDate reads an <input type="date"> value: zero when empty, and a
// problem on field when it is no date.
func formDate(p *senderos.Problems, v url.Values, field string) time.Time {
	s := strings.TrimSpace(v.Get(field))
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		p.Add(field, problemBadDate)
	}
	return t
}

// formInt reads a whole number: 0 when empty, and a problem on field when
// it is no number.
func formInt(p *senderos.Problems, v url.Values, field string) int {
	s := strings.TrimSpace(v.Get(field))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.Add(field, problemBadNumber)
	}
	return n
}

// formText reads a text field, trimmed.
func formText(v url.Values, field string) string {
	return strings.TrimSpace(v.Get(field))
}

// dateValue is t as an <input type="date"> value.
func dateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// option lists of the case's forms, from the domain's closed lists.
func listOptions(lang, prefix string, l senderos.List) []option {
	out := make([]option, 0, len(l.Terms))
	for _, t := range l.Terms {
		out = append(out, option{Value: t.Value, Label: staffText(lang, prefix+t.Value)})
	}
	return out
}

// rowCount is how many rows of a repeated group a form shows: those with
// values, a few empty ones to fill, more when "more" was asked, at most max.
func rowCount(filled int, v url.Values, max int) int {
	n := filled + 2
	if asked, err := strconv.Atoi(v.Get("rows")); err == nil && asked > n {
		n = asked
	}
	if v.Get("more") != "" {
		n += 3
	}
	return min(n, max)
}

// indices returns 0…n-1, for a template's range.
func indices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// remapProblems renames the index of each problem on prefix (prefix.K.x)
// to rows[K], the form row it came from: empty rows are not sent to the
// domain, so its indices are not the form's.
func remapProblems(p senderos.Problems, prefix string, rows []int) senderos.Problems {
	for i, q := range p {
		rest, ok := strings.CutPrefix(q.Field, prefix+".")
		if !ok {
			continue
		}
		k, tail, _ := strings.Cut(rest, ".")
		if n, err := strconv.Atoi(k); err == nil && n < len(rows) {
			p[i].Field = prefix + "." + strconv.Itoa(rows[n]) + "." + tail
		}
	}
	return p
}

// markSelected returns opts with the one whose value is current selected.
func markSelected(opts []option, current string) []option {
	out := make([]option, len(opts))
	for i, o := range opts {
		o.Selected = o.Value == current
		out[i] = o
	}
	return out
}

// selectData is a <select> of a case form, for the "select" template.
type selectData struct {
	Form    *caseForm
	Field   string
	Options []option
	Empty   string // the label of the empty choice
}

// sel gathers a <select> of form f for the "select" template: field's
// options, the one f holds selected.
func sel(f *caseForm, field string, opts []option, empty string) selectData {
	return selectData{Form: f, Field: field, Options: markSelected(opts, f.V(field)), Empty: empty}
}

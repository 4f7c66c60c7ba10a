package senderos

import (
	"context"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Case is a family's case: what a family's record grows into once staff have
// interviewed it. It holds the interview and the household, and the
// itinerary, visits, follow-ups, warnings and feedback hang from it. A case
// goes with its submission: erasing or purging the submission erases the
// case and all that hangs from it.
type Case struct {
	ID           int64
	SubmissionID int64
	Reference    string // the submission's, shown to staff and the family
	// AssigneeID is the technician following the family, the
	// submission's assignee; 0 for nobody.
	AssigneeID int64
	OpenedAt   time.Time
	OpenedBy   int64 // the staff account that opened it

	Interview Interview
	Household []Member

	// MovedOn is the day the family moved to the village, zero until
	// then; follow-ups are scheduled from it (see MarkMoved).
	MovedOn time.Time
	// Municipality is the INE code of the village, once known.
	Municipality string
	// LastContactAt is the last time staff were in touch with the family
	// (a visit, a follow-up, a call recorded as a note).
	LastContactAt time.Time
	// ClosedAt is when the case was closed; zero while it is open. Closed
	// cases raise no warnings.
	ClosedAt time.Time
}

// Moved reports whether the family has moved.
func (c *Case) Moved() bool { return !c.MovedOn.IsZero() }

// Open reports whether the case is open.
func (c *Case) Open() bool { return c.ClosedAt.IsZero() }

// CanOpenCase reports whether a case may be opened from s: a family's
// record that staff have interviewed, and not erased.
func CanOpenCase(s *Submission) bool {
	return s.Kind == KindInterest && s.Status == StatusInterviewed && s.BlockedAt.IsZero()
}

// CaseService keeps families' cases: the interview, the itinerary and its
// revisions, visits, the move and follow-ups. Each call is one transaction,
// with its history and audit entries; a call that returns an error stores
// nothing. Problems are returned as Problems (EINVALID), whose fields the
// front ends show next to the form's fields.
type CaseService interface {
	// OpenCase opens the case of family record submissionID, assigned to
	// its assignee, by staff account by at now. Returns ENOTFOUND for a
	// missing or erased record or a municipality's, ECONFLICT unless
	// CanOpenCase or when the record has a case already.
	OpenCase(ctx context.Context, submissionID, by int64, now time.Time) (*Case, error)

	// FindCase and FindCaseBySubmission return ENOTFOUND when there is
	// none or its record is erased.
	FindCase(ctx context.Context, id int64) (*Case, error)
	FindCaseBySubmission(ctx context.Context, submissionID int64) (*Case, error)

	// SaveInterview stores the interview and the household of case id,
	// replacing what was there, and returns the case. Returns EINVALID
	// when Interview.Validate or ValidateHousehold find a problem,
	// ENOTFOUND as FindCase.
	SaveInterview(ctx context.Context, id, by int64, iv Interview, household []Member, now time.Time) (*Case, error)

	// ReviseItinerary stores next as the newest revision of its case,
	// numbered after base (0 for the first), by next.By at now with
	// next.Why, and supersedes base. Returns EINVALID when
	// ValidateRevision finds a problem — base superseded meanwhile is
	// one, on "revision" — and ENOTFOUND as FindCase or for an unknown
	// base.
	ReviseItinerary(ctx context.Context, next *Revision, base int, now time.Time) (*Revision, error)

	// CurrentRevision returns a case's newest revision; ENOTFOUND when it
	// has none. FindRevisions lists every revision, newest first.
	CurrentRevision(ctx context.Context, caseID int64) (*Revision, error)
	FindRevisions(ctx context.Context, caseID int64) ([]*Revision, error)

	// RecordAgreement records the family's agreement a to revision
	// a.RevisionID at now. Returns EINVALID when ValidateAgreement finds
	// a problem (a superseded revision is one), ENOTFOUND for an unknown
	// revision, ECONFLICT when its agreement is recorded already.
	RecordAgreement(ctx context.Context, a *Agreement, now time.Time) error

	// AddVisit stores v, linked to goals of the case's current revision,
	// and sets its ID; a visit done counts as contact. Returns EINVALID
	// when Visit.Validate finds a problem, ENOTFOUND as FindCase.
	// FindVisits lists a case's visits, by day, newest first.
	AddVisit(ctx context.Context, v *Visit, now time.Time) error
	FindVisits(ctx context.Context, caseID int64) ([]*Visit, error)

	// MarkMoved records that the family of case id moved on the day moved
	// to municipality (an INE code), moves its record to
	// StatusRelocated, and schedules its follow-ups by s, all at once,
	// and returns them. Returns EINVALID when ValidateMove or s.Validate
	// find a problem, ENOTFOUND as FindCase, ECONFLICT when the family has
	// moved already or CanChangeStatus does not let it be relocated.
	MarkMoved(ctx context.Context, id, by int64, moved time.Time, municipality string, s Schedule, now time.Time) ([]*FollowUp, error)

	// RecordFollowUp records follow-up f.ID as done on f.DoneOn by f.By
	// with f.Check, which counts as contact. Returns EINVALID when
	// ValidateFollowUp finds a problem (a family that has not moved is one),
	// ENOTFOUND for an unknown follow-up, ECONFLICT when it is done
	// already. FindFollowUps lists a case's follow-ups by due day.
	RecordFollowUp(ctx context.Context, f *FollowUp, now time.Time) error
	FindFollowUps(ctx context.Context, caseID int64) ([]*FollowUp, error)
}

// Interview is what staff learn in the interview, following its guide. It
// asks only what the itinerary needs: a work permit is yes or no, never the
// kind of permit or the nationality.
type Interview struct {
	At             time.Time
	Work           []Work   // work history and skills, by sector
	TrainingWanted string   // free text
	Languages      []string // ISO 639-1 codes
	SpanishLevel   string   // one of SpanishLevels
	// WorkPermit says whether an adult of the household holds a work
	// permit.
	WorkPermit   bool
	Expectations string // about rural life, free text
	Worries      string // free text
}

// Work is experience and skills in one sector.
type Work struct {
	Sector string // one of Sectors
	Years  int
	Skills string // free text
}

// Member is one member of the household, with only what the plan needs.
type Member struct {
	Name  string // first name or initial
	Age   int
	Stage string // one of SchoolStages; "" for adults
}

// The bounds of a case's texts and lists, in characters and items.
const (
	MaxShortText = 200  // one-line texts: a place, a participant, a goal's measure
	MaxLongText  = 2000 // multi-line texts: worries, an outcome, a comment
	MaxNameText  = 40   // a household member's first name or initial
	MaxWork      = 10   // as many as SectorList has
	MaxLanguages = 10
	MaxHousehold = 20
	MaxAge       = 120
	MaxYears     = 60
)

// Validate returns what is wrong with the interview at now: a date in the
// future, a value not in its list, text the text rule refuses or too long.
func (iv *Interview) Validate(now time.Time) Problems {
	var p Problems
	checkDone(&p, "interview_at", iv.At, now)
	var sectors []string
	if len(iv.Work) > MaxWork {
		p.Add("work", ProblemTooManyItems, MaxWork)
	}
	for i, w := range iv.Work[:min(len(iv.Work), MaxWork)] {
		f := "work." + strconv.Itoa(i)
		if checkOneOf(&p, f+".sector", w.Sector, true, SectorList) && slices.Contains(sectors, w.Sector) {
			p.Add(f+".sector", ProblemDuplicate)
		}
		sectors = append(sectors, w.Sector)
		checkRange(&p, f+".years", w.Years, 0, MaxYears)
		checkText(&p, f+".skills", w.Skills, true, false, MaxLongText)
	}
	checkText(&p, "training_wanted", iv.TrainingWanted, true, false, MaxLongText)
	if len(iv.Languages) > MaxLanguages {
		p.Add("languages", ProblemTooManyItems, MaxLanguages)
	}
	for _, l := range iv.Languages {
		if !languageCode(l) {
			p.Add("languages", ProblemNotInList)
			break
		}
	}
	checkOneOf(&p, "spanish_level", iv.SpanishLevel, true, SpanishLevelList)
	checkText(&p, "expectations", iv.Expectations, true, false, MaxLongText)
	checkText(&p, "worries", iv.Worries, true, false, MaxLongText)
	return p
}

// ValidateHousehold returns what is wrong with a household's members: each
// needs a first name or initial, an age, and a school stage from the list
// if any.
func ValidateHousehold(members []Member) Problems {
	var p Problems
	if len(members) > MaxHousehold {
		p.Add("household", ProblemTooManyItems, MaxHousehold)
	}
	for i, m := range members {
		f := "household." + strconv.Itoa(i)
		checkText(&p, f+".name", m.Name, false, true, MaxNameText)
		checkRange(&p, f+".age", m.Age, 0, MaxAge)
		checkOneOf(&p, f+".stage", m.Stage, false, SchoolStageList)
	}
	return p
}

// Texts returns every text c holds, for checks that apply to them all (see
// ValidText).
func (c *Case) Texts() []string {
	iv := c.Interview
	out := []string{c.Reference, c.Municipality, iv.TrainingWanted, iv.SpanishLevel, iv.Expectations, iv.Worries}
	out = append(out, iv.Languages...)
	for _, w := range iv.Work {
		out = append(out, w.Sector, w.Skills)
	}
	for _, m := range c.Household {
		out = append(out, m.Name, m.Stage)
	}
	return out
}

// Audit actions on cases. Entries name the case by its submission's
// reference, never by the family's data.
const (
	AuditCaseOpen     = "case.open"
	AuditCaseView     = "case.view"
	AuditCaseChange   = "case.change"
	AuditFamilyLink   = "case.family_link"
	AuditFamilyPage   = "family_page.open"
	AuditFamilyDenied = "family_page.denied"
)

// Day returns the calendar day of t, in t's location, as midnight UTC: the
// form every date of a case (due dates, visits, the move) is kept in, so
// that days compare as days.
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// checkText checks a text field: the text rule, required or not, and its
// length in characters. Empty text is only a problem when required.
func checkText(p *Problems, field, v string, multiline, required bool, max int) {
	switch n := utf8.RuneCountInString(v); {
	case n == 0:
		if required {
			p.Add(field, ProblemRequired)
		}
	case ValidText(v, multiline) == TextInvisible:
		p.Add(field, ProblemInvisible)
	case ValidText(v, multiline) != "":
		p.Add(field, ProblemBadText)
	case n > max:
		p.Add(field, ProblemTooLong, max)
	}
}

// checkOneOf checks a choice from list l and reports whether it is one.
func checkOneOf(p *Problems, field, v string, required bool, l List) bool {
	switch {
	case v == "":
		if required {
			p.Add(field, ProblemRequired)
		}
		return false
	case !slices.Contains(l.Values(), v):
		p.Add(field, ProblemNotInList)
		return false
	}
	return true
}

// checkRange checks a number against its bounds.
func checkRange(p *Problems, field string, v, min, max int) {
	if v < min || v > max {
		p.Add(field, ProblemOutOfRange, min, max)
	}
}

// checkDone checks the date of something recorded as done: required, and
// not after the day of now.
func checkDone(p *Problems, field string, at, now time.Time) {
	if at.IsZero() {
		p.Add(field, ProblemRequired)
	} else if Day(at).After(Day(now)) {
		p.Add(field, ProblemDateFuture)
	}
}

// checkNotBefore checks that date is not on a day before after's; after is
// the field it must follow, for the message.
func checkNotBefore(p *Problems, field string, date, min time.Time, after string) {
	if !date.IsZero() && !min.IsZero() && Day(date).Before(Day(min)) {
		p.Add(field, ProblemDateOrder, after)
	}
}

// languageCode reports whether s looks like an ISO 639-1 code: two
// lower-case letters.
func languageCode(s string) bool {
	return len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'
}

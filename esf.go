package senderos

import (
	"context"
	"slices"
	"time"
)

// The European Social Fund Plus asks, per participant, for what its common
// indicators count (Regulation (EU) 2021/1057, Annex I): at entry the
// person's situation, at exit and six months later its results. A
// participant is one person of a family's household who takes part.
// Sensitive items (disability, minority, foreign background) always offer
// "declined to answer", and the record keeps that the question was asked.

// Genders: every ESF figure about people is broken down by them.
const (
	GenderWoman     = "woman"
	GenderMan       = "man"
	GenderNonBinary = "non_binary"
)

// Genders are the ESF genders in the order reports show them.
var Genders = []string{GenderWoman, GenderMan, GenderNonBinary}

// Labour status at entry: exactly one.
const (
	LabourUnemployed = "unemployed"
	LabourInactive   = "inactive"
	LabourEmployed   = "employed" // including self-employed
)

// Education levels at entry, as ISCED 2011 groups.
const (
	ISCED02 = "isced_0_2" // lower secondary or less
	ISCED34 = "isced_3_4" // upper secondary or post-secondary non-tertiary
	ISCED58 = "isced_5_8" // tertiary
)

// Nationality groups.
const (
	NationalityEU           = "eu"
	NationalityThirdCountry = "third_country"
	NationalityStateless    = "stateless"
)

// Answers to a yes/no question that a person may decline to answer. The
// empty string is a question not yet asked.
const (
	AnswerDeclined = "declined"
)

// ESFEntry is a participant's situation at entry.
type ESFEntry struct {
	On              time.Time // the day of entry
	Gender          string    // one of Genders
	BirthDate       time.Time
	Labour          string    // LabourUnemployed, LabourInactive or LabourEmployed
	UnemployedSince time.Time // for the unemployed
	Education       string    // ISCED02, ISCED34 or ISCED58
	Nationality     string    // NationalityEU, NationalityThirdCountry or NationalityStateless
	// ForeignBackground, Disability, Minority and HousingExclusion are
	// AnswerYes, AnswerNo or AnswerDeclined; "" while not asked.
	ForeignBackground string
	Disability        string
	Minority          string
	HousingExclusion  string
	// Rural says whether the municipality of residence at entry is a
	// rural area.
	Rural bool
}

// ESFExit is a participant's immediate results, within four weeks of
// leaving.
type ESFExit struct {
	On            time.Time
	JobSearching  bool
	InEducation   bool
	Qualification bool
	Employed      bool
}

// ESFLater is a participant's situation six months after leaving.
type ESFLater struct {
	On       time.Time
	Employed bool
	// Improved says whether the labour market situation improved (from
	// unemployment to work, from precarious to stable work…).
	Improved bool
}

// ESFParticipant is one participant's ESF data. A person who enters the
// same operation several times has one record: the first entry, the last
// exit.
type ESFParticipant struct {
	ID     int64
	CaseID int64
	// Member is the participant's number in the case's household, from
	// 1.
	Member int
	// Reference names the participant for staff in the "to complete"
	// view: the family's reference and the member's number.
	Reference string
	Entry     ESFEntry
	Exit      *ESFExit  // nil until the participant leaves
	Later     *ESFLater // nil until six months after leaving
}

// Missing returns the entry items p lacks, by field name; none for a
// complete entry. A sensitive item declined is answered.
func (p *ESFParticipant) Missing() []string {
	e := p.Entry
	var m []string
	add := func(field string, missing bool) {
		if missing {
			m = append(m, field)
		}
	}
	add("on", e.On.IsZero())
	add("gender", !slices.Contains(Genders, e.Gender))
	add("birth_date", e.BirthDate.IsZero())
	add("labour", e.Labour != LabourUnemployed && e.Labour != LabourInactive && e.Labour != LabourEmployed)
	add("unemployed_since", e.Labour == LabourUnemployed && e.UnemployedSince.IsZero())
	add("education", e.Education != ISCED02 && e.Education != ISCED34 && e.Education != ISCED58)
	add("nationality", e.Nationality != NationalityEU && e.Nationality != NationalityThirdCountry && e.Nationality != NationalityStateless)
	for _, q := range []struct{ field, v string }{
		{"foreign_background", e.ForeignBackground}, {"disability", e.Disability},
		{"minority", e.Minority}, {"housing_exclusion", e.HousingExclusion},
	} {
		add(q.field, q.v != AnswerYes && q.v != AnswerNo && q.v != AnswerDeclined)
	}
	return m
}

// AgeAt returns the age in whole years of someone born on birth, on day.
func AgeAt(birth, day time.Time) int {
	y := day.Year() - birth.Year()
	if day.Month() < birth.Month() || day.Month() == birth.Month() && day.Day() < birth.Day() {
		y--
	}
	return y
}

// LongTermUnemployed reports whether e is long-term unemployment: over
// twelve months for people aged 25 and over, over six months below 25 (the
// EU definition).
func (e *ESFEntry) LongTermUnemployed() bool {
	if e.Labour != LabourUnemployed || e.UnemployedSince.IsZero() {
		return false
	}
	months := 12
	if AgeAt(e.BirthDate, e.On) < 25 {
		months = 6
	}
	return e.UnemployedSince.AddDate(0, months, 0).Before(e.On)
}

// ESFIndicator is one of the common indicators, by its code in the
// Commission's reporting system.
type ESFIndicator struct {
	Code string
	// Result says it counts results (on exits, or six months later);
	// output indicators count entries.
	Result bool
	count  func(p *ESFParticipant) bool
}

// ESFIndicators are the common indicators for participants the portal
// counts, in code order. EECO18 and EECO19 count entities, not people, and
// EECR06's "improved situation" is staff's judgement recorded six months on.
var ESFIndicators = []ESFIndicator{
	{"EECO01", false, func(*ESFParticipant) bool { return true }},
	{"EECO02", false, func(p *ESFParticipant) bool { return p.Entry.Labour == LabourUnemployed }},
	{"EECO03", false, func(p *ESFParticipant) bool { return p.Entry.LongTermUnemployed() }},
	{"EECO04", false, func(p *ESFParticipant) bool { return p.Entry.Labour == LabourInactive }},
	{"EECO05", false, func(p *ESFParticipant) bool { return p.Entry.Labour == LabourEmployed }},
	{"EECO06", false, func(p *ESFParticipant) bool { return AgeAt(p.Entry.BirthDate, p.Entry.On) < 18 }},
	{"EECO07", false, func(p *ESFParticipant) bool {
		a := AgeAt(p.Entry.BirthDate, p.Entry.On)
		return a >= 18 && a <= 29
	}},
	{"EECO08", false, func(p *ESFParticipant) bool { return AgeAt(p.Entry.BirthDate, p.Entry.On) >= 55 }},
	{"EECO09", false, func(p *ESFParticipant) bool { return p.Entry.Education == ISCED02 }},
	{"EECO10", false, func(p *ESFParticipant) bool { return p.Entry.Education == ISCED34 }},
	{"EECO11", false, func(p *ESFParticipant) bool { return p.Entry.Education == ISCED58 }},
	{"EECO12", false, func(p *ESFParticipant) bool { return p.Entry.Disability == AnswerYes }},
	{"EECO13", false, func(p *ESFParticipant) bool { return p.Entry.Nationality != NationalityEU }},
	{"EECO14", false, func(p *ESFParticipant) bool { return p.Entry.ForeignBackground == AnswerYes }},
	{"EECO15", false, func(p *ESFParticipant) bool { return p.Entry.Minority == AnswerYes }},
	{"EECO16", false, func(p *ESFParticipant) bool { return p.Entry.HousingExclusion == AnswerYes }},
	{"EECO17", false, func(p *ESFParticipant) bool { return p.Entry.Rural }},
	{"EECR01", true, func(p *ESFParticipant) bool { return p.Exit != nil && p.Exit.JobSearching }},
	{"EECR02", true, func(p *ESFParticipant) bool { return p.Exit != nil && p.Exit.InEducation }},
	{"EECR03", true, func(p *ESFParticipant) bool { return p.Exit != nil && p.Exit.Qualification }},
	{"EECR04", true, func(p *ESFParticipant) bool { return p.Exit != nil && p.Exit.Employed }},
	{"EECR05", true, func(p *ESFParticipant) bool { return p.Later != nil && p.Later.Employed }},
	{"EECR06", true, func(p *ESFParticipant) bool { return p.Later != nil && p.Later.Improved }},
}

// ESFRow is one indicator's figures in a report: by gender, and in all.
type ESFRow struct {
	Code     string
	ByGender map[string]int // by Genders
	Total    int
}

// ESFReport is the ESF figures of a period [From, To): output indicators
// over the participants who entered in it, immediate results over those who
// left in it, six-month results over those whose six-month check fell in
// it. Participants whose entry is incomplete are not counted but listed in
// ToComplete, with what they lack.
type ESFReport struct {
	From, To   time.Time
	Rows       []ESFRow
	ToComplete []*ESFParticipant
}

// ValidatePeriod returns what is wrong with a report's period at now: no
// start or end, an end not after the start, an end in the future.
func ValidatePeriod(from, to, now time.Time) Problems {
	var p Problems
	if from.IsZero() {
		p.Add("from", ProblemRequired)
	}
	if to.IsZero() {
		p.Add("to", ProblemRequired)
	}
	if len(p) > 0 {
		return p
	}
	if !to.After(from) {
		p.Add("to", ProblemDateOrder, "from")
	} else if Day(to).After(Day(now).AddDate(0, 0, 1)) {
		p.Add("to", ProblemDateFuture)
	}
	return p
}

// NewESFReport counts ps for the period [from, to). It does not check the
// period (ValidatePeriod does).
func NewESFReport(ps []*ESFParticipant, from, to time.Time) *ESFReport {
	r := &ESFReport{From: from, To: to}
	in := func(t time.Time) bool { return !t.IsZero() && !t.Before(from) && t.Before(to) }
	for _, ind := range ESFIndicators {
		r.Rows = append(r.Rows, ESFRow{Code: ind.Code, ByGender: map[string]int{}})
	}
	for _, p := range ps {
		if len(p.Missing()) > 0 {
			if in(p.Entry.On) || p.Entry.On.IsZero() {
				r.ToComplete = append(r.ToComplete, p)
			}
			continue
		}
		for i, ind := range ESFIndicators {
			when := p.Entry.On
			if ind.Result {
				switch {
				case ind.Code == "EECR05" || ind.Code == "EECR06":
					if p.Later == nil {
						continue
					}
					when = p.Later.On
				case p.Exit == nil:
					continue
				default:
					when = p.Exit.On
				}
			}
			if in(when) && ind.count(p) {
				r.Rows[i].ByGender[p.Entry.Gender]++
				r.Rows[i].Total++
			}
		}
	}
	return r
}

// Row returns the report's row of an indicator code, nil when there is
// none.
func (r *ESFReport) Row(code string) *ESFRow {
	for i := range r.Rows {
		if r.Rows[i].Code == code {
			return &r.Rows[i]
		}
	}
	return nil
}

// SmallNumber is the least figure the public results show: a figure under
// it reads "fewer than 5", so that nobody can be singled out.
const SmallNumber = 5

// PublicFigure is a figure as the public results show it: the number, or
// Fewer when it is under SmallNumber (and then N is 0).
type PublicFigure struct {
	N     int  `json:"n"`
	Fewer bool `json:"fewer_than_5"`
}

// Public returns n as the public may see it.
func Public(n int) PublicFigure {
	if n < SmallNumber {
		return PublicFigure{Fewer: true}
	}
	return PublicFigure{N: n}
}

// Validate returns what is wrong with p at now. An entry may be saved
// incomplete (Missing lists what it lacks, and the report lists it to be
// completed), but what is given must be one of its values, days may not be
// in the future, an exit not before the entry, the six-month check not
// before the exit.
func (p *ESFParticipant) Validate(now time.Time) Problems {
	var pr Problems
	if p.CaseID == 0 {
		pr.Add("case", ProblemRequired)
	}
	checkRange(&pr, "member", p.Member, 1, MaxHousehold)
	e := p.Entry
	oneOf := func(field, v string, values ...string) {
		if v != "" && !slices.Contains(values, v) {
			pr.Add(field, ProblemNotInList)
		}
	}
	oneOf("gender", e.Gender, Genders...)
	oneOf("labour", e.Labour, LabourUnemployed, LabourInactive, LabourEmployed)
	oneOf("education", e.Education, ISCED02, ISCED34, ISCED58)
	oneOf("nationality", e.Nationality, NationalityEU, NationalityThirdCountry, NationalityStateless)
	for _, q := range []struct{ field, v string }{
		{"foreign_background", e.ForeignBackground}, {"disability", e.Disability},
		{"minority", e.Minority}, {"housing_exclusion", e.HousingExclusion},
	} {
		oneOf(q.field, q.v, AnswerYes, AnswerNo, AnswerDeclined)
	}
	notFuture := func(field string, t time.Time) {
		if !t.IsZero() && Day(t).After(Day(now)) {
			pr.Add(field, ProblemDateFuture)
		}
	}
	notFuture("on", e.On)
	notFuture("birth_date", e.BirthDate)
	notFuture("unemployed_since", e.UnemployedSince)
	checkNotBefore(&pr, "on", e.On, e.BirthDate, "birth_date")
	if p.Exit != nil {
		checkDone(&pr, "exit.on", p.Exit.On, now)
		checkNotBefore(&pr, "exit.on", p.Exit.On, e.On, "on")
	}
	if p.Later != nil {
		if p.Exit == nil {
			pr.Add("later.on", ProblemDateOrder, "exit.on")
		} else {
			checkDone(&pr, "later.on", p.Later.On, now)
			checkNotBefore(&pr, "later.on", p.Later.On, p.Exit.On, "exit.on")
		}
	}
	return pr
}

// ESFService keeps the participants' ESF data, sealed: it holds special
// categories of personal data (GDPR art. 9), shown only to roles that need
// them (CanSeeESF), and leaves the portal only as a report's aggregates.
type ESFService interface {
	// SaveESF stores p, replacing what its case's member had, and sets
	// its ID, with an audit entry by staff account by. EINVALID when
	// Validate finds a problem, ENOTFOUND for a missing case or an
	// erased record.
	SaveESF(ctx context.Context, p *ESFParticipant, by int64, now time.Time) error
	// FindESF lists a case's participants by member, with an audit entry
	// of the view by staff account by.
	FindESF(ctx context.Context, caseID, by int64, now time.Time) ([]*ESFParticipant, error)
	// ESFReport counts the participants of records not erased for the
	// period [from, to) (NewESFReport), with an audit entry of the
	// export by staff account by. EINVALID when ValidatePeriod finds a
	// problem.
	ESFReport(ctx context.Context, from, to time.Time, by int64, now time.Time) (*ESFReport, error)
}

// CanSeeSensitive reports whether staff account s may see and record the
// special categories of a participant's ESF data (disability, minority,
// foreign background): coordinators and admins, who report them. A
// technician records the other items of the cases assigned to them.
func (s *Staff) CanSeeSensitive() bool {
	return s.Role == RoleAdmin || s.Role == RoleCoordinator
}

// Sensitive reports whether an ESF entry field (as Missing names it) is a
// special category of personal data.
func Sensitive(field string) bool {
	return field == "foreign_background" || field == "disability" || field == "minority"
}

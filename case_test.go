package senderos_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	senderos "github.com/cepaim/senderos"
)

// day returns midnight UTC of a day, for fixtures.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// now is the fixtures' present: 15 March 2027, mid-morning.
var now = time.Date(2027, time.March, 15, 10, 30, 0, 0, time.UTC)

// codes writes p as "field:code" pairs, which tests compare whole so that
// they say which rule fired and that no other did.
func codes(p senderos.Problems) []string {
	out := make([]string, len(p))
	for i, q := range p {
		out[i] = q.Field + ":" + q.Code
	}
	return out
}

// checkProblems fails t unless got are exactly the problems want.
func checkProblems(t *testing.T, got senderos.Problems, want ...string) {
	t.Helper()
	if c := codes(got); !slices.Equal(c, want) && (len(c) > 0 || len(want) > 0) {
		t.Errorf("problems %q, want %q", c, want)
	}
}

// openCase is a case opened on 1 February 2027.
func openCase() *senderos.Case {
	return &senderos.Case{ID: 7, SubmissionID: 70, Reference: "NS-TEST-0001", AssigneeID: 3, OpenedAt: day(2027, time.February, 1).Add(9 * time.Hour)}
}

func validInterview() senderos.Interview {
	return senderos.Interview{
		At:             day(2027, time.February, 1),
		Work:           []senderos.Work{{Sector: "care", Years: 4, Skills: "Cuidado de personas mayores\nCocina"}, {Sector: "agriculture", Years: 2}},
		TrainingWanted: "Carné de manipulador de alimentos",
		Languages:      []string{"ar", "fr"},
		SpanishLevel:   "basic",
		WorkPermit:     true,
		Expectations:   "Una casa con patio",
		Worries:        "El transporte al instituto",
	}
}

func TestInterviewValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(iv *senderos.Interview)
		want []string
	}{
		{"Valid", func(iv *senderos.Interview) {}, nil},
		{"ValidWithNothingOptional", func(iv *senderos.Interview) {
			*iv = senderos.Interview{At: iv.At, SpanishLevel: "none"}
		}, nil},
		{"ErrDateRequired", func(iv *senderos.Interview) { iv.At = time.Time{} }, []string{"interview_at:required"}},
		{"ErrDateInTheFuture", func(iv *senderos.Interview) { iv.At = day(2027, time.March, 16) }, []string{"interview_at:date_future"}},
		{"TodayIsNotTheFuture", func(iv *senderos.Interview) { iv.At = now.Add(10 * time.Hour) }, nil},
		{"ErrSectorNotInList", func(iv *senderos.Interview) { iv.Work[0].Sector = "mining" }, []string{"work.0.sector:not_in_list"}},
		{"ErrSectorRequired", func(iv *senderos.Interview) { iv.Work[1].Sector = "" }, []string{"work.1.sector:required"}},
		{"ErrSectorTwice", func(iv *senderos.Interview) { iv.Work[1].Sector = "care" }, []string{"work.1.sector:duplicate"}},
		{"ErrYearsOutOfRange", func(iv *senderos.Interview) { iv.Work[0].Years = -1 }, []string{"work.0.years:out_of_range"}},
		{"ErrSkillsControlCharacter", func(iv *senderos.Interview) { iv.Work[0].Skills = "A\u0007B" }, []string{"work.0.skills:bad_text"}},
		{"ErrSkillsInvisible", func(iv *senderos.Interview) { iv.Work[0].Skills = "\u200b\u200b" }, []string{"work.0.skills:invisible_text"}},
		{"ErrTooManySectors", func(iv *senderos.Interview) {
			iv.Work = nil
			for _, s := range slices.Concat(senderos.Sectors, []string{"other"}) {
				iv.Work = append(iv.Work, senderos.Work{Sector: s})
			}
		}, []string{"work:too_many_items"}},
		{"ErrTrainingTooLong", func(iv *senderos.Interview) { iv.TrainingWanted = strings.Repeat("a", senderos.MaxLongText+1) }, []string{"training_wanted:too_long"}},
		{"LongTextCountsCharactersNotBytes", func(iv *senderos.Interview) { iv.Worries = strings.Repeat("ع", senderos.MaxLongText) }, nil},
		{"ErrLanguageNotACode", func(iv *senderos.Interview) { iv.Languages = []string{"ar", "Arabic"} }, []string{"languages:not_in_list"}},
		{"ErrTooManyLanguages", func(iv *senderos.Interview) {
			iv.Languages = strings.Fields("aa bb cc dd ee ff gg hh ii jj kk")
		}, []string{"languages:too_many_items"}},
		{"ErrSpanishLevelRequired", func(iv *senderos.Interview) { iv.SpanishLevel = "" }, []string{"spanish_level:required"}},
		{"ErrSpanishLevelNotInList", func(iv *senderos.Interview) { iv.SpanishLevel = "B1" }, []string{"spanish_level:not_in_list"}},
		{"ErrExpectationsBadText", func(iv *senderos.Interview) { iv.Expectations = "\xff" }, []string{"expectations:bad_text"}},
		{"ErrWorriesTooLong", func(iv *senderos.Interview) { iv.Worries = strings.Repeat("a", senderos.MaxLongText+1) }, []string{"worries:too_long"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			iv := validInterview()
			tt.edit(&iv)
			checkProblems(t, iv.Validate(now), tt.want...)
		})
	}
}

func TestValidateHousehold(t *testing.T) {
	valid := func() []senderos.Member {
		return []senderos.Member{{Name: "Amina", Age: 38}, {Name: "Y.", Age: 9, Stage: "primary"}}
	}
	for _, tt := range []struct {
		name string
		edit func(m []senderos.Member) []senderos.Member
		want []string
	}{
		{"Valid", func(m []senderos.Member) []senderos.Member { return m }, nil},
		{"NobodyIsValid", func([]senderos.Member) []senderos.Member { return nil }, nil},
		{"ErrNameRequired", func(m []senderos.Member) []senderos.Member { m[1].Name = ""; return m }, []string{"household.1.name:required"}},
		{"ErrNameOnOneLine", func(m []senderos.Member) []senderos.Member { m[0].Name = "Amina\nB"; return m }, []string{"household.0.name:bad_text"}},
		{"ErrNameTooLong", func(m []senderos.Member) []senderos.Member {
			m[0].Name = strings.Repeat("a", senderos.MaxNameText+1)
			return m
		}, []string{"household.0.name:too_long"}},
		{"ErrAgeOutOfRange", func(m []senderos.Member) []senderos.Member { m[1].Age = -2; return m }, []string{"household.1.age:out_of_range"}},
		{"ErrStageNotInList", func(m []senderos.Member) []senderos.Member { m[1].Stage = "college"; return m }, []string{"household.1.stage:not_in_list"}},
		{"ErrTooMany", func(m []senderos.Member) []senderos.Member {
			for range senderos.MaxHousehold {
				m = append(m, senderos.Member{Name: "X", Age: 1})
			}
			return m
		}, []string{"household:too_many_items"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, senderos.ValidateHousehold(tt.edit(valid())), tt.want...)
		})
	}
}

func TestCanOpenCase(t *testing.T) {
	for _, tt := range []struct {
		name string
		sub  senderos.Submission
		want bool
	}{
		{"InterviewedFamily", senderos.Submission{Kind: senderos.KindInterest, Status: senderos.StatusInterviewed}, true},
		{"NotInterviewedYet", senderos.Submission{Kind: senderos.KindInterest, Status: senderos.StatusContacted}, false},
		{"Municipality", senderos.Submission{Kind: senderos.KindMunicipality, Status: senderos.StatusInterviewed}, false},
		{"Erased", senderos.Submission{Kind: senderos.KindInterest, Status: senderos.StatusInterviewed, BlockedAt: now}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := senderos.CanOpenCase(&tt.sub); got != tt.want {
				t.Errorf("CanOpenCase = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDay(t *testing.T) {
	madrid := time.FixedZone("CET", 3600)
	for _, tt := range []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"Zero", time.Time{}, time.Time{}},
		{"UTC", now, day(2027, time.March, 15)},
		{"DayOfItsOwnLocation", time.Date(2027, time.March, 16, 0, 30, 0, 0, madrid), day(2027, time.March, 16)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := senderos.Day(tt.in); !got.Equal(tt.want) {
				t.Errorf("Day(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestProblemsAreInvalid checks that Problems read as EINVALID errors and
// give their fields back through errors.As.
func TestProblemsAreInvalid(t *testing.T) {
	var p senderos.Problems
	if p.Err() != nil {
		t.Fatal("no problem is an error")
	}
	p.Add("target", senderos.ProblemRequired)
	err := error(p.Err())
	if code := senderos.ErrorCode(err); code != senderos.EINVALID {
		t.Errorf("ErrorCode = %q, want %q", code, senderos.EINVALID)
	}
	if senderos.ErrorMessage(err) == "Internal error." {
		t.Error("ErrorMessage is the internal one")
	}
	var got senderos.Problems
	if !errors.As(err, &got) || !got.Has("target") || got.Has("what") {
		t.Errorf("errors.As = %v", got)
	}
	if strings.Contains(err.Error(), "Amina") {
		t.Error("the error holds a value")
	}
}

// TestMaxWorkIsEverySector keeps the bound on an interview's work history
// at the number of sectors: each sector once.
func TestMaxWorkIsEverySector(t *testing.T) {
	if senderos.MaxWork != len(senderos.Sectors) {
		t.Errorf("MaxWork = %d, want %d sectors", senderos.MaxWork, len(senderos.Sectors))
	}
}

// TestTextsHoldWhatWasTyped checks that the Texts of each type of the
// itinerary give every free text and choice it holds to the text rule.
func TestTextsHoldWhatWasTyped(t *testing.T) {
	iv := validInterview()
	c := openCase()
	c.Interview, c.Household, c.Municipality = iv, []senderos.Member{{Name: "Amina", Stage: "primary"}}, "49001"
	r := validRevision()
	v := &senderos.Visit{Kind: "home", Place: "Plaza", Participants: []string{"Alcaldesa"}, Outcome: "Bien", NextSteps: "Volver"}
	f := &senderos.Feedback{Channel: "staff_call", Comment: "Gracias", GoodDecision: "yes"}
	k := validCheck()
	for _, tt := range []struct {
		name  string
		texts []string
		want  []string
	}{
		{"Case", c.Texts(), []string{c.Reference, "49001", iv.TrainingWanted, iv.SpanishLevel, iv.Expectations, iv.Worries, "ar", "care", iv.Work[0].Skills, "Amina", "primary"}},
		{"Revision", r.Texts(), []string{r.Why, r.Goals[0].What, r.Goals[0].Start, r.Goals[0].Target, r.Goals[0].Measure, r.Goals[1].Evidence, r.Tasks[0].What, "family", "spanish"}},
		{"Visit", v.Texts(), []string{"home", "Plaza", "Alcaldesa", "Bien", "Volver"}},
		{"Feedback", f.Texts(), []string{"staff_call", "Gracias", "yes"}},
		{"Check", k.Texts(), []string{k.Note, k.IntendsToStay, k.Neighbours}},
	} {
		for _, w := range tt.want {
			if !slices.Contains(tt.texts, w) {
				t.Errorf("%s: Texts lacks %q", tt.name, w)
			}
		}
	}
}

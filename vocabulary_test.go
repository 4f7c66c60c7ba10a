package senderos_test

import (
	"slices"
	"strings"
	"testing"

	senderos "github.com/cepaim/senderos"
	"github.com/cepaim/senderos/voice"
)

// TestVocabularyIsComplete checks every closed list: values unique and not
// empty, a label in each language, Arabic with Western digits.
func TestVocabularyIsComplete(t *testing.T) {
	names := map[string]bool{}
	for _, l := range senderos.Vocabulary {
		if l.Name == "" || names[l.Name] {
			t.Errorf("list name %q empty or twice", l.Name)
		}
		names[l.Name] = true
		seen := map[string]bool{}
		for _, term := range l.Terms {
			if term.Value == "" || seen[term.Value] {
				t.Errorf("%s: value %q empty or twice", l.Name, term.Value)
			}
			seen[term.Value] = true
			for _, lang := range senderos.Languages {
				if strings.TrimSpace(term.Label.In(lang)) == "" {
					t.Errorf("%s/%s: no label in %s", l.Name, term.Value, lang)
				}
			}
			if strings.ContainsAny(term.Label.AR, "٠١٢٣٤٥٦٧٨٩") {
				t.Errorf("%s/%s: Arabic label %q has Eastern Arabic digits", l.Name, term.Value, term.Label.AR)
			}
		}
	}
}

// TestStatusListsCoverTheWorkflow checks that each status a submission may
// reach has a label.
func TestStatusListsCoverTheWorkflow(t *testing.T) {
	for _, k := range []senderos.Kind{senderos.KindInterest, senderos.KindMunicipality} {
		all := append([]senderos.Status{senderos.StatusSuspected}, senderos.Statuses(k)...)
		for _, from := range all {
			for _, st := range append([]senderos.Status{from}, senderos.NextStatuses(k, from)...) {
				if _, ok := senderos.StatusLabel(k, st, "ar"); !ok {
					t.Errorf("%s: status %s has no label", k, st)
				}
			}
		}
	}
}

func TestListLabel(t *testing.T) {
	if got, ok := senderos.SectorList.Label("care", "en"); !ok || got != "Care work" {
		t.Errorf(`Label("care", "en") = %q, %v`, got, ok)
	}
	if got, ok := senderos.SectorList.Label("care", "xx"); !ok || got != "Cuidado de personas" {
		t.Errorf(`Label("care", "xx") = %q, %v; want Spanish`, got, ok)
	}
	if _, ok := senderos.SectorList.Label("mining", "es"); ok {
		t.Error(`Label("mining") found`)
	}
}

// TestVocabularyHoldsTheVoice runs the glossary's rules over every label:
// the forms' lists and the lists of the family's own page as on the
// families' pages, the statuses and the other itinerary lists as staff read
// them.
func TestVocabularyHoldsTheVoice(t *testing.T) {
	for _, l := range senderos.Vocabulary {
		family := slices.ContainsFunc(slices.Concat(senderos.FormLists, senderos.FamilyPageLists), func(f senderos.List) bool { return f.Name == l.Name })
		for _, term := range l.Terms {
			for _, lang := range senderos.Languages {
				for _, hit := range voice.Check(lang, family, term.Label.In(lang)) {
					t.Errorf("%s/%s in %s: %q breaks %s (%s)", l.Name, term.Value, lang, hit.Match, hit.Rule.Name, hit.Rule.Why)
				}
			}
		}
	}
}

// TestItineraryListsAreInTheVocabulary checks that every list of the
// itinerary is in the one vocabulary, and that the constants the domain
// uses are values of their lists.
func TestItineraryListsAreInTheVocabulary(t *testing.T) {
	for _, l := range senderos.ItineraryLists {
		if !slices.ContainsFunc(senderos.Vocabulary, func(v senderos.List) bool { return v.Name == l.Name }) {
			t.Errorf("list %s is not in Vocabulary", l.Name)
		}
	}
	for _, tt := range []struct {
		list   senderos.List
		values []string
	}{
		{senderos.PhaseList, []string{string(senderos.PhasePreparation), string(senderos.PhaseVillageVisit), string(senderos.PhaseMove), string(senderos.PhaseSettlingIn), string(senderos.PhaseFollowUp)}},
		{senderos.GoalStatusList, []string{senderos.GoalPlanned, senderos.GoalInProgress, senderos.GoalAchieved, senderos.GoalNotAchieved, senderos.GoalDropped}},
		{senderos.AgreementList, []string{senderos.AgreedInPerson, senderos.AgreedByPhone, senderos.AgreedSignedPaper}},
		{senderos.CheckAnswerList, []string{senderos.CheckOK, senderos.CheckProblem, senderos.CheckNotApplicable}},
		{senderos.IntendsToStayList, []string{senderos.AnswerYes, senderos.AnswerNotSure, senderos.AnswerNo}},
		{senderos.VisitKindList, []string{senderos.VisitExploratory, senderos.VisitHome, senderos.VisitMunicipality, senderos.VisitEmployer, senderos.VisitCommunity, senderos.VisitHostCheckIn}},
		{senderos.WarningKindList, []string{senderos.WarnFollowUpOverdue, senderos.WarnGoalOverdue, senderos.WarnMayLeave, senderos.WarnJobLost, senderos.WarnHousingProblem, senderos.WarnNoContact}},
		{senderos.FeedbackChannelList, []string{senderos.FeedbackFamilyPage, senderos.FeedbackStaffCall}},
	} {
		if got := tt.list.Values(); !slices.Equal(got, tt.values) {
			t.Errorf("%s: values %q, want the constants %q", tt.list.Name, got, tt.values)
		}
	}
}

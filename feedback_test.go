package senderos_test

import (
	"strings"
	"testing"

	senderos "github.com/cepaim/senderos"
)

func TestFeedbackValidate(t *testing.T) {
	valid := func() *senderos.Feedback {
		return &senderos.Feedback{CaseID: 7, At: now, Channel: senderos.FeedbackFamilyPage,
			Support: 5, Information: 4, Training: 3, Village: 5, Comment: "Estamos contentos"}
	}
	for _, tt := range []struct {
		name string
		edit func(f *senderos.Feedback)
		want []string
	}{
		{"Valid", func(*senderos.Feedback) {}, nil},
		{"OneScoreIsEnough", func(f *senderos.Feedback) { *f = senderos.Feedback{Channel: senderos.FeedbackStaffCall, Village: 1} }, nil},
		{"ACommentIsEnough", func(f *senderos.Feedback) {
			*f = senderos.Feedback{Channel: senderos.FeedbackFamilyPage, Comment: "Gracias"}
		}, nil},
		{"TheDecisionAnswerIsEnough", func(f *senderos.Feedback) {
			*f = senderos.Feedback{Channel: senderos.FeedbackStaffCall, Month: 6, GoodDecision: senderos.AnswerNotSure}
		}, nil},
		{"ErrNothingSaid", func(f *senderos.Feedback) { *f = senderos.Feedback{Channel: senderos.FeedbackFamilyPage} }, []string{"feedback:required"}},
		{"ErrScoreAboveFive", func(f *senderos.Feedback) { f.Support = 6 }, []string{"support:out_of_range"}},
		{"ErrScoreNegative", func(f *senderos.Feedback) { f.Training = -1 }, []string{"training:out_of_range"}},
		{"ErrChannelRequired", func(f *senderos.Feedback) { f.Channel = "" }, []string{"channel:required"}},
		{"ErrChannelNotInList", func(f *senderos.Feedback) { f.Channel = "whatsapp" }, []string{"channel:not_in_list"}},
		{"ErrCommentTooLong", func(f *senderos.Feedback) { f.Comment = strings.Repeat("a", senderos.MaxLongText+1) }, []string{"comment:too_long"}},
		{"ErrCommentBadText", func(f *senderos.Feedback) { f.Comment = "\ufffd" }, []string{"comment:bad_text"}},
		{"ErrDecisionMonthNotAsked", func(f *senderos.Feedback) { f.Month, f.GoodDecision = 3, senderos.AnswerYes }, []string{"month:not_in_list"}},
		{"ErrDecisionWithoutMonth", func(f *senderos.Feedback) { f.GoodDecision = senderos.AnswerYes }, []string{"month:required"}},
		{"ErrMonthWithoutDecision", func(f *senderos.Feedback) { f.Month = 12 }, []string{"good_decision:required"}},
		{"ErrDecisionNotInList", func(f *senderos.Feedback) { f.Month, f.GoodDecision = 1, "great" }, []string{"good_decision:not_in_list"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := valid()
			tt.edit(f)
			checkProblems(t, f.Validate(), tt.want...)
		})
	}
}

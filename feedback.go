package senderos

import (
	"slices"
	"time"
)

// Feedback channels: how a family's feedback reached the programme.
const (
	FeedbackFamilyPage = "family_page" // the family sent it from its own page
	FeedbackStaffCall  = "staff_call"  // staff wrote it down on a call
)

// Feedback is what a family tells the programme about how it is going, at
// any time: how satisfied it is, from 1 to 5, with the support, the
// information, the training and the village (0: not answered), and anything
// it wants to say. At the follow-ups of DecisionMonths it also answers
// whether moving was a good decision.
type Feedback struct {
	ID          int64
	CaseID      int64
	At          time.Time
	Channel     string // one of FeedbackChannelList
	By          int64  // the staff account on a call; 0 from the family's page
	Support     int
	Information int
	Training    int
	Village     int
	Comment     string
	// Month is the follow-up month whose question GoodDecision answers
	// (one of DecisionMonths); 0 for feedback without it.
	Month        int
	GoodDecision string // one of IntendsToStayList, or ""
}

// The bounds of a satisfaction score.
const (
	MinSatisfaction = 1
	MaxSatisfaction = 5
)

// Validate returns what is wrong with f: a score out of 1 to 5, nothing
// said at all (no score, no comment, no answer), an unknown channel, the
// decision question outside its months.
func (f *Feedback) Validate() Problems {
	var p Problems
	checkOneOf(&p, "channel", f.Channel, true, FeedbackChannelList)
	for _, s := range []struct {
		field string
		v     int
	}{{"support", f.Support}, {"information", f.Information}, {"training", f.Training}, {"village", f.Village}} {
		if s.v != 0 {
			checkRange(&p, s.field, s.v, MinSatisfaction, MaxSatisfaction)
		}
	}
	checkText(&p, "comment", f.Comment, true, false, MaxLongText)
	if f.Month != 0 && !slices.Contains(DecisionMonths, f.Month) {
		p.Add("month", ProblemNotInList)
	}
	if checkOneOf(&p, "good_decision", f.GoodDecision, f.Month != 0, IntendsToStayList) && f.Month == 0 {
		p.Add("month", ProblemRequired)
	}
	if f.Support == 0 && f.Information == 0 && f.Training == 0 && f.Village == 0 && f.Comment == "" && f.GoodDecision == "" {
		p.Add("feedback", ProblemRequired)
	}
	return p
}

// Texts returns every text f holds, for checks that apply to them all (see
// ValidText).
func (f *Feedback) Texts() []string {
	return []string{f.Channel, f.Comment, f.GoodDecision}
}

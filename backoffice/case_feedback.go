package backoffice

import (
	"net/http"
	"strconv"

	"github.com/cepaim/senderos"
)

// The case page's form for the family's feedback that staff write down on
// a call: the satisfaction scores, a comment, and the answer to "was
// moving a good decision?" at a follow-up that asks it.

// problemNothingSaid is the feedback form's problem when it holds no
// score, no comment and no answer.
const problemNothingSaid = "nothing_said"

// scoreOptions are the choices of a satisfaction scale, 1 to 5.
func scoreOptions() []option {
	var out []option
	for n := senderos.MinSatisfaction; n <= senderos.MaxSatisfaction; n++ {
		out = append(out, option{Value: strconv.Itoa(n), Label: strconv.Itoa(n)})
	}
	return out
}

// decisionMonthOptions are the follow-ups that ask whether moving was a
// good decision.
func decisionMonthOptions(lang string) []option {
	out := make([]option, 0, len(senderos.DecisionMonths))
	for _, m := range senderos.DecisionMonths {
		out = append(out, option{Value: strconv.Itoa(m), Label: staffTextN(lang, "case.followup.month", m)})
	}
	return out
}

// handleFeedback records the family's feedback given on a call.
func (s *Server) handleFeedback(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	v := r.PostForm
	var p senderos.Problems
	f := &senderos.Feedback{CaseID: c.ID, At: s.Now(), Channel: senderos.FeedbackStaffCall, By: staffFrom(r.Context()).ID,
		Support: formInt(&p, v, "support"), Information: formInt(&p, v, "information"),
		Training: formInt(&p, v, "training"), Village: formInt(&p, v, "village"),
		Comment: formText(v, "comment"), Month: formInt(&p, v, "month"), GoodDecision: v.Get("good_decision")}
	err := p.Err()
	if err == nil {
		err = s.Families.AddFeedback(r.Context(), f)
	}
	if err != nil {
		s.caseFailed(w, r, c, "feedback", err, s.redrawCase(w, r, c, "feedback", feedbackProblems(err)))
		return
	}
	s.caseChanged(w, r, c, "feedback "+strconv.FormatInt(f.ID, 10)+" added", "case.flash.feedback")
}

// feedbackProblems words the domain's "nothing said" (on the feedback as a
// whole) as a problem of the form's scores; other problems and errors are
// returned as they are.
func feedbackProblems(err error) error {
	p, ok := err.(senderos.Problems)
	if !ok {
		return err
	}
	out := make(senderos.Problems, len(p))
	for i, q := range p {
		if q.Field == "feedback" {
			q.Field, q.Code, q.Args = "scores", problemNothingSaid, nil
		}
		out[i] = q
	}
	return out
}

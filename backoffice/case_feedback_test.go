package backoffice

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
)

// TestFeedbackFromACall records the family's feedback from a call on the
// case page, on both engines: saved with the staff-call channel and shown
// with it; bad input shows its problem next to the field and saves
// nothing; another technician and a form without the token are refused.
func TestFeedbackFromACall(t *testing.T) {
	for engine, configure := range staffEngines {
		t.Run(engine, func(t *testing.T) {
			e := newCaseEnv(t, configure(t))
			path := e.openCase()
			caseID, _ := strconv.ParseInt(strings.TrimPrefix(path, "/staff/cases/"), 10, 64)
			saved := func() []*senderos.Feedback {
				t.Helper()
				fbs, err := e.svc.Families.FindFeedback(t.Context(), caseID)
				if err != nil {
					t.Fatal(err)
				}
				return fbs
			}
			_, body := e.tech.b.get(path)
			wantIn(t, "case page", body, `action="`+path+`/feedback"`, `name="support"`, `name="good_decision"`, `name="csrf"`)

			for _, c := range []struct {
				name, problem string
				kv            []string
			}{
				{"ErrNothingSaid", "scores", nil},
				{"ErrScoreOutOfRange", "support", []string{"support", "7", "comment", "Muy contentos"}},
				{"ErrScoreNotANumber", "village", []string{"village", "cinco"}},
				{"ErrDecisionWithoutMonth", "month", []string{"good_decision", "yes"}},
				{"ErrMonthWithoutDecision", "good_decision", []string{"month", "6", "training", "3"}},
				{"ErrMonthNotAsked", "month", []string{"month", "3", "good_decision", "no"}},
			} {
				t.Run(c.name, func(t *testing.T) {
					res, body := e.tech.post(path+"/feedback", c.kv...)
					wantStatus(t, res, http.StatusUnprocessableEntity, body)
					wantIn(t, "case page", body, `id="`+c.problem+`-problem"`, `href="#`+c.problem+`"`)
					if len(c.kv) > 1 && c.kv[0] == "support" {
						wantIn(t, "case page", body, ">Muy contentos</textarea>")
					}
					if fbs := saved(); len(fbs) != 0 {
						t.Errorf("saved %+v", fbs[0])
					}
				})
			}
			t.Run("OnlyTheAssignedTechnician", func(t *testing.T) {
				res, body := e.other.post(path+"/feedback", "support", "5")
				wantStatus(t, res, http.StatusNotFound, body)
				res, body = e.tech.b.post(path+"/feedback", url.Values{"csrf": {"wrong"}, "support": {"5"}})
				wantStatus(t, res, http.StatusForbidden, body)
				if fbs := saved(); len(fbs) != 0 {
					t.Errorf("saved %+v", fbs[0])
				}
			})

			res, body := e.tech.post(path+"/feedback", "support", "5", "information", "4", "training", "", "village", "3",
				"month", "1", "good_decision", "not_sure", "comment", "El invierno se hace largo")
			wantRedirect(t, res, path)
			fbs := saved()
			if len(fbs) != 1 {
				t.Fatalf("feedback: %d", len(fbs))
			}
			f := fbs[0]
			if f.Channel != senderos.FeedbackStaffCall || f.By != e.tech.ID || f.Support != 5 || f.Information != 4 ||
				f.Training != 0 || f.Village != 3 || f.Month != 1 || f.GoodDecision != senderos.AnswerNotSure ||
				f.Comment != "El invierno se hace largo" {
				t.Errorf("feedback %+v", f)
			}
			a := e.audited(senderos.AuditCaseChange, e.fam.Reference)
			if len(a) == 0 || a[0].Detail != "feedback "+strconv.FormatInt(f.ID, 10)+" added" || a[0].StaffID != e.tech.ID {
				t.Errorf("audit %+v", a)
			}
			_, body = e.tech.b.get(path)
			wantIn(t, "case page", body, staffText("en", "case.flash.feedback"), staffText("en", "case.feedback.staff_call"),
				"El invierno se hace largo", "5/5", staffText("en", "case.stay.not_sure"))
		})
	}
}

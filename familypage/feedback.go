package familypage

import (
	"crypto/hmac"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// maxFeedbackBytes bounds a posted feedback form: four scores, an answer
// and a comment of senderos.MaxLongText characters, with room to spare.
const maxFeedbackBytes = 32 << 10

// feedbackInput is the feedback form as the family sent it.
type feedbackInput struct {
	Support, Information, Training, Village string
	GoodDecision                            string
	Comment                                 string
}

// Score reports whether the form's answer to question field is n, to keep
// what the family chose when the form comes back with a problem.
func (in feedbackInput) Score(field string, n int) bool {
	return in.value(field) == strconv.Itoa(n)
}

func (in feedbackInput) value(field string) string {
	switch field {
	case "support":
		return in.Support
	case "information":
		return in.Information
	case "training":
		return in.Training
	case "village":
		return in.Village
	case "good_decision":
		return in.GoodDecision
	}
	return ""
}

// Questions are the satisfaction questions, in the form's order.
func (p *page) Questions() []string {
	return []string{"support", "information", "training", "village"}
}

// formToken returns the feedback form's token for the link whose token
// hashes to hash: only a page opened with that link can post to it.
func (s *Server) formToken(hash string) string {
	return base64.RawURLEncoding.EncodeToString(web.Sign(s.formKey, []byte("feedback:"+hash)))
}

// score reads a score: "" is no answer (0), anything but 1 to 5 a problem
// (-1, which senderos.Feedback.Validate refuses).
func score(v string) int {
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < senderos.MinSatisfaction || n > senderos.MaxSatisfaction {
		return -1
	}
	return n
}

// messages are the family's words for each field's problems.
var messages = map[string]string{
	"support": "familypage.err_score", "information": "familypage.err_score",
	"training": "familypage.err_score", "village": "familypage.err_score",
	"comment": "familypage.err_comment", "feedback": "familypage.err_empty",
	"good_decision": "familypage.err_decision", "month": "familypage.err_decision",
}

// handleFeedback stores what the family sent and shows the page again with
// a thank-you (Post/Redirect/Get), or with the problems next to their
// fields and nothing saved.
func (s *Server) handleFeedback(w http.ResponseWriter, r *http.Request) {
	c, hash := s.open(w, r)
	if c == nil {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFeedbackBytes)
	parseErr := r.ParseForm()
	lang, _ := web.SiteLanguage(r.PostFormValue("lang"))
	p := newPage(r, s.language(r, c, lang))
	if err := s.build(r, c, p); err != nil {
		s.internal(w, r, err)
		return
	}
	p.CSRF = s.formToken(hash)
	in := feedbackInput{
		Support: r.PostFormValue("support"), Information: r.PostFormValue("information"),
		Training: r.PostFormValue("training"), Village: r.PostFormValue("village"),
		GoodDecision: r.PostFormValue("good_decision"),
		Comment:      strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("comment"), "\r\n", "\n")),
	}
	p.Form = in
	if parseErr != nil || !hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(p.CSRF)) {
		p.Failed = p.T("familypage.err_form")
		s.render(w, r, http.StatusBadRequest, "page", p)
		return
	}
	f := &senderos.Feedback{
		CaseID: c.ID, At: s.now(), Channel: senderos.FeedbackFamilyPage,
		Support: score(in.Support), Information: score(in.Information),
		Training: score(in.Training), Village: score(in.Village),
		Comment: in.Comment, GoodDecision: in.GoodDecision,
	}
	if in.GoodDecision != "" {
		// The month is the one the page asks about, never one the form says.
		f.Month = p.Decision
	}
	problems := f.Validate()
	if len(problems) == 0 {
		err := s.family.AddFeedback(r.Context(), f)
		if !errors.As(err, &problems) && err != nil {
			s.internal(w, r, err)
			return
		}
	}
	if len(problems) > 0 {
		p.Problems = map[string]string{}
		for _, q := range problems {
			field := q.Field
			if field == "month" {
				field = "good_decision"
			}
			key, ok := messages[q.Field]
			if !ok {
				field, key = "feedback", "familypage.err_form"
			}
			if _, ok := p.Problems[field]; !ok {
				p.Problems[field] = p.T(key)
			}
		}
		s.render(w, r, http.StatusUnprocessableEntity, "page", p)
		return
	}
	s.audit(r, &senderos.AuditEntry{Actor: "family link", Action: senderos.AuditFamilyPage,
		Target: c.Reference, Outcome: senderos.OutcomeOK, Detail: "feedback sent"})
	q := url.Values{"lang": {p.Lang}, "sent": {"1"}}
	http.Redirect(w, r, r.URL.Path+"?"+q.Encode()+"#thanks", http.StatusSeeOther)
}

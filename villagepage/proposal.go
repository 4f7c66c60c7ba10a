package villagepage

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/cepaim/senderos"
)

// proposalView is a proposal for the village as the municipality sees it:
// the family's reference (never its name), the job and the home, the
// deadline, and the municipality's answer once given.
type proposalView struct {
	ID        int64
	Reference string
	Job       *senderos.Job
	Home      *senderos.Home
	Deadline  time.Time
	Status    string
	Open      bool               // the municipality may still answer
	Answer    *senderos.Response // the municipality's answer; nil before it gives one
}

// answerInput is the answer form as sent.
type answerInput struct {
	Reason, Note string
}

// proposals returns the proposals for the village that wait for answers
// or that the municipality answered, newest first.
func (s *Server) proposals(r *http.Request, code string) ([]*proposalView, error) {
	ctx := r.Context()
	ps, err := s.matches.FindProposals(ctx, senderos.ProposalFilter{Municipality: code})
	if err != nil {
		return nil, err
	}
	var out []*proposalView
	for _, p := range ps {
		ans := p.Answer(senderos.PartyMunicipality)
		if p.Status != senderos.ProposalPending && ans == nil {
			continue
		}
		v := &proposalView{ID: p.ID, Reference: p.Reference, Deadline: p.Deadline, Status: p.Status,
			Answer: ans, Open: ans == nil && p.Open(s.now())}
		if v.Job, err = s.offers.FindJob(ctx, p.JobID); err != nil {
			return nil, err
		}
		if v.Home, err = s.offers.FindHome(ctx, p.HomeID); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// answerMessages are the page's words for each problem of an answer.
var answerMessages = map[string]string{
	"reason":   "villagepage.err_reason",
	"note":     "villagepage.err_note",
	"party":    "villagepage.err_answered",
	"proposal": "villagepage.err_closed",
}

// handleAnswer records the municipality's answer to a proposal for its
// village.
func (s *Server) handleAnswer(w http.ResponseWriter, r *http.Request) {
	p, code := s.posted(w, r, "answer")
	if p == nil {
		return
	}
	accept := r.PostFormValue("answer") == "accept"
	in := answerInput{Reason: r.PostFormValue("reason"),
		Note: strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("note"), "\r\n", "\n"))}
	p.AnswerIn = in
	prop, err := s.matches.FindProposal(r.Context(), p.FormID)
	if err != nil && senderos.ErrorCode(err) != senderos.ENOTFOUND {
		s.internal(w, r, err)
		return
	}
	if err != nil || prop.Municipality != code {
		// Another village's proposal is none of this page's business.
		p.Failed = p.T("villagepage.err_not_ours")
		s.answer(w, r, code, p, http.StatusNotFound)
		return
	}
	if !accept && r.PostFormValue("answer") != "decline" {
		p.Failed = p.T("villagepage.err_form")
		s.answer(w, r, code, p, http.StatusBadRequest)
		return
	}
	resp := senderos.Response{Party: senderos.PartyMunicipality, Accept: accept, Note: in.Note, Via: senderos.ViaVillageLink}
	if !accept {
		resp.Reason = in.Reason
	}
	_, err = s.matches.Respond(r.Context(), prop.ID, resp, s.now())
	var problems senderos.Problems
	if errors.As(err, &problems) {
		p.Problems = map[string]string{}
		for _, q := range problems {
			field, key := q.Field, answerMessages[q.Field]
			if key == "" {
				field, key = "proposal", "villagepage.err_form"
			}
			if q.Field == "proposal" && q.Code == senderos.ProblemDeadline {
				key = "villagepage.err_deadline"
			}
			if field == "party" {
				field = "proposal"
			}
			if _, ok := p.Problems[field]; !ok || q.Field == "party" {
				p.Problems[field] = p.T(key)
			}
		}
		s.audit(r, &senderos.AuditEntry{Actor: "village link", Action: senderos.AuditVillageAnswer,
			Target: prop.Reference, Outcome: senderos.OutcomeDenied, Detail: "answer refused"})
		s.answer(w, r, code, p, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	what, detail := "accept", "accepted"
	if !accept {
		what, detail = "decline", "declined: "+in.Reason
	}
	s.audit(r, &senderos.AuditEntry{Actor: "village link", Action: senderos.AuditVillageAnswer,
		Target: prop.Reference, Outcome: senderos.OutcomeOK, Detail: code + " " + detail})
	s.done(w, r, p, what, "proposals")
}

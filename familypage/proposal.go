package familypage

import (
	"crypto/hmac"
	"encoding/base64"
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
	"github.com/cepaim/senderos/texts"
)

// maxAnswerBytes bounds a posted answer: a reason and a note of
// senderos.MaxJobDescription characters, with room to spare.
const maxAnswerBytes = 32 << 10

// proposalView is what the family's page shows of a proposal the programme
// made it: the village, the job, the home, the host's kind, why it was
// suggested, the deadline, and the family's answer when it gave one.
type proposalView struct {
	ID       int64
	Village  string
	Job      *senderos.Job
	Home     *senderos.Home
	HostKind string   // a label; "" when the bundle has no host
	Reasons  []reason // each criterion's sentence, in the page's language
	Deadline time.Time
	Status   string
	Open     bool               // the family may still answer
	Answer   *senderos.Response // the family's answer; nil before it gives one
}

// reason is one criterion's part in why the programme suggests the bundle.
type reason struct {
	Criterion, Text string
}

// answerInput is the answer form as the family sent it.
type answerInput struct {
	Accept bool
	Reason string
	Note   string
}

// proposalFormToken returns the answer form's token for the link whose
// token hashes to hash.
func (s *Server) proposalFormToken(hash string) string {
	return base64.RawURLEncoding.EncodeToString(web.Sign(s.formKey, []byte("proposal:"+hash)))
}

// sentence words r in lang: a plural text takes its first argument as the
// count.
// Whole numbers come back from the store's JSON as float64; they are
// written as the whole numbers they were.
func sentence(lang string, r senderos.Reason) string {
	args := make([]any, len(r.Args))
	for i, a := range r.Args {
		if f, ok := a.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			a = int(f)
		}
		args[i] = a
	}
	// The engine's sentences are written for staff; where the family has
	// its own (familypage.score.*), the family reads that one.
	key := r.Key
	if own := "familypage." + strings.TrimPrefix(key, "match."); strings.HasPrefix(key, "match.") && texts.Has(own) {
		key = own
	}
	if texts.Plural(key) && len(args) > 0 {
		if n, ok := args[0].(int); ok {
			return texts.N(lang, key, n, args...)
		}
	}
	return texts.T(lang, key, args...)
}

// proposal returns the proposal the page shows for case c: the newest one
// that waits for answers, or that the family answered; nil for none, or
// when the page has no match service.
func (s *Server) proposal(r *http.Request, c *senderos.Case, lang string) (*proposalView, error) {
	if s.matches == nil {
		return nil, nil
	}
	ctx := r.Context()
	ps, err := s.matches.FindProposals(ctx, senderos.ProposalFilter{CaseID: c.ID})
	if err != nil {
		return nil, err
	}
	var p *senderos.Proposal
	for _, x := range ps {
		if x.Status == senderos.ProposalPending || x.Answer(senderos.PartyFamily) != nil {
			p = x
			break
		}
	}
	if p == nil {
		return nil, nil
	}
	v := &proposalView{ID: p.ID, Village: p.Municipality, Deadline: p.Deadline, Status: p.Status,
		Answer: p.Answer(senderos.PartyFamily)}
	v.Open = v.Answer == nil && p.Open(s.now())
	if vil, err := s.offers.FindVillage(ctx, p.Municipality); err == nil {
		v.Village = vil.Name
	} else if senderos.ErrorCode(err) != senderos.ENOTFOUND {
		return nil, err
	}
	if v.Job, err = s.offers.FindJob(ctx, p.JobID); err != nil {
		return nil, err
	}
	if v.Home, err = s.offers.FindHome(ctx, p.HomeID); err != nil {
		return nil, err
	}
	if p.HostID != 0 {
		// Only the host's kind: its people's names are not the family's
		// to see before everyone has agreed.
		if h, err := s.submissions.FindSubmissionByID(ctx, p.HostID); err == nil && h.Host != nil {
			v.HostKind, _ = senderos.HostKindList.Label(h.Host.Kind, lang)
		} else if err != nil && senderos.ErrorCode(err) != senderos.ENOTFOUND {
			return nil, err
		}
	}
	for _, sc := range p.Fit.Scores {
		if sc.Weight == 0 || sc.Reason.Key == "" {
			continue
		}
		label, ok := senderos.CriterionList.Label(sc.Criterion, lang)
		if !ok {
			label = sc.Criterion
		}
		v.Reasons = append(v.Reasons, reason{Criterion: label, Text: sentence(lang, sc.Reason)})
	}
	return v, nil
}

// DeclineReasons are the reasons a family may give for saying no.
func (p *page) DeclineReasons() []string { return senderos.DeclineReasonList.Values() }

// ProposalLists gives the template the lists the proposal shows.
func (p *page) ProposalLists() map[string]senderos.List {
	return map[string]senderos.List{"sector": senderos.SectorList, "contract": senderos.ContractList,
		"reason": senderos.DeclineReasonList, "status": senderos.ProposalStatusList}
}

// N returns the plural text key for n in the page's language.
func (p *page) N(key string, n int, args ...any) string { return texts.N(p.Lang, key, n, args...) }

// answerMessages are the family's words for each problem of an answer.
var answerMessages = map[string]string{
	"reason":   "familypage.proposal.err_reason",
	"note":     "familypage.proposal.err_note",
	"party":    "familypage.proposal.err_answered",
	"proposal": "familypage.proposal.err_closed",
}

// handleAnswer records the family's answer to the proposal on its page and
// shows the page again with what was recorded (Post/Redirect/Get), or with
// the problems next to their fields and nothing changed.
func (s *Server) handleAnswer(w http.ResponseWriter, r *http.Request) {
	c, hash := s.open(w, r)
	if c == nil {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxAnswerBytes)
	parseErr := r.ParseForm()
	lang, _ := web.SiteLanguage(r.PostFormValue("lang"))
	p := newPage(r, s.language(r, c, lang))
	p.Path = strings.TrimSuffix(r.URL.Path, "/proposal")
	if err := s.build(r, c, p); err != nil {
		s.internal(w, r, err)
		return
	}
	p.CSRF = s.formToken(hash)
	p.ProposalCSRF = s.proposalFormToken(hash)
	in := answerInput{Accept: r.PostFormValue("answer") == "accept", Reason: r.PostFormValue("reason"),
		Note: strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("note"), "\r\n", "\n"))}
	p.Answer = in
	fail := func(status int, field, key string) {
		p.AnswerProblems = map[string]string{field: p.T(key)}
		s.render(w, r, status, "page", p)
	}
	if parseErr != nil || !hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(p.ProposalCSRF)) {
		fail(http.StatusBadRequest, "proposal", "familypage.err_form")
		return
	}
	id, _ := strconv.ParseInt(r.PostFormValue("proposal"), 10, 64)
	if p.Proposal == nil || p.Proposal.ID != id {
		// Not the proposal the page shows: withdrawn or replaced since.
		fail(http.StatusConflict, "proposal", "familypage.proposal.err_closed")
		return
	}
	if !in.Accept && r.PostFormValue("answer") != "decline" {
		fail(http.StatusUnprocessableEntity, "proposal", "familypage.err_form")
		return
	}
	resp := senderos.Response{Party: senderos.PartyFamily, Accept: in.Accept, Reason: in.Reason, Note: in.Note,
		Via: senderos.ViaFamilyPage}
	if in.Accept {
		resp.Reason = ""
	}
	_, err := s.matches.Respond(r.Context(), id, resp, s.now())
	var problems senderos.Problems
	if errors.As(err, &problems) {
		p.AnswerProblems = map[string]string{}
		for _, q := range problems {
			field, key := q.Field, answerMessages[q.Field]
			if key == "" {
				field, key = "proposal", "familypage.err_form"
			}
			if q.Field == "proposal" && q.Code == senderos.ProblemDeadline {
				key = "familypage.proposal.err_deadline"
			}
			if q.Field == "party" {
				field = "proposal"
			}
			if _, ok := p.AnswerProblems[field]; !ok || q.Field == "party" {
				p.AnswerProblems[field] = p.T(key)
			}
		}
		s.audit(r, &senderos.AuditEntry{Actor: "family link", Action: senderos.AuditFamilyPage,
			Target: c.Reference, Outcome: senderos.OutcomeDenied, Detail: "proposal answer refused"})
		s.render(w, r, http.StatusUnprocessableEntity, "page", p)
		return
	}
	if err != nil {
		if senderos.ErrorCode(err) == senderos.ENOTFOUND {
			fail(http.StatusConflict, "proposal", "familypage.proposal.err_closed")
			return
		}
		s.internal(w, r, err)
		return
	}
	detail := "proposal accepted"
	if !in.Accept {
		detail = "proposal declined: " + in.Reason
	}
	s.audit(r, &senderos.AuditEntry{Actor: "family link", Action: senderos.AuditFamilyPage,
		Target: c.Reference, Outcome: senderos.OutcomeOK, Detail: detail})
	q := url.Values{"lang": {p.Lang}, "answered": {"1"}}
	http.Redirect(w, r, p.Path+"?"+q.Encode()+"#proposal", http.StatusSeeOther)
}

package backoffice

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// The proposals' pages, under /staff/proposals: the list (pending first,
// filtered by status) and one proposal with its bundle, the reasons of its
// fit, its deadline and every party's answer, a form to record a party's
// answer (the employer's always by staff, the others' when given by
// phone), and a button to withdraw it.

// proposalRow is a line of a list of proposals.
type proposalRow struct {
	*senderos.Proposal
	Village, Status string
	Pending         bool
}

// proposalRows words proposals ps; pool names their villages (nil to
// look them up).
func (s *Server) proposalRows(r *http.Request, ps []*senderos.Proposal, pool *senderos.Pool) []proposalRow {
	lang := s.staffLang(r)
	names := map[string]string{}
	if pool != nil {
		for code, v := range pool.Villages {
			names[code] = v.Name
		}
	}
	out := make([]proposalRow, 0, len(ps))
	for _, p := range ps {
		name, ok := names[p.Municipality]
		if !ok {
			if v, err := s.Offers.FindVillage(r.Context(), p.Municipality); err == nil {
				name = v.Name
			} else {
				name = p.Municipality
			}
			names[p.Municipality] = name
		}
		out = append(out, proposalRow{Proposal: p, Village: name,
			Status: label(senderos.ProposalStatusList, p.Status, lang), Pending: p.Status == senderos.ProposalPending})
	}
	return out
}

// CaseProposals are a case's proposals for the case page (the partial
// "case-proposals"); nil when the back-office has no matching.
func (s *Server) caseProposals(r *http.Request, c *senderos.Case) []proposalRow {
	if s.Matches == nil || s.Offers == nil {
		return nil
	}
	ps, err := s.Matches.FindProposals(r.Context(), senderos.ProposalFilter{CaseID: c.ID})
	if err != nil {
		s.logger.Error("case proposals", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
		return nil
	}
	return s.proposalRows(r, ps, nil)
}

// proposalsData is the list of proposals.
type proposalsData struct {
	Rows     []proposalRow
	Statuses []option
	Status   string
}

func (s *Server) handleProposals(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), s.staffLang(r)
	st := staffFrom(ctx)
	status := r.URL.Query().Get("status")
	f := senderos.ProposalFilter{}
	if _, ok := senderos.ProposalStatusList.Label(status, lang); ok {
		f.Status = []string{status}
	} else {
		status = ""
	}
	ps, err := s.Matches.FindProposals(ctx, f)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	if !st.CanSeeAll() {
		// A technician sees the proposals of the cases assigned to it.
		var mine []*senderos.Proposal
		seen := map[int64]bool{}
		for _, p := range ps {
			ok, known := seen[p.CaseID]
			if !known && s.Cases != nil {
				c, err := s.Cases.FindCase(ctx, p.CaseID)
				ok = err == nil && c.AssigneeID == st.ID
				seen[p.CaseID] = ok
			}
			if ok {
				mine = append(mine, p)
			}
		}
		ps = mine
	}
	rows := s.proposalRows(r, ps, nil)
	// Pending first, newest first within each.
	var sorted []proposalRow
	for _, pending := range []bool{true, false} {
		for _, row := range rows {
			if row.Pending == pending {
				sorted = append(sorted, row)
			}
		}
	}
	d := proposalsData{Rows: sorted, Status: status, Statuses: markSelected(listChoices(lang, senderos.ProposalStatusList), status)}
	s.audit(r, senderos.AuditList, "proposals", senderos.OutcomeOK, status)
	s.renderStaff(w, r, http.StatusOK, "proposal_list", "matchpage.proposals.title", d)
}

// proposalData is one proposal's page.
type proposalData struct {
	P        *senderos.Proposal
	Status   string
	Village  string
	Job      string
	Home     string
	Host     string
	JobPath  string
	Scores   []scoreView
	Total    string
	Answers  []answerRow
	Open     bool // answers may still be recorded
	Form     *caseForm
	Parties  []option // who has not answered
	Reasons  []option
	CasePath string
}

type answerRow struct {
	Party, Answer, Reason, Note, Via, At string
	Answered, Accept                     bool
}

// loadProposal returns proposal {id} if the account may read its case,
// or answers 404.
func (s *Server) loadProposal(w http.ResponseWriter, r *http.Request) (*senderos.Proposal, bool) {
	lang := s.staffLang(r)
	notFound := recordError(senderos.ENOTFOUND, staffText(lang, "matchpage.proposal.not_found"))
	id, _ := strconv.ParseInt(mux.Vars(r)["id"], 10, 64)
	p, err := s.Matches.FindProposal(r.Context(), id)
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		s.staffError(w, r, notFound)
		return nil, false
	} else if err != nil {
		s.staffError(w, r, err)
		return nil, false
	}
	if st := staffFrom(r.Context()); !st.CanSeeAll() {
		var c *senderos.Case
		var err error = senderos.Errorf(senderos.ENOTFOUND, "no cases")
		if s.Cases != nil {
			c, err = s.Cases.FindCase(r.Context(), p.CaseID)
		}
		if err != nil || c.AssigneeID == 0 || c.AssigneeID != st.ID {
			s.audit(r, senderos.AuditDeniedView, p.Reference, senderos.OutcomeDenied, "case not assigned")
			s.staffError(w, r, notFound)
			return nil, false
		}
	}
	return p, true
}

func (s *Server) handleProposal(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProposal(w, r)
	if !ok {
		return
	}
	s.renderProposal(w, r, http.StatusOK, p, nil)
}

func (s *Server) renderProposal(w http.ResponseWriter, r *http.Request, status int, p *senderos.Proposal, f *caseForm) {
	ctx, lang, now := r.Context(), s.staffLang(r), s.Now()
	d := &proposalData{P: p, Status: label(senderos.ProposalStatusList, p.Status, lang), Open: p.Open(now),
		Scores: viewScores(lang, p.Fit), Total: points(p.Fit.Total), CasePath: casePath(p.CaseID),
		Reasons: listChoices(lang, senderos.DeclineReasonList)}
	if v, err := s.Offers.FindVillage(ctx, p.Municipality); err == nil {
		d.Village = v.Name
	} else {
		d.Village = p.Municipality
	}
	b := senderos.Bundle{}
	if j, err := s.Offers.FindJob(ctx, p.JobID); err == nil {
		b.Job = j
		d.JobPath = offerPath(j.Municipality, "jobs", j.ID)
	}
	if h, err := s.Offers.FindHome(ctx, p.HomeID); err == nil {
		b.Home = h
	}
	if p.HostID != 0 {
		b.Host = &senderos.Host{ID: p.HostID}
		if pool, err := s.Matches.MatchPool(ctx); err == nil {
			for _, h := range pool.Hosts {
				if h.ID == p.HostID {
					b.Host = h
				}
			}
		}
	}
	bv := viewBundle(lang, b)
	d.Job, d.Home, d.Host = bv.Job, bv.Home, bv.Host
	if d.Host == "" && p.HostID != 0 {
		d.Host = "#" + strconv.FormatInt(p.HostID, 10)
	}
	for _, party := range p.Parties() {
		row := answerRow{Party: label(senderos.PartyList, party, lang), Answer: staffText(lang, "matchpage.proposal.no_answer")}
		if a := p.Answer(party); a != nil {
			row.Answered, row.Accept, row.Note, row.At = true, a.Accept, a.Note, staffTime(a.At)
			row.Via = staffText(lang, "matchpage.via."+a.Via)
			if a.Accept {
				row.Answer = staffText(lang, "matchpage.proposal.accepts")
			} else {
				row.Answer = staffText(lang, "matchpage.proposal.declines")
				row.Reason = label(senderos.DeclineReasonList, a.Reason, lang)
			}
		} else {
			d.Parties = append(d.Parties, option{Value: party, Label: row.Party})
		}
		d.Answers = append(d.Answers, row)
	}
	if f == nil {
		v := url.Values{}
		if len(d.Parties) > 0 {
			v.Set("party", d.Parties[0].Value)
		}
		f = newOfferForm("answer", lang, v, nil)
	}
	d.Form = f
	if status == http.StatusOK {
		s.audit(r, senderos.AuditView, p.Reference, senderos.OutcomeOK, "proposal "+strconv.FormatInt(p.ID, 10))
	}
	s.renderStaff(w, r, status, "proposal_detail", "matchpage.proposal.title", d)
}

func (s *Server) handleAnswer(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProposal(w, r)
	if !ok {
		return
	}
	lang := s.staffLang(r)
	r.ParseForm()
	resp := senderos.Response{Party: formText(r.PostForm, "party"), Reason: formText(r.PostForm, "reason"),
		Note: formText(r.PostForm, "note"), Via: senderos.ViaStaff, By: staffFrom(r.Context()).ID}
	var pr senderos.Problems
	switch r.PostFormValue("answer") {
	case "accept":
		resp.Accept, resp.Reason = true, ""
	case "decline":
	default:
		pr.Add("answer", senderos.ProblemRequired)
	}
	err := pr.Err()
	if err == nil {
		// Checked on a copy first: the store checks again in its
		// transaction.
		cp := *p
		cp.Responses = append([]senderos.Response{}, p.Responses...)
		if _, err = cp.Respond(resp, s.Now()); err == nil {
			var np *senderos.Proposal
			if np, err = s.Matches.Respond(r.Context(), p.ID, resp, s.Now()); err == nil {
				p = np
			}
		}
	}
	switch senderos.ErrorCode(err) {
	case "":
	case senderos.EINVALID:
		s.audit(r, senderos.AuditChange, p.Reference, senderos.OutcomeFailed, "answer: invalid")
		f := newOfferForm("answer", lang, r.PostForm, err)
		s.renderProposal(w, r, http.StatusUnprocessableEntity, p, f)
		return
	case senderos.ECONFLICT:
		s.staffError(w, r, recordError(senderos.ECONFLICT, staffText(lang, "matchpage.proposal.conflict")))
		return
	default:
		s.staffError(w, r, err)
		return
	}
	if p.Status != senderos.ProposalPending {
		s.published(r)
	}
	s.setFlash(w, "matchpage.flash.answer_saved")
	http.Redirect(w, r, proposalPath(p.ID), http.StatusSeeOther)
}

func (s *Server) handleWithdrawProposal(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProposal(w, r)
	if !ok {
		return
	}
	err := s.Matches.WithdrawProposal(r.Context(), p.ID, staffFrom(r.Context()).ID, s.Now())
	if senderos.ErrorCode(err) == senderos.ECONFLICT {
		s.staffError(w, r, recordError(senderos.ECONFLICT, staffText(s.staffLang(r), "matchpage.proposal.conflict")))
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.published(r)
	s.setFlash(w, "matchpage.flash.withdrawn_proposal")
	http.Redirect(w, r, proposalPath(p.ID), http.StatusSeeOther)
}

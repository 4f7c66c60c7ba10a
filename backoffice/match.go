package backoffice

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// The matching pages suggest, and staff decide (GDPR art. 22): the best
// bundles for a family (/staff/cases/{id}/match), the best families for a
// job offer (/staff/jobs/{id}/match), a batch proposal across all offers
// (/staff/match/batch) and the criteria's weights (/staff/match/weights).
// Nothing is proposed without a person choosing it.

// suggestLimit is how many suggestions a page shows; excludedLimit how
// many excluded bundles or families it lists.
const (
	suggestLimit  = 10
	excludedLimit = 100
)

func (s *Server) registerMatchRoutes(r *mux.Router) {
	if s.Offers == nil || s.Villages == nil || s.Matches == nil {
		return
	}
	if s.Cases != nil {
		r.HandleFunc("/cases/{id:[0-9]+}/match", s.handleCaseMatch).Methods(http.MethodGet)
		r.HandleFunc("/cases/{id:[0-9]+}/match", s.handlePropose).Methods(http.MethodPost)
	}
	r.HandleFunc("/proposals", s.handleProposals).Methods(http.MethodGet)
	r.HandleFunc("/proposals/{id:[0-9]+}", s.handleProposal).Methods(http.MethodGet)
	r.HandleFunc("/proposals/{id:[0-9]+}/answer", s.handleAnswer).Methods(http.MethodPost)
	r.HandleFunc("/proposals/{id:[0-9]+}/withdraw", s.handleWithdrawProposal).Methods(http.MethodPost)

	co := r.NewRoute().Subrouter()
	co.Use(s.requireRole(senderos.RoleAdmin, senderos.RoleCoordinator))
	co.HandleFunc("/jobs/{id:[0-9]+}/match", s.handleJobMatch).Methods(http.MethodGet)
	co.HandleFunc("/match/batch", s.handleBatch).Methods(http.MethodGet)
	co.HandleFunc("/match/batch", s.handleBatchPropose).Methods(http.MethodPost)
	co.HandleFunc("/match/weights", s.handleWeights).Methods(http.MethodGet)
	co.HandleFunc("/match/weights", s.handleSaveWeights).Methods(http.MethodPost)
}

// caseMatchData is the page of a family's suggestions.
type caseMatchData struct {
	Case        *senderos.Case
	Base        string
	Waiting     bool // the family waits for a match (no pending or agreed proposal)
	Suggestions []fitView
	Excluded    []exclusionView
	More        int    // excluded bundles not listed
	Conflict    string // why the last proposal was refused
	Problems    *caseForm
	Proposals   []proposalRow
	MinDay      string
	MaxDay      string
}

// matchInputs loads what matching needs: the pool and the weights.
func (s *Server) matchInputs(r *http.Request) (*senderos.Pool, senderos.Weights, error) {
	pool, err := s.Matches.MatchPool(r.Context())
	if err != nil {
		return nil, nil, err
	}
	w, err := s.Matches.MatchWeights(r.Context())
	return pool, w, err
}

func (s *Server) defaultDeadline() string {
	return dateValue(s.Now().AddDate(0, 0, senderos.DefaultProposalDays))
}

func (s *Server) handleCaseMatch(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	s.renderCaseMatch(w, r, c, http.StatusOK, nil, "")
}

// renderCaseMatch draws case c's suggestions; failed is the proposal form
// sent with problems (its bundle and deadline problem), conflict the
// message of a proposal refused.
func (s *Server) renderCaseMatch(w http.ResponseWriter, r *http.Request, c *senderos.Case, status int, failed *fitView, conflict string) {
	ctx, lang, now := r.Context(), s.staffLang(r), s.Now()
	d := &caseMatchData{Case: c, Base: casePath(c.ID), Conflict: conflict,
		MinDay: dateValue(now.AddDate(0, 0, 1)), MaxDay: dateValue(now.AddDate(0, 0, senderos.MaxProposalDays))}
	cand, err := s.Matches.Candidate(ctx, c.ID)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	pool, wts, err := s.matchInputs(r)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	ps, err := s.Matches.FindProposals(ctx, senderos.ProposalFilter{CaseID: c.ID})
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	d.Waiting = true
	for _, p := range ps {
		if p.Status == senderos.ProposalPending || p.Status == senderos.ProposalAgreed {
			d.Waiting = false
		}
	}
	d.Proposals = s.proposalRows(r, ps, pool)
	sugg, excl := senderos.SuggestBundles(cand, pool, wts, now, suggestLimit)
	for _, sg := range sugg {
		v := viewFit(lang, cand, sg.Bundle, sg.Fit)
		v.Deadline = s.defaultDeadline()
		if failed != nil && failed.Bundle.Value == v.Bundle.Value {
			v.Deadline, v.Problem = failed.Deadline, failed.Problem
		}
		d.Suggestions = append(d.Suggestions, v)
	}
	for i, e := range excl {
		if i >= excludedLimit {
			d.More = len(excl) - i
			break
		}
		d.Excluded = append(d.Excluded, viewExcluded(lang, e))
	}
	if status == http.StatusOK {
		s.audit(r, senderos.AuditCaseView, c.Reference, senderos.OutcomeOK, "suggestions")
	}
	s.renderStaff(w, r, status, "match_case", "matchpage.case.title", d)
}

// handlePropose proposes the bundle chosen on a family's or an offer's
// suggestions, with the deadline given.
func (s *Server) handlePropose(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCase(w, r)
	if !ok {
		return
	}
	lang, now := s.staffLang(r), s.Now()
	job, home, host, ok := parseBundle(r.PostFormValue("bundle"))
	if !ok {
		s.staffError(w, r, web.LocalError(senderos.EBADREQUEST, staffText(lang, "matchpage.bad_bundle")))
		return
	}
	failed := &fitView{Deadline: r.PostFormValue("deadline")}
	failed.Bundle.Value = r.PostFormValue("bundle")
	var p senderos.Problems
	deadline := formDate(&p, r.PostForm, "deadline")
	var pr *senderos.Proposal
	err := p.Err()
	if err == nil {
		pr, err = s.proposeBundle(r, c.ID, job, home, host, deadline, now)
	}
	switch senderos.ErrorCode(err) {
	case "":
	case senderos.EINVALID:
		s.audit(r, senderos.AuditCaseChange, c.Reference, senderos.OutcomeFailed, "propose: invalid")
		var ps senderos.Problems
		errors.As(err, &ps)
		for _, q := range ps {
			if q.Field == "deadline" && failed.Problem == "" {
				failed.Problem = offerProblemText(lang, q)
			}
		}
		if failed.Problem == "" {
			failed.Problem = staffText(lang, "matchpage.bad_bundle")
		}
		s.renderCaseMatch(w, r, c, http.StatusUnprocessableEntity, failed, "")
		return
	case senderos.ECONFLICT, senderos.ENOTFOUND:
		s.audit(r, senderos.AuditCaseChange, c.Reference, senderos.OutcomeFailed, "propose: "+senderos.ErrorCode(err))
		s.renderCaseMatch(w, r, c, http.StatusConflict, nil, staffText(lang, "matchpage.propose_conflict"))
		return
	default:
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditCaseChange, c.Reference, senderos.OutcomeOK, "proposed")
	s.published(r)
	s.setFlash(w, "matchpage.flash.proposed")
	http.Redirect(w, r, proposalPath(pr.ID), http.StatusSeeOther)
}

// proposalPath is the path of proposal id's page.
func proposalPath(id int64) string { return "/staff/proposals/" + strconv.FormatInt(id, 10) }

// jobMatchData is the page of an offer's suggested families.
type jobMatchData struct {
	Job      *senderos.Job
	Village  *senderos.Village
	InPool   bool
	Bundles  []jobBundleView
	Deadline string
	MinDay   string
	MaxDay   string
}

type jobBundleView struct {
	Bundle      bundleView
	Suggestions []fitView
	Excluded    []exclusionView
	More        int
}

func (s *Server) handleJobMatch(w http.ResponseWriter, r *http.Request) {
	ctx, lang, now := r.Context(), s.staffLang(r), s.Now()
	id, _ := strconv.ParseInt(mux.Vars(r)["id"], 10, 64)
	j, err := s.Offers.FindJob(ctx, id)
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		s.staffError(w, r, recordError(senderos.ENOTFOUND, staffText(lang, "matchpage.job.not_found")))
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	v, err := s.Offers.FindVillage(ctx, j.Municipality)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	pool, wts, err := s.matchInputs(r)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	cs, err := s.Matches.Candidates(ctx)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	d := &jobMatchData{Job: j, Village: v, Deadline: s.defaultDeadline(),
		MinDay: dateValue(now.AddDate(0, 0, 1)), MaxDay: dateValue(now.AddDate(0, 0, senderos.MaxProposalDays))}
	for _, b := range senderos.Bundles(pool) {
		if b.Job == nil || b.Job.ID != j.ID {
			continue
		}
		d.InPool = true
		jb := jobBundleView{Bundle: viewBundle(lang, b)}
		sugg, excl := senderos.SuggestFamilies(b, cs, pool, wts, now, suggestLimit)
		for _, sg := range sugg {
			jb.Suggestions = append(jb.Suggestions, viewFit(lang, sg.Candidate, sg.Bundle, sg.Fit))
		}
		for i, e := range excl {
			if i >= excludedLimit {
				jb.More = len(excl) - i
				break
			}
			jb.Excluded = append(jb.Excluded, viewExcluded(lang, e))
		}
		d.Bundles = append(d.Bundles, jb)
	}
	s.audit(r, senderos.AuditList, jobTarget(j.ID), senderos.OutcomeOK, "suggested families")
	s.renderStaff(w, r, http.StatusOK, "match_job", "matchpage.job_match.title", d)
}

// batchData is the page of a batch proposal.
type batchData struct {
	Families, Offers int
	Placements       []fitView
	Total, Greedy    string
	Ratio            string // total over greedy
	Optimal          bool
	Gap              string // percent of the bound the total may lack
	Method           string
	Deadline         string
	MinDay, MaxDay   string
	Problem          string // what is wrong with the deadline or the ticks
	Results          []batchResult
}

type batchResult struct {
	Reference, Bundle, Outcome string
	ProposalID                 int64
	OK                         bool
}

func (s *Server) solveBatch(r *http.Request) (*batchData, []*senderos.Candidate, *senderos.Pool, error) {
	lang, now := s.staffLang(r), s.Now()
	pool, wts, err := s.matchInputs(r)
	if err != nil {
		return nil, nil, nil, err
	}
	cs, err := s.Matches.Candidates(r.Context())
	if err != nil {
		return nil, nil, nil, err
	}
	b := senderos.SolveBatch(cs, pool, wts, now, senderos.BatchOptions{})
	d := &batchData{Families: len(cs), Offers: len(pool.Jobs), Total: points(b.Total), Greedy: points(b.Greedy),
		Optimal: b.Optimal, Method: b.Method, Deadline: s.defaultDeadline(),
		MinDay: dateValue(now.AddDate(0, 0, 1)), MaxDay: dateValue(now.AddDate(0, 0, senderos.MaxProposalDays))}
	if b.Greedy > 0 {
		d.Ratio = strconv.FormatFloat(b.Total/b.Greedy, 'f', 3, 64)
	}
	if !b.Optimal && b.Bound > 0 {
		d.Gap = points(100 * (b.Bound - b.Total) / b.Bound)
	}
	for _, p := range b.Placements {
		d.Placements = append(d.Placements, viewFit(lang, p.Candidate, p.Bundle, p.Fit))
	}
	return d, cs, pool, nil
}

func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request) {
	d, _, _, err := s.solveBatch(r)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditList, "match:batch", senderos.OutcomeOK, "")
	s.renderStaff(w, r, http.StatusOK, "match_batch", "matchpage.batch.title", d)
}

// handleBatchPropose proposes each placement staff ticked; none without a
// tick.
func (s *Server) handleBatchPropose(w http.ResponseWriter, r *http.Request) {
	lang, now := s.staffLang(r), s.Now()
	r.ParseForm()
	var p senderos.Problems
	deadline := formDate(&p, r.PostForm, "deadline")
	ticked := r.PostForm["place"]
	if len(p) > 0 || deadline.IsZero() || len(ticked) == 0 {
		d, _, _, err := s.solveBatch(r)
		if err != nil {
			s.staffError(w, r, err)
			return
		}
		d.Deadline = r.PostFormValue("deadline")
		d.Problem = staffText(lang, "matchpage.batch.none_ticked")
		if len(p) > 0 || deadline.IsZero() {
			d.Problem = staffText(lang, "case.problem.bad_date")
		}
		s.renderStaff(w, r, http.StatusUnprocessableEntity, "match_batch", "matchpage.batch.title", d)
		return
	}
	d := &batchData{}
	any := false
	for _, t := range ticked {
		caseS, bundle, _ := cut(t, ":")
		caseID, err1 := strconv.ParseInt(caseS, 10, 64)
		job, home, host, ok := parseBundle(bundle)
		res := batchResult{Reference: "#" + caseS, Bundle: bundle}
		if err1 != nil || !ok {
			res.Outcome = staffText(lang, "matchpage.bad_bundle")
			d.Results = append(d.Results, res)
			continue
		}
		c, err := s.Cases.FindCase(r.Context(), caseID)
		if err != nil {
			res.Outcome = staffText(lang, "case.not_found")
			d.Results = append(d.Results, res)
			continue
		}
		res.Reference = c.Reference
		pr, err := s.proposeBundle(r, c.ID, job, home, host, deadline, now)
		switch senderos.ErrorCode(err) {
		case "":
			res.OK, res.ProposalID, res.Outcome = true, pr.ID, staffText(lang, "matchpage.batch.proposed")
			any = true
			s.audit(r, senderos.AuditCaseChange, c.Reference, senderos.OutcomeOK, "proposed by batch")
		case senderos.ECONFLICT, senderos.ENOTFOUND:
			res.Outcome = staffText(lang, "matchpage.propose_conflict")
		case senderos.EINVALID:
			res.Outcome = staffText(lang, "matchpage.bad_bundle")
		default:
			s.staffError(w, r, err)
			return
		}
		d.Results = append(d.Results, res)
	}
	if any {
		s.published(r)
	}
	s.renderStaff(w, r, http.StatusOK, "match_batch", "matchpage.batch.title", d)
}

// proposeBundle proposes bundle (job, home, host) for case caseID with
// the deadline's day, its fit worked out from the pool as it is now.
func (s *Server) proposeBundle(r *http.Request, caseID, job, home, host int64, deadline, now time.Time) (*senderos.Proposal, error) {
	ctx := r.Context()
	pool, wts, err := s.matchInputs(r)
	if err != nil {
		return nil, err
	}
	b, ok := findBundle(pool, job, home, host)
	if !ok {
		return nil, senderos.Errorf(senderos.ECONFLICT, "the bundle is no longer open")
	}
	cand, err := s.Matches.Candidate(ctx, caseID)
	if err != nil {
		return nil, err
	}
	if why := senderos.CheckBundle(cand, b, now); len(why) > 0 {
		return nil, senderos.Errorf(senderos.ECONFLICT, "a hard rule excludes the bundle")
	}
	p := &senderos.Proposal{CaseID: caseID, Reference: cand.Reference, Municipality: b.Village.Code,
		JobID: job, HomeID: home, HostID: host, Fit: senderos.RateBundle(cand, b, wts, now),
		By: staffFrom(ctx).ID, Deadline: deadline, Status: senderos.ProposalPending}
	if err := p.Validate(now).Err(); err != nil {
		return nil, err
	}
	if err := s.Matches.Propose(ctx, p, now); err != nil {
		return nil, err
	}
	return p, nil
}

func cut(s, sep string) (string, string, bool) {
	for i := 0; i+len(sep) <= len(s); i++ {
		if s[i:i+len(sep)] == sep {
			return s[:i], s[i+len(sep):], true
		}
	}
	return s, "", false
}

// weightsData is the page of the criteria's weights.
type weightsData struct {
	Form     *caseForm
	Criteria []option // value: the criterion; label: its name
	Max      int
}

func (s *Server) renderWeights(w http.ResponseWriter, r *http.Request, status int, f *caseForm) {
	lang := s.staffLang(r)
	s.renderStaff(w, r, status, "match_weights", "matchpage.weights.title",
		weightsData{Form: f, Criteria: listChoices(lang, senderos.CriterionList), Max: senderos.MaxWeight})
}

func (s *Server) handleWeights(w http.ResponseWriter, r *http.Request) {
	wts, err := s.Matches.MatchWeights(r.Context())
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	v := url.Values{}
	for _, c := range senderos.Criteria {
		v.Set(c, strconv.Itoa(wts[c]))
	}
	s.renderWeights(w, r, http.StatusOK, newOfferForm("weights", s.staffLang(r), v, nil))
}

func (s *Server) handleSaveWeights(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	var p senderos.Problems
	wts := senderos.Weights{}
	for _, c := range senderos.Criteria {
		wts[c] = formInt(&p, r.PostForm, c)
	}
	if len(p) == 0 {
		p = wts.Validate()
	}
	err := p.Err()
	if err == nil {
		err = s.Matches.SetMatchWeights(r.Context(), wts, staffFrom(r.Context()).ID, s.Now())
	}
	if senderos.ErrorCode(err) == senderos.EINVALID {
		s.audit(r, senderos.AuditChange, "match:weights", senderos.OutcomeFailed, "invalid")
		s.renderWeights(w, r, http.StatusUnprocessableEntity, newOfferForm("weights", s.staffLang(r), r.PostForm, err))
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.setFlash(w, "matchpage.flash.weights_saved")
	http.Redirect(w, r, "/staff/match/weights", http.StatusSeeOther)
}

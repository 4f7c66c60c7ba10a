package senderos

import (
	"context"
	"time"
)

// Proposal statuses. A proposal is pending until every party accepts it
// (agreed), one declines (declined), its deadline passes (expired) or staff
// withdraw it.
const (
	ProposalPending   = "pending"
	ProposalAgreed    = "agreed"
	ProposalDeclined  = "declined"
	ProposalExpired   = "expired"
	ProposalWithdrawn = "withdrawn"
)

// Parties to a proposal. The host answers only when the bundle has one.
const (
	PartyFamily       = "family"
	PartyMunicipality = "municipality"
	PartyEmployer     = "employer"
	PartyHost         = "host"
)

// Where an answer was given.
const (
	ViaFamilyPage  = "family_page"
	ViaVillageLink = "village_link"
	ViaStaff       = "staff" // recorded by staff (the employer's, or any party's by phone)
)

// Proposal deadlines, in days from the proposal.
const (
	DefaultProposalDays = 14
	MaxProposalDays     = 60
)

// Proposal links a family's case to a bundle, proposed by staff, until
// every party has answered.
type Proposal struct {
	ID           int64
	CaseID       int64
	Reference    string // the family's reference, for staff and the parties
	Municipality string // the village's INE code
	JobID        int64
	HomeID       int64
	HostID       int64 // 0 when the bundle has no host
	// Fit is the fit as staff saw it when proposing: the family's page
	// shows its reasons.
	Fit      Fit
	By       int64 // the staff account proposing
	At       time.Time
	Deadline time.Time // the last day to answer
	Status   string    // one of ProposalStatusList
	// Responses are the answers given, in order.
	Responses []Response
	ClosedAt  time.Time // when it stopped being pending; zero while pending
}

// Response is one party's answer to a proposal.
type Response struct {
	Party  string // one of PartyList
	Accept bool
	Reason string // one of DeclineReasonList; required when declining
	Note   string // free text
	Via    string // ViaFamilyPage, ViaVillageLink or ViaStaff
	By     int64  // the staff account recording it; 0 for the family's page or the village's link
	At     time.Time
}

// Parties returns who must accept p: the family, the municipality, the
// employer, and the host when there is one.
func (p *Proposal) Parties() []string {
	ps := []string{PartyFamily, PartyMunicipality, PartyEmployer}
	if p.HostID != 0 {
		ps = append(ps, PartyHost)
	}
	return ps
}

// Answer returns party's answer, nil when it has not answered.
func (p *Proposal) Answer(party string) *Response {
	for i := range p.Responses {
		if p.Responses[i].Party == party {
			return &p.Responses[i]
		}
	}
	return nil
}

// Open reports whether p still waits for answers at now: pending, and its
// deadline's day not past.
func (p *Proposal) Open(now time.Time) bool {
	return p.Status == ProposalPending && !Day(now).After(Day(p.Deadline))
}

// Validate returns what is wrong with p as proposed at now: no job or home,
// a deadline before tomorrow or after MaxProposalDays.
func (p *Proposal) Validate(now time.Time) Problems {
	var pr Problems
	if p.CaseID == 0 {
		pr.Add("case", ProblemRequired)
	}
	if p.JobID == 0 {
		pr.Add("job", ProblemRequired)
	}
	if p.HomeID == 0 {
		pr.Add("home", ProblemRequired)
	}
	switch {
	case p.Deadline.IsZero():
		pr.Add("deadline", ProblemRequired)
	case !Day(p.Deadline).After(Day(now)), Day(p.Deadline).After(Day(now).AddDate(0, 0, MaxProposalDays)):
		pr.Add("deadline", ProblemOutOfRange, 1, MaxProposalDays)
	}
	return pr
}

// ProblemDeadline is an answer after a proposal's deadline; ProblemAnswered
// an answer from a party that answered already; ProblemClosed an answer to
// a proposal no longer pending.
const (
	ProblemDeadline = "deadline_passed"
	ProblemAnswered = "answered"
	ProblemClosed   = "closed"
)

// Respond applies r to p at now and returns its new status: declined at
// the first decline, agreed when every party has accepted, pending
// otherwise. It returns Problems (EINVALID) and changes nothing for an
// unknown party, a decline without a reason from the list, a party that has
// answered (on "party"), a proposal not pending or past its deadline (on
// "proposal").
func (p *Proposal) Respond(r Response, now time.Time) (string, error) {
	var pr Problems
	known := false
	for _, x := range p.Parties() {
		known = known || x == r.Party
	}
	switch {
	case !known:
		pr.Add("party", ProblemNotInList)
	case p.Answer(r.Party) != nil:
		pr.Add("party", ProblemAnswered)
	}
	if !r.Accept {
		checkOneOf(&pr, "reason", r.Reason, true, DeclineReasonList)
	} else if r.Reason != "" {
		pr.Add("reason", ProblemNotInList)
	}
	checkText(&pr, "note", r.Note, true, false, MaxJobDescription)
	switch {
	case p.Status != ProposalPending:
		pr.Add("proposal", ProblemClosed)
	case !p.Open(now):
		pr.Add("proposal", ProblemDeadline)
	}
	if err := pr.Err(); err != nil {
		return p.Status, err
	}
	r.At = now
	p.Responses = append(p.Responses, r)
	switch {
	case !r.Accept:
		p.Status, p.ClosedAt = ProposalDeclined, now
	case len(p.Responses) == len(p.Parties()) && p.allAccepted():
		p.Status, p.ClosedAt = ProposalAgreed, now
	}
	return p.Status, nil
}

func (p *Proposal) allAccepted() bool {
	for _, x := range p.Parties() {
		if a := p.Answer(x); a == nil || !a.Accept {
			return false
		}
	}
	return true
}

// ProposalFilter selects proposals. Zero fields do not filter.
type ProposalFilter struct {
	CaseID       int64
	Municipality string
	JobID        int64
	HomeID       int64
	Status       []string
}

// MatchService keeps what matching needs and the proposals. Each change is
// one transaction with its audit entry.
type MatchService interface {
	// MatchPool returns the villages of approved municipalities, their
	// open job offers with a free vacancy, their open homes and the
	// approved hosts.
	MatchPool(ctx context.Context) (*Pool, error)
	// Candidates returns the families waiting for a match: open cases of
	// families that have not moved, without a pending or agreed
	// proposal. Candidate returns one case's, waiting or not; ENOTFOUND
	// for a missing case or an erased record.
	Candidates(ctx context.Context) ([]*Candidate, error)
	Candidate(ctx context.Context, caseID int64) (*Candidate, error)

	// MatchWeights returns the coordinator's weights (DefaultWeights
	// until set); SetMatchWeights stores them, audited with the old and
	// the new values. EINVALID when Weights.Validate finds a problem.
	MatchWeights(ctx context.Context) (Weights, error)
	SetMatchWeights(ctx context.Context, w Weights, by int64, now time.Time) error

	// Propose stores p as pending at now and holds its home and one of
	// its job's vacancies. Returns EINVALID for what Validate finds,
	// ENOTFOUND for an unknown case, job, home or host, ECONFLICT when the
	// home is not open, the job has no free vacancy, the home is not in the
	// job's village (or tied to another job), or the case has a pending or
	// agreed proposal: of two staff proposing one home at once, one wins.
	Propose(ctx context.Context, p *Proposal, now time.Time) error
	// Respond records r on proposal id at now (see Proposal.Respond) and
	// returns the proposal. When all have accepted, the match is agreed in
	// the same transaction: the vacancy and the home are taken (the job
	// filled when no vacancy is left), the case's village is set, and its
	// itinerary gets a revision with the visit to the village. A decline
	// frees the home and the vacancy. ENOTFOUND for an unknown proposal.
	Respond(ctx context.Context, id int64, r Response, now time.Time) (*Proposal, error)
	// WithdrawProposal withdraws a pending proposal and frees what it
	// held; ECONFLICT when it is not pending.
	WithdrawProposal(ctx context.Context, id, by int64, now time.Time) error
	// ExpireProposals expires the pending proposals whose deadline's day
	// is past at now, frees what they held, and returns how many.
	ExpireProposals(ctx context.Context, now time.Time) (int, error)

	FindProposal(ctx context.Context, id int64) (*Proposal, error)
	// FindProposals lists proposals, newest first.
	FindProposals(ctx context.Context, f ProposalFilter) ([]*Proposal, error)
}

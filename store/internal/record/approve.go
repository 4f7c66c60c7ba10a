package record

import (
	"strings"
	"time"

	"github.com/cepaim/senderos"
)

// Publication is what approving a municipality sign-up, or publishing it
// again, writes in one transaction: the sign-up's new status and history,
// its profile and the audit entries.
type Publication struct {
	// Events are the sign-up's status change; none when publishing again.
	Events  []*senderos.Event
	Profile *senderos.Profile
	// Audit are the status change and the publication, in that order.
	Audit []*senderos.AuditEntry

	again bool
}

// Approve works out what approving the sign-up cur as a says at time now
// does: cur's Status becomes approved and its UpdatedAt now. Returns
// ENOTFOUND unless cur is a municipality's sign-up, ECONFLICT when its
// status cannot become approved, EINVALID for an approval without an actor
// or a sign-up whose profile cannot be published.
func Approve(cur *senderos.Submission, a senderos.Approval, now time.Time) (*Publication, error) {
	if err := checkApproval(cur, a); err != nil {
		return nil, err
	}
	from := cur.Status
	if from == senderos.StatusApproved {
		return nil, senderos.Errorf(senderos.ECONFLICT, "The sign-up is already approved.")
	}
	events, err := Plan(cur, senderos.SubmissionUpdate{ID: cur.ID, By: a.StaffID, Status: senderos.StatusApproved}, now)
	if err != nil {
		return nil, err
	}
	cur.UpdatedAt = Time(now)
	pub, err := publication(cur, a, now, false)
	if err != nil {
		return nil, err
	}
	pub.Events = events
	change := audit(cur, a, now, senderos.AuditChange, "status: "+string(from)+" → "+string(cur.Status))
	pub.Audit = append([]*senderos.AuditEntry{change}, pub.Audit...)
	return pub, nil
}

// PublishAgain works out what publishing the approved sign-up cur again as
// a says at time now writes. Returns ENOTFOUND and EINVALID as Approve,
// and ECONFLICT unless cur is approved.
func PublishAgain(cur *senderos.Submission, a senderos.Approval, now time.Time) (*Publication, error) {
	if err := checkApproval(cur, a); err != nil {
		return nil, err
	}
	if cur.Status != senderos.StatusApproved {
		return nil, senderos.Errorf(senderos.ECONFLICT, "Only an approved sign-up can be published again.")
	}
	return publication(cur, a, now, true)
}

// Keep takes from old, the profile stored under the same code (nil if
// none), what publishing replaces it with keeps: the first publication's
// time and, when publishing again, the job offers staff added to it.
func (p *Publication) Keep(old *senderos.Profile) {
	if old == nil {
		return
	}
	p.Profile.PublishedAt = old.PublishedAt
	if p.again {
		p.Profile.Jobs = old.Jobs
	}
}

func checkApproval(cur *senderos.Submission, a senderos.Approval) error {
	if cur.Kind != senderos.KindMunicipality || cur.Municipality == nil {
		return senderos.Errorf(senderos.ENOTFOUND, "Municipality sign-up not found.")
	}
	if strings.TrimSpace(a.Actor) == "" {
		return senderos.Errorf(senderos.EINVALID, "Audit actor required.")
	}
	return nil
}

// publication returns cur's profile, published at now, with its audit
// entry.
func publication(cur *senderos.Submission, a senderos.Approval, now time.Time, again bool) (*Publication, error) {
	p := senderos.NewProfile(cur)
	if err := ValidateProfile(p); err != nil {
		return nil, err
	}
	p.PublishedAt, p.UpdatedAt = Time(now), Time(now)
	detail := "ine:" + p.Code
	if again {
		detail += " again"
	}
	return &Publication{Profile: p, Audit: []*senderos.AuditEntry{audit(cur, a, now, senderos.AuditPublish, detail)}, again: again}, nil
}

func audit(cur *senderos.Submission, a senderos.Approval, now time.Time, action, detail string) *senderos.AuditEntry {
	return &senderos.AuditEntry{At: Time(now), StaffID: a.StaffID, Actor: a.Actor, Action: action,
		Target: cur.Reference, Outcome: senderos.OutcomeOK, Detail: detail}
}

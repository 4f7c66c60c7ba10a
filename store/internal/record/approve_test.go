package record

import (
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func TestApprove(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	by := senderos.Approval{SubmissionID: 7, StaffID: 3, Actor: "coord@example.org"}
	signup := func(status senderos.Status) *senderos.Submission {
		s := municipality()
		s.ID, s.Reference, s.Status = 7, "NS-2026-ABCD", status
		return s
	}
	t.Run("NewBecomesApprovedAndPublished", func(t *testing.T) {
		cur := signup(senderos.StatusNew)
		pub, err := Approve(cur, by, now)
		if err != nil {
			t.Fatal(err)
		}
		if cur.Status != senderos.StatusApproved || !cur.UpdatedAt.Equal(now) {
			t.Errorf("sign-up %s updated %v; want approved at %v", cur.Status, cur.UpdatedAt, now)
		}
		if len(pub.Events) != 1 || pub.Events[0].From != "new" || pub.Events[0].To != "approved" {
			t.Errorf("events %+v, want new → approved", pub.Events)
		}
		if pub.Profile.Code != "44216" || !pub.Profile.PublishedAt.Equal(now) || !pub.Profile.UpdatedAt.Equal(now) {
			t.Errorf("profile %+v", pub.Profile)
		}
		if len(pub.Audit) != 2 {
			t.Fatalf("audit %+v, want the change then the publication", pub.Audit)
		}
		change, publish := pub.Audit[0], pub.Audit[1]
		if change.Action != senderos.AuditChange || change.Detail != "status: new → approved" ||
			publish.Action != senderos.AuditPublish || publish.Detail != "ine:44216" {
			t.Errorf("audit %+v, %+v", change, publish)
		}
		for _, e := range pub.Audit {
			if e.Actor != by.Actor || e.StaffID != 3 || e.Target != "NS-2026-ABCD" || e.Outcome != senderos.OutcomeOK || !e.At.Equal(now) {
				t.Errorf("audit entry %+v", e)
			}
		}
	})
	for _, tt := range []struct {
		name string
		cur  func() *senderos.Submission
		a    senderos.Approval
		code string
		msg  string
	}{
		{"ErrAlreadyApproved", func() *senderos.Submission { return signup(senderos.StatusApproved) }, by,
			senderos.ECONFLICT, "The sign-up is already approved."},
		{"ErrStatusCannotBecomeApproved", func() *senderos.Submission { return signup(senderos.StatusWithdrawn) }, by,
			senderos.ECONFLICT, `A record cannot go from "withdrawn" to "approved".`},
		{"ErrFamily", interest, by, senderos.ENOTFOUND, "Municipality sign-up not found."},
		{"ErrNoSignup", func() *senderos.Submission { return &senderos.Submission{Kind: senderos.KindMunicipality} }, by,
			senderos.ENOTFOUND, "Municipality sign-up not found."},
		{"ErrNoActor", func() *senderos.Submission { return signup(senderos.StatusNew) }, senderos.Approval{StaffID: 3, Actor: " "},
			senderos.EINVALID, "Audit actor required."},
		{"ErrNoName", func() *senderos.Submission {
			s := signup(senderos.StatusNew)
			s.Municipality.Name = ""
			return s
		}, by, senderos.EINVALID, "Municipality name required."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cur := tt.cur()
			before := cur.Status
			_, err := Approve(cur, tt.a, now)
			if senderos.ErrorCode(err) != tt.code || senderos.ErrorMessage(err) != tt.msg {
				t.Errorf("Approve = %v (%s), want %s %q", err, senderos.ErrorCode(err), tt.code, tt.msg)
			}
			if tt.code != senderos.EINVALID && cur.Status != before {
				t.Errorf("status %s after a refused approval, want %s", cur.Status, before)
			}
		})
	}
}

func TestPublishAgain(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	first := now.Add(-48 * time.Hour)
	by := senderos.Approval{StaffID: 1, Actor: "admin@example.org"}
	cur := municipality()
	cur.Status = senderos.StatusApproved
	pub, err := PublishAgain(cur, by, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(pub.Events) != 0 || len(pub.Audit) != 1 || pub.Audit[0].Detail != "ine:44216 again" {
		t.Errorf("events %+v audit %+v; want no status change and one publication audited as again", pub.Events, pub.Audit)
	}
	added := []senderos.JobOffer{{Sector: "tourism", Count: 2}}
	pub.Keep(&senderos.Profile{PublishedAt: first, Jobs: added})
	if !pub.Profile.PublishedAt.Equal(first) || len(pub.Profile.Jobs) != 1 || pub.Profile.Jobs[0].Sector != "tourism" {
		t.Errorf("kept %v %+v; want the first publication's time and the jobs added since", pub.Profile.PublishedAt, pub.Profile.Jobs)
	}
	pub.Keep(nil) // nothing stored: nothing to keep
	if !pub.Profile.PublishedAt.Equal(first) {
		t.Errorf("Keep(nil) changed the profile")
	}

	// Approving keeps the first publication's time but not the old jobs.
	fresh := municipality()
	fresh.Status = senderos.StatusNew
	ap, err := Approve(fresh, by, now)
	if err != nil {
		t.Fatal(err)
	}
	ap.Keep(&senderos.Profile{PublishedAt: first, Jobs: added})
	if !ap.Profile.PublishedAt.Equal(first) || len(ap.Profile.Jobs) != 1 || ap.Profile.Jobs[0].Sector != "care" {
		t.Errorf("approval kept %v %+v; want the first time and the sign-up's own jobs", ap.Profile.PublishedAt, ap.Profile.Jobs)
	}

	for _, tt := range []struct {
		name   string
		status senderos.Status
		a      senderos.Approval
		code   string
	}{
		{"ErrNotApproved", senderos.StatusNew, by, senderos.ECONFLICT},
		{"ErrNoActor", senderos.StatusApproved, senderos.Approval{}, senderos.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := municipality()
			s.Status = tt.status
			if _, err := PublishAgain(s, tt.a, now); senderos.ErrorCode(err) != tt.code {
				t.Errorf("PublishAgain = %v, want %s", err, tt.code)
			}
		})
	}
	if _, err := PublishAgain(interest(), by, now); senderos.ErrorCode(err) != senderos.ENOTFOUND {
		t.Errorf("PublishAgain of a family = %v, want ENOTFOUND", err)
	}
}

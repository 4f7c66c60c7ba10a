package storetest

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// approval returns the approval of s by st.
func approval(s *senderos.Submission, st *senderos.Staff) senderos.Approval {
	return senderos.Approval{SubmissionID: s.ID, StaffID: st.ID, Actor: st.Email}
}

// mustAudit returns the audit entries naming target, oldest first.
func mustAudit(tb testing.TB, svc senderos.AuditService, target string) []*senderos.AuditEntry {
	tb.Helper()
	got, err := svc.FindAudit(context.Background(), senderos.AuditFilter{Target: target})
	if err != nil {
		tb.Fatal(err)
	}
	for i, j := 0, len(got)-1; i < j; i, j = i+1, j-1 {
		got[i], got[j] = got[j], got[i]
	}
	return got
}

// mustEvents returns the history of submission id.
func mustEvents(tb testing.TB, svc senderos.SubmissionService, id int64) []*senderos.Event {
	tb.Helper()
	events, err := svc.FindEvents(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return events
}

func testApprovePublishesInOneTransaction(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	admin := MustCreateStaff(t, st.Staff, "admin@example.org", senderos.RoleAdmin)
	s := NewMunicipality()
	MustCreate(t, st.Submissions, s)

	p, err := st.Profiles.ApproveMunicipality(ctx, approval(s, admin))
	if err != nil {
		t.Fatal(err)
	}
	if p.Code != "44216" || p.Name != "Teruel" || p.SubmissionID != s.ID || p.PublishedAt.IsZero() || !p.UpdatedAt.Equal(p.PublishedAt) {
		t.Errorf("profile = %+v", p)
	}
	stored, err := st.Profiles.FindProfile(ctx, "44216")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, p) {
		t.Errorf("stored profile:\n got %+v\nwant %+v", stored, p)
	}
	got, err := st.Submissions.FindSubmissionByID(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != senderos.StatusApproved || !got.UpdatedAt.Equal(p.UpdatedAt) {
		t.Errorf("sign-up status %s, updated %v; want approved at %v", got.Status, got.UpdatedAt, p.UpdatedAt)
	}
	events := mustEvents(t, st.Submissions, s.ID)
	if len(events) != 1 || events[0].Type != senderos.EventStatus || events[0].From != "new" || events[0].To != "approved" ||
		events[0].StaffID != admin.ID {
		t.Errorf("history = %+v", events)
	}
	audit := mustAudit(t, st.Audit, s.Reference)
	if len(audit) != 2 {
		t.Fatalf("%d audit entries, want the change and the publication: %+v", len(audit), audit)
	}
	for i, want := range []struct{ action, detail string }{
		{senderos.AuditChange, "status: new → approved"},
		{senderos.AuditPublish, "ine:44216"},
	} {
		if e := audit[i]; e.Action != want.action || e.Detail != want.detail || e.Outcome != senderos.OutcomeOK ||
			e.StaffID != admin.ID || e.Actor != admin.Email {
			t.Errorf("audit entry %d = %+v, want %s %q", i, e, want.action, want.detail)
		}
	}

	_, err = st.Profiles.ApproveMunicipality(ctx, approval(s, admin))
	wantCode(t, "approving again", err, senderos.ECONFLICT)
	if n := len(mustEvents(t, st.Submissions, s.ID)); n != 1 {
		t.Errorf("approving again left %d events, want 1", n)
	}
	if n := len(mustAudit(t, st.Audit, s.Reference)); n != 2 {
		t.Errorf("approving again left %d audit entries, want 2", n)
	}
}

func testErrApprove(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	admin := MustCreateStaff(t, st.Staff, "admin@example.org", senderos.RoleAdmin)
	family, suspected, erased, fine := NewInterest(), NewMunicipality(), NewMunicipality(), NewMunicipality()
	suspected.Status, suspected.SpamReason = senderos.StatusSuspected, "honeypot"
	for _, s := range []*senderos.Submission{family, suspected, erased, fine} {
		MustCreate(t, st.Submissions, s)
	}
	if err := st.Submissions.EraseSubmission(ctx, erased.ID, admin.ID); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		a    senderos.Approval
		code string
	}{
		{"Missing", senderos.Approval{SubmissionID: fine.ID + 1000, StaffID: admin.ID, Actor: admin.Email}, senderos.ENOTFOUND},
		{"Family", approval(family, admin), senderos.ENOTFOUND},
		{"Erased", approval(erased, admin), senderos.ENOTFOUND},
		{"Suspected", approval(suspected, admin), senderos.ECONFLICT},
		{"NoActor", senderos.Approval{SubmissionID: fine.ID, StaffID: admin.ID}, senderos.EINVALID},
		{"UnknownStaff", senderos.Approval{SubmissionID: fine.ID, StaffID: admin.ID + 1000, Actor: "ghost@example.org"}, senderos.EINVALID},
	} {
		_, err := st.Profiles.ApproveMunicipality(ctx, tt.a)
		wantCode(t, tt.name, err, tt.code)
	}
	_, err := st.Profiles.PublishAgain(ctx, approval(fine, admin))
	wantCode(t, "publish a new sign-up again", err, senderos.ECONFLICT)
	for _, s := range []*senderos.Submission{suspected, fine} {
		if got, err := st.Submissions.FindSubmissionByID(ctx, s.ID); err != nil {
			t.Fatal(err)
		} else if got.Status == senderos.StatusApproved {
			t.Errorf("%s approved after an error", s.Reference)
		}
	}
	if ps, err := st.Profiles.FindProfiles(ctx); err != nil || len(ps) != 0 {
		t.Errorf("profiles after errors: %v, %v", ps, err)
	}
	if n := len(mustAudit(t, st.Audit, fine.Reference)); n != 0 {
		t.Errorf("%d audit entries after errors", n)
	}
}

// testFailedPublicationApprovesNothing breaks the step between the status
// change and the audit of the publication: the profile cannot be written.
func testFailedPublicationApprovesNothing(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	if st.RefuseProfiles == nil {
		t.Skip("the store cannot refuse profile writes")
	}
	admin := MustCreateStaff(t, st.Staff, "admin@example.org", senderos.RoleAdmin)
	s := NewMunicipality()
	MustCreate(t, st.Submissions, s)
	st.RefuseProfiles(t)

	if _, err := st.Profiles.ApproveMunicipality(ctx, approval(s, admin)); err == nil {
		t.Fatal("approved although the profile could not be written")
	}
	got, err := st.Submissions.FindSubmissionByID(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != senderos.StatusNew || !got.UpdatedAt.Equal(s.UpdatedAt) {
		t.Errorf("after a failed publication the sign-up is %s (updated %v), want new as it was", got.Status, got.UpdatedAt)
	}
	if events := mustEvents(t, st.Submissions, s.ID); len(events) != 0 {
		t.Errorf("history after a failed publication: %+v", events)
	}
	if audit := mustAudit(t, st.Audit, s.Reference); len(audit) != 0 {
		t.Errorf("audit after a failed publication: %+v", audit)
	}
	_, err = st.Profiles.FindProfile(ctx, s.Municipality.Code)
	wantCode(t, "profile after a failed publication", err, senderos.ENOTFOUND)
	// Nothing is half-done, so the same approval can be tried again.
	if got, err := st.Submissions.FindSubmissionByID(ctx, s.ID); err != nil || !senderos.CanChangeStatus(got.Kind, got.Status, senderos.StatusApproved) {
		t.Errorf("the sign-up can no longer be approved: %v", err)
	}
}

func testPublishAgainKeepsJobOffers(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	admin := MustCreateStaff(t, st.Staff, "admin@example.org", senderos.RoleAdmin)
	s := NewMunicipality()
	MustCreate(t, st.Submissions, s)
	first, err := st.Profiles.ApproveMunicipality(ctx, approval(s, admin))
	if err != nil {
		t.Fatal(err)
	}
	added := senderos.JobOffer{Sector: "care", Count: 1, Description: "Residencia"}
	if _, err := st.Profiles.AddJobOffer(ctx, first.Code, added); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)

	p, err := st.Profiles.PublishAgain(ctx, approval(s, admin))
	if err != nil {
		t.Fatal(err)
	}
	if !p.PublishedAt.Equal(first.PublishedAt) || !p.UpdatedAt.After(first.UpdatedAt) {
		t.Errorf("published %v (want %v), updated %v (want after %v)", p.PublishedAt, first.PublishedAt, p.UpdatedAt, first.UpdatedAt)
	}
	if want := append(append([]senderos.JobOffer{}, s.Municipality.Jobs...), added); !reflect.DeepEqual(p.Jobs, want) {
		t.Errorf("jobs = %+v, want %+v", p.Jobs, want)
	}
	if stored, err := st.Profiles.FindProfile(ctx, p.Code); err != nil || !reflect.DeepEqual(stored, p) {
		t.Errorf("stored profile %+v, %v; want %+v", stored, err, p)
	}
	audit := mustAudit(t, st.Audit, s.Reference)
	if last := audit[len(audit)-1]; last.Action != senderos.AuditPublish || last.Detail != "ine:44216 again" || last.StaffID != admin.ID {
		t.Errorf("last audit entry = %+v", last)
	}
	if n := len(mustEvents(t, st.Submissions, s.ID)); n != 1 {
		t.Errorf("%d events, want only the approval's", n)
	}
}

// testPublishAgainRepairsLostProfile starts from what approving in several
// commits could leave: a sign-up approved without a profile.
func testPublishAgainRepairsLostProfile(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	admin := MustCreateStaff(t, st.Staff, "admin@example.org", senderos.RoleAdmin)
	s := NewMunicipality()
	MustCreate(t, st.Submissions, s)
	MustUpdate(t, st.Submissions, senderos.SubmissionUpdate{ID: s.ID, By: admin.ID, Status: senderos.StatusApproved})

	p, err := st.Profiles.PublishAgain(ctx, approval(s, admin))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Jobs, s.Municipality.Jobs) || p.PublishedAt.IsZero() {
		t.Errorf("profile = %+v", p)
	}
	if _, err := st.Profiles.FindProfile(ctx, s.Municipality.Code); err != nil {
		t.Errorf("FindProfile: %v", err)
	}
}

// testConcurrentApprovalsPublishOnce races staff approving one sign-up.
func testConcurrentApprovalsPublishOnce(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	s := NewMunicipality()
	MustCreate(t, st.Submissions, s)
	const n = 8
	staff := make([]*senderos.Staff, n)
	for i := range staff {
		staff[i] = MustCreateStaff(t, st.Staff, string(rune('a'+i))+"@example.org", senderos.RoleCoordinator)
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			_, errs[i] = st.Profiles.ApproveMunicipality(ctx, approval(s, staff[i]))
		})
	}
	close(start)
	wg.Wait()
	ok := 0
	for i, err := range errs {
		if err == nil {
			ok++
		} else if senderos.ErrorCode(err) != senderos.ECONFLICT {
			t.Errorf("approval %d: %v, want ECONFLICT", i, err)
		}
	}
	if ok != 1 {
		t.Errorf("%d approvals succeeded, want 1", ok)
	}
	if events := mustEvents(t, st.Submissions, s.ID); len(events) != 1 {
		t.Errorf("%d status events, want 1", len(events))
	}
	published := 0
	for _, e := range mustAudit(t, st.Audit, s.Reference) {
		if e.Action == senderos.AuditPublish {
			published++
		}
	}
	if published != 1 {
		t.Errorf("%d publications audited, want 1", published)
	}
}

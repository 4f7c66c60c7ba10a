package backoffice

import (
	"context"
	"database/sql"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// publishCounter counts the calls of OnPublish.
func publishCounter(n *atomic.Int32) func(*Config) {
	return func(c *Config) {
		c.OnPublish = func(context.Context) { n.Add(1) }
	}
}

// refuseProfiles makes the test database refuse every write of a profile,
// as a full disk would, until the returned function is called.
func (e *recordsEnv) refuseProfiles() (restore func()) {
	e.t.Helper()
	db, err := sql.Open("sqlite", e.svc.DBPath)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TRIGGER refuse_profiles BEFORE INSERT ON profiles
		BEGIN SELECT RAISE(ABORT, 'profiles refused by the test'); END`); err != nil {
		e.t.Fatal(err)
	}
	return func() {
		e.t.Helper()
		if _, err := db.Exec(`DROP TRIGGER refuse_profiles`); err != nil {
			e.t.Fatal(err)
		}
	}
}

func TestApproveFailureApprovesNothing(t *testing.T) {
	var publishes atomic.Int32
	e := newRecordsEnv(t, publishCounter(&publishes))
	coord := e.login(senderos.RoleCoordinator, "Cora Coordinator")
	muni := e.municipality("44013")
	path := muniPath(muni)
	restore := e.refuseProfiles()

	res, body := coord.post(path + "/approve")
	wantStatus(t, res, http.StatusInternalServerError, body)
	got, err := e.svc.Submissions.FindSubmissionByID(t.Context(), muni.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != senderos.StatusNew {
		t.Errorf("after a failed publication the sign-up is %s, want new", got.Status)
	}
	if events, err := e.svc.Submissions.FindEvents(t.Context(), muni.ID); err != nil || len(events) != 0 {
		t.Errorf("history %v, %v; want none", events, err)
	}
	if a := e.audited(senderos.AuditChange, muni.Reference); len(a) != 0 {
		t.Errorf("a status change is audited: %+v", a[0])
	}
	if a := e.audited(senderos.AuditPublish, muni.Reference); len(a) != 1 || a[0].Outcome != senderos.OutcomeFailed || a[0].Detail != "ine:44013" {
		t.Errorf("publication audit %+v, want one failure", a)
	}
	if publishes.Load() != 0 {
		t.Error("the site is rebuilt after a failed publication")
	}
	_, body = coord.b.get(path)
	wantIn(t, "record", body, "To review", "Not published", `action="`+path+`/approve"`)

	restore()
	res, _ = coord.post(path + "/approve")
	wantRedirect(t, res, path)
	if publishes.Load() != 1 {
		t.Errorf("OnPublish called %d times after the retry, want 1", publishes.Load())
	}
	if _, err := e.svc.Profiles.FindProfile(t.Context(), "44013"); err != nil {
		t.Errorf("the retried approval published nothing: %v", err)
	}
}

func TestPublishAgain(t *testing.T) {
	var publishes atomic.Int32
	e := newRecordsEnv(t, publishCounter(&publishes))
	admin := e.login(senderos.RoleAdmin, "Ada Admin")
	coord := e.login(senderos.RoleCoordinator, "Cora Coordinator")
	// Approved without a profile, as approving in several steps could
	// leave a sign-up when publishing failed.
	lost := e.municipality("44013")
	if _, err := e.svc.Submissions.UpdateSubmission(t.Context(), senderos.SubmissionUpdate{ID: lost.ID, By: admin.ID, Status: senderos.StatusApproved}); err != nil {
		t.Fatal(err)
	}
	fresh := e.municipality("44001")
	path := muniPath(lost)

	t.Run("OnlyAdminsMay", func(t *testing.T) {
		res, body := coord.b.get(path)
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "coordinator's page", body, "Approved, but its profile is not published.")
		wantNotIn(t, "coordinator's page", body, `action="`+path+`/publish"`)
		res, body = coord.post(path + "/publish")
		wantStatus(t, res, http.StatusForbidden, body)
		if publishes.Load() != 0 {
			t.Error("published")
		}
	})
	t.Run("ErrNotApproved", func(t *testing.T) {
		_, body := admin.b.get(muniPath(fresh))
		wantNotIn(t, "new sign-up", body, `/publish"`)
		res, body := admin.post(muniPath(fresh) + "/publish")
		wantStatus(t, res, http.StatusConflict, body)
		wantIn(t, "refusal", body, "Only an approved municipality can be published again.")
		if a := e.audited(senderos.AuditPublish, fresh.Reference); len(a) != 1 || a[0].Outcome != senderos.OutcomeFailed {
			t.Errorf("audit %+v, want one failure", a)
		}
	})
	t.Run("RepublishesALostProfile", func(t *testing.T) {
		_, body := admin.b.get(path)
		wantIn(t, "admin's page", body, "Approved, but its profile is not published.", `action="`+path+`/publish"`, "Publish again")
		res, _ := admin.post(path + "/publish")
		wantRedirect(t, res, path)
		if publishes.Load() != 1 {
			t.Errorf("OnPublish called %d times, want 1", publishes.Load())
		}
		list, _ := e.published()
		if len(list.Profiles) != 1 || list.Profiles[0].Code != "44013" {
			t.Errorf("profiles %+v", list.Profiles)
		}
		_, body = admin.b.get(path)
		wantIn(t, "page", body, "Profile published again", "Published: it shows")
		wantNotIn(t, "page", body, "Approved, but its profile is not published.")
		a := e.audited(senderos.AuditPublish, lost.Reference)
		if len(a) != 1 || a[0].Outcome != senderos.OutcomeOK || a[0].Detail != "ine:44013 again" || a[0].StaffID != admin.ID {
			t.Errorf("audit %+v", a)
		}
	})
	t.Run("ShowsTheLastRebuilds", func(t *testing.T) {
		for _, b := range []senderos.AuditEntry{
			{Target: "build-hook", Outcome: senderos.OutcomeOK},
			{Target: "site", Outcome: senderos.OutcomeOK},
			{Target: "build-hook", Outcome: senderos.OutcomeFailed, Detail: "attempts=6: answered 503"},
		} {
			b.Actor, b.Action, b.At = "senderos", senderos.AuditSiteBuild, e.svc.Clock.Now()
			if err := e.svc.Audit.RecordAudit(t.Context(), &b); err != nil {
				t.Fatal(err)
			}
			e.svc.Clock.Add(time.Minute)
		}
		_, body := admin.b.get(path)
		wantIn(t, "page", body, "The last request to the hosting service to rebuild the public website failed (2026-11-27 10:02 UTC).",
			"website was last updated on 2026-11-27 10:01 UTC.")
		wantNotIn(t, "page", body, "accepted a rebuild")
		_, body = coord.b.get(path)
		wantNotIn(t, "coordinator's page", body, "hosting service")
	})
	t.Run("InFourLanguages", func(t *testing.T) {
		for lang, want := range map[string][]string{
			"es": {"Publicar de nuevo", "Falló la última petición al servicio de alojamiento"},
			"en": {"Publish again", "The last request to the hosting service"},
			"fr": {"Publier à nouveau", "au service d’hébergement a échoué"},
			"ar": {"إعادة النشر", "فشل آخر طلب إلى خدمة الاستضافة"},
		} {
			res, body := admin.b.get(path + "?lang=" + lang)
			wantStatus(t, res, http.StatusOK, body)
			wantIn(t, lang, body, want...)
		}
	})
}

// TestConcurrentApprovals races coordinators approving one sign-up through
// the handler: one approval publishes, the others are refused.
func TestConcurrentApprovals(t *testing.T) {
	var publishes atomic.Int32
	e := newRecordsEnv(t, publishCounter(&publishes))
	muni := e.municipality("44013")
	const n = 8
	coords := make([]*member, n)
	for i := range coords {
		coords[i] = e.login(senderos.RoleCoordinator, "Coordinator "+string(rune('A'+i)))
	}
	statuses := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, c := range coords {
		wg.Go(func() {
			<-start
			res, _ := c.post(muniPath(muni) + "/approve")
			statuses[i] = res.StatusCode
		})
	}
	close(start)
	wg.Wait()
	approved := 0
	for i, code := range statuses {
		switch code {
		case http.StatusSeeOther:
			approved++
		case http.StatusConflict:
		default:
			t.Errorf("coordinator %d got %d", i, code)
		}
	}
	if approved != 1 || publishes.Load() != 1 {
		t.Errorf("%d approvals, %d publications; want 1 of each", approved, publishes.Load())
	}
	ok := 0
	for _, a := range e.audited(senderos.AuditPublish, muni.Reference) {
		if a.Outcome == senderos.OutcomeOK {
			ok++
		}
	}
	if ok != 1 {
		t.Errorf("%d publications audited, want 1", ok)
	}
}

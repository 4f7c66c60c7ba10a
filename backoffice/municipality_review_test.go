package backoffice

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/webtest"
)

// municipality stores a municipality's sign-up with INE code code.
func (e *recordsEnv) municipality(code string) *senderos.Submission {
	e.t.Helper()
	s := webtest.Municipality(code)
	if _, err := e.svc.Submissions.CreateSubmission(e.t.Context(), s); err != nil {
		e.t.Fatal(err)
	}
	return s
}

func muniPath(s *senderos.Submission) string {
	return "/staff/municipalities/" + strconv.FormatInt(s.ID, 10)
}

// profileList is the published profiles, as the API lists them.
type profileList struct {
	Profiles []*senderos.Profile `json:"profiles"`
}

// published reads the published profiles the API serves (its own tests
// check how it serves them), and their JSON.
func (e *recordsEnv) published() (profileList, string) {
	e.t.Helper()
	profiles, err := e.srv.profiles.FindProfiles(e.t.Context())
	if err != nil {
		e.t.Fatal(err)
	}
	out := profileList{Profiles: profiles}
	body, err := json.Marshal(out)
	if err != nil {
		e.t.Fatal(err)
	}
	return out, string(body)
}

func TestMunicipalityReview(t *testing.T) {
	var publishes atomic.Int32
	e := newRecordsEnv(t, func(c *Config) {
		c.OnPublish = func(ctx context.Context) {
			if ctx.Err() == nil {
				publishes.Add(1)
			}
		}
	})
	coord := e.login(senderos.RoleCoordinator, "Cora Coordinator")
	tech := e.login(senderos.RoleTechnician, "Teo Technician")
	muni := e.municipality("44013")
	other := e.municipality("44001")
	path := muniPath(muni)

	t.Run("ListsSignUps", func(t *testing.T) {
		res, body := coord.b.get("/staff/municipalities")
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "list", body, muni.Reference, other.Reference, "Alcañiz 44013", "To review", "<caption")
		wantNotIn(t, "list", body, "Pilar Contacto", "adl@alcaniz.example")
		_, body = coord.b.get("/staff/municipalities?status=approved")
		wantNotIn(t, "approved list", body, muni.Reference)
	})
	t.Run("ShowsTheDescriptionRenderedAndSafe", func(t *testing.T) {
		res, body := coord.b.get(path)
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "record", body, "<strong>negrita</strong>", "<h2>Bienvenida</h2>", "Pilar Contacto", "adl@alcaniz.example",
			"978654321", "Residencia de mayores", "Care work: 2 jobs", "School, Pharmacy", "250 to 450 €", "Not published")
		wantNotIn(t, "record", body, "<script>alert", "# Bienvenida")
		if len(e.audited(senderos.AuditView, muni.Reference)) == 0 {
			t.Error("the view is not audited")
		}
	})
	t.Run("TechnicianMayNotReview", func(t *testing.T) {
		if res, _ := tech.b.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("technician reads an unassigned sign-up: %d", res.StatusCode)
		}
		for _, action := range []string{"/approve", "/reject", "/jobs"} {
			res, _ := tech.post(path+action, "sector", "care", "count", "1")
			wantStatus(t, res, http.StatusForbidden, "")
		}
		if publishes.Load() != 0 {
			t.Error("published")
		}
	})
	t.Run("JobsOnlyOnceApproved", func(t *testing.T) {
		res, body := coord.post(path+"/jobs", "sector", "care", "count", "1", "description", "x")
		wantStatus(t, res, http.StatusConflict, body)
	})
	t.Run("ApprovePublishesTheProfile", func(t *testing.T) {
		res, body := coord.post(path + "/approve")
		wantRedirect(t, res, path)
		if got := publishes.Load(); got != 1 {
			t.Errorf("OnPublish called %d times", got)
		}
		list, body := e.published()
		if len(list.Profiles) != 1 || list.Profiles[0].Code != "44013" || list.Profiles[0].Name != "Alcañiz 44013" ||
			list.Profiles[0].Homes != 4 || len(list.Profiles[0].Jobs) != 1 {
			t.Fatalf("profiles: %s", body)
		}
		wantNotIn(t, "public profile", body, "Pilar", "adl@", "978654321", "contact")
		wantIn(t, "public profile", body, `"description":"# Bienvenida`)
		_, body = coord.b.get(path)
		wantIn(t, "record", body, "Sign-up approved", "Approved and published", "Published: it shows", `action="`+path+`/jobs"`)
		wantNotIn(t, "record", body, `action="`+path+`/approve"`, `action="`+path+`/reject"`)
		if len(e.audited(senderos.AuditPublish, muni.Reference)) != 1 {
			t.Error("the publication is not audited")
		}
	})
	t.Run("ApprovingTwiceIsRefused", func(t *testing.T) {
		res, body := coord.post(path + "/approve")
		wantStatus(t, res, http.StatusConflict, body)
		res, body = coord.post(path + "/reject")
		wantStatus(t, res, http.StatusConflict, body)
		if got := publishes.Load(); got != 1 {
			t.Errorf("OnPublish called %d times", got)
		}
	})
	t.Run("JobOffers", func(t *testing.T) {
		for _, bad := range [][]string{
			{"sector", "mining", "count", "1"}, {"sector", "care", "count", "0"},
			{"sector", "care", "count", "x"}, {"sector", "care", "count", "501"},
			{"sector", "care", "count", "1", "description", strings.Repeat("x", senderos.MaxJobDescription+1)},
		} {
			res, body := coord.post(path+"/jobs", bad...)
			wantStatus(t, res, http.StatusUnprocessableEntity, body)
		}
		res, _ := coord.post(path+"/jobs", "sector", "hospitality", "count", "3", "description", "Camareros para el verano")
		wantRedirect(t, res, path)
		if got := publishes.Load(); got != 2 {
			t.Errorf("OnPublish called %d times", got)
		}
		list, _ := e.published()
		jobs := list.Profiles[0].Jobs
		if len(jobs) != 2 || jobs[1] != (senderos.JobOffer{Sector: "hospitality", Count: 3, Description: "Camareros para el verano"}) {
			t.Errorf("jobs %+v", jobs)
		}
		_, body := coord.b.get(path)
		wantIn(t, "record", body, "Offer added", "Hotels and restaurants: 3 jobs", "Camareros para el verano")
		if a := e.audited(senderos.AuditJobOffer, muni.Reference); len(a) != 1 || a[0].Detail != "ine:44013 sector=hospitality count=3" {
			t.Errorf("job audit %+v", a)
		}
	})
	t.Run("RejectPublishesNothing", func(t *testing.T) {
		res, _ := coord.post(muniPath(other) + "/reject")
		wantRedirect(t, res, muniPath(other))
		list, _ := e.published()
		if len(list.Profiles) != 1 {
			t.Errorf("%d profiles", len(list.Profiles))
		}
		_, body := coord.b.get("/staff/municipalities?status=rejected")
		wantIn(t, "rejected list", body, other.Reference)
		wantNotIn(t, "rejected list", body, muni.Reference)
		if got := publishes.Load(); got != 2 {
			t.Errorf("OnPublish called %d times", got)
		}
	})
}

package backoffice

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/cepaim/senderos"
)

// TestOfferChangeAndWithdraw changes a village's job and home by their
// forms, refuses bad values next to their fields, withdraws them once and
// finds neither under another village.
func TestOfferChangeAndWithdraw(t *testing.T) {
	e := newMatchEnv(t)
	other := "50297"
	res, body := e.coord.post(muniPath(e.municipality(other)) + "/approve")
	wantStatus(t, res, http.StatusSeeOther, body)
	job := e.addJob(e.coord)
	home := e.addHome(e.coord, job)
	jobPath := offerPath(e.code, "jobs", job)
	homePath := offerPath(e.code, "homes", home)

	t.Run("NotFoundUnderAnotherVillage", func(t *testing.T) {
		for _, p := range []string{offerPath(other, "jobs", job), offerPath(other, "homes", home),
			offerPath(e.code, "jobs", home+job+1), offerPath(e.code, "homes", home+job+1)} {
			res, body := e.coord.b.get(p)
			wantStatus(t, res, http.StatusNotFound, body)
			res, body = e.coord.post(p + "/withdraw")
			wantStatus(t, res, http.StatusNotFound, body)
		}
	})

	t.Run("JobsViewIsAudited", func(t *testing.T) {
		res, body := e.coord.b.get(jobPath)
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "job", body, `value="Jorge Encargado"`, `action="`+jobPath+`"`)
		if len(e.audited(senderos.AuditView, "job:"+strconv.FormatInt(job, 10))) == 0 {
			t.Error("job's view not audited")
		}
		res, body = e.coord.b.get(homePath)
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "home", body, `Cerca de la escuela`, `action="`+homePath+`"`)
	})

	t.Run("BadValuesRefused", func(t *testing.T) {
		res, body := e.coord.post(jobPath, e.goodJob("pay_min", "1500", "pay_max", "1000", "tasks", "Otra cosa")...)
		wantStatus(t, res, http.StatusUnprocessableEntity, body)
		wantIn(t, "job", body, `id="pay_max-problem"`)
		res, body = e.coord.post(homePath, "job", "999999", "bedrooms", "3", "rent", "-5", "available_from", e.day(10))
		wantStatus(t, res, http.StatusUnprocessableEntity, body)
		wantIn(t, "home", body, `id="rent-problem"`, `id="job-problem"`)
		j, _ := e.offers.FindJob(t.Context(), job)
		h, _ := e.offers.FindHome(t.Context(), home)
		if j.Tasks == "Otra cosa" || h.Rent != 300 {
			t.Errorf("bad values stored: tasks %q, rent %d", j.Tasks, h.Rent)
		}
		for _, target := range []string{"job:" + strconv.FormatInt(job, 10), "home:" + strconv.FormatInt(home, 10)} {
			if len(e.audited(senderos.AuditChange, target)) == 0 {
				t.Errorf("%s: refused change not audited", target)
			}
		}
	})

	t.Run("Changed", func(t *testing.T) {
		res, body := e.coord.post(jobPath, e.goodJob("tasks", "Almazara")...)
		wantStatus(t, res, http.StatusSeeOther, body)
		res, body = e.coord.post(homePath, "job", strconv.FormatInt(job, 10), "bedrooms", "4", "rent", "350", "available_from", e.day(10))
		wantStatus(t, res, http.StatusSeeOther, body)
		j, _ := e.offers.FindJob(t.Context(), job)
		h, _ := e.offers.FindHome(t.Context(), home)
		if j.Tasks != "Almazara" || h.Rent != 350 || h.Bedrooms != 4 || h.JobID != job {
			t.Errorf("not stored: tasks %q, home %+v", j.Tasks, h)
		}
	})

	t.Run("WithdrawnOnce", func(t *testing.T) {
		for _, p := range []string{jobPath, homePath} {
			res, body := e.coord.post(p + "/withdraw")
			wantStatus(t, res, http.StatusSeeOther, body)
			res, body = e.coord.post(p + "/withdraw")
			wantStatus(t, res, http.StatusConflict, body)
		}
		j, _ := e.offers.FindJob(t.Context(), job)
		h, _ := e.offers.FindHome(t.Context(), home)
		if j.Status != senderos.OfferWithdrawn || h.Status != senderos.OfferWithdrawn {
			t.Errorf("job %s, home %s after withdrawing", j.Status, h.Status)
		}
	})
}

// TestVillageLinkState names a village's link active, then revoked.
func TestVillageLinkState(t *testing.T) {
	e := newMatchEnv(t)
	res, body := e.coord.post(e.villagePath() + "/link")
	wantStatus(t, res, http.StatusCreated, body)
	_, body = e.coord.b.get(e.villagePath())
	wantNotIn(t, "a new link", body, "Revoked on")
	links, _ := e.srv.Villages.FindVillageLinks(t.Context(), e.code)
	res, body = e.coord.post(e.villagePath() + "/link/" + strconv.FormatInt(links[0].ID, 10) + "/revoke")
	wantStatus(t, res, http.StatusSeeOther, body)
	_, body = e.coord.b.get(e.villagePath())
	wantIn(t, "a revoked link", body, "Revoked on")
}

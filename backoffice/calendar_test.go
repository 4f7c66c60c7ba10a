package backoffice

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestCalendarFeed makes an account's feed, reads it (the case's
// reference, never the family's name), makes a new one (the old address
// stops working) and stops it.
func TestCalendarFeed(t *testing.T) {
	e := newCaseEnv(t)
	path := e.openCase()
	res, body := e.tech.post(path+"/itinerary", e.itinerary(0, "", "planned")...)
	wantStatus(t, res, http.StatusSeeOther, body)
	feedURL := func() string {
		_, body := e.tech.b.get("/staff/calendar")
		m := regexp.MustCompile(`(/staff/calendar/[A-Za-z0-9_-]+\.ics)`).FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		return m[1]
	}
	if feedURL() != "" {
		t.Fatal("a feed before it was made")
	}
	res, body = e.tech.post("/staff/calendar", "action", "new")
	wantRedirect(t, res, "/staff/calendar")
	first := feedURL()
	anon := newBrowser(t, e.srv)
	res, body = anon.get(first)
	wantStatus(t, res, http.StatusOK, body)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("Content-Type %q", ct)
	}
	wantIn(t, "feed", body, "BEGIN:VCALENDAR", e.fam.Reference, "DTSTART;VALUE=DATE:")
	wantNotIn(t, "feed", body, "Amina", "Haddad", "Llamar al ayuntamiento", "Encontrar trabajo")
	if strings.Count(body, "BEGIN:VEVENT") != 5 {
		t.Errorf("%d events, want 5 (three goals, two tasks):\n%s", strings.Count(body, "BEGIN:VEVENT"), body)
	}
	e.svc.Clock.Add(time.Second)
	e.tech.post("/staff/calendar", "action", "new")
	second := feedURL()
	if second == first || second == "" {
		t.Fatalf("new feed %q, old %q", second, first)
	}
	if res, _ := anon.get(first); res.StatusCode != http.StatusNotFound {
		t.Errorf("old feed: %d", res.StatusCode)
	}
	e.tech.post("/staff/calendar", "action", "stop")
	if res, _ := anon.get(second); res.StatusCode != http.StatusNotFound || feedURL() != "" {
		t.Errorf("stopped feed: %d", res.StatusCode)
	}
	if res, _ := anon.get("/staff/calendar/1-abc.ics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("guessed feed: %d", res.StatusCode)
	}
}

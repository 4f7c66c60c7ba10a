package backoffice

import (
	"crypto/hmac"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// Each account may have a private iCalendar feed of its due dates and
// planned visits, at /staff/calendar/{token}.ics, for the calendar app
// staff already use. The token is an HMAC, under a key derived from the
// configured key, of the account and the moment its feed was last made:
// nothing secret is stored, the session plays no part, and making the
// feed again (or stopping it) changes that moment, so that the old
// address stops working. The moment is kept in the audit log, which is
// append-only: the latest calendar.token entry of the account says
// whether its feed is on and since when.
//
// Calendar apps copy what they read to other companies' servers: an event
// says only the case's reference and the kind of item, never a name or
// anything someone typed.

// calendarKeyLabel derives the key of the feeds' tokens.
const calendarKeyLabel = "senderos: staff calendar key v1"

// The audit action of a feed made or stopped, its target the account.
const (
	auditCalendarToken = "calendar.token"
	calendarOn         = "made"
	calendarOff        = "stopped"
)

// calendarWeeks is how far ahead the feed looks, in weeks.
const calendarWeeks = 13

func (s *Server) registerCalendarFeed(r *mux.Router) {
	if s.Warnings == nil {
		return
	}
	r.HandleFunc("/calendar/{token:[A-Za-z0-9_-]+}.ics", s.handleCalendarFeed).Methods(http.MethodGet)
}

func (s *Server) registerCalendarRoutes(r *mux.Router) {
	if s.Warnings == nil {
		return
	}
	r.HandleFunc("/calendar", s.handleCalendarPage).Methods(http.MethodGet)
	r.HandleFunc("/calendar", s.handleCalendarToken).Methods(http.MethodPost)
}

// calendarTarget names an account in the audit log.
func calendarTarget(id int64) string { return "staff:" + strconv.FormatInt(id, 10) }

// calendarSince returns when the feed of account id was last made; zero
// when it is off.
func (s *Server) calendarSince(r *http.Request, id int64) (time.Time, error) {
	es, err := s.audits.FindAudit(r.Context(), senderos.AuditFilter{Action: auditCalendarToken, Target: calendarTarget(id), Limit: 1})
	if err != nil || len(es) == 0 || es[0].Detail != calendarOn {
		return time.Time{}, err
	}
	return es[0].At, nil
}

// calendarToken is the token of account id's feed made at since.
func (s *Server) calendarToken(id int64, since time.Time) string {
	msg := calendarTarget(id) + "|" + strconv.FormatInt(since.UnixNano(), 10)
	return strconv.FormatInt(id, 10) + "-" + base64.RawURLEncoding.EncodeToString(web.Sign(s.calendarKey, []byte(msg)))
}

type calendarData struct {
	URL string // the feed's address; "" when it is off
}

func (s *Server) handleCalendarPage(w http.ResponseWriter, r *http.Request) {
	st := staffFrom(r.Context())
	since, err := s.calendarSince(r, st.ID)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditView, calendarTarget(st.ID), senderos.OutcomeOK, "calendar page")
	d := &calendarData{}
	if !since.IsZero() {
		d.URL = strings.TrimSuffix(s.publicURL, "/") + "/staff/calendar/" + s.calendarToken(st.ID, since) + ".ics"
	}
	s.renderStaff(w, r, http.StatusOK, "calendar", "calendar.title", d)
}

// handleCalendarToken makes the account's feed (again: a new address) or
// stops it.
func (s *Server) handleCalendarToken(w http.ResponseWriter, r *http.Request) {
	st := staffFrom(r.Context())
	detail, flash := calendarOn, "calendar.flash.made"
	if r.PostFormValue("action") == "stop" {
		detail, flash = calendarOff, "calendar.flash.stopped"
	}
	e := &senderos.AuditEntry{Action: auditCalendarToken, Target: calendarTarget(st.ID), Outcome: senderos.OutcomeOK,
		Detail: detail, StaffID: st.ID, Actor: st.Email, At: s.Now()}
	if err := s.audits.RecordAudit(r.Context(), e); err != nil {
		s.staffError(w, r, err)
		return
	}
	s.setFlash(w, flash)
	http.Redirect(w, r, "/staff/calendar", http.StatusSeeOther)
}

// handleCalendarFeed answers the feed of the account the token names, or
// 404 for a wrong, old or stopped token.
func (s *Server) handleCalendarFeed(w http.ResponseWriter, r *http.Request) {
	token := mux.Vars(r)["token"]
	notFound := func() { http.Error(w, "Not found", http.StatusNotFound) }
	idText, _, _ := strings.Cut(token, "-")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		notFound()
		return
	}
	since, err := s.calendarSince(r, id)
	if err != nil {
		s.logger.Error("calendar feed", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	if since.IsZero() || !hmac.Equal([]byte(token), []byte(s.calendarToken(id, since))) {
		s.audit(r, senderos.AuditDeniedView, "calendar feed", senderos.OutcomeDenied, "bad token")
		notFound()
		return
	}
	st, err := s.staff.FindStaffByID(r.Context(), id)
	if err != nil || !st.Ready() {
		notFound()
		return
	}
	cal, err := s.calendarOf(r, st)
	if err != nil {
		s.logger.Error("calendar feed", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	s.recordAudit(r, &senderos.AuditEntry{Action: senderos.AuditView, Target: "calendar feed", Outcome: senderos.OutcomeOK,
		StaffID: st.ID, Actor: st.Email})
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	cal.SerializeTo(w)
}

// calendarOf builds the feed of st: the overdue items and those due in
// the next calendarWeeks weeks of the cases assigned to st.
func (s *Server) calendarOf(r *http.Request, st *senderos.Staff) (*ics.Calendar, error) {
	now := s.Now()
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//Fundación Cepaim//Nuevos Senderos//ES")
	cal.SetXWRCalName(staffText(st.Lang, "calendar.name"))
	seen := map[string]bool{}
	for week := range calendarWeeks {
		q, err := s.Warnings.WorkQueue(r.Context(), st, now.AddDate(0, 0, 7*week))
		if err != nil {
			return nil, err
		}
		items := q.DueThisWeek
		if week == 0 {
			items = append(append([]senderos.QueueItem{}, q.Overdue...), items...)
		}
		for _, it := range items {
			uid := it.Kind + "-" + strconv.FormatInt(it.CaseID, 10) + "-" + strconv.FormatInt(it.ID, 10) + "@senderos"
			if it.AssigneeID != st.ID || seen[uid] {
				continue
			}
			seen[uid] = true
			e := cal.AddEvent(uid)
			e.SetDtStampTime(now)
			e.SetAllDayStartAt(it.Due)
			e.SetAllDayEndAt(it.Due.AddDate(0, 0, 1))
			e.SetSummary(it.Reference + " · " + queueItemText(st.Lang, it))
			if s.publicURL != "" {
				e.SetURL(strings.TrimSuffix(s.publicURL, "/") + casePath(it.CaseID))
			}
		}
	}
	return cal, nil
}

package backoffice

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gorilla/mux"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"github.com/cepaim/senderos"
)

// registerHostReviewRoutes serves the review of host families' and
// mentors' sign-ups under /staff/hosts on r, the back-office's
// authenticated subrouter: staff read a sign-up, interview the host, and a
// coordinator approves or rejects them with what came of the interview, as
// municipality sign-ups are reviewed. An approved host can be part of a
// match (senderos.NewHost).
func (s *Server) registerHostReviewRoutes(r *mux.Router) {
	lead := s.requireRole(senderos.RoleAdmin, senderos.RoleCoordinator)
	k := senderos.KindHost
	r.HandleFunc("/hosts", s.handleHosts).Methods(http.MethodGet)
	r.HandleFunc("/hosts/{id:[0-9]+}", s.handleHost).Methods(http.MethodGet)
	r.HandleFunc("/hosts/{id:[0-9]+}/notes", s.handleRecordNote(k)).Methods(http.MethodPost)
	r.Handle("/hosts/{id:[0-9]+}/review", lead(http.HandlerFunc(s.handleHostReview))).Methods(http.MethodPost)
	r.Handle("/hosts/{id:[0-9]+}/export.json", lead(s.handleRecordExport(k))).Methods(http.MethodGet)
	r.Handle("/hosts/{id:[0-9]+}/erase", lead(s.handleEraseConfirm(k))).Methods(http.MethodGet)
	r.Handle("/hosts/{id:[0-9]+}/erase", lead(s.handleErase(k))).Methods(http.MethodPost)
}

// maxHostList is how many sign-ups the list reads to sort them by village:
// the stores' largest page. The programme has a few hosts per village.
const maxHostList = 1000

// hostRow is a line of the hosts list: the village and what the host
// offers, never their contact.
type hostRow struct {
	ID                                 int64
	Reference, Village, Province, Kind string
	People                             int
	Created, Status                    string
	code, name                         string // for sorting
	created                            time.Time
}

// hostListData is what templates/host_list.html shows.
type hostListData struct {
	Status, Village    string
	Statuses           []option
	Provinces          []option
	Rows               []hostRow
	Total, First, Last int
	PrevURL, NextURL   string
}

// handleHosts lists host sign-ups by village (province, then name), newest
// first within a village, filtered by status, province and a part of the
// village's name.
func (s *Server) handleHosts(w http.ResponseWriter, r *http.Request) {
	ctx, st, lang := r.Context(), staffFrom(r.Context()), s.staffLang(r)
	q := r.URL.Query()
	f := senderos.SubmissionFilter{Kind: senderos.KindHost, Limit: maxHostList}
	if v := senderos.Status(q.Get("status")); v == senderos.StatusSuspected || slices.Contains(senderos.HostStatuses, v) {
		f.Status = v
	}
	province := q.Get("province")
	village := strings.TrimSpace(q.Get("village"))
	if utf8.RuneCountInString(village) > 120 || senderos.ValidText(village, false) != "" {
		village = ""
	}
	page := 1
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 && p < 100000 {
		page = p
	}
	scope(st, &f)
	subs, err := s.Submissions.FindSubmissions(ctx, f)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	d := hostListData{Status: string(f.Status), Village: village}
	d.Statuses = append([]option{{Label: staffText(lang, "family.filter.any")}}, statusOptions(lang, senderos.KindHost,
		append(slices.Clone(senderos.HostStatuses), senderos.StatusSuspected), f.Status)...)
	d.Provinces = []option{{Label: staffText(lang, "family.filter.any")}}
	provinceName := ""
	if s.Places != nil {
		for _, a := range s.Places.Provinces() {
			d.Provinces = append(d.Provinces, option{Value: a.Code, Label: a.Name, Selected: a.Code == province})
			if a.Code == province {
				provinceName = a.Name
			}
		}
	}
	fold := cases.Fold()
	needle := fold.String(foldAccents(village))
	var rows []hostRow
	for _, sub := range subs {
		h := sub.Host
		if h == nil || (provinceName != "" && h.Province != provinceName) ||
			(needle != "" && !strings.Contains(fold.String(foldAccents(h.Name)), needle)) {
			continue
		}
		kind, _ := senderos.HostKindList.Label(h.Kind, lang)
		rows = append(rows, hostRow{ID: sub.ID, Reference: sub.Reference, Village: h.Name, Province: h.Province,
			Kind: kind, People: h.People, Created: sub.CreatedAt.UTC().Format(time.DateOnly),
			Status: statusLabel(lang, sub.Kind, sub.Status), code: h.Province, name: h.Name, created: sub.CreatedAt})
	}
	coll := cases.Lower(language.Spanish)
	slices.SortStableFunc(rows, func(a, b hostRow) int {
		return cmp.Or(strings.Compare(coll.String(foldAccents(a.code)), coll.String(foldAccents(b.code))),
			strings.Compare(coll.String(foldAccents(a.name)), coll.String(foldAccents(b.name))),
			b.created.Compare(a.created))
	})
	d.Total = len(rows)
	from := min((page-1)*familyPageSize, len(rows))
	to := min(from+familyPageSize, len(rows))
	d.Rows = rows[from:to]
	if len(d.Rows) > 0 {
		d.First, d.Last = from+1, to
	}
	link := func(p int) string {
		v := url.Values{}
		if f.Status != "" {
			v.Set("status", string(f.Status))
		}
		if provinceName != "" {
			v.Set("province", province)
		}
		if village != "" {
			v.Set("village", village)
		}
		v.Set("page", strconv.Itoa(p))
		return "/staff/hosts?" + v.Encode()
	}
	if page > 1 {
		d.PrevURL = link(page - 1)
	}
	if to < len(rows) {
		d.NextURL = link(page + 1)
	}
	detail := "status=" + string(f.Status)
	if provinceName != "" {
		detail += " province=" + province
	}
	if village != "" {
		detail += " village"
	}
	s.audit(r, senderos.AuditList, "hosts", senderos.OutcomeOK, detail)
	s.renderStaff(w, r, http.StatusOK, "host_list", "host.list.title", d)
}

// foldAccents drops the accents of Spanish letters, so that "avila" finds
// "Ávila".
var foldAccents = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n",
	"Á", "A", "É", "E", "Í", "I", "Ó", "O", "Ú", "U", "Ü", "U", "Ñ", "N").Replace

// hostData is what a host sign-up's page shows besides what every record's
// page shows.
type hostData struct {
	Village, Host, Contact []field
	About                  string
	CanReview              bool
	CanApprove, CanReject  bool
	MaxNote                int
}

// hostPage is the data of templates/host_detail.html: the record's, and
// the host's.
type hostPage struct {
	*recordData
	Host *hostData
}

// handleHost shows a host sign-up, its contact included, to staff who may
// read it; the view is audited.
func (s *Server) handleHost(w http.ResponseWriter, r *http.Request) {
	sub, d, ok := s.loadRecordPage(w, r, senderos.KindHost)
	if !ok {
		return
	}
	lang, h := s.staffLang(r), sub.Host
	if h == nil {
		h = &senderos.HostSignup{}
	}
	t := func(key string) string { return staffText(lang, key) }
	kind, _ := senderos.HostKindList.Label(h.Kind, lang)
	langs := make([]string, 0, len(h.Languages))
	for _, l := range h.Languages {
		langs = append(langs, languageName(lang, l))
	}
	offers := make([]string, 0, len(h.Offers))
	for _, o := range h.Offers {
		label, _ := senderos.HostOfferList.Label(o, lang)
		offers = append(offers, label)
	}
	channel, _ := senderos.ChannelList.Label(h.Contact.Channel, lang)
	hd := &hostData{
		Village: []field{
			{t("host.f.village"), h.Name}, {t("host.f.code"), h.Code},
			{t("host.f.province"), h.Province}, {t("host.f.region"), h.Region},
		},
		Host: []field{
			{t("host.f.kind"), orNone(lang, kind)},
			{t("host.f.people"), strconv.Itoa(h.People)},
			{t("host.f.languages"), orNone(lang, listJoin(lang, langs))},
			{t("host.f.offers"), orNone(lang, listJoin(lang, offers))},
		},
		Contact: []field{
			{t("host.f.name"), h.Contact.Name},
			{t("host.f.phone"), orNone(lang, h.Contact.Phone)},
			{t("host.f.email"), orNone(lang, h.Contact.Email)},
			{t("host.f.contact_lang"), orNone(lang, languageName(lang, h.Contact.Language))},
			{t("host.f.channel"), orNone(lang, channel)},
		},
		About:   h.About,
		MaxNote: maxNote,
	}
	lead := staffFrom(r.Context()).CanSeeAll()
	hd.CanApprove = lead && senderos.CanChangeStatus(sub.Kind, sub.Status, senderos.StatusApproved)
	hd.CanReject = lead && senderos.CanChangeStatus(sub.Kind, sub.Status, senderos.StatusRejected)
	hd.CanReview = hd.CanApprove || hd.CanReject
	s.audit(r, senderos.AuditView, sub.Reference, senderos.OutcomeOK, "")
	s.renderStaff(w, r, http.StatusOK, "host_detail", "host.detail.title", hostPage{recordData: d, Host: hd})
}

// handleHostReview records a coordinator's decision after the interview:
// approved or rejected, with the interview's note, in one change (one
// event each). Approving needs the note: it says why the host was found
// fit.
func (s *Server) handleHostReview(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.loadRecord(w, r, senderos.KindHost)
	if !ok {
		return
	}
	lang := s.staffLang(r)
	to := senderos.Status(r.PostFormValue("decision"))
	if to != senderos.StatusApproved && to != senderos.StatusRejected {
		s.staffError(w, r, recordError(senderos.EINVALID, staffText(lang, "family.bad_status")))
		return
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	if f := senderos.ValidText(note, true); f != "" {
		s.staffError(w, r, recordError(senderos.EINVALID, staffText(lang, staffTextFault(f))))
		return
	}
	if (note == "" && to == senderos.StatusApproved) || utf8.RuneCountInString(note) > maxNote {
		s.staffError(w, r, recordError(senderos.EINVALID, staffText(lang, "host.bad_interview", maxNote)))
		return
	}
	detail := string(sub.Status) + " → " + string(to)
	refused := func() error {
		return recordError(senderos.ECONFLICT, staffText(lang, "family.refused_status",
			statusLabel(lang, sub.Kind, sub.Status), statusLabel(lang, sub.Kind, to)))
	}
	if !senderos.CanChangeStatus(sub.Kind, sub.Status, to) {
		s.audit(r, senderos.AuditChange, sub.Reference, senderos.OutcomeFailed, detail)
		s.staffError(w, r, refused())
		return
	}
	if _, err := s.Submissions.UpdateSubmission(r.Context(), senderos.SubmissionUpdate{
		ID: sub.ID, By: staffFrom(r.Context()).ID, Status: to, Note: note,
	}); err != nil {
		s.audit(r, senderos.AuditChange, sub.Reference, senderos.OutcomeFailed, detail)
		if senderos.ErrorCode(err) == senderos.ECONFLICT {
			err = refused()
		}
		s.staffError(w, r, err)
		return
	}
	if note != "" {
		detail += ", interview note"
	}
	s.audit(r, senderos.AuditChange, sub.Reference, senderos.OutcomeOK, "status: "+detail)
	s.setFlash(w, "host.flash."+string(to))
	http.Redirect(w, r, recordBase(sub.Kind, sub.ID), http.StatusSeeOther)
}

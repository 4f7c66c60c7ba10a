package backoffice

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
	"github.com/cepaim/senderos/texts"
)

// The pages here make, list, revoke and send the private link to a
// family's own page (package familypage), under
// /staff/families/{id}/link. The token is shown once, when it is made,
// with the message to send already written in the family's language.

// MailFamily sends a plain-text e-mail in lang to one family's address:
// the portal's SMTP server, or nil when none is configured.
type MailFamily func(ctx context.Context, to, subject, body, lang string) error

// maxFamilyLinkLifetime bounds the expiry staff may choose.
const maxFamilyLinkLifetime = 2 * 366 * 24 * time.Hour

func (s *Server) registerFamilyLinkRoutes(r *mux.Router) {
	r.HandleFunc("/families/{id:[0-9]+}/link", s.handleFamilyLinks).Methods(http.MethodGet)
	r.HandleFunc("/families/{id:[0-9]+}/link", s.handleCreateFamilyLink).Methods(http.MethodPost)
	r.HandleFunc("/families/{id:[0-9]+}/link/email", s.handleEmailFamilyLink).Methods(http.MethodPost)
	r.HandleFunc("/families/{id:[0-9]+}/link/{link:[0-9]+}/revoke", s.handleRevokeFamilyLink).Methods(http.MethodPost)
}

// familyLinksData is the page of a case's links.
type familyLinksData struct {
	Base, Reference string
	HasCase         bool
	Links           []familyLinkRow
	Expires         string // the form's expiry, YYYY-MM-DD
	Min, Max        string
	Error           string // a message key
}

type familyLinkRow struct {
	*senderos.FamilyLink
	State string // translated
	Live  bool   // may be revoked
}

// familyLinkNewData is the page shown once a link is made.
type familyLinkNewData struct {
	Base, Reference string
	Link            string
	Token           string // posted back to e-mail the link
	Expires         time.Time
	Channel         string // the family's preferred channel, translated
	Lang            string // the family's language, named in staff's
	WhatsApp        string // the wa.me address with the message; "" without a phone
	Message         string
	CanEmail        bool // the family gave an address
	HasSMTP         bool
}

// familyCase returns the family record {id} the account may read and its
// case (nil when none is open yet), or answers and returns false.
func (s *Server) familyCase(w http.ResponseWriter, r *http.Request) (*senderos.Submission, *senderos.Case, bool) {
	if s.Families == nil || s.Cases == nil {
		s.staffError(w, r, senderos.Errorf(senderos.ENOTFOUND, "No such page."))
		return nil, nil, false
	}
	sub, ok := s.loadRecord(w, r, senderos.KindInterest)
	if !ok {
		return nil, nil, false
	}
	c, err := s.Cases.FindCaseBySubmission(r.Context(), sub.ID)
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		return sub, nil, true
	} else if err != nil {
		s.staffError(w, r, err)
		return nil, nil, false
	}
	return sub, c, true
}

func (s *Server) handleFamilyLinks(w http.ResponseWriter, r *http.Request) {
	sub, c, ok := s.familyCase(w, r)
	if !ok {
		return
	}
	s.renderFamilyLinks(w, r, http.StatusOK, sub, c, s.Now().Add(senderos.FamilyLinkLifetime), "")
}

func (s *Server) renderFamilyLinks(w http.ResponseWriter, r *http.Request, status int, sub *senderos.Submission, c *senderos.Case, expires time.Time, errKey string) {
	lang, now := s.staffLang(r), s.Now()
	d := familyLinksData{Base: recordBase(sub.Kind, sub.ID), Reference: sub.Reference, HasCase: c != nil,
		Expires: expires.UTC().Format(time.DateOnly), Error: errKey,
		Min: now.AddDate(0, 0, 1).UTC().Format(time.DateOnly), Max: now.Add(maxFamilyLinkLifetime).UTC().Format(time.DateOnly)}
	if c != nil {
		links, err := s.Families.FindFamilyLinks(r.Context(), c.ID)
		if err != nil {
			s.staffError(w, r, err)
			return
		}
		for _, l := range links {
			d.Links = append(d.Links, familyLinkRow{FamilyLink: l, State: linkState(lang, l.RevokedAt, l.ExpiresAt, now), Live: l.Valid(now)})
		}
	}
	s.renderStaff(w, r, status, "family_link", "familylink.title", d)
}

func (s *Server) handleCreateFamilyLink(w http.ResponseWriter, r *http.Request) {
	sub, c, ok := s.familyCase(w, r)
	if !ok {
		return
	}
	if c == nil {
		s.renderFamilyLinks(w, r, http.StatusConflict, sub, c, s.Now().Add(senderos.FamilyLinkLifetime), "familylink.no_case")
		return
	}
	if s.publicURL == "" {
		s.staffError(w, r, web.LocalError(senderos.ENOTIMPLEMENTED, staffText(s.staffLang(r), "familylink.no_public_url")))
		return
	}
	now := s.Now()
	day, err := time.Parse(time.DateOnly, r.PostFormValue("expires"))
	// The link works to the end of the day chosen.
	expires := day.Add(24 * time.Hour)
	if err != nil || !expires.After(now.Add(time.Hour)) || expires.After(now.Add(maxFamilyLinkLifetime+24*time.Hour)) {
		s.renderFamilyLinks(w, r, http.StatusUnprocessableEntity, sub, c, now.Add(senderos.FamilyLinkLifetime), "familylink.err_expires")
		return
	}
	l, token, err := s.Families.CreateFamilyLink(r.Context(), c.ID, staffFrom(r.Context()).ID, now, expires)
	if senderos.ErrorCode(err) == senderos.EINVALID {
		s.renderFamilyLinks(w, r, http.StatusUnprocessableEntity, sub, c, now.Add(senderos.FamilyLinkLifetime), "familylink.err_expires")
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	// The store audits the making of the link.
	s.renderStaff(w, r, http.StatusCreated, "family_link_new", "familylink.title", s.familyLinkNew(r, sub, l, token))
}

// familyLink returns the address of the family page a token opens, from
// the configured public address, never from the request.
func (s *Server) familyLink(token string) string {
	return strings.TrimSuffix(s.publicURL, "/") + "/family/" + token
}

// familyLang returns the language the family uses with the programme.
func familyLang(sub *senderos.Submission) string {
	if sub.Interest != nil {
		if l, ok := web.SiteLanguage(sub.Interest.Contact.Language); ok {
			return l
		}
	}
	if l, ok := web.SiteLanguage(sub.Lang); ok {
		return l
	}
	return web.Languages[0]
}

// firstName returns the first word of the name the family gave: all the
// message to it says of it.
func firstName(sub *senderos.Submission) string {
	if sub.Interest == nil {
		return ""
	}
	f := strings.Fields(sub.Interest.Contact.Name)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// familyMessage returns the message that carries link, in the family's
// language, with its first name only.
func familyMessage(sub *senderos.Submission, link string) string {
	return texts.T(familyLang(sub), "familypage.message", firstName(sub), link)
}

func (s *Server) familyLinkNew(r *http.Request, sub *senderos.Submission, l *senderos.FamilyLink, token string) familyLinkNewData {
	lang := s.staffLang(r)
	link := s.familyLink(token)
	d := familyLinkNewData{Base: recordBase(sub.Kind, sub.ID), Reference: sub.Reference, Link: link, Token: token,
		Expires: l.ExpiresAt, Message: familyMessage(sub, link), HasSMTP: s.mailFamily != nil,
		Lang: languageName(lang, familyLang(sub))}
	if sub.Interest != nil {
		ct := sub.Interest.Contact
		d.Channel, _ = senderos.ChannelList.Label(ct.Channel, lang)
		if p := whatsAppNumber(ct.Phone); p != "" {
			d.WhatsApp = "https://wa.me/" + p + "?text=" + strings.ReplaceAll(url.QueryEscape(d.Message), "+", "%20")
		}
		d.CanEmail = ct.Email != ""
	}
	return d
}

// whatsAppNumber returns phone in the international form wa.me wants,
// digits only; a Spanish number without its prefix gets 34. It returns ""
// for what cannot be a phone number.
func whatsAppNumber(phone string) string {
	phone = strings.TrimSpace(phone)
	var digits strings.Builder
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			digits.WriteRune(r)
		}
	}
	d := digits.String()
	switch {
	case strings.HasPrefix(phone, "+"):
	case strings.HasPrefix(d, "00"):
		d = d[2:]
	case len(d) == 9 && strings.ContainsAny(d[:1], "6789"):
		d = "34" + d
	}
	if len(d) < 8 || len(d) > 15 {
		return ""
	}
	return d
}

func (s *Server) handleRevokeFamilyLink(w http.ResponseWriter, r *http.Request) {
	sub, c, ok := s.familyCase(w, r)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(mux.Vars(r)["link"], 10, 64)
	notFound := web.LocalError(senderos.ENOTFOUND, staffText(s.staffLang(r), "family.not_found"))
	if c == nil {
		s.staffError(w, r, notFound)
		return
	}
	// Only a link of this very case: the account may read no other.
	links, err := s.Families.FindFamilyLinks(r.Context(), c.ID)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	found := false
	for _, l := range links {
		found = found || l.ID == id
	}
	if !found {
		s.staffError(w, r, notFound)
		return
	}
	if err := s.Families.RevokeFamilyLink(r.Context(), id, s.Now()); err != nil && senderos.ErrorCode(err) != senderos.ECONFLICT {
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditFamilyLink, sub.Reference, senderos.OutcomeOK, fmt.Sprintf("link %d revoked", id))
	s.setFlash(w, "familylink.revoked")
	http.Redirect(w, r, recordBase(sub.Kind, sub.ID)+"/link", http.StatusSeeOther)
}

// handleEmailFamilyLink e-mails the link just made to the family: the
// form posts back its token, which must open this very case.
func (s *Server) handleEmailFamilyLink(w http.ResponseWriter, r *http.Request) {
	sub, c, ok := s.familyCase(w, r)
	if !ok {
		return
	}
	lang := s.staffLang(r)
	if s.mailFamily == nil {
		s.staffError(w, r, web.LocalError(senderos.ENOTIMPLEMENTED, staffText(lang, "familylink.no_smtp")))
		return
	}
	if sub.Interest == nil || sub.Interest.Contact.Email == "" {
		s.staffError(w, r, web.LocalError(senderos.EINVALID, staffText(lang, "familylink.no_email")))
		return
	}
	token := r.PostFormValue("token")
	opened, err := s.Families.OpenFamilyLink(r.Context(), senderos.HashFamilyToken(token), s.Now())
	if err != nil || c == nil || opened.ID != c.ID {
		s.staffError(w, r, web.LocalError(senderos.ENOTFOUND, staffText(lang, "family.not_found")))
		return
	}
	flang := familyLang(sub)
	body := familyMessage(sub, s.familyLink(token)) + "\n"
	flash, outcome := "familylink.email_sent", senderos.OutcomeOK
	if err := s.mailFamily(r.Context(), sub.Interest.Contact.Email, texts.T(flang, "familypage.message_subject"), body, flang); err != nil {
		// The server's answer may repeat the address: not logged.
		s.logger.Error("e-mail family link", "request_id", web.RequestIDFrom(r.Context()), "reference", sub.Reference)
		flash, outcome = "familylink.email_failed", senderos.OutcomeFailed
	}
	s.audit(r, senderos.AuditFamilyLink, sub.Reference, outcome, "link sent by e-mail")
	s.setFlash(w, flash)
	http.Redirect(w, r, recordBase(sub.Kind, sub.ID)+"/link", http.StatusSeeOther)
}

// linkState names in lang the state at now of a family's or a village's
// link revoked at revoked (zero if not) that expires at expires.
func linkState(lang string, revoked, expires, now time.Time) string {
	switch {
	case !revoked.IsZero():
		return staffText(lang, "familylink.state_revoked", staffTime(revoked))
	case !now.Before(expires):
		return staffText(lang, "familylink.state_expired")
	}
	return staffText(lang, "familylink.state_active")
}

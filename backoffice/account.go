package backoffice

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// registerAccountRoutes serves the accounts page (admins only).
func (s *Server) registerAccountRoutes(r *mux.Router) {
	r.HandleFunc("/accounts", s.handleAccounts).Methods(http.MethodGet)
	r.HandleFunc("/accounts", s.handleCreateAccount).Methods(http.MethodPost)
	r.HandleFunc("/accounts/{id:[0-9]+}/role", s.handleAccountRole).Methods(http.MethodPost)
	r.HandleFunc("/accounts/{id:[0-9]+}/disable", s.handleAccountDisable).Methods(http.MethodPost)
	r.HandleFunc("/accounts/{id:[0-9]+}/enable", s.handleAccountEnable).Methods(http.MethodPost)
	r.HandleFunc("/accounts/{id:[0-9]+}/unlock", s.handleAccountUnlock).Methods(http.MethodPost)
	r.HandleFunc("/accounts/{id:[0-9]+}/reset", s.handleAccountReset).Methods(http.MethodPost)
}

// accountInput is what the new-account form sends.
type accountInput struct {
	Name, Email, Role, Lang string
}

// validate returns the text keys of what is wrong with in.
func (in *accountInput) validate() []string {
	var errs []string
	if f := senderos.ValidText(in.Name, false); f != "" {
		errs = append(errs, staffTextFault(f))
	} else if in.Name == "" || utf8.RuneCountInString(in.Name) > 200 {
		errs = append(errs, "accounts.err_name")
	}
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 254 {
		errs = append(errs, "accounts.err_email")
	}
	if !slices.Contains(senderos.Roles, senderos.Role(in.Role)) {
		errs = append(errs, "accounts.err_role")
	}
	if !isStaffLang(in.Lang) {
		errs = append(errs, "accounts.err_lang")
	}
	return errs
}

// accountsData is what the accounts page shows.
type accountsData struct {
	Accounts []accountRow
	Roles    []senderos.Role
	Langs    []staffLanguage
	Form     accountInput
	Errors   []string
}

type accountRow struct {
	*senderos.Staff
	Locked bool // some address is locked out
	Alert  bool // repeated failed logins since the last login
	Self   bool
}

// State is the text key of the account's state.
func (a accountRow) State() string {
	switch {
	case a.Disabled:
		return "accounts.state_disabled"
	case a.SetupTokenHash != "" && a.PasswordHash == "":
		return "accounts.state_setup"
	case a.Locked:
		return "accounts.state_locked"
	}
	return "accounts.state_active"
}

// accountLinkData is the page that shows a new set-up link once.
type accountLinkData struct {
	Email   string
	Link    string
	Expires time.Time
}

func (s *Server) handleAccounts(w http.ResponseWriter, r *http.Request) {
	s.renderAccounts(w, r, http.StatusOK, accountInput{Role: string(senderos.RoleTechnician), Lang: "es"}, nil)
}

func (s *Server) renderAccounts(w http.ResponseWriter, r *http.Request, status int, form accountInput, errs []string) {
	list, err := s.staff.FindStaff(r.Context())
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	me, now := staffFrom(r.Context()), s.Now()
	data := accountsData{Roles: senderos.Roles, Langs: staffLanguages, Form: form, Errors: errs}
	for _, st := range list {
		data.Accounts = append(data.Accounts, accountRow{Staff: st, Locked: st.LockedUntil.After(now),
			Alert: st.FailedLogins >= loginAlertAt, Self: st.ID == me.ID})
	}
	s.renderStaff(w, r, status, "accounts", "accounts.title", data)
}

func (s *Server) handleCreateAccount(w http.ResponseWriter, r *http.Request) {
	in := accountInput{
		Name:  strings.TrimSpace(r.PostFormValue("name")),
		Email: strings.ToLower(strings.TrimSpace(r.PostFormValue("email"))),
		Role:  r.PostFormValue("role"), Lang: r.PostFormValue("lang"),
	}
	if errs := in.validate(); len(errs) > 0 {
		s.renderAccounts(w, r, http.StatusUnprocessableEntity, in, errs)
		return
	}
	if !s.canMakeLinks(w, r) {
		return
	}
	token := rand.Text()
	st := &senderos.Staff{
		Name: in.Name, Email: in.Email, Role: senderos.Role(in.Role), Lang: in.Lang,
		SetupTokenHash: hashToken(token), SetupExpiresAt: s.Now().Add(setupTTL),
	}
	if err := s.staff.CreateStaff(r.Context(), st); senderos.ErrorCode(err) == senderos.ECONFLICT {
		s.renderAccounts(w, r, http.StatusConflict, in, []string{"accounts.err_taken"})
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditStaffAdd, fmt.Sprintf("staff:%d", st.ID), senderos.OutcomeOK, "role="+in.Role)
	s.renderStaff(w, r, http.StatusCreated, "account_link", "accounts.link_title",
		accountLinkData{Email: st.Email, Link: s.setupLink(token), Expires: st.SetupExpiresAt})
}

// setupLink is the absolute set-up URL for token, under the configured
// public address: never the request's Host, which the client writes.
func (s *Server) setupLink(token string) string {
	return strings.TrimSuffix(s.publicURL, "/") + "/staff/setup/" + token
}

// canMakeLinks answers, and returns false, when no public address is
// configured to make set-up links from.
func (s *Server) canMakeLinks(w http.ResponseWriter, r *http.Request) bool {
	if s.publicURL != "" {
		return true
	}
	s.staffError(w, r, web.LocalError(senderos.ENOTIMPLEMENTED, staffText(s.staffLang(r), "accounts.err_no_public_url")))
	return false
}

// accountTarget loads the account named in the route. Admins may not act
// on their own account, so that one always stays.
func (s *Server) accountTarget(w http.ResponseWriter, r *http.Request) *senderos.Staff {
	id, err := strconv.ParseInt(mux.Vars(r)["id"], 10, 64)
	if err != nil {
		s.staffError(w, r, senderos.Errorf(senderos.ENOTFOUND, "No such account."))
		return nil
	}
	st, err := s.staff.FindStaffByID(r.Context(), id)
	if err != nil {
		s.staffError(w, r, err)
		return nil
	}
	if st.ID == staffFrom(r.Context()).ID {
		s.audit(r, senderos.AuditStaffEdit, fmt.Sprintf("staff:%d", st.ID), senderos.OutcomeDenied, "own account")
		s.staffError(w, r, web.LocalError(senderos.EFORBIDDEN, staffText(s.staffLang(r), "accounts.err_self")))
		return nil
	}
	return st
}

// saveAccount writes st, audits the change and goes back to the list.
func (s *Server) saveAccount(w http.ResponseWriter, r *http.Request, st *senderos.Staff, detail, flash string) bool {
	if err := s.staff.UpdateStaff(r.Context(), st); err != nil {
		s.staffError(w, r, err)
		return false
	}
	s.audit(r, senderos.AuditStaffEdit, fmt.Sprintf("staff:%d", st.ID), senderos.OutcomeOK, detail)
	s.setFlash(w, flash)
	http.Redirect(w, r, "/staff/accounts", http.StatusSeeOther)
	return true
}

func (s *Server) handleAccountRole(w http.ResponseWriter, r *http.Request) {
	st := s.accountTarget(w, r)
	if st == nil {
		return
	}
	role := senderos.Role(r.PostFormValue("role"))
	if !slices.Contains(senderos.Roles, role) {
		s.staffError(w, r, web.LocalError(senderos.EINVALID, staffText(s.staffLang(r), "accounts.err_role")))
		return
	}
	detail := fmt.Sprintf("role %s → %s", st.Role, role)
	st.Role = role
	s.saveAccount(w, r, st, detail, "accounts.saved")
}

func (s *Server) handleAccountDisable(w http.ResponseWriter, r *http.Request) {
	st := s.accountTarget(w, r)
	if st == nil {
		return
	}
	st.Disabled = true
	if err := s.sessions.DeleteStaffSessions(r.Context(), st.ID); err != nil {
		s.staffError(w, r, err)
		return
	}
	s.saveAccount(w, r, st, "disabled; sessions ended", "accounts.saved")
}

func (s *Server) handleAccountEnable(w http.ResponseWriter, r *http.Request) {
	st := s.accountTarget(w, r)
	if st == nil {
		return
	}
	st.Disabled = false
	s.saveAccount(w, r, st, "enabled", "accounts.saved")
}

func (s *Server) handleAccountUnlock(w http.ResponseWriter, r *http.Request) {
	st := s.accountTarget(w, r)
	if st == nil {
		return
	}
	if err := s.staff.UnlockStaff(r.Context(), st.ID); err != nil {
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditStaffEdit, fmt.Sprintf("staff:%d", st.ID), senderos.OutcomeOK, "unlocked")
	s.setFlash(w, "accounts.saved")
	http.Redirect(w, r, "/staff/accounts", http.StatusSeeOther)
}

// handleAccountReset voids the account's password and second factor, ends
// its sessions and shows a new set-up link.
func (s *Server) handleAccountReset(w http.ResponseWriter, r *http.Request) {
	st := s.accountTarget(w, r)
	if st == nil || !s.canMakeLinks(w, r) {
		return
	}
	token := rand.Text()
	st.PasswordHash, st.TOTPSecret, st.TOTPLastStep = "", nil, 0
	st.SetupTokenHash, st.SetupExpiresAt = hashToken(token), s.Now().Add(setupTTL)
	if err := s.staff.UnlockStaff(r.Context(), st.ID); err != nil {
		s.staffError(w, r, err)
		return
	}
	if err := s.sessions.DeleteStaffSessions(r.Context(), st.ID); err != nil {
		s.staffError(w, r, err)
		return
	}
	if err := s.staff.UpdateStaff(r.Context(), st); err != nil {
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditStaffEdit, fmt.Sprintf("staff:%d", st.ID), senderos.OutcomeOK, "reset; new set-up link")
	s.renderStaff(w, r, http.StatusOK, "account_link", "accounts.link_title",
		accountLinkData{Email: st.Email, Link: s.setupLink(token), Expires: st.SetupExpiresAt})
}

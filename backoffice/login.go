package backoffice

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// Logging in takes two steps: e-mail and password, then a TOTP code. The
// half-done login is bound to a short-lived signed cookie; the session
// starts only once both factors pass.
//
// Failed logins lock the account out from the address they came from, for
// a while that grows with each failure (see senderos.LoginLockDelay): an
// attacker elsewhere locks out only the attacker. The failures are counted
// in the store, atomically, so that concurrent ones all count.
const (
	pendingCookie = "senderos_staff_login"
	pendingTTL    = 5 * time.Minute
)

func (s *Server) registerLoginRoutes(r *mux.Router) {
	r.HandleFunc("/login", s.handleLoginPage).Methods(http.MethodGet)
	r.HandleFunc("/login", s.handleLogin).Methods(http.MethodPost)
	r.HandleFunc("/login/code", s.handleCodePage).Methods(http.MethodGet)
	r.HandleFunc("/login/code", s.handleCode).Methods(http.MethodPost)
}

// loginData is what the login pages show.
type loginData struct {
	Error string // a text key
	Email string
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if st, _, err := s.currentSession(w, r); err == nil && st != nil {
		http.Redirect(w, r, "/staff/", http.StatusSeeOther)
		return
	}
	s.renderStaff(w, r, http.StatusOK, "login", "login.title", loginData{})
}

// handleLogin checks the e-mail and password. Every attempt that the
// throttles let through costs one hash, whether the e-mail is known, the
// account set up or its address locked out, and every refusal looks the
// same, so that nothing tells which e-mails have accounts.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	password := r.PostFormValue("password")
	addr := s.loginAddr(r)
	refuse := func() {
		s.renderStaff(w, r, http.StatusUnauthorized, "login", "login.title", loginData{Error: "login.failed", Email: email})
	}
	st, err := s.staff.FindStaffByEmail(ctx, email)
	if code := senderos.ErrorCode(err); code != "" && code != senderos.ENOTFOUND {
		s.staffError(w, r, err)
		return
	}
	device, known := s.knownDevice(r, st)
	throttleKey := addr
	if known {
		throttleKey = "device " + device
	}
	if ok, wait := s.login.allow(email, throttleKey, !known); !ok {
		s.loginThrottled(w, r, email, wait)
		return
	}
	if st == nil || !st.Ready() {
		if _, err := s.login.verify(ctx, "", password, false); err != nil {
			s.loginError(w, r, email, err)
			return
		}
		if st == nil {
			s.loginFailed(r, nil, addr, "unknown account", false)
		} else {
			s.loginFailed(r, st, addr, "account not ready", false)
		}
		refuse()
		return
	}
	lockedUntil, err := s.staff.LoginLockedUntil(ctx, st.ID, addr)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	// The password is checked even while the address is locked out: the
	// same cost, and a wrong one still counts.
	ok, err := s.login.verify(ctx, st.PasswordHash, password, known)
	if err != nil {
		s.loginError(w, r, email, err)
		return
	}
	switch {
	case !ok:
		s.loginFailed(r, st, addr, "password", true)
		refuse()
		return
	case lockedUntil.After(s.Now()):
		s.loginFailed(r, st, addr, "locked", false)
		refuse()
		return
	}
	// Failures counted while this one was hashing may have locked the
	// address since.
	if lockedUntil, err = s.staff.LoginLockedUntil(ctx, st.ID, addr); err != nil {
		s.staffError(w, r, err)
		return
	} else if lockedUntil.After(s.Now()) {
		s.loginFailed(r, st, addr, "locked", false)
		refuse()
		return
	}
	http.SetCookie(w, s.pendingCookie(s.signPending(st, s.Now().Add(pendingTTL)), int(pendingTTL.Seconds())))
	http.Redirect(w, r, "/staff/login/code", http.StatusSeeOther)
}

// loginThrottled answers an attempt over a throttle, before any hashing.
func (s *Server) loginThrottled(w http.ResponseWriter, r *http.Request, email string, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
	s.renderStaff(w, r, http.StatusTooManyRequests, "login", "login.title", loginData{Error: "login.throttled", Email: email})
}

// loginError answers an attempt whose password could not be checked.
func (s *Server) loginError(w http.ResponseWriter, r *http.Request, email string, err error) {
	switch {
	case errors.Is(err, errLoginBusy):
		s.loginThrottled(w, r, email, 5*time.Second)
	case r.Context().Err() != nil:
		// The client has gone: nobody reads an answer.
	default:
		s.staffError(w, r, err)
	}
}

func (s *Server) handleCodePage(w http.ResponseWriter, r *http.Request) {
	if st := s.pendingStaff(r); st == nil {
		http.Redirect(w, r, "/staff/login", http.StatusSeeOther)
		return
	}
	s.renderStaff(w, r, http.StatusOK, "login_code", "login.code_title", loginData{})
}

// handleCode checks the second factor and starts the session. The store
// accepts a code's time step once, atomically: of two requests with the
// same code, one gets the session.
func (s *Server) handleCode(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := s.pendingStaff(r)
	if st == nil {
		s.setFlash(w, "login.expired")
		http.Redirect(w, r, "/staff/login", http.StatusSeeOther)
		return
	}
	addr, now := s.loginAddr(r), s.Now()
	locked := func() {
		s.loginFailed(r, st, addr, "locked", false)
		http.SetCookie(w, s.pendingCookie("", -1))
		s.renderStaff(w, r, http.StatusUnauthorized, "login", "login.title", loginData{Error: "login.failed"})
	}
	badCode := func(reason string, count bool) {
		s.loginFailed(r, st, addr, reason, count)
		s.renderStaff(w, r, http.StatusUnauthorized, "login_code", "login.code_title", loginData{Error: "login.bad_code"})
	}
	lockedUntil, err := s.staff.LoginLockedUntil(ctx, st.ID, addr)
	if err != nil {
		s.staffError(w, r, err)
		return
	} else if !st.Ready() || lockedUntil.After(now) {
		locked()
		return
	}
	// Which step the code is for; whether that step was used already is
	// the store's to say, atomically (st may be stale by now).
	step, ok := verifyTOTP(st.TOTPSecret, r.PostFormValue("code"), now, 0)
	if !ok {
		badCode("code", true)
		return
	}
	switch err := s.staff.AcceptLogin(ctx, st.ID, addr, step, now); senderos.ErrorCode(err) {
	case "":
	case senderos.ECONFLICT:
		// A right code sent again (a double click, or a copy racing the
		// first): refused, not counted, which would lock the owner out
		// just after logging in.
		badCode("code used", false)
		return
	case senderos.EFORBIDDEN:
		locked()
		return
	default:
		s.staffError(w, r, err)
		return
	}
	st.TOTPLastStep, st.FailedLogins = step, 0
	if err := s.startSession(w, r, st); err != nil {
		s.staffError(w, r, err)
		return
	}
	http.SetCookie(w, s.pendingCookie("", -1))
	s.setDeviceCookie(w, st)
	s.audit(withStaff(r, st, nil), senderos.AuditLogin, fmt.Sprintf("staff:%d", st.ID), senderos.OutcomeOK, "")
	http.Redirect(w, r, "/staff/", http.StatusSeeOther)
}

// loginFailed audits a failed login to st (nil for an unknown e-mail) and,
// when count is set, counts it against st from addr, which may lock addr
// out. At loginAlertAt failures since the account's last login, and at
// each doubling, an alert entry tells admins.
func (s *Server) loginFailed(r *http.Request, st *senderos.Staff, addr, reason string, count bool) {
	e := &senderos.AuditEntry{Action: senderos.AuditLogin, Outcome: senderos.OutcomeFailed,
		Actor: "unknown account", Target: "staff:unknown", Detail: reason}
	if st == nil {
		s.recordAudit(r, e)
		return
	}
	e.Actor, e.Target = st.Email, fmt.Sprintf("staff:%d", st.ID)
	if !count {
		s.recordAudit(r, e)
		return
	}
	f, err := s.staff.RecordLoginFailure(r.Context(), st.ID, addr, s.Now())
	if err != nil {
		s.logger.Error("count failed login", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
		s.recordAudit(r, e)
		return
	}
	e.Detail += fmt.Sprintf("; %d consecutive failures from this address", f.Failures)
	if !f.LockedUntil.IsZero() {
		e.Detail += fmt.Sprintf(", locked out until %s", f.LockedUntil.UTC().Format(time.RFC3339))
	}
	e.Detail += fmt.Sprintf("; %d since the last login", f.AccountFailures)
	s.recordAudit(r, e)
	if n := f.AccountFailures; n >= loginAlertAt && n%loginAlertAt == 0 && (n/loginAlertAt)&(n/loginAlertAt-1) == 0 {
		s.recordAudit(r, &senderos.AuditEntry{Action: senderos.AuditLoginAlert, Outcome: senderos.OutcomeFailed,
			Actor: st.Email, Target: e.Target,
			Detail: fmt.Sprintf("%d failed logins since the last login; the addresses they came from are locked out for a while", n)})
	}
}

// signPending returns the pending-login cookie value for st, valid until
// exp. The signature covers the password hash, so a reset voids it.
func (s *Server) signPending(st *senderos.Staff, exp time.Time) string {
	payload := fmt.Sprintf("%d.%d.%s", st.ID, exp.Unix(), rand.Text()[:8])
	return payload + "." + s.pendingMAC(payload, st.PasswordHash)
}

func (s *Server) pendingMAC(payload, passwordHash string) string {
	mac := hmac.New(sha256.New, s.staffKey)
	fmt.Fprintf(mac, "staff-login\x00%s\x00%s", payload, passwordHash)
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// pendingStaff returns the account of the request's half-done login, or
// nil when there is none or it has expired or been tampered with.
func (s *Server) pendingStaff(r *http.Request) *senderos.Staff {
	c, err := r.Cookie(pendingCookie)
	if err != nil {
		return nil
	}
	payload, sig, ok := cutLast(c.Value, ".")
	parts := strings.Split(payload, ".")
	if !ok || len(parts) != 3 {
		return nil
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	exp, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || !s.Now().Before(time.Unix(exp, 0)) {
		return nil
	}
	st, err := s.staff.FindStaffByID(r.Context(), id)
	if err != nil {
		return nil
	}
	if !hmac.Equal([]byte(sig), []byte(s.pendingMAC(payload, st.PasswordHash))) {
		return nil
	}
	return st
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

func (s *Server) pendingCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: pendingCookie, Value: value, Path: "/staff/login", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteStrictMode,
	}
}

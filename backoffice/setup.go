package backoffice

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
)

// setupTTL is how long a set-up link made on the accounts page works.
const setupTTL = 72 * time.Hour

// An account is set up from its one-time link: the person chooses a
// password and adds the TOTP secret to an authenticator app, proving it
// with a code. The secret is derived from the link, so the form does not
// carry it back.
func (s *Server) registerSetupRoutes(r *mux.Router) {
	r.HandleFunc("/setup/{token}", s.handleSetupPage).Methods(http.MethodGet)
	r.HandleFunc("/setup/{token}", s.handleSetup).Methods(http.MethodPost)
}

// setupData is what the set-up page shows.
type setupData struct {
	Email  string
	Secret string       // base32, grouped by four
	URI    template.URL // otpauth://, trusted: built by totpURI
	QR     qrCode       // the URI as a QR code
	Errors []string
}

// setupStaff returns the account whose set-up link r is for, or nil when
// the link is unknown, used or expired.
func (s *Server) setupStaff(r *http.Request) (*senderos.Staff, error) {
	token := mux.Vars(r)["token"]
	if token == "" {
		return nil, nil
	}
	st, err := s.staff.FindStaffBySetupToken(r.Context(), hashToken(token))
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if st.Disabled || st.SetupTokenHash == "" || !s.Now().Before(st.SetupExpiresAt) {
		return nil, nil
	}
	return st, nil
}

// setupSecret is the TOTP secret offered with a set-up link.
func (s *Server) setupSecret(tokenHash string) []byte {
	mac := hmac.New(sha256.New, s.staffKey)
	fmt.Fprintf(mac, "staff-totp\x00%s", tokenHash)
	return mac.Sum(nil)[:20]
}

func (s *Server) setupPage(st *senderos.Staff, errs ...string) (setupData, error) {
	secret := s.setupSecret(st.SetupTokenHash)
	uri := totpURI(secret, st.Email)
	code, err := newQRCode(uri)
	if err != nil {
		return setupData{}, err
	}
	return setupData{Email: st.Email, Secret: groupedSecret(secret), URI: template.URL(uri), QR: code, Errors: errs}, nil
}

func (s *Server) handleSetupPage(w http.ResponseWriter, r *http.Request) {
	st, err := s.setupStaff(r)
	if err != nil {
		s.staffError(w, r, err)
		return
	} else if st == nil {
		s.setupInvalid(w, r)
		return
	}
	page, err := s.setupPage(st)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.renderStaff(w, r, http.StatusOK, "setup", "setup.title", page)
}

// handleSetup sets the account up from its link. The new password is
// hashed as the login hashes (see loginGuard): behind the same throttle by
// address, and in the same bounded slots, so that a flood of set-up posts
// cannot take the machine's memory either. The link is used once, by the
// store, atomically: of two posts racing with one link, one sets the
// account up and the other finds the link void.
func (s *Server) handleSetup(w http.ResponseWriter, r *http.Request) {
	st, err := s.setupStaff(r)
	if err != nil {
		s.staffError(w, r, err)
		return
	} else if st == nil {
		s.setupInvalid(w, r)
		return
	}
	if ok, wait := s.login.allow(st.Email, s.loginAddr(r), true); !ok {
		s.setupThrottled(w, r, st, wait)
		return
	}
	password := r.PostFormValue("password")
	var errs []string
	if key := checkPassword(password); key != "" {
		errs = append(errs, key)
	} else if password != r.PostFormValue("password2") {
		errs = append(errs, "password.mismatch")
	}
	tokenHash := st.SetupTokenHash
	secret := s.setupSecret(tokenHash)
	step, ok := verifyTOTP(secret, r.PostFormValue("code"), s.Now(), 0)
	if !ok {
		errs = append(errs, "setup.bad_code")
	}
	if len(errs) > 0 {
		s.renderSetup(w, r, http.StatusUnprocessableEntity, st, errs...)
		return
	}
	hash, err := s.login.hash(r.Context(), password)
	switch {
	case errors.Is(err, errLoginBusy):
		s.setupThrottled(w, r, st, 5*time.Second)
		return
	case err != nil && r.Context().Err() != nil:
		return // the client has gone: nobody reads an answer
	case err != nil:
		s.staffError(w, r, err)
		return
	}
	switch err := s.staff.SetUpStaff(r.Context(), st.ID, tokenHash, hash, secret, step, s.Now()); senderos.ErrorCode(err) {
	case "":
	case senderos.ECONFLICT:
		// Used by a post that won the race, or voided meanwhile.
		s.setupInvalid(w, r)
		return
	default:
		s.staffError(w, r, err)
		return
	}
	st.PasswordHash, st.TOTPSecret, st.TOTPLastStep = hash, secret, max(st.TOTPLastStep, step)
	st.SetupTokenHash, st.SetupExpiresAt = "", time.Time{}
	st.FailedLogins, st.LockedUntil = 0, time.Time{}
	r = withStaff(r, st, nil)
	s.audit(r, senderos.AuditSetup, fmt.Sprintf("staff:%d", st.ID), senderos.OutcomeOK, "")
	if err := s.startSession(w, r, st); err != nil {
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditLogin, fmt.Sprintf("staff:%d", st.ID), senderos.OutcomeOK, "after set-up")
	s.setFlash(w, "setup.done")
	http.Redirect(w, r, "/staff/", http.StatusSeeOther)
}

// setupInvalid answers for a link that is unknown, used or expired.
func (s *Server) setupInvalid(w http.ResponseWriter, r *http.Request) {
	s.renderStaff(w, r, http.StatusNotFound, "setup_invalid", "setup.invalid_title", nil)
}

// setupThrottled answers a set-up post over a throttle, or one that would
// wait behind too many hashes, before anything is hashed.
func (s *Server) setupThrottled(w http.ResponseWriter, r *http.Request, st *senderos.Staff, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
	s.renderSetup(w, r, http.StatusTooManyRequests, st, "login.throttled")
}

// renderSetup shows st's set-up page again with status and errs (text
// keys).
func (s *Server) renderSetup(w http.ResponseWriter, r *http.Request, status int, st *senderos.Staff, errs ...string) {
	page, err := s.setupPage(st, errs...)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.renderStaff(w, r, status, "setup", "setup.title", page)
}

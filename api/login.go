package api

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
)

// Logging in takes two steps: e-mail and password, then a TOTP code. The
// half-done login is bound to a short-lived signed cookie; the session
// starts only once both factors pass.
const (
	pendingCookie = "senderos_staff_login"
	pendingTTL    = 5 * time.Minute

	// lockAfter consecutive failures lock the account until an admin
	// unlocks it; from lockDelayFrom on, each failure locks it for a
	// doubling delay of up to lockDelayMax.
	lockAfter     = 10
	lockDelayFrom = 3
	lockDelayMax  = time.Hour
	lockForever   = 100 * 365 * 24 * time.Hour
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

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	password := r.PostFormValue("password")
	fail := func(st *senderos.Staff, reason string) {
		s.loginFailed(w, r, st, reason)
		s.renderStaff(w, r, http.StatusUnauthorized, "login", "login.title", loginData{Error: "login.failed", Email: email})
	}
	st, err := s.staff.FindStaffByEmail(r.Context(), email)
	if senderos.ErrorCode(err) == senderos.ENOTFOUND || (err == nil && !st.Ready()) {
		verifyPassword(dummyHash(), password)
		if st == nil {
			fail(nil, "unknown account")
		} else {
			fail(st, "account not ready")
		}
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	if st.LockedUntil.After(s.Now()) {
		verifyPassword(dummyHash(), password)
		fail(st, "locked")
		return
	}
	ok, err := verifyPassword(st.PasswordHash, password)
	if err != nil {
		s.staffError(w, r, err)
		return
	} else if !ok {
		fail(st, "password")
		return
	}
	http.SetCookie(w, s.pendingCookie(s.signPending(st, s.Now().Add(pendingTTL)), int(pendingTTL.Seconds())))
	http.Redirect(w, r, "/staff/login/code", http.StatusSeeOther)
}

func (s *Server) handleCodePage(w http.ResponseWriter, r *http.Request) {
	if st := s.pendingStaff(r); st == nil {
		http.Redirect(w, r, "/staff/login", http.StatusSeeOther)
		return
	}
	s.renderStaff(w, r, http.StatusOK, "login_code", "login.code_title", loginData{})
}

func (s *Server) handleCode(w http.ResponseWriter, r *http.Request) {
	st := s.pendingStaff(r)
	if st == nil {
		s.setFlash(w, "login.expired")
		http.Redirect(w, r, "/staff/login", http.StatusSeeOther)
		return
	}
	now := s.Now()
	if !st.Ready() || st.LockedUntil.After(now) {
		s.loginFailed(w, r, st, "locked")
		http.SetCookie(w, s.pendingCookie("", -1))
		s.renderStaff(w, r, http.StatusUnauthorized, "login", "login.title", loginData{Error: "login.failed"})
		return
	}
	step, ok := verifyTOTP(st.TOTPSecret, r.PostFormValue("code"), now, st.TOTPLastStep)
	if !ok {
		s.loginFailed(w, r, st, "code")
		s.renderStaff(w, r, http.StatusUnauthorized, "login_code", "login.code_title", loginData{Error: "login.bad_code"})
		return
	}
	st.TOTPLastStep, st.FailedLogins, st.LockedUntil = step, 0, time.Time{}
	if err := s.staff.UpdateStaff(r.Context(), st); err != nil {
		s.staffError(w, r, err)
		return
	}
	if err := s.startSession(w, r, st); err != nil {
		s.staffError(w, r, err)
		return
	}
	http.SetCookie(w, s.pendingCookie("", -1))
	s.audit(withStaff(r, st, nil), senderos.AuditLogin, fmt.Sprintf("staff:%d", st.ID), senderos.OutcomeOK, "")
	http.Redirect(w, r, "/staff/", http.StatusSeeOther)
}

// loginFailed counts a failed login against st (nil for an unknown
// e-mail), locks the account when it is time, and audits the failure.
func (s *Server) loginFailed(w http.ResponseWriter, r *http.Request, st *senderos.Staff, reason string) {
	e := &senderos.AuditEntry{Action: senderos.AuditLogin, Outcome: senderos.OutcomeFailed,
		Actor: "unknown account", Target: "staff:unknown", Detail: reason}
	if st != nil {
		e.Actor, e.Target = st.Email, fmt.Sprintf("staff:%d", st.ID)
		now := s.Now()
		if reason != "locked" {
			st.FailedLogins++
			switch n := st.FailedLogins; {
			case n >= lockAfter:
				st.LockedUntil = now.Add(lockForever)
				e.Detail += "; locked until an admin unlocks it"
			case n >= lockDelayFrom:
				st.LockedUntil = now.Add(min(time.Minute<<(n-lockDelayFrom), lockDelayMax))
				e.Detail += fmt.Sprintf("; locked until %s", st.LockedUntil.UTC().Format(time.RFC3339))
			}
			e.Detail += fmt.Sprintf("; %d consecutive failures", st.FailedLogins)
			if err := s.staff.UpdateStaff(r.Context(), st); err != nil {
				s.logger.Error("count failed login", "request_id", requestIDFrom(r.Context()), "error", err.Error())
			}
		}
	}
	s.recordAudit(r, e)
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

func init() {
	registerStaffTexts(staffTexts{
		"login.title":      {"Iniciar sesión", "Log in", "Connexion", "تسجيل الدخول"},
		"login.code_title": {"Código de verificación", "Verification code", "Code de vérification", "رمز التحقق"},
		"login.email":      {"Correo electrónico", "E-mail", "Adresse e-mail", "البريد الإلكتروني"},
		"login.password":   {"Contraseña", "Password", "Mot de passe", "كلمة المرور"},
		"login.submit":     {"Continuar", "Continue", "Continuer", "متابعة"},
		"login.code":       {"Código de 6 cifras", "6-digit code", "Code à 6 chiffres", "رمز من 6 أرقام"},
		"login.code_help": {
			"Escriba el código que muestra ahora su aplicación de autenticación.",
			"Enter the code your authenticator app shows now.",
			"Saisissez le code affiché maintenant par votre application d’authentification.",
			"أدخل الرمز الذي يعرضه تطبيق المصادقة الآن.",
		},
		"login.verify": {"Entrar", "Log in", "Se connecter", "دخول"},
		"login.failed": {
			"Correo o contraseña incorrectos. Tras varios intentos fallidos, el acceso se bloquea durante un tiempo.",
			"Wrong e-mail or password. After several failed attempts, logging in is blocked for a while.",
			"Adresse e-mail ou mot de passe incorrect. Après plusieurs échecs, la connexion est bloquée pendant un moment.",
			"البريد الإلكتروني أو كلمة المرور غير صحيحة. بعد عدة محاولات فاشلة يُحظر الدخول لبعض الوقت.",
		},
		"login.bad_code": {
			"El código no es válido o ya se ha usado. Espere al siguiente e inténtelo de nuevo.",
			"The code is not valid or has already been used. Wait for the next one and try again.",
			"Le code n’est pas valide ou a déjà été utilisé. Attendez le suivant et réessayez.",
			"الرمز غير صالح أو سبق استخدامه. انتظر الرمز التالي وحاول مجددًا.",
		},
		"login.expired": {
			"El inicio de sesión ha caducado. Empiece de nuevo.", "The login has expired. Start again.",
			"La connexion a expiré. Recommencez.", "انتهت مهلة تسجيل الدخول. ابدأ من جديد.",
		},
		"login.logged_out": {
			"Ha cerrado la sesión.", "You have logged out.", "Vous êtes déconnecté·e.", "تم تسجيل خروجك.",
		},
		"login.restart": {"Volver a empezar", "Start again", "Recommencer", "البدء من جديد"},
	})
}

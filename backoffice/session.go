package backoffice

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// sessionCookie holds a staff session's token; the store keeps only its
// hash.
const sessionCookie = "senderos_staff"

// hashToken returns the SHA-256 (hex) of a session or set-up token.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// startSession creates a session for st, ends the one the request came
// with (the token is rotated at every login) and sets the cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, st *senderos.Staff) error {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := s.sessions.DeleteSession(r.Context(), hashToken(c.Value)); err != nil &&
			senderos.ErrorCode(err) != senderos.ENOTFOUND {
			return fmt.Errorf("end old session: %w", err)
		}
	}
	token := rand.Text()
	now := s.Now()
	se := &senderos.Session{
		TokenHash: hashToken(token), StaffID: st.ID, CSRFToken: rand.Text(),
		CreatedAt: now, LastSeenAt: now,
	}
	if err := s.sessions.CreateSession(r.Context(), se); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	http.SetCookie(w, s.sessionCookie(token, int(s.sessionMax.Seconds())))
	return nil
}

func (s *Server) sessionCookie(token string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/staff", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteStrictMode,
	}
}

// requireSession lets through requests with a live session, with the
// account and session in the context; any other request is sent to the
// login page. Sessions past their idle or absolute time-out, and sessions
// of disabled accounts, are ended on the way.
func (s *Server) requireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st, se, err := s.currentSession(w, r)
		if err != nil {
			s.staffError(w, r, err)
			return
		}
		if se == nil {
			http.SetCookie(w, s.sessionCookie("", -1))
			http.Redirect(w, r, "/staff/login", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, withStaff(r, st, se))
	})
}

// currentSession returns the request's live session and its account, or
// nils when there is none.
func (s *Server) currentSession(w http.ResponseWriter, r *http.Request) (*senderos.Staff, *senderos.Session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil, nil
	}
	ctx, hash := r.Context(), hashToken(c.Value)
	se, err := s.sessions.FindSession(ctx, hash)
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, fmt.Errorf("find session: %w", err)
	}
	now := s.Now()
	if now.Sub(se.LastSeenAt) >= s.sessionIdle || now.Sub(se.CreatedAt) >= s.sessionMax {
		if err := s.sessions.DeleteSession(ctx, hash); err != nil {
			return nil, nil, fmt.Errorf("end stale session: %w", err)
		}
		return nil, nil, nil
	}
	st, err := s.staff.FindStaffByID(ctx, se.StaffID)
	if senderos.ErrorCode(err) == senderos.ENOTFOUND || (err == nil && st.Disabled) {
		if err := s.sessions.DeleteStaffSessions(ctx, se.StaffID); err != nil {
			return nil, nil, fmt.Errorf("end sessions: %w", err)
		}
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, fmt.Errorf("find session's account: %w", err)
	}
	if err := s.sessions.TouchSession(ctx, hash, now); err != nil {
		return nil, nil, fmt.Errorf("touch session: %w", err)
	}
	se.LastSeenAt = now
	return st, se, nil
}

// checkCSRF refuses every state-changing request whose form field "csrf"
// (or X-CSRF-Token header) is not the session's token.
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		se := sessionFrom(r.Context())
		r.Body = http.MaxBytesReader(w, r.Body, 10<<20)
		sent := r.Header.Get("X-CSRF-Token")
		if sent == "" {
			sent = r.PostFormValue("csrf")
		}
		if se == nil || sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(se.CSRFToken)) != 1 {
			s.audit(r, senderos.AuditDeniedView, routeTarget(r), senderos.OutcomeDenied, "csrf")
			s.staffError(w, r, web.LocalError(senderos.EFORBIDDEN, staffText(s.staffLang(r), "error.csrf")))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// handleLogout ends the session.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	se := sessionFrom(r.Context())
	if err := s.sessions.DeleteSession(r.Context(), se.TokenHash); err != nil &&
		senderos.ErrorCode(err) != senderos.ENOTFOUND {
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditLogout, fmt.Sprintf("staff:%d", se.StaffID), senderos.OutcomeOK, "")
	http.SetCookie(w, s.sessionCookie("", -1))
	s.setFlash(w, "login.logged_out")
	http.Redirect(w, r, "/staff/login", http.StatusSeeOther)
}

package villagepage

import (
	"crypto/hmac"
	"encoding/base64"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// open returns the municipality whose link the request carries and the
// link's token hash, or answers with the neutral page and returns "": for
// a wrong, expired or revoked link alike (404), and for an address that
// guessed too often (429), which is refused before its link is even
// looked up.
func (s *Server) open(w http.ResponseWriter, r *http.Request) (string, string) {
	addr := web.ClientAddr(r, s.trustedProxies)
	if s.guesses.Spent(addr) {
		s.deny(r, "too many wrong links")
		s.neutral(w, r, http.StatusTooManyRequests)
		return "", ""
	}
	hash := senderos.HashFamilyToken(mux.Vars(r)["token"])
	code, err := s.villages.OpenVillageLink(r.Context(), hash, s.now())
	if err != nil {
		if senderos.ErrorCode(err) != senderos.ENOTFOUND {
			s.logger.Error("open village link", "request_id", web.RequestIDFrom(r.Context()), "err", err)
		}
		s.guesses.Allow(addr)
		s.deny(r, "wrong, expired or revoked link")
		s.neutral(w, r, http.StatusNotFound)
		return "", ""
	}
	return code, hash
}

// formToken returns the forms' token for the link whose token hashes to
// hash: only a page opened with that link can post to it.
func (s *Server) formToken(hash string) string {
	return base64.RawURLEncoding.EncodeToString(web.Sign(s.formKey, []byte("village:"+hash)))
}

// validToken reports whether the posted form carries the link's token.
func (s *Server) validToken(r *http.Request, hash string) bool {
	return hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(s.formToken(hash)))
}

// deny audits a refused open, naming neither the token nor the address.
func (s *Server) deny(r *http.Request, why string) {
	s.audit(r, &senderos.AuditEntry{Actor: "village link", Action: senderos.AuditVillageDenied,
		Target: "village_page", Outcome: senderos.OutcomeDenied, Detail: why})
}

func (s *Server) audit(r *http.Request, e *senderos.AuditEntry) {
	if e.At.IsZero() {
		e.At = s.now()
	}
	if err := s.audits.RecordAudit(r.Context(), e); err != nil {
		s.logger.Error("audit", "request_id", web.RequestIDFrom(r.Context()), "action", e.Action, "err", err)
	}
}

// handleNeutral answers any path that is not a village's link.
func (s *Server) handleNeutral(w http.ResponseWriter, r *http.Request) {
	s.neutral(w, r, http.StatusNotFound)
}

// neutralText is the neutral page's wording in one language.
type neutralText struct {
	Lang, Dir, Title, Text, Contact string
}

// neutral writes the one page every refused link gets, in the four
// languages, the same whatever the reason.
func (s *Server) neutral(w http.ResponseWriter, r *http.Request, status int) {
	var data []neutralText
	for _, l := range web.Languages {
		data = append(data, neutralText{Lang: l, Dir: dir(l), Title: t(l, "villagepage.neutral_title"),
			Text: t(l, "villagepage.neutral_text"), Contact: Contact})
	}
	s.render(w, r, status, "neutral", data)
}

package familypage

import (
	"html/template"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// open returns the case whose link the request carries, or answers with
// the neutral page and returns nil: for a wrong, expired or revoked link
// or an erased record alike (404), and for an address that guessed too
// often (429), which is refused before its link is even looked up.
func (s *Server) open(w http.ResponseWriter, r *http.Request) (*senderos.Case, string) {
	addr := web.ClientAddr(r, s.trustedProxies)
	if s.guesses.Spent(addr) {
		s.deny(r, "too many wrong links")
		s.neutral(w, r, http.StatusTooManyRequests)
		return nil, ""
	}
	hash := senderos.HashFamilyToken(mux.Vars(r)["token"])
	c, err := s.family.OpenFamilyLink(r.Context(), hash, s.now())
	if err != nil {
		if senderos.ErrorCode(err) != senderos.ENOTFOUND {
			s.logger.Error("open family link", "request_id", web.RequestIDFrom(r.Context()), "err", err)
		}
		s.guesses.Allow(addr)
		s.deny(r, "wrong, expired or revoked link")
		s.neutral(w, r, http.StatusNotFound)
		return nil, ""
	}
	return c, hash
}

// deny audits a refused open, naming neither the token nor the address.
func (s *Server) deny(r *http.Request, why string) {
	s.audit(r, &senderos.AuditEntry{Actor: "family link", Action: senderos.AuditFamilyDenied,
		Target: "family_page", Outcome: senderos.OutcomeDenied, Detail: why})
}

func (s *Server) audit(r *http.Request, e *senderos.AuditEntry) {
	if e.At.IsZero() {
		e.At = s.now()
	}
	if err := s.audits.RecordAudit(r.Context(), e); err != nil {
		s.logger.Error("audit", "request_id", web.RequestIDFrom(r.Context()), "action", e.Action, "err", err)
	}
}

// handleNeutral answers any path that is not a family's link.
func (s *Server) handleNeutral(w http.ResponseWriter, r *http.Request) {
	s.neutral(w, r, http.StatusNotFound)
}

// neutralText is the neutral page's wording in one language.
type neutralText struct {
	Lang, Dir, Title string
	Text             template.HTML
}

// neutral writes the one page every refused link gets, in the four
// languages, the same whatever the reason.
func (s *Server) neutral(w http.ResponseWriter, r *http.Request, status int) {
	var data []neutralText
	for _, l := range web.Languages {
		data = append(data, neutralText{Lang: l, Dir: dir(l), Title: t(l, "familypage.neutral_title"),
			Text: isolated(l, "familypage.neutral_text", Contact)})
	}
	s.render(w, r, status, "neutral", data)
}

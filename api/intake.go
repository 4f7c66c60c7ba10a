package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// spamRetention is how long suspected spam waits for staff before it expires.
const spamRetention = 30 * 24 * time.Hour

// createSubmission screens, stores and acknowledges a valid submission.
// The person is told it arrived only after the store has committed it.
func (s *Server) createSubmission(w http.ResponseWriter, r *http.Request, req *request, c *common, sub *senderos.Submission) {
	now := s.Now().UTC()
	sub.Lang = req.lang
	sub.Consent = senderos.Consent{PrivacyVersion: c.PrivacyVersion, Lang: req.lang, At: now}
	sub.IdempotencyKey = s.idempotencyKey(c, sub)
	if reason := s.screen(c, now); reason != "" {
		// Suspected spam is acknowledged like any submission: a real
		// person may have tripped the check, and a bot learns nothing.
		sub.Status, sub.SpamReason, sub.ExpiresAt = senderos.StatusSuspected, reason, now.Add(spamRetention)
	}
	// Staff hear of a new submission from the outbox, written in the
	// transaction that stores it: a crash after the answer loses nothing.
	sub.NotifyStaff = s.notifyStaff != nil && sub.Status != senderos.StatusSuspected
	created, err := s.Submissions.CreateSubmission(r.Context(), sub)
	if err != nil {
		s.submissionFailed(w, r, req, err)
		return
	}
	s.logger.Info("submission stored", "request_id", web.RequestIDFrom(r.Context()), "kind", sub.Kind,
		"reference", sub.Reference, "status", sub.Status, "spam_reason", sub.SpamReason, "created", created)
	if created && sub.NotifyStaff {
		s.notifyStaff()
	}
	if req.json {
		status := http.StatusCreated
		if !created {
			status = http.StatusOK
		}
		s.writeJSON(w, r, status, Receipt{Reference: sub.Reference, Lang: sub.Lang})
		return
	}
	http.Redirect(w, r, "/api/v1/thanks/"+sub.Reference, http.StatusSeeOther)
}

// Receipt is the JSON answer to a submission.
type Receipt struct {
	Reference string `json:"reference"`
	Lang      string `json:"lang"`
}

// screen returns why a submission looks automated, or "".
func (s *Server) screen(c *common, now time.Time) string {
	if c.Website != "" {
		return "honeypot"
	}
	if c.FormToken == "" {
		return "" // no script ran: the form must work without it
	}
	issued, err := s.tokens.verify(c.FormToken)
	switch {
	case err != nil:
		return "bad_token"
	case now.Sub(issued) < s.tokens.minFill:
		return "too_fast"
	case now.Sub(issued) > s.tokens.ttl:
		return "expired_token"
	}
	return ""
}

// idempotencyKey identifies a submission sent twice: by the id the page's
// script gave the filled form, else by its content. The content's key is a
// MAC under dedupKey, not a plain hash: it is stored, and a plain hash of a
// form would let anyone with the database check a guess of a person's name
// and e-mail against it. The privacy notice version is left out, so that
// the same form sent under a new notice is recognised (and its new consent
// recorded).
func (s *Server) idempotencyKey(c *common, sub *senderos.Submission) string {
	if c.SubmissionID != "" {
		return "id:" + c.SubmissionID
	}
	payload, err := json.Marshal(struct {
		Kind         senderos.Kind
		Lang         string
		Interest     *senderos.Interest
		Municipality *senderos.MunicipalitySignup
		Host         *senderos.HostSignup `json:",omitempty"`
	}{sub.Kind, sub.Lang, sub.Interest, sub.Municipality, sub.Host})
	if err != nil {
		return ""
	}
	mac := hmac.New(sha256.New, s.dedupKey)
	mac.Write(payload)
	return "hmac:" + hex.EncodeToString(mac.Sum(nil))
}

// invalid answers a submission with problems: a 422 listing them, as JSON
// or as the form page again with what was typed and each problem shown.
func (s *Server) invalid(w http.ResponseWriter, r *http.Request, req *request, p problems) {
	if req.json {
		s.writeJSON(w, r, http.StatusUnprocessableEntity, ValidationError{
			Code: senderos.EINVALID, Message: text(req.lang, msgSummary), Fields: p.messages(req.lang),
			RequestID: web.RequestIDFrom(r.Context()),
		})
		return
	}
	page, err := s.formPage(req, p)
	if err != nil {
		s.logger.Error("form page", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
		page = s.plainPage(req.lang, text(req.lang, msgErrorTitle), text(req.lang, msgSummary), problemList(req.lang, p))
	}
	s.writeHTML(w, http.StatusUnprocessableEntity, page)
}

// ValidationError is the JSON body of a 422: a message per field.
type ValidationError struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields"`
	RequestID string            `json:"request_id,omitempty"`
}

// requestError answers a request that cannot be taken at all (too large,
// too many, wrong origin) in the person's language.
func (s *Server) requestError(w http.ResponseWriter, r *http.Request, req *request, status int, code, key string) {
	if req.json {
		s.writeJSON(w, r, status, ErrorResponse{Code: code, Message: text(req.lang, key), RequestID: web.RequestIDFrom(r.Context())})
		return
	}
	s.writeHTML(w, status, s.plainPage(req.lang, text(req.lang, msgErrorTitle), text(req.lang, key), nil))
}

func (s *Server) submissionFailed(w http.ResponseWriter, r *http.Request, req *request, err error) {
	if senderos.ErrorCode(err) != senderos.EINTERNAL || req.json {
		s.Error(w, r, err)
		return
	}
	s.logger.Error("store submission", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
	s.writeHTML(w, http.StatusInternalServerError, s.plainPage(req.lang, text(req.lang, msgErrorTitle), text(req.lang, msgInternal), nil))
}

func (s *Server) registerThanksRoutes(r *mux.Router) {
	r.HandleFunc("/thanks/{ref}", s.handleThanks).Methods(http.MethodGet)
}

// handleThanks shows the thank-you page of a submission's form, in its
// language, with its reference. It shows nothing else of the submission.
func (s *Server) handleThanks(w http.ResponseWriter, r *http.Request) {
	sub, err := s.Submissions.FindSubmissionByReference(r.Context(), mux.Vars(r)["ref"])
	if err != nil {
		if senderos.ErrorCode(err) == senderos.ENOTFOUND {
			s.writeHTML(w, http.StatusNotFound, s.plainPage(requestLang(r, ""), "404", "", nil))
			return
		}
		s.Error(w, r, err)
		return
	}
	page, err := s.thanksPage(sub)
	if err != nil {
		s.logger.Error("thanks page", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
		page = s.plainPage(sub.Lang, sub.Reference, sub.Reference, nil)
	}
	s.writeHTML(w, http.StatusOK, page)
}

func (s *Server) writeHTML(w http.ResponseWriter, status int, page []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(page)
}

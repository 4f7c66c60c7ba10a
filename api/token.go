package api

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos/internal/web"
)

// tokens signs and checks form tokens: a page's script fetches one when
// the form is shown, and a submission sent sooner than a person could
// fill in the form, or with a forged token, is kept apart as suspected
// spam. A form sent without a token (no JavaScript) is taken as usual.
type tokens struct {
	key     []byte // derived for form tokens only
	minFill time.Duration
	ttl     time.Duration
	now     func() time.Time

	// Tokens were signed with the configured key itself before keys
	// were derived; those issued before this server started are still
	// taken, so that forms open during an upgrade are not taken for spam.
	// They expire with ttl.
	legacyKey    []byte
	legacyBefore time.Time
}

// newTokens returns the form tokens signed under a key derived from key.
func newTokens(key []byte, minFill time.Duration, now func() time.Time) *tokens {
	return &tokens{key: web.DeriveKey(key, web.FormTokenLabel), minFill: minFill, ttl: 24 * time.Hour, now: now,
		legacyKey: key, legacyBefore: now()}
}

var errBadToken = errors.New("bad form token")

// issue returns a token: issue time and a nonce, signed with HMAC-SHA256.
func (t *tokens) issue() string {
	var msg [16]byte
	binary.BigEndian.PutUint64(msg[:8], uint64(t.now().UnixMilli()))
	rand.Read(msg[8:])
	return base64.RawURLEncoding.EncodeToString(append(msg[:], web.Sign(t.key, msg[:])...))
}

// verify returns when a token was issued, or errBadToken.
func (t *tokens) verify(token string) (time.Time, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 16+sha256.Size {
		return time.Time{}, errBadToken
	}
	issued := time.UnixMilli(int64(binary.BigEndian.Uint64(raw[:8])))
	if hmac.Equal(web.Sign(t.key, raw[:16]), raw[16:]) {
		return issued, nil
	}
	if t.legacyKey != nil && issued.Before(t.legacyBefore) && hmac.Equal(web.Sign(t.legacyKey, raw[:16]), raw[16:]) {
		return issued, nil
	}
	return time.Time{}, errBadToken
}

// FormToken is the body of GET /api/v1/form-token.
type FormToken struct {
	Token     string `json:"token"`
	ExpiresIn int    `json:"expires_in"` // seconds
}

func (s *Server) registerTokenRoutes(r *mux.Router) {
	r.HandleFunc("/form-token", s.handleFormToken).Methods(http.MethodGet)
}

func (s *Server) handleFormToken(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, FormToken{Token: s.tokens.issue(), ExpiresIn: int(s.tokens.ttl.Seconds())})
}

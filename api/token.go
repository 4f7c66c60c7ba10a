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
)

// tokens signs and checks form tokens: a page's script fetches one when
// the form is shown, and a submission sent sooner than a person could
// fill in the form, or with a forged token, is kept apart as suspected
// spam. A form sent without a token (no JavaScript) is taken as usual.
type tokens struct {
	key     []byte
	minFill time.Duration
	ttl     time.Duration
	now     func() time.Time
}

var errBadToken = errors.New("bad form token")

// issue returns a token: issue time and a nonce, signed with HMAC-SHA256.
func (t *tokens) issue() string {
	var msg [16]byte
	binary.BigEndian.PutUint64(msg[:8], uint64(t.now().UnixMilli()))
	rand.Read(msg[8:])
	mac := hmac.New(sha256.New, t.key)
	mac.Write(msg[:])
	return base64.RawURLEncoding.EncodeToString(append(msg[:], mac.Sum(nil)...))
}

// verify returns when a token was issued, or errBadToken.
func (t *tokens) verify(token string) (time.Time, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 16+sha256.Size {
		return time.Time{}, errBadToken
	}
	mac := hmac.New(sha256.New, t.key)
	mac.Write(raw[:16])
	if !hmac.Equal(mac.Sum(nil), raw[16:]) {
		return time.Time{}, errBadToken
	}
	return time.UnixMilli(int64(binary.BigEndian.Uint64(raw[:8]))), nil
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

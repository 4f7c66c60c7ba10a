package api

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// limit answers 429 with Retry-After once a client has sent too many.
func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.limiter == nil {
			next.ServeHTTP(w, r)
			return
		}
		if ok, wait := s.limiter.Allow(web.ClientAddr(r, s.trustedProxies)); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			req := &request{lang: requestLang(r, ""), json: !isFormPost(r)}
			s.requestError(w, r, req, http.StatusTooManyRequests, senderos.ETOOMANY, msgTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isFormPost(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded")
}

package api

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cepaim/senderos"
)

// rateLimiter allows each client address a number of submissions per
// minute, with bursts of the same size (a token bucket per address).
type rateLimiter struct {
	perMinute float64
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// allow takes a token for addr; when none is left it says how long to wait.
func (l *rateLimiter) allow(addr string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.swept) > time.Minute {
		// Forget addresses whose buckets have refilled: bounded memory.
		for a, b := range l.buckets {
			if now.Sub(b.last).Minutes()*l.perMinute >= l.perMinute {
				delete(l.buckets, a)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[addr]
	if !ok {
		b = &bucket{tokens: l.perMinute, last: now}
		l.buckets[addr] = b
	}
	b.tokens = math.Min(l.perMinute, b.tokens+now.Sub(b.last).Minutes()*l.perMinute)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.perMinute * float64(time.Minute))
	return false, wait
}

// limit answers 429 with Retry-After once a client has sent too many.
func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.limiter == nil {
			next.ServeHTTP(w, r)
			return
		}
		if ok, wait := s.limiter.allow(s.clientAddr(r)); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			req := &request{lang: requestLang(r, ""), json: !isFormPost(r)}
			s.requestError(w, r, req, http.StatusTooManyRequests, senderos.ETOOMANY, msgTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// clientAddr is the client's IP: the connection's, or, behind
// s.trustedProxies proxies, the address the outermost of them saw. Each
// proxy appends the address that connected to it to X-Forwarded-For, so
// that one is the trustedProxies-th entry from the right; whatever stands
// left of it the client wrote itself. A header with fewer entries than
// trusted proxies, or a malformed entry, falls back to the connection's
// address: a client never chooses its own bucket.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if s.trustedProxies <= 0 {
		return host
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	if len(hops) < s.trustedProxies {
		return host
	}
	if ip := net.ParseIP(strings.TrimSpace(hops[len(hops)-s.trustedProxies])); ip != nil {
		return ip.String()
	}
	return host
}

func isFormPost(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded")
}

package web

import (
	"math"
	"sync"
	"time"
)

// RateLimiter allows each key (a client address, an address and an
// e-mail…) a number of requests per minute, with bursts of the same size
// (a token bucket per key).
type RateLimiter struct {
	perMinute float64
	burst     float64 // the bucket's size: perMinute unless NewWindowLimiter says
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

// NewRateLimiter returns a RateLimiter of perMinute requests a minute per
// key, on the clock now.
func NewRateLimiter(perMinute float64, now func() time.Time) *RateLimiter {
	return &RateLimiter{perMinute: perMinute, burst: perMinute, now: now, buckets: map[string]*bucket{}}
}

// NewWindowLimiter returns a RateLimiter allowing each key n requests per
// window (a bucket of n, refilled over window), on the clock now: for
// what is rarely right to do often, such as opening a wrong link.
func NewWindowLimiter(n int, window time.Duration, now func() time.Time) *RateLimiter {
	l := NewRateLimiter(float64(n)/window.Minutes(), now)
	l.burst = float64(n)
	return l
}

// Spent reports whether key has no request left now, without spending one.
func (l *RateLimiter) Spent(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	return ok && math.Min(l.burst, b.tokens+l.now().Sub(b.last).Minutes()*l.perMinute) < 1
}

type bucket struct {
	tokens float64
	last   time.Time
}

// Allow takes a token for addr; when none is left it says how long to wait.
func (l *RateLimiter) Allow(addr string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.swept) > time.Minute {
		// Forget addresses whose buckets have refilled: bounded memory.
		for a, b := range l.buckets {
			if now.Sub(b.last).Minutes()*l.perMinute >= l.burst {
				delete(l.buckets, a)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[addr]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[addr] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Minutes()*l.perMinute)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.perMinute * float64(time.Minute))
	return false, wait
}

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
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

// NewRateLimiter returns a RateLimiter of perMinute requests a minute per
// key, on the clock now.
func NewRateLimiter(perMinute float64, now func() time.Time) *RateLimiter {
	return &RateLimiter{perMinute: perMinute, now: now, buckets: map[string]*bucket{}}
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

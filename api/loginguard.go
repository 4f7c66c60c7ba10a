package api

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/cepaim/senderos"
)

// Each login attempt hashes with argon2id, which takes argonMemory (64 MiB)
// for a moment: unbounded, a flood of attempts takes the machine's memory.
// So the login is guarded, before anything is hashed, by a throttle per
// client address and one per (e-mail, address) — the same for known and
// unknown e-mails, so that they tell nothing — and the hashing that runs
// at once is bounded, the rest waiting their turn in order.
const (
	// hashSlots hashes run at once: 2 × 64 MiB.
	hashSlots = 2
	// hashQueue attempts may wait for a slot; more are refused at once,
	// so that waiting requests cannot pile up without bound either.
	hashQueue = 64
	// loginsPerAddr attempts a minute from one address (an office behind
	// one NAT logs in from one address), loginsPerPair for one e-mail
	// from one address.
	loginsPerAddr = 20
	loginsPerPair = 6
	// loginAlertAt failed logins since an account's last login tell
	// admins (an audit entry, a mark on the accounts page), and again at
	// each doubling.
	loginAlertAt = 10
)

// errLoginBusy refuses an attempt that would wait for hashing behind too
// many others.
var errLoginBusy = senderos.Errorf(senderos.ETOOMANY, "Too many logins at once.")

// loginGuard throttles and bounds the login's password hashing.
type loginGuard struct {
	addrKey []byte // keys the hash that stands for a client address

	perAddr, perPair *rateLimiter // nil: no throttle (tests)

	slots   chan struct{}
	waiting atomic.Int64
	// running and maxRunning count the hashes running, for tests.
	running, maxRunning atomic.Int64
}

func newLoginGuard(formKey []byte, now func() time.Time) *loginGuard {
	mac := hmac.New(sha256.New, formKey)
	mac.Write([]byte("senderos: login address key v1"))
	return &loginGuard{
		addrKey: mac.Sum(nil),
		perAddr: &rateLimiter{perMinute: loginsPerAddr, now: now, buckets: map[string]*bucket{}},
		perPair: &rateLimiter{perMinute: loginsPerPair, now: now, buckets: map[string]*bucket{}},
		slots:   make(chan struct{}, hashSlots),
	}
}

// loginAddr is what stands for the request's client address in throttles
// and stored locks: a keyed hash, so that no address is stored, of the
// address (of its /64 network for IPv6, which one subscriber holds whole).
func (s *Server) loginAddr(r *http.Request) string {
	addr := s.clientAddr(r)
	if ip := net.ParseIP(addr); ip != nil {
		if ip.To4() == nil {
			ip = ip.Mask(net.CIDRMask(64, 128))
		}
		addr = ip.String()
	}
	mac := hmac.New(sha256.New, s.login.addrKey)
	mac.Write([]byte(addr))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

// allow takes a token from the address's bucket and the (e-mail,
// address)'s; when either is empty it says how long to wait.
func (g *loginGuard) allow(email, addr string) (bool, time.Duration) {
	if g.perAddr != nil {
		if ok, wait := g.perAddr.allow(addr); !ok {
			return false, wait
		}
	}
	if g.perPair != nil {
		if ok, wait := g.perPair.allow(addr + " " + email); !ok {
			return false, wait
		}
	}
	return true, 0
}

// verify checks password against hash (against a dummy hash, at the same
// cost, when hash is empty) once a hashing slot is free. It waits in turn
// while ctx lasts, and refuses with errLoginBusy when too many wait.
func (g *loginGuard) verify(ctx context.Context, hash, password string) (bool, error) {
	if g.waiting.Add(1) > hashQueue {
		g.waiting.Add(-1)
		return false, errLoginBusy
	}
	select {
	case g.slots <- struct{}{}:
		g.waiting.Add(-1)
	case <-ctx.Done():
		g.waiting.Add(-1)
		return false, ctx.Err()
	}
	defer func() { <-g.slots }()
	n := g.running.Add(1)
	defer g.running.Add(-1)
	for m := g.maxRunning.Load(); n > m; m = g.maxRunning.Load() {
		if g.maxRunning.CompareAndSwap(m, n) {
			break
		}
	}
	if hash == "" {
		_, err := verifyPassword(dummyHash(), password)
		return false, err
	}
	return verifyPassword(hash, password)
}

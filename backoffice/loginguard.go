package backoffice

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// Each login attempt hashes with argon2id, which takes argonMemory (64 MiB)
// for a moment: unbounded, a flood of attempts takes the machine's memory.
// So the login is guarded, before anything is hashed, by a throttle per
// client address and one per (e-mail, address) — the same for known and
// unknown e-mails, so that they tell nothing — and the hashing that runs
// at once is bounded: one hash for attempts from anywhere, in turn behind
// a short queue, and one kept for attempts from a device the account has
// logged in from before (a signed cookie), so that a flood from addresses
// without number, which no throttle by address stops, still lets staff in.
// The set-up page hashes the password it is given behind the same
// throttle and in the same slots (see handleSetup).
const (
	// hashSlots hashes run at once: 2 × 64 MiB, one of them kept for
	// known devices.
	hashSlots = 2
	// hashQueue attempts may wait for a slot in each lane; more are
	// refused at once, so that waiting cannot pile up without bound.
	hashQueue = 8
	// loginsPerAddr attempts a minute from one address (an office behind
	// one NAT logs in from one address), loginsPerPair for one e-mail
	// from one address (or from one known device).
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

	perAddr, perPair *web.RateLimiter // nil: no throttle (tests)

	// anyone is the slot of attempts from anywhere, known the one kept
	// for known devices (which may take either).
	anyone, known               chan struct{}
	waitingAnyone, waitingKnown atomic.Int64
	queue                       int64 // hashQueue; tests change it
	// running and maxRunning count the hashes running, for tests.
	running, maxRunning atomic.Int64
}

func newLoginGuard(formKey []byte, now func() time.Time) *loginGuard {
	return &loginGuard{
		addrKey: web.DeriveKey(formKey, web.LoginAddrKeyLabel),
		perAddr: web.NewRateLimiter(loginsPerAddr, now),
		perPair: web.NewRateLimiter(loginsPerPair, now),
		anyone:  make(chan struct{}, hashSlots-1),
		known:   make(chan struct{}, 1),
		queue:   hashQueue,
	}
}

// loginAddr is what stands for the request's client address in throttles
// and stored locks: a keyed hash, so that no address is stored, of the
// address (of its /64 network for IPv6, which one subscriber holds whole).
func (s *Server) loginAddr(r *http.Request) string {
	addr := web.ClientAddr(r, s.trustedProxies)
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

// allow takes a token from the (e-mail, key)'s bucket, key being the
// address or a known device, and with byAddr from the address's; when
// either is empty it says how long to wait.
func (g *loginGuard) allow(email, key string, byAddr bool) (bool, time.Duration) {
	addr := key
	if byAddr && g.perAddr != nil {
		if ok, wait := g.perAddr.Allow(addr); !ok {
			return false, wait
		}
	}
	if g.perPair != nil {
		if ok, wait := g.perPair.Allow(addr + " " + email); !ok {
			return false, wait
		}
	}
	return true, 0
}

// verify checks password against hash (against a dummy hash, at the same
// cost, when hash is empty) once a hashing slot is free (see acquire).
func (g *loginGuard) verify(ctx context.Context, hash, password string, knownDevice bool) (bool, error) {
	release, err := g.acquire(ctx, knownDevice)
	if err != nil {
		return false, err
	}
	defer release()
	if hash == "" {
		_, err := verifyPassword(dummyHash(), password)
		return false, err
	}
	return verifyPassword(hash, password)
}

// hash returns the argon2id hash of a new password, chosen on the set-up
// page, once a slot for attempts from anywhere is free: the set-up page
// is as open to a flood as the login.
func (g *loginGuard) hash(ctx context.Context, password string) (string, error) {
	release, err := g.acquire(ctx, false)
	if err != nil {
		return "", err
	}
	defer release()
	return hashPassword(password)
}

// acquire waits for a hashing slot and returns the function that frees
// it: an attempt from a known device may take either slot, any other only
// its own. It waits in turn while ctx lasts, and refuses with errLoginBusy
// when too many wait.
func (g *loginGuard) acquire(ctx context.Context, knownDevice bool) (release func(), err error) {
	waiting, known := &g.waitingAnyone, g.known
	if knownDevice {
		waiting = &g.waitingKnown
	} else {
		known = nil // a nil channel is never ready
	}
	if waiting.Add(1) > g.queue {
		waiting.Add(-1)
		return nil, errLoginBusy
	}
	var slot chan struct{}
	select {
	case g.anyone <- struct{}{}:
		slot = g.anyone
	case known <- struct{}{}:
		slot = known
	case <-ctx.Done():
		waiting.Add(-1)
		return nil, ctx.Err()
	}
	waiting.Add(-1)
	n := g.running.Add(1)
	for m := g.maxRunning.Load(); n > m; m = g.maxRunning.Load() {
		if g.maxRunning.CompareAndSwap(m, n) {
			break
		}
	}
	return func() {
		g.running.Add(-1)
		// Collect the hash's 64 MiB before the slot is free: left to
		// the pacer, the garbage of two hashes can pile up beside two
		// live ones (measured by bench/login: a peak of 325 MB without,
		// 172 MB with).
		runtime.GC()
		<-slot
	}, nil
}

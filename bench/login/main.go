// Command login measures the staff login under a flood of wrong passwords:
// it starts the real back-office server (package backoffice, SQLite, behind a
// trusted proxy) as a child process, floods POST /staff/login from 32
// connections for -duration, makes one legitimate login (the right
// password, then the TOTP code) from another address in the middle of the
// flood, and prints the child's peak resident memory (VmHWM) and how long
// that login took: from a device the account logged in from before the
// flood (legit-login-ms, how staff log in day to day), and, for a second
// account, from a device never seen (new-device-ms). It does so twice: a flood from one address (which the
// address throttle stops before any hashing) and a flood whose every
// request claims a new address in X-Forwarded-For (which no throttle by
// address stops: only the bound on hashing at once holds the memory).
//
//	go run ./bench/login [-duration 20s] [-concurrency 32]
package main

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/backoffice"
	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
)

const (
	// email is the account the flood aims at; other logs in from a new
	// device during it. Both have password and secret.
	email    = "admin@example.org"
	other    = "coord@example.org"
	password = "olive tractor window seventeen"
	// secret is the accounts' TOTP secret (20 bytes).
	secret = "12345678901234567890"
)

func main() {
	duration := flag.Duration("duration", 20*time.Second, "how long each flood lasts")
	concurrency := flag.Int("concurrency", 32, "connections flooding at once")
	child := flag.Bool("child", false, "run as the server (internal)")
	flag.Parse()
	if *child {
		serve()
		return
	}
	fmt.Printf("login benchmark: %d connections of wrong passwords for %s, one legitimate login in the middle, loopback\n\n",
		*concurrency, *duration)
	fmt.Printf("%-16s %12s %15s %14s %9s %7s %7s %9s\n", "flood", "peak-rss-mb", "legit-login-ms", "new-device-ms", "requests", "401", "429", "flood-p50")
	for _, many := range []bool{false, true} {
		run(many, *duration, *concurrency)
	}
	fmt.Println("\ngoals: peak-rss-mb under 400, legit-login-ms under 3000")
}

// run starts a child server, floods it and prints one line.
func run(manyAddrs bool, duration time.Duration, concurrency int) {
	cmd := exec.Command(os.Args[0], "-child")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	check(err)
	stdout, err := cmd.StdoutPipe()
	check(err)
	check(cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	check(err)
	base := "http://" + strings.TrimSpace(line)

	tr := &http.Transport{MaxIdleConns: concurrency * 2, MaxIdleConnsPerHost: concurrency * 2}
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// The day before: the account logs in from its usual device.
	_, device := legitLogin(client, base, email, nil, time.Now())
	if device == nil {
		log.Fatal("the login before the flood failed")
	}

	var (
		stop      atomic.Bool
		wg        sync.WaitGroup
		mu        sync.Mutex
		latencies []time.Duration
		statuses  = map[int]int{}
	)
	for range concurrency {
		wg.Go(func() {
			for !stop.Load() {
				addr := "203.0.113.1"
				if manyAddrs {
					addr = randomAddr()
				}
				start := time.Now()
				status := post(client, base+"/staff/login", addr, nil, url.Values{"email": {email}, "password": {"wrong " + rand.Text()}})
				mu.Lock()
				latencies = append(latencies, time.Since(start))
				statuses[status]++
				mu.Unlock()
			}
		})
	}
	time.Sleep(duration / 2)
	// The next time step's code, accepted one step early: the code of
	// the login before the flood may still be the current one.
	next := time.Now().Add(30 * time.Second)
	var legit, newDevice time.Duration
	var lwg sync.WaitGroup
	lwg.Go(func() { legit, _ = legitLogin(client, base, email, device, next) })
	lwg.Go(func() { newDevice, _ = legitLogin(client, base, other, nil, next) })
	lwg.Wait()
	time.Sleep(duration - duration/2)
	stop.Store(true)
	wg.Wait()
	hwm := vmHWM(cmd.Process.Pid)
	stdin.Close()
	check(cmd.Wait())

	slices.Sort(latencies)
	var p50 time.Duration
	if len(latencies) > 0 {
		p50 = latencies[len(latencies)/2]
	}
	name := "one address"
	if manyAddrs {
		name = "many addresses"
	}
	fmt.Printf("%-16s %12.0f %15s %14s %9d %7d %7d %8dms\n", name, float64(hwm)/1024, ms(legit), ms(newDevice), len(latencies),
		statuses[http.StatusUnauthorized], statuses[http.StatusTooManyRequests], p50.Milliseconds())
	if other := len(latencies) - statuses[http.StatusUnauthorized] - statuses[http.StatusTooManyRequests]; other > 0 {
		fmt.Printf("%-16s %d answers were neither 401 nor 429: %v\n", "", other, statuses)
	}
}

// ms is d in milliseconds, or "failed" for 0.
func ms(d time.Duration) string {
	if d == 0 {
		return "failed"
	}
	return strconv.FormatInt(d.Milliseconds(), 10)
}

// legitLogin logs in to account with the right password and the code of
// codeAt from an address of its own, with the cookies of device, and
// returns how long both steps took (0 if they failed) and the device's
// cookies after it.
func legitLogin(client *http.Client, base, account string, device []*http.Cookie, codeAt time.Time) (time.Duration, []*http.Cookie) {
	const addr = "198.51.100.7"
	start := time.Now()
	res := do(client, base+"/staff/login", addr, device, url.Values{"email": {account}, "password": {password}})
	if res == nil || res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/login/code" {
		log.Printf("legitimate login to %s: password step failed (%v)", account, status(res))
		return 0, nil
	}
	cookies := res.Cookies()
	res = do(client, base+"/staff/login/code", addr, cookies, url.Values{"code": {totp(codeAt)}})
	if res == nil || res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/" {
		log.Printf("legitimate login to %s: code step failed (%v)", account, status(res))
		return 0, nil
	}
	return time.Since(start), res.Cookies()
}

func status(res *http.Response) any {
	if res == nil {
		return "no answer"
	}
	return res.StatusCode
}

func post(client *http.Client, u, addr string, cookies []*http.Cookie, form url.Values) int {
	res := do(client, u, addr, cookies, form)
	if res == nil {
		return 0
	}
	return res.StatusCode
}

func do(client *http.Client, u, addr string, cookies []*http.Cookie, form url.Values) *http.Response {
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	check(err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", strings.TrimSuffix(u, req.URL.Path))
	req.Header.Set("X-Forwarded-For", addr)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err := client.Do(req)
	if err != nil {
		log.Printf("post: %v", err)
		return nil
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func randomAddr() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1<<24))
	v := n.Int64()
	return fmt.Sprintf("10.%d.%d.%d", v>>16&255, v>>8&255, v&255)
}

// vmHWM returns the peak resident memory of process pid, in KiB.
func vmHWM(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	check(err)
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			check(err)
			return kb
		}
	}
	log.Fatal("no VmHWM in /proc/pid/status")
	return 0
}

// totp is the account's code at t (RFC 6238: HMAC-SHA-1, 30 s, 6 digits).
func totp(t time.Time) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(t.Unix()/30))
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[off:off+4])&0x7fffffff)%1000000)
}

// serve runs the back-office on a fresh SQLite database, with
// one ready admin account, prints its address and serves until stdin
// closes.
func serve() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "senderos-bench-login-")
	check(err)
	defer os.RemoveAll(dir)
	keys, err := seal.Parse(seal.Generate())
	check(err)
	db, err := sqlite.Open(filepath.Join(dir, "senderos.db"), keys)
	check(err)
	defer db.Close()
	staff := sqldb.NewStaffService(db)
	for _, e := range []string{email, other} {
		check(staff.CreateStaff(ctx, &senderos.Staff{Email: e, Name: e, Role: senderos.RoleAdmin, Lang: "es",
			PasswordHash: hash(password), TOTPSecret: []byte(secret)}))
	}
	srv, err := backoffice.NewServer(backoffice.Config{
		Logger:      slog.New(slog.DiscardHandler),
		Submissions: sqldb.NewSubmissionService(db),
		Staff:       staff, Sessions: sqldb.NewSessionService(db),
		Audit: sqldb.NewAuditService(db), Profiles: sqldb.NewProfileService(db),
		TrustedProxies: 1,
	})
	check(err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	fmt.Println(ln.Addr().String())
	go func() {
		io.Copy(io.Discard, os.Stdin)
		ln.Close()
	}()
	if err := http.Serve(ln, srv); err != nil && !errors.Is(err, net.ErrClosed) {
		log.Fatal(err)
	}
}

// hash is password's argon2id hash with the portal's parameters, in PHC
// form.
func hash(password string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, 3, 64*1024, 2, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, 64*1024, 3, 2,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// Package mailtest is a small SMTP server for tests, on loopback: the mail
// package's own tests and the program's, which kill and restart the portal
// while a staff notification is on its way.
package mailtest

import (
	"crypto/tls"
	"encoding/base64"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// Received is one message the test server accepted.
type Received struct {
	From string
	To   []string
	Data string
	// Auth is the decoded AUTH PLAIN response ("\x00user\x00pass"), if any.
	Auth string
	// TLS reports whether the message came over a STARTTLS connection.
	TLS bool
}

// Server is a small SMTP server for tests: it speaks EHLO, STARTTLS
// (when given a certificate), AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP and
// QUIT, and records what it accepts.
type Server struct {
	Addr string

	// RefuseRcpt makes every RCPT TO fail with 550.
	RefuseRcpt bool
	// TLS, when set, is offered with STARTTLS.
	TLS *tls.Config
	// RequireAuth refuses MAIL before a successful AUTH.
	RequireAuth bool

	ln       net.Listener
	wg       sync.WaitGroup
	mu       sync.Mutex
	messages []Received
	auths    []string // every AUTH attempt, even without a message
}

// Start starts a server on host:0 and stops it when the test ends; it
// skips the test if it cannot listen there.
func Start(t testing.TB, host string, configure func(*Server)) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		t.Skipf("cannot listen on %s: %v", host, err)
	}
	return listen(t, ln, configure)
}

// StartAt starts a server on addr, e.g. one a program under test was told
// to send to before any server listened there, and stops it when the test
// ends.
func StartAt(t testing.TB, addr string, configure func(*Server)) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("cannot listen on %s: %v", addr, err)
	}
	return listen(t, ln, configure)
}

// listen answers on ln until the test ends.
func listen(t testing.TB, ln net.Listener, configure func(*Server)) *Server {
	s := &Server{Addr: ln.Addr().String(), ln: ln}
	if configure != nil {
		configure(s)
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(conn)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

// Close stops listening: from then on the server refuses connections, as
// one that is down.
func (s *Server) Close() error {
	return s.ln.Close()
}

// Messages returns what the server accepted so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.messages...)
}

// Auths returns every AUTH PLAIN response the server saw.
func (s *Server) Auths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auths...)
}

func (s *Server) serve(conn net.Conn) {
	defer func() { conn.Close() }()
	tp := textproto.NewConn(conn)
	reply := func(format string, args ...any) bool { return tp.PrintfLine(format, args...) == nil }
	if !reply("220 test.invalid ESMTP ready") {
		return
	}
	var cur Received
	isTLS, authed := false, false
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			exts := []string{"test.invalid", "8BITMIME", "AUTH PLAIN"}
			if s.TLS != nil && !isTLS {
				exts = append(exts, "STARTTLS")
			}
			for i, e := range exts {
				sep := "-"
				if i == len(exts)-1 {
					sep = " "
				}
				if !reply("250%s%s", sep, e) {
					return
				}
			}
		case "STARTTLS":
			if s.TLS == nil || isTLS {
				reply("502 not offered")
				continue
			}
			if !reply("220 go ahead") {
				return
			}
			tc := tls.Server(conn, s.TLS)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, isTLS = tc, true
			tp = textproto.NewConn(conn)
			cur = Received{}
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			if !strings.EqualFold(mech, "PLAIN") {
				reply("504 unsupported mechanism")
				continue
			}
			if resp == "" {
				if !reply("334 ") {
					return
				}
				if resp, err = tp.ReadLine(); err != nil {
					return
				}
			}
			dec, err := base64.StdEncoding.DecodeString(resp)
			if err != nil {
				reply("501 bad base64")
				continue
			}
			s.mu.Lock()
			s.auths = append(s.auths, string(dec))
			s.mu.Unlock()
			cur.Auth, authed = string(dec), true
			reply("235 accepted")
		case "MAIL":
			if s.RequireAuth && !authed {
				reply("530 authentication required")
				continue
			}
			cur.From, cur.To, cur.TLS = addrArg(arg), nil, isTLS
			reply("250 ok")
		case "RCPT":
			if s.RefuseRcpt {
				reply("550 no such mailbox")
				continue
			}
			cur.To = append(cur.To, addrArg(arg))
			reply("250 ok")
		case "DATA":
			if cur.From == "" || len(cur.To) == 0 {
				reply("503 need MAIL and RCPT first")
				continue
			}
			if !reply("354 end with a dot") {
				return
			}
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.Data = string(data)
			s.mu.Lock()
			s.messages = append(s.messages, cur)
			s.mu.Unlock()
			cur = Received{Auth: cur.Auth}
			reply("250 queued")
		case "RSET":
			cur = Received{Auth: cur.Auth}
			reply("250 ok")
		case "NOOP":
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 unknown command")
		}
	}
}

// addrArg returns the address of "FROM:<a@b> SIZE=…" or "TO:<a@b>".
func addrArg(arg string) string {
	_, rest, _ := strings.Cut(arg, ":")
	rest = strings.TrimSpace(rest)
	if i := strings.IndexByte(rest, '>'); strings.HasPrefix(rest, "<") && i > 0 {
		return rest[1:i]
	}
	if f := strings.Fields(rest); len(f) > 0 {
		return f[0]
	}
	return ""
}

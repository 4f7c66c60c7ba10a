// Package mail tells staff by e-mail that a submission arrived. It speaks
// SMTP with the standard library's net/smtp and never puts personal data
// in a message: only the kind of submission, its reference and a link to
// it in the back-office.
package mail

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/url"
	"strings"
	"time"
)

// Config says which SMTP server to use and who is notified.
type Config struct {
	// Addr is the server's host:port.
	Addr string
	// Username and Password authenticate with PLAIN; empty Username sends
	// without authenticating. PLAIN is used only over TLS or to a server
	// on this machine (net/smtp's rule).
	Username, Password string
	// ImplicitTLS connects with TLS from the first byte (smtps://, port
	// 465). Otherwise STARTTLS is used whenever the server offers it.
	ImplicitTLS bool
	// TLSConfig is used for TLS; nil verifies the server against the
	// system's roots under the host name of Addr.
	TLSConfig *tls.Config

	// From is the sender, e.g. "Nuevos Senderos <portal@example.org>".
	From string
	// To are the staff addresses notified.
	To []string
	// BaseURL is the portal's public address; links point under it.
	BaseURL string

	// Timeout bounds one notification when the context has no deadline;
	// zero means 30 seconds.
	Timeout time.Duration
}

// Default ports by scheme: message submission with STARTTLS, and with
// implicit TLS.
const (
	defaultPort    = "587"
	defaultTLSPort = "465"
)

// ParseURL reads a server address of the form
// smtp://user:password@host:port (or smtps:// for implicit TLS) into a
// Config's Addr, Username, Password and ImplicitTLS. The optional query
// parameters from= and to= (comma-separated) fill From and To.
func ParseURL(raw string) (Config, error) {
	var c Config
	u, err := url.Parse(raw)
	if err != nil {
		return c, errors.New("mail: the SMTP URL does not parse") // the URL may hold a password: not repeated
	}
	switch u.Scheme {
	case "smtp":
	case "smtps":
		c.ImplicitTLS = true
	default:
		return c, fmt.Errorf("mail: SMTP URL scheme %q: want smtp or smtps", u.Scheme)
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return c, errors.New("mail: the SMTP URL has no host")
	}
	if port == "" {
		port = defaultPort
		if c.ImplicitTLS {
			port = defaultTLSPort
		}
	}
	c.Addr = net.JoinHostPort(host, port)
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	q := u.Query()
	c.From = q.Get("from")
	for _, to := range strings.Split(q.Get("to"), ",") {
		if to = strings.TrimSpace(to); to != "" {
			c.To = append(c.To, to)
		}
	}
	return c, nil
}

// Validate reports the first problem with c.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("mail: server address %q: want host:port", c.Addr)
	}
	if c.Password != "" && c.Username == "" {
		return errors.New("mail: a password needs a user name")
	}
	if _, err := netmail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("mail: sender %q: %w", c.From, err)
	}
	if len(c.To) == 0 {
		return errors.New("mail: no address to notify")
	}
	for _, to := range c.To {
		if _, err := netmail.ParseAddress(to); err != nil {
			return fmt.Errorf("mail: recipient %q: %w", to, err)
		}
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("mail: base URL %q: want the portal's absolute http(s) address", c.BaseURL)
	}
	if c.Timeout < 0 {
		return errors.New("mail: the timeout must not be negative")
	}
	return nil
}

// host returns the host part of Addr.
func (c *Config) host() string {
	h, _, _ := net.SplitHostPort(c.Addr)
	return h
}

// tlsConfig returns the TLS settings for the server.
func (c *Config) tlsConfig() *tls.Config {
	t := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.TLSConfig != nil {
		t = c.TLSConfig.Clone()
	}
	if t.ServerName == "" {
		t.ServerName = c.host()
	}
	return t
}

package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"time"

	"github.com/cepaim/senderos"
)

// defaultTimeout bounds one notification when the context has no deadline.
const defaultTimeout = 30 * time.Second

// Notifier e-mails staff about each new submission. It implements
// senderos.Notifier.
type Notifier struct {
	config Config
	// now is the clock for the Date header.
	now func() time.Time
}

var _ senderos.Notifier = (*Notifier)(nil)

// NewNotifier returns a Notifier sending with c, or the first problem
// with c.
func NewNotifier(c Config) (*Notifier, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c.To = append([]string(nil), c.To...)
	return &Notifier{config: c, now: time.Now}, nil
}

// NotifySubmission sends every staff address one message naming the kind
// of s, its reference and a link to it in the back-office; none of its
// personal data. The error (which holds no personal data either) says
// why the message was not accepted by the server.
func (n *Notifier) NotifySubmission(ctx context.Context, s *senderos.Submission) error {
	if s == nil {
		return errors.New("mail: no submission")
	}
	note, err := newNotice(s, n.config.BaseURL)
	if err != nil {
		return err
	}
	msg, err := newMessage(note.subject(), note.body(), "es, en", n.config.From, n.config.To, n.now())
	if err != nil {
		return err
	}
	if err := n.send(ctx, msg); err != nil {
		return fmt.Errorf("mail: notify of %s: %w", note.reference, err)
	}
	return nil
}

// send delivers msg in one SMTP session.
func (n *Notifier) send(ctx context.Context, msg *message) error {
	c := &n.config
	if _, ok := ctx.Deadline(); !ok {
		timeout := c.Timeout
		if timeout == 0 {
			timeout = defaultTimeout
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}

	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", c.Addr)
	if err != nil {
		return err
	}
	// Deadlines bound each read and write; closing on cancellation stops
	// a session blocked in between.
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	if c.ImplicitTLS {
		conn = tls.Client(conn, c.tlsConfig())
	}
	client, err := smtp.NewClient(conn, c.host())
	if err != nil {
		conn.Close()
		return err
	}
	defer client.Close()

	if !c.ImplicitTLS {
		if ok, _ := client.Extension("STARTTLS"); ok {
			if err := client.StartTLS(c.tlsConfig()); err != nil {
				return fmt.Errorf("starttls: %w", err)
			}
		}
	}
	if c.Username != "" {
		if ok, _ := client.Extension("AUTH"); !ok {
			return errors.New("the server offers no authentication")
		}
		// PlainAuth refuses to send the password unless the connection
		// is encrypted or the server is on this machine.
		if err := client.Auth(smtp.PlainAuth("", c.Username, c.Password, c.host())); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := client.Mail(msg.from.Address); err != nil {
		return fmt.Errorf("mail from: %w", err)
	}
	for i, to := range msg.to {
		if err := client.Rcpt(to.Address); err != nil {
			return fmt.Errorf("rcpt to (recipient %d): %w", i+1, err)
		}
	}
	w, err := client.Data()
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if _, err := w.Write(msg.data); err != nil {
		w.Close()
		return fmt.Errorf("data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if err := client.Quit(); err != nil {
		return fmt.Errorf("quit: %w", err)
	}
	return nil
}

package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
)

// notice is what a message says about a submission: nothing that could
// identify the person who sent it.
type notice struct {
	kindES, kindEN string // "familia"/"family", "municipio"/"municipality", …
	reference      string
	link           string
	suspected      bool
}

// newNotice describes s for staff. It reads only the kind, reference, ID
// and status: never the Interest, Municipality or Host parts.
func newNotice(s *senderos.Submission, baseURL string) (notice, error) {
	n := notice{reference: safeReference(s.Reference), suspected: s.Status == senderos.StatusSuspected}
	var section string
	switch s.Kind {
	case senderos.KindInterest:
		n.kindES, n.kindEN, section = "familia", "family", "families"
	case senderos.KindMunicipality:
		n.kindES, n.kindEN, section = "municipio", "municipality", "municipalities"
	case senderos.KindHost:
		n.kindES, n.kindEN, section = "familia de acogida o persona mentora", "host family or mentor", "hosts"
	default:
		return n, fmt.Errorf("mail: submission %d has an unknown kind", s.ID)
	}
	if s.ID <= 0 {
		return n, fmt.Errorf("mail: submission %s has no id", n.reference)
	}
	n.link = strings.TrimRight(baseURL, "/") + "/staff/" + section + "/" + strconv.FormatInt(s.ID, 10)
	return n, nil
}

// safeReference keeps the letters, digits and dashes of a reference, so
// that nothing else can reach a header.
func safeReference(ref string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') {
			return r
		}
		return -1
	}, ref)
}

func (n notice) subject() string {
	return fmt.Sprintf("[Nuevos Senderos] Nueva solicitud (%s) %s / New submission (%s)",
		n.kindES, n.reference, n.kindEN)
}

func (n notice) body() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Ha llegado una nueva solicitud de %s.\n", n.kindES)
	fmt.Fprintf(&b, "Referencia: %s\n", n.reference)
	if n.suspected {
		b.WriteString("Está apartada como posible spam.\n")
	}
	fmt.Fprintf(&b, "Ábrela en el back-office (hay que iniciar sesión):\n%s\n", n.link)
	b.WriteString("\n---\n\n")
	fmt.Fprintf(&b, "A new %s submission has arrived.\n", n.kindEN)
	fmt.Fprintf(&b, "Reference: %s\n", n.reference)
	if n.suspected {
		b.WriteString("It is kept apart as suspected spam.\n")
	}
	fmt.Fprintf(&b, "Open it in the back-office (login required):\n%s\n", n.link)
	b.WriteString("\n-- \nEste mensaje no contiene datos personales. / This message holds no personal data.\n")
	return b.String()
}

// message is an e-mail ready for the DATA command.
type message struct {
	from netmail.Address
	to   []netmail.Address
	data []byte
}

// newMessage writes subject and body, in the languages lang names (a
// Content-Language value), as a plain-text, quoted-printable UTF-8 e-mail.
func newMessage(subject, body, lang, from string, to []string, now time.Time) (*message, error) {
	f, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: sender: %w", err)
	}
	m := &message{from: *f}
	var toHeader []string
	for _, t := range to {
		a, err := netmail.ParseAddress(t)
		if err != nil {
			return nil, fmt.Errorf("mail: recipient: %w", err)
		}
		m.to = append(m.to, *a)
		toHeader = append(toHeader, a.String())
	}
	id, err := messageID(f.Address)
	if err != nil {
		return nil, err
	}

	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", f.String())
	header("To", strings.Join(toHeader, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", id)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Content-Language", lang)
	// RFC 3834: no vacation replies to a machine's message.
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	// In text mode the writer ends every line with CRLF.
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	m.data = b.Bytes()
	return m, nil
}

// messageID returns a unique Message-ID under the sender's domain.
func messageID(from string) (string, error) {
	var r [16]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", fmt.Errorf("mail: message id: %w", err)
	}
	domain := "senderos.invalid"
	if _, d, ok := strings.Cut(from, "@"); ok && d != "" {
		domain = d
	}
	return "<" + hex.EncodeToString(r[:]) + "@" + domain + ">", nil
}

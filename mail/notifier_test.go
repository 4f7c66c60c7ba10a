package mail_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/http/httptest"
	netmail "net/mail"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/mail"
)

// Distinctive personal values: none may appear in a notification.
var personal = []string{
	"Zorbadella", "Quintanilla-Ruyz", "zorba.secret@example.net", "699123987", "699 123 987",
	"Villatestinga", "xyzzy-skills-text", "Alcaldesa Pérez-Ombú", "ombu.alcaldia@example.org",
	"611222333", "Villamunicipiotest", "plugh-description-text",
	"Anfitriona Quimbaya", "quimbaya.host@example.org", "622333444", "frobozz-about-text", "Villahosttest",
}

func family() *senderos.Submission {
	return &senderos.Submission{
		ID: 42, Reference: "NS-7KQ2-M4XD", Kind: senderos.KindInterest, Lang: "es", Status: senderos.StatusNew,
		Interest: &senderos.Interest{
			Adults: 2, City: "Villatestinga", Province: "28", Skills: "xyzzy-skills-text",
			Contact: senderos.Contact{Name: "Zorbadella Quintanilla-Ruyz", Email: "zorba.secret@example.net",
				Phone: "+34 699 123 987", Language: "es", Channel: "phone"},
		},
	}
}

func municipality() *senderos.Submission {
	return &senderos.Submission{
		ID: 7, Reference: "NS-AB12-CD34", Kind: senderos.KindMunicipality, Lang: "fr", Status: senderos.StatusNew,
		Municipality: &senderos.MunicipalitySignup{
			Code: "49999", Name: "Villamunicipiotest", Province: "Zamora", Region: "Castilla y León",
			ContactName: "Alcaldesa Pérez-Ombú", Role: "Alcaldesa", Email: "ombu.alcaldia@example.org",
			Phone: "611222333", Description: "plugh-description-text",
		},
	}
}

func host() *senderos.Submission {
	return &senderos.Submission{
		ID: 9, Reference: "NS-HH12-JK34", Kind: senderos.KindHost, Lang: "ar", Status: senderos.StatusNew,
		Host: &senderos.HostSignup{
			Code: "49998", Name: "Villahosttest", Province: "Zamora", Region: "Castilla y León",
			Kind: senderos.HostFamily, People: 2, Languages: []string{"es"}, Offers: []string{"welcome"},
			About: "frobozz-about-text",
			Contact: senderos.Contact{Name: "Anfitriona Quimbaya", Email: "quimbaya.host@example.org",
				Phone: "622333444", Language: "ar", Channel: "email"},
		},
	}
}

func config(addr string) mail.Config {
	return mail.Config{
		Addr: addr, From: "Nuevos Senderos <portal@senderos.example>",
		To:      []string{"tecnica@cepaim.example", "coordina@cepaim.example"},
		BaseURL: "https://portal.example/",
	}
}

func mustNotifier(t *testing.T, c mail.Config) *mail.Notifier {
	t.Helper()
	n, err := mail.NewNotifier(c)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// parsed is a received message with its subject and body decoded.
type parsed struct {
	msg     *netmail.Message
	subject string
	body    string
}

func parse(t *testing.T, data string) parsed {
	t.Helper()
	msg, err := netmail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatalf("message does not parse: %v\n%s", err, data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject: %v", err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatalf("body is not quoted-printable: %v", err)
	}
	return parsed{msg: msg, subject: subject, body: string(body)}
}

func TestNotifySubmission(t *testing.T) {
	for _, tc := range []struct {
		name string
		sub  *senderos.Submission
		link string
		kind []string
	}{
		{"Family", family(), "https://portal.example/staff/families/42", []string{"familia", "family"}},
		{"Municipality", municipality(), "https://portal.example/staff/municipalities/7", []string{"municipio", "municipality"}},
		{"Host", host(), "https://portal.example/staff/hosts/9", []string{"familia de acogida o persona mentora", "host family or mentor"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSMTP(t, "127.0.0.1", nil)
			n := mustNotifier(t, config(srv.Addr))
			if err := n.NotifySubmission(context.Background(), tc.sub); err != nil {
				t.Fatal(err)
			}
			msgs := srv.Messages()
			if len(msgs) != 1 {
				t.Fatalf("server got %d messages, want 1", len(msgs))
			}
			got := msgs[0]
			t.Run("ReachesEveryRecipient", func(t *testing.T) {
				want := []string{"tecnica@cepaim.example", "coordina@cepaim.example"}
				if !slices.Equal(got.To, want) {
					t.Errorf("RCPT TO %v, want %v", got.To, want)
				}
				if got.From != "portal@senderos.example" {
					t.Errorf("MAIL FROM %q", got.From)
				}
			})
			p := parse(t, got.Data)
			t.Run("CarriesLinkAndReference", func(t *testing.T) {
				if !strings.Contains(p.body, tc.link+"\n") {
					t.Errorf("body has no line with the link %s:\n%s", tc.link, p.body)
				}
				if !strings.Contains(p.body, tc.sub.Reference) || !strings.Contains(p.subject, tc.sub.Reference) {
					t.Errorf("reference %s missing from subject %q or body", tc.sub.Reference, p.subject)
				}
				for _, k := range tc.kind {
					if !strings.Contains(p.subject, k) || !strings.Contains(p.body, k) {
						t.Errorf("kind %q missing from subject %q or body", k, p.subject)
					}
				}
				for _, w := range []string{"Referencia", "Reference", "Ábrela"} { // both languages, UTF-8 intact
					if !strings.Contains(p.body, w) {
						t.Errorf("body lacks %q", w)
					}
				}
			})
			t.Run("HoldsNoPersonalData", func(t *testing.T) {
				for _, text := range []string{got.Data, p.subject, p.body} {
					for _, v := range personal {
						if strings.Contains(strings.ToLower(text), strings.ToLower(v)) {
							t.Errorf("message contains personal value %q", v)
						}
					}
				}
			})
			t.Run("HasProperHeaders", func(t *testing.T) {
				h := p.msg.Header
				if _, err := h.Date(); err != nil {
					t.Errorf("Date: %v", err)
				}
				if !regexp.MustCompile(`^<[0-9a-f]{32}@senderos\.example>$`).MatchString(h.Get("Message-ID")) {
					t.Errorf("Message-ID %q", h.Get("Message-ID"))
				}
				for k, want := range map[string]string{
					"MIME-Version": "1.0", "Content-Type": "text/plain; charset=utf-8",
					"Content-Transfer-Encoding": "quoted-printable",
				} {
					if h.Get(k) != want {
						t.Errorf("%s: %q, want %q", k, h.Get(k), want)
					}
				}
				to, err := h.AddressList("To")
				if err != nil || len(to) != 2 {
					t.Errorf("To: %v %v", to, err)
				}
				if from, err := h.AddressList("From"); err != nil || from[0].Name != "Nuevos Senderos" {
					t.Errorf("From: %v %v", from, err)
				}
				for _, line := range strings.Split(got.Data, "\n") {
					if len(line) > 998 {
						t.Errorf("line longer than SMTP allows: %d", len(line))
					}
				}
			})
		})
	}
}

func TestNotifySubmissionRcptRefused(t *testing.T) {
	srv := startSMTP(t, "127.0.0.1", func(s *smtpServer) { s.RefuseRcpt = true })
	err := mustNotifier(t, config(srv.Addr)).NotifySubmission(context.Background(), family())
	if err == nil {
		t.Fatal("no error when the server refuses every recipient")
	}
	if !strings.Contains(err.Error(), "550") {
		t.Errorf("error %q does not carry the server's reply", err)
	}
	for _, v := range personal {
		if strings.Contains(err.Error(), v) {
			t.Errorf("error %q contains personal value %q", err, v)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server accepted %d messages", n)
	}
}

func TestNotifySubmissionServerDown(t *testing.T) {
	srv := startSMTP(t, "127.0.0.1", nil)
	addr := srv.Addr
	srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := mustNotifier(t, config(addr)).NotifySubmission(ctx, family()); err == nil {
		t.Fatal("no error with nobody listening")
	}
}

func TestAuth(t *testing.T) {
	t.Run("PlainToLocalhost", func(t *testing.T) {
		srv := startSMTP(t, "127.0.0.1", func(s *smtpServer) { s.RequireAuth = true })
		c := config(srv.Addr)
		c.Username, c.Password = "portal", "s3cret"
		if err := mustNotifier(t, c).NotifySubmission(context.Background(), family()); err != nil {
			t.Fatal(err)
		}
		if m := srv.Messages(); len(m) != 1 || m[0].Auth != "\x00portal\x00s3cret" {
			t.Errorf("messages %+v", m)
		}
	})
	t.Run("NoPlainOverUnencryptedRemote", func(t *testing.T) {
		// 127.0.0.2 is this machine too, but not a name net/smtp treats
		// as local: the password must not be sent in the clear.
		srv := startSMTP(t, "127.0.0.2", nil)
		c := config(srv.Addr)
		c.Username, c.Password = "portal", "s3cret"
		err := mustNotifier(t, c).NotifySubmission(context.Background(), family())
		if err == nil || !strings.Contains(err.Error(), "unencrypted") {
			t.Errorf("error %v, want net/smtp's refusal of an unencrypted connection", err)
		}
		if a := srv.Auths(); len(a) != 0 {
			t.Errorf("the password reached the server: %q", a)
		}
	})
	t.Run("StartTLSWhenOffered", func(t *testing.T) {
		// httptest's certificate is valid for example.com.
		ts := httptest.NewUnstartedServer(nil)
		ts.StartTLS()
		defer ts.Close()
		roots := x509.NewCertPool()
		roots.AddCert(ts.Certificate())
		srv := startSMTP(t, "127.0.0.2", func(s *smtpServer) {
			s.TLS = &tls.Config{Certificates: ts.TLS.Certificates}
			s.RequireAuth = true
		})
		c := config(srv.Addr)
		c.Username, c.Password = "portal", "s3cret"
		c.TLSConfig = &tls.Config{RootCAs: roots, ServerName: "example.com"}
		if err := mustNotifier(t, c).NotifySubmission(context.Background(), municipality()); err != nil {
			t.Fatal(err)
		}
		m := srv.Messages()
		if len(m) != 1 || !m[0].TLS || m[0].Auth != "\x00portal\x00s3cret" {
			t.Errorf("messages %+v, want one sent over STARTTLS after AUTH", m)
		}
	})
}

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want mail.Config
	}{
		{"smtp://user:p%40ss@mail.example:2525", mail.Config{Addr: "mail.example:2525", Username: "user", Password: "p@ss"}},
		{"smtp://mail.example", mail.Config{Addr: "mail.example:587"}},
		{"smtps://u@mail.example", mail.Config{Addr: "mail.example:465", Username: "u", ImplicitTLS: true}},
		{"smtp://mail.example?from=portal@x.example&to=a@x.example,+b@x.example",
			mail.Config{Addr: "mail.example:587", From: "portal@x.example", To: []string{"a@x.example", "b@x.example"}}},
	} {
		got, err := mail.ParseURL(tc.raw)
		if err != nil {
			t.Errorf("%s: %v", tc.raw, err)
			continue
		}
		if got.Addr != tc.want.Addr || got.Username != tc.want.Username || got.Password != tc.want.Password ||
			got.ImplicitTLS != tc.want.ImplicitTLS || got.From != tc.want.From || !slices.Equal(got.To, tc.want.To) {
			t.Errorf("%s: got %+v, want %+v", tc.raw, got, tc.want)
		}
	}
	for _, bad := range []string{"http://mail.example", "smtp://", "smtp://:25", "::"} {
		if _, err := mail.ParseURL(bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	if _, err := mail.ParseURL("smtp://user:hunter2@[bad"); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("a bad URL's error must not repeat the password: %v", err)
	}
}

func TestConfigValidate(t *testing.T) {
	ok := config("127.0.0.1:25")
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(*mail.Config){
		"ErrAddrWithoutPort": func(c *mail.Config) { c.Addr = "mail.example" },
		"ErrNoRecipient":     func(c *mail.Config) { c.To = nil },
		"ErrBadRecipient":    func(c *mail.Config) { c.To = []string{"not an address"} },
		"ErrBadSender":       func(c *mail.Config) { c.From = "" },
		"ErrRelativeBaseURL": func(c *mail.Config) { c.BaseURL = "/staff" },
		"ErrPasswordNoUser":  func(c *mail.Config) { c.Password = "x" },
	} {
		c := config("127.0.0.1:25")
		change(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestNotifySubmissionRejectsBadSubmission(t *testing.T) {
	n := mustNotifier(t, config("127.0.0.1:1"))
	for name, s := range map[string]*senderos.Submission{
		"NoID":        {Reference: "NS-1", Kind: senderos.KindInterest},
		"UnknownKind": {ID: 1, Reference: "NS-1", Kind: "other"},
	} {
		if err := n.NotifySubmission(context.Background(), s); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

package backoffice

import (
	"html"
	"io"
	"mime/quotedprintable"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/mail"
	"github.com/cepaim/senderos/mail/mailtest"
)

// linkEnv is a back-office with the family-link pages, a family with an
// open case assigned to a technician, and an SMTP server.
type linkEnv struct {
	*recordsEnv
	cases senderos.CaseService
	fam   senderos.FamilyService
	smtp  *mailtest.Server
	sub   *senderos.Submission
	c     *senderos.Case
	tech  *member
}

func newLinkEnv(t *testing.T, withSMTP bool) *linkEnv {
	t.Helper()
	e := &linkEnv{}
	var mailer MailFamily
	if withSMTP {
		e.smtp = mailtest.Start(t, "127.0.0.1", nil)
		n, err := mail.NewNotifier(mail.Config{Addr: e.smtp.Addr, From: "rural@cepaim.example",
			To: []string{"staff@cepaim.example"}, BaseURL: "https://senderos.example"})
		if err != nil {
			t.Fatal(err)
		}
		mailer = n.MailFamily
	}
	e.recordsEnv = newRecordsEnv(t, func(c *Config) {
		c.MailFamily = mailer
		c.PublicURL = "https://senderos.example/"
	})
	e.cases, e.fam = e.svc.Cases, e.svc.Families
	e.srv.Cases, e.srv.Families = e.cases, e.fam
	e.tech = e.login(senderos.RoleTechnician, "Lucía Técnica")
	e.sub = e.family("Amina Benali Haddad", "amina@example.org", "612 345 678")
	e.assign(e.sub, e.tech.Staff)
	for _, st := range []senderos.Status{senderos.StatusContacted, senderos.StatusInterviewed} {
		if _, err := e.svc.Submissions.UpdateSubmission(t.Context(), senderos.SubmissionUpdate{ID: e.sub.ID, By: e.tech.ID, Status: st}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := e.cases.OpenCase(t.Context(), e.sub.ID, e.tech.ID, e.srv.Now())
	if err != nil {
		t.Fatal(err)
	}
	e.c = c
	return e
}

var linkOnPage = regexp.MustCompile(`https://senderos\.example/family/([A-Za-z0-9_-]{43})`)

// create makes a link through the form and returns the page and token.
func (e *linkEnv) create(m *member) (string, string) {
	e.t.Helper()
	expires := e.srv.Now().Add(senderos.FamilyLinkLifetime).Format(time.DateOnly)
	res, body := m.post(familyPath(e.sub)+"/link", "expires", expires)
	wantStatus(e.t, res, http.StatusCreated, body)
	match := linkOnPage.FindStringSubmatch(body)
	if match == nil {
		e.t.Fatalf("no link on the page:\n%s", body)
	}
	return body, match[1]
}

func TestFamilyLink(t *testing.T) {
	e := newLinkEnv(t, true)
	base := familyPath(e.sub) + "/link"

	t.Run("PageListsNoneYet", func(t *testing.T) {
		res, body := e.tech.b.get(base)
		wantStatus(t, res, http.StatusOK, body)
		wantIn(t, "links page", body, `name="expires"`, e.srv.Now().Add(senderos.FamilyLinkLifetime).Format(time.DateOnly))
	})
	var token string
	t.Run("CreateShowsTheLinkOnceWithTheMessages", func(t *testing.T) {
		body, tok := e.create(e.tech)
		token = tok
		page := html.UnescapeString(body)
		wantIn(t, "new link page", page,
			"https://wa.me/34612345678?text=",
			"مرحبًا Amina. هذا رابط خطتكم مع نويفوس سينديروس: https://senderos.example/family/"+tok)
		wantNotIn(t, "new link page", page, "Benali", "Haddad")
		l, err := e.fam.OpenFamilyLink(t.Context(), senderos.HashFamilyToken(tok), e.srv.Now())
		if err != nil || l.ID != e.c.ID {
			t.Fatalf("the link does not open the case: %v", err)
		}
		wa := regexp.MustCompile(`href="(https://wa\.me/[^"]+)"`).FindStringSubmatch(body)
		u, _ := url.Parse(html.UnescapeString(wa[1]))
		if !strings.Contains(u.Query().Get("text"), "/family/"+tok) {
			t.Errorf("the WhatsApp message lacks the link: %q", u.Query().Get("text"))
		}
		_, list := e.tech.b.get(base)
		wantNotIn(t, "links list", list, tok)
		if got := e.audited(senderos.AuditFamilyLink, e.sub.Reference); len(got) != 1 || strings.Contains(got[0].Detail, tok) {
			t.Errorf("audit: %+v", got)
		}
	})
	t.Run("EmailHoldsOnlyTheLinkAndFirstName", func(t *testing.T) {
		res, body := e.tech.post(base+"/email", "token", token)
		wantStatus(t, res, http.StatusSeeOther, body)
		msgs := e.smtp.Messages()
		if len(msgs) != 1 || len(msgs[0].To) != 1 || msgs[0].To[0] != "amina@example.org" {
			t.Fatalf("messages: %+v", msgs)
		}
		data := decodeQP(t, msgs[0].Data)
		wantIn(t, "e-mail", data, "/family/"+token, "Amina", "Content-Language: ar")
		wantNotIn(t, "e-mail", data, "Benali", "Haddad", "612 345 678", "612345678", "Madrid", "Poda", e.sub.Reference)
		_, page := e.tech.b.get(base)
		wantIn(t, "after sending", page, "E-mail sent to the family.")
	})
	t.Run("ErrEmailOtherToken", func(t *testing.T) {
		other, _ := senderos.NewFamilyToken()
		res, body := e.tech.post(base+"/email", "token", other)
		wantStatus(t, res, http.StatusNotFound, body)
		if n := len(e.smtp.Messages()); n != 1 {
			t.Errorf("%d messages", n)
		}
	})
	t.Run("ErrExpires", func(t *testing.T) {
		for _, v := range []string{"", "yesterday", e.srv.Now().AddDate(-1, 0, 0).Format(time.DateOnly), e.srv.Now().AddDate(3, 0, 0).Format(time.DateOnly)} {
			res, body := e.tech.post(base, "expires", v)
			wantStatus(t, res, http.StatusUnprocessableEntity, body)
			wantIn(t, "bad expiry "+v, body, `id="expires-error"`)
		}
	})
	t.Run("Revoke", func(t *testing.T) {
		links, _ := e.fam.FindFamilyLinks(t.Context(), e.c.ID)
		id := links[0].ID
		res, body := e.tech.post(base + "/" + itoa(id) + "/revoke")
		wantStatus(t, res, http.StatusSeeOther, body)
		if _, err := e.fam.OpenFamilyLink(t.Context(), senderos.HashFamilyToken(token), e.srv.Now()); senderos.ErrorCode(err) != senderos.ENOTFOUND {
			t.Errorf("the revoked link still opens: %v", err)
		}
		_, page := e.tech.b.get(base)
		wantIn(t, "after revoking", page, "Link revoked.", "Revoked on")
	})
	t.Run("ErrCSRF", func(t *testing.T) {
		res, body := e.tech.b.post(base, url.Values{"expires": {e.srv.Now().AddDate(0, 1, 0).Format(time.DateOnly)}})
		if res.StatusCode == http.StatusCreated {
			t.Fatalf("made a link without the CSRF token:\n%.500s", body)
		}
	})
	t.Run("ErrNotAssigned", func(t *testing.T) {
		other := e.login(senderos.RoleTechnician, "Otro Técnico")
		for _, p := range []string{base} {
			res, body := other.b.get(p)
			wantStatus(t, res, http.StatusNotFound, body)
		}
		res, body := other.post(base, "expires", e.srv.Now().AddDate(0, 1, 0).Format(time.DateOnly))
		wantStatus(t, res, http.StatusNotFound, body)
		links, _ := e.fam.FindFamilyLinks(t.Context(), e.c.ID)
		if len(links) != 1 {
			t.Errorf("%d links", len(links))
		}
	})
}

func TestFamilyLinkWithoutSMTP(t *testing.T) {
	e := newLinkEnv(t, false)
	body, token := e.create(e.tech)
	wantIn(t, "new link page", body, "E-mail cannot be sent")
	res, body := e.tech.post(familyPath(e.sub)+"/link/email", "token", token)
	wantStatus(t, res, http.StatusNotImplemented, body)
}

func TestFamilyLinkWithoutCase(t *testing.T) {
	e := newLinkEnv(t, false)
	sub := e.family("Yusuf", "", "")
	e.assign(sub, e.tech.Staff)
	res, body := e.tech.post(familyPath(sub)+"/link", "expires", e.srv.Now().AddDate(0, 1, 0).Format(time.DateOnly))
	wantStatus(t, res, http.StatusConflict, body)
	wantIn(t, "no case", body, "no case yet")
}

func TestWhatsAppNumber(t *testing.T) {
	for in, want := range map[string]string{
		"612 345 678": "34612345678", "+34 612-345-678": "34612345678", "0034612345678": "34612345678",
		"+212 612345678": "212612345678", "12": "", "": "", "612345678901234567": "",
	} {
		if got := whatsAppNumber(in); got != want {
			t.Errorf("whatsAppNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// decodeQP returns a message's headers and its quoted-printable body
// decoded.
func decodeQP(t *testing.T, data string) string {
	t.Helper()
	head, body, _ := strings.Cut(data, "\r\n\r\n")
	b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	return head + "\n\n" + string(b)
}

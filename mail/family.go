package mail

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/textproto"
	"strings"
)

// MailFamily sends one family, at to, a plain-text message written for it
// in lang (its link to its own page): subject and body as given, which
// say nothing personal but its first name. The error names neither the
// address nor the message.
func (n *Notifier) MailFamily(ctx context.Context, to, subject, body, lang string) error {
	a, err := netmail.ParseAddress(to)
	if err != nil || a.Address != strings.TrimSpace(to) {
		return errors.New("mail: a family's address does not parse")
	}
	msg, err := newMessage(subject, body, lang, n.config.From, []string{a.Address}, n.now())
	if err != nil {
		return err
	}
	if err := n.send(ctx, msg); err != nil {
		// An SMTP server's answer may repeat the address: only its code.
		var reply *textproto.Error
		if errors.As(err, &reply) {
			return fmt.Errorf("mail: to a family: the server answered %d", reply.Code)
		}
		return errors.New("mail: to a family: the message was not sent")
	}
	return nil
}

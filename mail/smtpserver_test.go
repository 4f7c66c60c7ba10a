package mail_test

import (
	"testing"

	"github.com/cepaim/senderos/mail/mailtest"
)

// The tests here use the test SMTP server under their older names.
type (
	smtpServer = mailtest.Server
	received   = mailtest.Received
)

// startSMTP starts a test SMTP server on host:0 for the test.
func startSMTP(t *testing.T, host string, configure func(*smtpServer)) *smtpServer {
	t.Helper()
	return mailtest.Start(t, host, configure)
}

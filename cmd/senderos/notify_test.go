package main

import (
	"context"
	"database/sql"
	"net"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cepaim/senderos/mail/mailtest"
	_ "github.com/cepaim/senderos/store/sqlite" // the "sqlite" driver
)

// TestNotificationSurvivesKill stores a family while the mail server does
// not accept connections yet, so the submission is committed and
// acknowledged but its staff notification not sent; kills the program with
// SIGKILL; starts the mail server and the program again; and finds the
// notification delivered, once.
func TestNotificationSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real program")
	}
	bin, data := buildSenderos(t), t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip(err)
	}
	smtpAddr := ln.Addr().String()
	ln.Close() // nobody accepts mail there yet
	flags := []string{"--smtp-url", "smtp://" + smtpAddr, "--notify-to", "tecnica@cepaim.example", "--notify-retry", "100ms"}

	cmd, url := startAPI(t, bin, data, flags...)
	ref, ok := submit(context.Background(), url, "Aviso")
	if !ok {
		t.Fatal("the submission was not acknowledged")
	}
	// Kill it once a send has failed and been scheduled again, not while
	// it holds the notification: a process killed mid-send leaves it to
	// be claimed again when its lease ends, minutes later.
	for deadline := time.Now().Add(30 * time.Second); failures(t, data) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no failed send recorded with the mail server down")
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if n := unsent(t, data); n != 1 {
		t.Fatalf("%d notifications waiting after the kill, want 1: the test would prove nothing", n)
	}

	srv := mailtest.StartAt(t, smtpAddr, nil)
	cmd, _ = startAPI(t, bin, data, flags...)
	for deadline := time.Now().Add(60 * time.Second); len(srv.Messages()) == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no notification after the restart")
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	msgs := srv.Messages()
	if len(msgs) != 1 || !strings.Contains(msgs[0].Data, ref) {
		t.Fatalf("mail server got %d messages, want one naming %s", len(msgs), ref)
	}
	if strings.Contains(msgs[0].Data, "Persona Prueba") || strings.Contains(msgs[0].Data, "prueba@example.com") {
		t.Error("the notification holds personal data")
	}
	if n := unsent(t, data); n != 0 {
		t.Errorf("%d notifications still waiting after delivery", n)
	}
}

// unsent counts the notifications not marked sent in the database in
// data, reading the table without changing it (a claim would).
func unsent(t *testing.T, data string) int {
	t.Helper()
	return count(t, data, `SELECT COUNT(*) FROM notifications WHERE sent_at IS NULL`)
}

// failures counts the notifications whose last send failed.
func failures(t *testing.T, data string) int {
	t.Helper()
	return count(t, data, `SELECT COUNT(*) FROM notifications WHERE sent_at IS NULL AND last_error != ''`)
}

// count runs query, a count, on the database in data, read-only.
func count(t *testing.T, data, query string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "senderos.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("read the outbox: %v", err)
	}
	return n
}

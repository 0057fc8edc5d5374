package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/infra/mail"
	"github.com/jobboard/jobboard/infra/mail/mailpittest"
)

// TestAlertMailSMTPDeliversToMailpit checks the SMTP mailer against a real
// server: sender name, encoded subject, body and the RFC 8058 headers of
// alert digests arrive as sent.
func TestAlertMailSMTPDeliversToMailpit(t *testing.T) {
	t.Parallel()
	mp := mailpittest.Start(t)
	s, err := mail.NewSMTP(mp.SMTPURL(), "no-reply@jobs.example")
	if err != nil {
		t.Fatal(err)
	}
	msg := app.Message{To: "ana@example.com", FromName: "Demo Jobs", Subject: "3 neue Stellen für „Chemiker“",
		Text:    "Hello\n\nhttps://demo.jobs.example/jobs/1/chemist\n.\nGrüße",
		Headers: map[string]string{"List-Unsubscribe": "<https://demo.jobs.example/alerts/unsubscribe/abc.def>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}}
	if err := s.Send(context.Background(), msg); err != nil {
		t.Fatalf("send: %v", err)
	}
	got := mp.WaitTo("ana@example.com", 1, 10*time.Second)
	m := mp.Message(got[0].ID)
	if m.From.Name != "Demo Jobs" || m.From.Address != "no-reply@jobs.example" {
		t.Errorf("from %+v", m.From)
	}
	if m.Subject != msg.Subject {
		t.Errorf("subject %q", m.Subject)
	}
	if !strings.Contains(m.Text, "https://demo.jobs.example/jobs/1/chemist") || !strings.Contains(m.Text, "Grüße") {
		t.Errorf("text %q", m.Text)
	}
	if m.Header("List-Unsubscribe") != msg.Headers["List-Unsubscribe"] || m.Header("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("headers %v", m.Headers)
	}
	if raw := mp.Raw(got[0].ID); !strings.Contains(raw, "List-Unsubscribe-Post: List-Unsubscribe=One-Click") {
		t.Errorf("raw message lacks the one-click header:\n%s", raw)
	}
}

package mail

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

func TestComposeFormat(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)
	long := strings.Repeat("a very long line of text without breaks ", 10)
	msg := app.Message{
		To:       "Ana Pérez <ana@example.com>",
		Subject:  "Votre offre « Développeuse Go » est publiée",
		Text:     "Bonjour,\n\n" + long + "\nVoir: https://demo.localhost:8080/jobs/42/go?x=1&y=2\n= sign and tab\tend",
		FromName: "Ärzte Jobs",
		Headers:  map[string]string{"list-unsubscribe": "<mailto:unsub@jobs.example>", "Reply-To": "hr@acme.example"},
	}
	to, data, err := compose(msg, "noreply@jobs.example", now)
	if err != nil {
		t.Fatal(err)
	}
	if to.Address != "ana@example.com" {
		t.Errorf("envelope recipient %q", to.Address)
	}
	for i, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d bytes long", i, len(line))
		}
	}
	if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("a bare LF in the message")
	}

	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	from, err := m.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Ärzte Jobs" || from[0].Address != "noreply@jobs.example" {
		t.Errorf("From %q parses as %v (%v)", m.Header.Get("From"), from, err)
	}
	toList, err := m.Header.AddressList("To")
	if err != nil || len(toList) != 1 || toList[0].Address != "ana@example.com" || toList[0].Name != "Ana Pérez" {
		t.Errorf("To %q parses as %v (%v)", m.Header.Get("To"), toList, err)
	}
	if s, err := dec.DecodeHeader(m.Header.Get("Subject")); err != nil || s != msg.Subject {
		t.Errorf("Subject decodes as %q (%v)", s, err)
	}
	if d, err := m.Header.Date(); err != nil || !d.Equal(now) {
		t.Errorf("Date %q (%v)", m.Header.Get("Date"), err)
	}
	if id := m.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@jobs.example>") {
		t.Errorf("Message-ID %q", id)
	}
	want := map[string]string{
		"MIME-Version":              "1.0",
		"Content-Type":              "text/plain; charset=utf-8",
		"Content-Transfer-Encoding": "quoted-printable",
		"List-Unsubscribe":          "<mailto:unsub@jobs.example>",
		"Reply-To":                  "hr@acme.example",
	}
	for k, v := range want {
		if got := m.Header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	if body := decodeBody(t, m); body != msg.Text {
		t.Errorf("body decodes as %q", body)
	}
}

func TestComposeUniqueMessageIDs(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		_, data, err := compose(app.Message{To: "a@example.com"}, "noreply@jobs.example", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		m, _ := mail.ReadMessage(bytes.NewReader(data))
		id := m.Header.Get("Message-ID")
		if seen[id] {
			t.Fatalf("Message-ID %s repeated", id)
		}
		seen[id] = true
	}
}

func TestComposeFoldsLongEncodedSubject(t *testing.T) {
	t.Parallel()
	subject := strings.Repeat("Öffentliche Stelle für Ärzte ", 25)
	_, data, err := compose(app.Message{To: "a@example.com", Subject: subject}, "noreply@jobs.example", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 998 {
			t.Fatalf("a header line is %d bytes long", len(line))
		}
	}
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil || s != subject {
		t.Fatalf("folded subject decodes as %q (%v)", s, err)
	}
}

// TestHeaderInjection sends each message through every mailer: all must
// refuse it as invalid before anything leaves the process.
func TestHeaderInjection(t *testing.T) {
	t.Parallel()
	ok := app.Message{To: "ana@example.com", Subject: "Hello", Text: "Hi", FromName: "Demo Jobs"}
	with := func(change func(*app.Message)) app.Message {
		m := ok
		m.Headers = map[string]string{}
		change(&m)
		return m
	}
	tests := map[string]app.Message{
		"CRLF in subject":            with(func(m *app.Message) { m.Subject = "Hello\r\nBcc: victim@example.com" }),
		"LF in subject":              with(func(m *app.Message) { m.Subject = "Hello\nBcc: victim@example.com" }),
		"CR in subject":              with(func(m *app.Message) { m.Subject = "Hello\rBcc: victim@example.com" }),
		"NUL in subject":             with(func(m *app.Message) { m.Subject = "Hello\x00" }),
		"CRLF in sender name":        with(func(m *app.Message) { m.FromName = "Demo\r\nBcc: victim@example.com" }),
		"CRLF in recipient":          with(func(m *app.Message) { m.To = "ana@example.com\r\nBcc: victim@example.com" }),
		"two recipients":             with(func(m *app.Message) { m.To = "ana@example.com, victim@example.com" }),
		"empty recipient":            with(func(m *app.Message) { m.To = "" }),
		"CRLF in header value":       with(func(m *app.Message) { m.Headers["List-Unsubscribe"] = "<x>\r\nBcc: victim@example.com" }),
		"LF in header value":         with(func(m *app.Message) { m.Headers["List-Unsubscribe"] = "<x>\nBcc: victim@example.com" }),
		"CRLF in header name":        with(func(m *app.Message) { m.Headers["X-A\r\nBcc"] = "victim@example.com" }),
		"colon in header name":       with(func(m *app.Message) { m.Headers["Bcc: victim@example.com\r\nX"] = "y" }),
		"space in header name":       with(func(m *app.Message) { m.Headers["X Tag"] = "y" }),
		"empty header name":          with(func(m *app.Message) { m.Headers[""] = "y" }),
		"Bcc header":                 with(func(m *app.Message) { m.Headers["bcc"] = "victim@example.com" }),
		"Content-Type header":        with(func(m *app.Message) { m.Headers["Content-Type"] = "text/html" }),
		"From header":                with(func(m *app.Message) { m.Headers["FROM"] = "ceo@example.com" }),
		"invalid UTF-8 in subject":   with(func(m *app.Message) { m.Subject = "\xff\xfe" }),
		"overlong sender name":       with(func(m *app.Message) { m.FromName = strings.Repeat("x", 300) }),
		"overlong header value":      with(func(m *app.Message) { m.Headers["X-Long"] = strings.Repeat("x", 1000) }),
		"recipient with bare domain": with(func(m *app.Message) { m.To = "ana" }),
	}
	// Nothing listens here, so any attempt to deliver would be Unavailable.
	smtpMailer, err := NewSMTP("smtp://127.0.0.1:1", "noreply@jobs.example")
	if err != nil {
		t.Fatal(err)
	}
	mailers := map[string]app.Mailer{
		"smtp":     smtpMailer,
		"log":      NewLogMailer(slog.New(slog.DiscardHandler)),
		"recorder": &Recorder{},
	}
	for name, msg := range tests {
		for mname, mailer := range mailers {
			t.Run(fmt.Sprintf("%s/%s", mname, name), func(t *testing.T) {
				t.Parallel()
				if err := mailer.Send(context.Background(), msg); domain.KindOf(err) != domain.KindInvalid {
					t.Fatalf("Send: %v, want invalid", err)
				}
			})
		}
	}
	if n := len(mailers["recorder"].(*Recorder).Messages()); n != 0 {
		t.Fatalf("the recorder kept %d refused messages", n)
	}
}

func TestComposeKeyGivesAStableMessageID(t *testing.T) {
	m := app.Message{To: "buyer@example.com", Subject: "Receipt", Text: "Paid.", Key: "receipt:order-1"}
	id := func(m app.Message) string {
		_, data, err := compose(m, "no-reply@jobs.example", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\r\n") {
			if v, ok := strings.CutPrefix(line, "Message-ID: "); ok {
				return v
			}
		}
		t.Fatal("no Message-ID")
		return ""
	}
	first, again := id(m), id(m)
	if first != again || !strings.HasSuffix(first, "@jobs.example>") {
		t.Fatalf("Message-IDs %q and %q, want the same, at the sender's domain", first, again)
	}
	m.Key = ""
	if id(m) == first || id(m) == id(m) {
		t.Fatal("messages without a key must get a fresh Message-ID each")
	}
}

package mail

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

func TestSMTPDelivers(t *testing.T) {
	t.Parallel()
	srv := startFakeSMTP(t, func(f *fakeSMTP) { f.auth = true })
	s, err := NewSMTP("smtp://mailer:s%40cret@"+srv.addr(), "noreply@jobs.example")
	if err != nil {
		t.Fatal(err)
	}
	body := "Hello Ana,\n\nConfirm your address: https://demo.localhost:8080/confirm?token=abc=def\n.\n..leading dots survive\nGrüße"
	msg := app.Message{
		To:       "ana@example.com",
		Subject:  "Bestätigen Sie Ihre Adresse",
		Text:     body,
		FromName: "Demo Jobs",
		Headers:  map[string]string{"List-Unsubscribe": "<https://demo.localhost:8080/unsubscribe?t=1>"},
	}
	if err := s.Send(context.Background(), msg); err != nil {
		t.Fatalf("Send: %v", err)
	}

	sessions := srv.Sessions()
	if len(sessions) != 1 {
		t.Fatalf("%d sessions, want 1", len(sessions))
	}
	got := sessions[0]
	if got.From != "noreply@jobs.example" {
		t.Errorf("MAIL FROM %q", got.From)
	}
	if len(got.Rcpts) != 1 || got.Rcpts[0] != "ana@example.com" {
		t.Errorf("RCPT TO %q", got.Rcpts)
	}
	if got.Auth != "\x00mailer\x00s@cret" {
		t.Errorf("AUTH PLAIN %q, want the URL's credentials (to a loopback server)", got.Auth)
	}
	m, err := mail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatalf("the server got no parseable message: %v\n%s", err, got.Data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil || subject != msg.Subject {
		t.Errorf("Subject %q (%v)", subject, err)
	}
	if m.Header.Get("List-Unsubscribe") != msg.Headers["List-Unsubscribe"] {
		t.Errorf("List-Unsubscribe %q", m.Header.Get("List-Unsubscribe"))
	}
	if text := decodeBody(t, m); text != body {
		t.Errorf("body arrived as %q, want %q", text, body)
	}
}

func TestSMTPWithoutCredentials(t *testing.T) {
	t.Parallel()
	srv := startFakeSMTP(t, func(f *fakeSMTP) { f.auth = true })
	s, err := NewSMTP("smtp://"+srv.addr(), "noreply@jobs.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), app.Message{To: "a@example.com", Subject: "hi", Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if s := srv.Sessions(); len(s) != 1 || s[0].Auth != "" || s[0].Data == nil {
		t.Fatalf("sessions %+v, want one delivery without AUTH", s)
	}
}

func TestSMTPRefusesCredentialsInClearToRemoteServer(t *testing.T) {
	t.Parallel()
	srv := startFakeSMTP(t, func(f *fakeSMTP) { f.auth = true })
	s, err := NewSMTP("smtp://mailer:secret@mail.example.com:25", "noreply@jobs.example")
	if err != nil {
		t.Fatal(err)
	}
	// The server is reached as mail.example.com but offers no STARTTLS.
	s.dial = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return new(net.Dialer).DialContext(ctx, network, srv.addr())
	}
	err = s.Send(context.Background(), app.Message{To: "a@example.com", Subject: "hi", Text: "hi"})
	if err == nil || domain.KindOf(err) == domain.KindUnavailable {
		t.Fatalf("Send: %v, want a permanent refusal", err)
	}
	for _, ses := range srv.Sessions() {
		if ses.Auth != "" || ses.Data != nil {
			t.Fatalf("credentials or data were sent: %+v", ses)
		}
	}
}

func TestSMTPFailures(t *testing.T) {
	t.Parallel()
	closed := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		_ = ln.Close()
		return addr
	}
	tests := []struct {
		name      string
		addr      func() string
		wantKind  domain.Kind
		wantCode  string
		wantStage string
	}{
		{"nothing listens", closed, domain.KindUnavailable, "unavailable", "connect"},
		{"server busy", func() string {
			return startFakeSMTP(t, func(f *fakeSMTP) { f.greeting = "421 4.3.2 try again later" }).addr()
		}, domain.KindUnavailable, "unavailable", "greeting"},
		{"mailbox temporarily unavailable", func() string {
			return startFakeSMTP(t, func(f *fakeSMTP) { f.rcpt = "451 4.2.0 greylisted" }).addr()
		}, domain.KindUnavailable, "unavailable", "rcpt"},
		{"no such mailbox", func() string {
			return startFakeSMTP(t, func(f *fakeSMTP) { f.rcpt = "550 5.1.1 no such user" }).addr()
		}, domain.KindUnprocessable, "recipient_refused", "rcpt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := NewSMTP("smtp://"+tt.addr(), "noreply@jobs.example")
			if err != nil {
				t.Fatal(err)
			}
			err = s.Send(context.Background(), app.Message{To: "a@example.com", Subject: "hi", Text: "hi"})
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != tt.wantKind || de.Code != tt.wantCode {
				t.Fatalf("Send: %v, want kind %v code %s", err, tt.wantKind, tt.wantCode)
			}
			if !strings.Contains(err.Error(), "smtp "+tt.wantStage) {
				t.Errorf("error %q does not name the stage %q", err, tt.wantStage)
			}
		})
	}
}

func TestSMTPHonoursContext(t *testing.T) {
	t.Parallel()
	srv := startFakeSMTP(t, func(f *fakeSMTP) { f.stall = true })
	s, err := NewSMTP("smtp://"+srv.addr(), "noreply@jobs.example")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = s.Send(ctx, app.Message{To: "a@example.com", Subject: "hi", Text: "hi"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Send: %v, want the context's deadline", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("Send took %v after the context ended", took)
	}
}

func TestNewSMTP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url, from string
		wantAddr  string
		wantTLS   bool
		wantErr   bool
	}{
		{url: "smtp://localhost:1025", from: "noreply@jobs.example", wantAddr: "localhost:1025"},
		{url: "smtp://user:pass@mail.example.com", from: "noreply@jobs.example", wantAddr: "mail.example.com:587"},
		{url: "smtps://user:pass@mail.example.com", from: "noreply@jobs.example", wantAddr: "mail.example.com:465", wantTLS: true},
		{url: "smtps://[::1]:2465", from: "Jobs <noreply@jobs.example>", wantAddr: "[::1]:2465", wantTLS: true},
		{url: "http://mail.example.com", from: "noreply@jobs.example", wantErr: true},
		{url: "smtp://", from: "noreply@jobs.example", wantErr: true},
		{url: "smtp://mail.example.com", from: "not an address", wantErr: true},
		{url: "smtp://user:secret@mail.example.com:port", from: "noreply@jobs.example", wantErr: true},
	}
	for _, tt := range tests {
		s, err := NewSMTP(tt.url, tt.from)
		if tt.wantErr {
			if err == nil {
				t.Errorf("NewSMTP(%q, %q) accepted it", tt.url, tt.from)
			} else if strings.Contains(err.Error(), "secret") {
				t.Errorf("NewSMTP error shows the password: %v", err)
			}
			continue
		}
		if err != nil {
			t.Errorf("NewSMTP(%q, %q): %v", tt.url, tt.from, err)
			continue
		}
		if s.addr != tt.wantAddr || s.implicitTLS != tt.wantTLS || s.from != "noreply@jobs.example" {
			t.Errorf("NewSMTP(%q): addr %q tls %v from %q", tt.url, s.addr, s.implicitTLS, s.from)
		}
	}
}

func decodeBody(t *testing.T, m *mail.Message) string {
	t.Helper()
	if cte := m.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
		t.Fatalf("Content-Transfer-Encoding %q", cte)
	}
	b, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		t.Fatalf("body is not quoted-printable: %v", err)
	}
	// The message's last line break ends the body, not the text.
	return strings.TrimSuffix(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
}

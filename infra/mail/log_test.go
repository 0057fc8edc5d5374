package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/jobboard/jobboard/app"
)

func TestLogMailerLogsTheWholeMessage(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	l := NewLogMailer(slog.New(slog.NewJSONHandler(&buf, nil)))
	msg := app.Message{
		To:       "ana@example.com",
		Subject:  "Confirm your address",
		Text:     "Open http://demo.localhost:8080/confirm?token=abc to confirm.",
		FromName: "Demo Jobs",
		Headers:  map[string]string{"List-Unsubscribe": "<https://demo.localhost:8080/u>"},
	}
	if err := l.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("log is not one JSON record: %v\n%s", err, buf.Bytes())
	}
	if rec["level"] != "INFO" || rec["to"] != msg.To || rec["subject"] != msg.Subject || rec["text"] != msg.Text || rec["from_name"] != msg.FromName {
		t.Fatalf("log record %v lacks the message", rec)
	}
}

func TestNewLogMailerDefaultsLogger(t *testing.T) {
	t.Parallel()
	if l := NewLogMailer(nil); l.logger == nil {
		t.Fatal("no logger")
	}
}

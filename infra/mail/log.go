package mail

import (
	"context"
	"log/slog"

	"github.com/jobboard/jobboard/app"
)

var _ app.Mailer = (*LogMailer)(nil)

// LogMailer writes messages to the log instead of sending them, so that a
// developer without a mail server can read them and follow their links.
type LogMailer struct {
	logger *slog.Logger
}

// NewLogMailer returns a mailer that logs to logger, or to slog's default
// logger when logger is nil.
func NewLogMailer(logger *slog.Logger) *LogMailer {
	if logger == nil {
		logger = slog.Default()
	}
	return &LogMailer{logger: logger}
}

// Send logs the recipient, the subject, the headers and the whole text at
// info level. It refuses what the SMTP mailer would refuse (KindInvalid),
// so that development shows the same errors as production.
func (l *LogMailer) Send(ctx context.Context, m app.Message) error {
	if _, err := check(m); err != nil {
		return err
	}
	l.logger.InfoContext(ctx, "mail not sent (no SMTP_URL): logged instead",
		slog.String("to", m.To),
		slog.String("from_name", m.FromName),
		slog.String("subject", m.Subject),
		slog.Any("headers", m.Headers),
		slog.String("text", m.Text),
	)
	return nil
}

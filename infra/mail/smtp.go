package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

var _ app.Mailer = (*SMTP)(nil)

// Timeouts of one delivery. The whole conversation also ends when the
// caller's context does.
const (
	dialTimeout = 10 * time.Second
	sendTimeout = 60 * time.Second
)

// SMTP sends mail through one SMTP server, a new connection per message.
// It is safe for concurrent use.
type SMTP struct {
	host        string // for TLS verification and the localhost check
	addr        string // host:port
	implicitTLS bool   // smtps: TLS from the first byte
	username    string
	password    string
	from        string // bare address
	tlsConfig   *tls.Config
	dial        func(ctx context.Context, network, addr string) (net.Conn, error)
	now         func() time.Time
}

// NewSMTP returns a mailer for rawURL, smtp://user:pass@host:port or
// smtps://... for TLS from the start (port 465 by default; smtp defaults to
// 587 and upgrades with STARTTLS when the server offers it). from is the
// sender address; each message shows its board's name next to it.
// Credentials are only ever sent over TLS or to a loopback server.
func NewSMTP(rawURL string, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("mail: parse SMTP URL: %w", redact(err))
	}
	s := &SMTP{
		dial: (&net.Dialer{Timeout: dialTimeout}).DialContext,
		now:  time.Now,
	}
	port := ""
	switch u.Scheme {
	case "smtp":
		port = "587"
	case "smtps":
		port, s.implicitTLS = "465", true
	default:
		return nil, fmt.Errorf("mail: SMTP URL scheme %q: want smtp or smtps", u.Scheme)
	}
	s.host = u.Hostname()
	if s.host == "" {
		return nil, errors.New("mail: SMTP URL has no host")
	}
	if p := u.Port(); p != "" {
		port = p
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.username = u.User.Username()
		s.password, _ = u.User.Password()
	}
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: sender address %q: %w", from, err)
	}
	s.from = addr.Address
	s.tlsConfig = &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
	return s, nil
}

// Send delivers m. Invalid messages (a bad address, a line break in a
// header) are KindInvalid; a recipient the server refuses for good is
// KindUnprocessable; a server that cannot be reached, drops the
// connection or answers with a temporary failure is KindUnavailable.
func (s *SMTP) Send(ctx context.Context, m app.Message) error {
	to, data, err := compose(m, s.from, s.now())
	if err != nil {
		return err
	}
	conn, err := s.connect(ctx)
	if err != nil {
		return s.classify(ctx, "connect", err)
	}
	defer conn.Close()
	deadline := s.now().Add(sendTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	if err := conn.SetDeadline(deadline); err != nil {
		return s.classify(ctx, "connect", err)
	}
	// net/smtp knows no contexts: cancelling ends the conversation by
	// making the next read or write fail at once.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if stage, err := s.converse(conn, to.Address, data); err != nil {
		return s.classify(ctx, stage, err)
	}
	return nil
}

// connect dials the server, with TLS from the start for smtps.
func (s *SMTP) connect(ctx context.Context) (net.Conn, error) {
	conn, err := s.dial(ctx, "tcp", s.addr)
	if err != nil {
		return nil, err
	}
	if !s.implicitTLS {
		return conn, nil
	}
	tc := tls.Client(conn, s.tlsConfig)
	hctx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return tc, nil
}

// converse runs one SMTP session on conn and names the stage that failed.
func (s *SMTP) converse(conn net.Conn, to string, data []byte) (stage string, err error) {
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return "greeting", err
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return "hello", err
	}
	encrypted := s.implicitTLS
	if !encrypted {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig); err != nil {
				return "starttls", err
			}
			encrypted = true
		}
	}
	if s.username != "" {
		if ok, _ := c.Extension("AUTH"); ok {
			if !encrypted && !isLoopback(s.host) {
				return "auth", errPlainAuth
			}
			if err := c.Auth(smtp.PlainAuth("", s.username, s.password, s.host)); err != nil {
				return "auth", err
			}
		}
	}
	if err := c.Mail(s.from); err != nil {
		return "mail", err
	}
	if err := c.Rcpt(to); err != nil {
		return "rcpt", err
	}
	w, err := c.Data()
	if err != nil {
		return "data", err
	}
	if _, err := w.Write(data); err != nil {
		return "data", err
	}
	if err := w.Close(); err != nil {
		return "data", err
	}
	// The message is accepted once DATA ends; a failing QUIT loses nothing.
	_ = c.Quit()
	return "", nil
}

// errPlainAuth stops a session that would send credentials in clear text.
var errPlainAuth = errors.New("the server offers no TLS and is not on this machine; refusing to send credentials unencrypted")

// classify turns a delivery failure into the error kinds Mailer promises.
func (s *SMTP) classify(ctx context.Context, stage string, err error) error {
	err = fmt.Errorf("mail: smtp %s to %s: %w", stage, s.addr, err)
	if ctxErr := contextErr(ctx); ctxErr != nil {
		return fmt.Errorf("%w (%w)", ctxErr, err)
	}
	var reply *textproto.Error
	switch {
	case errors.Is(err, errPlainAuth):
		return err
	case errors.As(err, &reply) && reply.Code >= 500:
		if stage == "rcpt" {
			return &domain.Error{Kind: domain.KindUnprocessable, Code: "recipient_refused", Message: "the mail server refused the recipient address", Err: err}
		}
		return err
	default:
		// Network failures, dropped connections and 4xx replies: a later
		// attempt may succeed.
		return domain.Unavailable(err)
	}
}

// contextErr returns why ctx ended, or nil. The connection deadline is the
// context's, so a timeout may surface a moment before ctx.Err reports it.
func contextErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
		return context.DeadlineExceeded
	}
	return nil
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redact removes the password from a URL parse error, which quotes the URL.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: "(redacted)", Err: ue.Err}
	}
	return err
}

package system

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"net"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/infra/config"
	"github.com/jobboard/jobboard/infra/mail"
	"github.com/jobboard/jobboard/infra/payments"
	"github.com/jobboard/jobboard/infra/secure"
	"github.com/jobboard/jobboard/infra/store"
)

// Open opens the configured database and, when migrate is set, applies
// the pending migrations, logging each.
func Open(ctx context.Context, cfg config.Config, migrate bool, logger *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if migrate {
		applied, err := db.MigrateUp(ctx)
		if err != nil {
			_ = db.Close()
			return nil, err
		}
		for _, name := range applied {
			logger.Info("migration applied", "name", name)
		}
	}
	return db, nil
}

// NewGateway takes payments through Stripe when a secret key is set, and
// through the local test gateway otherwise.
func NewGateway(cfg config.Config) (app.PaymentGateway, error) {
	if cfg.StripeSecretKey == "" {
		// No default secret: a well-known one would let anyone forge
		// payment notifications. Without STRIPE_WEBHOOK_SECRET the webhook
		// refuses everything; the dev checkout pages need no webhook.
		return payments.NewDev(cfg.StripeWebhookSecret), nil
	}
	return payments.NewStripe(cfg.StripeSecretKey, cfg.StripeWebhookSecret, cfg.StripeAPIBase)
}

// NewMailer sends through SMTP_URL, or logs messages when it is empty.
func NewMailer(cfg config.Config, logger *slog.Logger) (app.Mailer, error) {
	if cfg.SMTPURL == "" {
		return mail.NewLogMailer(logger), nil
	}
	return mail.NewSMTP(cfg.SMTPURL, "no-reply@"+cfg.BaseDomain)
}

// NewLogger writes JSON in production and text elsewhere, at LOG_LEVEL.
func NewLogger(cfg config.Config, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Production() {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// SigningKey derives a key for one purpose from SECRET_KEY, or returns the
// random key of that name kept in the database when SECRET_KEY is empty,
// so that every instance signs alike.
func SigningKey(ctx context.Context, cfg config.Config, db *store.DB, purpose string) ([]byte, error) {
	if cfg.SecretKey != "" {
		m := hmac.New(sha256.New, []byte(cfg.SecretKey))
		m.Write([]byte(purpose))
		return m.Sum(nil), nil
	}
	s, err := db.Secret(ctx, purpose)
	if err != nil {
		return nil, fmt.Errorf("load the %s signing key: %w", purpose, err)
	}
	return []byte(s), nil
}

// sealerFor returns the sealer of secrets kept for purpose, keyed from the
// same secret as the signing keys.
func sealerFor(ctx context.Context, cfg config.Config, db *store.DB, purpose string) (*secure.Sealer, error) {
	key, err := SigningKey(ctx, cfg, db, purpose)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(append([]byte("seal:"), key...))
	return secure.NewSealer(sum[:])
}

// BoardURL returns a board's public address for links in mails: its
// custom domain or its subdomain, over https in production; elsewhere over
// http with the port the server listens on.
func BoardURL(cfg config.Config) func(b *board.Board) string {
	return func(b *board.Board) string {
		host := b.CustomDomain()
		if host == "" {
			host = b.Slug().String() + "." + cfg.BaseDomain
		}
		return siteURL(cfg, host)
	}
}

// PlatformURL returns the platform site's address for links in mails.
func PlatformURL(cfg config.Config) string { return siteURL(cfg, cfg.BaseDomain) }

// siteURL is host's address: over https in production; elsewhere over
// http with the port the server listens on.
func siteURL(cfg config.Config, host string) string {
	scheme, suffix := "https", ""
	if !cfg.Production() {
		scheme = "http"
		if _, port, err := net.SplitHostPort(cfg.Addr); err == nil && port != "80" && port != "443" && port != "" {
			suffix = ":" + port
		}
	}
	return scheme + "://" + host + suffix
}

// Package config reads the process configuration from the environment once,
// at start-up, and checks it.
package config

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Config is the whole process configuration. See DESIGN.md for each
// variable; Load fills every field.
type Config struct {
	Addr                string
	DatabaseURL         string
	BaseDomain          string
	AppEnv              string
	StripeSecretKey     string
	StripeWebhookSecret string
	StripeAPIBase       string
	SMTPURL             string
	DataDir             string
	// SecretKey signs CSRF tokens. Empty: a key is generated once and kept
	// in the database, so every instance sharing it agrees.
	SecretKey string
	// TrustedProxies are the peers whose X-Forwarded-For header is believed.
	TrustedProxies []netip.Prefix
	// MigrateOnStart applies pending migrations when serve starts.
	MigrateOnStart bool
	// SessionIdle and SessionAbsolute bound a browser session's life.
	SessionIdle     time.Duration
	SessionAbsolute time.Duration
	// ShutdownDrain is how long the server keeps serving after SIGTERM,
	// with /readyz answering 503, so that a load balancer stops sending
	// before the listener closes. Zero stops at once.
	ShutdownDrain time.Duration
	// ShutdownTimeout bounds the wait for in-flight requests once the
	// server stops accepting connections.
	ShutdownTimeout time.Duration
	LogLevel        string
	// ReadSlots is how many public reads may use the database at once on
	// this instance; zero: three quarters of the connection pool.
	ReadSlots int
	// ReadQueueWait is how long a public read waits for a slot before it is
	// answered 503 with Retry-After.
	ReadQueueWait time.Duration
}

// Production reports whether strict checks apply.
func (c Config) Production() bool { return c.AppEnv == "production" }

// Dialect returns "postgres" or "sqlite" from the database URL.
func (c Config) Dialect() string {
	if strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return "postgres"
	}
	return "sqlite"
}

// Load reads the configuration through getenv and checks it.
func Load(getenv func(string) string) (Config, error) {
	get := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		Addr:                get("ADDR", ":8080"),
		DatabaseURL:         get("DATABASE_URL", "sqlite:./data/jobboard.db"),
		BaseDomain:          strings.ToLower(get("BASE_DOMAIN", "localhost")),
		AppEnv:              get("APP_ENV", "development"),
		StripeSecretKey:     get("STRIPE_SECRET_KEY", ""),
		StripeWebhookSecret: get("STRIPE_WEBHOOK_SECRET", ""),
		StripeAPIBase:       get("STRIPE_API_BASE", ""),
		SMTPURL:             get("SMTP_URL", ""),
		DataDir:             get("DATA_DIR", "./data"),
		SecretKey:           get("SECRET_KEY", ""),
		LogLevel:            get("LOG_LEVEL", "info"),
	}
	var errs []string
	var err error
	if c.MigrateOnStart, err = strconv.ParseBool(get("MIGRATE_ON_START", "true")); err != nil {
		errs = append(errs, "MIGRATE_ON_START: use true or false")
	}
	durations := []struct {
		key, def string
		dst      *time.Duration
		zeroOK   bool
	}{
		{"SESSION_IDLE_TIMEOUT", "2h", &c.SessionIdle, false},
		{"SESSION_ABSOLUTE_TIMEOUT", "720h", &c.SessionAbsolute, false},
		{"SHUTDOWN_DRAIN", "5s", &c.ShutdownDrain, true},
		{"SHUTDOWN_TIMEOUT", "20s", &c.ShutdownTimeout, false},
		{"READ_QUEUE_WAIT", "500ms", &c.ReadQueueWait, false},
	}
	for _, d := range durations {
		v, err := time.ParseDuration(get(d.key, d.def))
		switch {
		case d.zeroOK && (err != nil || v < 0):
			errs = append(errs, d.key+": use zero or a positive duration such as 5s")
			continue
		case !d.zeroOK && (err != nil || v <= 0):
			errs = append(errs, d.key+": use a positive duration such as 30m")
			continue
		}
		*d.dst = v
	}
	if c.ReadSlots, err = strconv.Atoi(get("READ_SLOTS", "0")); err != nil || c.ReadSlots < 0 || c.ReadSlots > 1000 {
		errs = append(errs, "READ_SLOTS: use 0 (the default) or a number of concurrent reads up to 1000")
	}
	for _, p := range strings.Split(get("TRUSTED_PROXIES", ""), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		pfx, err := parsePrefix(p)
		if err != nil {
			errs = append(errs, "TRUSTED_PROXIES: "+p+" is not an IP address or CIDR")
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, pfx)
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, "ADDR: use host:port or :port")
	}
	switch c.AppEnv {
	case "development", "production", "test":
	default:
		errs = append(errs, "APP_ENV: use development, production or test")
	}
	if !strings.HasPrefix(c.DatabaseURL, "sqlite:") && c.Dialect() != "postgres" {
		errs = append(errs, "DATABASE_URL: use sqlite:PATH or postgres://...")
	}
	if c.BaseDomain == "" || strings.ContainsAny(c.BaseDomain, "/: ") {
		errs = append(errs, "BASE_DOMAIN: use a bare host name such as example.com")
	}
	if c.Production() {
		if c.StripeSecretKey == "" || c.StripeWebhookSecret == "" {
			errs = append(errs, "STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are required in production")
		}
		if len(c.SecretKey) < 32 {
			errs = append(errs, "SECRET_KEY of at least 32 characters is required in production")
		}
	}
	if len(errs) > 0 {
		return Config{}, fmt.Errorf("configuration: %s", strings.Join(errs, "; "))
	}
	return c, nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		return netip.ParsePrefix(s)
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

package config_test

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/infra/config"
)

// env returns a getenv over a fixed map.
func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestLoadDefaults(t *testing.T) {
	t.Parallel()
	c, err := config.Load(env(nil))
	if err != nil {
		t.Fatalf("Load with an empty environment: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Addr", c.Addr, ":8080"},
		{"DatabaseURL", c.DatabaseURL, "sqlite:./data/jobboard.db"},
		{"BaseDomain", c.BaseDomain, "localhost"},
		{"AppEnv", c.AppEnv, "development"},
		{"StripeSecretKey", c.StripeSecretKey, ""},
		{"StripeWebhookSecret", c.StripeWebhookSecret, ""},
		{"StripeAPIBase", c.StripeAPIBase, ""},
		{"SMTPURL", c.SMTPURL, ""},
		{"DataDir", c.DataDir, "./data"},
		{"SecretKey", c.SecretKey, ""},
		{"LogLevel", c.LogLevel, "info"},
		{"MigrateOnStart", c.MigrateOnStart, true},
		{"SessionIdle", c.SessionIdle, 2 * time.Hour},
		{"SessionAbsolute", c.SessionAbsolute, 720 * time.Hour},
		{"ShutdownDrain", c.ShutdownDrain, 5 * time.Second},
		{"ShutdownTimeout", c.ShutdownTimeout, 20 * time.Second},
		{"TrustedProxies", len(c.TrustedProxies), 0},
		{"Production", c.Production(), false},
		{"Dialect", c.Dialect(), "sqlite"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestLoadReadsValues(t *testing.T) {
	t.Parallel()
	c, err := config.Load(env(map[string]string{
		"ADDR":                     "  127.0.0.1:9000 ",
		"DATABASE_URL":             "postgres://u:p@db:5432/jobs?sslmode=disable",
		"BASE_DOMAIN":              "Jobs.Example.COM",
		"APP_ENV":                  "test",
		"STRIPE_SECRET_KEY":        "sk_test_x",
		"STRIPE_WEBHOOK_SECRET":    "whsec_x",
		"STRIPE_API_BASE":          "http://localhost:12111",
		"SMTP_URL":                 "smtp://u:p@mail:25",
		"DATA_DIR":                 "/var/lib/jobboard",
		"SECRET_KEY":               "k",
		"LOG_LEVEL":                "debug",
		"MIGRATE_ON_START":         "false",
		"SESSION_IDLE_TIMEOUT":     "30m",
		"SESSION_ABSOLUTE_TIMEOUT": "24h",
		"SHUTDOWN_DRAIN":           "1500ms",
		"SHUTDOWN_TIMEOUT":         "5s",
		"READ_SLOTS":               "12",
		"READ_QUEUE_WAIT":          "250ms",
		"TRUSTED_PROXIES":          " 10.0.0.1 , 192.168.0.0/16,,::1, fd00::/8 ",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" || c.BaseDomain != "jobs.example.com" || c.AppEnv != "test" || c.DataDir != "/var/lib/jobboard" ||
		c.StripeSecretKey != "sk_test_x" || c.StripeWebhookSecret != "whsec_x" || c.StripeAPIBase != "http://localhost:12111" ||
		c.SMTPURL != "smtp://u:p@mail:25" || c.SecretKey != "k" || c.LogLevel != "debug" {
		t.Errorf("strings not read: %+v", c)
	}
	if c.MigrateOnStart || c.SessionIdle != 30*time.Minute || c.SessionAbsolute != 24*time.Hour || c.ShutdownDrain != 1500*time.Millisecond || c.ShutdownTimeout != 5*time.Second {
		t.Errorf("typed values not read: migrate %v idle %v absolute %v drain %v shutdown %v", c.MigrateOnStart, c.SessionIdle, c.SessionAbsolute, c.ShutdownDrain, c.ShutdownTimeout)
	}
	if c.ReadSlots != 12 || c.ReadQueueWait != 250*time.Millisecond {
		t.Errorf("read limits not read: %d slots, wait %v", c.ReadSlots, c.ReadQueueWait)
	}
	want := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.1/32"),
		netip.MustParsePrefix("192.168.0.0/16"),
		netip.MustParsePrefix("::1/128"),
		netip.MustParsePrefix("fd00::/8"),
	}
	if len(c.TrustedProxies) != len(want) {
		t.Fatalf("TrustedProxies = %v, want %v", c.TrustedProxies, want)
	}
	for i := range want {
		if c.TrustedProxies[i] != want[i] {
			t.Errorf("TrustedProxies[%d] = %v, want %v", i, c.TrustedProxies[i], want[i])
		}
	}
	if c.Dialect() != "postgres" {
		t.Errorf("Dialect() = %q", c.Dialect())
	}
}

func TestLoadSingleIPIsAHostPrefix(t *testing.T) {
	t.Parallel()
	c, err := config.Load(env(map[string]string{"TRUSTED_PROXIES": "10.0.0.1"}))
	if err != nil {
		t.Fatal(err)
	}
	p := c.TrustedProxies[0]
	if !p.Contains(netip.MustParseAddr("10.0.0.1")) || p.Contains(netip.MustParseAddr("10.0.0.2")) {
		t.Errorf("prefix %v for a single IP", p)
	}
}

func TestLoadInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want string // the variable the error must name
	}{
		{"ADDR without port", map[string]string{"ADDR": "8080"}, "ADDR"},
		{"ADDR with a scheme", map[string]string{"ADDR": "http://localhost:8080"}, "ADDR"},
		{"APP_ENV unknown", map[string]string{"APP_ENV": "staging"}, "APP_ENV"},
		{"APP_ENV wrong case", map[string]string{"APP_ENV": "Production"}, "APP_ENV"},
		{"DATABASE_URL mysql", map[string]string{"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"},
		{"DATABASE_URL bare path", map[string]string{"DATABASE_URL": "./data/jobboard.db"}, "DATABASE_URL"},
		{"DATABASE_URL sqlite3 scheme", map[string]string{"DATABASE_URL": "sqlite3://x.db"}, "DATABASE_URL"},
		{"BASE_DOMAIN with port", map[string]string{"BASE_DOMAIN": "localhost:8080"}, "BASE_DOMAIN"},
		{"BASE_DOMAIN with scheme", map[string]string{"BASE_DOMAIN": "https://example.com"}, "BASE_DOMAIN"},
		{"BASE_DOMAIN with path", map[string]string{"BASE_DOMAIN": "example.com/jobs"}, "BASE_DOMAIN"},
		{"BASE_DOMAIN with space", map[string]string{"BASE_DOMAIN": "exa mple.com"}, "BASE_DOMAIN"},
		{"MIGRATE_ON_START", map[string]string{"MIGRATE_ON_START": "yes"}, "MIGRATE_ON_START"},
		{"SESSION_IDLE_TIMEOUT unparsable", map[string]string{"SESSION_IDLE_TIMEOUT": "2 hours"}, "SESSION_IDLE_TIMEOUT"},
		{"SESSION_IDLE_TIMEOUT without unit", map[string]string{"SESSION_IDLE_TIMEOUT": "7200"}, "SESSION_IDLE_TIMEOUT"},
		{"SESSION_ABSOLUTE_TIMEOUT zero", map[string]string{"SESSION_ABSOLUTE_TIMEOUT": "0s"}, "SESSION_ABSOLUTE_TIMEOUT"},
		{"SESSION_ABSOLUTE_TIMEOUT negative", map[string]string{"SESSION_ABSOLUTE_TIMEOUT": "-1h"}, "SESSION_ABSOLUTE_TIMEOUT"},
		{"SHUTDOWN_TIMEOUT unparsable", map[string]string{"SHUTDOWN_TIMEOUT": "soon"}, "SHUTDOWN_TIMEOUT"},
		{"SHUTDOWN_TIMEOUT zero", map[string]string{"SHUTDOWN_TIMEOUT": "0s"}, "SHUTDOWN_TIMEOUT"},
		{"SHUTDOWN_DRAIN unparsable", map[string]string{"SHUTDOWN_DRAIN": "a while"}, "SHUTDOWN_DRAIN"},
		{"SHUTDOWN_DRAIN without unit", map[string]string{"SHUTDOWN_DRAIN": "5"}, "SHUTDOWN_DRAIN"},
		{"SHUTDOWN_DRAIN negative", map[string]string{"SHUTDOWN_DRAIN": "-1s"}, "SHUTDOWN_DRAIN"},
		{"READ_SLOTS not a number", map[string]string{"READ_SLOTS": "many"}, "READ_SLOTS"},
		{"READ_SLOTS negative", map[string]string{"READ_SLOTS": "-2"}, "READ_SLOTS"},
		{"READ_QUEUE_WAIT zero", map[string]string{"READ_QUEUE_WAIT": "0s"}, "READ_QUEUE_WAIT"},
		{"TRUSTED_PROXIES host name", map[string]string{"TRUSTED_PROXIES": "proxy.internal"}, "TRUSTED_PROXIES: proxy.internal"},
		{"TRUSTED_PROXIES bad octet", map[string]string{"TRUSTED_PROXIES": "10.0.0.256"}, "TRUSTED_PROXIES: 10.0.0.256"},
		{"TRUSTED_PROXIES bad CIDR bits", map[string]string{"TRUSTED_PROXIES": "10.0.0.0/33"}, "TRUSTED_PROXIES: 10.0.0.0/33"},
		{"TRUSTED_PROXIES bad CIDR", map[string]string{"TRUSTED_PROXIES": "10.0.0.0/x"}, "TRUSTED_PROXIES: 10.0.0.0/x"},
		{"TRUSTED_PROXIES one bad among good", map[string]string{"TRUSTED_PROXIES": "10.0.0.1, nope, 192.168.0.0/16"}, "TRUSTED_PROXIES: nope"},
		{"TRUSTED_PROXIES with port", map[string]string{"TRUSTED_PROXIES": "10.0.0.1:80"}, "TRUSTED_PROXIES: 10.0.0.1:80"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := config.Load(env(tt.env))
			if err == nil {
				t.Fatalf("Load accepted %v: %+v", tt.env, c)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %q", err, tt.want)
			}
			if c.Addr != "" || c.TrustedProxies != nil {
				t.Errorf("a failed Load returned a partial config %+v", c)
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := config.Load(env(map[string]string{
		"ADDR":             "nope",
		"APP_ENV":          "staging",
		"DATABASE_URL":     "mysql://x",
		"BASE_DOMAIN":      "a:b",
		"SHUTDOWN_DRAIN":   "-5s",
		"SHUTDOWN_TIMEOUT": "x",
		"TRUSTED_PROXIES":  "bad",
	}))
	if err == nil {
		t.Fatal("Load accepted a broken environment")
	}
	for _, k := range []string{"ADDR", "APP_ENV", "DATABASE_URL", "BASE_DOMAIN", "SHUTDOWN_DRAIN", "SHUTDOWN_TIMEOUT", "TRUSTED_PROXIES"} {
		if !strings.Contains(err.Error(), k) {
			t.Errorf("error %q does not name %s", err, k)
		}
	}
}

func TestLoadAcceptedValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
	}{
		{"ADDR host and port", map[string]string{"ADDR": "0.0.0.0:80"}},
		{"ADDR IPv6", map[string]string{"ADDR": "[::]:8080"}},
		{"APP_ENV development", map[string]string{"APP_ENV": "development"}},
		{"APP_ENV test", map[string]string{"APP_ENV": "test"}},
		{"DATABASE_URL sqlite memory", map[string]string{"DATABASE_URL": "sqlite::memory:"}},
		{"DATABASE_URL postgresql scheme", map[string]string{"DATABASE_URL": "postgresql://u@h/db"}},
		{"BASE_DOMAIN blank means default", map[string]string{"BASE_DOMAIN": "   "}},
		{"MIGRATE_ON_START 0", map[string]string{"MIGRATE_ON_START": "0"}},
		{"durations compound", map[string]string{"SESSION_IDLE_TIMEOUT": "1h30m"}},
		{"SHUTDOWN_DRAIN zero", map[string]string{"SHUTDOWN_DRAIN": "0"}},
		{"SHUTDOWN_DRAIN zero seconds", map[string]string{"SHUTDOWN_DRAIN": "0s"}},
		{"TRUSTED_PROXIES blank entries", map[string]string{"TRUSTED_PROXIES": " , ,"}},
		{"TRUSTED_PROXIES IPv6 CIDR", map[string]string{"TRUSTED_PROXIES": "2001:db8::/32"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := config.Load(env(tt.env)); err != nil {
				t.Errorf("Load(%v): %v", tt.env, err)
			}
		})
	}
}

// TestLoadShutdownDrainZero proves a zero drain is kept as zero (stop at
// once), not replaced by the default.
func TestLoadShutdownDrainZero(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"0", "0s"} {
		c, err := config.Load(env(map[string]string{"SHUTDOWN_DRAIN": v}))
		if err != nil {
			t.Fatalf("SHUTDOWN_DRAIN=%s: %v", v, err)
		}
		if c.ShutdownDrain != 0 {
			t.Errorf("SHUTDOWN_DRAIN=%s: ShutdownDrain = %v, want 0", v, c.ShutdownDrain)
		}
	}
}

func TestLoadProduction(t *testing.T) {
	t.Parallel()
	key32 := strings.Repeat("k", 32)
	full := func(edit func(map[string]string)) map[string]string {
		m := map[string]string{
			"APP_ENV":               "production",
			"STRIPE_SECRET_KEY":     "sk_live_x",
			"STRIPE_WEBHOOK_SECRET": "whsec_x",
			"SECRET_KEY":            key32,
		}
		if edit != nil {
			edit(m)
		}
		return m
	}
	tests := []struct {
		name string
		env  map[string]string
		want []string // substrings of the error; nil means valid
	}{
		{"complete", full(nil), nil},
		{"no Stripe secret key", full(func(m map[string]string) { delete(m, "STRIPE_SECRET_KEY") }), []string{"STRIPE_SECRET_KEY"}},
		{"no webhook secret", full(func(m map[string]string) { delete(m, "STRIPE_WEBHOOK_SECRET") }), []string{"STRIPE_WEBHOOK_SECRET"}},
		{"blank Stripe secret key", full(func(m map[string]string) { m["STRIPE_SECRET_KEY"] = "  " }), []string{"STRIPE_SECRET_KEY"}},
		{"no secret key", full(func(m map[string]string) { delete(m, "SECRET_KEY") }), []string{"SECRET_KEY"}},
		{"31-character secret key", full(func(m map[string]string) { m["SECRET_KEY"] = key32[:31] }), []string{"SECRET_KEY"}},
		{"nothing set", map[string]string{"APP_ENV": "production"}, []string{"STRIPE_SECRET_KEY", "SECRET_KEY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := config.Load(env(tt.env))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if !c.Production() {
					t.Error("Production() = false")
				}
				return
			}
			if err == nil {
				t.Fatal("Load accepted an incomplete production environment")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %s", err, w)
				}
			}
		})
	}
}

func TestDevelopmentNeedsNoSecrets(t *testing.T) {
	t.Parallel()
	for _, appEnv := range []string{"development", "test"} {
		if _, err := config.Load(env(map[string]string{"APP_ENV": appEnv, "SECRET_KEY": "short"})); err != nil {
			t.Errorf("APP_ENV=%s: %v", appEnv, err)
		}
	}
}

func TestDialect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url  string
		want string
	}{
		{"postgres://u@h/db", "postgres"},
		{"postgresql://u@h/db", "postgres"},
		{"sqlite:./data/jobboard.db", "sqlite"},
		{"sqlite::memory:", "sqlite"},
		{"", "sqlite"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			t.Parallel()
			if got := (config.Config{DatabaseURL: tt.url}).Dialect(); got != tt.want {
				t.Errorf("Dialect(%q) = %q, want %q", tt.url, got, tt.want)
			}
		})
	}
}

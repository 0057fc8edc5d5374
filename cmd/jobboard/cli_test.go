package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/cmd/internal/cli"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/store"
)

// cliEnv returns a getenv over a fresh SQLite database in the test's
// temporary directory, with extra overriding the defaults.
func cliEnv(t *testing.T, extra map[string]string) func(string) string {
	t.Helper()
	m := map[string]string{
		"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "x.db"),
		"BASE_DOMAIN":  "localhost",
		"APP_ENV":      "test",
	}
	for k, v := range extra {
		m[k] = v
	}
	return func(k string) string { return m[k] }
}

// cliRun runs one command line and returns what it printed.
func cliRun(t *testing.T, getenv func(string) string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	err = run(ctx, args, getenv, &out, &errOut)
	return out.String(), errOut.String(), err
}

// cliMust runs a command line that has to succeed.
func cliMust(t *testing.T, getenv func(string) string, args ...string) string {
	t.Helper()
	out, errOut, err := cliRun(t, getenv, args...)
	if err != nil {
		t.Fatalf("jobboard %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

func TestCLIUsageErrors(t *testing.T) {
	t.Parallel()
	full := []string{"board", "create", "--slug", "acme", "--name", "Acme", "--owner-email", "o@acme.example", "--owner-password", "long enough pass"}
	without := func(flag string) []string {
		var out []string
		for i := 0; i < len(full); i++ {
			if full[i] == "--"+flag {
				i++
				continue
			}
			out = append(out, full[i])
		}
		return out
	}
	tests := []struct {
		name string
		args []string
		want string // in the error message
	}{
		{"no args", nil, "no command"},
		{"unknown command", []string{"frobnicate"}, `"frobnicate"`},
		{"migrate without action", []string{"migrate"}, "up, down or status"},
		{"migrate unknown action", []string{"migrate", "sideways"}, `"sideways"`},
		{"migrate two actions", []string{"migrate", "up", "down"}, "up, down or status"},
		{"board without action", []string{"board"}, "create"},
		{"board unknown action", []string{"board", "delete"}, "create"},
		{"board create without slug", without("slug"), "--slug"},
		{"board create without name", without("name"), "--name"},
		{"board create without owner email", without("owner-email"), "--owner-email"},
		{"board create without owner password", without("owner-password"), "--owner-password"},
		{"board create blank slug", append(without("slug"), "--slug", "   "), "--slug"},
		{"board create unknown flag", append(append([]string{}, full...), "--colour", "red"), "colour"},
		{"board create extra argument", append(append([]string{}, full...), "extra"), `"extra"`},
		{"seed without demo", []string{"seed"}, "--demo"},
		{"seed extra argument", []string{"seed", "--demo", "now"}, `"now"`},
		{"admin without action", []string{"admin"}, "create"},
		{"admin create without password", []string{"admin", "create", "--email", "a@example.com"}, "--password"},
		{"admin create without email", []string{"admin", "create", "--password", "long enough pass"}, "--email"},
		{"serve unknown flag", []string{"serve", "--port", "80"}, "port"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, _, err := cliRun(t, cliEnv(t, nil), tc.args...)
			if err == nil {
				t.Fatalf("jobboard %q succeeded; want a usage error\n%s", tc.args, out)
			}
			if !cli.IsUsage(err) {
				t.Fatalf("jobboard %q: %v (%T); want a usage error so that main exits 2", tc.args, err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("message %q does not mention %q", err.Error(), tc.want)
			}
		})
	}
	// main prints the usage after a usage error: it names every command.
	for _, sub := range []string{"serve", "migrate up|down|status", "seed --demo", "board create", "admin create", "stripe reconcile", "alerts send"} {
		if !strings.Contains(usage, sub) {
			t.Errorf("usage text does not name %q:\n%s", sub, usage)
		}
	}
}

func TestCLIHelp(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"help", "-h", "--help"} {
		out := cliMust(t, cliEnv(t, nil), arg)
		if !strings.Contains(out, "board create") || !strings.Contains(out, "admin create") {
			t.Fatalf("%s printed:\n%s", arg, out)
		}
	}
}

func TestCLIMigrateUpDownStatus(t *testing.T) {
	t.Parallel()
	getenv := cliEnv(t, nil)

	out := cliMust(t, getenv, "migrate", "up")
	if !strings.Contains(out, "applied") {
		t.Fatalf("migrate up printed:\n%s", out)
	}
	if out := cliMust(t, getenv, "migrate", "up"); !strings.Contains(out, "up to date") {
		t.Fatalf("second migrate up printed:\n%s", out)
	}
	status := cliMust(t, getenv, "migrate", "status")
	if !strings.Contains(status, "applied") || strings.Contains(status, "\npending") || strings.HasPrefix(status, "pending") {
		t.Fatalf("status after up:\n%s", status)
	}

	if out := cliMust(t, getenv, "migrate", "down"); !strings.Contains(out, "rolled back") {
		t.Fatalf("migrate down printed:\n%s", out)
	}
	status = cliMust(t, getenv, "migrate", "status")
	if !strings.Contains(status, "pending") {
		t.Fatalf("status after down shows nothing pending:\n%s", status)
	}

	if out := cliMust(t, getenv, "migrate", "up"); !strings.Contains(out, "applied") {
		t.Fatalf("migrate up after down printed:\n%s", out)
	}
	if status := cliMust(t, getenv, "migrate", "status"); strings.Contains(status, "pending") {
		t.Fatalf("status after up again:\n%s", status)
	}
}

func TestCLIBoardCreate(t *testing.T) {
	t.Parallel()
	getenv := cliEnv(t, nil)
	args := []string{"board", "create", "--slug", "acme", "--name", "Acme", "--owner-email", "o@acme.example", "--owner-password", "long enough pass"}

	out := cliMust(t, getenv, args...)
	if !strings.Contains(out, "acme.localhost") || !strings.Contains(out, "o@acme.example") {
		t.Fatalf("board create printed:\n%s", out)
	}

	_, _, err := cliRun(t, getenv, args...)
	if err == nil {
		t.Fatal("second board create with the same slug succeeded")
	}
	if cli.IsUsage(err) {
		t.Fatalf("taken slug reported as a usage error: %v", err)
	}
	if domain.KindOf(err) != domain.KindConflict || !strings.Contains(err.Error(), "slug") || !strings.Contains(err.Error(), "taken") {
		t.Fatalf("taken slug: %v (kind %v); want a conflict saying the slug is taken", err, domain.KindOf(err))
	}

	t.Run("invalid slug", func(t *testing.T) {
		_, _, err := cliRun(t, getenv, "board", "create", "--slug", "Bad Slug!", "--name", "Bad", "--owner-email", "o@bad.example", "--owner-password", "long enough pass")
		var de *domain.Error
		if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Fields["slug"] == "" {
			t.Fatalf("invalid slug: %v; want a validation error naming slug", err)
		}
		if cli.IsUsage(err) {
			t.Fatalf("invalid slug reported as a usage error: %v", err)
		}
	})

	t.Run("common password", func(t *testing.T) {
		_, _, err := cliRun(t, getenv, "board", "create", "--slug", "beta", "--name", "Beta", "--owner-email", "o@beta.example", "--owner-password", "password123")
		var de *domain.Error
		if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Fields["owner_password"] == "" {
			t.Fatalf("common password: %v; want a validation error naming owner_password", err)
		}
	})
}

func TestCLIAdminCreate(t *testing.T) {
	t.Parallel()
	getenv := cliEnv(t, nil)
	out := cliMust(t, getenv, "admin", "create", "--email", "root@example.com", "--password", "a long admin passphrase", "--name", "Root")
	if !strings.Contains(out, "root@example.com") || !strings.Contains(out, "localhost/platform/login") {
		t.Fatalf("admin create printed:\n%s", out)
	}
	_, _, err := cliRun(t, getenv, "admin", "create", "--email", "ROOT@example.com", "--password", "another long passphrase")
	if domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("second admin with the same e-mail: %v; want a conflict", err)
	}
}

func TestCLISeedDemoIsIdempotent(t *testing.T) {
	t.Parallel()
	getenv := cliEnv(t, nil)
	for i := 1; i <= 2; i++ {
		out := cliMust(t, getenv, "seed", "--demo")
		for _, want := range []string{
			"http://demo.localhost:8080",
			demoAdmin.email + " / " + demoAdmin.password,
			demoOwner.email + " / " + demoOwner.password,
		} {
			if !strings.Contains(out, want) {
				t.Fatalf("seed run %d does not print %q:\n%s", i, want, out)
			}
		}
		for _, p := range demoPeople {
			if !strings.Contains(out, p.email+" / "+p.password) {
				t.Fatalf("seed run %d does not print the %s login:\n%s", i, p.role, out)
			}
		}
	}

	db, err := store.Open(context.Background(), getenv("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for _, c := range []struct {
		table string
		want  int
	}{{"boards", 1}, {"users", 1 + len(demoPeople)}, {"platform_admins", 1}} {
		n, err := db.NewSelect().Table(c.table).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if int(n) != c.want {
			t.Errorf("%s after seeding twice: %d rows, want %d", c.table, n, c.want)
		}
	}
}

func TestCLIProductionRefusesToStartWithoutSecrets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		extra map[string]string
		want  []string
	}{
		{"nothing set", map[string]string{}, []string{"STRIPE_SECRET_KEY", "SECRET_KEY"}},
		{"no stripe", map[string]string{"SECRET_KEY": strings.Repeat("k", 40)}, []string{"STRIPE_SECRET_KEY"}},
		{"no webhook secret", map[string]string{"SECRET_KEY": strings.Repeat("k", 40), "STRIPE_SECRET_KEY": "sk_test_x"}, []string{"STRIPE_WEBHOOK_SECRET"}},
		{"short secret key", map[string]string{"SECRET_KEY": "short", "STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"}, []string{"SECRET_KEY"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			extra := map[string]string{"APP_ENV": "production", "ADDR": "127.0.0.1:0"}
			for k, v := range tc.extra {
				extra[k] = v
			}
			getenv := cliEnv(t, extra)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			var out, errOut bytes.Buffer
			err := run(ctx, []string{"serve"}, getenv, &out, &errOut)
			if err == nil {
				t.Fatalf("serve in production started without secrets\n%s", out.String())
			}
			if cli.IsUsage(err) {
				t.Fatalf("configuration error reported as a usage error: %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %s", err.Error(), w)
				}
			}
			if strings.Contains(out.String(), "running") {
				t.Errorf("serve printed that it is running:\n%s", out.String())
			}
		})
	}
}

func TestAlertCLISendRunsOnePass(t *testing.T) {
	t.Parallel()
	getenv := cliEnv(t, nil)
	out := cliMust(t, getenv, "alerts", "send")
	if !strings.Contains(out, "Alert digests: 0 prepared, 0 sent") {
		t.Fatalf("alerts send: %q", out)
	}
	if _, _, err := cliRun(t, getenv, "alerts"); err == nil {
		t.Fatal("alerts without send: no usage error")
	}
}

package store

import (
	"net/url"
	"testing"
)

func TestPostgresURLDefaults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want map[string]string
	}{
		{"postgres://u@127.0.0.1:5432/db", map[string]string{"sslmode": "disable", "default_query_exec_mode": "exec", "jit": "off", "connect_timeout": "3"}},
		{"postgres://u@localhost/db", map[string]string{"sslmode": "disable"}},
		{"postgres://u@db.example.com/db", map[string]string{"sslmode": "", "default_query_exec_mode": "exec"}},
		{"postgres://u@127.0.0.1/db?sslmode=require&default_query_exec_mode=cache_statement&jit=on", map[string]string{"sslmode": "require", "default_query_exec_mode": "cache_statement", "jit": "on"}},
	}
	for _, c := range cases {
		got, err := postgresURL(c.in)
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range c.want {
			if u.Query().Get(k) != v {
				t.Errorf("%s: %s=%q, want %q", c.in, k, u.Query().Get(k), v)
			}
		}
	}
}

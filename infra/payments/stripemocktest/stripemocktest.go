// Package stripemocktest starts stripe-mock, Stripe's API simulator, for a
// test. `make tools` installs the binary; without it, Start skips the test
// with a message that says how to get it.
package stripemocktest

import (
	"bufio"
	"fmt"
	"go/build"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Binary returns the path of the stripe-mock binary: STRIPE_MOCK_BIN, then
// PATH, then the Go bin directories, or "" when there is none.
func Binary() string {
	if p := os.Getenv("STRIPE_MOCK_BIN"); p != "" {
		return p
	}
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p
	}
	dirs := []string{os.Getenv("GOBIN")}
	for _, gp := range filepath.SplitList(os.Getenv("GOPATH")) {
		dirs = append(dirs, filepath.Join(gp, "bin"))
	}
	for _, gp := range filepath.SplitList(build.Default.GOPATH) {
		dirs = append(dirs, filepath.Join(gp, "bin"))
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		p := filepath.Join(d, "stripe-mock")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// Start runs a stripe-mock private to the test on loopback ports of the
// system's choosing and returns its HTTP base URL, such as
// http://127.0.0.1:40123. The process is stopped when the test ends.
func Start(t testing.TB) string {
	t.Helper()
	bin := Binary()
	if bin == "" {
		t.Skip("stripe-mock is not installed (not on PATH nor in $(go env GOPATH)/bin); `make tools` installs it")
	}
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:", "-https-addr", "127.0.0.1:")
	configureChild(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("stripe-mock stdout: %v", err)
	}
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr := make(chan string, 1)
	go func() {
		const prefix = "Listening for HTTP at address: "
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), prefix); ok {
				select {
				case addr <- a:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case a := <-addr:
		if err := waitForPort(a, 10*time.Second); err != nil {
			t.Fatalf("stripe-mock at %s: %v", a, err)
		}
		return "http://" + a
	case <-time.After(30 * time.Second):
		t.Fatalf("stripe-mock printed no HTTP address within 30s; stderr: %s", stderr.String())
	}
	return ""
}

// waitForPort dials addr until it answers or the timeout passes.
func waitForPort(addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer within %s: %w", timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// lockedBuffer collects the process's stderr, written by the copier
// goroutine and read for error messages.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

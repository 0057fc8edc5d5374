package payments_test

import (
	"bufio"
	"bytes"
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

// stripeMock is the one stripe-mock process shared by the tests of this
// binary, started on first use and stopped by TestMain.
var stripeMock struct {
	once sync.Once
	cmd  *exec.Cmd
	url  string // http://127.0.0.1:port
	skip string // why the tests that need it skip
	err  error  // why it failed to start
}

func TestMain(m *testing.M) {
	code := m.Run()
	stopStripeMock()
	os.Exit(code)
}

// stripeMockURL returns the base URL of a running stripe-mock, starting it
// on first use. Tests skip when stripe-mock is not installed and fail when
// it is installed but does not start.
func stripeMockURL(t *testing.T) string {
	t.Helper()
	stripeMock.once.Do(startStripeMock)
	if stripeMock.skip != "" {
		t.Skip(stripeMock.skip)
	}
	if stripeMock.err != nil {
		t.Fatal(stripeMock.err)
	}
	return stripeMock.url
}

// findStripeMock looks for the binary on PATH, then in GOBIN and in the bin
// directory of every GOPATH entry, where `go install` puts it.
func findStripeMock() (string, bool) {
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p, true
	}
	var dirs []string
	if out, err := exec.Command("go", "env", "GOBIN", "GOPATH").Output(); err == nil {
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) == 2 {
			if gobin := strings.TrimSpace(lines[0]); gobin != "" {
				dirs = append(dirs, gobin)
			}
			for _, p := range filepath.SplitList(strings.TrimSpace(lines[1])) {
				dirs = append(dirs, filepath.Join(p, "bin"))
			}
		}
	}
	for _, p := range filepath.SplitList(build.Default.GOPATH) {
		dirs = append(dirs, filepath.Join(p, "bin"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, "stripe-mock")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, true
		}
	}
	return "", false
}

// startStripeMock runs stripe-mock on ports of the system's choosing on the
// loopback interface (HTTPS too, which it would otherwise open on :12112)
// and reads the HTTP address from the line it prints.
func startStripeMock() {
	bin, ok := findStripeMock()
	if !ok {
		stripeMock.skip = "stripe-mock is not installed (not on PATH nor in $(go env GOPATH)/bin); `make tools` installs it"
		return
	}
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:", "-https-addr", "127.0.0.1:")
	configureChild(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		stripeMock.err = fmt.Errorf("stripe-mock stdout: %w", err)
		return
	}
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		stripeMock.err = fmt.Errorf("start %s: %w", bin, err)
		return
	}
	stripeMock.cmd = cmd

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
			stripeMock.err = fmt.Errorf("stripe-mock at %s: %w", a, err)
			return
		}
		stripeMock.url = "http://" + a
	case <-time.After(30 * time.Second):
		stripeMock.err = fmt.Errorf("stripe-mock printed no HTTP address within 30s; stderr: %s", stderr.String())
	}
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
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stopStripeMock kills the shared stripe-mock, if one was started.
func stopStripeMock() {
	if stripeMock.cmd == nil || stripeMock.cmd.Process == nil {
		return
	}
	_ = stripeMock.cmd.Process.Kill()
	_ = stripeMock.cmd.Wait()
}

// syncBuffer serialises writes from the process's stderr copier with reads
// for error messages.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

package web_test

import (
	"bufio"
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/infra/web"
)

// TestShutdownDrainsInFlightRequests starts the real listener, begins a
// request, asks the server to stop while the request is still arriving,
// and checks that the request is answered before Serve returns.
func TestShutdownDrainsInFlightRequests(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetestOpenSQLite(t), nil)
	b := h.newBoard("acme")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.srv.Serve(ctx, ln, web.Shutdown{Timeout: 10 * time.Second}) }()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"email":"` + b.OwnerEmail + `","password":"not the password"}`
	head := "POST /api/v1/auth/login HTTP/1.1\r\nHost: " + b.Host + "\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	if _, err := conn.Write([]byte(head + body[:10])); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	stop() // SIGTERM arrives while the request is in flight
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("Serve returned before the in-flight request finished: %v", err)
	default:
	}
	if _, err := conn.Write([]byte(body[10:])); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatalf("no answer to the in-flight request: %v", err)
	}
	if !strings.HasPrefix(status, "HTTP/1.1 401") {
		t.Fatalf("in-flight request answered %q, want 401", status)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after draining")
	}
	if c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		c.Close()
		t.Fatal("the server still accepts connections after shutdown")
	}
}

package web

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// TestDrainingReadyzAndConnectionClose checks the two signals of a
// draining server: /readyz answers 503 without asking the database, and
// every response closes its connection. Before draining neither happens.
func TestDrainingReadyzAndConnectionClose(t *testing.T) {
	t.Parallel()
	s, app := newBareServer(t)
	app.Use(s.closeWhileDraining)
	app.Get("/readyz", s.readyz)
	app.Get("/page", func(c *fiber.Ctx) error { return c.SendString("ok") })

	resp, _ := send(t, app, httptest.NewRequest(http.MethodGet, "/page", nil))
	if resp.Close {
		t.Error("a response before draining closes its connection")
	}

	s.draining.Store(true)
	resp, body := send(t, app, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, `"draining":true`) {
		t.Errorf("/readyz while draining: %d %s", resp.StatusCode, body)
	}
	for _, path := range []string{"/readyz", "/page", "/nowhere"} {
		resp, _ := send(t, app, httptest.NewRequest(http.MethodGet, path, nil))
		if !resp.Close {
			t.Errorf("%s while draining: the response keeps its connection open", path)
		}
	}
}

// TestClosedConnIgnoresDeadlines proves that a served connection closed
// under fasthttp (as shutdown closes idle keep-alive ones) accepts new
// deadlines: fasthttp panics when setting one fails.
func TestClosedConnIgnoresDeadlines(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
			_ = c.Close()
		}
	}()
	c, err := lingering(ln).Accept()
	if err != nil {
		t.Fatal(err)
	}
	// The client has gone: closing drains the read side, finds its end and
	// closes the socket.
	_ = c.Close()
	buf := make([]byte, 16)
	for deadline := time.Now().Add(5 * time.Second); ; {
		if _, err := c.Read(buf); errors.Is(err, net.ErrClosed) {
			break
		} else if err != nil && err != io.EOF {
			t.Fatalf("read: %v", err)
		}
		if time.Now().After(deadline) {
			t.Fatal("the connection was not closed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	at := time.Now().Add(time.Second)
	if err := c.SetWriteDeadline(at); err != nil {
		t.Errorf("SetWriteDeadline on a closed connection: %v", err)
	}
	if err := c.SetReadDeadline(at); err != nil {
		t.Errorf("SetReadDeadline on a closed connection: %v", err)
	}
	if err := c.SetDeadline(at); err != nil {
		t.Errorf("SetDeadline on a closed connection: %v", err)
	}
}

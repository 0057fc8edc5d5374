package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Shutdown says how Serve stops once its context ends.
type Shutdown struct {
	// Drain is how long the server keeps serving after the context ends,
	// with /readyz answering 503 and every response closing its
	// connection, so that a load balancer stops sending before the
	// listener closes. Zero stops accepting at once.
	Drain time.Duration
	// Timeout bounds the wait for in-flight requests once the listener is
	// closed; idle keep-alive connections are closed at once.
	Timeout time.Duration
}

// Serve serves on ln until ctx ends. Then it drains: for sd.Drain it goes
// on serving while /readyz answers 503, then it stops accepting, closes
// idle keep-alive connections and waits at most sd.Timeout for the
// requests in flight before returning.
func (s *Server) Serve(ctx context.Context, ln net.Listener, sd Shutdown) error {
	errc := make(chan error, 1)
	go func() { errc <- s.app.Listener(lingering(ln)) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	if sd.Drain > 0 {
		s.deps.Logger.Info("shutting down: not ready, still serving while the load balancer drains", "drain", sd.Drain.String())
		t := time.NewTimer(sd.Drain)
		select {
		case err := <-errc:
			t.Stop()
			return err
		case <-t.C:
		}
	}
	s.deps.Logger.Info("shutting down: no new connections; waiting for in-flight requests", "timeout", sd.Timeout.String())
	if err := s.app.ShutdownWithTimeout(sd.Timeout); err != nil {
		return fmt.Errorf("shut down the web server: %w", err)
	}
	return <-errc
}

// closeWhileDraining makes every response of a draining server close its
// connection, so that keep-alive clients reconnect, through the load
// balancer, to an instance that stays. It looks again after the handler
// in case draining began meanwhile.
func (s *Server) closeWhileDraining(c *fiber.Ctx) error {
	if s.draining.Load() {
		c.Context().SetConnectionClose()
	}
	err := c.Next()
	if s.draining.Load() {
		c.Context().SetConnectionClose()
	}
	return err
}

// On shutdown fasthttp (v1.51) closes the idle keep-alive connections,
// and a client may have sent a request on one a moment before: the
// connection's goroutine then reads the request and finds the connection
// closed under it when it sets the write deadline. fasthttp panics on that
// error, in a goroutine no recover reaches, and takes the process down
// (valyala/fasthttp#1258; fixed upstream by #1835). A closed connection
// therefore ignores new deadlines: the answer fails to write and the
// connection ends like any other broken one.

// SetDeadline sets both deadlines; a closed connection ignores it.
func (c *lingerConn) SetDeadline(t time.Time) error {
	return ignoreClosed(c.Conn.SetDeadline(t))
}

// SetReadDeadline sets the read deadline; a closed connection ignores it.
func (c *lingerConn) SetReadDeadline(t time.Time) error {
	return ignoreClosed(c.Conn.SetReadDeadline(t))
}

// SetWriteDeadline sets the write deadline; a closed connection ignores it.
func (c *lingerConn) SetWriteDeadline(t time.Time) error {
	return ignoreClosed(c.Conn.SetWriteDeadline(t))
}

func ignoreClosed(err error) error {
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

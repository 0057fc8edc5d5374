package web

import (
	"io"
	"net"
	"sync"
	"time"
)

// A server that refuses a request from its headers (a 50 MB upload over
// the body limit, say) answers and closes while the client is still
// sending. Closing a socket with unread input makes the kernel reset the
// connection, and the client then reports a connection error instead of
// the 413 it was sent. Like nginx's lingering close, each connection is
// closed in two steps: first the write side, so the answer and a FIN go
// out, then, after reading and discarding what the client still sends for
// a short while, the whole socket.
const (
	lingerTimeout = 5 * time.Second
	lingerMax     = 64 << 20
)

type lingerListener struct{ net.Listener }

// lingering wraps ln so that its connections close gracefully. They also
// keep the start of each request (headConn), for the error handler.
func lingering(ln net.Listener) net.Listener { return lingerListener{ln} }

func (l lingerListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &headConn{Conn: &lingerConn{Conn: c}}, nil
}

type lingerConn struct {
	net.Conn
	once sync.Once
	err  error
}

// Close shuts the write side and drains the read side in the background.
func (c *lingerConn) Close() error {
	c.once.Do(func() {
		hc, ok := c.Conn.(interface{ CloseWrite() error })
		if !ok || hc.CloseWrite() != nil {
			c.err = c.Conn.Close()
			return
		}
		go func() {
			_ = c.Conn.SetReadDeadline(time.Now().Add(lingerTimeout))
			_, _ = io.CopyN(io.Discard, c.Conn, lingerMax)
			_ = c.Conn.Close()
		}()
	})
	return c.err
}

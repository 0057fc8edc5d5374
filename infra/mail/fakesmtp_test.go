package mail

import (
	"bufio"
	"encoding/base64"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// fakeSMTP is a minimal SMTP server on 127.0.0.1 that records what it is
// sent. Its replies can be changed to simulate failures.
type fakeSMTP struct {
	ln       net.Listener
	greeting string // first reply; "220 ..." unless set
	auth     bool   // advertise AUTH PLAIN
	rcpt     string // reply to RCPT; "250 ok" unless set
	stall    bool   // never answer EHLO

	mu       sync.Mutex
	sessions []*session
}

// session is what one connection sent.
type session struct {
	Helo  string
	Auth  string // decoded PLAIN response
	From  string
	Rcpts []string
	Data  []byte
}

func startFakeSMTP(t *testing.T, configure func(*fakeSMTP)) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{ln: ln, greeting: "220 fake.test ESMTP ready", rcpt: "250 ok"}
	if configure != nil {
		configure(f)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		_ = ln.Close()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { f.serve(conn) })
		}
	})
	return f
}

func (f *fakeSMTP) addr() string { return f.ln.Addr().String() }

// Sessions returns the sessions that reached QUIT or ended.
func (f *fakeSMTP) Sessions() []session {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]session, len(f.sessions))
	for i, s := range f.sessions {
		out[i] = *s
	}
	return out
}

func (f *fakeSMTP) serve(conn net.Conn) {
	defer conn.Close()
	s := &session{}
	f.mu.Lock()
	f.sessions = append(f.sessions, s)
	f.mu.Unlock()
	r := textproto.NewReader(bufio.NewReader(conn))
	w := textproto.NewWriter(bufio.NewWriter(conn))
	reply := func(lines ...string) bool {
		for _, l := range lines {
			if err := w.PrintfLine("%s", l); err != nil {
				return false
			}
		}
		return true
	}
	if !reply(f.greeting) || !strings.HasPrefix(f.greeting, "2") {
		return
	}
	for {
		line, err := r.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		ok := true
		f.mu.Lock()
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			if f.stall {
				f.mu.Unlock()
				_, _ = r.ReadLine() // wait for the client to give up
				return
			}
			s.Helo = arg
			if f.auth {
				ok = reply("250-fake.test", "250-8BITMIME", "250 AUTH PLAIN")
			} else {
				ok = reply("250-fake.test", "250 8BITMIME")
			}
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			dec, err := base64.StdEncoding.DecodeString(resp)
			if strings.EqualFold(mech, "PLAIN") && err == nil {
				s.Auth = string(dec)
				ok = reply("235 2.7.0 authenticated")
			} else {
				ok = reply("504 unsupported")
			}
		case "MAIL":
			s.From = addrArg(arg)
			ok = reply("250 ok")
		case "RCPT":
			s.Rcpts = append(s.Rcpts, addrArg(arg))
			ok = reply(f.rcpt)
		case "DATA":
			f.mu.Unlock()
			if !reply("354 go ahead") {
				return
			}
			data, err := r.ReadDotBytes()
			if err != nil {
				return
			}
			f.mu.Lock()
			s.Data = data
			ok = reply("250 queued")
		case "RSET", "NOOP":
			ok = reply("250 ok")
		case "QUIT":
			reply("221 bye")
			f.mu.Unlock()
			return
		default:
			ok = reply("502 not implemented")
		}
		f.mu.Unlock()
		if !ok {
			return
		}
	}
}

// addrArg returns the address in "FROM:<a@b> BODY=8BITMIME".
func addrArg(arg string) string {
	_, rest, _ := strings.Cut(arg, "<")
	addr, _, _ := strings.Cut(rest, ">")
	return addr
}

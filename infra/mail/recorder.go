package mail

import (
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/jobboard/jobboard/app"
)

var _ app.Mailer = (*Recorder)(nil)

// Recorder keeps sent messages in memory, for tests that check what was
// mailed. The zero value is ready to use and safe for concurrent use.
type Recorder struct {
	mu   sync.Mutex
	sent []app.Message
}

// Send records a copy of m. It refuses what the SMTP mailer would refuse
// (KindInvalid), so that tests catch such messages.
func (r *Recorder) Send(_ context.Context, m app.Message) error {
	if _, err := check(m); err != nil {
		return err
	}
	m.Headers = maps.Clone(m.Headers)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m)
	return nil
}

// Messages returns the messages sent so far, oldest first.
func (r *Recorder) Messages() []app.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := slices.Clone(r.sent)
	for i := range out {
		out[i].Headers = maps.Clone(out[i].Headers)
	}
	return out
}

// Last returns the most recent message, and false when none was sent.
func (r *Recorder) Last() (app.Message, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.sent) == 0 {
		return app.Message{}, false
	}
	m := r.sent[len(r.sent)-1]
	m.Headers = maps.Clone(m.Headers)
	return m, true
}

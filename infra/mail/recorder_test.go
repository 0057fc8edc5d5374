package mail

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/jobboard/jobboard/app"
)

func TestRecorder(t *testing.T) {
	t.Parallel()
	var r Recorder
	if _, ok := r.Last(); ok {
		t.Fatal("Last on an empty recorder reported a message")
	}
	headers := map[string]string{"List-Unsubscribe": "<x>"}
	if err := r.Send(context.Background(), app.Message{To: "a@example.com", Subject: "first", Headers: headers}); err != nil {
		t.Fatal(err)
	}
	headers["List-Unsubscribe"] = "changed"
	if err := r.Send(context.Background(), app.Message{To: "b@example.com", Subject: "second"}); err != nil {
		t.Fatal(err)
	}
	msgs := r.Messages()
	if len(msgs) != 2 || msgs[0].Subject != "first" || msgs[1].Subject != "second" {
		t.Fatalf("Messages = %+v", msgs)
	}
	if msgs[0].Headers["List-Unsubscribe"] != "<x>" {
		t.Fatal("the recorder shares the caller's header map")
	}
	msgs[0].Headers["List-Unsubscribe"] = "mutated"
	msgs[1].Subject = "mutated"
	if again := r.Messages(); again[0].Headers["List-Unsubscribe"] != "<x>" || again[1].Subject != "second" {
		t.Fatal("Messages returns the recorder's own storage")
	}
	if last, ok := r.Last(); !ok || last.To != "b@example.com" {
		t.Fatalf("Last = %+v, %v", last, ok)
	}
}

func TestRecorderConcurrentSend(t *testing.T) {
	t.Parallel()
	var r Recorder
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			_ = r.Send(context.Background(), app.Message{To: fmt.Sprintf("u%d@example.com", i)})
			_ = r.Messages()
			_, _ = r.Last()
		})
	}
	wg.Wait()
	if n := len(r.Messages()); n != 50 {
		t.Fatalf("%d messages, want 50", n)
	}
}

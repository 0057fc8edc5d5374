package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/infra/mail"
	"github.com/jobboard/jobboard/infra/mail/mailpittest"
)

// Application mails leave through a real SMTP server: the candidate's
// receipt and the team's notice on submission, then the candidate's
// notice of a status change, each in the board's name.
func TestApplicationMailsGoThroughSMTP(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetestOpenSQLite(t), nil)
	mp := mailpittest.Start(t)
	smtp, err := mail.NewSMTP(mp.SMTPURL(), "no-reply@"+testBaseDomain)
	if err != nil {
		t.Fatal(err)
	}
	h.routeMail(smtp, func(m app.Message) bool { return strings.Contains(m.Subject, "application for") })
	ob := newOnsiteBoard(t, h, "acme")
	ann := newCandidate(h, ob.f, "ann@candidates.example", "Ann Lee")
	r := ann.apply(t, ob.job["id"].(string), "Ann Lee", "ann.pdf", pdfBytes(900))
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("apply: %d %s", r.StatusCode, r.body)
	}
	receipt := mp.WaitTo("ann@candidates.example", 1, 10*time.Second)
	notice := mp.WaitTo("hr@acme-pharma.example", 1, 10*time.Second)
	if len(receipt) != 1 || len(notice) != 1 {
		t.Fatalf("mails on submission: candidate %d, team %d; want 1 each", len(receipt), len(notice))
	}
	if m := mp.Message(receipt[0].ID); !strings.Contains(m.Subject+m.Text, "Clinical Scientist") || m.From.Name != "Acme Jobs" {
		t.Errorf("candidate's receipt: from %q, %q", m.From.Name, m.Subject)
	}
	if m := mp.Message(notice[0].ID); !strings.Contains(m.Subject, "Ann Lee") {
		t.Errorf("team's notice: %q", m.Subject)
	}

	id := r.json(t)["id"].(string)
	if r := jobSend(ob.team.c, http.MethodPatch, "/api/v1/applications/"+id, map[string]string{"status": "reviewing"}, ob.team.tok); r.StatusCode != http.StatusOK {
		t.Fatalf("move: %d %s", r.StatusCode, r.body)
	}
	if got := mp.WaitTo("ann@candidates.example", 2, 10*time.Second); len(got) != 2 {
		t.Fatalf("candidate mails after the status change: %d, want 2", len(got))
	}
}

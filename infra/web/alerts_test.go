package web_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	appalert "github.com/jobboard/jobboard/app/alert"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/alert"
	"github.com/jobboard/jobboard/infra/mail"
	"github.com/jobboard/jobboard/infra/mail/mailpittest"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/system"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// alertKit is a board whose mail goes through a real SMTP server.
type alertKit struct {
	t     *testing.T
	h     *harness
	mp    *mailpittest.Server
	smtp  app.Mailer
	board fixture
	team  *jobTeam
	owner jobStaffClient
}

// newAlertKit starts mailpit, points the system's mailer at it and makes a
// board with a published company.
func newAlertKit(t *testing.T, h *harness, slug string) *alertKit {
	t.Helper()
	mp := mailpittest.Start(t)
	smtp, err := mail.NewSMTP(mp.SMTPURL(), "no-reply@"+testBaseDomain)
	if err != nil {
		t.Fatal(err)
	}
	h.routeMail(smtp, alertMail)
	return newAlertBoard(t, h, mp, smtp, slug)
}

func newAlertBoard(t *testing.T, h *harness, mp *mailpittest.Server, smtp app.Mailer, slug string) *alertKit {
	t.Helper()
	f := h.newBoard(slug)
	team := jobNewTeam(t, h, f, "hr@"+slug+".example", strings.ToUpper(slug[:1])+slug[1:]+" Labs", true)
	return &alertKit{t: t, h: h, mp: mp, smtp: smtp, board: f, team: team, owner: jobOwnerOf(h, f)}
}

// worker is a copy of the alert service as a worker process runs it, with
// its own clock and mailer.
func (k *alertKit) worker(at time.Time, mailer app.Mailer, logger *slog.Logger) *appalert.Service {
	return k.h.instance(system.Options{Clock: systemtest.NewClock(at.UTC().Truncate(time.Microsecond)), Mailer: mailer, Logger: logger}).Alerts
}

func (k *alertKit) pass(at time.Time) appalert.PassResult {
	k.t.Helper()
	res, err := k.worker(at, k.smtp, nil).RunPass(context.Background())
	if err != nil {
		k.t.Fatalf("pass at %s: %v", at, err)
	}
	return res
}

// subscribe asks for an alert through the API and expects 202.
func (k *alertKit) subscribe(body map[string]any) {
	k.t.Helper()
	r := k.h.client(k.board.Host).postJSON("/api/v1/alerts", body, nil)
	if r.StatusCode != http.StatusAccepted {
		k.t.Fatalf("subscribe %v: %d %s", body, r.StatusCode, r.body)
	}
}

var (
	confirmLink     = regexp.MustCompile(`/alerts/confirm/([A-Za-z0-9_-]+)`)
	manageLink      = regexp.MustCompile(`/alerts/manage/([A-Za-z0-9_.-]+)`)
	unsubscribeLink = regexp.MustCompile(`^<(https?://[^/>]+)(/alerts/unsubscribe/[A-Za-z0-9_.-]+)>$`)
)

// mailsTo returns the full messages sent to an address, newest first.
func (k *alertKit) mailsTo(addr string) []mailpittest.Message {
	k.t.Helper()
	var out []mailpittest.Message
	for _, s := range k.mp.To(addr) {
		out = append(out, k.mp.Message(s.ID))
	}
	return out
}

// digestsTo returns the digests (not confirmation mails) sent to addr.
func (k *alertKit) digestsTo(addr string) []mailpittest.Message {
	k.t.Helper()
	var out []mailpittest.Message
	for _, m := range k.mailsTo(addr) {
		if m.Header("List-Unsubscribe") != "" {
			out = append(out, m)
		}
	}
	return out
}

// confirm uses the newest confirmation link mailed to addr, as a browser
// does: the page, then its button.
func (k *alertKit) confirm(addr string) {
	k.t.Helper()
	var token string
	for _, m := range k.mailsTo(addr) {
		if mm := confirmLink.FindStringSubmatch(m.Text); mm != nil {
			token = mm[1]
			break
		}
	}
	if token == "" {
		k.t.Fatalf("no confirmation mail to %s", addr)
	}
	c := k.h.client(k.board.Host)
	page := "/alerts/confirm/" + token
	r := c.postForm(page, page, url.Values{})
	if r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Your alert is on") {
		k.t.Fatalf("confirm %s: %d %.400s", addr, r.StatusCode, r.body)
	}
}

// subscribeConfirmed subscribes addr and confirms.
func (k *alertKit) subscribeConfirmed(addr string, body map[string]any) {
	k.t.Helper()
	body["email"] = addr
	k.subscribe(body)
	k.mp.WaitTo(addr, 1, 10*time.Second)
	k.confirm(addr)
}

// publish publishes a job of the board's company.
func (k *alertKit) publish(title string, extra map[string]any) map[string]any {
	k.t.Helper()
	return k.team.publishJob(k.t, k.owner, jobPosting(title, extra))
}

// alertRows counts a board's rows in an alert table.
func alertRows(t *testing.T, h *harness, table, tenant string) int {
	t.Helper()
	n, err := h.db.NewSelect().TableExpr(table).Where("tenant_id = ?", tenant).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// nextDay is a time safely after the next daily boundary (and its settle
// delay) from now: one in the morning of a day to come, so that the hours
// a test adds to it stay in that day whatever the time it runs at.
func nextDay() time.Time {
	return alert.Daily.PeriodStart(time.Now().UTC().Add(25 * time.Hour)).Add(time.Hour)
}

func TestAlertDoubleOptInThenOneDigestPerPeriod(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		k := newAlertKit(t, h, "alpha")
		const addr = "ana@example.com"
		sub := map[string]any{"email": addr, "query": "chemist", "frequency": "daily"}
		k.subscribe(sub)
		k.mp.WaitTo(addr, 1, 10*time.Second)

		// Before confirmation nothing but the confirmation is mailed, even
		// when matching jobs appear and the period ends.
		k.publish("Analytical Chemist", nil)
		if res := k.pass(nextDay().Add(48 * time.Hour)); res.Prepared != 0 || res.Sent != 0 {
			t.Fatalf("pass before confirmation: %+v", res)
		}
		if got := k.mailsTo(addr); len(got) != 1 || !strings.HasPrefix(got[0].Subject, "Confirm your job alert") {
			t.Fatalf("before confirmation want only the confirmation mail, got %d: %+v", len(got), got)
		}

		// Subscribing again to the same search (other case and spacing)
		// keeps one alert and mails a fresh link.
		k.subscribe(map[string]any{"email": " ANA@example.com", "query": "  Chemist ", "frequency": "daily"})
		k.mp.WaitTo(addr, 2, 10*time.Second)
		if n := alertRows(t, h, "alerts", k.board.ID); n != 1 {
			t.Fatalf("alerts after subscribing twice: %d, want 1", n)
		}
		if n := alertRows(t, h, "alert_subscribers", k.board.ID); n != 1 {
			t.Fatalf("subscribers after subscribing twice: %d, want 1", n)
		}
		k.confirm(addr)
		// The link works once.
		var used string
		for _, m := range k.mailsTo(addr) {
			if mm := confirmLink.FindStringSubmatch(m.Text); mm != nil {
				used = mm[1]
				break
			}
		}
		c := h.client(k.board.Host)
		if r := c.get("/alerts/confirm/" + used); r.StatusCode != http.StatusNotFound {
			t.Fatalf("used confirmation link: %d, want 404", r.StatusCode)
		}
		// Subscribing once more to a confirmed alert changes nothing and
		// mails nothing.
		k.subscribe(sub)
		if n := len(k.mailsTo(addr)); n != 2 {
			t.Fatalf("resubscribing a confirmed alert mailed again: %d mails", n)
		}

		job := k.publish("Senior Chemist", nil)
		other := k.publish("Accountant", map[string]any{"description": "Bookkeeping and the annual accounts."})
		at := nextDay()
		if res := k.pass(at); res.Prepared != 1 || res.Sent != 1 {
			t.Fatalf("first digest pass: %+v", res)
		}
		digests := k.digestsTo(addr)
		if len(digests) != 1 {
			t.Fatalf("digests: %d, want 1", len(digests))
		}
		d := digests[0]
		if d.From.Name != "Alpha Jobs" {
			t.Errorf("From name %q, want the board's name", d.From.Name)
		}
		if !strings.Contains(d.Text, "Senior Chemist") || !strings.Contains(d.Text, "/jobs/"+job["id"].(string)+"/") {
			t.Errorf("digest misses the matching job:\n%s", d.Text)
		}
		if strings.Contains(d.Text, "Accountant") || strings.Contains(d.Text, other["id"].(string)) {
			t.Errorf("digest lists a job that does not match:\n%s", d.Text)
		}
		if strings.Contains(d.Text, "Analytical Chemist") {
			t.Errorf("digest lists a job published before the alert was confirmed:\n%s", d.Text)
		}
		m := unsubscribeLink.FindStringSubmatch(d.Header("List-Unsubscribe"))
		if m == nil || m[1] != "http://"+k.board.Host+":8080" {
			t.Errorf("List-Unsubscribe %q, want <http://%s:8080/alerts/unsubscribe/TOKEN>", d.Header("List-Unsubscribe"), k.board.Host)
		}
		if got := d.Header("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe-Post %q", got)
		}
		if !strings.Contains(d.Text, m[2]) || !manageLink.MatchString(d.Text) {
			t.Errorf("digest body lacks the unsubscribe or manage link:\n%s", d.Text)
		}

		// The same period again, later in it: nothing more.
		if res := k.pass(at.Add(time.Hour)); res.Prepared != 0 || res.Sent != 0 {
			t.Fatalf("second pass in the same period: %+v", res)
		}
		if n := len(k.digestsTo(addr)); n != 1 {
			t.Fatalf("digests after a second pass: %d", n)
		}
		// The manage page, reached from the mail, lists the alert.
		mm := manageLink.FindStringSubmatch(d.Text)
		if r := c.get("/alerts/manage/" + mm[1]); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "chemist") {
			t.Fatalf("manage page: %d %.300s", r.StatusCode, r.body)
		}
	})
}

func TestAlertTwoWorkersSendExactlyOneDigestPerPeriod(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		k := newAlertKit(t, h, "alpha")
		addrs := []string{"a1@example.com", "a2@example.com", "a3@example.com", "a4@example.com"}
		for _, a := range addrs {
			k.subscribeConfirmed(a, map[string]any{"query": "chemist", "frequency": "daily"})
		}
		k.publish("Chemist", nil)

		race := func(at time.Time) appalert.PassResult {
			t.Helper()
			var wg sync.WaitGroup
			results := make([]appalert.PassResult, 2)
			errs := make([]error, 2)
			for i := range 2 {
				w := k.worker(at, k.smtp, nil)
				wg.Add(1)
				go func() {
					defer wg.Done()
					results[i], errs[i] = w.RunPass(context.Background())
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatalf("concurrent pass: %v", err)
				}
			}
			return appalert.PassResult{Prepared: results[0].Prepared + results[1].Prepared, Sent: results[0].Sent + results[1].Sent,
				Retrying: results[0].Retrying + results[1].Retrying}
		}
		at := nextDay()
		if got := race(at); got.Prepared != len(addrs) || got.Sent != len(addrs) || got.Retrying != 0 {
			t.Fatalf("two workers: %+v, want %d prepared and sent", got, len(addrs))
		}
		if got := race(at.Add(2 * time.Hour)); got.Prepared != 0 || got.Sent != 0 {
			t.Fatalf("two workers again in the same period: %+v", got)
		}
		for _, a := range addrs {
			if n := len(k.digestsTo(a)); n != 1 {
				t.Errorf("%s got %d digests, want 1", a, n)
			}
		}
		if n := alertRows(t, h, "alert_deliveries", k.board.ID); n != len(addrs) {
			t.Fatalf("delivery rows: %d, want %d", n, len(addrs))
		}

		// The next period is not skipped: a job published in it reaches
		// everyone once, again with two workers.
		second := k.publish("Lab Chemist", nil)
		day2 := alert.Daily.PeriodStart(at).Add(3 * time.Hour)
		jobSetTime(t, h, "published_at", second["id"].(string), day2)
		if got := race(day2.Add(24 * time.Hour)); got.Prepared != len(addrs) || got.Sent != len(addrs) {
			t.Fatalf("second period: %+v", got)
		}
		for _, a := range addrs {
			ds := k.digestsTo(a)
			if len(ds) != 2 || !strings.Contains(ds[0].Text, "Lab Chemist") {
				t.Errorf("%s: %d digests, newest %.200q", a, len(ds), ds[0].Text)
			}
		}
	})
}

func TestAlertUnsubscribeOneClickWithoutLoginOrCSRF(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		k := newAlertKit(t, h, "alpha")
		const addr = "uma@example.com"
		k.subscribeConfirmed(addr, map[string]any{"query": "chemist", "frequency": "daily"})
		k.subscribe(map[string]any{"email": addr, "query": "biologist", "frequency": "weekly"})
		k.mp.WaitTo(addr, 2, 10*time.Second)
		k.confirm(addr)
		k.publish("Chemist", nil)
		k.publish("Biologist", map[string]any{"description": "Cell culture and microscopy."})
		if res := k.pass(time.Now().UTC().Add(8 * 24 * time.Hour)); res.Sent != 2 {
			t.Fatalf("digests: %+v, want 2 sent", res)
		}
		var chem, bio mailpittest.Message
		for _, d := range k.digestsTo(addr) {
			if strings.Contains(d.Subject, "chemist") {
				chem = d
			} else {
				bio = d
			}
		}
		m := unsubscribeLink.FindStringSubmatch(chem.Header("List-Unsubscribe"))
		if m == nil {
			t.Fatalf("List-Unsubscribe %q", chem.Header("List-Unsubscribe"))
		}
		path := m[2]

		// Another board does not know the link; a tampered one is refused.
		other := newAlertBoard(t, h, k.mp, k.smtp, "beta")
		oneClick := func(host, p string) response {
			c := h.client(host) // no session, no CSRF cookie or token
			return c.do(http.MethodPost, p, strings.NewReader("List-Unsubscribe=One-Click"),
				map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		}
		if r := oneClick(other.board.Host, path); r.StatusCode != http.StatusNotFound {
			t.Fatalf("board A's unsubscribe link on board B: %d, want 404", r.StatusCode)
		}
		if r := oneClick(k.board.Host, path[:len(path)-2]+"xx"); r.StatusCode != http.StatusNotFound {
			t.Fatalf("tampered unsubscribe link: %d, want 404", r.StatusCode)
		}
		// The GET page only asks.
		if r := h.client(k.board.Host).get(path); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Unsubscribe</button>") {
			t.Fatalf("unsubscribe page: %d %.300s", r.StatusCode, r.body)
		}
		if n := alertRows(t, h, "alerts", k.board.ID); n != 2 {
			t.Fatalf("opening the unsubscribe page removed an alert: %d left", n)
		}

		r := oneClick(k.board.Host, path)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.body, "You are unsubscribed") {
			t.Fatalf("one-click unsubscribe: %d %.300s", r.StatusCode, r.body)
		}
		if r := oneClick(k.board.Host, path); r.StatusCode != http.StatusOK {
			t.Fatalf("unsubscribing twice: %d", r.StatusCode)
		}
		// Only that subscription is gone: the manage page lists the other.
		mm := manageLink.FindStringSubmatch(bio.Text)
		page := h.client(k.board.Host).get("/alerts/manage/" + mm[1])
		if page.StatusCode != http.StatusOK || strings.Contains(page.body, "chemist") || !strings.Contains(page.body, "biologist") {
			t.Fatalf("manage page after unsubscribing: %d %.600s", page.StatusCode, page.body)
		}
		if n := alertRows(t, h, "alerts", k.board.ID); n != 1 {
			t.Fatalf("alerts left: %d, want 1", n)
		}
		// The exemption is that route only: other forms still need a token.
		if r := h.client(k.board.Host).do(http.MethodPost, "/alerts", strings.NewReader("email=x%40example.com&frequency=daily"),
			map[string]string{"Content-Type": "application/x-www-form-urlencoded"}); r.StatusCode != http.StatusForbidden {
			t.Fatalf("subscribe form without a CSRF token: %d, want 403", r.StatusCode)
		}

		// Removing from the manage page works with the page's form.
		c := h.client(k.board.Host)
		var id string
		if err := h.db.NewSelect().TableExpr("alerts").Column("id").Where("tenant_id = ?", k.board.ID).Scan(context.Background(), &id); err != nil {
			t.Fatal(err)
		}
		manage := "/alerts/manage/" + mm[1]
		if r := c.postForm(manage, manage+"/"+id+"/remove", url.Values{}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("remove from the manage page: %d %.300s", r.StatusCode, r.body)
		}
		if n := alertRows(t, h, "alerts", k.board.ID); n != 0 {
			t.Fatalf("alerts left after removing: %d", n)
		}
	})
}

func TestAlertBadInputNamesTheField(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("alpha")
		c := h.client(f.Host)
		long := strings.Repeat("x", alert.MaxTextLength+1)
		cases := []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"invalid email", map[string]any{"email": "not-an-address", "frequency": "daily"}, "email"},
			{"missing email", map[string]any{"frequency": "daily"}, "email"},
			{"unknown frequency", map[string]any{"email": "a@example.com", "frequency": "hourly"}, "frequency"},
			{"oversized query", map[string]any{"email": "a@example.com", "frequency": "daily", "query": long}, "query"},
			{"unknown workplace", map[string]any{"email": "a@example.com", "frequency": "daily", "workplace": "moon"}, "workplace"},
			{"negative salary", map[string]any{"email": "a@example.com", "frequency": "daily", "min_salary": -1}, "min_salary"},
			{"salary of the wrong type", map[string]any{"email": "a@example.com", "frequency": "daily", "min_salary": "lots"}, "min_salary"},
		}
		for _, tc := range cases {
			r := c.postJSON("/api/v1/alerts", tc.body, nil)
			if r.StatusCode != http.StatusBadRequest || r.errorField(t, tc.field) == "" {
				t.Errorf("%s: %d %s, want 400 naming %s", tc.name, r.StatusCode, r.body, tc.field)
			}
		}
		// Every wrong field at once.
		r := c.postJSON("/api/v1/alerts", map[string]any{"email": "nope", "frequency": "yearly", "query": long}, nil)
		for _, fld := range []string{"email", "frequency", "query"} {
			if r.errorField(t, fld) == "" {
				t.Errorf("all at once: %s not named in %s", fld, r.body)
			}
		}
		if r := c.do(http.MethodPost, "/api/v1/alerts", strings.NewReader("email=a"), map[string]string{"Content-Type": "text/plain"}); r.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("non-JSON body: %d, want 415", r.StatusCode)
		}
		// The HTML form answers 400 with the message next to the field.
		form := c.postForm("/alerts/new", "/alerts", url.Values{"email": {"nope"}, "frequency": {"hourly"}, "query": {"chemist"}})
		if form.StatusCode != http.StatusBadRequest || !strings.Contains(form.body, `id="email-error"`) || !strings.Contains(form.body, `id="frequency-error"`) ||
			!strings.Contains(form.body, `value="chemist"`) {
			t.Errorf("form with bad input: %d %.1500s", form.StatusCode, form.body)
		}
		if n := alertRows(t, h, "alerts", f.ID); n != 0 {
			t.Errorf("bad input stored %d alerts", n)
		}
		if n := len(h.mails.Messages()); n != 0 {
			t.Errorf("bad input mailed %d messages", n)
		}
	})
}

func TestAlertDigestsNeverIncludeAnotherBoardsJobs(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		a := newAlertKit(t, h, "alpha")
		b := newAlertBoard(t, h, a.mp, a.smtp, "beta")
		const addr = "cat@example.com"
		a.subscribeConfirmed(addr, map[string]any{"query": "chemist", "frequency": "instant"})
		own := a.publish("Chemist Alpha", nil)
		foreign := b.publish("Chemist Beta", nil)
		if res := a.pass(time.Now().UTC().Add(10 * time.Minute)); res.Sent != 1 {
			t.Fatalf("pass: %+v", res)
		}
		ds := a.digestsTo(addr)
		if len(ds) != 1 {
			t.Fatalf("digests: %d", len(ds))
		}
		if !strings.Contains(ds[0].Text, own["id"].(string)) {
			t.Errorf("digest misses the board's own job:\n%s", ds[0].Text)
		}
		if strings.Contains(ds[0].Text, foreign["id"].(string)) || strings.Contains(ds[0].Text, "Chemist Beta") || strings.Contains(ds[0].Text, b.board.Host) {
			t.Errorf("digest of board A lists board B's job:\n%s", ds[0].Text)
		}
		// Board A's manage link means nothing on board B.
		mm := manageLink.FindStringSubmatch(ds[0].Text)
		if r := h.client(b.board.Host).get("/alerts/manage/" + mm[1]); r.StatusCode != http.StatusNotFound {
			t.Errorf("board A's manage link on board B: %d, want 404", r.StatusCode)
		}
		if n := alertRows(t, h, "alerts", b.board.ID); n != 0 {
			t.Errorf("board B has %d alerts", n)
		}
	})
}

func TestAlertFailingSMTPKeepsTheDigestPendingWithBackoff(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		k := newAlertKit(t, h, "alpha")
		const addr = "dan@example.com"
		k.subscribeConfirmed(addr, map[string]any{"query": "chemist", "frequency": "daily"})
		k.publish("Chemist", nil)

		// A mail server that refuses connections: a port that was free.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		closed := ln.Addr().String()
		_ = ln.Close()
		broken, err := mail.NewSMTP("smtp://"+closed, "no-reply@"+testBaseDomain)
		if err != nil {
			t.Fatal(err)
		}
		var logs bytes.Buffer
		var logMu sync.Mutex
		logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &logMu}, nil))

		at := nextDay().Truncate(time.Second)
		res, err := k.worker(at, broken, logger).RunPass(context.Background())
		if err != nil || res.Prepared != 1 || res.Sent != 0 || res.Retrying != 1 {
			t.Fatalf("pass with a broken mail server: %+v, %v", res, err)
		}
		logMu.Lock()
		logged := logs.String()
		logMu.Unlock()
		if !strings.Contains(logged, "will retry") || !strings.Contains(logged, closed) {
			t.Errorf("the failure is not logged: %s", logged)
		}
		ds := deliveriesOf(t, h, k.board.ID)
		if len(ds) != 1 {
			t.Fatalf("deliveries: %d", len(ds))
		}
		d := ds[0]
		if d.Status != alert.DeliveryPending || d.Attempts != 1 || d.LastError == "" || !d.NextAttemptAt.Equal(at.Add(alert.Backoff(1))) {
			t.Fatalf("after a failed send: status %s, attempts %d, next %s (want %s), error %q", d.Status, d.Attempts, d.NextAttemptAt, at.Add(alert.Backoff(1)), d.LastError)
		}
		// Before the backoff ends nothing is tried; a second failure doubles it.
		if res, _ := k.worker(at.Add(30*time.Second), broken, logger).RunPass(context.Background()); res.Retrying+res.Sent != 0 {
			t.Fatalf("retried before the backoff ended: %+v", res)
		}
		at2 := at.Add(alert.Backoff(1))
		if res, _ := k.worker(at2, broken, logger).RunPass(context.Background()); res.Retrying != 1 {
			t.Fatalf("second attempt: %+v", res)
		}
		if d := deliveriesOf(t, h, k.board.ID)[0]; d.Attempts != 2 || !d.NextAttemptAt.Equal(at2.Add(2*time.Minute)) {
			t.Fatalf("after two failures: attempts %d, next %s", d.Attempts, d.NextAttemptAt)
		}
		if n := len(k.digestsTo(addr)); n != 0 {
			t.Fatalf("digests through a broken server: %d", n)
		}

		// The server is back: a later pass sends it, once.
		later := at2.Add(3 * time.Minute)
		if res := k.pass(later); res.Sent != 1 || res.Prepared != 0 {
			t.Fatalf("pass with the server back: %+v", res)
		}
		if res := k.pass(later.Add(time.Hour)); res.Sent != 0 {
			t.Fatalf("sent again: %+v", res)
		}
		if d := deliveriesOf(t, h, k.board.ID)[0]; d.Status != alert.DeliverySent || d.SentAt == nil || d.Attempts != 3 {
			t.Fatalf("after sending: %+v", d)
		}
		if n := len(k.digestsTo(addr)); n != 1 {
			t.Fatalf("digests: %d, want 1", n)
		}
	})
}

// lockedWriter serialises writes of concurrent loggers.
type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// deliveriesOf lists a board's deliveries through the repository.
func deliveriesOf(t *testing.T, h *harness, tenant string) []alert.Delivery {
	t.Helper()
	var ids []string
	if err := h.db.NewSelect().TableExpr("alerts").Column("id").Where("tenant_id = ?", tenant).Scan(context.Background(), &ids); err != nil {
		t.Fatal(err)
	}
	var out []alert.Delivery
	for _, id := range ids {
		ds, err := store.NewAlerts(h.db).Deliveries(context.Background(), domain.TenantID(tenant), id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ds...)
	}
	return out
}

func TestAlertJobsPageCarriesTheSearchIntoItsForm(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		k := newAlertKit(t, h, "alpha")
		c := h.client(k.board.Host)
		page := "/jobs?q=chemist&workplace=remote&min_salary=50000"
		r := c.get(page)
		for _, want := range []string{`action="/alerts"`, `name="query" value="chemist"`, `name="workplace" value="remote"`, `name="min_salary" value="50000"`,
			`<label for="alert-email">`, `<label for="alert-frequency">`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("jobs page lacks %s", want)
			}
		}
		sent := c.postForm(page, "/alerts", url.Values{"email": {"eve@example.com"}, "frequency": {"weekly"}, "query": {"chemist"},
			"workplace": {"remote"}, "min_salary": {"50000"}})
		if sent.StatusCode != http.StatusOK || !strings.Contains(sent.body, "Check your inbox") {
			t.Fatalf("subscribe form: %d %.400s", sent.StatusCode, sent.body)
		}
		ms := k.mp.WaitTo("eve@example.com", 1, 10*time.Second)
		m := k.mp.Message(ms[0].ID)
		if m.From.Name != "Alpha Jobs" || !strings.Contains(m.Text, "remote") || !confirmLink.MatchString(m.Text) {
			t.Fatalf("confirmation mail: from %q\n%s", m.From.Name, m.Text)
		}
		// The full form shows the same search without JavaScript.
		if r := c.get("/alerts/new?q=chemist"); r.StatusCode != http.StatusOK || !strings.Contains(r.body, `value="chemist"`) {
			t.Fatalf("alert form: %d", r.StatusCode)
		}
	})
}

// One client cannot make the board mail strangers: subscriptions are
// limited per client address, and a refused one writes nothing, so the
// links already mailed keep working.
func TestAlertSubscriptionsAreLimitedPerClient(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("acme")
		spammer := h.client(f.Host)
		spammer.ip = "203.0.113.7"
		for i := range appalert.MaxSubscribesPerClientHour {
			body := map[string]any{"email": fmt.Sprintf("stranger%d@example.org", i), "frequency": "daily"}
			if r := spammer.postJSON("/api/v1/alerts", body, nil); r.StatusCode != http.StatusAccepted {
				t.Fatalf("subscription %d: %d %s", i, r.StatusCode, r.body)
			}
		}
		sent := len(h.mails.Messages())
		r := spammer.postJSON("/api/v1/alerts", map[string]any{"email": "one.more@example.org", "frequency": "daily"}, nil)
		if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Fatalf("subscription past the limit: %d %s", r.StatusCode, r.body)
		}
		if len(h.mails.Messages()) != sent {
			t.Error("a refused subscription mailed someone")
		}
		if n := billingCount(t, h, "SELECT count(*) FROM alert_subscribers WHERE tenant_id = ? AND email = ?", f.ID, "one.more@example.org"); n != 0 {
			t.Errorf("a refused subscription stored %d subscriber rows", n)
		}
		other := h.client(f.Host)
		other.ip = "198.51.100.9"
		if r := other.postJSON("/api/v1/alerts", map[string]any{"email": "one.more@example.org", "frequency": "daily"}, nil); r.StatusCode != http.StatusAccepted {
			t.Errorf("another client: %d %s", r.StatusCode, r.body)
		}
	})
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/infra/mail"
	"github.com/jobboard/jobboard/infra/mail/mailpittest"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
	"github.com/jobboard/jobboard/infra/system"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// The browser journeys drive Debian's Chromium against the real server on
// a loopback port. Without Chromium they skip, so that make test passes on
// a bare machine; .ci/run installs it.

// chromiumPath finds the browser: CHROMIUM_PATH, or the usual names.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// journeyWidths are the viewport widths every key page is checked at.
var journeyWidths = []int64{1280, 390}

// screenshotDir is where the journeys leave their screenshots: the
// JOURNEY_SCREENSHOTS folder, or screenshots/journeys at the repository
// root. It is printed once per test binary.
var screenshotDir = sync.OnceValue(func() string {
	dir := os.Getenv("JOURNEY_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "screenshots", "journeys")
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	_ = os.MkdirAll(dir, 0o755)
	fmt.Fprintf(os.Stderr, "browser journeys: screenshots in %s\n", dir)
	return dir
})

// journey is a running server with a fresh database and a browser.
type journey struct {
	t     *testing.T
	env   *systemtest.Env
	port  string
	alloc context.Context
}

// newJourney starts the server on a free loopback port with the boards on
// <slug>.localhost, which Chromium resolves to loopback by itself, and one
// headless Chromium for the test. extra adds environment values.
func newJourney(t *testing.T, extra map[string]string) *journey {
	t.Helper()
	if testing.Short() {
		t.Skip("browser journeys skipped in -short mode")
	}
	path := chromiumPath()
	if path == "" {
		t.Skip("browser journeys skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	// ADDR is the real address, so links in mails lead back here.
	env := map[string]string{"BASE_DOMAIN": "localhost", "ADDR": ln.Addr().String()}
	for k, v := range extra {
		env[k] = v
	}
	sys := systemtest.Build(t, storetest.Open(t, store.SQLite), env, system.Options{Clock: systemtest.NewRunningClock()})
	srv, err := sys.WebServer(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.App().Listener(ln) }()
	t.Cleanup(func() { _ = srv.App().ShutdownWithTimeout(5 * time.Second) })

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 900))
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	// The first context starts the browser; each person gets a browser
	// context of their own inside it.
	root, cancelRoot := chromedp.NewContext(alloc)
	t.Cleanup(cancelRoot)
	if err := chromedp.Do(root); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &journey{t: t, env: sys, port: port, alloc: root}
}

// url is the address of path on a board.
func (j *journey) url(slug, path string) string {
	return "http://" + slug + ".localhost:" + j.port + path
}

// person is one browser profile (its own cookies) visiting one board.
type person struct {
	j    *journey
	t    *testing.T
	ctx  context.Context
	slug string
	name string // used in screenshot names
}

// newPerson opens a fresh browser context: nobody else's cookies.
func (j *journey) newPerson(slug, name string) *person {
	ctx, cancel := chromedp.NewContext(j.alloc, chromedp.WithNewBrowserContext())
	j.t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	j.t.Cleanup(cancelTimeout)
	p := &person{j: j, t: j.t, ctx: ctx, slug: slug, name: name}
	p.do(chromedp.EmulateViewport(1280, 900))
	return p
}

// do runs browser steps and fails the test on error.
func (p *person) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", p.name, err)
	}
}

// open loads a board path and waits for the page.
func (p *person) open(path string) {
	p.t.Helper()
	p.do(chromedp.Navigate(p.j.url(p.slug, path)), chromedp.WaitReady("body"))
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](p *person, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("%s: evaluate %s: %v", p.name, expr, err)
	}
	return v
}

// path returns the current location's path and query.
func (p *person) path() string {
	p.t.Helper()
	return eval[string](p, "location.pathname + location.search")
}

// text returns the visible text of the page.
func (p *person) text() string {
	p.t.Helper()
	return eval[string](p, "document.body.innerText")
}

// setValue sets a form control's value as the browser's own code would.
func (p *person) setValue(sel, value string) {
	p.t.Helper()
	s, _ := json.Marshal(sel)
	v, _ := json.Marshal(value)
	if !eval[bool](p, fmt.Sprintf(`(() => { const el = document.querySelector(%s); if (!el) return false;
		el.value = %s; el.dispatchEvent(new Event('change', {bubbles: true})); return el.value === %s; })()`, s, v, v)) {
		p.t.Fatalf("%s: cannot set %s to %q on %s", p.name, sel, value, p.path())
	}
}

// fill types into a form control after clearing it.
func (p *person) fill(sel, value string) {
	p.t.Helper()
	p.do(chromedp.WaitVisible(sel))
	p.setValue(sel, "")
	p.do(chromedp.SendKeys(sel, value))
}

// choose selects an option of a select element by its value.
func (p *person) choose(sel, value string) {
	p.t.Helper()
	p.do(chromedp.WaitVisible(sel))
	p.setValue(sel, value)
}

// click clicks and waits for the next page to be ready.
func (p *person) click(sel string) {
	p.t.Helper()
	p.do(chromedp.WaitVisible(sel), chromedp.Click(sel), chromedp.Sleep(150*time.Millisecond), chromedp.WaitReady("body"))
}

// mustSee fails unless the page shows text.
func (p *person) mustSee(what string) {
	p.t.Helper()
	if !strings.Contains(p.text(), what) {
		p.t.Fatalf("%s on %s does not see %q:\n%.1500s", p.name, p.path(), what, p.text())
	}
}

// pressTabUntil presses Tab until the element with id has the focus, as a
// keyboard user moves through a page; it fails when id is never reached.
func (p *person) pressTabUntil(id string) {
	p.t.Helper()
	for range 80 {
		if eval[string](p, "document.activeElement ? document.activeElement.id : ''") == id {
			return
		}
		p.do(chromedp.KeyEvent(kb.Tab))
	}
	p.t.Fatalf("%s: #%s cannot be reached with the Tab key on %s", p.name, id, p.path())
}

// typeKeys types text into whatever has the focus.
func (p *person) typeKeys(text string) {
	p.t.Helper()
	p.do(chromedp.KeyEvent(text))
}

// pressEnter presses Enter and waits for the page that follows.
func (p *person) pressEnter() {
	p.t.Helper()
	p.do(chromedp.KeyEvent(kb.Enter), chromedp.Sleep(200*time.Millisecond), chromedp.WaitReady("body"))
}

// disableJavaScript turns scripts off for this person's pages.
func (p *person) disableJavaScript() {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		p.t.Fatal(err)
	}
}

// unlabelledControls lists the form controls of the page that have no
// accessible label.
func (p *person) unlabelledControls() []string {
	p.t.Helper()
	return eval[[]string](p, `Array.from(document.querySelectorAll('input, select, textarea'))
		.filter(el => el.type !== 'hidden' && !el.closest('[hidden]'))
		.filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
		.map(el => el.outerHTML.slice(0, 120))`)
}

// checkLayout fails when the page scrolls sideways or an element sticks
// out past the viewport at the current width.
func (p *person) checkLayout(label string) {
	p.t.Helper()
	over := eval[[]string](p, `(() => {
		const w = document.documentElement.clientWidth, out = [];
		if (document.documentElement.scrollWidth > w + 1) out.push('page is ' + document.documentElement.scrollWidth + 'px wide in a ' + w + 'px viewport');
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
			if (r.width === 0 || cs.visibility === 'hidden' || el.closest('.visually-hidden, .skip, .table-scroll, pre')) continue;
			if (r.right > w + 1) out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ends at ' + Math.round(r.right) + 'px');
			if (out.length > 5) break;
		}
		return out;
	})()`)
	if len(over) > 0 {
		p.t.Errorf("%s: layout overflows: %s", label, strings.Join(over, "; "))
	}
}

// shoot saves full-page screenshots of the current page at every journey
// width and checks the layout at each.
func (p *person) shoot(name string) {
	p.t.Helper()
	for _, w := range journeyWidths {
		p.do(chromedp.EmulateViewport(w, 900), chromedp.Sleep(100*time.Millisecond))
		label := fmt.Sprintf("%s %s at %dpx", p.name, name, w)
		p.checkLayout(label)
		png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			p.t.Fatalf("%s: screenshot: %v", label, err)
		}
		test := strings.ReplaceAll(strings.TrimPrefix(p.t.Name(), "TestJourney"), "/", "-")
		file := filepath.Join(screenshotDir(), fmt.Sprintf("%s-%s-%s-%d.png", test, p.name, name, w))
		if err := os.WriteFile(file, png, 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
	p.do(chromedp.EmulateViewport(1280, 900))
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(timeout time.Duration, cond func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := cond()
		if ok || err != nil {
			return err
		}
		if time.Now().After(deadline) {
			return errors.New("timed out")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// mailpit starts a mail server for the journey and sends the messages
// pick chooses through it over SMTP, so the journey reads them as a person
// would; the rest stay with the recorder.
func (j *journey) mailpit(pick func(app.Message) bool) *mailpittest.Server {
	j.t.Helper()
	mp := mailpittest.Start(j.t)
	smtp, err := mail.NewSMTP(mp.SMTPURL(), "no-reply@localhost")
	if err != nil {
		j.t.Fatal(err)
	}
	j.env.RouteMail(smtp, pick)
	return mp
}

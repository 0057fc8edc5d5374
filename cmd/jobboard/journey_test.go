package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	appboard "github.com/jobboard/jobboard/app/board"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/infra/secure"
	"github.com/jobboard/jobboard/infra/system/systemtest"
	"github.com/oauth2-proxy/mockoidc"
)

// journeyBoard creates a board for a journey through the use case; the
// browser finds it on <slug>.localhost.
func journeyBoard(t *testing.T, j *journey, slug string) systemtest.Board {
	t.Helper()
	return j.env.NewBoard(t, slug)
}

// journeyPosting is a valid posting titled title in category.
func journeyPosting(title, category string) appjob.PostingInput {
	in := systemtest.Posting(title)
	in.Category = category
	return in
}

// savedPosting is what the employer's job id holds now, as its team sees it.
func savedPosting(t *testing.T, j *journey, b systemtest.Board, team systemtest.Employer, id string) job.Posting {
	t.Helper()
	got, _, err := j.env.Jobs.Manage(context.Background(), b.Tenant, app.UserActor(team.UserID), id)
	if err != nil {
		t.Fatalf("job %s: %v", id, err)
	}
	return got.Snapshot().Posting
}

var idInPath = regexp.MustCompile(`/([0-9a-f-]{36})(?:/|$)`)

// idFrom returns the first id in a path such as /employer/jobs/ID.
func idFrom(t *testing.T, path string) string {
	t.Helper()
	m := idInPath.FindStringSubmatch(path)
	if m == nil {
		t.Fatalf("no id in %s", path)
	}
	return m[1]
}

// signUp creates an account with the sign-up form, confirms the address
// from the link mailed to it and signs in, as a person does.
func (p *person) signUp(name, email string) {
	p.t.Helper()
	if !strings.HasPrefix(p.path(), "/signup") {
		p.open("/signup")
	}
	p.fill("#name", name)
	p.fill("#email", email)
	p.fill("#password", "a long and private passphrase")
	p.click(`form[action="/signup"] button[type="submit"]`)
	if p.path() != "/check-email" {
		p.t.Fatalf("%s could not sign up: %.500s", p.name, p.text())
	}
	p.confirmFromMail(email)
	p.fill("#email", email)
	p.fill("#password", "a long and private passphrase")
	p.click(`form[action="/login"] button[type="submit"]`)
	if strings.HasPrefix(p.path(), "/login") {
		p.t.Fatalf("%s could not sign in after confirming: %.500s", p.name, p.text())
	}
}

// confirmFromMail follows the newest confirmation link mailed to email and
// confirms; the board then asks to sign in.
func (p *person) confirmFromMail(email string) {
	p.t.Helper()
	link := systemtest.LinkIn(p.j.env.Mails.Messages(), email, "", "/verify-email")
	if link == nil {
		p.t.Fatalf("no confirmation link mailed to %s", email)
	}
	p.do(chromedp.Navigate(link.String()), chromedp.WaitReady("body"))
	p.click(`form[action="/verify-email"] button[type="submit"]`)
	if !strings.HasPrefix(p.path(), "/login") {
		p.t.Fatalf("%s: confirming the address did not lead to sign-in: %.500s", p.name, p.text())
	}
}

// signIn uses the login form.
func (p *person) signIn(email, password string) {
	p.t.Helper()
	p.open("/login")
	p.fill("#email", email)
	p.fill("#password", password)
	p.click(`form[action="/login"] button[type="submit"]`)
	if strings.HasPrefix(p.path(), "/login") {
		p.t.Fatalf("%s could not sign in: %.500s", p.name, p.text())
	}
}

func TestJourneyEmployerFeaturesAJobAndAModeratorApprovesIt(t *testing.T) {
	t.Parallel()
	j := newJourney(t, nil)
	f := journeyBoard(t, j, "acme")
	// This board publishes profiles at once and reviews jobs.
	j.env.Configure(t, f, func(in *appboard.SettingsInput) { in.ReviewProfiles = false })
	j.env.NewStaff(t, f, "mia@acme.example", "moderator")

	emp := j.newPerson("acme", "employer")
	emp.open("/signup")
	emp.shoot("signup")
	emp.signUp("Erin Employer", "erin@helix.example")

	// The company, with a logo.
	emp.open("/employer/companies/new")
	emp.fill("#name", "Helix Labs")
	emp.choose("#sector", "Biotechnology")
	emp.fill("#location", "Basel, Switzerland")
	emp.fill("#description", "We build **assays** for rare diseases.")
	emp.click(`form[action="/employer/companies"] button[type="submit"]`)
	companyID := idFrom(t, emp.path())
	logo := filepath.Join(t.TempDir(), "logo.png")
	if err := os.WriteFile(logo, systemtest.PNG(t, 240, 120), 0o644); err != nil {
		t.Fatal(err)
	}
	emp.do(chromedp.SetUploadFiles(`form[action="/employer/companies/`+companyID+`/logo"] input[type="file"]`, []string{logo}))
	emp.click(`form[action="/employer/companies/` + companyID + `/logo"] button[type="submit"]`)
	emp.mustSee("The logo is updated")
	emp.click(`form[action="/employer/companies/` + companyID + `/submit"] button[type="submit"]`)
	emp.shoot("company")

	// The job.
	emp.open("/employer/companies/" + companyID + "/jobs/new")
	emp.fill("#title", "Assay Development Scientist")
	emp.fill("#description", "Design and validate **ELISA** assays.\n\n- PhD in biochemistry\n- 3 years in industry")
	emp.choose("#employment_type", "FULL_TIME")
	emp.choose("#category", "Research & Development")
	emp.click(`input[name="workplace"][value="hybrid"]`)
	emp.fill("#locations", "Basel, Switzerland")
	emp.fill("#apply_url", "https://helix.example/careers/assay")
	emp.shoot("job-form")
	emp.click(`form[action="/employer/companies/` + companyID + `/jobs"] button[type="submit"]`)
	jobID := idFrom(t, emp.path())
	emp.click(`form[action="/employer/jobs/` + jobID + `/submit"] button[type="submit"]`)
	emp.mustSee("pending")

	// The featured upgrade, paid through the test gateway.
	emp.click(`form[action="/employer/jobs/` + jobID + `/buy"]:has(input[value="featured"]) button`)
	if !strings.HasPrefix(emp.path(), "/billing/dev-checkout/") {
		t.Fatalf("featured upgrade went to %s, want the test payment page", emp.path())
	}
	emp.mustSee("test")
	emp.shoot("test-payment")
	emp.click(`form[action$="/pay"] button[type="submit"]`)
	emp.mustSee("payment received")
	emp.open("/employer/companies/" + companyID + "/jobs")
	emp.mustSee("featured")
	emp.shoot("dashboard-jobs")

	// The moderator approves it from the queue.
	mod := j.newPerson("acme", "moderator")
	mod.signIn("mia@acme.example", "passphrase for mia@acme.example")
	mod.open("/admin/moderation")
	mod.mustSee("Assay Development Scientist")
	mod.shoot("queue")
	mod.click(`form[action="/admin/moderation/jobs/` + jobID + `/approve"] button[type="submit"]`)
	mod.mustSee("approved")

	// It is first on the home page and fills the widget.
	visitor := j.newPerson("acme", "visitor")
	visitor.open("/")
	first := eval[string](visitor, `(document.querySelector('#featured-heading ~ * .job-card h3') || {}).innerText || ''`)
	if !strings.Contains(first, "Assay Development Scientist") {
		t.Errorf("first featured job on the home page is %q", first)
	}
	latest := eval[string](visitor, `(document.querySelector('.job-card h3') || {}).innerText || ''`)
	if !strings.Contains(latest, "Assay Development Scientist") {
		t.Errorf("first job on the home page is %q", latest)
	}
	visitor.shoot("home")
	visitor.open("/embed/featured-jobs")
	visitor.mustSee("Assay Development Scientist")
	visitor.mustSee("Helix Labs")
	visitor.shoot("widget")
	emp.open("/employer/companies/" + companyID + "/jobs")
	if got := eval[string](emp, `document.querySelector('.badge.premium') ? document.querySelector('.badge.premium').innerText : ''`); got != "featured" {
		t.Errorf("dashboard badge after approval: %q, want featured", got)
	}
}

func TestJourneyKeyboardOnlyForms(t *testing.T) {
	t.Parallel()
	j := newJourney(t, nil)
	f := journeyBoard(t, j, "acme")
	team := j.env.NewEmployer(t, f, "kai@nova.example", "Nova Pharma")

	// Every control of the forms has a label.
	look := j.newPerson("acme", "reader")
	for _, path := range []string{"/signup", "/login", "/jobs"} {
		look.open(path)
		if bare := look.unlabelledControls(); len(bare) > 0 {
			t.Errorf("%s has controls without a label: %v", path, bare)
		}
	}

	// A mistake is announced next to its field, and the summary takes the
	// focus so that a screen reader reads it.
	k := j.newPerson("acme", "keyboard")
	k.open("/signup")
	k.pressTabUntil("name")
	k.typeKeys("Kim Keys")
	k.pressTabUntil("email")
	k.typeKeys("not-an-address")
	k.pressTabUntil("password")
	k.typeKeys("a long and private passphrase")
	k.pressEnter()
	if got := eval[bool](k, `(() => { const e = document.getElementById('email'), m = document.getElementById('email-error');
		return !!m && e.getAttribute('aria-invalid') === 'true' && e.getAttribute('aria-describedby').split(' ').includes('email-error') && m.parentElement === e.parentElement; })()`); !got {
		t.Errorf("the e-mail error is not announced next to its field: %.800s", k.text())
	}
	if role := eval[string](k, `(document.getElementById('error-summary') || {getAttribute: () => ''}).getAttribute('role')`); role != "alert" {
		t.Errorf("error summary role %q, want alert", role)
	}
	k.shoot("signup-error")
	k.pressTabUntil("email")
	k.do(chromedp.KeyEvent("\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b"))
	k.typeKeys("kim@keys.example")
	k.pressTabUntil("password")
	k.typeKeys("a long and private passphrase")
	k.pressEnter()
	if k.path() != "/check-email" {
		t.Fatalf("keyboard sign-up did not go through: %.800s", k.text())
	}
	k.mustSee("we sent a link to kim@keys.example")
	k.shoot("check-email")

	// The job form, by keyboard, as the team's member.
	emp := j.newPerson("acme", "keyboard-employer")
	emp.open("/login")
	emp.pressTabUntil("email")
	emp.typeKeys("kai@nova.example")
	emp.pressTabUntil("password")
	emp.typeKeys("passphrase for kai@nova.example")
	emp.pressEnter()
	emp.open("/employer/companies/" + team.CompanyID + "/jobs/new")
	if bare := emp.unlabelledControls(); len(bare) > 0 {
		t.Errorf("the job form has controls without a label: %v", bare)
	}
	emp.pressTabUntil("title")
	emp.typeKeys("Keyboard Chemist")
	emp.pressTabUntil("description")
	emp.typeKeys("Analyse samples by **HPLC**.")
	emp.pressTabUntil("employment_type")
	emp.typeKeys("Full")
	emp.pressTabUntil("category")
	emp.typeKeys("Clinical")
	emp.pressTabUntil("locations")
	emp.typeKeys("Basel, Switzerland")
	emp.pressTabUntil("apply_url")
	emp.typeKeys("https://nova.example/jobs/chemist")
	emp.pressEnter()
	if !strings.HasPrefix(emp.path(), "/employer/jobs/") {
		t.Fatalf("keyboard job form did not save: %s %.1500s", emp.path(), emp.text())
	}
	got := savedPosting(t, j, f, team, idFrom(t, emp.path()))
	if got.Title != "Keyboard Chemist" || got.EmploymentType != "FULL_TIME" || got.Category != "Clinical" {
		t.Errorf("job saved from the keyboard: %q %q %q", got.Title, got.EmploymentType, got.Category)
	}
}

func TestJourneyWithoutJavaScript(t *testing.T) {
	t.Parallel()
	j := newJourney(t, nil)
	f := journeyBoard(t, j, "acme")
	team := j.env.NewEmployer(t, f, "noa@nova.example", "Nova Pharma")
	j.env.PublishedJob(t, f, team, journeyPosting("Stability Chemist", "Quality"))
	j.env.PublishedJob(t, f, team, journeyPosting("Clinical Monitor", "Clinical"))

	p := j.newPerson("acme", "no-js")
	p.disableJavaScript()
	p.open("/jobs")
	p.fill("#q", "chemist")
	p.pressEnter()
	if !strings.Contains(p.path(), "q=chemist") {
		t.Fatalf("search without JavaScript went to %s", p.path())
	}
	p.mustSee("Stability Chemist")
	if strings.Contains(p.text(), "Clinical Monitor") {
		t.Error("search without JavaScript shows a job that does not match")
	}
	p.shoot("search")
	p.click(`.job-card h3 a`)
	p.mustSee("Apply now")
	p.shoot("job")

	p.signIn("noa@nova.example", "passphrase for noa@nova.example")
	p.open("/employer/companies/" + team.CompanyID + "/jobs/new")
	p.fill("#title", "No Script Analyst")
	p.fill("#description", "Works without scripts.")
	p.choose("#employment_type", "PART_TIME")
	p.choose("#category", "Quality")
	p.fill("#locations", "Lyon, France")
	p.fill("#apply_url", "https://nova.example/jobs/analyst")
	p.click(`form[action="/employer/companies/` + team.CompanyID + `/jobs"] button[type="submit"]`)
	if !strings.HasPrefix(p.path(), "/employer/jobs/") {
		t.Fatalf("job form without JavaScript: %s %.1000s", p.path(), p.text())
	}
	got := savedPosting(t, j, f, team, idFrom(t, p.path()))
	if got.Title != "No Script Analyst" || got.EmploymentType != "PART_TIME" {
		t.Errorf("job saved without JavaScript: %+v", got)
	}
	if len(got.Locations) != 1 || got.Locations[0] != "Lyon, France" {
		t.Errorf("locations saved from the form: %v, want one place", got.Locations)
	}
}

var alertConfirmLink = regexp.MustCompile(`https?://[^\s]+/alerts/confirm/[A-Za-z0-9_-]+`)

func TestJourneyCandidateSearchesSavesAndSubscribes(t *testing.T) {
	t.Parallel()
	j := newJourney(t, nil)
	mp := j.mailpit(systemtest.AlertMail)
	f := journeyBoard(t, j, "acme")
	team := j.env.NewEmployer(t, f, "hr@nova.example", "Nova Pharma")
	remote := journeyPosting("Remote Biostatistician", "Data & IT")
	remote.Workplace, remote.Locations, remote.ApplicantCountries = "remote", nil, []string{"DE", "FR"}
	j.env.PublishedJob(t, f, team, remote)
	j.env.PublishedJob(t, f, team, journeyPosting("Onsite Biostatistician", "Data & IT"))
	j.env.PublishedJob(t, f, team, journeyPosting("Packaging Operator", "Manufacturing"))

	c := j.newPerson("acme", "candidate")
	c.signUp("Cara Candidate", "cara@mail.example")

	// Search with a filter.
	c.open("/jobs")
	c.fill("#q", "biostatistician")
	c.choose("#workplace", "remote")
	c.click(`form[action="/jobs"] button[type="submit"]`)
	c.mustSee("Remote Biostatistician")
	if strings.Contains(c.text(), "Onsite Biostatistician") || strings.Contains(c.text(), "Packaging Operator") {
		t.Errorf("the remote filter shows other jobs: %.1500s", c.text())
	}
	c.shoot("search")

	// Open the job and save it.
	c.click(`.job-card h3 a`)
	c.mustSee("Remote Biostatistician")
	c.click(`form.save-job button[type="submit"]`)
	c.mustSee("Saved")
	c.shoot("job")
	c.open("/me/saved")
	c.mustSee("Remote Biostatistician")
	c.shoot("saved")

	// Subscribe to the search, and confirm from the e-mail.
	c.open("/jobs?q=biostatistician&workplace=remote")
	c.fill("#alert-email", "cara@mail.example")
	c.choose("#alert-frequency", "weekly")
	c.click(`form[action="/alerts"] button[type="submit"]`)
	c.shoot("alert-sent")
	msgs := mp.WaitTo("cara@mail.example", 1, 10*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("confirmation mails: %d, want 1", len(msgs))
	}
	link := alertConfirmLink.FindString(mp.Message(msgs[0].ID).Text)
	if link == "" || !strings.HasPrefix(link, j.url("acme", "/")) {
		t.Fatalf("no confirmation link on this board in the mail: %q", mp.Message(msgs[0].ID).Text)
	}
	c.do(chromedp.Navigate(link), chromedp.WaitReady("body"))
	c.click(`form[action^="/alerts/confirm/"] button[type="submit"]`)
	c.mustSee("Your alert is on")
	c.shoot("alert-confirmed")
}

var resetLink = regexp.MustCompile(`https?://[^\s]+/reset-password\?token=[A-Za-z0-9_%-]+`)

func TestJourneyForgottenPasswordFromTheMail(t *testing.T) {
	t.Parallel()
	j := newJourney(t, nil)
	mp := j.mailpit(func(m app.Message) bool { return strings.Contains(m.Subject, "password") })
	f := journeyBoard(t, j, "acme")
	team := j.env.NewEmployer(t, f, "hr@nova.example", "Nova Pharma")

	p := j.newPerson("acme", "forgetful")
	p.open("/login")
	p.click(`a[href="/forgot-password"]`)
	p.shoot("forgot-password")
	p.fill("#email", "hr@nova.example")
	p.click(`form[action="/forgot-password"] button[type="submit"]`)
	p.mustSee("a link to set a new password is on its way")

	msgs := mp.WaitTo("hr@nova.example", 1, 10*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("reset mails: %d, want 1", len(msgs))
	}
	link := resetLink.FindString(mp.Message(msgs[0].ID).Text)
	if link == "" || !strings.HasPrefix(link, j.url("acme", "/")) {
		t.Fatalf("no reset link on this board in the mail: %q", mp.Message(msgs[0].ID).Text)
	}
	p.do(chromedp.Navigate(link), chromedp.WaitReady("body"))
	p.fill("#password", "my new and private passphrase")
	p.shoot("reset-password")
	p.click(`form[action="/reset-password"] button[type="submit"]`)
	p.mustSee("Your password is changed")
	p.signIn("hr@nova.example", "my new and private passphrase")
	p.open("/employer/companies/" + team.CompanyID)
	p.mustSee("Nova Pharma")
	p.open("/me/account")
	p.mustSee("hr@nova.example")
	p.shoot("account")

	// The notice of the change arrives too, and the link is spent.
	if msgs := mp.WaitTo("hr@nova.example", 2, 10*time.Second); len(msgs) != 2 {
		t.Errorf("mails after the reset: %d, want the link and the notice", len(msgs))
	}
	p.do(chromedp.Navigate(link), chromedp.WaitReady("body"))
	p.mustSee("This link cannot be used")
}

func TestJourneyOwnerTurnsOnTwoFactor(t *testing.T) {
	t.Parallel()
	j := newJourney(t, nil)
	journeyBoard(t, j, "acme")
	o := j.newPerson("acme", "owner")
	o.signIn("owner@acme.example", "owner password acme")
	o.open("/me/account")
	o.click(`a[href="/me/two-factor"]`)
	o.mustSee("Scan this code with the app")
	o.shoot("two-factor-setup")
	secret := eval[string](o, `document.querySelector('code.secret').textContent`)
	code, err := secure.TOTP{}.Code(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	o.fill("#code", code)
	o.fill("#password", "owner password acme")
	o.click(`form[action="/me/two-factor"] button[type="submit"]`)
	o.mustSee("Save these now")
	o.shoot("two-factor-codes")
	codes := eval[[]string](o, `Array.from(document.querySelectorAll('.recovery-codes code')).map(c => c.textContent)`)
	if len(codes) != 10 {
		t.Fatalf("recovery codes shown: %v", codes)
	}

	// Signing in again asks for the second factor; a recovery code does.
	o.click(`form[action="/logout"] button[type="submit"]`)
	o.open("/login")
	o.fill("#email", "owner@acme.example")
	o.fill("#password", "owner password acme")
	o.click(`form[action="/login"] button[type="submit"]`)
	if p := o.path(); p != "/login/two-factor" {
		t.Fatalf("after the password: %s", p)
	}
	o.shoot("two-factor-login")
	o.fill("#code", codes[0])
	o.click(`form[action="/login/two-factor"] button[type="submit"]`)
	o.mustSee("Welcome back")
	o.open("/admin/moderation")
	if p := o.path(); p != "/admin/moderation" {
		t.Errorf("the owner could not reach the queue: %s", p)
	}
}

func TestJourneyReaderSignsInWithThePublishersAccount(t *testing.T) {
	t.Parallel()
	j := newJourney(t, nil)
	f := journeyBoard(t, j, "acme")
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	err = j.env.Accounts.SetOpenIDProvider(context.Background(), f.Tenant, app.UserActor(f.OwnerID), appaccount.OpenIDInput{
		Issuer: m.Issuer(), ClientID: m.ClientID, ClientSecret: m.ClientSecret, Label: "PharmaTimes"})
	if err != nil {
		t.Fatal(err)
	}
	m.QueueUser(&mockoidc.MockUser{Subject: "reader-1", Email: "rita@pharmatimes.example", EmailVerified: true})

	r := j.newPerson("acme", "reader")
	r.open("/login?next=/me/saved")
	r.shoot("login-with-provider")
	r.click(`a[href^="/login/openid"]`)
	if p := r.path(); p != "/me/saved" {
		t.Fatalf("after the provider: %s %.500s", p, r.text())
	}
	r.open("/me/account")
	r.mustSee("rita@pharmatimes.example")
	r.mustSee("confirmed")
}

func TestJourneyOwnerShapesASalesRole(t *testing.T) {
	t.Parallel()
	j := newJourney(t, nil)
	f := journeyBoard(t, j, "acme")
	j.env.NewUser(t, f, "sam@acme.example")

	o := j.newPerson("acme", "owner")
	o.signIn("owner@acme.example", "owner password acme")
	o.open("/admin/roles")
	if bare := o.unlabelledControls(); len(bare) > 0 {
		t.Errorf("the roles page has controls without a label: %v", bare)
	}
	o.fill("#name", "Sales")
	o.click(`input[name="perm_see_revenue"]`)
	o.click(`input[name="perm_manage_prices"]`)
	o.click(`form[action="/admin/roles"] button[type="submit"]`)
	o.mustSee("The role is saved")
	o.fill(`input[type="email"][id^="email-"]`, "sam@acme.example")
	o.click(`form[action$="/members"] button[type="submit"]`)
	o.mustSee("The role is given")
	o.mustSee("sam@acme.example")
	o.shoot("roles")
	o.open("/admin/sign-in")
	if bare := o.unlabelledControls(); len(bare) > 0 {
		t.Errorf("the sign-in settings have controls without a label: %v", bare)
	}
	o.shoot("sign-in-settings")

	s := j.newPerson("acme", "sales")
	s.signIn("sam@acme.example", "passphrase for sam@acme.example")
	s.open("/admin")
	if p := s.path(); p != "/admin/billing" {
		t.Fatalf("sales lands on %s", p)
	}
	s.shoot("sales-billing")
}

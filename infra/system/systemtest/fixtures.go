package systemtest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	appboard "github.com/jobboard/jobboard/app/board"
	appcompany "github.com/jobboard/jobboard/app/company"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/job"
)

// Board is a board and its owner.
type Board struct {
	Tenant  domain.TenantID
	OwnerID string
}

// NewBoard creates a board with default settings, as the command line does.
func (e *Env) NewBoard(t testing.TB, slug string) Board {
	t.Helper()
	created, err := e.Boards.Create(context.Background(), appboard.System(), appboard.CreateInput{
		Slug: slug, Name: "Board " + slug, OwnerEmail: "owner@" + slug + ".example", OwnerPassword: "owner password " + slug, OwnerName: "Owner",
	})
	if err != nil {
		t.Fatalf("create board %s: %v", slug, err)
	}
	return Board{Tenant: created.Board.ID(), OwnerID: created.Owner.ID()}
}

// Employer is a signed-up user whose company profile is published.
type Employer struct {
	UserID    string
	CompanyID string
}

// NewEmployer signs up email on the board and registers a company that the
// board's owner approves.
func (e *Env) NewEmployer(t testing.TB, b Board, email, companyName string) Employer {
	t.Helper()
	ctx := context.Background()
	u := e.NewUser(t, b, email)
	actor := app.Actor{UserID: u.ID()}
	c, err := e.Companies.Register(ctx, b.Tenant, actor, appcompany.ProfileInput{Name: companyName, Description: "About " + companyName + "."})
	if err != nil {
		t.Fatalf("register %s: %v", companyName, err)
	}
	if _, err := e.Companies.Submit(ctx, b.Tenant, actor, c.ID()); err != nil {
		t.Fatalf("submit %s: %v", companyName, err)
	}
	if _, err := e.Companies.Approve(ctx, b.Tenant, appOwner(b), c.ID()); err != nil {
		t.Fatalf("approve %s: %v", companyName, err)
	}
	return Employer{UserID: u.ID(), CompanyID: c.ID()}
}

// NewStaff signs up email on the board (password "passphrase for " and
// the address) and has it accept the owner's invitation to role
// ("moderator" or "owner"); it returns the user's id.
func (e *Env) NewStaff(t testing.TB, b Board, email, role string) string {
	t.Helper()
	ctx := context.Background()
	u := e.NewUser(t, b, email)
	var token string
	if _, err := e.Boards.InviteStaff(ctx, b.Tenant, appOwner(b), appboard.StaffInviteInput{Email: email, Role: role},
		func(tok string) string { token = tok; return "https://invitation.test/" + tok }); err != nil {
		t.Fatalf("invite %s: %v", email, err)
	}
	if _, err := e.Boards.AcceptStaffInvitation(ctx, b.Tenant, app.UserActor(u.ID()), token); err != nil {
		t.Fatalf("%s accepts the invitation: %v", email, err)
	}
	return u.ID()
}

// NewUser signs up email on the board, with the password "passphrase for "
// and the address; it returns the user.
func (e *Env) NewUser(t testing.TB, b Board, email string) *account.User {
	t.Helper()
	u, err := e.Accounts.Register(context.Background(), b.Tenant, appaccount.SignupInput{Email: email, Password: "passphrase for " + email, Name: strings.Split(email, "@")[0]})
	if err != nil {
		t.Fatalf("sign up %s: %v", email, err)
	}
	return u
}

// appOwner is the board owner acting.
func appOwner(b Board) app.Actor { return app.UserActor(b.OwnerID) }

// Configure changes the board's settings as its owner does.
func (e *Env) Configure(t testing.TB, b Board, change func(*appboard.SettingsInput)) {
	t.Helper()
	ctx := context.Background()
	cur, err := e.Boards.Settings(ctx, b.Tenant, app.UserActor(b.OwnerID))
	if err != nil {
		t.Fatal(err)
	}
	in := appboard.SettingsOf(cur)
	change(&in)
	if _, err := e.Boards.UpdateSettings(ctx, b.Tenant, app.UserActor(b.OwnerID), in); err != nil {
		t.Fatalf("configure the board: %v", err)
	}
}

// Posting is a valid posting of a job titled title.
func Posting(title string) appjob.PostingInput {
	return appjob.PostingInput{Title: title, Description: "We are hiring a **" + title + "**.", EmploymentType: "FULL_TIME",
		Locations: []string{"Basel, Switzerland"}, Workplace: "onsite", Category: "Research & Development", Seniority: "mid",
		Tags: []string{"GMP"}, ApplyURL: "https://careers.example/apply"}
}

// PublishedJob creates a job of the employer's company, submits it and has
// the board's owner approve it.
func (e *Env) PublishedJob(t testing.TB, b Board, emp Employer, in appjob.PostingInput) *job.Job {
	t.Helper()
	ctx := context.Background()
	actor := app.Actor{UserID: emp.UserID}
	j, err := e.Jobs.Create(ctx, b.Tenant, actor, emp.CompanyID, in)
	if err != nil {
		t.Fatalf("create job %q: %v", in.Title, err)
	}
	if _, err := e.Jobs.Submit(ctx, b.Tenant, actor, j.ID()); err != nil {
		t.Fatalf("submit job %q: %v", in.Title, err)
	}
	if j, err = e.Jobs.Approve(ctx, b.Tenant, appOwner(b), j.ID()); err != nil {
		t.Fatalf("approve job %q: %v", in.Title, err)
	}
	return j
}

// Deliver sends a payment notification of type typ about obj, signed as
// the gateway signs them, through the billing service's webhook handler.
// id names the event: the same id is the same notification delivered again.
func (e *Env) Deliver(t testing.TB, id, typ string, obj map[string]any) error {
	t.Helper()
	body, err := json.Marshal(map[string]any{
		"id": id, "object": "event", "type": typ, "api_version": "2023-10-16", "created": time.Now().Unix(),
		"livemode": false, "pending_webhooks": 1, "data": map[string]any{"object": obj},
	})
	if err != nil {
		t.Fatal(err)
	}
	sig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: WebhookSecret, Timestamp: time.Now()}).Header
	return e.Billing.HandleWebhook(context.Background(), body, sig)
}

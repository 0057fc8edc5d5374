package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	appboard "github.com/jobboard/jobboard/app/board"
	appcompany "github.com/jobboard/jobboard/app/company"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/system"
)

// demoLogin is one account the demo seed creates.
type demoLogin struct {
	role, email, name, password string
}

// The demo accounts. Their passwords are printed, so they are for local
// use only.
var (
	demoAdmin  = demoLogin{"platform admin", "admin@example.com", "Ada Admin", "demo-admin-password"}
	demoOwner  = demoLogin{"board owner", "owner@example.com", "Olivia Owner", "demo-owner-password"}
	demoPeople = []demoLogin{
		{"moderator", "moderator@example.com", "Max Moderator", "demo-moderator-password"},
		{"employer", "employer@example.com", "Emma Employer", "demo-employer-password"},
		{"candidate", "candidate@example.com", "Carl Candidate", "demo-candidate-password"},
	}
)

func cmdSeed(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "create the demo board and accounts")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*demo {
		return badUsage("seed: say --demo")
	}
	sys, err := setup(ctx, e, true)
	if err != nil {
		return err
	}
	defer sys.DB.Close()
	if err := seedDemo(ctx, sys); err != nil {
		return err
	}
	printDemo(e, sys.Config.BaseDomain, sys.Config.Addr)
	return nil
}

// seedDemo creates the demo board and accounts; it is safe to run again.
func seedDemo(ctx context.Context, sys *system.System) error {
	_, err := sys.Accounts.CreateAdmin(ctx, appaccount.CreateAdminInput{Email: demoAdmin.email, Password: demoAdmin.password, Name: demoAdmin.name})
	if err != nil && !isConflict(err) {
		return fmt.Errorf("demo admin: %w", err)
	}
	boards := store.NewBoards(sys.DB)
	b, err := boards.BySlug(ctx, "demo")
	fresh := domain.KindOf(err) == domain.KindNotFound
	if fresh {
		created, cerr := sys.Boards.Create(ctx, appboard.System(), appboard.CreateInput{
			Slug: "demo", Name: "PharmaTimes Jobs (demo)", OwnerEmail: demoOwner.email, OwnerPassword: demoOwner.password, OwnerName: demoOwner.name,
		})
		if cerr != nil {
			return fmt.Errorf("demo board: %w", cerr)
		}
		b, err = created.Board, nil
	}
	if err != nil {
		return err
	}
	roles := store.NewRoles(sys.DB)
	for _, p := range demoPeople {
		u, err := sys.Accounts.Register(ctx, b.ID(), appaccount.SignupInput{Email: p.email, Password: p.password, Name: p.name})
		if isConflict(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("demo %s: %w", p.role, err)
		}
		if role := account.Role(p.role); role != account.RoleCandidate {
			if err := roles.Grant(ctx, b.ID(), u.ID(), role); err != nil {
				return err
			}
		}
	}
	if err := sys.Authz.Refresh(ctx); err != nil {
		return err
	}
	if fresh {
		return seedDemoCompanies(ctx, sys, b.ID())
	}
	return nil
}

// demoCompanies are the published profiles of the demo directory.
var demoCompanies = []appcompany.ProfileInput{
	{Name: "Nova Biologics", Website: "https://nova-biologics.example", Sector: "Biotechnology", Location: "Basel, Switzerland", Size: "201-500", FoundedYear: "2004",
		Description: "Nova Biologics develops **antibody therapies** for rare inflammatory diseases.\n\n- Three programmes in clinical trials\n- Labs in Basel and Boston\n- Hybrid working for most roles"},
	{Name: "Helix Diagnostics", Website: "https://helix-dx.example", Sector: "Diagnostics", Location: "Cambridge, UK", Size: "51-200", FoundedYear: "2012",
		Description: "Helix builds rapid molecular tests used in hospitals across Europe. We hire scientists, engineers and regulatory specialists."},
	{Name: "Meridian Clinical Research", Website: "https://meridian-cro.example", Sector: "Contract Research", Location: "Dublin, Ireland", Size: "1001-5000", FoundedYear: "1998",
		Description: "A contract research organisation running phase I–IV trials for sponsors worldwide."},
}

// seedDemoCompanies registers the demo employer's companies and publishes
// them as the board's owner would.
func seedDemoCompanies(ctx context.Context, sys *system.System, tenant domain.TenantID) error {
	users := store.NewUsers(sys.DB)
	emp, err := users.ByEmail(ctx, tenant, domain.Email(demoPeople[1].email))
	if err != nil {
		return err
	}
	owner, err := users.ByEmail(ctx, tenant, domain.Email(demoOwner.email))
	if err != nil {
		return err
	}
	staff := app.UserActor(owner.ID())
	for i, in := range demoCompanies {
		c, err := sys.Companies.Register(ctx, tenant, app.Actor{UserID: emp.ID()}, in)
		if err != nil {
			return fmt.Errorf("demo company %s: %w", in.Name, err)
		}
		if _, err := sys.Companies.Submit(ctx, tenant, app.Actor{UserID: emp.ID()}, c.ID()); err != nil {
			return err
		}
		if _, err := sys.Companies.Approve(ctx, tenant, staff, c.ID()); err != nil {
			return err
		}
		for k, posting := range demoJobs[i] {
			j, err := sys.Jobs.Create(ctx, tenant, app.Actor{UserID: emp.ID()}, c.ID(), posting)
			if err != nil {
				return fmt.Errorf("demo job %s: %w", posting.Title, err)
			}
			if _, err := sys.Jobs.Submit(ctx, tenant, app.Actor{UserID: emp.ID()}, j.ID()); err != nil {
				return err
			}
			if _, err := sys.Jobs.Approve(ctx, tenant, staff, j.ID()); err != nil {
				return err
			}
			if k == 0 {
				until := time.Now().UTC().Add(14 * 24 * time.Hour)
				if _, err := sys.Jobs.Feature(ctx, tenant, staff, j.ID(), appjob.FeatureInput{Until: &until}); err != nil {
					return err
				}
			}
		}
		if i == 0 {
			// One job waits for review, so the moderator's queue shows what
			// a decision looks like.
			j, err := sys.Jobs.Create(ctx, tenant, app.Actor{UserID: emp.ID()}, c.ID(), demoPendingJob)
			if err != nil {
				return fmt.Errorf("demo job %s: %w", demoPendingJob.Title, err)
			}
			if _, err := sys.Jobs.Submit(ctx, tenant, app.Actor{UserID: emp.ID()}, j.ID()); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoPendingJob is the demo's job waiting for review.
var demoPendingJob = appjob.PostingInput{Title: "Regulatory Affairs Associate", EmploymentType: "FULL_TIME", Workplace: "hybrid",
	Locations: []string{"Basel, Switzerland"}, Category: "Regulatory Affairs", Seniority: "entry", ApplyURL: "https://nova-biologics.example/careers/210",
	Description: "Prepare submissions to Swissmedic and the EMA with our regulatory team. Two years of regulatory experience in pharma."}

func salary(minV, maxV int64, cur, period string) *appjob.SalaryInput {
	return &appjob.SalaryInput{Min: &minV, Max: &maxV, Currency: cur, Period: period}
}

// demoJobs are the demo companies' postings, by company.
var demoJobs = [][]appjob.PostingInput{
	{
		{Title: "Senior Scientist, Antibody Discovery", EmploymentType: "FULL_TIME", Workplace: "hybrid", Locations: []string{"Basel, Switzerland"},
			Category: "Research & Development", Seniority: "senior", Tags: []string{"antibodies", "phage display", "ELISA"}, Salary: salary(110000, 135000, "CHF", "YEAR"),
			ApplyURL:    "https://nova-biologics.example/careers/123",
			Description: "Join our discovery team to design **next-generation antibodies**.\n\n## You will\n- Lead phage-display campaigns\n- Mentor two research associates\n\n## You bring\n- PhD in immunology or a related field\n- 5+ years in antibody discovery"},
		{Title: "Clinical Trial Manager", EmploymentType: "FULL_TIME", Workplace: "remote", ApplicantCountries: []string{"CH", "DE", "FR"},
			Category: "Clinical", Seniority: "mid", ApplyEmail: "jobs@nova-biologics.example",
			Description: "Run our phase II programme across European sites. You coordinate CROs, budgets and timelines."},
	},
	{
		{Title: "QA Specialist (GMP)", EmploymentType: "FULL_TIME", Workplace: "onsite", Locations: []string{"Cambridge, UK"},
			Category: "Quality", Seniority: "mid", Tags: []string{"GMP", "ISO 13485"}, Salary: salary(42000, 52000, "GBP", "YEAR"),
			ApplyURL:    "https://helix-dx.example/jobs/qa",
			Description: "Keep our diagnostics manufacturing compliant. Own deviations, CAPAs and internal audits."},
		{Title: "Regulatory Affairs Intern", EmploymentType: "INTERN", Workplace: "hybrid", Locations: []string{"Cambridge, UK"},
			Category: "Regulatory Affairs", Seniority: "intern", Salary: salary(2200, 2200, "GBP", "MONTH"), ApplyURL: "https://helix-dx.example/jobs/ra-intern",
			Description: "Six months with our regulatory team preparing IVDR submissions."},
	},
	{
		{Title: "Clinical Research Associate", EmploymentType: "FULL_TIME", Workplace: "hybrid", Locations: []string{"Dublin, Ireland", "Cork, Ireland"},
			Category: "Clinical", Seniority: "entry", Salary: salary(45000, 58000, "EUR", "YEAR"), ApplyURL: "https://meridian-cro.example/careers/cra",
			Description: "Monitor phase I–IV studies across Irish sites. Travel about 40%."},
	},
}

func isConflict(err error) bool { return domain.KindOf(err) == domain.KindConflict }

func printDemo(e env, baseDomain, addr string) {
	port := portOf(addr)
	fmt.Fprintf(e.stdout, "Demo data is ready.\n  Platform admin (http://%s%s/platform/login): %s / %s\n", baseDomain, port, demoAdmin.email, demoAdmin.password)
	fmt.Fprintf(e.stdout, "  Demo board http://demo.%s%s\n", baseDomain, port)
	for _, p := range append([]demoLogin{demoOwner}, demoPeople...) {
		fmt.Fprintf(e.stdout, "    %-15s %s / %s\n", p.role+":", p.email, p.password)
	}
}

// portOf returns ":port" of a listen address.
func portOf(addr string) string {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == ':' {
			return addr[i:]
		}
	}
	return ""
}

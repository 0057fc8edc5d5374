package main

import (
	"context"
	"flag"
	"fmt"
	"html"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gosimple/slug"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/infra/secure"
	"github.com/jobboard/jobboard/infra/store"
)

// Benchmark accounts: every bench board has these, with one password.
const (
	benchSlugPrefix    = "bench-"
	benchOwnerEmail    = "owner@bench.example"
	benchPassword      = "bench-password"
	benchCandidateMail = "candidate%d@bench.example"
	benchCandidates    = 5
)

// benchSeedOptions size the generated data.
type benchSeedOptions struct {
	Boards, Companies, Jobs int
	Seed                    uint64
	Reset                   bool
	// IfEmpty makes an existing bench data set a success, not an error.
	IfEmpty bool
	// Skew is the Zipf exponent of board and company sizes.
	Skew float64
}

func cmdBenchSeed(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	o := benchSeedOptions{}
	fs.IntVar(&o.Boards, "boards", 200, "number of boards")
	fs.IntVar(&o.Companies, "companies", 50000, "number of companies, spread over the boards")
	fs.IntVar(&o.Jobs, "jobs", 1000000, "number of jobs, spread over the boards")
	fs.Uint64Var(&o.Seed, "seed", 1, "random seed; the same seed makes the same data")
	fs.Float64Var(&o.Skew, "skew", 1.0, "Zipf exponent of board sizes (0 makes them equal)")
	fs.BoolVar(&o.Reset, "reset", false, "delete earlier bench boards first")
	fs.BoolVar(&o.IfEmpty, "if-empty", false, "do nothing when bench boards exist")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if o.Boards < 1 || o.Companies < o.Boards || o.Jobs < 0 || o.Boards > 9999 {
		return badUsage("seed: need 1 to 9999 boards and at least one company per board")
	}
	_, db, err := openDB(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.MigrateUp(ctx); err != nil {
		return err
	}
	return benchSeed(ctx, db, o, e.stdout)
}

// benchSplit splits total over n parts by a Zipf law of exponent s: part 0
// is the largest. Every part gets at least min.
func benchSplit(total, n int, s float64, min int) []int {
	w := make([]float64, n)
	sum := 0.0
	for i := range w {
		w[i] = 1 / math.Pow(float64(i+1), s)
		sum += w[i]
	}
	out := make([]int, n)
	left := total - min*n
	if left < 0 {
		left = 0
	}
	given := 0
	for i := range out {
		out[i] = min + int(float64(left)*w[i]/sum)
		given += out[i]
	}
	out[0] += total - given
	if out[0] < 0 {
		out[0] = 0
	}
	return out
}

// benchUUID makes a random (version 4 layout) UUID from the generator, so
// the same seed gives the same ids.
func benchUUID(r *rand.Rand) string {
	var b [16]byte
	hi, lo := r.Uint64(), r.Uint64()
	for i := 0; i < 8; i++ {
		b[i], b[8+i] = byte(hi>>(8*i)), byte(lo>>(8*i))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hexd = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hexd[c>>4], hexd[c&15])
	}
	return string(out)
}

func pick[T any](r *rand.Rand, v []T) T { return v[r.IntN(len(v))] }

// benchCompany is what the job generator needs of a company.
type benchCompany struct {
	id, name, city string
	public         bool
}

// benchSeed generates the data and loads it through the store's bulk
// loader, one transaction per batch group.
func benchSeed(ctx context.Context, db *store.DB, o benchSeedOptions, out io.Writer) (err error) {
	var existing int
	if err := db.NewRaw("SELECT count(*) FROM boards WHERE slug LIKE ?", benchSlugPrefix+"%").Scan(ctx, &existing); err != nil {
		return err
	}
	if existing > 0 && o.IfEmpty && !o.Reset {
		fmt.Fprintf(out, "bench data present (%d boards); not seeding\n", existing)
		return nil
	}
	if existing > 0 && !o.Reset {
		return fmt.Errorf("seed: %d bench boards already exist; pass --reset to replace them", existing)
	}
	start := time.Now()
	if existing > 0 {
		fmt.Fprintf(out, "deleting %d earlier bench boards...\n", existing)
		if _, err := db.NewRaw("DELETE FROM boards WHERE slug LIKE ?", benchSlugPrefix+"%").Exec(ctx); err != nil {
			return fmt.Errorf("seed: delete earlier boards: %w", err)
		}
	}
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	// Dates are relative to the start of the day, so that the data is open
	// when the benchmark runs; everything else follows from the seed.
	now := time.Now().UTC().Truncate(24 * time.Hour)
	hash, err := secure.NewArgon2id(secure.OWASPParams, 1).Hash(benchPassword)
	if err != nil {
		return err
	}
	companySizes := benchSplit(o.Companies, o.Boards, o.Skew, 1)
	jobSizes := benchSplit(o.Jobs, o.Boards, o.Skew, 0)
	digits := max(len(strconv.Itoa(o.Boards)), 3)

	l := &benchLoader{BulkLoader: store.NewBulkLoader(db), out: out, total: o.Jobs, start: start}
	// Large loads on PostgreSQL run without the job indexes, built again
	// at the end; every load ends by refreshing the planner's statistics.
	restore := func(ctx context.Context) error {
		_, err := db.ExecContext(ctx, "ANALYZE")
		return err
	}
	if db.IsPostgres() && o.Jobs >= 20000 {
		if restore, err = l.DropJobIndexes(ctx, out); err != nil {
			return err
		}
	}
	defer func() {
		if rerr := restore(context.WithoutCancel(ctx)); rerr != nil && err == nil {
			err = rerr
		}
	}()
	for b := 0; b < o.Boards; b++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		tenant := domain.TenantID(benchUUID(r))
		bd, err := board.New(tenant, fmt.Sprintf("%s%0*d", benchSlugPrefix, digits, b+1), fmt.Sprintf("Bench Board %d", b+1), now.AddDate(-1, 0, 0))
		if err != nil {
			return err
		}
		if err := l.AddBoard(bd); err != nil {
			return err
		}
		owner := benchUUID(r)
		l.AddUser(account.RehydrateUser(owner, tenant, benchOwnerEmail, "Bench Owner", hash, now, &now), account.RoleOwner)
		for i := 1; i <= benchCandidates; i++ {
			l.AddUser(account.RehydrateUser(benchUUID(r), tenant, fmt.Sprintf(benchCandidateMail, i), fmt.Sprintf("Candidate %d", i), hash, now, &now), "")
		}
		companies := make([]benchCompany, companySizes[b])
		for i := range companies {
			if companies[i], err = benchMakeCompany(r, l, tenant, owner, i, now); err != nil {
				return err
			}
		}
		if err := l.flush(ctx); err != nil {
			return err
		}
		// Within a board, jobs go to companies by a Zipf law too: a few
		// employers post a lot.
		zipf := rand.NewZipf(r, 1.2, 4, uint64(len(companies)-1))
		featured := 0
		for i := 0; i < jobSizes[b]; i++ {
			c := companies[zipf.Uint64()]
			if !c.public {
				c = companies[0]
			}
			f, err := benchMakeJob(r, l, tenant, owner, c, bd.Settings(), now, i == jobSizes[b]-1 && featured == 0)
			if err != nil {
				return err
			}
			if f {
				featured++
			}
			if l.PendingJobs() >= benchBatch {
				if err := l.flush(ctx); err != nil {
					return err
				}
			}
		}
		if err := l.flush(ctx); err != nil {
			return err
		}
	}
	// The authorizer reloads role assignments when the version moves.
	if _, err := db.NewRaw("UPDATE authz_version SET version = version + 1 WHERE id = 1").Exec(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "loaded %d boards, %d companies, %d jobs in %s\n", o.Boards, o.Companies, l.jobs, time.Since(start).Round(time.Second))
	return nil
}

// benchMakeCompany adds one company to the loader.
func benchMakeCompany(r *rand.Rand, l *benchLoader, tenant domain.TenantID, owner string, i int, now time.Time) (benchCompany, error) {
	name := pick(r, benchCompanyHeads) + " " + pick(r, benchCompanyTails)
	if i >= 40 {
		name += " " + strconv.Itoa(i)
	}
	sl := slug.Make(name) + "-" + strconv.Itoa(i)
	place := pick(r, benchPlaces)
	year := 1950 + r.IntN(75)
	desc := fmt.Sprintf("%s works in %s from %s.\n\n%s", name, strings.ToLower(pick(r, benchSectors)), place.city, pick(r, benchBenefits))
	status := company.StatusPublished
	switch n := r.IntN(100); {
	case i == 0:
	case n < 3:
		status = company.StatusPending
	case n < 5:
		status = company.StatusDraft
	}
	s := company.Snapshot{ID: benchUUID(r), Tenant: tenant, Profile: company.Profile{Name: name, Slug: domain.Slug(sl),
		Website: "https://" + sl + ".example", Sector: pick(r, benchSectors), Location: place.city, Size: pick(r, benchCompanySizes),
		FoundedYear: year, Social: map[string]string{}, Description: desc}, DescriptionHTML: benchHTML(desc), Status: status, CreatedBy: owner,
		CreatedAt: now.AddDate(0, -6, 0), UpdatedAt: now}
	// The first company of a board is always published, so that every
	// job can have a public company.
	if status == company.StatusPublished {
		p := now.AddDate(0, -5, 0)
		s.PublishedAt = &p
		if r.IntN(100) == 0 {
			until := now.AddDate(0, 3, 0)
			s.PremiumUntil = &until
		}
	}
	if err := l.AddCompany(company.Rehydrate(s)); err != nil {
		return benchCompany{}, err
	}
	return benchCompany{id: s.ID, name: name, city: place.city, public: status == company.StatusPublished}, nil
}

// benchMakeJob adds one job to the loader; it reports whether the job is
// featured. forceFeatured makes it an open featured job. The posting is
// checked against the board's settings as an employer's would be.
func benchMakeJob(r *rand.Rand, l *benchLoader, tenant domain.TenantID, owner string, c benchCompany, settings board.Settings, now time.Time, forceFeatured bool) (bool, error) {
	cat := pick(r, benchCategories)
	sen := pick(r, benchSeniority)
	title := sen.prefix + pick(r, benchTitles[cat])
	if r.IntN(3) == 0 {
		title += ", " + pick(r, benchAreas)
	}
	if sen.value == "intern" {
		title += " Intern"
	}
	place := pick(r, benchPlaces)
	locs := []string{place.city}
	if r.IntN(6) == 0 {
		if p2 := pick(r, benchPlaces).city; p2 != place.city {
			locs = append(locs, p2)
		}
	}
	workplace := pick(r, benchWorkplaces)
	et := pick(r, benchEmploymentTypes)
	if sen.value == "intern" {
		et = "INTERN"
	}
	var tags []string
	for n := r.IntN(4); len(tags) < n; {
		t := pick(r, benchTags)
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	// A remote job says where applicants may live, as the app requires.
	var countries []string
	if workplace == "remote" {
		countries = []string{job.Worldwide}
		if r.IntN(2) == 0 {
			countries = []string{pick(r, benchCountries), pick(r, benchCountries)}
			if countries[0] == countries[1] {
				countries = countries[:1]
			}
		}
	}
	var sb strings.Builder
	area := pick(r, benchAreas)
	fmt.Fprintf(&sb, pick(r, benchIntros), c.name)
	fmt.Fprintf(&sb, " As our %s you will join the %s team in %s.\n\n## What you will do\n\n", title, strings.ToLower(area), place.city)
	for i, n := 0, 2+r.IntN(3); i < n; i++ {
		sb.WriteString("- " + pick(r, benchDuties) + "\n")
	}
	sb.WriteString("\n## What you bring\n\n")
	for i, n := 0, 2+r.IntN(3); i < n; i++ {
		sb.WriteString("- " + pick(r, benchRequirements) + "\n")
	}
	if r.IntN(200) == 0 {
		fmt.Fprintf(&sb, "- Experience with %s is a strong advantage.\n", pick(r, benchRareWords))
	}
	sb.WriteString("\n" + pick(r, benchBenefits))
	desc := sb.String()

	id := benchUUID(r)
	p := job.Posting{Title: title, Description: desc, EmploymentType: et, Locations: locs, Workplace: workplace,
		ApplicantCountries: countries, Category: cat, Seniority: sen.value, Tags: tags}
	if r.IntN(2) == 0 {
		p.ApplyURL = "https://careers.example/" + id[:8]
	} else {
		p.ApplyEmail = domain.Email("jobs@" + slug.Make(c.name) + ".example")
	}
	if r.IntN(10) < 7 {
		yearly := place.scale * int64(70+r.IntN(70)) / 100
		minV, maxV := yearly/1000*1000, (yearly*int64(110+r.IntN(30))/100)/1000*1000
		period := "YEAR"
		if et == "INTERN" || et == "TEMPORARY" {
			minV, maxV, period = minV/12/100*100, maxV/12/100*100, "MONTH"
		}
		p.Salary = &job.Salary{Min: minV, Max: maxV, Currency: place.currency, Period: period}
	}
	// The generated posting is one the app accepts: it goes through the
	// same validation as an employer's.
	p, err := appjob.ParseInput(appjob.InputOf(p), settings, now)
	if err != nil {
		return false, fmt.Errorf("seed: generated job %q is not valid: %w", title, err)
	}
	s := job.Snapshot{ID: id, Tenant: tenant, CompanyID: c.id, Slug: appjob.Slug(title), Posting: p, DescriptionHTML: benchHTML(desc),
		CreatedBy: owner, UpdatedAt: now}
	day := 24 * time.Hour
	published := now.Add(-time.Duration(r.Int64N(int64(29 * day))))
	featured := false
	switch n := r.IntN(100); {
	case forceFeatured:
		s.Status = job.StatusPublished
		featured = true
	case n < 80:
		s.Status = job.StatusPublished
		featured = r.IntN(500) == 0
	case n < 92:
		s.Status = job.StatusExpired
		published = now.Add(-time.Duration(31*day) - time.Duration(r.Int64N(int64(150*day))))
	case n < 95:
		s.Status = job.StatusClosed
		published = now.Add(-time.Duration(r.Int64N(int64(60 * day))))
		closed := published.Add(7 * day)
		s.ClosedAt = &closed
	case n < 98:
		s.Status = job.StatusDraft
	default:
		s.Status = job.StatusPending
	}
	s.CreatedAt = published.Add(-time.Hour)
	if s.Status != job.StatusDraft && s.Status != job.StatusPending {
		expires := published.Add(30 * day)
		s.PublishedAt, s.ExpiresAt = &published, &expires
	} else {
		s.CreatedAt = now.Add(-time.Duration(r.Int64N(int64(10 * day))))
	}
	if featured {
		until := now.Add(time.Duration(1+r.IntN(14)) * day)
		s.FeaturedUntil = &until
	}
	l.AddJob(job.Rehydrate(s), c.name)
	l.jobs++
	return featured, nil
}

// benchHTML renders the generated Markdown subset (paragraphs, "## "
// headings and "- " lists) as the rich-text renderer would.
func benchHTML(md string) string {
	var b strings.Builder
	inList := false
	for _, block := range strings.Split(md, "\n\n") {
		for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
			switch {
			case strings.HasPrefix(line, "- "):
				if !inList {
					b.WriteString("<ul>\n")
					inList = true
				}
				b.WriteString("<li>" + html.EscapeString(line[2:]) + "</li>\n")
				continue
			case inList:
				b.WriteString("</ul>\n")
				inList = false
			}
			switch {
			case strings.HasPrefix(line, "## "):
				b.WriteString("<h2>" + html.EscapeString(line[3:]) + "</h2>\n")
			case line != "":
				b.WriteString("<p>" + html.EscapeString(line) + "</p>\n")
			}
		}
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	return b.String()
}

// benchBatch is the number of jobs per transaction.
const benchBatch = 1000

// benchLoader is the store's bulk loader with progress reports.
type benchLoader struct {
	*store.BulkLoader
	out     io.Writer
	start   time.Time
	total   int
	jobs    int
	lastLog time.Time
}

// flush writes what is collected and prints progress now and then.
func (l *benchLoader) flush(ctx context.Context) error {
	if err := l.Flush(ctx); err != nil {
		return err
	}
	if time.Since(l.lastLog) > 2*time.Second || l.jobs == l.total {
		l.lastLog = time.Now()
		el := time.Since(l.start).Seconds()
		fmt.Fprintf(l.out, "  %8d / %d jobs (%3.0f%%), %.0f jobs/s, %s\n", l.jobs, l.total, 100*float64(l.jobs)/math.Max(1, float64(l.total)),
			float64(l.jobs)/math.Max(el, 0.001), time.Since(l.start).Round(time.Second))
	}
	return nil
}

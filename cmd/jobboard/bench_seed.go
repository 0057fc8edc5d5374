package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/gosimple/slug"
	"github.com/uptrace/bun"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain/board"
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
	fs := flag.NewFlagSet("bench seed", flag.ContinueOnError)
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
		return badUsage("bench seed: need 1 to 9999 boards and at least one company per board")
	}
	cfg, err := loadConfig(e)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
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

// The row types of the bulk load. They name only the columns they fill, so
// columns added later keep their defaults.
type benchBoardRow struct {
	bun.BaseModel `bun:"table:boards"`
	ID            string    `bun:"id,pk"`
	Slug          string    `bun:"slug"`
	Name          string    `bun:"name"`
	Status        string    `bun:"status"`
	Settings      string    `bun:"settings"`
	CreatedAt     time.Time `bun:"created_at"`
	UpdatedAt     time.Time `bun:"updated_at"`
}

type benchUserRow struct {
	bun.BaseModel `bun:"table:users"`
	TenantID      string    `bun:"tenant_id,pk"`
	ID            string    `bun:"id,pk"`
	Email         string    `bun:"email"`
	Name          string    `bun:"name"`
	PasswordHash  string    `bun:"password_hash"`
	CreatedAt     time.Time `bun:"created_at"`
}

type benchRoleRow struct {
	bun.BaseModel `bun:"table:board_roles"`
	TenantID      string    `bun:"tenant_id,pk"`
	UserID        string    `bun:"user_id,pk"`
	Role          string    `bun:"role,pk"`
	CreatedAt     time.Time `bun:"created_at"`
}

type benchCompanyRow struct {
	bun.BaseModel   `bun:"table:companies"`
	TenantID        string     `bun:"tenant_id,pk"`
	ID              string     `bun:"id,pk"`
	Slug            string     `bun:"slug"`
	Name            string     `bun:"name"`
	SortName        string     `bun:"sort_name"`
	Website         string     `bun:"website"`
	Sector          string     `bun:"sector"`
	Location        string     `bun:"location"`
	Size            string     `bun:"size"`
	FoundedYear     *int       `bun:"founded_year"`
	Description     string     `bun:"description"`
	DescriptionHTML string     `bun:"description_html"`
	Status          string     `bun:"status"`
	PremiumUntil    *time.Time `bun:"premium_until"`
	CreatedBy       string     `bun:"created_by"`
	CreatedAt       time.Time  `bun:"created_at"`
	UpdatedAt       time.Time  `bun:"updated_at"`
	PublishedAt     *time.Time `bun:"published_at"`
}

type benchCompanySlugRow struct {
	bun.BaseModel `bun:"table:company_slugs"`
	TenantID      string    `bun:"tenant_id,pk"`
	Slug          string    `bun:"slug,pk"`
	CompanyID     string    `bun:"company_id"`
	CreatedAt     time.Time `bun:"created_at"`
}

type benchJobRow struct {
	bun.BaseModel      `bun:"table:jobs"`
	TenantID           string     `bun:"tenant_id,pk"`
	ID                 string     `bun:"id,pk"`
	CompanyID          string     `bun:"company_id"`
	Slug               string     `bun:"slug"`
	Title              string     `bun:"title"`
	Description        string     `bun:"description"`
	DescriptionHTML    string     `bun:"description_html"`
	Keywords           string     `bun:"keywords"`
	EmploymentType     string     `bun:"employment_type"`
	Workplace          string     `bun:"workplace"`
	Locations          string     `bun:"locations"`
	ApplicantCountries string     `bun:"applicant_countries"`
	SalaryMin          *int64     `bun:"salary_min"`
	SalaryMax          *int64     `bun:"salary_max"`
	SalaryCurrency     string     `bun:"salary_currency"`
	SalaryPeriod       string     `bun:"salary_period"`
	SalaryYearMax      *int64     `bun:"salary_year_max"`
	Category           string     `bun:"category"`
	Seniority          string     `bun:"seniority"`
	Tags               string     `bun:"tags"`
	ApplyURL           string     `bun:"apply_url"`
	ApplyEmail         string     `bun:"apply_email"`
	Status             string     `bun:"status"`
	PublishedAt        *time.Time `bun:"published_at"`
	ExpiresAt          *time.Time `bun:"expires_at"`
	FeaturedUntil      *time.Time `bun:"featured_until"`
	ClosedAt           *time.Time `bun:"closed_at"`
	CreatedBy          string     `bun:"created_by"`
	CreatedAt          time.Time  `bun:"created_at"`
	UpdatedAt          time.Time  `bun:"updated_at"`
}

type benchLocationRow struct {
	bun.BaseModel `bun:"table:job_locations"`
	TenantID      string `bun:"tenant_id,pk"`
	JobID         string `bun:"job_id,pk"`
	Location      string `bun:"location,pk"`
}

// benchCompany is what the job generator needs of a company.
type benchCompany struct {
	id, name, city string
	public         bool
}

// benchSeed generates the data and loads it in batched multi-row INSERTs,
// one transaction per batch group.
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
		return fmt.Errorf("bench seed: %d bench boards already exist; pass --reset to replace them", existing)
	}
	start := time.Now()
	if existing > 0 {
		fmt.Fprintf(out, "deleting %d earlier bench boards...\n", existing)
		if _, err := db.NewRaw("DELETE FROM boards WHERE slug LIKE ?", benchSlugPrefix+"%").Exec(ctx); err != nil {
			return fmt.Errorf("bench seed: delete earlier boards: %w", err)
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
	settings, _ := json.Marshal(board.DefaultSettings())
	companySizes := benchSplit(o.Companies, o.Boards, o.Skew, 1)
	jobSizes := benchSplit(o.Jobs, o.Boards, o.Skew, 0)
	digits := len(strconv.Itoa(o.Boards))
	if digits < 3 {
		digits = 3
	}

	l := &benchLoader{db: db, out: out, total: o.Jobs, start: start}
	if db.IsPostgres() && o.Jobs >= 20000 {
		restore, derr := l.dropJobIndexes(ctx)
		if derr != nil {
			return derr
		}
		defer func() {
			if rerr := restore(context.WithoutCancel(ctx)); rerr != nil && err == nil {
				err = rerr
			}
		}()
	} else {
		defer func() {
			if err == nil {
				_, err = db.ExecContext(ctx, "ANALYZE")
			}
		}()
	}
	for b := 0; b < o.Boards; b++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		tenant := benchUUID(r)
		slugName := fmt.Sprintf("%s%0*d", benchSlugPrefix, digits, b+1)
		l.add(&benchBoardRow{ID: tenant, Slug: slugName, Name: fmt.Sprintf("Bench Board %d", b+1), Status: "active",
			Settings: string(settings), CreatedAt: now.AddDate(-1, 0, 0), UpdatedAt: now})
		owner := benchUUID(r)
		l.add(&benchUserRow{TenantID: tenant, ID: owner, Email: benchOwnerEmail, Name: "Bench Owner", PasswordHash: hash, CreatedAt: now})
		l.add(&benchRoleRow{TenantID: tenant, UserID: owner, Role: "owner", CreatedAt: now})
		for i := 1; i <= benchCandidates; i++ {
			id := benchUUID(r)
			l.add(&benchUserRow{TenantID: tenant, ID: id, Email: fmt.Sprintf(benchCandidateMail, i), Name: fmt.Sprintf("Candidate %d", i), PasswordHash: hash, CreatedAt: now})
		}
		companies := make([]benchCompany, companySizes[b])
		for i := range companies {
			companies[i] = benchMakeCompany(r, l, tenant, owner, i, now)
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
			if benchMakeJob(r, l, tenant, owner, c, now, i == jobSizes[b]-1 && featured == 0) {
				featured++
			}
			if l.pending >= benchBatch {
				if err := l.flush(ctx); err != nil {
					return err
				}
			}
		}
		if err := l.flush(ctx); err != nil {
			return err
		}
	}
	if err := l.flush(ctx); err != nil {
		return err
	}
	// The authorizer reloads role assignments when the version moves.
	if _, err := db.NewRaw("UPDATE authz_version SET version = version + 1 WHERE id = 1").Exec(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "loaded %d boards, %d companies, %d jobs in %s\n", o.Boards, o.Companies, l.jobs, time.Since(start).Round(time.Second))
	return err
}

// benchMakeCompany adds one company (and its slug) to the loader.
func benchMakeCompany(r *rand.Rand, l *benchLoader, tenant, owner string, i int, now time.Time) benchCompany {
	name := pick(r, benchCompanyHeads) + " " + pick(r, benchCompanyTails)
	if i >= 40 {
		name += " " + strconv.Itoa(i)
	}
	sl := slug.Make(name) + "-" + strconv.Itoa(i)
	place := pick(r, benchPlaces)
	year := 1950 + r.IntN(75)
	desc := fmt.Sprintf("%s works in %s from %s.\n\n%s", name, strings.ToLower(pick(r, benchSectors)), place.city, pick(r, benchBenefits))
	status := "published"
	switch n := r.IntN(100); {
	case i == 0:
	case n < 3:
		status = "pending"
	case n < 5:
		status = "draft"
	}
	row := &benchCompanyRow{TenantID: tenant, ID: benchUUID(r), Slug: sl, Name: name, SortName: store.SortKey(name),
		Website: "https://" + sl + ".example", Sector: pick(r, benchSectors), Location: place.city, Size: pick(r, benchCompanySizes),
		FoundedYear: &year, Description: desc, DescriptionHTML: benchHTML(desc), Status: status, CreatedBy: owner,
		CreatedAt: now.AddDate(0, -6, 0), UpdatedAt: now}
	// The first company of a board is always published, so that every
	// job can have a public company.
	if status == "published" {
		p := now.AddDate(0, -5, 0)
		row.PublishedAt = &p
		if r.IntN(100) == 0 {
			until := now.AddDate(0, 3, 0)
			row.PremiumUntil = &until
		}
	}
	l.add(row)
	l.add(&benchCompanySlugRow{TenantID: tenant, Slug: sl, CompanyID: row.ID, CreatedAt: row.CreatedAt})
	return benchCompany{id: row.ID, name: name, city: place.city, public: status == "published"}
}

// benchMakeJob adds one job and its locations; it reports whether the job
// is featured. forceFeatured makes it an open featured job.
func benchMakeJob(r *rand.Rand, l *benchLoader, tenant, owner string, c benchCompany, now time.Time, forceFeatured bool) bool {
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
		if !contains(tags, t) {
			tags = append(tags, t)
		}
	}
	var countries []string
	if workplace == "remote" && r.IntN(2) == 0 {
		countries = []string{pick(r, benchCountries), pick(r, benchCountries)}
		if countries[0] == countries[1] {
			countries = countries[:1]
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
	row := &benchJobRow{TenantID: tenant, ID: id, CompanyID: c.id, Slug: appjob.Slug(title), Title: title, Description: desc,
		DescriptionHTML: benchHTML(desc), EmploymentType: et, Workplace: workplace, Locations: jsonStrings(locs),
		ApplicantCountries: jsonStrings(countries), Category: cat, Seniority: sen.value, Tags: jsonStrings(tags),
		CreatedBy: owner, UpdatedAt: now}
	if r.IntN(2) == 0 {
		row.ApplyURL = "https://careers.example/" + id[:8]
	} else {
		row.ApplyEmail = "jobs@" + slug.Make(c.name) + ".example"
	}
	// Keywords as the job repository writes them: company name, category,
	// seniority, tags and locations.
	row.Keywords = strings.Join(append(append([]string{c.name, cat, sen.value}, tags...), locs...), " ")
	if r.IntN(10) < 7 {
		yearly := place.scale * int64(70+r.IntN(70)) / 100
		minV, maxV := yearly/1000*1000, (yearly*int64(110+r.IntN(30))/100)/1000*1000
		period := "YEAR"
		if et == "INTERN" || et == "TEMPORARY" {
			minV, maxV, period = minV/12/100*100, maxV/12/100*100, "MONTH"
		}
		yearMax := maxV
		if period == "MONTH" {
			yearMax = maxV * 12
		}
		row.SalaryMin, row.SalaryMax, row.SalaryYearMax = &minV, &maxV, &yearMax
		row.SalaryCurrency, row.SalaryPeriod = place.currency, period
	}
	day := 24 * time.Hour
	published := now.Add(-time.Duration(r.Int64N(int64(29 * day))))
	featured := false
	switch n := r.IntN(100); {
	case forceFeatured:
		row.Status = "published"
		featured = true
	case n < 80:
		row.Status = "published"
		featured = r.IntN(500) == 0
	case n < 92:
		row.Status = "expired"
		published = now.Add(-time.Duration(31*day) - time.Duration(r.Int64N(int64(150*day))))
	case n < 95:
		row.Status = "closed"
		published = now.Add(-time.Duration(r.Int64N(int64(60 * day))))
		closed := published.Add(7 * day)
		row.ClosedAt = &closed
	case n < 98:
		row.Status = "draft"
	default:
		row.Status = "pending"
	}
	row.CreatedAt = published.Add(-time.Hour)
	if row.Status != "draft" && row.Status != "pending" {
		expires := published.Add(30 * day)
		row.PublishedAt, row.ExpiresAt = &published, &expires
	}
	if featured {
		until := now.Add(time.Duration(1+r.IntN(14)) * day)
		row.FeaturedUntil = &until
	}
	if row.Status == "draft" || row.Status == "pending" {
		row.CreatedAt = now.Add(-time.Duration(r.Int64N(int64(10 * day))))
	}
	l.add(row)
	seen := map[string]bool{}
	if workplace == "remote" {
		locs = append(locs, "Remote")
	}
	for _, loc := range locs {
		if !seen[loc] {
			seen[loc] = true
			l.add(&benchLocationRow{TenantID: tenant, JobID: id, Location: loc})
		}
	}
	l.jobs++
	return featured
}

func contains(v []string, s string) bool {
	for _, x := range v {
		if x == s {
			return true
		}
	}
	return false
}

func jsonStrings(v []string) string {
	if len(v) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(v)
	return string(b)
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

// benchBatch is the number of jobs per INSERT.
const benchBatch = 1000

// benchLoader collects rows by table and writes them in multi-row INSERTs,
// parents before children.
type benchLoader struct {
	db      *store.DB
	out     io.Writer
	start   time.Time
	total   int
	jobs    int
	pending int
	lastLog time.Time

	boards    []*benchBoardRow
	users     []*benchUserRow
	roles     []*benchRoleRow
	companies []*benchCompanyRow
	slugs     []*benchCompanySlugRow
	jobRows   []*benchJobRow
	locations []*benchLocationRow
}

func (l *benchLoader) add(row any) {
	switch v := row.(type) {
	case *benchBoardRow:
		l.boards = append(l.boards, v)
	case *benchUserRow:
		l.users = append(l.users, v)
	case *benchRoleRow:
		l.roles = append(l.roles, v)
	case *benchCompanyRow:
		l.companies = append(l.companies, v)
	case *benchCompanySlugRow:
		l.slugs = append(l.slugs, v)
	case *benchJobRow:
		l.jobRows = append(l.jobRows, v)
		l.pending++
	case *benchLocationRow:
		l.locations = append(l.locations, v)
	}
}

// insertChunks inserts rows n at a time.
func insertChunks[T any](ctx context.Context, tx bun.Tx, rows []T, n int) error {
	for len(rows) > 0 {
		k := min(n, len(rows))
		chunk := rows[:k]
		if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
			return err
		}
		rows = rows[k:]
	}
	return nil
}

// flush writes what is collected in one transaction and prints progress.
func (l *benchLoader) flush(ctx context.Context) error {
	if len(l.boards)+len(l.users)+len(l.companies)+len(l.jobRows) == 0 {
		return nil
	}
	err := l.db.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		steps := []func() error{
			func() error { return insertChunks(ctx, tx, l.boards, 500) },
			func() error { return insertChunks(ctx, tx, l.users, 500) },
			func() error { return insertChunks(ctx, tx, l.roles, 500) },
			func() error { return insertChunks(ctx, tx, l.companies, 500) },
			func() error { return insertChunks(ctx, tx, l.slugs, 1000) },
			func() error { return insertChunks(ctx, tx, l.jobRows, benchBatch) },
			func() error { return insertChunks(ctx, tx, l.locations, 2000) },
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bench seed: insert: %w", err)
	}
	l.boards, l.users, l.roles, l.companies, l.slugs, l.jobRows, l.locations = l.boards[:0], l.users[:0], l.roles[:0], l.companies[:0], l.slugs[:0], l.jobRows[:0], l.locations[:0]
	l.pending = 0
	if time.Since(l.lastLog) > 2*time.Second || l.jobs == l.total {
		l.lastLog = time.Now()
		el := time.Since(l.start).Seconds()
		fmt.Fprintf(l.out, "  %8d / %d jobs (%3.0f%%), %.0f jobs/s, %s\n", l.jobs, l.total, 100*float64(l.jobs)/math.Max(1, float64(l.total)),
			float64(l.jobs)/math.Max(el, 0.001), time.Since(l.start).Round(time.Second))
	}
	return nil
}

// dropJobIndexes drops the secondary indexes of jobs and job_locations on
// PostgreSQL, which makes a large load several times faster, and returns
// the function that builds them again from their saved definitions (the
// ones the migrations made) and refreshes the planner's statistics.
func (l *benchLoader) dropJobIndexes(ctx context.Context) (func(context.Context) error, error) {
	var defs []struct {
		Name string `bun:"indexname"`
		Def  string `bun:"indexdef"`
	}
	err := l.db.NewRaw(`SELECT i.indexname, i.indexdef FROM pg_indexes AS i
WHERE i.schemaname = current_schema() AND i.tablename IN ('jobs', 'job_locations')
AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conname = i.indexname)`).Scan(ctx, &defs)
	if err != nil {
		return nil, err
	}
	for _, d := range defs {
		if _, err := l.db.ExecContext(ctx, "DROP INDEX "+d.Name); err != nil {
			return nil, fmt.Errorf("bench seed: drop index %s: %w", d.Name, err)
		}
	}
	fmt.Fprintf(l.out, "dropped %d job indexes for the load; they are built again at the end\n", len(defs))
	return func(ctx context.Context) error {
		conn, err := l.db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		_, _ = conn.ExecContext(ctx, "SET maintenance_work_mem = '512MB'")
		var errs []error
		for _, d := range defs {
			t := time.Now()
			if _, err := conn.ExecContext(ctx, d.Def); err != nil {
				errs = append(errs, fmt.Errorf("bench seed: rebuild index %s: %w (definition: %s)", d.Name, err, d.Def))
				continue
			}
			fmt.Fprintf(l.out, "  index %s built in %s\n", d.Name, time.Since(t).Round(100*time.Millisecond))
		}
		if _, err := conn.ExecContext(ctx, "ANALYZE boards, users, companies, company_slugs, jobs, job_locations"); err != nil {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	}, nil
}

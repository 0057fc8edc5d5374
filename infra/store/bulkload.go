package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/uptrace/bun"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
)

// BulkLoader writes generated boards, users, companies and jobs in
// multi-row INSERTs, one transaction per Flush, for data sets far larger
// than the repositories' one-row writes would load in reasonable time (the
// benchmark's million jobs). Rows are built by the same constructors the
// repositories use, so a loaded row is exactly what the application
// would have saved. It moves no cache generation: load before serving.
type BulkLoader struct {
	db        *DB
	boards    []*boardRow
	users     []*userRow
	roles     []*boardRoleRow
	companies []*companyRow
	slugs     []*companySlugRow
	jobs      []*bulkJobRow
	locations []jobLocationRow
	words     []searchWordRow
	// langs are the search languages of the boards added so far.
	langs map[domain.TenantID]string
	// seen are the vocabulary words already added, per board.
	seen map[domain.TenantID]map[string]bool
}

// bulkJobRow is a job row with the search tokens the repository writes
// beside it.
type bulkJobRow struct {
	jobRow `bun:",extend"`
	Search string `bun:"search"`
}

// NewBulkLoader returns an empty loader on db.
func NewBulkLoader(db *DB) *BulkLoader {
	return &BulkLoader{db: db, langs: map[domain.TenantID]string{}, seen: map[domain.TenantID]map[string]bool{}}
}

// AddBoard adds a board.
func (l *BulkLoader) AddBoard(b *board.Board) error {
	row, err := newBoardRow(b)
	if err != nil {
		return err
	}
	l.boards = append(l.boards, row)
	l.langs[b.ID()] = b.Settings().Language
	return nil
}

// AddUser adds a user of a board, with a role on it unless role is empty.
func (l *BulkLoader) AddUser(u *account.User, role account.Role) {
	t := u.Tenant().String()
	l.users = append(l.users, &userRow{TenantID: t, ID: u.ID(), Email: u.Email().String(), Name: u.Name(), PasswordHash: u.PasswordHash(), CreatedAt: u.CreatedAt(), EmailVerifiedAt: u.VerifiedAt()})
	if role != "" {
		l.roles = append(l.roles, &boardRoleRow{TenantID: t, UserID: u.ID(), Role: string(role), CreatedAt: u.CreatedAt()})
	}
}

// AddCompany adds a company and its slug.
func (l *BulkLoader) AddCompany(c *company.Company) error {
	s := c.Snapshot()
	row, err := newCompanyRow(s.Tenant, c)
	if err != nil {
		return err
	}
	l.companies = append(l.companies, row)
	l.slugs = append(l.slugs, &companySlugRow{TenantID: row.TenantID, Slug: row.Slug, CompanyID: row.ID, CreatedAt: row.CreatedAt})
	return nil
}

// AddJob adds a job of a company named companyName (its search keywords
// start with it), and its locations.
func (l *BulkLoader) AddJob(j *job.Job, companyName string) {
	s := j.Snapshot()
	row := newJobRow(s.Tenant, j)
	row.Keywords = jobKeywords(companyName, s.Posting)
	row.SearchVersion = searchVersion
	a := newAnalyzer(s.Tenant, l.langs[s.Tenant])
	l.jobs = append(l.jobs, &bulkJobRow{jobRow: *row, Search: l.db.searchValue(a.document(row.searchDoc()))})
	seen := l.seen[s.Tenant]
	if seen == nil {
		seen = map[string]bool{}
		l.seen[s.Tenant] = seen
	}
	var fresh []string
	for _, w := range a.vocabulary(row.Title, row.Keywords) {
		if !seen[w] {
			seen[w] = true
			fresh = append(fresh, w)
		}
	}
	l.words = append(l.words, vocabularyRows(s.Tenant, fresh)...)
	l.locations = append(l.locations, locationRows(s.Tenant, s)...)
}

// PendingJobs is how many jobs wait for the next Flush.
func (l *BulkLoader) PendingJobs() int { return len(l.jobs) }

// Flush writes what was added, parents before children, in one
// transaction, and empties the loader.
func (l *BulkLoader) Flush(ctx context.Context) error {
	if len(l.boards)+len(l.users)+len(l.companies)+len(l.jobs) == 0 {
		return nil
	}
	err := l.db.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, insert := range []func() error{
			func() error { return insertChunks(ctx, tx, l.boards, 500) },
			func() error { return insertChunks(ctx, tx, l.users, 500) },
			func() error { return insertChunks(ctx, tx, l.roles, 500) },
			func() error { return insertChunks(ctx, tx, l.companies, 500) },
			func() error { return insertChunks(ctx, tx, l.slugs, 1000) },
			func() error { return insertChunks(ctx, tx, l.jobs, 1000) },
			func() error { return insertChunks(ctx, tx, l.locations, 2000) },
			func() error {
				for rows := l.words; len(rows) > 0; {
					chunk := rows[:min(2000, len(rows))]
					if _, err := tx.NewInsert().Model(&chunk).ModelTableExpr("search_words").On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
						return err
					}
					rows = rows[len(chunk):]
				}
				return nil
			},
		} {
			if err := insert(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: bulk insert: %w", err)
	}
	l.boards, l.users, l.roles, l.companies, l.slugs, l.jobs, l.locations, l.words = l.boards[:0], l.users[:0], l.roles[:0], l.companies[:0], l.slugs[:0], l.jobs[:0], l.locations[:0], l.words[:0]
	return nil
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

// DropJobIndexes drops the secondary indexes of jobs, job_locations and
// job_index on PostgreSQL and stops the trigger that keeps job_index, which
// makes a large load several times faster, and returns the function that
// writes job_index from the loaded jobs, starts the trigger again, builds
// the indexes again from their saved definitions (the ones the migrations
// made) and refreshes the planner's statistics.
func (l *BulkLoader) DropJobIndexes(ctx context.Context, out io.Writer) (restore func(context.Context) error, err error) {
	if !l.db.IsPostgres() {
		return nil, errors.New("store: DropJobIndexes is for PostgreSQL")
	}
	var defs []struct {
		Name string `bun:"indexname"`
		Def  string `bun:"indexdef"`
	}
	err = l.db.NewRaw(`SELECT i.indexname, i.indexdef FROM pg_indexes AS i
WHERE i.schemaname = current_schema() AND i.tablename IN ('jobs', 'job_locations', 'job_index')
AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conname = i.indexname)`).Scan(ctx, &defs)
	if err != nil {
		return nil, err
	}
	// The definitions go to out first, so that a load killed before the
	// end leaves what is needed to build them again by hand; the drops
	// happen in one transaction, so a failure drops none.
	for _, d := range defs {
		fmt.Fprintf(out, "  saved: %s;\n", d.Def)
	}
	err = l.db.RunInTx(ctx, func(ctx context.Context) error {
		if _, err := l.db.conn(ctx).NewRaw("ALTER TABLE jobs DISABLE TRIGGER job_index_sync").Exec(ctx); err != nil {
			return err
		}
		for _, d := range defs {
			if _, err := l.db.conn(ctx).NewRaw("DROP INDEX ?", bun.Ident(d.Name)).Exec(ctx); err != nil {
				return fmt.Errorf("store: drop index %s: %w", d.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "dropped %d job indexes for the load; they are built again at the end\n", len(defs))
	return func(ctx context.Context) error {
		conn, err := l.db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		_, _ = conn.ExecContext(ctx, "SET maintenance_work_mem = '512MB'")
		t := time.Now()
		if _, err := conn.ExecContext(ctx, "SELECT job_index_refill()"); err != nil {
			return fmt.Errorf("store: fill job_index: %w", err)
		}
		if _, err := conn.ExecContext(ctx, "ALTER TABLE jobs ENABLE TRIGGER job_index_sync"); err != nil {
			return err
		}
		fmt.Fprintf(out, "  job_index filled in %s\n", time.Since(t).Round(100*time.Millisecond))
		var errs []error
		for _, d := range defs {
			t := time.Now()
			if _, err := conn.ExecContext(ctx, d.Def); err != nil {
				errs = append(errs, fmt.Errorf("store: rebuild index %s: %w (definition: %s)", d.Name, err, d.Def))
				continue
			}
			fmt.Fprintf(out, "  index %s built in %s\n", d.Name, time.Since(t).Round(100*time.Millisecond))
		}
		if _, err := conn.ExecContext(ctx, "ANALYZE boards, users, companies, company_slugs, jobs, job_locations, job_index"); err != nil {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	}, nil
}

package store

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/driver/sqliteshim"
)

// benchSearchDB returns a DB of the dialect that is never connected: the
// builders only format SQL.
func benchSearchDB(b *testing.B, dialect string) *DB {
	b.Helper()
	if dialect == Postgres {
		sqldb, err := sql.Open("pgx", "postgres://bench@127.0.0.1:1/none")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = sqldb.Close() })
		return &DB{DB: bun.NewDB(sqldb, pgdialect.New()), dialect: Postgres}
	}
	sqldb, err := sql.Open(sqliteshim.ShimName, "file::memory:")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = sqldb.Close() })
	return &DB{DB: bun.NewDB(sqldb, sqlitedialect.New()), dialect: SQLite}
}

// BenchmarkJobSearchQuery measures building the SQL of a filtered search,
// as Find and Facets do for every request.
func BenchmarkJobSearchQuery(b *testing.B) {
	tenant := domain.TenantID("0b7e8a52-6a49-4f43-9f0e-2f8f6a1d3c11")
	f := appjob.Query{Text: "clinical manager", Category: "Clinical", Workplace: "hybrid", EmploymentType: "FULL_TIME",
		Location: "London, UK", MinSalary: 50000, Limit: 20, Now: time.Now().UTC()}
	for _, dialect := range []string{Postgres, SQLite} {
		b.Run(dialect, func(b *testing.B) {
			s := NewJobSearch(benchSearchDB(b, dialect))
			ctx := context.Background()
			a := newAnalyzer(tenant, "english")
			e := a.expr(a.parse(f.Text), nil)
			m := &textMatch{postgres: dialect == Postgres, any: e.fts5(a, a.anywhere)}
			if m.postgres {
				m.any = e.tsquery(a, a.anywhere)
			}
			b.ReportAllocs()
			for b.Loop() {
				q := s.filter(ctx, tenant, f, m).Column("x.job_id").
					OrderExpr("x.published_at DESC, x.job_id DESC").Limit(int64(f.Limit))
				if q.String() == "" {
					b.Fatal("empty query")
				}
			}
		})
	}
}

// BenchmarkSearchAnalysis measures turning a web search into both
// databases' expressions, and a job into its tokens.
func BenchmarkSearchAnalysis(b *testing.B) {
	a := newAnalyzer(domain.TenantID("0b7e8a52-6a49-4f43-9f0e-2f8f6a1d3c11"), "english")
	for _, text := range []string{"chemist", `"clinical trial" manager -night OR nurse`} {
		b.Run(text, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e := a.expr(a.parse(text), nil)
				if e.tsquery(a, a.anywhere) == "" || e.fts5(a, a.inTitle) == "" {
					b.Fatal("empty expression")
				}
			}
		})
	}
	b.Run("document", func(b *testing.B) {
		desc := strings.Repeat("Plan and run stability studies of biologics under GMP, report results to regulators. ", 20)
		b.ReportAllocs()
		for b.Loop() {
			if a.document(searchDoc{Title: "Senior Analytical Chemist", Keywords: "Nova Pharma Quality senior GMP Basel", Description: desc, Category: "Quality", Workplace: "onsite", EmploymentType: "FULL_TIME"}) == "" {
				b.Fatal("no tokens")
			}
		}
	})
}

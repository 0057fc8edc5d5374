package store

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"github.com/jobboard/jobboard/domain"
)

// languages caches each board's search language by its generation: every
// search and job write needs it, and it changes only with the board's
// settings.
type languages struct {
	mu sync.Mutex
	m  map[domain.TenantID]cachedLanguage
}

type cachedLanguage struct {
	gen  uint64
	lang string
	at   time.Time
}

// languageTTL bounds how long an instance uses a board's language without
// reading it again: another instance's change of it moves no generation
// here.
const languageTTL = 2 * time.Second

// analyzer returns the board's analyzer: its code and the stemmer of its
// search language.
func (d *DB) analyzer(ctx context.Context, tenant domain.TenantID) (analyzer, error) {
	_, inTx := ctx.Value(txKey{}).(*txState)
	gen := d.Generation(tenant)
	if !inTx {
		d.langs.mu.Lock()
		c, ok := d.langs.m[tenant]
		d.langs.mu.Unlock()
		if ok && c.gen == gen && time.Since(c.at) < languageTTL {
			return newAnalyzer(tenant, c.lang), nil
		}
	}
	var raw string
	err := d.conn(ctx).NewSelect().Table("boards").Column("settings").Where("id = ?", tenant.String()).Scan(ctx, &raw)
	if err = translate(err); err != nil && !isNotFound(err) {
		return analyzer{}, err
	}
	var st struct {
		Language string `json:"language"`
	}
	_ = json.Unmarshal([]byte(raw), &st) // a missing board or setting: English
	if !inTx {
		d.langs.mu.Lock()
		if d.langs.m == nil {
			d.langs.m = map[domain.TenantID]cachedLanguage{}
		}
		d.langs.m[tenant] = cachedLanguage{gen: gen, lang: st.Language, at: time.Now()}
		d.langs.mu.Unlock()
	}
	return newAnalyzer(tenant, st.Language), nil
}

// searchValue is what jobs.search holds for a document's tokens: a tsvector
// literal with each token's positions on PostgreSQL, the tokens themselves
// (indexed by the FTS5 table job_search) on SQLite.
func (d *DB) searchValue(doc string) string {
	if !d.IsPostgres() {
		return doc
	}
	positions := map[string][]int{}
	var order []string
	for i, tok := range strings.Fields(doc) {
		if _, ok := positions[tok]; !ok {
			order = append(order, tok)
		}
		// PostgreSQL keeps positions up to 16383; later tokens (the title
		// and filter tokens of a very long description) share the last.
		positions[tok] = append(positions[tok], min(i+1, 16383))
	}
	var b strings.Builder
	for i, tok := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("'" + tok + "':")
		for k, p := range positions[tok] {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
		}
	}
	return b.String()
}

// searchWordRow is one key of the board's vocabulary (see deletionKeys).
type searchWordRow struct {
	TenantID string `bun:"tenant_id,pk"`
	Key      string `bun:"key,pk"`
	Word     string `bun:"word,pk"`
}

// vocabularyRows are the keys of words, each once. They are sorted, so that two transactions adding the same new words
// take their row locks in the same order and cannot deadlock.
func vocabularyRows(tenant domain.TenantID, words []string) []searchWordRow {
	var rows []searchWordRow
	for _, w := range words {
		for _, k := range deletionKeys(w) {
			rows = append(rows, searchWordRow{TenantID: tenant.String(), Key: k, Word: w})
		}
	}
	slices.SortFunc(rows, func(a, b searchWordRow) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return strings.Compare(a.Word, b.Word)
	})
	return slices.CompactFunc(rows, func(a, b searchWordRow) bool { return a == b })
}

// addVocabulary records words of the board's jobs, for typo correction.
// Words stay when their jobs go: a correction to a word no job holds any
// more finds nothing, which is what the search found without it.
func (d *DB) addVocabulary(ctx context.Context, tenant domain.TenantID, words []string) error {
	rows := vocabularyRows(tenant, words)
	if len(rows) == 0 {
		return nil
	}
	_, err := d.conn(ctx).NewInsert().Model(&rows).ModelTableExpr("search_words").On("CONFLICT DO NOTHING").Exec(ctx)
	return translate(err)
}

// corrections maps each of words that the board's vocabulary lacks to a
// word of the vocabulary one edit away, if there is one: the one sharing
// the first letter, then the first in alphabetical order.
func (d *DB) corrections(ctx context.Context, tenant domain.TenantID, words []string) (map[string]string, error) {
	if len(words) == 0 {
		return nil, nil
	}
	keys := map[string]bool{}
	for _, w := range words {
		for _, k := range deletionKeys(w) {
			keys[k] = true
		}
	}
	list := make([]string, 0, len(keys))
	for k := range keys {
		list = append(list, k)
	}
	var found []string
	err := d.conn(ctx).NewSelect().Table("search_words").ColumnExpr("DISTINCT word").
		Where("tenant_id = ? AND key IN (?)", tenant.String(), bun.In(list)).Scan(ctx, &found)
	if err = translate(err); err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, w := range found {
		known[w] = true
	}
	slices.Sort(found)
	out := map[string]string{}
	for _, w := range words {
		if known[w] {
			continue
		}
		best := ""
		for _, c := range found {
			if !oneEdit(w, c) {
				continue
			}
			if best == "" || (c[0] == w[0] && best[0] != w[0]) {
				best = c
			}
		}
		if best != "" {
			out[w] = best
		}
	}
	return out, nil
}

// indexJobs writes the search tokens and vocabulary of the board's jobs
// that where selects, 500 to a statement: after a company's rename, a
// change of the board's language, or a change of how tokens are made.
func (d *DB) indexJobs(ctx context.Context, tenant domain.TenantID, where string, args ...any) error {
	a, err := d.analyzer(ctx, tenant)
	if err != nil {
		return err
	}
	type doc struct {
		ID          string `bun:"id"`
		Title       string `bun:"title"`
		Keywords    string `bun:"keywords"`
		Description string `bun:"description"`
		Category    string `bun:"category"`
		Workplace   string `bun:"workplace"`
		Employment  string `bun:"employment_type"`
	}
	after := ""
	for {
		var docs []doc
		q := d.conn(ctx).NewSelect().Table("jobs").Column("id", "title", "keywords", "description", "category", "workplace", "employment_type").
			Where("tenant_id = ?", tenant.String()).OrderExpr("id").Limit(500)
		if after != "" {
			q = q.Where("id > ?", after)
		}
		if where != "" {
			q = q.Where(where, args...)
		}
		if err := q.Scan(ctx, &docs); err != nil {
			return translate(err)
		}
		if len(docs) == 0 {
			return nil
		}
		var (
			values []string
			vargs  []any
			vocab  []string
		)
		for _, j := range docs {
			values = append(values, "(?, ?)")
			vargs = append(vargs, j.ID, d.searchValue(a.document(searchDoc{Title: j.Title, Keywords: j.Keywords, Description: j.Description,
				Category: j.Category, Workplace: j.Workplace, EmploymentType: j.Employment})))
			vocab = append(vocab, a.vocabulary(j.Title, j.Keywords)...)
			after = j.ID
		}
		// One statement per batch: the tokens of each job by its id.
		set, match := "(SELECT v.search FROM v WHERE v.id = jobs.id)", "id IN (SELECT v.id FROM v)"
		if d.IsPostgres() {
			set, match = "(SELECT CAST(v.search AS tsvector) FROM v WHERE CAST(v.id AS uuid) = jobs.id)", "id IN (SELECT CAST(v.id AS uuid) FROM v)"
		}
		vargs = append(vargs, searchVersion, tenant.String())
		_, err := d.conn(ctx).NewRaw("WITH v (id, search) AS (VALUES "+strings.Join(values, ", ")+") UPDATE jobs SET search = "+set+
			", search_version = ? WHERE tenant_id = ? AND "+match, vargs...).Exec(ctx)
		if err != nil {
			return translate(err)
		}
		if err := d.addVocabulary(ctx, tenant, vocab); err != nil {
			return err
		}
	}
}

// ReindexSearch indexes for search every job whose tokens an older
// version of this program wrote, or that was written without the store's
// repositories (bulk SQL); MigrateUp ends with it.
func (d *DB) ReindexSearch(ctx context.Context) error {
	var tenants []string
	err := d.NewSelect().Table("jobs").ColumnExpr("DISTINCT tenant_id").Where("search_version < ?", searchVersion).Scan(ctx, &tenants)
	if err = translate(err); err != nil {
		return err
	}
	for _, t := range tenants {
		err := d.RunInTx(ctx, func(ctx context.Context) error {
			return d.indexJobs(ctx, domain.TenantID(t), "search_version < ?", searchVersion)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

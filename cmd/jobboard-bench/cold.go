package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/infra/store"
)

// The cold scenarios ask for a different URL on every request, drawn from
// the data, so that no cache can answer: what a crawler or many visitors
// with their own searches bring.

// benchColdJob is an open job of a board, for job pages and cursors.
type benchColdJob struct {
	ID          string     `bun:"id"`
	Slug        string     `bun:"slug"`
	PublishedAt time.Time  `bun:"published_at"`
	Featured    *time.Time `bun:"featured_until"`
}

// benchOpenJobs returns the board's open jobs.
func benchOpenJobs(ctx context.Context, db *store.DB, slug string) ([]benchColdJob, error) {
	var jobs []benchColdJob
	now := time.Now().UTC()
	err := db.NewRaw(`SELECT j.id, j.slug, j.published_at, j.featured_until FROM jobs AS j JOIN boards AS b ON b.id = j.tenant_id
WHERE b.slug = ? AND j.status = 'published' AND j.expires_at > ? AND j.taken_down_at IS NULL`, slug, now.Add(time.Hour)).Scan(ctx, &jobs)
	return jobs, err
}

// benchVocabulary is every word of the data's titles, areas, tags and
// cities: the searches' terms, from rare ("radiopharmaceutical" is not
// among them; "Toxicologist" is rare) to common ("Manager").
func benchVocabulary() []string {
	seen := map[string]bool{}
	var out []string
	add := func(text string) {
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return r == ' ' || r == ',' || r == '&' }) {
			if len(w) >= 3 && !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	for _, cat := range benchCategories {
		for _, t := range benchTitles[cat] {
			add(t)
		}
	}
	for _, list := range [][]string{benchAreas, benchTags} {
		for _, w := range list {
			add(w)
		}
	}
	for _, p := range benchPlaces {
		add(p.city)
	}
	return out
}

// benchColdEndpoints are the cold scenarios: searches of one and two terms
// with and without filters, later pages by cursor and job pages, each in
// an order no two requests repeat, on the largest board and (searches) on
// the smallest.
func benchColdEndpoints(info benchDataInfo, big, small []benchColdJob) []benchEndpoint {
	rng := rand.New(rand.NewPCG(7, 11))
	words := benchVocabulary()
	pick := func() string { return words[rng.IntN(len(words))] }
	const n = 40000
	var oneTerm, twoTerms, filtered, apiSearch []string
	for range n {
		oneTerm = append(oneTerm, "/jobs?q="+url.QueryEscape(pick())+"&category="+url.QueryEscape(benchCategories[rng.IntN(len(benchCategories))]))
		twoTerms = append(twoTerms, "/jobs?q="+url.QueryEscape(pick()+" "+pick()))
		filtered = append(filtered, "/jobs?q="+url.QueryEscape(pick())+"&workplace="+benchWorkplaces[rng.IntN(len(benchWorkplaces))]+
			"&employment_type="+benchEmploymentTypes[rng.IntN(len(benchEmploymentTypes))])
		apiSearch = append(apiSearch, "/api/v1/jobs?q="+url.QueryEscape(pick()+" "+pick())+"&limit="+strconv.Itoa(10+rng.IntN(20)))
	}
	jobPages := func(jobs []benchColdJob) []string {
		out := make([]string, len(jobs))
		for i, j := range jobs {
			out[i] = "/jobs/" + j.ID + "/" + j.Slug
		}
		rng.Shuffle(len(out), func(i, k int) { out[i], out[k] = out[k], out[i] })
		return out
	}
	var later []string
	for _, i := range rng.Perm(len(big)) {
		j := big[i]
		if j.Featured != nil && j.Featured.After(time.Now()) {
			continue
		}
		raw, _ := json.Marshal(appjob.Cursor{PublishedAt: j.PublishedAt, ID: j.ID})
		later = append(later, "/jobs?cursor="+base64.RawURLEncoding.EncodeToString(raw))
		if len(later) == n {
			break
		}
	}
	cold := func(name, board string, paths []string) benchEndpoint {
		return benchEndpoint{Name: name, Board: board, Method: "GET", Paths: paths, Cold: true, next: new(atomic.Int64)}
	}
	eps := []benchEndpoint{
		cold("cold:search-term+category", info.BigBoard, oneTerm),
		cold("cold:search-2-terms", info.BigBoard, twoTerms),
		cold("cold:search-term+2-filters", info.BigBoard, filtered),
		cold("cold:api-search", info.BigBoard, apiSearch),
		cold("cold:later-page", info.BigBoard, later),
		cold("cold:job-page", info.BigBoard, jobPages(big)),
		cold("small:cold:search-2-terms", info.SmallBoard, twoTerms),
		cold("small:cold:job-page", info.SmallBoard, jobPages(small)),
	}
	// A board without open jobs has no pages to ask for.
	return slices.DeleteFunc(eps, func(e benchEndpoint) bool { return len(e.Paths) == 0 })
}

// benchLoadAverage is the machine's one-minute load average, for the
// report: the server and the load generator share the machine.
func benchLoadAverage() float64 {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(raw))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/infra/store"
)

// jobTeam is a company on a board with one signed-in team member.
type jobTeam struct {
	h           *harness
	f           fixture
	c           *client
	tok         string
	companyID   string
	companySlug string
	companyName string
}

// jobNewTeam signs email up on the board, registers a company called name
// and, when published is true, has the board's owner publish it.
func jobNewTeam(t *testing.T, h *harness, f fixture, email, name string, published bool) *jobTeam {
	t.Helper()
	c, tok := employer(h, f, email)
	co := registerCompany(t, c, tok, map[string]any{"name": name, "description": "About " + name + "."})
	tm := &jobTeam{h: h, f: f, c: c, tok: tok, companyID: co["id"].(string), companySlug: co["slug"].(string), companyName: name}
	if published {
		publish(t, h, f, c, tok, tm.companyID)
	}
	return tm
}

// jobStaffClient is a signed-in board owner or moderator.
type jobStaffClient struct {
	c   *client
	tok string
}

// jobOwnerOf signs the board's owner in.
func jobOwnerOf(h *harness, f fixture) jobStaffClient {
	c := h.client(f.Host)
	return jobStaffClient{c: c, tok: c.login(f.OwnerEmail, f.OwnerPass)}
}

// jobSettings changes a board's settings in the database.
// jobBoardSettings are a board's owner-editable settings.
type jobBoardSettings = board.Settings

func jobSettings(t *testing.T, h *harness, f fixture, change func(*jobBoardSettings)) {
	t.Helper()
	boards := store.NewBoards(h.db)
	err := h.db.RunInTx(context.Background(), func(ctx context.Context) error {
		bd, err := boards.LockByID(ctx, domain.TenantID(f.ID))
		if err != nil {
			return err
		}
		st := bd.Settings()
		change(&st)
		bd.SetSettings(st)
		return boards.Update(ctx, bd)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// jobPosting is a valid posting body for the API; extra replaces or adds
// fields (a nil value deletes the field).
func jobPosting(title string, extra map[string]any) map[string]any {
	m := map[string]any{
		"title":           title,
		"description":     "We are hiring a **" + title + "** to join our laboratory team.",
		"employment_type": "FULL_TIME",
		"locations":       []string{"Basel, Switzerland"},
		"workplace":       "onsite",
		"category":        "Research & Development",
		"seniority":       "mid",
		"tags":            []string{"GMP"},
		"apply_url":       "https://careers.example/apply/" + strings.ReplaceAll(strings.ToLower(title), " ", "-"),
	}
	for k, v := range extra {
		if v == nil {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	return m
}

// jobSend sends a JSON request with the bearer token.
func jobSend(c *client, method, path string, body any, tok string) response {
	c.h.t.Helper()
	var raw string
	switch b := body.(type) {
	case nil:
		raw = "{}"
	case string:
		raw = b
	default:
		enc, _ := json.Marshal(b)
		raw = string(enc)
	}
	hdr := map[string]string{"Content-Type": "application/json"}
	if tok != "" {
		hdr["Authorization"] = "Bearer " + tok
	}
	return c.do(method, path, strings.NewReader(raw), hdr)
}

// create adds a draft job and returns its JSON.
func (tm *jobTeam) create(t *testing.T, body map[string]any) map[string]any {
	t.Helper()
	r := jobSend(tm.c, http.MethodPost, "/api/v1/companies/"+tm.companyID+"/jobs", body, tm.tok)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create job %v: %d %s", body["title"], r.StatusCode, r.body)
	}
	return r.json(t)
}

// action posts a team transition (submit, close, renew) of a job.
func (tm *jobTeam) action(id, verb string) response {
	return jobSend(tm.c, http.MethodPost, "/api/v1/jobs/"+id+"/"+verb, nil, tm.tok)
}

// patch replaces a job's posting.
func (tm *jobTeam) patch(id string, body map[string]any) response {
	return jobSend(tm.c, http.MethodPatch, "/api/v1/jobs/"+id, body, tm.tok)
}

// get reads a job with the team's token.
func (tm *jobTeam) get(t *testing.T, id string) map[string]any {
	t.Helper()
	r := tm.c.do(http.MethodGet, "/api/v1/jobs/"+id, nil, bearer(tm.tok))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("team GET job %s: %d %s", id, r.StatusCode, r.body)
	}
	return r.json(t)
}

// approve, reject and feature are the staff's job calls.
func (s jobStaffClient) approve(id string) response {
	return jobSend(s.c, http.MethodPost, "/api/v1/moderation/jobs/"+id+"/approve", nil, s.tok)
}

func (s jobStaffClient) reject(id, reason, message string) response {
	return jobSend(s.c, http.MethodPost, "/api/v1/moderation/jobs/"+id+"/reject", map[string]string{"reason": reason, "message": message}, s.tok)
}

func (s jobStaffClient) feature(id string, until *time.Time) response {
	body := map[string]any{"until": nil}
	if until != nil {
		body["until"] = until.UTC().Format(time.RFC3339)
	}
	return jobSend(s.c, http.MethodPost, "/api/v1/jobs/"+id+"/feature", body, s.tok)
}

// jobMustStatus asserts a 200 answer with the job in status want.
func jobMustStatus(t *testing.T, what string, r response, want string) map[string]any {
	t.Helper()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %s", what, r.StatusCode, r.body)
	}
	m := r.json(t)
	if m["status"] != want {
		t.Fatalf("%s: status %v, want %s", what, m["status"], want)
	}
	return m
}

// publishJob creates a job and takes it through submission and, when the
// board reviews jobs, approval by the owner. It returns the published job.
func (tm *jobTeam) publishJob(t *testing.T, owner jobStaffClient, body map[string]any) map[string]any {
	t.Helper()
	id := tm.create(t, body)["id"].(string)
	r := tm.action(id, "submit")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("submit %v: %d %s", body["title"], r.StatusCode, r.body)
	}
	if m := r.json(t); m["status"] == "published" {
		return m
	}
	return jobMustStatus(t, "approve "+id, owner.approve(id), "published")
}

// jobTimeOf parses an RFC 3339 JSON value; nil is the zero time.
func jobTimeOf(t *testing.T, v any) time.Time {
	t.Helper()
	if v == nil {
		return time.Time{}
	}
	s, ok := v.(string)
	if !ok {
		t.Fatalf("not a time: %v", v)
	}
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("time %q: %v", s, err)
	}
	return tm
}

// jobSetTime moves one of a job's times (expires_at, featured_until,
// published_at or closing_date) through the job repository, so that the
// board's caches forget what they showed.
func jobSetTime(t *testing.T, h *harness, column, id string, at time.Time) {
	t.Helper()
	jobs := store.NewJobs(h.db)
	err := h.db.RunInTx(context.Background(), func(ctx context.Context) error {
		var tenant string
		if err := h.db.NewRaw("SELECT tenant_id FROM jobs WHERE id = ?", id).Scan(ctx, &tenant); err != nil {
			return err
		}
		j, err := jobs.LockByID(ctx, domain.TenantID(tenant), id)
		if err != nil {
			return err
		}
		s := j.Snapshot()
		at := at.UTC()
		switch column {
		case "expires_at":
			s.ExpiresAt = &at
		case "featured_until":
			s.FeaturedUntil = &at
		case "published_at":
			s.PublishedAt = &at
		case "closing_date":
			s.Posting.ClosingDate = &at
		default:
			t.Fatalf("jobSetTime: unknown column %s", column)
		}
		return jobs.Update(ctx, domain.TenantID(tenant), job.Rehydrate(s))
	})
	if err != nil {
		t.Fatalf("set %s: %v", column, err)
	}
}

// jobPagePath is the canonical public path of a job's JSON.
func jobPagePath(j map[string]any) string {
	return "/jobs/" + j["id"].(string) + "/" + j["slug"].(string)
}

// jobIDs returns the ids of a list answer's items in order.
func jobIDs(t *testing.T, r response) []string {
	t.Helper()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("list: %d %s", r.StatusCode, r.body)
	}
	items, ok := r.json(t)["items"].([]any)
	if !ok {
		t.Fatalf("items is not a list: %.300s", r.body)
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.(map[string]any)["id"].(string)
	}
	return out
}

func jobContains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

var jobLDPattern = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// jobNoindex reports whether a page asks robots not to index it.
func jobNoindex(body string) bool {
	return strings.Contains(body, `<meta name="robots" content="noindex">`)
}

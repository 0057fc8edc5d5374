package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

const jobPostingPeriod = 30 * 24 * time.Hour

// jobRefusal is a lifecycle call that must be refused with 409.
type jobRefusal struct {
	name string
	call func() response
}

func jobExpectRefused(t *testing.T, state string, cases []jobRefusal) {
	t.Helper()
	for _, tc := range cases {
		r := tc.call()
		if r.StatusCode != http.StatusConflict {
			t.Errorf("%s on a %s job: %d, want 409 (%.300s)", tc.name, state, r.StatusCode, r.body)
			continue
		}
		if code := r.errorCode(t); code == "" {
			t.Errorf("%s on a %s job: 409 without an error code: %s", tc.name, state, r.body)
		}
	}
}

// jobSameTime compares two JSON times to the database's microsecond.
func jobSameTime(t *testing.T, a, b any) bool {
	t.Helper()
	return jobTimeOf(t, a).Truncate(time.Microsecond).Equal(jobTimeOf(t, b).Truncate(time.Microsecond))
}

// jobCheckPeriod asserts that a freshly published job runs for the
// posting period from its publication.
func jobCheckPeriod(t *testing.T, what string, j map[string]any, before time.Time) {
	t.Helper()
	pub, exp := jobTimeOf(t, j["published_at"]), jobTimeOf(t, j["expires_at"])
	if pub.Before(before.Add(-time.Second)) || pub.After(time.Now().Add(time.Second)) {
		t.Errorf("%s: published_at %v, want about now (%v)", what, pub, before)
	}
	if d := exp.Sub(pub) - jobPostingPeriod; d < -time.Second || d > time.Second {
		t.Errorf("%s: expires_at %v is %v after published_at %v, want 30 days", what, exp, exp.Sub(pub), pub)
	}
}

func TestJobLifecycleThroughTheAPI(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", false)
		anon := h.client(b.Host)
		until := time.Now().Add(7 * 24 * time.Hour)

		// Draft.
		d := tm.create(t, jobPosting("Senior Scientist", nil))
		id := d["id"].(string)
		if d["status"] != "draft" || d["published_at"] != nil || d["expires_at"] != nil || d["slug"] != "senior-scientist" {
			t.Fatalf("created: %v", d)
		}
		if r := tm.action(id, "submit"); r.StatusCode != http.StatusConflict || r.errorCode(t) != "company_not_published" {
			t.Fatalf("submit with an unpublished company: %d %s", r.StatusCode, r.body)
		}
		publish(t, h, b, tm.c, tm.tok, tm.companyID)
		jobExpectRefused(t, "draft", []jobRefusal{
			{"approve", func() response { return owner.approve(id) }},
			{"reject", func() response { return owner.reject(id, "spam", "no") }},
			{"close", func() response { return tm.action(id, "close") }},
			{"renew", func() response { return tm.action(id, "renew") }},
			{"feature", func() response { return owner.feature(id, &until) }},
		})

		// Pending.
		jobMustStatus(t, "submit", tm.action(id, "submit"), "pending")
		jobExpectRefused(t, "pending", []jobRefusal{
			{"submit", func() response { return tm.action(id, "submit") }},
			{"close", func() response { return tm.action(id, "close") }},
			{"renew", func() response { return tm.action(id, "renew") }},
			{"feature", func() response { return owner.feature(id, &until) }},
		})

		// Rejected: the team reads why, edits and resubmits.
		rj := jobMustStatus(t, "reject", owner.reject(id, "incomplete", "Add the salary range."), "rejected")
		if !strings.Contains(rj["rejection_reason"].(string), "Add the salary range.") {
			t.Fatalf("reject answer lacks the reason: %v", rj["rejection_reason"])
		}
		if got := tm.get(t, id); got["status"] != "rejected" || !strings.Contains(got["rejection_reason"].(string), "salary range") {
			t.Fatalf("team view of a rejected job: %v", got)
		}
		if r := anon.get("/api/v1/jobs/" + id); r.StatusCode != http.StatusNotFound || strings.Contains(r.body, "salary range") {
			t.Fatalf("public view of a rejected job: %d %s", r.StatusCode, r.body)
		}
		jobExpectRefused(t, "rejected", []jobRefusal{
			{"approve", func() response { return owner.approve(id) }},
			{"reject", func() response { return owner.reject(id, "spam", "again") }},
			{"close", func() response { return tm.action(id, "close") }},
			{"renew", func() response { return tm.action(id, "renew") }},
		})
		salary := map[string]any{"min": 70000, "max": 90000, "currency": "EUR", "period": "YEAR"}
		jobMustStatus(t, "edit rejected", tm.patch(id, jobPosting("Senior Scientist", map[string]any{"salary": salary})), "rejected")
		re := jobMustStatus(t, "resubmit", tm.action(id, "submit"), "pending")
		if re["rejection_reason"] != nil && re["rejection_reason"] != "" {
			t.Errorf("resubmitted job keeps its rejection reason: %v", re["rejection_reason"])
		}

		// Published for the board's posting period.
		before := time.Now()
		pub := jobMustStatus(t, "approve", owner.approve(id), "published")
		jobCheckPeriod(t, "approve", pub, before)
		if s, _ := pub["salary"].(map[string]any); s == nil || s["min"] != float64(70000) {
			t.Errorf("the edit made while rejected was lost: %v", pub["salary"])
		}
		jobExpectRefused(t, "published", []jobRefusal{
			{"approve", func() response { return owner.approve(id) }},
			{"reject", func() response { return owner.reject(id, "spam", "late") }},
			{"submit", func() response { return tm.action(id, "submit") }},
			{"renew", func() response { return tm.action(id, "renew") }},
		})
		if r := anon.get(jobPagePath(pub)); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Senior Scientist") {
			t.Fatalf("published page: %d", r.StatusCode)
		}

		// Edits to a published job stay live, under a new slug; the old
		// address redirects.
		ed := jobMustStatus(t, "edit published", tm.patch(id, jobPosting("Principal Scientist", map[string]any{"salary": salary})), "published")
		if !jobSameTime(t, ed["expires_at"], pub["expires_at"]) || !jobSameTime(t, ed["published_at"], pub["published_at"]) {
			t.Errorf("editing moved the publication window: %v/%v -> %v/%v", pub["published_at"], pub["expires_at"], ed["published_at"], ed["expires_at"])
		}
		if ids := jobIDs(t, anon.get("/api/v1/jobs?q=principal")); len(ids) != 1 || ids[0] != id {
			t.Errorf("edited job not found by its new title: %v", ids)
		}
		if r := anon.get("/jobs/" + id + "/senior-scientist"); r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != jobPagePath(ed) {
			t.Errorf("old slug: %d %q, want 301 to %s", r.StatusCode, r.Header.Get("Location"), jobPagePath(ed))
		}
		if r := anon.get(jobPagePath(ed)); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Principal Scientist") {
			t.Errorf("edited page: %d", r.StatusCode)
		}

		// Closed: off the board for good, its page answers 410.
		sibling := tm.publishJob(t, owner, jobPosting("Laboratory Technician", nil))
		jobMustStatus(t, "close", tm.action(id, "close"), "closed")
		jobExpectRefused(t, "closed", []jobRefusal{
			{"edit", func() response { return tm.patch(id, jobPosting("Reopened Scientist", nil)) }},
			{"submit", func() response { return tm.action(id, "submit") }},
			{"renew", func() response { return tm.action(id, "renew") }},
			{"close", func() response { return tm.action(id, "close") }},
			{"approve", func() response { return owner.approve(id) }},
			{"feature", func() response { return owner.feature(id, &until) }},
		})
		gone := anon.get(jobPagePath(ed))
		if gone.StatusCode != http.StatusGone || !jobNoindex(gone.body) || !strings.Contains(gone.body, jobPagePath(sibling)) {
			t.Errorf("closed page: %d noindex=%v similar listed=%v", gone.StatusCode, jobNoindex(gone.body), strings.Contains(gone.body, jobPagePath(sibling)))
		}
	})
}

func TestJobExpiryAndRenewal(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		anon := h.client(b.Host)
		j := tm.publishJob(t, owner, jobPosting("Quality Auditor", map[string]any{"category": "Quality"}))
		id := j["id"].(string)
		until := time.Now().Add(5 * 24 * time.Hour)
		jobMustStatus(t, "feature", owner.feature(id, &until), "published")
		if ids := jobIDs(t, anon.get("/api/v1/featured-jobs")); !jobContains(ids, id) {
			t.Fatalf("featured job not in the widget: %v", ids)
		}

		// Due but not yet expired by the scheduler: already off the board.
		jobSetTime(t, h, "expires_at", id, time.Now().Add(-time.Minute))
		if r := anon.get(jobPagePath(j)); r.StatusCode != http.StatusGone {
			t.Errorf("page of a job past its expiry: %d, want 410", r.StatusCode)
		}
		if ids := jobIDs(t, anon.get("/api/v1/featured-jobs")); jobContains(ids, id) {
			t.Errorf("job past its expiry still featured")
		}
		n, err := h.sys.Jobs.ExpireDue(ctx)
		if err != nil || n != 1 {
			t.Fatalf("ExpireDue = %d, %v; want 1", n, err)
		}
		// The paid featured period stays with the job (it is not shown while
		// expired) so that a renewal within it is featured again.
		exp := tm.get(t, id)
		if exp["status"] != "expired" || exp["featured_until"] == nil || exp["featured"] != false {
			t.Fatalf("after expiry: status %v featured_until %v featured %v", exp["status"], exp["featured_until"], exp["featured"])
		}
		if ids := jobIDs(t, anon.get("/api/v1/featured-jobs")); jobContains(ids, id) {
			t.Errorf("expired job still featured")
		}
		// An expired job may be edited (it stays expired), so that a passed
		// closing date can be moved before renewing.
		if r := tm.patch(id, jobPosting("Quality Auditor", map[string]any{"category": "Quality"})); r.StatusCode != http.StatusOK || r.json(t)["status"] != "expired" {
			t.Fatalf("edit an expired job: %d %.200s", r.StatusCode, r.body)
		}
		jobExpectRefused(t, "expired", []jobRefusal{
			{"submit", func() response { return tm.action(id, "submit") }},
			{"close", func() response { return tm.action(id, "close") }},
			{"approve", func() response { return owner.approve(id) }},
			{"feature", func() response { return owner.feature(id, &until) }},
		})

		// Renewal publishes it again for a fresh period, without review.
		before := time.Now()
		rn := jobMustStatus(t, "renew", tm.action(id, "renew"), "published")
		jobCheckPeriod(t, "renew", rn, before)
		if !jobTimeOf(t, rn["published_at"]).After(jobTimeOf(t, j["published_at"])) {
			t.Errorf("renewal kept the old published_at %v", rn["published_at"])
		}
		if r := anon.get(jobPagePath(rn)); r.StatusCode != http.StatusOK {
			t.Errorf("renewed page: %d", r.StatusCode)
		}
		if ids := jobIDs(t, anon.get("/api/v1/jobs")); !jobContains(ids, id) {
			t.Errorf("renewed job not listed: %v", ids)
		}
		if ids := jobIDs(t, anon.get("/api/v1/featured-jobs")); !jobContains(ids, id) {
			t.Errorf("renewed job within its paid period is not featured: %v", ids)
		}

		// A job whose closing date has passed cannot simply be renewed.
		jobSetTime(t, h, "expires_at", id, time.Now().Add(-time.Minute))
		if _, err := h.sys.Jobs.ExpireDue(ctx); err != nil {
			t.Fatal(err)
		}
		jobSetTime(t, h, "closing_date", id, time.Now().AddDate(0, 0, -3).Truncate(24*time.Hour))
		if r := tm.action(id, "renew"); r.StatusCode != http.StatusBadRequest || r.errorField(t, "closing_date") == "" {
			t.Errorf("renew after the closing date: %d %s", r.StatusCode, r.body)
		}
	})
}

func TestJobPendingEditReturnsToDraft(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		id := tm.create(t, jobPosting("Data Steward", nil))["id"].(string)
		jobMustStatus(t, "submit", tm.action(id, "submit"), "pending")
		jobMustStatus(t, "edit pending", tm.patch(id, jobPosting("Data Steward II", nil)), "draft")
		jobMustStatus(t, "resubmit", tm.action(id, "submit"), "pending")
	})
}

func TestJobPublishesDirectlyWhenReviewIsOff(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		jobSettings(t, h, b, func(s *jobBoardSettings) { s.ReviewJobs = false; s.PostingDurationDays = 14 })
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		id := tm.create(t, jobPosting("Process Engineer", nil))["id"].(string)
		j := jobMustStatus(t, "submit", tm.action(id, "submit"), "published")
		pub, exp := jobTimeOf(t, j["published_at"]), jobTimeOf(t, j["expires_at"])
		if d := exp.Sub(pub) - 14*24*time.Hour; d < -time.Second || d > time.Second {
			t.Errorf("posting period %v, want the board's 14 days", exp.Sub(pub))
		}
	})
}

func TestJobClosingDateCapsExpiry(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		today := time.Now().UTC().Truncate(24 * time.Hour)
		cases := []struct {
			name    string
			closing time.Time
			capped  bool
		}{
			{"closes in 10 days", today.AddDate(0, 0, 10), true},
			{"closes today", today, true},
			{"closes in 60 days", today.AddDate(0, 0, 60), false},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				j := tm.publishJob(t, owner, jobPosting("Clinical Lead "+tc.name, map[string]any{"closing_date": tc.closing.Format("2006-01-02"), "category": "Clinical"}))
				if j["closing_date"] != tc.closing.Format("2006-01-02") {
					t.Errorf("closing_date = %v", j["closing_date"])
				}
				exp, pub := jobTimeOf(t, j["expires_at"]), jobTimeOf(t, j["published_at"])
				want := pub.Add(jobPostingPeriod)
				if tc.capped {
					want = tc.closing.Add(24 * time.Hour)
				}
				if d := exp.Sub(want); d < -time.Second || d > time.Second {
					t.Errorf("expires_at %v, want %v", exp, want)
				}
			})
		}
		// Adding a closing date to a published job brings its expiry forward.
		j := tm.publishJob(t, owner, jobPosting("Clinical Monitor", map[string]any{"category": "Clinical"}))
		closing := today.AddDate(0, 0, 3)
		ed := jobMustStatus(t, "add closing date", tm.patch(j["id"].(string), jobPosting("Clinical Monitor", map[string]any{"category": "Clinical", "closing_date": closing.Format("2006-01-02")})), "published")
		if got := jobTimeOf(t, ed["expires_at"]); !got.Equal(closing.Add(24 * time.Hour)) {
			t.Errorf("expires_at after adding a closing date: %v, want %v", got, closing.Add(24*time.Hour))
		}
	})
}

// TestJobNonPublicStatesStayOffPublicPages puts one job in every state
// that is not open and checks every public list and page.
func TestJobNonPublicStatesStayOffPublicPages(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Zephyr Biologics", true)
		anon := h.client(b.Host)
		until := time.Now().Add(5 * 24 * time.Hour)
		mk := func(state string) map[string]any {
			return tm.create(t, jobPosting("Zymurgist "+state, nil))
		}
		open := tm.publishJob(t, owner, jobPosting("Zymurgist Open", nil))
		jobMustStatus(t, "feature open", owner.feature(open["id"].(string), &until), "published")

		jobs := map[string]map[string]any{}
		jobs["draft"] = mk("Draft")
		jobs["pending"] = mk("Pending")
		jobMustStatus(t, "submit pending", tm.action(jobs["pending"]["id"].(string), "submit"), "pending")
		jobs["rejected"] = mk("Rejected")
		tm.action(jobs["rejected"]["id"].(string), "submit")
		jobMustStatus(t, "reject", owner.reject(jobs["rejected"]["id"].(string), "spam", "not a real job"), "rejected")
		for _, state := range []string{"Expired", "Closed", "Overdue"} {
			j := tm.publishJob(t, owner, jobPosting("Zymurgist "+state, nil))
			jobMustStatus(t, "feature "+state, owner.feature(j["id"].(string), &until), "published")
			jobs[strings.ToLower(state)] = j
		}
		jobSetTime(t, h, "expires_at", jobs["expired"]["id"].(string), time.Now().Add(-time.Hour))
		if n, err := h.sys.Jobs.ExpireDue(ctx); err != nil || n != 1 {
			t.Fatalf("ExpireDue = %d, %v", n, err)
		}
		jobMustStatus(t, "close", tm.action(jobs["closed"]["id"].(string), "close"), "closed")
		// Overdue: past its expiry, before the scheduler has run.
		jobSetTime(t, h, "expires_at", jobs["overdue"]["id"].(string), time.Now().Add(-time.Minute))

		openID := open["id"].(string)
		lists := []struct {
			name string
			path string
			html bool
		}{
			{"API search", "/api/v1/jobs?q=zymurgist", false},
			{"API list", "/api/v1/jobs", false},
			{"API featured", "/api/v1/featured-jobs", false},
			{"API company jobs", "/api/v1/companies/" + tm.companyID + "/jobs", false},
			{"search page", "/jobs?q=zymurgist", true},
			{"jobs page", "/jobs", true},
			{"company page", "/companies/" + tm.companySlug, true},
			{"home page", "/", true},
		}
		for _, l := range lists {
			r := anon.get(l.path)
			if r.StatusCode != http.StatusOK {
				t.Errorf("%s: %d", l.name, r.StatusCode)
				continue
			}
			if !strings.Contains(r.body, openID) {
				t.Errorf("%s does not show the open job", l.name)
			}
			for state, j := range jobs {
				if strings.Contains(r.body, j["id"].(string)) || l.html && strings.Contains(r.body, j["title"].(string)) {
					t.Errorf("%s shows the %s job", l.name, state)
				}
			}
		}
		if ids := jobIDs(t, anon.get("/api/v1/jobs?q=zymurgist")); len(ids) != 1 {
			t.Errorf("search found %d jobs, want only the open one", len(ids))
		}

		for state, j := range jobs {
			wantPage := http.StatusNotFound
			if state == "expired" || state == "closed" || state == "overdue" {
				wantPage = http.StatusGone
			}
			r := anon.get(jobPagePath(j))
			if r.StatusCode != wantPage {
				t.Errorf("%s job page: %d, want %d", state, r.StatusCode, wantPage)
				continue
			}
			if !jobNoindex(r.body) {
				t.Errorf("%s job page is indexable", state)
			}
			if wantPage == http.StatusGone {
				if !strings.Contains(r.body, jobPagePath(open)) {
					t.Errorf("%s job page does not list a similar open job", state)
				}
				if strings.Contains(r.body, "application/ld+json") {
					t.Errorf("%s job page still carries JobPosting data", state)
				}
			}
			if r := anon.get(jobPagePath(j) + "/apply"); r.StatusCode < 400 || r.StatusCode >= 500 {
				t.Errorf("%s job apply link: %d, want 404 or 410", state, r.StatusCode)
			}
			if r := anon.get("/api/v1/jobs/" + j["id"].(string)); r.StatusCode != wantPage {
				t.Errorf("%s job in the API: %d, want %d", state, r.StatusCode, wantPage)
			}
		}
	})
}

// TestJobPastClosingDate follows a job whose closing date has passed: it
// cannot be renewed as it is, so the team must be able to move the date.
func TestJobPastClosingDate(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		today := time.Now().UTC().Truncate(24 * time.Hour)

		t.Run("expired by its closing date, then renewed", func(t *testing.T) {
			j := tm.publishJob(t, owner, jobPosting("Closing Chemist", map[string]any{"closing_date": today.Format("2006-01-02")}))
			id := j["id"].(string)
			// Two days later: the closing date has passed and the scheduler ran.
			jobSetTime(t, h, "closing_date", id, today.AddDate(0, 0, -2))
			jobSetTime(t, h, "expires_at", id, today.AddDate(0, 0, -1))
			if _, err := h.sys.Jobs.ExpireDue(ctx); err != nil {
				t.Fatal(err)
			}
			if r := tm.action(id, "renew"); r.StatusCode != http.StatusBadRequest || r.errorField(t, "closing_date") == "" {
				t.Fatalf("renew past the closing date: %d %s", r.StatusCode, r.body)
			}
			later := today.AddDate(0, 0, 20).Format("2006-01-02")
			r := tm.patch(id, jobPosting("Closing Chemist", map[string]any{"closing_date": later}))
			jobMustStatus(t, "move the closing date", r, "expired")
			rn := jobMustStatus(t, "renew", tm.action(id, "renew"), "published")
			if got := jobTimeOf(t, rn["expires_at"]); !got.After(time.Now()) {
				t.Errorf("renewed job expires at %v", got)
			}
		})

		t.Run("approved after its closing date", func(t *testing.T) {
			id := tm.create(t, jobPosting("Queued Chemist", map[string]any{"closing_date": today.Format("2006-01-02")}))["id"].(string)
			jobMustStatus(t, "submit", tm.action(id, "submit"), "pending")
			// The job waited in the queue past its closing date.
			jobSetTime(t, h, "closing_date", id, today.AddDate(0, 0, -3))
			r := owner.approve(id)
			if r.StatusCode == http.StatusOK {
				if exp := jobTimeOf(t, r.json(t)["expires_at"]); !exp.After(time.Now()) {
					t.Errorf("approved past its closing date: expires_at %s", exp.Format(time.RFC3339))
				}
				return
			}
			if r.StatusCode != http.StatusBadRequest && r.StatusCode != http.StatusConflict {
				t.Errorf("approve past the closing date: %d %s", r.StatusCode, r.body)
			}
		})
	})
}

package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestModerationPagesInTheBrowser(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f, other := h.newBoard("alpha"), h.newBoard("beta")
		jobSettings(t, h, f, func(s *jobBoardSettings) { s.BlockedWords = []string{"crypto"} })
		team := jobNewTeam(t, h, f, "eve@nova.example", "Nova Pharma", true)
		first := team.create(t, jobPosting("Lab Analyst", map[string]any{"description": "Paid in crypto, weekly."}))["id"].(string)
		jobMustStatus(t, "submit", team.action(first, "submit"), "pending")
		second := team.create(t, jobPosting("QA Lead", nil))["id"].(string)
		jobMustStatus(t, "submit", team.action(second, "submit"), "pending")
		third := team.create(t, jobPosting("Data Steward", nil))["id"].(string)
		jobMustStatus(t, "submit", team.action(third, "submit"), "pending")

		mod := modGrantModerator(t, h, f, "mia@alpha.example")
		b := billingBrowser(t, h, f.Host, "mia@alpha.example", "passphrase for mia@alpha.example")
		queue := b.page("/admin/moderation")
		for _, title := range []string{"Lab Analyst", "QA Lead", "Data Steward"} {
			if !strings.Contains(queue.body, title) {
				t.Errorf("queue lacks %s", title)
			}
		}
		if strings.Index(queue.body, "Lab Analyst") > strings.Index(queue.body, "QA Lead") {
			t.Error("queue is not oldest first")
		}
		if !strings.Contains(queue.body, "crypto") {
			t.Error("queue does not show the blocked-word signal")
		}
		if !strings.Contains(b.page("/").body, `href="/admin"`) {
			t.Error("the header has no link to the board's administration for a moderator")
		}
		seeOther(t, "a moderator's administration", b.get("/admin"), "/admin/moderation")

		// The item page shows the whole posting.
		item := b.page("/admin/moderation/jobs/" + first)
		if !strings.Contains(item.body, "Paid in crypto, weekly.") || !strings.Contains(item.body, "Basel, Switzerland") {
			t.Errorf("item page lacks the posting: %.2000s", item.body)
		}

		// Rejecting without a reason: the error sits next to that item's field.
		bad := b.submit(queue, "/admin/moderation/jobs/"+first+"/reject", url.Values{"reason": {""}})
		if bad.StatusCode != http.StatusBadRequest {
			t.Fatalf("reject without reason: %d, want 400", bad.StatusCode)
		}
		checkControlError(t, parseDoc(t, bad.body), "reason-"+first)

		sent := len(h.mails.Messages())
		r := b.submit(queue, "/admin/moderation/jobs/"+first+"/reject", url.Values{"reason": {"misleading"}, "message": {"Say the real salary."}})
		seeOther(t, "reject", r, "/admin/moderation")
		if got := team.get(t, first); got["status"] != "rejected" {
			t.Errorf("rejected job status %v", got["status"])
		}
		if msgs := h.mails.Messages(); len(msgs) != sent+1 || !strings.Contains(msgs[len(msgs)-1].Text, "Say the real salary.") {
			t.Errorf("rejection mail: %d new", len(msgs)-sent)
		}
		// Deciding again from a stale page is a conflict.
		if r := b.submit(queue, "/admin/moderation/jobs/"+first+"/approve", nil); r.StatusCode != http.StatusConflict {
			t.Errorf("approve a rejected job from a stale page: %d, want 409", r.StatusCode)
		}

		// Approve from the item page returns there.
		item = b.page("/admin/moderation/jobs/" + second)
		seeOther(t, "approve", b.submit(item, "/admin/moderation/jobs/"+second+"/approve", nil), "/admin/moderation/jobs/"+second)
		pub := team.get(t, second)
		if pub["status"] != "published" {
			t.Fatalf("approved job status %v", pub["status"])
		}

		// Bulk: ticking nothing is refused; ticking the last one approves it.
		queue = b.page("/admin/moderation")
		if r := b.submit(queue, "/admin/moderation/bulk", url.Values{"bulk_action": {"approve"}}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("bulk with nothing ticked: %d, want 400", r.StatusCode)
		}
		r = b.submit(queue, "/admin/moderation/bulk", url.Values{"bulk_action": {"approve"}, "item": {"job:" + third, "job:nonsense", "bogus"}})
		seeOther(t, "bulk", r, "/admin/moderation")
		if got := team.get(t, third); got["status"] != "published" {
			t.Errorf("bulk-approved job status %v", got["status"])
		}

		// Anyone can report a published job from its page; the report lands
		// in the queue, and the moderator can take the job down from there.
		visitor := newBrowser(t, h, f.Host)
		jobPage := visitor.page(jobPagePath(pub))
		action := jobPagePath(pub) + "/report"
		if r := visitor.submit(jobPage, action, url.Values{"reason": {""}}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("report without reason: %d, want 400", r.StatusCode)
		}
		seeOther(t, "report", visitor.submit(jobPage, action, url.Values{"reason": {"spam"}, "note": {"Same ad every day"}}), jobPagePath(pub))
		queue = b.page("/admin/moderation")
		if !strings.Contains(queue.body, "Same ad every day") {
			t.Fatalf("queue lacks the report: %.3000s", queue.body)
		}
		seeOther(t, "take down", b.submit(queue, "/admin/moderation/jobs/"+second+"/take-down", nil), "/admin/moderation")
		if r := visitor.get(jobPagePath(pub)); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusGone {
			t.Errorf("taken-down job page: %d, want 404 or 410", r.StatusCode)
		}
		item = b.page("/admin/moderation/jobs/" + second)
		seeOther(t, "restore", b.submit(item, "/admin/moderation/jobs/"+second+"/restore", nil), "/admin/moderation/jobs/"+second)
		visitor.page(jobPagePath(pub))

		// A company report works the same way from the profile page.
		profile := visitor.page("/companies/" + team.companySlug)
		seeOther(t, "report company", visitor.submit(profile, "/companies/"+team.companySlug+"/report", url.Values{"reason": {"other"}}), "/companies/"+team.companySlug)

		// Employers, candidates and other boards' staff are kept out.
		emp := billingBrowser(t, h, f.Host, "eve@nova.example", "passphrase for eve@nova.example")
		for _, path := range []string{"/admin/moderation", "/admin/moderation/jobs/" + second, "/admin/audit"} {
			if r := emp.get(path); r.StatusCode != http.StatusForbidden {
				t.Errorf("employer on %s: %d, want 403", path, r.StatusCode)
			}
		}
		if r := emp.postRaw(emp.page("/employer"), "/admin/moderation/jobs/"+second+"/take-down", url.Values{}); r.StatusCode != http.StatusForbidden {
			t.Errorf("employer taking a job down: %d, want 403", r.StatusCode)
		}
		modGrantModerator(t, h, other, "max@beta.example")
		ob := billingBrowser(t, h, other.Host, "max@beta.example", "passphrase for max@beta.example")
		if r := ob.get("/admin/moderation/jobs/" + second); r.StatusCode != http.StatusNotFound {
			t.Errorf("other board's moderator on the item: %d, want 404", r.StatusCode)
		}
		if r := ob.postRaw(ob.page("/admin/moderation"), "/admin/moderation/jobs/"+second+"/take-down", url.Values{}); r.StatusCode != http.StatusNotFound {
			t.Errorf("other board's moderator taking the job down: %d, want 404", r.StatusCode)
		}
		_ = mod

		// The audit log page is the owner's; filters narrow it.
		if r := b.get("/admin/audit"); r.StatusCode != http.StatusForbidden {
			t.Errorf("moderator on the audit log: %d, want 403", r.StatusCode)
		}
		owner := billingBrowser(t, h, f.Host, f.OwnerEmail, f.OwnerPass)
		log := owner.page("/admin/audit?action=job.reject")
		if !strings.Contains(log.body, "Moderator mia") || !strings.Contains(log.body, "<td>job.reject") || strings.Contains(log.body, "<td>job.approve") {
			t.Errorf("filtered audit page: %.3000s", log.body)
		}
		if r := owner.get("/admin/audit?before=yesterday"); r.StatusCode != http.StatusBadRequest {
			t.Errorf("bad cursor: %d, want 400", r.StatusCode)
		}
	})
}

package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/infra/store"
)

// modBoard is a board with its owner and a moderator signed in, and a
// published company whose team posts the jobs under review.
type modBoard struct {
	h     *harness
	f     fixture
	owner jobStaffClient
	mod   jobStaffClient
	team  *jobTeam
	// teamEmail is where the decisions about the team's items go;
	// setupMails counts those sent while setting the board up.
	teamEmail  string
	setupMails int
}

// modNewBoard creates board slug with default settings (jobs and profiles
// reviewed), a moderator and a published company.
func modNewBoard(t *testing.T, h *harness, slug string) *modBoard {
	t.Helper()
	f := h.newBoard(slug)
	email := "emma@" + slug + ".example"
	b := &modBoard{h: h, f: f, owner: jobOwnerOf(h, f), mod: modGrantModerator(t, h, f, "mia@"+slug+".example"),
		team: jobNewTeam(t, h, f, email, "Nova "+slug, true), teamEmail: email}
	b.setupMails = len(modMailsTo(h, email))
	return b
}

// teamMails returns the moderation messages sent to the team since the
// setup (which mails the approval of its company); receipts for their
// payments are left out, as billing_record_test.go counts those.
func (b *modBoard) teamMails() []app.Message {
	var out []app.Message
	for _, m := range modMailsTo(b.h, b.teamEmail)[b.setupMails:] {
		if !strings.HasPrefix(m.Subject, "Your receipt") {
			out = append(out, m)
		}
	}
	return out
}

// modUserID returns the id of the user a token belongs to.
func modUserID(t *testing.T, c *client, tok string) string {
	t.Helper()
	r := c.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(tok))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("me: %d %s", r.StatusCode, r.body)
	}
	u, _ := r.json(t)["user"].(map[string]any)
	id, _ := u["id"].(string)
	if id == "" {
		t.Fatalf("me without a user id: %s", r.body)
	}
	return id
}

// modGrantModerator signs email up on the board and makes them a
// moderator, as the seed does: a role row, then a policy refresh so the
// running enforcer sees it.
func modGrantModerator(t *testing.T, h *harness, f fixture, email string) jobStaffClient {
	t.Helper()
	c := h.client(f.Host)
	tok := c.signupAndLogin(email, "passphrase for "+email, "Moderator "+strings.Split(email, "@")[0])
	ctx := context.Background()
	if err := store.NewRoles(h.db).Grant(ctx, domain.TenantID(f.ID), modUserID(t, c, tok), account.RoleModerator); err != nil {
		t.Fatal(err)
	}
	if err := h.sys.Authz.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	return jobStaffClient{c: c, tok: tok}
}

// pending creates a job and submits it for review; it returns the job id.
func (b *modBoard) pending(t *testing.T, title string, extra map[string]any) string {
	t.Helper()
	id := b.team.create(t, jobPosting(title, extra))["id"].(string)
	jobMustStatus(t, "submit "+title, b.team.action(id, "submit"), "pending")
	return id
}

// published creates a job and has the owner publish it; it returns the job.
func (b *modBoard) published(t *testing.T, title string) map[string]any {
	t.Helper()
	return b.team.publishJob(t, b.owner, jobPosting(title, nil))
}

// pendingCompany registers a second company with its own team and submits
// it for review; it returns the company id and the team's e-mail.
func (b *modBoard) pendingCompany(t *testing.T, name string, extra map[string]any) (string, string) {
	t.Helper()
	email := "team@" + strings.ToLower(strings.ReplaceAll(name, " ", "")) + ".example"
	c, tok := employer(b.h, b.f, email)
	body := map[string]any{"name": name, "description": "About " + name + "."}
	for k, v := range extra {
		body[k] = v
	}
	id := registerCompany(t, c, tok, body)["id"].(string)
	if r := c.postJSON("/api/v1/companies/"+id+"/submit", "{}", bearer(tok)); r.StatusCode != http.StatusOK || r.json(t)["status"] != "pending" {
		t.Fatalf("submit company %s: %d %s", name, r.StatusCode, r.body)
	}
	return id, email
}

// act posts a moderation action on one item; kind is jobs or companies.
func (s jobStaffClient) act(kind, id, action string, body any) response {
	return jobSend(s.c, http.MethodPost, "/api/v1/moderation/"+kind+"/"+id+"/"+action, body, s.tok)
}

// bulk posts a bulk decision.
func (s jobStaffClient) bulk(body any) response {
	return jobSend(s.c, http.MethodPost, "/api/v1/moderation/bulk", body, s.tok)
}

// modItems returns the items of a 200 list answer.
func modItems(t *testing.T, what string, r response) []map[string]any {
	t.Helper()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %s", what, r.StatusCode, r.body)
	}
	raw, ok := r.json(t)["items"].([]any)
	if !ok {
		t.Fatalf("%s: items is not a list: %.300s", what, r.body)
	}
	out := make([]map[string]any, len(raw))
	for i, it := range raw {
		out[i] = it.(map[string]any)
	}
	return out
}

// queue reads the review queue.
func (s jobStaffClient) queue(t *testing.T) []map[string]any {
	t.Helper()
	return modItems(t, "queue", s.c.do(http.MethodGet, "/api/v1/moderation/queue", nil, bearer(s.tok)))
}

// audit reads the audit log with a query string such as "?action=job.approve".
func (s jobStaffClient) audit(t *testing.T, query string) []map[string]any {
	t.Helper()
	return modItems(t, "audit"+query, s.c.do(http.MethodGet, "/api/v1/audit"+query, nil, bearer(s.tok)))
}

// modFind returns the item with id, or nil.
func modFind(items []map[string]any, id string) map[string]any {
	for _, it := range items {
		if it["id"] == id {
			return it
		}
	}
	return nil
}

// modList returns the maps of a JSON list field ("changes", "signals",
// "reports").
func modList(it map[string]any, field string) []map[string]any {
	raw, _ := it[field].([]any)
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		out[i] = v.(map[string]any)
	}
	return out
}

// modMailsTo returns the messages sent to addr so far.
func modMailsTo(h *harness, addr string) []app.Message {
	var out []app.Message
	for _, m := range h.mails.Messages() {
		if m.To == addr && !isConfirmationMail(m) {
			out = append(out, m)
		}
	}
	return out
}

// modJobStatus reads a job's status from the database.
func modJobStatus(t *testing.T, b *modBoard, id string) job.Status {
	t.Helper()
	return billingJob(t, b.h, b.f.ID, id).Status
}

// modWant fails unless r has the status want (and, for errors, a code).
func modWant(t *testing.T, what string, r response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Errorf("%s: %d, want %d (%.300s)", what, r.StatusCode, want, r.body)
		return
	}
	if want >= 400 && r.errorCode(t) == "" {
		t.Errorf("%s: %d without an error code: %.300s", what, want, r.body)
	}
}

// modReport reports an item as the client, without an account.
func modReport(c *client, kind, id, reason, note string) response {
	return c.postJSON("/api/v1/"+kind+"/"+id+"/reports", map[string]string{"reason": reason, "note": note}, nil)
}

// TestModerationStaffOnly proves that only the board's own moderators and
// owners reach the queue and the actions, that refused calls change
// nothing, and that the audit log is for owners only.
func TestModerationStaffOnly(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := modNewBoard(t, h, "acme")
		beta := modNewBoard(t, h, "beta")
		jobID := acme.pending(t, "Protected Chemist", nil)
		companyID, _ := acme.pendingCompany(t, "Pending Labs", nil)
		live := acme.published(t, "Live Chemist")["id"].(string)
		auditBefore := len(acme.owner.audit(t, ""))

		candidate := h.client(acme.f.Host)
		candTok := candidate.signupAndLogin("cand@acme.example", "candidate passphrase", "Cand")
		// beta's moderator, with beta's token, on acme's host.
		foreign := jobStaffClient{c: h.client(acme.f.Host), tok: beta.mod.tok}
		// beta's moderator who also has an account on acme without a role.
		foreignAccount := h.client(acme.f.Host)
		foreignTok := foreignAccount.signupAndLogin("mia@beta.example", "another passphrase", "Mia elsewhere")
		mailsBefore := len(h.mails.Messages())
		outsiders := map[string]jobStaffClient{
			"anonymous":                    {c: h.client(acme.f.Host)},
			"employer":                     {c: acme.team.c, tok: acme.team.tok},
			"candidate":                    {c: candidate, tok: candTok},
			"other board's moderator":      foreign,
			"other board's moderator here": {c: foreignAccount, tok: foreignTok},
		}
		calls := map[string]func(s jobStaffClient) response{
			"queue": func(s jobStaffClient) response {
				return jobSend(s.c, http.MethodGet, "/api/v1/moderation/queue", nil, s.tok)
			},
			"approve":         func(s jobStaffClient) response { return s.act("jobs", jobID, "approve", nil) },
			"approve profile": func(s jobStaffClient) response { return s.act("companies", companyID, "approve", nil) },
			"reject": func(s jobStaffClient) response {
				return s.act("jobs", jobID, "reject", map[string]string{"reason": "spam", "message": "x"})
			},
			"bulk": func(s jobStaffClient) response {
				return s.bulk(map[string]any{"action": "approve", "items": []map[string]string{{"kind": "job", "id": jobID}}})
			},
			"take down":       func(s jobStaffClient) response { return s.act("jobs", live, "take-down", nil) },
			"restore":         func(s jobStaffClient) response { return s.act("jobs", live, "restore", nil) },
			"dismiss reports": func(s jobStaffClient) response { return s.act("jobs", live, "dismiss-reports", nil) },
			"audit":           func(s jobStaffClient) response { return jobSend(s.c, http.MethodGet, "/api/v1/audit", nil, s.tok) },
		}
		for who, s := range outsiders {
			for name, call := range calls {
				r := call(s)
				switch {
				case s.tok == "" || who == "other board's moderator":
					// No valid session on this board: not signed in.
					modWant(t, who+" "+name, r, http.StatusUnauthorized)
				case r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound:
					t.Errorf("%s %s: %d, want 403 or 404 (%.200s)", who, name, r.StatusCode, r.body)
				}
			}
		}
		// Nothing happened.
		if st := modJobStatus(t, acme, jobID); st != job.StatusPending {
			t.Errorf("refused calls left the job %s", st)
		}
		if st := billingCompany(t, h, acme.f.ID, companyID).Status; st != "pending" {
			t.Errorf("refused calls left the company %s", st)
		}
		if billingJob(t, h, acme.f.ID, live).TakenDownAt != nil {
			t.Error("refused take-down took the job down")
		}
		if n := len(h.mails.Messages()); n != mailsBefore {
			t.Errorf("refused calls sent %d mails", n-mailsBefore)
		}
		if n := len(acme.owner.audit(t, "")); n != auditBefore {
			t.Errorf("refused calls wrote %d audit entries", n-auditBefore)
		}

		// Beta's moderator reaches beta's queue, not acme's items.
		if it := modFind(beta.mod.queue(t), jobID); it != nil {
			t.Errorf("acme's job in beta's queue")
		}
		modWant(t, "beta's moderator approving acme's job on beta", beta.mod.act("jobs", jobID, "approve", nil), http.StatusNotFound)

		// Acme's moderator and owner do.
		if modFind(acme.mod.queue(t), jobID) == nil || modFind(acme.owner.queue(t), companyID) == nil {
			t.Error("staff do not see the pending items")
		}
		jobMustStatus(t, "moderator approves", acme.mod.act("jobs", jobID, "approve", nil), "published")
		if r := acme.owner.act("companies", companyID, "approve", nil); r.StatusCode != http.StatusOK || r.json(t)["status"] != "published" {
			t.Errorf("owner approves the profile: %d %s", r.StatusCode, r.body)
		}
		// The audit log is the owners'.
		modWant(t, "moderator reads the audit log", jobSend(acme.mod.c, http.MethodGet, "/api/v1/audit", nil, acme.mod.tok), http.StatusForbidden)
	})
}

// TestModerationQueueOrderAndEdits proves the queue lists pending jobs and
// profiles oldest first with their submitter, and that an edit of a
// published item shows its changes while the live version stays public
// until the edit is approved.
func TestModerationQueueOrderAndEdits(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		jobSettings(t, h, b.f, func(s *jobBoardSettings) { s.ReviewEdits = true })
		liveJob := b.published(t, "Analytical Chemist")
		liveID := liveJob["id"].(string)
		// The newer job is written first and submitted last: the queue
		// follows submission, not creation.
		newer := b.team.create(t, jobPosting("Newer Chemist", nil))["id"].(string)
		older := b.pending(t, "Older Chemist", nil)
		h.clock.Advance(30 * time.Minute)
		companyID, companyEmail := b.pendingCompany(t, "Middle Labs", nil)
		h.clock.Advance(30 * time.Minute)
		jobMustStatus(t, "submit the newer job", b.team.action(newer, "submit"), "pending")

		// An edit of the published job and of the published profile.
		// Description and apply URL stay those of the live title.
		edit := jobPosting("Analytical Chemist", map[string]any{"title": "Senior Analytical Chemist", "seniority": "senior"})
		if r := b.team.patch(liveID, edit); r.StatusCode != http.StatusOK {
			t.Fatalf("edit the live job: %d %s", r.StatusCode, r.body)
		}
		if r := patchJSON(b.team.c, "/api/v1/companies/"+b.team.companyID, map[string]any{"name": b.team.companyName, "description": "A new story."}, b.team.tok); r.StatusCode != http.StatusOK {
			t.Fatalf("edit the live profile: %d %s", r.StatusCode, r.body)
		}

		q := b.mod.queue(t)
		var order []string
		for _, it := range q {
			order = append(order, it["id"].(string))
		}
		want := []string{older, companyID, newer, liveID, b.team.companyID}
		if strings.Join(order, ",") != strings.Join(want, ",") {
			t.Fatalf("queue order %v, want %v (older job, company, newer job, job edit, profile edit)", order, want)
		}
		teamSubmitter := "Person emma <" + b.teamEmail + ">"
		for id, w := range map[string]struct{ kind, submitter string }{
			older: {"job", teamSubmitter}, companyID: {"company", "Person team <" + companyEmail + ">"}, liveID: {"job", teamSubmitter},
		} {
			it := modFind(q, id)
			if it["kind"] != w.kind || it["submitter"] != w.submitter || it["review"] != true {
				t.Errorf("queue item %s: kind %v submitter %v review %v, want %s by %s", id, it["kind"], it["submitter"], it["review"], w.kind, w.submitter)
			}
		}
		if it := modFind(q, older); it["is_edit"] != false || len(modList(it, "changes")) != 0 || it["company"] != b.team.companyName {
			t.Errorf("a new job is shown as an edit: %v", it)
		}
		jobEdit := modFind(q, liveID)
		changes := map[string][2]any{}
		for _, ch := range modList(jobEdit, "changes") {
			changes[ch["field"].(string)] = [2]any{ch["before"], ch["after"]}
		}
		if jobEdit["is_edit"] != true || changes["title"] != [2]any{"Analytical Chemist", "Senior Analytical Chemist"} ||
			changes["seniority"] != [2]any{"mid", "senior"} || len(changes) != 2 {
			t.Errorf("job edit in the queue: is_edit %v, changes %v", jobEdit["is_edit"], changes)
		}
		profileEdit := modFind(q, b.team.companyID)
		if pc := modList(profileEdit, "changes"); profileEdit["is_edit"] != true || len(pc) != 1 || pc[0]["field"] != "description" || pc[0]["after"] != "A new story." {
			t.Errorf("profile edit in the queue: %v", profileEdit)
		}

		// The live versions stay public until the edits are approved.
		anon := h.client(b.f.Host)
		publicTitle := func() any {
			r := anon.get("/api/v1/jobs/" + liveID)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("public job: %d %s", r.StatusCode, r.body)
			}
			return r.json(t)["title"]
		}
		if got := publicTitle(); got != "Analytical Chemist" {
			t.Errorf("public title during review: %v", got)
		}
		if r := anon.get("/companies/" + b.team.companySlug); r.StatusCode != http.StatusOK || strings.Contains(r.body, "A new story.") {
			t.Errorf("public profile during review: %d, shows the edit %v", r.StatusCode, strings.Contains(r.body, "A new story."))
		}
		jobMustStatus(t, "approve the job edit", b.mod.act("jobs", liveID, "approve", nil), "published")
		if got := publicTitle(); got != "Senior Analytical Chemist" {
			t.Errorf("public title after approval: %v", got)
		}
		// Rejecting the profile edit keeps the live profile.
		if r := b.mod.act("companies", b.team.companyID, "reject", map[string]string{"reason": "misleading", "message": "Say what you do."}); r.StatusCode != http.StatusOK || r.json(t)["status"] != "published" {
			t.Fatalf("reject the profile edit: %d %s", r.StatusCode, r.body)
		}
		if r := anon.get("/companies/" + b.team.companySlug); r.StatusCode != http.StatusOK || strings.Contains(r.body, "A new story.") {
			t.Errorf("profile after the rejected edit: %d, shows the edit %v", r.StatusCode, strings.Contains(r.body, "A new story."))
		}
		q = b.mod.queue(t)
		if modFind(q, liveID) != nil || modFind(q, b.team.companyID) != nil {
			t.Errorf("decided edits still in the queue")
		}
		if m := b.teamMails(); len(m) == 0 || !strings.Contains(m[len(m)-1].Text, "published version stays") {
			t.Errorf("the team was not told the edit was refused: %v", m)
		}
	})
}

// TestModerationDecidesOnce proves that deciding twice, or on a taken-down
// item, is 409 and sends no second e-mail.
func TestModerationDecidesOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		reject := map[string]string{"reason": "incomplete", "message": "Add a salary."}
		approved := b.pending(t, "Approved Chemist", nil)
		rejected := b.pending(t, "Rejected Chemist", nil)
		downed := b.pending(t, "Downed Chemist", nil)
		companyID, companyEmail := b.pendingCompany(t, "Twice Labs", nil)
		downedCompany, _ := b.pendingCompany(t, "Downed Labs", nil)
		modWant(t, "take down a pending profile", b.mod.act("companies", downedCompany, "take-down", nil), http.StatusOK)

		jobMustStatus(t, "approve", b.mod.act("jobs", approved, "approve", nil), "published")
		jobMustStatus(t, "reject", b.mod.act("jobs", rejected, "reject", reject), "rejected")
		modWant(t, "approve a profile", b.mod.act("companies", companyID, "approve", nil), http.StatusOK)
		modWant(t, "take down a pending job", b.mod.act("jobs", downed, "take-down", map[string]string{"reason": "scam"}), http.StatusOK)
		teamMails, companyMails := len(b.teamMails()), len(modMailsTo(h, companyEmail))
		if teamMails != 2 || companyMails != 1 {
			t.Fatalf("decision mails: team %d, company %d; want 2 and 1", teamMails, companyMails)
		}

		for _, tc := range []struct {
			name string
			r    response
		}{
			{"approve twice", b.owner.act("jobs", approved, "approve", nil)},
			{"reject an approved job", b.owner.act("jobs", approved, "reject", reject)},
			{"reject twice", b.mod.act("jobs", rejected, "reject", reject)},
			{"approve a rejected job", b.mod.act("jobs", rejected, "approve", nil)},
			{"approve a profile twice", b.mod.act("companies", companyID, "approve", nil)},
			{"reject an approved profile", b.mod.act("companies", companyID, "reject", reject)},
			{"approve a taken-down job", b.mod.act("jobs", downed, "approve", nil)},
			{"reject a taken-down job", b.mod.act("jobs", downed, "reject", reject)},
			{"take down twice", b.mod.act("jobs", downed, "take-down", nil)},
			{"approve a taken-down profile", b.mod.act("companies", downedCompany, "approve", nil)},
			{"reject a taken-down profile", b.mod.act("companies", downedCompany, "reject", reject)},
			{"restore a job that is up", b.mod.act("jobs", approved, "restore", nil)},
		} {
			modWant(t, tc.name, tc.r, http.StatusConflict)
		}
		if n, m := len(b.teamMails()), len(modMailsTo(h, companyEmail)); n != teamMails || m != companyMails {
			t.Errorf("refused decisions sent mail: team %d→%d, company %d→%d", teamMails, n, companyMails, m)
		}
		if st := modJobStatus(t, b, downed); st != job.StatusPending {
			t.Errorf("taken-down job changed to %s", st)
		}
		// Unknown items and actions are 404, not 500.
		modWant(t, "approve a missing job", b.mod.act("jobs", "no-such-job", "approve", nil), http.StatusNotFound)
		modWant(t, "unknown kind", b.mod.act("widgets", approved, "approve", nil), http.StatusNotFound)
		modWant(t, "unknown action", b.mod.act("jobs", approved, "publish", nil), http.StatusNotFound)
		modWant(t, "reject with a broken body", b.mod.act("jobs", approved, "reject", `{"reason":`), http.StatusBadRequest)
		if r := b.mod.act("jobs", approved, "take-down", map[string]string{"reason": strings.Repeat("r", 2001)}); r.StatusCode != http.StatusBadRequest || r.errorField(t, "reason") == "" {
			t.Errorf("take-down with an over-long reason: %d %s, want 400 naming reason", r.StatusCode, r.body)
		}
		if billingJob(t, h, b.f.ID, approved).TakenDownAt != nil {
			t.Error("a refused take-down took the job down")
		}
	})
}

// TestModerationRejectRefundsOnce proves that rejecting a paid posting
// refunds it once through the gateway, and that a second rejection
// neither refunds nor mails again.
func TestModerationRejectRefundsOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		billingSetPrice(t, &billingShop{h: h, f: b.f, owner: b.owner, team: b.team}, "job_posting", 2500, 30)
		id := b.team.create(t, jobPosting("Paid Chemist", nil))["id"].(string)
		o := billingMustBuy(t, b.team, map[string]any{"product": "job_posting", "job_id": id})
		billingDeliver(t, h, b.f.Host, billingCompleted(t, o))
		if st := modJobStatus(t, b, id); st != job.StatusPending {
			t.Fatalf("paid posting: %s, want pending review", st)
		}
		dev := billingDevGateway(t, h)
		refundsBefore := len(dev.Refunds())

		r := b.mod.act("jobs", id, "reject", map[string]string{"reason": "duplicate", "message": "Posted last week."})
		jobMustStatus(t, "reject the paid posting", r, "rejected")
		if n := len(dev.Refunds()) - refundsBefore; n != 1 {
			t.Fatalf("refunds after rejecting: %d, want 1", n)
		}
		billingWantStatus(t, h, o, billing.StatusRefunded)
		m := b.teamMails()
		if len(m) != 1 || !strings.Contains(m[0].Text, "refunded") || !strings.Contains(m[0].Text, "Duplicate: Posted last week.") {
			t.Fatalf("rejection mails: %+v", m)
		}

		modWant(t, "reject again", b.mod.act("jobs", id, "reject", map[string]string{"reason": "duplicate"}), http.StatusConflict)
		// Stripe's own refund notice arrives later and changes nothing.
		billingDeliver(t, h, b.f.Host, billingRefunded(t, o))
		if n := len(dev.Refunds()) - refundsBefore; n != 1 {
			t.Errorf("refunds after rejecting twice: %d, want 1", n)
		}
		if n := len(b.teamMails()); n != 1 {
			t.Errorf("mails after rejecting twice: %d, want 1", n)
		}
		if st := modJobStatus(t, b, id); st != job.StatusRejected {
			t.Errorf("job after the refund notice: %s, want rejected", st)
		}
	})
}

// TestModerationRejectNeedsAReason proves that a rejection needs one of
// the reason codes (and a message for "other"), answered with 400 naming
// the field, and that the employer is mailed each decision.
func TestModerationRejectNeedsAReason(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		id := b.pending(t, "Unclear Chemist", nil)
		for _, tc := range []struct {
			name  string
			body  any
			field string
		}{
			{"no reason", map[string]string{"message": "bad"}, "reason"},
			{"unknown reason", map[string]string{"reason": "rude"}, "reason"},
			{"upper-case reason", map[string]string{"reason": "SPAM"}, "reason"},
			{"other without a message", map[string]string{"reason": "other", "message": "  "}, "message"},
			{"message too long", map[string]string{"reason": "spam", "message": strings.Repeat("x", 2001)}, "message"},
			{"reason too long", map[string]string{"reason": strings.Repeat("spam", 20)}, "reason"},
			{"reason of the wrong type", `{"reason": 7}`, "reason"},
		} {
			r := b.mod.act("jobs", id, "reject", tc.body)
			modWant(t, tc.name, r, http.StatusBadRequest)
			if r.StatusCode == http.StatusBadRequest && r.errorField(t, tc.field) == "" {
				t.Errorf("%s: no message for field %s: %s", tc.name, tc.field, r.body)
			}
		}
		if st := modJobStatus(t, b, id); st != job.StatusPending {
			t.Fatalf("invalid rejections left the job %s", st)
		}
		if n := len(b.teamMails()); n != 0 {
			t.Fatalf("invalid rejections sent %d mails", n)
		}

		for i, reason := range []string{"spam", "misleading", "duplicate", "discriminatory", "incomplete", "other"} {
			id := b.pending(t, fmt.Sprintf("Chemist %d", i), nil)
			msg := "Because of " + reason + "."
			jobMustStatus(t, "reject "+reason, b.mod.act("jobs", id, "reject", map[string]string{"reason": reason, "message": msg}), "rejected")
			m := b.teamMails()
			if len(m) != i+1 {
				t.Fatalf("after rejecting for %s: %d mails, want %d", reason, len(m), i+1)
			}
			last := m[len(m)-1]
			label := strings.ToUpper(reason[:1]) + reason[1:]
			if !strings.Contains(last.Subject, fmt.Sprintf("Chemist %d", i)) || !strings.Contains(last.Text, "not approved") || !strings.Contains(last.Text, label+": "+msg) {
				t.Errorf("mail for %s: %q / %q", reason, last.Subject, last.Text)
			}
			if got := b.team.get(t, id)["rejection_reason"]; got != label+": "+msg {
				t.Errorf("the team sees rejection reason %v", got)
			}
		}
		// Approval is mailed too.
		id = b.pending(t, "Clear Chemist", nil)
		jobMustStatus(t, "approve", b.mod.act("jobs", id, "approve", nil), "published")
		if m := b.teamMails(); !strings.Contains(m[len(m)-1].Subject, "Clear Chemist is approved") {
			t.Errorf("approval mail: %q", m[len(m)-1].Subject)
		}
	})
}

// modSurfaces lists every public place a job shows up, with a check of
// whether it is there.
func modSurfaces(t *testing.T, b *modBoard, j map[string]any) map[string]bool {
	t.Helper()
	anon := b.h.client(b.f.Host)
	id := j["id"].(string)
	page := jobPagePath(j)
	word, _, _ := strings.Cut(j["title"].(string), " ")
	has := func(path, needle string) bool {
		r := anon.get(path)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %.300s", path, r.StatusCode, r.body)
		}
		return strings.Contains(r.body, needle)
	}
	return map[string]bool{
		"/jobs":                  has("/jobs", page),
		"/jobs?q=":               has("/jobs?q="+word, page),
		"/api/v1/jobs":           jobContains(jobIDs(t, anon.get("/api/v1/jobs")), id),
		"/api/v1/jobs?q=":        jobContains(jobIDs(t, anon.get("/api/v1/jobs?q="+word)), id),
		"/api/v1/featured-jobs":  jobContains(jobIDs(t, anon.get("/api/v1/featured-jobs")), id),
		"/api/v1/jobs/{id}":      anon.get("/api/v1/jobs/"+id).StatusCode == http.StatusOK,
		"/api/v1/companies/jobs": jobContains(jobIDs(t, anon.get("/api/v1/companies/"+b.team.companyID+"/jobs")), id),
		"/feed.xml":              has("/feed.xml", page),
		"/jobs.xml":              has("/jobs.xml", page),
		"/sitemap.xml":           has("/sitemap.xml", page),
		"/sitemaps/jobs-0.xml":   has("/sitemaps/jobs-0.xml", page),
		"/embed/featured-jobs":   has("/embed/featured-jobs", "/embed/click/"+id),
		"/":                      has("/", page),
		"job page":               anon.get(page).StatusCode == http.StatusOK,
		"company page":           has("/companies/"+b.team.companySlug, page),
	}
}

// modWantSurfaces fails unless the job is on every surface (want true)
// or on none.
func modWantSurfaces(t *testing.T, when string, got map[string]bool, want bool) {
	t.Helper()
	for where, there := range got {
		if there != want {
			t.Errorf("%s: job on %s = %v, want %v", when, where, there, want)
		}
	}
}

// TestModerationTakeDownHidesEverywhere proves a taken-down job leaves
// every public page, list, feed, sitemap and widget at once, and that
// restoring brings it back; the same for a company's profile.
func TestModerationTakeDownHidesEverywhere(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		j := b.published(t, "Vanishing Chemist")
		id := j["id"].(string)
		until := time.Now().Add(7 * 24 * time.Hour)
		jobMustStatus(t, "feature", b.owner.feature(id, &until), "published")
		modWantSurfaces(t, "before the take-down", modSurfaces(t, b, j), true)

		r := b.mod.act("jobs", id, "take-down", map[string]string{"reason": "fraud"})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("take down: %d %s", r.StatusCode, r.body)
		}
		modWantSurfaces(t, "after the take-down", modSurfaces(t, b, j), false)
		if r := h.client(b.f.Host).get(jobPagePath(j)); r.StatusCode != http.StatusNotFound {
			t.Errorf("taken-down job page: %d, want 404", r.StatusCode)
		}
		// The team still sees it, and it cannot be reported any more.
		if got := b.team.get(t, id); got["id"] != id {
			t.Errorf("team lost the job: %v", got)
		}
		modWant(t, "report a taken-down job", modReport(h.client(b.f.Host), "jobs", id, "spam", ""), http.StatusNotFound)

		jobMustStatus(t, "restore", b.mod.act("jobs", id, "restore", nil), "published")
		modWantSurfaces(t, "after the restore", modSurfaces(t, b, j), true)

		// A taken-down company leaves the directory with its jobs.
		modWant(t, "take down the company", b.mod.act("companies", b.team.companyID, "take-down", nil), http.StatusOK)
		anon := h.client(b.f.Host)
		if r := anon.get("/companies/" + b.team.companySlug); r.StatusCode != http.StatusNotFound {
			t.Errorf("taken-down company page: %d, want 404", r.StatusCode)
		}
		if r := anon.get("/companies"); strings.Contains(r.body, "/companies/"+b.team.companySlug+"\"") {
			t.Errorf("taken-down company listed in the directory")
		}
		if ids := jobIDs(t, anon.get("/api/v1/companies")); jobContains(ids, b.team.companyID) {
			t.Errorf("taken-down company in /api/v1/companies")
		}
		if r := anon.get("/sitemap.xml"); strings.Contains(r.body, "/companies/"+b.team.companySlug) || strings.Contains(r.body, jobPagePath(j)) {
			t.Errorf("taken-down company or its job still in the sitemap")
		}
		if jobContains(jobIDs(t, anon.get("/api/v1/jobs")), id) {
			t.Errorf("job of a taken-down company still listed")
		}
		modWant(t, "restore the company", b.mod.act("companies", b.team.companyID, "restore", nil), http.StatusOK)
		modWantSurfaces(t, "after restoring the company", modSurfaces(t, b, j), true)
	})
}

// TestModerationReports proves anyone can report a public job or company
// without an account, that reports are grouped per item and reason in the
// queue, that reporting is rate-limited per client, and that drafts and
// other boards' items cannot be reported.
func TestModerationReports(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		beta := modNewBoard(t, h, "beta")
		live := b.published(t, "Reported Chemist")["id"].(string)
		draft := b.team.create(t, jobPosting("Draft Chemist", nil))["id"].(string)
		pendingID := b.pending(t, "Pending Chemist", nil)
		betaJob := beta.published(t, "Beta Chemist")["id"].(string)

		visitor := func(ip string) *client {
			c := h.client(b.f.Host)
			c.ip = ip
			return c
		}
		for i, rep := range []struct{ reason, note string }{
			{"spam", "Seen on five boards."}, {"spam", ""}, {"misleading", "The salary is fake."},
		} {
			modWant(t, "report "+rep.reason, modReport(visitor(fmt.Sprintf("203.0.113.%d", i+1)), "jobs", live, rep.reason, rep.note), http.StatusCreated)
		}
		// Companies can be reported too.
		modWant(t, "report the company", modReport(visitor("203.0.113.9"), "companies", b.team.companyID, "discriminatory", "Only young people."), http.StatusCreated)

		for _, tc := range []struct {
			name, kind, id, reason string
			want                   int
		}{
			{"no reason", "jobs", live, "", http.StatusBadRequest},
			{"unknown reason", "jobs", live, "boring", http.StatusBadRequest},
			{"a draft", "jobs", draft, "spam", http.StatusNotFound},
			{"a pending job", "jobs", pendingID, "spam", http.StatusNotFound},
			{"another board's job", "jobs", betaJob, "spam", http.StatusNotFound},
			{"a missing job", "jobs", "no-such-job", "spam", http.StatusNotFound},
			{"an unknown kind", "widgets", live, "spam", http.StatusNotFound},
		} {
			r := modReport(visitor("198.51.100.7"), tc.kind, tc.id, tc.reason, "")
			modWant(t, "report "+tc.name, r, tc.want)
			if tc.want == http.StatusBadRequest && r.errorField(t, "reason") == "" {
				t.Errorf("report %s: no reason field in %s", tc.name, r.body)
			}
		}
		if r := modReport(visitor("198.51.100.7"), "jobs", live, "other", strings.Repeat("n", 2001)); r.StatusCode != http.StatusBadRequest || r.errorField(t, "note") == "" {
			t.Errorf("over-long note: %d %s", r.StatusCode, r.body)
		}

		q := b.mod.queue(t)
		it := modFind(q, live)
		if it == nil {
			t.Fatalf("reported job not in the queue: %v", q)
		}
		groups := map[string]map[string]any{}
		for _, g := range modList(it, "reports") {
			groups[g["reason"].(string)] = g
		}
		if len(groups) != 2 || groups["spam"]["count"] != 2.0 || groups["misleading"]["count"] != 1.0 || it["review"] != false {
			t.Errorf("reports of the job: review %v, %v", it["review"], groups)
		}
		if notes, _ := groups["spam"]["notes"].([]any); len(notes) != 1 || notes[0] != "Seen on five boards." {
			t.Errorf("spam notes: %v", groups["spam"]["notes"])
		}
		if c := modFind(q, b.team.companyID); c == nil || len(modList(c, "reports")) != 1 {
			t.Errorf("reported company in the queue: %v", c)
		}
		if modFind(beta.mod.queue(t), live) != nil {
			t.Error("acme's reports in beta's queue")
		}

		// Dismissing closes the reports; the job stays up.
		modWant(t, "dismiss", b.mod.act("jobs", live, "dismiss-reports", nil), http.StatusOK)
		if modFind(b.mod.queue(t), live) != nil {
			t.Error("dismissed reports still in the queue")
		}
		if st := modJobStatus(t, b, live); st != job.StatusPublished {
			t.Errorf("dismissing changed the job to %s", st)
		}
		// Taking down closes them as well.
		modWant(t, "report again", modReport(visitor("203.0.113.20"), "jobs", live, "spam", ""), http.StatusCreated)
		modWant(t, "take down", b.mod.act("jobs", live, "take-down", nil), http.StatusOK)
		if modFind(b.mod.queue(t), live) != nil {
			t.Error("reports of a taken-down job still in the queue")
		}

		// The limit counts per client address and board.
		flood := visitor("192.0.2.50")
		for i := 0; i < 10; i++ {
			modWant(t, fmt.Sprintf("report %d", i+1), modReport(flood, "companies", b.team.companyID, "spam", ""), http.StatusCreated)
		}
		r := modReport(flood, "companies", b.team.companyID, "spam", "")
		modWant(t, "report past the limit", r, http.StatusTooManyRequests)
		if r.Header.Get("Retry-After") == "" {
			t.Errorf("429 without Retry-After")
		}
		modWant(t, "another client", modReport(visitor("192.0.2.51"), "companies", b.team.companyID, "spam", ""), http.StatusCreated)
		betaFlood := h.client(beta.f.Host)
		betaFlood.ip = "192.0.2.50"
		modWant(t, "same client on another board", modReport(betaFlood, "jobs", betaJob, "spam", ""), http.StatusCreated)
	})
}

// TestModerationSignals proves blocked words and domains show as signals
// in the queue without publishing or rejecting anything.
func TestModerationSignals(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		jobSettings(t, h, b.f, func(s *jobBoardSettings) {
			s.BlockedWords = []string{"crypto", "work from home"}
			s.BlockedDomains = []string{"scam.example"}
		})
		word := b.pending(t, "Crypto Chemist", map[string]any{"description": "Earn fast: Work From Home!"})
		domainJob := b.pending(t, "Careful Chemist", map[string]any{"apply_url": "https://apply.scam.example/now"})
		linked := b.pending(t, "Linked Chemist", map[string]any{"description": "Details at https://www.scam.example/info."})
		hyphen := b.pending(t, "Hyphen Chemist", map[string]any{"description": "Paid in crypto-currency."})
		clean := b.pending(t, "Clean Chemist", map[string]any{"description": "Cryptography, cryptic puzzles; homework from time to time."})
		companyID, _ := b.pendingCompany(t, "Crypto Labs", map[string]any{"website": "https://scam.example"})

		q := b.mod.queue(t)
		codes := func(id string) string {
			it := modFind(q, id)
			if it == nil {
				t.Fatalf("%s not in the queue", id)
			}
			var out []string
			for _, s := range modList(it, "signals") {
				out = append(out, s["code"].(string))
				if s["message"] == "" {
					t.Errorf("signal %v without a message", s)
				}
			}
			return strings.Join(out, ",")
		}
		for id, want := range map[string]string{word: "blocked_word", domainJob: "blocked_domain", linked: "blocked_domain", companyID: "blocked_word,blocked_domain"} {
			if got := codes(id); got != want {
				t.Errorf("signals of %s: %q, want %q", id, got, want)
			}
		}
		// Words match whole: "crypto-currency" holds crypto, "cryptography" does not.
		if got := codes(hyphen); got != "blocked_word" {
			t.Errorf("signals of the hyphenated mention: %q", got)
		}
		if got := codes(clean); got != "" {
			t.Errorf("signals of a clean job: %q", got)
		}
		for _, id := range []string{word, domainJob, linked, hyphen, clean} {
			if st := modJobStatus(t, b, id); st != job.StatusPending {
				t.Errorf("a signal changed job %s to %s", id, st)
			}
		}
		if st := billingCompany(t, h, b.f.ID, companyID).Status; st != "pending" {
			t.Errorf("a signal changed the company to %s", st)
		}
		// The moderator still decides.
		jobMustStatus(t, "approve despite a signal", b.mod.act("jobs", domainJob, "approve", nil), "published")
	})
}

// modStates decodes an audit entry's before and after JSON.
func modStates(t *testing.T, e map[string]any) (before, after map[string]any) {
	t.Helper()
	dec := func(s any) map[string]any {
		str, _ := s.(string)
		if str == "" {
			return nil
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(str), &m); err != nil {
			t.Fatalf("audit state %q: %v", str, err)
		}
		return m
	}
	return dec(e["before"]), dec(e["after"])
}

// modStaffRole picks the staff role out of an entry's roles: the actor
// also holds the candidate role every account gets.
func modStaffRole(roles string) string {
	for _, r := range []string{"owner", "moderator"} {
		for _, held := range strings.Split(roles, ",") {
			if held == r {
				return r
			}
		}
	}
	return roles
}

// TestModerationAuditLog proves each action is recorded with its actor,
// role and the item's state before and after, that filters work, and that
// no route changes or removes an entry.
func TestModerationAuditLog(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		beta := modNewBoard(t, h, "beta")
		approved := b.pending(t, "Audited Chemist", nil)
		rejected := b.pending(t, "Refused Chemist", nil)
		jobMustStatus(t, "approve", b.mod.act("jobs", approved, "approve", nil), "published")
		jobMustStatus(t, "reject", b.owner.act("jobs", rejected, "reject", map[string]string{"reason": "spam", "message": "Bot text."}), "rejected")
		modWant(t, "take down", b.mod.act("jobs", approved, "take-down", map[string]string{"reason": "court order"}), http.StatusOK)
		modWant(t, "restore", b.owner.act("jobs", approved, "restore", nil), http.StatusOK)

		all := b.owner.audit(t, "?kind=job")
		type row struct{ action, item, role, actor string }
		var got []row
		for _, e := range all {
			got = append(got, row{e["action"].(string), e["item_id"].(string), modStaffRole(e["role"].(string)), e["actor"].(string)})
		}
		owner, mod := "Owner acme <"+b.f.OwnerEmail+">", "Moderator mia <mia@acme.example>"
		// Newest first; kind=job leaves out the setup's approval of the company.
		want := []row{
			{"job.restore", approved, "owner", owner},
			{"job.take_down", approved, "moderator", mod},
			{"job.reject", rejected, "owner", owner},
			{"job.approve", approved, "moderator", mod},
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("audit log:\n%v\nwant\n%v", got, want)
		}
		for i, st := range [][2]string{{"published", "published"}, {"published", "published"}, {"pending", "rejected"}, {"pending", "published"}} {
			before, after := modStates(t, all[i])
			if before["status"] != st[0] || after["status"] != st[1] {
				t.Errorf("%s: status %v → %v, want %s → %s", want[i].action, before["status"], after["status"], st[0], st[1])
			}
		}
		if before, after := modStates(t, all[1]); before["taken_down_at"] != nil || after["taken_down_at"] == nil || all[1]["note"] != "court order" {
			t.Errorf("take-down entry: %v → %v, note %v", before, after, all[1]["note"])
		}
		if _, after := modStates(t, all[2]); after["reason"] != "Spam: Bot text." {
			t.Errorf("reject entry after: %v", after)
		}
		for _, e := range all {
			if at := jobTimeOf(t, e["at"]); time.Since(at) > time.Minute || e["id"] == "" {
				t.Errorf("entry %v: at %v", e["id"], at)
			}
		}

		// Filters.
		if f := b.owner.audit(t, "?action=job.reject"); len(f) != 1 || f[0]["item_id"] != rejected {
			t.Errorf("action filter: %v", f)
		}
		if f := b.owner.audit(t, "?item="+approved+"&kind=job"); len(f) != 3 {
			t.Errorf("item filter: %d entries, want 3", len(f))
		}
		if f := b.owner.audit(t, "?kind=job&actor="+modUserID(t, b.mod.c, b.mod.tok)); len(f) != 2 || f[0]["action"] != "job.take_down" || f[1]["action"] != "job.approve" {
			t.Errorf("actor filter: %v", f)
		}
		if f := b.owner.audit(t, "?action=job.nothing"); len(f) != 0 {
			t.Errorf("filter without match: %v", f)
		}
		// Paging with the cursor covers every entry once.
		r := b.owner.c.do(http.MethodGet, "/api/v1/audit?kind=job&limit=3", nil, bearer(b.owner.tok))
		page := modItems(t, "audit page 1", r)
		cursor, _ := r.json(t)["next_cursor"].(string)
		if len(page) != 3 || cursor == "" {
			t.Fatalf("first page: %d entries, cursor %q", len(page), cursor)
		}
		rest := b.owner.audit(t, "?kind=job&limit=3&cursor="+url.QueryEscape(cursor))
		if len(rest) != 1 || rest[0]["id"] != all[3]["id"] {
			t.Errorf("second page: %v, want the oldest entry", rest)
		}
		for _, q := range []struct{ query, field string }{{"?limit=x", "limit"}, {"?limit=501", "limit"}, {"?before=yesterday", "before"}, {"?cursor=garbage", "cursor"}} {
			r := b.owner.c.do(http.MethodGet, "/api/v1/audit"+q.query, nil, bearer(b.owner.tok))
			modWant(t, "audit "+q.query, r, http.StatusBadRequest)
			if r.StatusCode == http.StatusBadRequest && r.errorField(t, q.field) == "" {
				t.Errorf("audit %s: no %s field: %s", q.query, q.field, r.body)
			}
		}
		// Another board's log is its own.
		for _, e := range beta.owner.audit(t, "") {
			if e["item_id"] == approved || e["item_id"] == rejected {
				t.Errorf("acme's entry in beta's log: %v", e)
			}
		}

		// No route edits or deletes an entry.
		snapshot := b.owner.c.do(http.MethodGet, "/api/v1/audit", nil, bearer(b.owner.tok)).body
		id := all[0]["id"].(string)
		for _, method := range []string{http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodPost} {
			for _, path := range []string{"/api/v1/audit", "/api/v1/audit/" + id} {
				r := jobSend(b.owner.c, method, path, map[string]string{"action": "job.nothing", "note": "rewritten"}, b.owner.tok)
				if r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusMethodNotAllowed {
					t.Errorf("%s %s: %d, want 404 or 405", method, path, r.StatusCode)
				}
			}
		}
		if after := b.owner.c.do(http.MethodGet, "/api/v1/audit", nil, bearer(b.owner.tok)).body; after != snapshot {
			t.Errorf("the audit log changed:\n%s\nwas\n%s", after, snapshot)
		}
		// Nor does the database let a statement through.
		for _, stmt := range []string{"UPDATE audit_log SET note = 'x' WHERE id = ?", "DELETE FROM audit_log WHERE id = ?"} {
			if _, err := h.db.ExecContext(context.Background(), stmt, id); err == nil {
				t.Errorf("the database accepted %q", stmt)
			}
		}
	})
}

// modBulkResults maps a bulk answer's items by id to their error code
// ("" for success) and status.
func modBulkResults(t *testing.T, r response) (codes, statuses map[string]string, order []string) {
	t.Helper()
	codes, statuses = map[string]string{}, map[string]string{}
	for _, it := range modItems(t, "bulk", r) {
		id, _ := it["id"].(string)
		order = append(order, id)
		st, _ := it["status"].(string)
		statuses[id] = st
		if e, ok := it["error"].(map[string]any); ok {
			codes[id], _ = e["code"].(string)
			if codes[id] == "" || e["message"] == "" {
				t.Errorf("bulk item %s: error without code or message: %v", id, e)
			}
		} else {
			codes[id] = ""
		}
	}
	return codes, statuses, order
}

// TestModerationBulk proves bulk decisions answer per item, apply each
// valid item whole and leave the invalid ones untouched (no state change,
// no mail, no audit entry), and refuse bad requests as a whole.
func TestModerationBulk(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		beta := modNewBoard(t, h, "beta")
		first, second := b.pending(t, "Bulk One", nil), b.pending(t, "Bulk Two", nil)
		live := b.published(t, "Bulk Live")["id"].(string)
		downed := b.pending(t, "Bulk Downed", nil)
		modWant(t, "take down", b.mod.act("jobs", downed, "take-down", nil), http.StatusOK)
		companyID, companyEmail := b.pendingCompany(t, "Bulk Labs", nil)
		betaJob := beta.pending(t, "Beta Bulk", nil)

		// Bad requests change nothing at all.
		many := make([]map[string]string, 101)
		for i := range many {
			many[i] = map[string]string{"kind": "job", "id": first}
		}
		for _, tc := range []struct {
			name  string
			body  any
			field string
		}{
			{"no items", map[string]any{"action": "approve", "items": []any{}}, "items"},
			{"too many items", map[string]any{"action": "approve", "items": many}, "items"},
			{"unknown action", map[string]any{"action": "publish", "items": []map[string]string{{"kind": "job", "id": first}}}, "action"},
			{"reject without reason", map[string]any{"action": "reject", "items": []map[string]string{{"kind": "job", "id": first}}}, "reason"},
			{"items of the wrong type", `{"action":"approve","items":"all"}`, "items"},
			{"broken JSON", `{"action":`, ""},
		} {
			r := b.mod.bulk(tc.body)
			modWant(t, "bulk "+tc.name, r, http.StatusBadRequest)
			if tc.field != "" && r.StatusCode == http.StatusBadRequest && r.errorField(t, tc.field) == "" {
				t.Errorf("bulk %s: no %s field: %s", tc.name, tc.field, r.body)
			}
		}
		if st := modJobStatus(t, b, first); st != job.StatusPending {
			t.Fatalf("refused bulk left the job %s", st)
		}

		auditBefore := len(b.owner.audit(t, ""))
		teamMails := len(b.teamMails())
		items := []map[string]string{
			{"kind": "job", "id": first}, {"kind": "job", "id": live}, {"kind": "job", "id": "no-such-job"},
			{"kind": "job", "id": betaJob}, {"kind": "company", "id": companyID}, {"kind": "job", "id": downed},
			{"kind": "job", "id": first}, {"kind": "widget", "id": second}, {"kind": "job", "id": second},
		}
		r := b.mod.bulk(map[string]any{"action": "approve", "items": items})
		codes, statuses, order := modBulkResults(t, r)
		var wantOrder []string
		for _, it := range items {
			wantOrder = append(wantOrder, it["id"])
		}
		if strings.Join(order, ",") != strings.Join(wantOrder, ",") {
			t.Errorf("bulk answers %v, want one per item in order %v", order, wantOrder)
		}
		for id, want := range map[string]string{first: "", second: "", companyID: "", live: "not_pending", "no-such-job": "not_found", betaJob: "not_found", downed: "taken_down"} {
			if id == first {
				continue // listed twice; checked below
			}
			if codes[id] != want {
				t.Errorf("bulk item %s: code %q, want %q", id, codes[id], want)
			}
		}
		items2 := modItems(t, "bulk", r)
		if e := items2[0]["error"]; e != nil || items2[0]["status"] != "published" {
			t.Errorf("first approval of %s: %v", first, items2[0])
		}
		if e, _ := items2[6]["error"].(map[string]any); e == nil || e["code"] != "not_pending" {
			t.Errorf("second approval of %s in the same bulk: %v", first, items2[6])
		}
		if e, _ := items2[7]["error"].(map[string]any); e == nil || e["code"] != "not_found" {
			t.Errorf("unknown kind: %v", items2[7])
		}
		if statuses[companyID] != "published" || statuses[second] != "published" {
			t.Errorf("bulk statuses: %v", statuses)
		}
		// What succeeded is whole; what failed left no trace.
		for id, want := range map[string]job.Status{first: job.StatusPublished, second: job.StatusPublished, live: job.StatusPublished, downed: job.StatusPending} {
			if st := modJobStatus(t, b, id); st != want {
				t.Errorf("job %s after bulk: %s, want %s", id, st, want)
			}
		}
		if billingJob(t, h, b.f.ID, downed).TakenDownAt == nil {
			t.Error("bulk restored a taken-down job")
		}
		if st := billingJob(t, h, beta.f.ID, betaJob).Status; st != job.StatusPending {
			t.Errorf("bulk on acme changed beta's job to %s", st)
		}
		if n := len(b.owner.audit(t, "")) - auditBefore; n != 3 {
			t.Errorf("bulk wrote %d audit entries, want 3 (one per success)", n)
		}
		if n := len(b.teamMails()) - teamMails; n != 2 {
			t.Errorf("bulk mailed the team %d times, want 2", n)
		}
		if n := len(modMailsTo(h, companyEmail)); n != 1 {
			t.Errorf("bulk mailed the company %d times, want 1", n)
		}

		// Bulk reject, with the plural kinds of the single-item routes.
		third, fourth := b.pending(t, "Bulk Three", nil), b.pending(t, "Bulk Four", nil)
		r = b.owner.bulk(map[string]any{"action": "reject", "reason": "incomplete", "message": "Add the salary.",
			"items": []map[string]string{{"kind": "jobs", "id": third}, {"kind": "job", "id": fourth}, {"kind": "job", "id": first}}})
		codes, _, _ = modBulkResults(t, r)
		if codes[third] != "" || codes[fourth] != "" || codes[first] != "not_pending" {
			t.Errorf("bulk reject codes: %v", codes)
		}
		for id, want := range map[string]job.Status{third: job.StatusRejected, fourth: job.StatusRejected, first: job.StatusPublished} {
			if st := modJobStatus(t, b, id); st != want {
				t.Errorf("job %s after bulk reject: %s, want %s", id, st, want)
			}
		}
		if got := b.team.get(t, third)["rejection_reason"]; got != "Incomplete: Add the salary." {
			t.Errorf("bulk rejection reason: %v", got)
		}
	})
}

// modConcurrently sends the same staff call n times at once and returns
// the status codes. It does not touch t, so it can run in goroutines.
func modConcurrently(h *harness, host, path, tok, body string, n int) []int {
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := httptest.NewRequest(http.MethodPost, "http://"+host+path, strings.NewReader(body))
			req.Host = host
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := h.srv.App().Test(req, -1)
			if err != nil {
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	return codes
}

// TestModerationConcurrentDecisions proves that the same decision sent
// several times at once is taken once: one 200, the rest 409, one mail
// and one audit entry.
func TestModerationConcurrentDecisions(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		for _, tc := range []struct{ action, body string }{
			{"approve", "{}"},
			{"reject", `{"reason":"spam","message":"Bot text."}`},
			{"take-down", "{}"},
		} {
			id := b.pending(t, "Raced Chemist "+tc.action, nil)
			mails, entries := len(b.teamMails()), len(b.owner.audit(t, "?item="+id))
			codes := modConcurrently(h, b.f.Host, "/api/v1/moderation/jobs/"+id+"/"+tc.action, b.mod.tok, tc.body, 6)
			ok, conflict := 0, 0
			for _, c := range codes {
				switch c {
				case http.StatusOK:
					ok++
				case http.StatusConflict:
					conflict++
				}
			}
			if ok != 1 || conflict != len(codes)-1 {
				t.Errorf("%s sent 6 times at once: %v, want one 200 and five 409", tc.action, codes)
			}
			wantMails := 1
			if tc.action == "take-down" {
				wantMails = 0
			}
			if n := len(b.teamMails()) - mails; n != wantMails {
				t.Errorf("%s sent 6 times at once mailed %d times, want %d", tc.action, n, wantMails)
			}
			if n := len(b.owner.audit(t, "?item="+id)) - entries; n != 1 {
				t.Errorf("%s sent 6 times at once wrote %d audit entries, want 1", tc.action, n)
			}
		}
	})
}

// TestModerationEditOfAClosedJobLeavesTheQueue proves an edit waiting for
// review does not keep a job the team has since closed in the queue,
// where no decision could clear it.
func TestModerationEditOfAClosedJobLeavesTheQueue(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		jobSettings(t, h, b.f, func(s *jobBoardSettings) { s.ReviewEdits = true })
		id := b.published(t, "Closing Chemist")["id"].(string)
		if r := b.team.patch(id, jobPosting("Closing Chemist", map[string]any{"seniority": "senior"})); r.StatusCode != http.StatusOK {
			t.Fatalf("edit: %d %s", r.StatusCode, r.body)
		}
		if it := modFind(b.mod.queue(t), id); it == nil || it["is_edit"] != true {
			t.Fatalf("edit not in the queue: %v", it)
		}
		jobMustStatus(t, "close", b.team.action(id, "close"), "closed")
		if it := modFind(b.mod.queue(t), id); it != nil {
			t.Errorf("closed job still in the queue: %v", it)
		}
	})
}

// TestModerationDismissReports proves dismissing needs an item of this
// board with open reports, and records only real dismissals.
func TestModerationDismissReports(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		beta := modNewBoard(t, h, "beta")
		live := b.published(t, "Dismissed Chemist")["id"].(string)
		betaJob := beta.published(t, "Beta Chemist")["id"].(string)
		entries := len(b.owner.audit(t, "?action=reports.dismiss"))
		modWant(t, "dismiss for a missing job", b.mod.act("jobs", "no-such-job", "dismiss-reports", nil), http.StatusNotFound)
		modWant(t, "dismiss for another board's job", b.mod.act("jobs", betaJob, "dismiss-reports", nil), http.StatusNotFound)
		modWant(t, "dismiss for a missing company", b.mod.act("companies", live, "dismiss-reports", nil), http.StatusNotFound)
		modWant(t, "dismiss without reports", b.mod.act("jobs", live, "dismiss-reports", nil), http.StatusConflict)
		if n := len(b.owner.audit(t, "?action=reports.dismiss")) - entries; n != 0 {
			t.Fatalf("refused dismissals wrote %d audit entries", n)
		}
		modWant(t, "report", modReport(h.client(b.f.Host), "jobs", live, "spam", ""), http.StatusCreated)
		modWant(t, "dismiss", b.mod.act("jobs", live, "dismiss-reports", nil), http.StatusOK)
		modWant(t, "dismiss twice", b.mod.act("jobs", live, "dismiss-reports", nil), http.StatusConflict)
		if f := b.owner.audit(t, "?action=reports.dismiss"); len(f)-entries != 1 || f[0]["item_id"] != live || f[0]["kind"] != "job" {
			t.Errorf("dismissal entries: %v", f)
		}
	})
}

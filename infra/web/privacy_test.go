package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	appaccount "github.com/jobboard/jobboard/app/account"
)

func TestPrivacyExportAndAccountDeletion(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ob := newOnsiteBoard(t, h, "acme")
		jobID := ob.job["id"].(string)
		ann := newCandidate(h, ob.f, "ann@candidates.example", "Ann Lee")
		bob := newCandidate(h, ob.f, "bob@candidates.example", "Bob Stone")
		if r := jobSend(ann.c, http.MethodPut, "/api/v1/me/saved-jobs/"+jobID, nil, ann.tok); r.StatusCode != http.StatusNoContent {
			t.Fatalf("save: %d", r.StatusCode)
		}
		r := ann.apply(t, jobID, "Ann Lee", "ann.pdf", pdfBytes(900))
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("apply: %d %s", r.StatusCode, r.body)
		}
		annApp := r.json(t)["id"].(string)
		if r := bob.apply(t, jobID, "Bob Stone", "bob.pdf", pdfBytes(700)); r.StatusCode != http.StatusCreated {
			t.Fatalf("apply bob: %d", r.StatusCode)
		}
		if r := jobSend(ob.team.c, http.MethodPatch, "/api/v1/applications/"+annApp, map[string]string{"status": "reviewing"}, ob.team.tok); r.StatusCode != http.StatusOK {
			t.Fatalf("move: %d", r.StatusCode)
		}

		// Both subscribe to job alerts with their addresses.
		for _, who := range []string{ann.email, bob.email} {
			if r := h.client(ob.f.Host).postJSON("/api/v1/alerts", map[string]any{"email": who, "query": "chemist", "frequency": "weekly"}, nil); r.StatusCode != http.StatusAccepted {
				t.Fatalf("subscribe %s: %d %s", who, r.StatusCode, r.body)
			}
		}

		// The export holds Ann's data and nobody else's.
		ex := ann.c.do(http.MethodGet, "/api/v1/me/export", nil, bearer(ann.tok))
		if ex.StatusCode != http.StatusOK {
			t.Fatalf("export: %d %s", ex.StatusCode, ex.body)
		}
		doc := ex.json(t)
		acct := doc["account"].(map[string]any)
		apps := doc["applications"].([]any)
		saved := doc["saved_jobs"].([]any)
		if acct["email"] != ann.email || len(apps) != 1 || apps[0].(map[string]any)["id"] != annApp || len(saved) != 1 {
			t.Fatalf("export: %s", ex.body)
		}
		if apps[0].(map[string]any)["cover_letter"] != "I would love to work with you." || apps[0].(map[string]any)["status"] != "reviewing" {
			t.Errorf("export application: %v", apps[0])
		}
		if strings.Contains(ex.body, "bob@") || strings.Contains(ex.body, "Bob Stone") {
			t.Errorf("the export holds another candidate's data")
		}
		if subs, _ := doc["alert_subscriptions"].([]any); len(subs) != 1 || subs[0].(map[string]any)["query"] != "chemist" || subs[0].(map[string]any)["frequency"] != "weekly" {
			t.Errorf("alert subscriptions in the export: %v", doc["alert_subscriptions"])
		}
		// The browser download is an attachment.
		b := newBrowser(t, h, ob.f.Host)
		seeOther(t, "login", b.submit(b.page("/login"), "/login", url.Values{"email": {ann.email}, "password": {ann.pass}}), "/")
		if dl := b.get("/me/data.json"); dl.StatusCode != http.StatusOK || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(dl.body, annApp) {
			t.Errorf("download: %d %q", dl.StatusCode, dl.Header.Get("Content-Disposition"))
		}

		// Company team members cannot delete their account before leaving.
		if r := jobSend(ob.team.c, http.MethodDelete, "/api/v1/me", map[string]string{"password": "passphrase for hr@acme-pharma.example"}, ob.team.tok); r.StatusCode != http.StatusConflict || r.errorCode(t) != "account_in_use" {
			t.Errorf("team member deletes their account: %d %s", r.StatusCode, r.body)
		}

		// Deleting through the form: a wrong password first.
		privacy := b.page("/me/privacy")
		if r := b.submit(privacy, "/me/delete", url.Values{"password": {"not my password"}}); r.StatusCode != http.StatusBadRequest {
			t.Fatalf("wrong password: %d", r.StatusCode)
		} else {
			checkControlError(t, parseDoc(t, r.body), "password")
		}
		filesBefore := len(storedFiles(t, h, "cvs"))
		seeOther(t, "delete the account", b.submit(b.page("/me/privacy"), "/me/delete", url.Values{"password": {ann.pass}}), "/")

		// Ann's CV is gone, Bob's stays; her application is anonymised but
		// still counts for the company.
		if after := len(storedFiles(t, h, "cvs")); after != filesBefore-1 || after != 1 {
			t.Errorf("CV files: %d before, %d after", filesBefore, after)
		}
		var name, email, cover, cvKey string
		var userID *string
		if err := h.db.QueryRowContext(t.Context(), "SELECT name, email, cover_letter, cv_key, user_id FROM applications WHERE id = ?", annApp).Scan(&name, &email, &cover, &cvKey, &userID); err != nil {
			t.Fatal(err)
		}
		if name != "Deleted candidate" || email != "" || cover != "" || cvKey != "" || userID != nil {
			t.Errorf("application not anonymised: %q %q %q %q %v", name, email, cover, cvKey, userID)
		}
		list := jobSend(ob.team.c, http.MethodGet, "/api/v1/jobs/"+jobID+"/applications", nil, ob.team.tok)
		if ids := jobIDs(t, list); len(ids) != 2 {
			t.Errorf("the company sees %d applications, want 2", len(ids))
		}
		if strings.Contains(list.body, "ann@") || strings.Contains(list.body, "Ann Lee") {
			t.Errorf("the company still sees Ann's details")
		}
		if r := ob.team.c.do(http.MethodGet, "/api/v1/applications/"+annApp+"/cv", nil, bearer(ob.team.tok)); r.StatusCode != http.StatusNotFound {
			t.Errorf("deleted CV: %d", r.StatusCode)
		}
		if n := countRows(t, h, "saved_jobs", "tenant_id = ?", ob.f.ID); n != 0 {
			t.Errorf("%d saved jobs left", n)
		}
		if n := countRows(t, h, "users", "tenant_id = ? AND email = ?", ob.f.ID, ann.email); n != 0 {
			t.Errorf("the user row is still there")
		}
		// No way back in: the password, the API token and the other
		// browser session are dead.
		if r := h.client(ob.f.Host).postJSON("/api/v1/auth/login", map[string]string{"email": ann.email, "password": ann.pass}, nil); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("login after deletion: %d", r.StatusCode)
		}
		if r := ann.c.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(ann.tok)); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("old token after deletion: %d", r.StatusCode)
		}
		if r := b.get("/me/saved"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("browser session after deletion: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		if n := countRows(t, h, "sessions", "tenant_id = ?", ob.f.ID); n != 0 {
			t.Errorf("%d sessions bound to the board left", n)
		}
		// Her alerts are gone with her address; Bob's stay.
		if n := countRows(t, h, "alert_subscribers", "tenant_id = ? AND email = ?", ob.f.ID, ann.email); n != 0 {
			t.Errorf("Ann's alert subscription survived the deletion")
		}
		if n := countRows(t, h, "alert_subscribers", "tenant_id = ? AND email = ?", ob.f.ID, bob.email); n != 1 {
			t.Errorf("Bob's alert subscription: %d rows, want 1", n)
		}
		// Bob is untouched.
		if r := bob.c.do(http.MethodGet, "/api/v1/applications/"+jobIDs(t, jobSend(bob.c, http.MethodGet, "/api/v1/me/applications", nil, bob.tok))[0]+"/cv", nil, bearer(bob.tok)); r.StatusCode != http.StatusOK {
			t.Errorf("Bob's CV: %d", r.StatusCode)
		}
	})
}

func TestPrivacyDeletionEndsOtherBrowserSessions(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("acme")
		cc := newCandidate(h, f, "gil@candidates.example", "Gil Ray")
		b := newBrowser(t, h, f.Host)
		seeOther(t, "login", b.submit(b.page("/login"), "/login", url.Values{"email": {cc.email}, "password": {cc.pass}}), "/")
		b.page("/me/saved")
		if r := jobSend(cc.c, http.MethodDelete, "/api/v1/me", map[string]string{"password": cc.pass}, cc.tok); r.StatusCode != http.StatusNoContent {
			t.Fatalf("delete: %d %s", r.StatusCode, r.body)
		}
		if r := b.get("/me/saved"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("the browser session survived the deletion: %d", r.StatusCode)
		}
	})
}

// Confirming a deletion with the password cannot be used to guess it:
// failures count against the sign-in limits.
func TestPrivacyDeletionPasswordIsThrottled(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("acme")
		ann := newCandidate(h, f, "ann@candidates.example", "Ann Lee")
		for i := range appaccount.SlowAfter {
			r := jobSend(ann.c, http.MethodDelete, "/api/v1/me", map[string]string{"password": "guess number " + string(rune('a'+i))}, ann.tok)
			if r.StatusCode != http.StatusBadRequest || r.errorField(t, "password") == "" {
				t.Fatalf("wrong password %d: %d %s", i, r.StatusCode, r.body)
			}
		}
		r := jobSend(ann.c, http.MethodDelete, "/api/v1/me", map[string]string{"password": ann.pass}, ann.tok)
		if r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("after %d wrong passwords: %d %s, want 429", appaccount.SlowAfter, r.StatusCode, r.body)
		}
		if r := ann.c.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(ann.tok)); r.StatusCode != http.StatusOK {
			t.Errorf("the account is gone after a refused deletion: %d", r.StatusCode)
		}
	})
}

package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	appboard "github.com/jobboard/jobboard/app/board"
)

// adminSettingsForm is a complete, valid settings form; set changes it.
func adminSettingsForm(set url.Values) url.Values {
	v := url.Values{
		"name": {"Pharma Careers"}, "primary_color": {"#0f766e"}, "custom_domain": {""},
		"review_jobs": {"on"}, "posting_duration_days": {"45"}, "featured_slots": {"3"}, "language": {"german"},
		"categories": {"Clinical\nQuality\n\nclinical"}, "sectors": {"Biotechnology"},
		"blocked_words": {"crypto"}, "blocked_domains": {"spam.example"},
	}
	for k, vs := range set {
		v[k] = vs
	}
	return v
}

func TestAdminSettingsThroughTheFormsAndTheAPI(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f, other := h.newBoard("alpha"), h.newBoard("beta")
		owner := billingBrowser(t, h, f.Host, f.OwnerEmail, f.OwnerPass)
		page := owner.page("/admin/settings")
		if !strings.Contains(page.body, `value="Alpha Jobs"`) {
			t.Fatalf("settings page does not show the board's name: %.2000s", page.body)
		}

		// Every wrong field is named at once, next to its control, and
		// nothing is saved.
		bad := owner.postRaw(page, "/admin/settings", adminSettingsForm(url.Values{
			"name": {""}, "primary_color": {"red"}, "posting_duration_days": {"0"}, "featured_slots": {"x"},
			"custom_domain": {"https://jobs.example.com/"}, "categories": {""}, "blocked_domains": {"not a host"}, "language": {"klingon"},
		}))
		if bad.StatusCode != http.StatusBadRequest {
			t.Fatalf("bad settings: %d, want 400: %.1000s", bad.StatusCode, bad.body)
		}
		doc := parseDoc(t, bad.body)
		for _, field := range []string{"name", "primary_color", "posting_duration_days", "featured_slots", "custom_domain", "categories", "blocked_domains", "language"} {
			checkControlError(t, doc, field)
		}
		if owner.page("/admin/settings"); !strings.Contains(owner.page("/admin/settings").body, `value="Alpha Jobs"`) {
			t.Error("a refused form changed the board")
		}

		// A valid form saves, trims and de-duplicates the lists.
		seeOther(t, "save settings", owner.postRaw(page, "/admin/settings", adminSettingsForm(nil)), "/admin/settings")
		tok := h.client(f.Host).login(f.OwnerEmail, f.OwnerPass)
		api := h.client(f.Host)
		got := api.do(http.MethodGet, "/api/v1/board/settings", nil, bearer(tok)).json(t)
		if got["name"] != "Pharma Careers" || got["primary_color"] != "#0f766e" || got["posting_duration_days"] != 45.0 || got["review_edits"] != false || got["language"] != "german" {
			t.Errorf("saved settings: %v", got)
		}
		if cats, _ := got["categories"].([]any); len(cats) != 2 {
			t.Errorf("categories %v, want Clinical and Quality once each", got["categories"])
		}
		if css := owner.get("/theme.css"); !strings.Contains(css.body, "#0f766e") {
			t.Errorf("theme does not use the new colour: %s", css.body)
		}

		// The API changes only the fields it sends.
		r := patchJSON(api, "/api/v1/board/settings", map[string]any{"featured_slots": 7, "custom_domain": "Jobs.Pharma.Example"}, tok)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("patch settings: %d %s", r.StatusCode, r.body)
		}
		if m := r.json(t); m["featured_slots"] != 7.0 || m["name"] != "Pharma Careers" || m["custom_domain"] != "jobs.pharma.example" {
			t.Errorf("patched settings: %v", m)
		}
		// The custom domain now serves the board.
		if home := h.client("jobs.pharma.example").get("/"); home.StatusCode != http.StatusOK || !strings.Contains(home.body, "Pharma Careers") {
			t.Errorf("custom domain: %d", home.StatusCode)
		}
		// Bad values are refused with the field named; a domain another
		// board uses is a conflict.
		if r := patchJSON(api, "/api/v1/board/settings", map[string]any{"featured_slots": 500}, tok); r.StatusCode != http.StatusBadRequest || r.errorField(t, "featured_slots") == "" {
			t.Errorf("featured_slots 500: %d %s", r.StatusCode, r.body)
		}
		if r := patchJSON(api, "/api/v1/board/settings", map[string]any{"posting_duration_days": "long"}, tok); r.StatusCode != http.StatusBadRequest {
			t.Errorf("posting_duration_days as text: %d %s", r.StatusCode, r.body)
		}
		otok := h.client(other.Host).login(other.OwnerEmail, other.OwnerPass)
		if r := patchJSON(h.client(other.Host), "/api/v1/board/settings", map[string]any{"custom_domain": "jobs.pharma.example"}, otok); r.StatusCode != http.StatusConflict {
			t.Errorf("taking another board's domain: %d, want 409: %s", r.StatusCode, r.body)
		}

		// Each change is in the audit log with before and after.
		audit := api.do(http.MethodGet, "/api/v1/audit?action=settings.update", nil, bearer(tok)).json(t)
		items, _ := audit["items"].([]any)
		if len(items) != 2 {
			t.Fatalf("settings.update entries: %d, want 2: %v", len(items), audit)
		}
		first := items[1].(map[string]any)
		if !strings.Contains(first["before"].(string), "Alpha Jobs") || !strings.Contains(first["after"].(string), "Pharma Careers") || first["role"] != "owner" {
			t.Errorf("audit entry: %v", first)
		}

		// Moderators, employers and the owner of another board are refused.
		mod := modGrantModerator(t, h, f, "mia@alpha.example")
		if r := mod.c.do(http.MethodGet, "/api/v1/board/settings", nil, bearer(mod.tok)); r.StatusCode != http.StatusForbidden {
			t.Errorf("moderator reading settings: %d, want 403", r.StatusCode)
		}
		emp, etok := employer(h, f, "eve@alpha.example")
		if r := patchJSON(emp, "/api/v1/board/settings", map[string]any{"name": "Mine"}, etok); r.StatusCode != http.StatusForbidden {
			t.Errorf("employer changing settings: %d, want 403", r.StatusCode)
		}
		if r := h.client(f.Host).do(http.MethodGet, "/api/v1/board/settings", nil, bearer(otok)); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("another board's owner token: %d, want 401", r.StatusCode)
		}
	})
}

func TestAdminBoardLogo(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("alpha")
		owner := billingBrowser(t, h, f.Host, f.OwnerEmail, f.OwnerPass)
		page := owner.page("/admin/settings")

		// Not an image, whatever its name: refused next to the field.
		r := owner.upload(page, "/admin/settings/logo", "logo", "logo.png", []byte("MZ\x90\x00 this is a program"))
		if r.StatusCode != http.StatusUnsupportedMediaType {
			t.Fatalf("renamed program as logo: %d, want 415", r.StatusCode)
		}
		checkControlError(t, parseDoc(t, r.body), "logo")
		big := append(pngBytes(t, 4, 4), make([]byte, 3<<20)...)
		if r := owner.upload(page, "/admin/settings/logo", "logo", "big.png", big); r.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("3 MiB logo: %d, want 413", r.StatusCode)
		}
		if strings.Contains(owner.page("/").body, "/media/board/") {
			t.Fatal("a refused logo is shown")
		}

		seeOther(t, "upload logo", owner.upload(page, "/admin/settings/logo", "logo", "logo.png", pngBytes(t, 300, 100)), "/admin/settings")
		src := regexp.MustCompile(`src="(/media/board/[^"]+/logo\.png)"`).FindStringSubmatch(newBrowser(t, h, f.Host).page("/").body)
		if src == nil {
			t.Fatal("the header shows no logo after upload")
		}
		img := h.client(f.Host).get(src[1])
		if img.StatusCode != http.StatusOK || img.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(img.body, "\x89PNG") {
			t.Fatalf("logo: %d %s", img.StatusCode, img.Header.Get("Content-Type"))
		}
		// Another board has no such logo, and an old address stops working
		// when the logo is removed.
		other := h.newBoard("beta")
		if r := h.client(other.Host).get(src[1]); r.StatusCode != http.StatusNotFound {
			t.Errorf("board A's logo on board B: %d, want 404", r.StatusCode)
		}
		seeOther(t, "remove logo", owner.postRaw(owner.page("/admin/settings"), "/admin/settings/logo/remove", url.Values{}), "/admin/settings")
		if r := h.client(f.Host).get(src[1]); r.StatusCode != http.StatusNotFound {
			t.Errorf("removed logo: %d, want 404", r.StatusCode)
		}
		// Only owners may change it.
		emp := newBrowser(t, h, f.Host)
		signupThroughForm(t, emp, "/signup", "eve@alpha.example", "Eve")
		if r := emp.upload(page, "/admin/settings/logo", "logo", "logo.png", pngBytes(t, 10, 10)); r.StatusCode != http.StatusForbidden {
			t.Errorf("employer uploading the board logo: %d, want 403", r.StatusCode)
		}
	})
}

var staffLink = regexp.MustCompile(`https?://[^\s"<]+/staff-invitations/([A-Za-z0-9_-]+)`)

func TestStaffInvitationsAndRemoval(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f, other := h.newBoard("alpha"), h.newBoard("beta")
		owner := billingBrowser(t, h, f.Host, f.OwnerEmail, f.OwnerPass)
		staffPage := owner.page("/admin/staff")

		if r := owner.submit(staffPage, "/admin/staff/invitations", url.Values{"email": {"not-an-email"}, "role": {"moderator"}}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("invite a bad address: %d, want 400", r.StatusCode)
		} else {
			checkControlError(t, parseDoc(t, r.body), "email")
		}
		if r := owner.submit(staffPage, "/admin/staff/invitations", url.Values{"email": {"mia@alpha.example"}, "role": {"employer"}}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("invite as employer: %d, want 400", r.StatusCode)
		}
		before := len(h.mails.Messages())
		r := owner.submit(staffPage, "/admin/staff/invitations", url.Values{"email": {"mia@alpha.example"}, "role": {"moderator"}})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("invite: %d %.500s", r.StatusCode, r.body)
		}
		sent := h.mails.Messages()
		if len(sent) != before+1 || sent[len(sent)-1].To != "mia@alpha.example" {
			t.Fatalf("invitation mail: %d sent", len(sent)-before)
		}
		m := staffLink.FindStringSubmatch(sent[len(sent)-1].Text)
		if m == nil || !strings.Contains(r.body, m[1]) {
			t.Fatalf("invitation link missing from mail or page: %s", sent[len(sent)-1].Text)
		}
		path := "/staff-invitations/" + m[1]

		// The link is bound to its board.
		stranger := newBrowser(t, h, other.Host)
		signupThroughForm(t, stranger, "/signup", "mia@alpha.example", "Mia")
		if r := stranger.postRaw(stranger.page(path), path+"/accept", url.Values{}); r.StatusCode != http.StatusNotFound {
			t.Errorf("accept on another board: %d, want 404", r.StatusCode)
		}

		// Someone else on the board with the forwarded link gets nothing,
		// and the link still works for Mia.
		eve := newBrowser(t, h, f.Host)
		signupThroughForm(t, eve, "/signup", "eve@alpha.example", "Eve")
		if r := eve.postRaw(eve.page(path), path+"/accept", url.Values{}); r.StatusCode != http.StatusForbidden || !strings.Contains(r.body, "another e-mail address") {
			t.Errorf("accept by another address: %d", r.StatusCode)
		}
		if r := eve.get("/admin/moderation"); r.StatusCode != http.StatusForbidden {
			t.Errorf("queue after a refused accept: %d, want 403", r.StatusCode)
		}

		// Before accepting, Mia cannot reach the queue.
		mia := newBrowser(t, h, f.Host)
		signupThroughForm(t, mia, "/signup", "mia@alpha.example", "Mia")
		if r := mia.get("/admin/moderation"); r.StatusCode != http.StatusForbidden {
			t.Errorf("queue before accepting: %d, want 403", r.StatusCode)
		}
		seeOther(t, "accept", mia.postRaw(mia.page(path), path+"/accept", url.Values{}), "/admin/moderation")
		if r := mia.page("/admin/moderation"); !strings.Contains(r.body, "Review queue") {
			t.Errorf("moderator's queue page: %.500s", r.body)
		}
		if r := mia.get("/admin/settings"); r.StatusCode != http.StatusForbidden {
			t.Errorf("moderator on settings: %d, want 403", r.StatusCode)
		}
		// Used once only.
		if r := mia.postRaw(mia.page(path), path+"/accept", url.Values{}); r.StatusCode != http.StatusGone {
			t.Errorf("second accept: %d, want 410", r.StatusCode)
		}

		// The staff page lists her; the owner removes her role.
		list := owner.page("/admin/staff")
		if !strings.Contains(list.body, "mia@alpha.example") {
			t.Fatalf("staff page lacks the new moderator")
		}
		miaID := regexp.MustCompile(`/admin/staff/([^/"]+)/moderator/remove`).FindStringSubmatch(list.body)
		if miaID == nil {
			t.Fatal("no remove form for the moderator")
		}
		seeOther(t, "remove moderator", owner.submit(list, "/admin/staff/"+miaID[1]+"/moderator/remove", nil), "/admin/staff")
		if r := mia.get("/admin/moderation"); r.StatusCode != http.StatusForbidden {
			t.Errorf("queue after removal: %d, want 403", r.StatusCode)
		}

		// The last owner stays.
		list = owner.page("/admin/staff")
		ownerID := regexp.MustCompile(`/admin/staff/([^/"]+)/owner/remove`).FindStringSubmatch(list.body)
		if ownerID == nil {
			t.Fatal("no remove form for the owner")
		}
		if r := owner.submit(list, "/admin/staff/"+ownerID[1]+"/owner/remove", nil); r.StatusCode != http.StatusConflict {
			t.Errorf("removing the last owner: %d, want 409", r.StatusCode)
		}

		// An expired link is refused with its own message.
		r = owner.submit(owner.page("/admin/staff"), "/admin/staff/invitations", url.Values{"email": {"olga@alpha.example"}, "role": {"owner"}})
		late := staffLink.FindStringSubmatch(r.body)
		if late == nil {
			t.Fatal("no link for the second invitation")
		}
		h.clock.Advance(appboard.StaffInvitationTTL + time.Hour)
		olga := newBrowser(t, h, f.Host)
		signupThroughForm(t, olga, "/signup", "olga@alpha.example", "Olga")
		lp := "/staff-invitations/" + late[1]
		if r := olga.postRaw(olga.page(lp), lp+"/accept", url.Values{}); r.StatusCode != http.StatusGone || !strings.Contains(r.body, "expired") {
			t.Errorf("expired invitation: %d", r.StatusCode)
		}

		// Every step is audited.
		tok := h.client(f.Host).login(f.OwnerEmail, f.OwnerPass)
		for _, action := range []string{"staff.invite", "staff.accept", "staff.remove"} {
			items, _ := h.client(f.Host).do(http.MethodGet, "/api/v1/audit?action="+action, nil, bearer(tok)).json(t)["items"].([]any)
			if len(items) == 0 {
				t.Errorf("no %s entry in the audit log", action)
			}
		}
	})
}

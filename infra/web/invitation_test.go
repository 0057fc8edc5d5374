package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain/company"
)

func TestInvitationLinks(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		a, b := h.newBoard("alpha"), h.newBoard("beta")
		owner, otok := employer(h, a, "owner@pharma.example")
		id := registerCompany(t, owner, otok, map[string]any{"name": "Invite Co"})["id"].(string)
		invite := func(email string) string {
			r := owner.postJSON("/api/v1/companies/"+id+"/invitations", map[string]string{"email": email, "role": "recruiter"}, bearer(otok))
			if r.StatusCode != http.StatusCreated {
				t.Fatalf("invite %s: %d %s", email, r.StatusCode, r.body)
			}
			return tokenFromLink(t, r.json(t)["accept_url"].(string))
		}
		token := invite("rita@pharma.example")
		// The invitation is e-mailed with the link, in the board's name.
		msg, ok := h.mails.Last()
		if !ok || msg.To != "rita@pharma.example" || !strings.Contains(msg.Text, "/invitations/"+token) || msg.FromName != "Alpha Jobs" {
			t.Fatalf("invitation e-mail: %+v", msg)
		}
		// Bad input.
		if r := owner.postJSON("/api/v1/companies/"+id+"/invitations", map[string]string{"email": "nope", "role": "boss"}, bearer(otok)); r.StatusCode != http.StatusBadRequest || r.errorField(t, "email") == "" || r.errorField(t, "role") == "" {
			t.Fatalf("bad invite: %d %s", r.StatusCode, r.body)
		}

		// Used on another board: refused, and it still works on its own.
		cb, tokB := employer(h, b, "rita@pharma.example")
		r := cb.postJSON("/api/v1/invitations/"+token+"/accept", "{}", bearer(tokB))
		if r.StatusCode != http.StatusNotFound || !strings.Contains(r.body, "not valid on this board") {
			t.Fatalf("accept on another board: %d %s", r.StatusCode, r.body)
		}
		if r := h.client(b.Host).get("/invitations/" + token); r.StatusCode != http.StatusNotFound {
			t.Fatalf("invitation page on another board: %d", r.StatusCode)
		}

		// The invitation page explains it; accepting through the browser.
		rita := h.client(a.Host)
		rita.signupAndLogin("rita@pharma.example", "passphrase for rita@pharma.example", "Rita")
		page := rita.get("/invitations/" + token)
		if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "Invite Co") || !strings.Contains(page.body, "recruiter") {
			t.Fatalf("invitation page: %d", page.StatusCode)
		}
		rita.postForm("/login", "/login", formLogin("rita@pharma.example"))
		r = rita.postForm("/invitations/"+token, "/invitations/"+token+"/accept", url.Values{})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/employer/companies/"+id {
			t.Fatalf("accept: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		// Reused: refused, by anyone.
		other, xtok := employer(h, a, "xavier@pharma.example")
		r = other.postJSON("/api/v1/invitations/"+token+"/accept", "{}", bearer(xtok))
		if r.StatusCode != http.StatusGone || r.errorCode(t) != "invitation_used" {
			t.Fatalf("reuse: %d %s", r.StatusCode, r.body)
		}
		if r := h.client(a.Host).get("/invitations/" + token); r.StatusCode != http.StatusGone || !strings.Contains(r.body, "already been used") {
			t.Fatalf("used invitation page: %d", r.StatusCode)
		}

		// Expired: refused with its own message.
		late := invite("late@pharma.example")
		h.clock.Advance(company.InvitationTTL + time.Minute)
		r = other.postJSON("/api/v1/invitations/"+late+"/accept", "{}", bearer(xtok))
		if r.StatusCode != http.StatusGone || r.errorCode(t) != "invitation_expired" {
			t.Fatalf("expired: %d %s", r.StatusCode, r.body)
		}
		// A made-up token.
		r = other.postJSON("/api/v1/invitations/"+strings.Repeat("a", 43)+"/accept", "{}", bearer(xtok))
		if r.StatusCode != http.StatusNotFound {
			t.Fatalf("unknown token: %d", r.StatusCode)
		}
		// Rita is on the team as recruiter, once.
		team := owner.do(http.MethodGet, "/api/v1/companies/"+id+"/members", nil, bearer(otok)).json(t)["items"].([]any)
		if len(team) != 2 || team[1].(map[string]any)["role"] != "recruiter" {
			t.Fatalf("team = %v", team)
		}
	})
}

package web_test

import (
	"net/http"
	"testing"
)

func TestJobTeamRules(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "olga@nova.example", "Nova Pharma", false)
		inv := tm.c.postJSON("/api/v1/companies/"+tm.companyID+"/invitations", map[string]string{"email": "rita@nova.example", "role": "recruiter"}, bearer(tm.tok))
		if inv.StatusCode != http.StatusCreated {
			t.Fatalf("invite: %d %s", inv.StatusCode, inv.body)
		}
		rc, rtok := employer(h, b, "rita@nova.example")
		if r := rc.postJSON("/api/v1/invitations/"+tokenFromLink(t, inv.json(t)["accept_url"].(string))+"/accept", "{}", bearer(rtok)); r.StatusCode != http.StatusOK {
			t.Fatalf("accept: %d %s", r.StatusCode, r.body)
		}
		rec := &jobTeam{h: h, f: b, c: rc, tok: rtok, companyID: tm.companyID, companySlug: tm.companySlug}
		oc, otok := employer(h, b, "xavier@else.example")
		out := &jobTeam{h: h, f: b, c: oc, tok: otok, companyID: tm.companyID}
		cand := h.client(b.Host)
		ctok := cand.signupAndLogin("cara@candidate.example", "passphrase for cara", "Cara")
		candidate := jobStaffClient{cand, ctok}
		companyOwner := jobStaffClient{tm.c, tm.tok}

		// Draft company: the recruiter works on drafts; an outsider finds nothing.
		draft := rec.create(t, jobPosting("Recruited Chemist", nil))
		did := draft["id"].(string)
		jobMustStatus(t, "recruiter edits", rec.patch(did, jobPosting("Recruited Chemist II", nil)), "draft")
		if r := rec.action(did, "submit"); r.StatusCode != http.StatusConflict || r.errorCode(t) != "company_not_published" {
			t.Errorf("recruiter submit on an unpublished company: %d %s", r.StatusCode, r.body)
		}
		outsiderOnDraft := []struct {
			name string
			call func() response
		}{
			{"create", func() response {
				return jobSend(out.c, http.MethodPost, "/api/v1/companies/"+tm.companyID+"/jobs", jobPosting("Outsider Job", nil), otok)
			}},
			{"read", func() response { return out.c.do(http.MethodGet, "/api/v1/jobs/"+did, nil, bearer(otok)) }},
			{"edit", func() response { return out.patch(did, jobPosting("Outsider Edit", nil)) }},
			{"submit", func() response { return out.action(did, "submit") }},
			{"close", func() response { return out.action(did, "close") }},
			{"list", func() response {
				return out.c.do(http.MethodGet, "/api/v1/companies/"+tm.companyID+"/jobs", nil, bearer(otok))
			}},
		}
		for _, c := range outsiderOnDraft {
			if r := c.call(); r.StatusCode != http.StatusNotFound {
				t.Errorf("outsider %s on a draft company: %d, want 404", c.name, r.StatusCode)
			}
		}

		// Published company: the recruiter runs the whole lifecycle.
		publish(t, h, b, tm.c, tm.tok, tm.companyID)
		jobMustStatus(t, "recruiter submits", rec.action(did, "submit"), "pending")
		for name, who := range map[string]jobStaffClient{"candidate": candidate, "company owner": companyOwner, "recruiter": {rc, rtok}} {
			if r := who.approve(did); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s approving: %d, want 403", name, r.StatusCode)
			}
			if r := who.reject(did, "spam", "x"); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s rejecting: %d, want 403", name, r.StatusCode)
			}
		}
		if r := jobSend(h.client(b.Host), http.MethodPost, "/api/v1/moderation/jobs/"+did+"/approve", nil, ""); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous approving: %d, want 401", r.StatusCode)
		}
		jobMustStatus(t, "owner approves", owner.approve(did), "published")
		jobMustStatus(t, "recruiter edits live", rec.patch(did, jobPosting("Recruited Chemist III", nil)), "published")
		second := rec.create(t, jobPosting("Second Draft", nil))["id"].(string)

		outsiderOnPublished := []struct {
			name string
			want int
			call func() response
		}{
			{"create", http.StatusForbidden, func() response {
				return jobSend(out.c, http.MethodPost, "/api/v1/companies/"+tm.companyID+"/jobs", jobPosting("Outsider Job", nil), otok)
			}},
			{"edit an open job", http.StatusForbidden, func() response { return out.patch(did, jobPosting("Outsider Edit", nil)) }},
			{"close an open job", http.StatusForbidden, func() response { return out.action(did, "close") }},
			{"edit a draft", http.StatusNotFound, func() response { return out.patch(second, jobPosting("Outsider Edit", nil)) }},
			{"submit a draft", http.StatusNotFound, func() response { return out.action(second, "submit") }},
		}
		for _, c := range outsiderOnPublished {
			if r := c.call(); r.StatusCode != c.want {
				t.Errorf("outsider %s on a published company: %d, want %d", c.name, r.StatusCode, c.want)
			}
		}
		// The outsider sees the open job like anyone, without team fields.
		pub := out.c.do(http.MethodGet, "/api/v1/companies/"+tm.companyID+"/jobs", nil, bearer(otok))
		if ids := jobIDs(t, pub); len(ids) != 1 || ids[0] != did {
			t.Errorf("outsider's company list = %v, want only the open job", ids)
		}
		team := rc.do(http.MethodGet, "/api/v1/companies/"+tm.companyID+"/jobs", nil, bearer(rtok))
		if ids := jobIDs(t, team); len(ids) != 2 {
			t.Errorf("recruiter's company list has %d jobs, want 2 (open and draft)", len(ids))
		}
		if got := tm.get(t, did); got["title"] != "Recruited Chemist III" {
			t.Errorf("outsider changed the job: %v", got["title"])
		}
		jobMustStatus(t, "recruiter closes", rec.action(did, "close"), "closed")

		// A removed recruiter loses access.
		if r := tm.c.do(http.MethodDelete, "/api/v1/companies/"+tm.companyID+"/members/"+userID(t, rc, rtok), nil, bearer(tm.tok)); r.StatusCode != http.StatusNoContent {
			t.Fatalf("remove recruiter: %d %s", r.StatusCode, r.body)
		}
		if r := rec.patch(second, jobPosting("After Removal", nil)); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
			t.Errorf("removed recruiter edits a draft: %d", r.StatusCode)
		}
		if r := jobSend(rc, http.MethodPost, "/api/v1/companies/"+tm.companyID+"/jobs", jobPosting("After Removal", nil), rtok); r.StatusCode != http.StatusForbidden {
			t.Errorf("removed recruiter creates a job: %d, want 403", r.StatusCode)
		}
	})
}

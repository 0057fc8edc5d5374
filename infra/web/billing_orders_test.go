package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/domain/job"
)

func TestBillingOrderOnlyForOwnCompanyAndBoard(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		a := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		other := billingNewShop(t, h, "beta", "bob@zeta.example", "Zeta Labs")
		// Another company on acme, published with a published job.
		rival := jobNewTeam(t, h, a.f, "rita@rival.example", "Rival Bio", true)
		rivalJob := rival.publishJob(t, a.owner, jobPosting("Rival Analyst", nil))["id"].(string)
		// A private company on acme with a draft job.
		hidden := jobNewTeam(t, h, a.f, "hugo@hidden.example", "Hidden Co", false)
		hiddenJob := hidden.create(t, jobPosting("Hidden Role", nil))["id"].(string)

		cases := []struct {
			name string
			body map[string]any
			want int
		}{
			{"featured for another company's job", map[string]any{"product": "featured", "job_id": rivalJob}, http.StatusForbidden},
			{"featured for another company's job, naming my company", map[string]any{"product": "featured", "job_id": rivalJob, "company_id": a.team.companyID}, http.StatusForbidden},
			{"premium for another company", map[string]any{"product": "premium_profile", "company_id": rival.companyID}, http.StatusForbidden},
			{"posting for a private company's draft", map[string]any{"product": "job_posting", "job_id": hiddenJob}, http.StatusNotFound},
			{"premium for a private company", map[string]any{"product": "premium_profile", "company_id": hidden.companyID}, http.StatusNotFound},
			{"featured for a job on another board", map[string]any{"product": "featured", "job_id": other.jobID}, http.StatusNotFound},
			{"premium for a company on another board", map[string]any{"product": "premium_profile", "company_id": other.team.companyID}, http.StatusNotFound},
			{"unknown product", map[string]any{"product": "gold", "job_id": a.jobID}, http.StatusBadRequest},
			{"job product without a job", map[string]any{"product": "featured", "company_id": a.team.companyID}, http.StatusBadRequest},
			{"premium without a company", map[string]any{"product": "premium_profile", "job_id": a.jobID}, http.StatusBadRequest},
		}
		for _, tc := range cases {
			if r := billingBuy(a.team, tc.body); r.StatusCode != tc.want {
				t.Errorf("%s: %d %s, want %d", tc.name, r.StatusCode, r.body, tc.want)
			}
		}
		// Anonymous buyers are turned away.
		if r := h.client(a.f.Host).postJSON("/api/v1/orders", map[string]any{"product": "featured", "job_id": a.jobID}, nil); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous order: %d, want 401", r.StatusCode)
		}
		if n := billingCount(t, h, "SELECT count(*) FROM orders"); n != 0 {
			t.Errorf("refused purchases left %d orders", n)
		}
		if j := billingJob(t, h, a.f.ID, rivalJob); j.FeaturedUntil != nil {
			t.Error("the rival's job was featured")
		}

		// Amounts are the board's: fields the client adds are ignored.
		r := billingBuy(a.team, map[string]any{"product": "featured", "job_id": a.jobID, "amount": 1, "currency": "USD",
			"status": "paid", "duration_days": 365, "company_id": rival.companyID})
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("order with extra fields: %d %s", r.StatusCode, r.body)
		}
		m := r.json(t)
		if m["amount"] != float64(billingFeaturedAmount) || m["currency"] != "EUR" || m["status"] != "pending" || m["company_id"] != a.team.companyID || m["job_id"] != a.jobID {
			t.Errorf("order with extra fields: %v", m)
		}
		stored := billingStored(t, h, a.f.ID, m["id"].(string))
		if stored.Amount != billingFeaturedAmount || stored.Currency != "EUR" || stored.DurationDays != billingFeaturedDays || stored.CompanyID != a.team.companyID {
			t.Errorf("stored order: %+v", stored)
		}
		// A payment of another amount does not fulfil it.
		o := billingOrder{ID: stored.ID, Tenant: a.f.ID, Amount: 1, Currency: "EUR"}
		body := billingCompleted(t, o)
		if _, _, err := billingPost(h, a.f.Host, body, billingSign(body, billingWebhookSecret, time.Now())); err != nil {
			t.Fatal(err)
		}
		if got := billingStored(t, h, a.f.ID, stored.ID); got.Status != billing.StatusPending || billingFulfilments(t, h, stored.ID) != 0 {
			t.Errorf("a payment of 0.01 EUR for a 99.00 EUR order: status %s, %d fulfilments", got.Status, billingFulfilments(t, h, stored.ID))
		}

		// Orders are seen by the buying company and the board's owner only.
		for _, who := range []struct {
			name string
			c    *client
			tok  string
			want int
		}{{"buyer", a.team.c, a.team.tok, http.StatusOK}, {"board owner", a.owner.c, a.owner.tok, http.StatusOK}, {"another employer", rival.c, rival.tok, http.StatusNotFound}} {
			if r := who.c.do(http.MethodGet, "/api/v1/orders/"+stored.ID, nil, bearer(who.tok)); r.StatusCode != who.want {
				t.Errorf("GET order as %s: %d, want %d", who.name, r.StatusCode, who.want)
			}
		}
		if r := rival.c.do(http.MethodGet, "/api/v1/companies/"+a.team.companyID+"/orders", nil, bearer(rival.tok)); r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
			t.Errorf("another employer listing the company's orders: %d", r.StatusCode)
		}
		list := a.team.c.do(http.MethodGet, "/api/v1/companies/"+a.team.companyID+"/orders", nil, bearer(a.team.tok))
		if ids := jobIDs(t, list); len(ids) != 1 || ids[0] != stored.ID {
			t.Errorf("company orders: %v", ids)
		}
	})
}

func TestBillingPricesPerBoard(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		a := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		b := h.newBoard("beta")
		prices := func(host string) map[string]map[string]any {
			t.Helper()
			r := h.client(host).get("/api/v1/prices")
			if r.StatusCode != http.StatusOK {
				t.Fatalf("GET prices: %d %s", r.StatusCode, r.body)
			}
			out := map[string]map[string]any{}
			for _, it := range r.json(t)["items"].([]any) {
				p := it.(map[string]any)
				out[p["product"].(string)] = p
			}
			return out
		}
		want := map[string][3]any{"job_posting": {"EUR", 0.0, 30.0}, "featured": {"EUR", 9900.0, 14.0}, "premium_profile": {"EUR", 49900.0, 365.0}}
		for product, w := range want {
			p := prices(a.f.Host)[product]
			if p["currency"] != w[0] || p["amount"] != w[1] || p["duration_days"] != w[2] {
				t.Errorf("default price of %s: %v, want %v", product, p, w)
			}
		}

		// An order made before a price change keeps its price.
		before := billingMustBuy(t, a.team, map[string]any{"product": "featured", "job_id": a.jobID})

		r := jobSend(a.owner.c, http.MethodPut, "/api/v1/prices/featured", map[string]any{"currency": "chf", "amount": 4500, "duration_days": 7}, a.owner.tok)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("owner PUT price: %d %s", r.StatusCode, r.body)
		}
		if m := r.json(t); m["currency"] != "CHF" || m["amount"] != 4500.0 || m["duration_days"] != 7.0 || m["product"] != "featured" {
			t.Errorf("PUT price answer: %v", m)
		}
		if p := prices(a.f.Host)["featured"]; p["currency"] != "CHF" || p["amount"] != 4500.0 || p["duration_days"] != 7.0 {
			t.Errorf("featured on acme after the change: %v", p)
		}
		if p := prices(b.Host)["featured"]; p["amount"] != 9900.0 || p["currency"] != "EUR" {
			t.Errorf("beta's price changed with acme's: %v", p)
		}

		// Only the board's owner sets prices.
		if r := jobSend(a.team.c, http.MethodPut, "/api/v1/prices/featured", map[string]any{"currency": "EUR", "amount": 1, "duration_days": 7}, a.team.tok); r.StatusCode != http.StatusForbidden {
			t.Errorf("employer PUT price: %d %s, want 403", r.StatusCode, r.body)
		}
		bOwner := jobOwnerOf(h, b)
		if r := jobSend(a.owner.c, http.MethodPut, "/api/v1/prices/featured", map[string]any{"currency": "EUR", "amount": 1, "duration_days": 7}, bOwner.tok); r.StatusCode != http.StatusUnauthorized && r.StatusCode != http.StatusForbidden {
			t.Errorf("another board's owner PUT price on acme: %d, want 401 or 403", r.StatusCode)
		}
		if r := h.client(a.f.Host).do(http.MethodPut, "/api/v1/prices/featured", strings.NewReader(`{"currency":"EUR","amount":1,"duration_days":7}`), map[string]string{"Content-Type": "application/json"}); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous PUT price: %d, want 401", r.StatusCode)
		}
		for _, bad := range []struct {
			product string
			body    map[string]any
			field   string
		}{
			{"featured", map[string]any{"currency": "XYZ", "amount": 100, "duration_days": 7}, "currency"},
			{"featured", map[string]any{"currency": "EUR", "amount": -1, "duration_days": 7}, "amount"},
			{"featured", map[string]any{"currency": "EUR", "amount": 100_000_01, "duration_days": 7}, "amount"},
			{"featured", map[string]any{"currency": "EUR", "amount": 100, "duration_days": 0}, "duration_days"},
			{"featured", map[string]any{"currency": "EUR", "amount": 100, "duration_days": 367}, "duration_days"},
			{"gold", map[string]any{"currency": "EUR", "amount": 100, "duration_days": 7}, "product"},
		} {
			r := jobSend(a.owner.c, http.MethodPut, "/api/v1/prices/"+bad.product, bad.body, a.owner.tok)
			if r.StatusCode != http.StatusBadRequest || r.errorField(t, bad.field) == "" {
				t.Errorf("PUT %s %v: %d %s, want 400 on %s", bad.product, bad.body, r.StatusCode, r.body, bad.field)
			}
		}
		if p := prices(a.f.Host)["featured"]; p["amount"] != 4500.0 {
			t.Errorf("refused changes altered the price: %v", p)
		}

		// The earlier order still costs what it cost, and is paid at that.
		got := billingStored(t, h, a.f.ID, before.ID)
		if got.Amount != billingFeaturedAmount || got.Currency != "EUR" || got.DurationDays != billingFeaturedDays {
			t.Errorf("order made before the change: %+v", got)
		}
		if m := a.team.c.do(http.MethodGet, "/api/v1/orders/"+before.ID, nil, bearer(a.team.tok)).json(t); m["amount"] != 9900.0 || m["currency"] != "EUR" {
			t.Errorf("GET order made before the change: %v", m)
		}
		start := time.Now()
		billingDeliver(t, h, a.f.Host, billingCompleted(t, before))
		billingWantStatus(t, h, before, billing.StatusPaid)
		billingPeriodOnce(t, "featured_until at the old duration", billingJob(t, h, a.f.ID, a.jobID).FeaturedUntil, start, time.Now(), billingFeaturedDays)
		// A new order is at the new price.
		after := billingMustBuy(t, a.team, map[string]any{"product": "featured", "job_id": a.jobID})
		if after.Amount != 4500 || after.Currency != "CHF" {
			t.Errorf("order after the change: %+v", after)
		}
	})
}

func TestBillingFreeProductSkipsCheckout(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		billingSetPrice(t, s, "featured", 0, 10)
		start := time.Now()
		o := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		if o.CheckoutURL != "" || o.Status != "paid" || o.Amount != 0 {
			t.Fatalf("free order: %+v, want paid without checkout", o)
		}
		if n := billingFulfilments(t, h, o.ID); n != 1 {
			t.Errorf("fulfilments of a free order: %d, want 1", n)
		}
		billingPeriodOnce(t, "free featured_until", billingJob(t, h, s.f.ID, s.jobID).FeaturedUntil, start, time.Now(), 10)
		if j := h.client(s.f.Host).get("/api/v1/jobs/" + s.jobID).json(t); j["featured"] != true {
			t.Errorf("free featured job: featured %v", j["featured"])
		}
		// The default job posting is free: buying it submits the draft.
		draft := s.team.create(t, jobPosting("Free Posting", nil))["id"].(string)
		p := billingMustBuy(t, s.team, map[string]any{"product": "job_posting", "job_id": draft})
		if p.CheckoutURL != "" || p.Status != "paid" {
			t.Errorf("free posting order: %+v", p)
		}
		if st := billingJob(t, h, s.f.ID, draft).Status; st != job.StatusPending {
			t.Errorf("job after a free posting on a reviewed board: %s, want pending", st)
		}
		if n := billingCount(t, h, "SELECT count(*) FROM orders WHERE session_id <> ''"); n != 0 {
			t.Errorf("free orders opened %d checkout sessions", n)
		}
		// Premium made free.
		billingSetPrice(t, s, "premium_profile", 0, 30)
		pr := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
		if pr.Status != "paid" || pr.CheckoutURL != "" {
			t.Errorf("free premium: %+v", pr)
		}
		if c := billingCompany(t, h, s.f.ID, s.team.companyID); c.PremiumUntil == nil || c.PremiumUntil.Before(time.Now().Add(29*24*time.Hour)) {
			t.Errorf("free premium: premium_until %v", c.PremiumUntil)
		}
	})
}

func TestBillingFeaturedAndPremiumEffects(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "acme", "zoe@zeta.example", "Zeta Labs")
		// A newer job and an earlier company by name, both plain.
		alpha := jobNewTeam(t, h, s.f, "al@alpha.example", "Alpha Bio", true)
		newer := alpha.publishJob(t, s.owner, jobPosting("Newer Job", nil))["id"].(string)
		anon := h.client(s.f.Host)
		if ids := jobIDs(t, anon.get("/api/v1/jobs")); len(ids) != 2 || ids[0] != newer {
			t.Fatalf("jobs before featuring: %v, want the newer job first", ids)
		}
		if ids := jobIDs(t, anon.get("/api/v1/companies")); len(ids) != 2 || ids[0] != alpha.companyID {
			t.Fatalf("companies before premium: %v, want Alpha first", ids)
		}
		// Featured.
		f := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		start := time.Now()
		billingDeliver(t, h, s.f.Host, billingCompleted(t, f))
		end := time.Now()
		j := anon.get("/api/v1/jobs/" + s.jobID).json(t)
		if j["featured"] != true {
			t.Errorf("bought featured: job featured %v", j["featured"])
		}
		until := jobTimeOf(t, j["featured_until"])
		billingPeriodOnce(t, "featured_until", &until, start, end, billingFeaturedDays)
		if ids := jobIDs(t, anon.get("/api/v1/jobs")); len(ids) != 2 || ids[0] != s.jobID {
			t.Errorf("jobs after featuring: %v, want %s first", ids, s.jobID)
		}
		// Premium.
		p := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
		start = time.Now()
		billingDeliver(t, h, s.f.Host, billingCompleted(t, p))
		end = time.Now()
		c := anon.get("/api/v1/companies/" + s.team.companyID).json(t)
		premium := jobTimeOf(t, c["premium_until"])
		billingPeriodOnce(t, "premium_until", &premium, start, end, billingPremiumDays)
		if ids := jobIDs(t, anon.get("/api/v1/companies")); len(ids) != 2 || ids[0] != s.team.companyID {
			t.Errorf("companies after premium: %v, want %s first", ids, s.team.companyID)
		}
		// A second featured purchase extends the period from its end.
		f2 := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		billingDeliver(t, h, s.f.Host, billingCompleted(t, f2))
		if got := billingJob(t, h, s.f.ID, s.jobID).FeaturedUntil; got == nil || got.Sub(until).Round(time.Second) != billingFeaturedDays*24*time.Hour {
			t.Errorf("second featured purchase: until %v, want %v + 14 days", got, until)
		}

		// Refunds revoke them.
		billingDeliver(t, h, s.f.Host, billingRefunded(t, p))
		billingWantStatus(t, h, p, billing.StatusRefunded)
		if c := anon.get("/api/v1/companies/" + s.team.companyID).json(t); c["premium_until"] != nil {
			t.Errorf("refunded premium: premium_until %v", c["premium_until"])
		}
		if ids := jobIDs(t, anon.get("/api/v1/companies")); len(ids) != 2 || ids[0] != alpha.companyID {
			t.Errorf("companies after the premium refund: %v, want Alpha first again", ids)
		}
		billingDeliver(t, h, s.f.Host, billingRefunded(t, f))
		billingDeliver(t, h, s.f.Host, billingRefunded(t, f2))
		if j := anon.get("/api/v1/jobs/" + s.jobID).json(t); j["featured"] != false {
			t.Errorf("refunded featured: featured %v", j["featured"])
		}
		if ids := jobIDs(t, anon.get("/api/v1/jobs")); len(ids) != 2 || ids[0] != newer {
			t.Errorf("jobs after the featured refund: %v, want the newer job first again", ids)
		}
		// Featured needs a job that is or will be live: not a closed one.
		// (Time bought for a draft starts at publication; see
		// TestBillingFeaturedBoughtWhilePendingStartsAtApproval.)
		jobMustStatus(t, "close", alpha.action(newer, "close"), "closed")
		if r := billingBuy(alpha, map[string]any{"product": "featured", "job_id": newer}); r.StatusCode != http.StatusConflict {
			t.Errorf("featured for a closed job: %d %s, want 409", r.StatusCode, r.body)
		}
	})
}

func TestBillingPaidJobPosting(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		for _, review := range []bool{true, false} {
			name := "review"
			if !review {
				name = "direct"
			}
			t.Run(name, func(t *testing.T) {
				slug := "acme"
				if !review {
					slug = "beta"
				}
				f := h.newBoard(slug)
				jobSettings(t, h, f, func(s *jobBoardSettings) { s.ReviewJobs = review })
				s := &billingShop{h: h, f: f, owner: jobOwnerOf(h, f), team: jobNewTeam(t, h, f, "emma@"+slug+".example", "Nova "+slug, true)}
				billingSetPrice(t, s, "job_posting", 2500, 45)
				id := s.team.create(t, jobPosting("Paid Posting", nil))["id"].(string)
				if r := s.team.action(id, "submit"); r.StatusCode != http.StatusConflict || r.errorCode(t) != "payment_required" {
					t.Fatalf("submit on a paid board: %d %s, want 409 payment_required", r.StatusCode, r.body)
				}
				if st := billingJob(t, h, f.ID, id).Status; st != job.StatusDraft {
					t.Fatalf("refused submit left the job %s", st)
				}
				o := billingMustBuy(t, s.team, map[string]any{"product": "job_posting", "job_id": id})
				if o.Amount != 2500 || o.CheckoutURL == "" || o.Status != "pending" {
					t.Fatalf("posting order: %+v", o)
				}
				if st := billingJob(t, h, f.ID, id).Status; st != job.StatusDraft {
					t.Errorf("unpaid posting: job %s, want draft", st)
				}
				start := time.Now()
				billingDeliver(t, h, f.Host, billingCompleted(t, o))
				billingWantStatus(t, h, o, billing.StatusPaid)
				if n := billingFulfilments(t, h, o.ID); n != 1 {
					t.Errorf("fulfilments: %d", n)
				}
				if review {
					if st := billingJob(t, h, f.ID, id).Status; st != job.StatusPending {
						t.Fatalf("paid posting on a reviewed board: job %s, want pending", st)
					}
					start = time.Now()
					jobMustStatus(t, "approve the paid job", s.owner.approve(id), "published")
				}
				snap := billingJob(t, h, f.ID, id)
				if snap.Status != job.StatusPublished {
					t.Fatalf("paid posting: job %s, want published", snap.Status)
				}
				if !jobContains(jobIDs(t, h.client(f.Host).get("/api/v1/jobs")), id) {
					t.Error("the paid job is not listed")
				}
				published := time.Now()

				// A refund takes it off the board.
				billingDeliver(t, h, f.Host, billingRefunded(t, o))
				billingWantStatus(t, h, o, billing.StatusRefunded)
				if st := billingJob(t, h, f.ID, id).Status; st == job.StatusPublished {
					t.Errorf("refunded posting still published")
				}
				if jobContains(jobIDs(t, h.client(f.Host).get("/api/v1/jobs")), id) {
					t.Error("refunded posting still listed")
				}
				if r := s.team.action(id, "submit"); r.StatusCode != http.StatusConflict {
					t.Errorf("submit after the refund: %d, want 409", r.StatusCode)
				}

				// The posting ran for the 45 days paid for, not the board's
				// default period of 30.
				billingPeriodOnce(t, "expires_at of the paid posting", snap.ExpiresAt, start, published, 45)
			})
		}
	})
}

func TestBillingRefundOfPostingAwaitingReview(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("acme")
		s := &billingShop{h: h, f: f, owner: jobOwnerOf(h, f), team: jobNewTeam(t, h, f, "emma@nova.example", "Nova Pharma", true)}
		billingSetPrice(t, s, "job_posting", 2500, 30)
		id := s.team.create(t, jobPosting("Paid Posting", nil))["id"].(string)
		o := billingMustBuy(t, s.team, map[string]any{"product": "job_posting", "job_id": id})
		billingDeliver(t, h, f.Host, billingCompleted(t, o))
		if st := billingJob(t, h, f.ID, id).Status; st != job.StatusPending {
			t.Fatalf("paid posting: job %s, want pending review", st)
		}
		// Refunded before the owner reviewed it.
		billingDeliver(t, h, f.Host, billingRefunded(t, o))
		billingWantStatus(t, h, o, billing.StatusRefunded)
		st := billingJob(t, h, f.ID, id).Status
		r := s.owner.approve(id)
		if st != job.StatusDraft || r.StatusCode != http.StatusConflict {
			t.Errorf("refunded posting awaiting review: job %s, approve %d; want draft and 409", st, r.StatusCode)
		}
		if now := billingJob(t, h, f.ID, id).Status; now == job.StatusPublished {
			t.Errorf("refunded posting was published by approval")
		}
	})
}

func TestBillingRefundKeepsOtherPaidPeriods(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		// Two premium years bought back to back; the second is refunded.
		first := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
		billingDeliver(t, h, s.f.Host, billingCompleted(t, first))
		second := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
		billingDeliver(t, h, s.f.Host, billingCompleted(t, second))
		stacked := billingCompany(t, h, s.f.ID, s.team.companyID).PremiumUntil
		if stacked == nil || stacked.Before(time.Now().Add(2*billingPremiumDays*24*time.Hour-time.Minute)) {
			t.Fatalf("two premium years: premium_until %v", stacked)
		}
		billingDeliver(t, h, s.f.Host, billingRefunded(t, second))
		billingWantStatus(t, h, first, billing.StatusPaid)
		billingWantStatus(t, h, second, billing.StatusRefunded)
		left := billingCompany(t, h, s.f.ID, s.team.companyID).PremiumUntil
		if left == nil || !left.After(time.Now()) {
			t.Fatalf("refunding one premium order ended the period the other still covers: premium_until %v", left)
		}
		if want := stacked.Add(-billingPremiumDays * 24 * time.Hour); left.Sub(want).Abs() > time.Minute {
			t.Errorf("premium_until after refunding one of two years: %s, want %s", left, want)
		}
	})
}

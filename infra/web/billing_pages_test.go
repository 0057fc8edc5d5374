package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/infra/payments"
)

// billingBrowser signs a person in through the login form.
func billingBrowser(t *testing.T, h *harness, host, email, password string) *browser {
	t.Helper()
	b := newBrowser(t, h, host)
	login := b.page("/login")
	r := b.submit(login, "/login", url.Values{"email": {email}, "password": {password}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %d %.300s", email, r.StatusCode, r.body)
	}
	return b
}

func TestBillingDevCheckoutPages(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		buyer := billingBrowser(t, h, s.f.Host, "emma@nova.example", "passphrase for emma@nova.example")

		// Pay on the test page.
		o := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		u, err := url.Parse(o.CheckoutURL)
		if err != nil || u.Host != s.f.Host || u.Path != payments.DevCheckoutPath+o.ID {
			t.Fatalf("checkout_url %q, want the board host's %s%s", o.CheckoutURL, payments.DevCheckoutPath, o.ID)
		}
		page := buyer.page(u.Path)
		if !strings.Contains(page.body, "Test payment") || !strings.Contains(page.body, "EUR 99.00") {
			t.Errorf("test payment page is not labelled or lacks the amount: %.1500s", page.body)
		}
		start := time.Now()
		r := buyer.submit(page, "/billing/dev-checkout/"+o.ID+"/pay", nil)
		seeOther(t, "pay", r, "/billing/orders/"+o.ID+"/success")
		done := buyer.page("/billing/orders/" + o.ID + "/success")
		if !strings.Contains(done.body, "payment received") || !strings.Contains(done.body, "paid") {
			t.Errorf("success page of a paid order: %.1500s", done.body)
		}
		billingWantStatus(t, h, o, billing.StatusPaid)
		if n := billingFulfilments(t, h, o.ID); n != 1 {
			t.Errorf("fulfilments after the test payment: %d", n)
		}
		billingPeriodOnce(t, "featured_until after the test payment", billingJob(t, h, s.f.ID, s.jobID).FeaturedUntil, start, time.Now(), billingFeaturedDays)
		// Paying again, and reloading, change nothing.
		seeOther(t, "pay again", buyer.postRaw(page, "/billing/dev-checkout/"+o.ID+"/pay", url.Values{}), "/billing/orders/"+o.ID+"/success")
		buyer.page("/billing/orders/" + o.ID + "/success")
		if n := billingFulfilments(t, h, o.ID); n != 1 {
			t.Errorf("fulfilments after paying twice: %d", n)
		}
		// The form needs its CSRF token.
		if r := buyer.send(http.MethodPost, "/billing/dev-checkout/"+o.ID+"/pay", strings.NewReader(""), map[string]string{"Content-Type": "application/x-www-form-urlencoded"}); r.StatusCode != http.StatusForbidden {
			t.Errorf("pay without a CSRF token: %d, want 403", r.StatusCode)
		}

		// Cancel on the test page.
		c := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
		page = buyer.page(payments.DevCheckoutPath + c.ID)
		r = buyer.submit(page, "/billing/dev-checkout/"+c.ID+"/cancel", nil)
		seeOther(t, "cancel", r, "/billing/orders/"+c.ID+"/cancel")
		canceled := buyer.page("/billing/orders/" + c.ID + "/cancel")
		if !strings.Contains(canceled.body, "canceled") {
			t.Errorf("cancel page: %.1500s", canceled.body)
		}
		billingWantStatus(t, h, c, billing.StatusCanceled)
		if co := billingCompany(t, h, s.f.ID, s.team.companyID); co.PremiumUntil != nil {
			t.Error("canceled premium order applied")
		}

		// The success page of a pending order asks the gateway: paid there
		// (the webhook has not arrived), it is settled here.
		p := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
		pending := buyer.page("/billing/orders/" + p.ID + "/success")
		if !strings.Contains(pending.body, "Waiting for the payment") {
			t.Errorf("success page of an unpaid order: %.1500s", pending.body)
		}
		billingWantStatus(t, h, p, billing.StatusPending)
		if _, err := billingDevGateway(t, h).MarkPaid(payments.DevSessionID(p.ID)); err != nil {
			t.Fatal(err)
		}
		start = time.Now()
		settled := buyer.page("/billing/orders/" + p.ID + "/success?session_id=" + payments.DevSessionID(p.ID))
		if !strings.Contains(settled.body, "payment received") {
			t.Errorf("success page after the gateway was paid: %.1500s", settled.body)
		}
		billingWantStatus(t, h, p, billing.StatusPaid)
		billingPeriodOnce(t, "premium_until settled by the success page", billingCompany(t, h, s.f.ID, s.team.companyID).PremiumUntil, start, time.Now(), billingPremiumDays)
		// The webhook arriving afterwards changes nothing.
		billingDeliver(t, h, s.f.Host, billingCompleted(t, p))
		if n := billingFulfilments(t, h, p.ID); n != 1 {
			t.Errorf("fulfilments after success page and webhook: %d", n)
		}

		// Someone else cannot see or pay the order.
		jobNewTeam(t, h, s.f, "sam@other.example", "Other Co", false)
		sb := billingBrowser(t, h, s.f.Host, "sam@other.example", "passphrase for sam@other.example")
		q := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		if r := sb.get(payments.DevCheckoutPath + q.ID); r.StatusCode != http.StatusNotFound {
			t.Errorf("stranger on the test payment page: %d, want 404", r.StatusCode)
		}
		own := sb.page("/employer")
		if r := sb.postRaw(own, "/billing/dev-checkout/"+q.ID+"/pay", url.Values{}); r.StatusCode != http.StatusNotFound {
			t.Errorf("stranger paying: %d, want 404", r.StatusCode)
		}
		if r := sb.get("/billing/orders/" + q.ID + "/success"); r.StatusCode != http.StatusNotFound {
			t.Errorf("stranger on the success page: %d, want 404", r.StatusCode)
		}
		if r := sb.get("/billing/orders/" + q.ID + "/cancel"); r.StatusCode != http.StatusNotFound {
			t.Errorf("stranger on the cancel page: %d, want 404", r.StatusCode)
		}
		billingWantStatus(t, h, q, billing.StatusPending)
		// Anonymous visitors are sent to sign in.
		if r := newBrowser(t, h, s.f.Host).get(payments.DevCheckoutPath + q.ID); r.StatusCode != http.StatusSeeOther && r.StatusCode != http.StatusFound {
			t.Errorf("anonymous test payment page: %d, want a redirect to sign in", r.StatusCode)
		}
	})
}

func TestBillingMoneyPages(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		paid := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		billingDeliver(t, h, s.f.Host, billingCompleted(t, paid))
		pending := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
		refunded := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
		billingDeliver(t, h, s.f.Host, billingCompleted(t, refunded))
		billingDeliver(t, h, s.f.Host, billingRefunded(t, refunded))

		buyer := billingBrowser(t, h, s.f.Host, "emma@nova.example", "passphrase for emma@nova.example")
		list := buyer.page("/employer/companies/" + s.team.companyID + "/orders")
		doc := parseDoc(t, list.body)
		rows := findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "tr" })
		statuses := map[string]int{}
		for _, row := range rows[1:] { // skip the header row
			text := textOf(row)
			for _, st := range []string{"paid", "pending", "refunded"} {
				if strings.Contains(text, st) {
					statuses[st]++
				}
			}
		}
		if len(rows) != 4 || statuses["paid"] != 1 || statuses["pending"] != 1 || statuses["refunded"] != 1 {
			t.Errorf("company orders page: %d rows, statuses %v: %.2000s", len(rows), statuses, list.body)
		}
		if !strings.Contains(list.body, "EUR 99.00") || !strings.Contains(list.body, "EUR 499.00") {
			t.Errorf("company orders page lacks the amounts")
		}
		_ = pending

		// The board's owner sees revenue per month: only what is paid and
		// not refunded.
		owner := billingBrowser(t, h, s.f.Host, s.f.OwnerEmail, s.f.OwnerPass)
		money := owner.page("/admin/billing")
		month := time.Now().UTC().Format("2006-01")
		if !strings.Contains(money.body, "Revenue per month") || !strings.Contains(money.body, month) {
			t.Errorf("money page lacks this month's revenue (%s): %.3000s", month, money.body)
		}
		revenue := billingRevenueRow(t, money.body, month)
		if !strings.Contains(revenue, "EUR 99.00") || strings.Contains(revenue, "EUR 598.00") || strings.Contains(revenue, "EUR 499.00") {
			t.Errorf("revenue row for %s: %q, want EUR 99.00 (refunded and pending orders left out)", month, revenue)
		}
		if !strings.Contains(money.body, "emma@nova.example") {
			t.Error("money page lacks the buyer of recent orders")
		}
		if !strings.Contains(money.body, "test mode") {
			t.Error("money page does not say payments are in test mode")
		}
		// The owner changes a price through the form, in major units.
		r := owner.submit(money, "/admin/billing/prices", url.Values{"product": {"featured"}, "currency": {"EUR"}, "amount": {"120.50"}, "duration_days": {"21"}})
		seeOther(t, "save price", r, "/admin/billing")
		if p := billingPriceOf(t, h, s.f.Host, "featured"); p["amount"] != 12050.0 || p["duration_days"] != 21.0 {
			t.Errorf("price saved through the form: %v", p)
		}

		// An employer is refused the money page.
		if r := buyer.get("/admin/billing"); r.StatusCode != http.StatusForbidden {
			t.Errorf("employer on /admin/billing: %d, want 403", r.StatusCode)
		}
		emp := buyer.page("/employer")
		if r := buyer.postRaw(emp, "/admin/billing/prices", url.Values{"product": {"featured"}, "currency": {"EUR"}, "amount": {"1"}, "duration_days": {"1"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("employer setting a price through the form: %d, want 403", r.StatusCode)
		}
		// Another employer cannot see the company's orders.
		jobNewTeam(t, h, s.f, "sam@other.example", "Other Co", false)
		sb := billingBrowser(t, h, s.f.Host, "sam@other.example", "passphrase for sam@other.example")
		if r := sb.get("/employer/companies/" + s.team.companyID + "/orders"); r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
			t.Errorf("stranger on the company's orders page: %d, want 403 or 404", r.StatusCode)
		}
	})
}

// billingRevenueRow returns the text of the revenue table row of month.
func billingRevenueRow(t *testing.T, body, month string) string {
	t.Helper()
	doc := parseDoc(t, body)
	for _, row := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "tr" }) {
		cells := findAll(row, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "td" })
		if len(cells) > 0 && strings.TrimSpace(textOf(cells[0])) == month {
			return textOf(row)
		}
	}
	return ""
}

// billingPriceOf returns one product's price from the API.
func billingPriceOf(t *testing.T, h *harness, host, product string) map[string]any {
	t.Helper()
	for _, it := range h.client(host).get("/api/v1/prices").json(t)["items"].([]any) {
		if p := it.(map[string]any); p["product"] == product {
			return p
		}
	}
	t.Fatalf("no price for %s", product)
	return nil
}

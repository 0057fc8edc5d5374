package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76/webhook"

	appbilling "github.com/jobboard/jobboard/app/billing"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/infra/payments"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/system"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// billingWebhookSecret is the STRIPE_WEBHOOK_SECRET harnesses get; without
// one the webhook refuses everything (cmd/jobboard/wire.go newGateway).
const billingWebhookSecret = systemtest.WebhookSecret

// Default prices of a new board (domain/billing DefaultPrices).
const (
	billingFeaturedAmount = 9900
	billingFeaturedDays   = 14
	billingPremiumAmount  = 49900
	billingPremiumDays    = 365
)

// billingShop is a board whose owner is signed in, with a published
// company that has one published job.
type billingShop struct {
	h     *harness
	f     fixture
	owner jobStaffClient
	team  *jobTeam
	jobID string
}

// billingNewShop creates board slug with a published company (name) and
// one published job.
func billingNewShop(t *testing.T, h *harness, slug, email, name string) *billingShop {
	t.Helper()
	f := h.newBoard(slug)
	owner := jobOwnerOf(h, f)
	tm := jobNewTeam(t, h, f, email, name, true)
	j := tm.publishJob(t, owner, jobPosting(name+" Chemist", nil))
	return &billingShop{h: h, f: f, owner: owner, team: tm, jobID: j["id"].(string)}
}

func (s *billingShop) tenant() domain.TenantID { return domain.TenantID(s.f.ID) }

// billingOrder is what the tests need to know about an order.
type billingOrder struct {
	ID, Tenant, Currency string
	Amount               int64
	CheckoutURL          string
	Status               string
}

// billingBuy posts an order with the team's token and returns the answer.
func billingBuy(tm *jobTeam, body map[string]any) response {
	return jobSend(tm.c, http.MethodPost, "/api/v1/orders", body, tm.tok)
}

// billingMustBuy posts an order and fails unless it is created.
func billingMustBuy(t *testing.T, tm *jobTeam, body map[string]any) billingOrder {
	t.Helper()
	r := billingBuy(tm, body)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/v1/orders %v: %d %s", body, r.StatusCode, r.body)
	}
	m := r.json(t)
	o := billingOrder{ID: m["id"].(string), Tenant: tm.f.ID, Currency: m["currency"].(string), Amount: int64(m["amount"].(float64)),
		CheckoutURL: m["checkout_url"].(string), Status: m["status"].(string)}
	if loc := r.Header.Get("Location"); loc != "/api/v1/orders/"+o.ID {
		t.Errorf("order Location = %q, want /api/v1/orders/%s", loc, o.ID)
	}
	return o
}

// billingEventSeq makes event ids unique within the test binary.
var billingEventSeq atomic.Int64

func billingEventID(prefix string) string {
	return fmt.Sprintf("evt_%s_%d_%d", prefix, time.Now().UnixNano(), billingEventSeq.Add(1))
}

// billingEvent builds a Stripe-shaped event body with obj as data.object.
func billingEvent(t testing.TB, id, typ string, obj map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"id": id, "object": "event", "type": typ, "api_version": "2023-10-16", "created": time.Now().Unix(),
		"livemode": false, "pending_webhooks": 1, "data": map[string]any{"object": obj},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// billingSessionObject is the checkout session of o as Stripe reports it,
// with the dev gateway's session id and the order's metadata.
func billingSessionObject(o billingOrder, paymentStatus, status string) map[string]any {
	return map[string]any{
		"id": payments.DevSessionID(o.ID), "object": "checkout.session", "mode": "payment",
		"payment_status": paymentStatus, "status": status,
		"amount_total": o.Amount, "amount_subtotal": o.Amount, "currency": strings.ToLower(o.Currency),
		"metadata":       map[string]any{"tenant_id": o.Tenant, "order_id": o.ID},
		"payment_intent": "pi_" + strings.ReplaceAll(o.ID, "-", ""),
	}
}

// billingCompleted is a checkout.session.completed event for o, paid.
func billingCompleted(t testing.TB, o billingOrder) []byte {
	return billingEvent(t, billingEventID("completed"), appbilling.EventCompleted, billingSessionObject(o, "paid", "complete"))
}

// billingRefunded is a charge.refunded event for o, refunded in full.
func billingRefunded(t testing.TB, o billingOrder) []byte {
	return billingEvent(t, billingEventID("refunded"), appbilling.EventRefunded, map[string]any{
		"id": "ch_" + strings.ReplaceAll(o.ID, "-", ""), "object": "charge", "amount": o.Amount, "amount_refunded": o.Amount,
		"refunded": true, "currency": strings.ToLower(o.Currency), "payment_intent": "pi_" + strings.ReplaceAll(o.ID, "-", ""),
		"metadata": map[string]any{"tenant_id": o.Tenant, "order_id": o.ID},
	})
}

// billingSign returns the Stripe-Signature header for body.
func billingSign(body []byte, secret string, at time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret, Timestamp: at}).Header
}

// billingPost sends a webhook to host without failing the test, so it can
// run in goroutines.
func billingPost(h *harness, host string, body []byte, signature string) (int, string, error) {
	req := httptest.NewRequest(http.MethodPost, "http://"+host+"/webhooks/stripe", strings.NewReader(string(body)))
	req.Host = host
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set("Stripe-Signature", signature)
	}
	resp, err := h.srv.App().Test(req, -1)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw), nil
}

// billingDeliver signs body with the dev secret, sends it and fails unless
// it is acknowledged with 200 {"received":true}.
func billingDeliver(t *testing.T, h *harness, host string, body []byte) {
	t.Helper()
	code, out, err := billingPost(h, host, body, billingSign(body, billingWebhookSecret, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if code != http.StatusOK || !strings.Contains(out, `"received":true`) {
		t.Fatalf("webhook: %d %s, want 200 {\"received\":true}", code, out)
	}
}

// billingCount runs a count query.
func billingCount(t testing.TB, h *harness, query string, args ...any) int {
	t.Helper()
	var n int
	if err := h.db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// billingFulfilments counts the fulfilment records of an order.
func billingFulfilments(t testing.TB, h *harness, orderID string) int {
	t.Helper()
	return billingCount(t, h, "SELECT count(*) FROM fulfilments WHERE order_id = ?", orderID)
}

// billingStored reads an order from the database.
func billingStored(t testing.TB, h *harness, tenant, id string) *billing.Order {
	t.Helper()
	o, err := store.NewOrders(h.db).ByID(context.Background(), domain.TenantID(tenant), id)
	if err != nil {
		t.Fatalf("order %s: %v", id, err)
	}
	return o
}

// billingJob reads a job from the database.
func billingJob(t testing.TB, h *harness, tenant, id string) job.Snapshot {
	t.Helper()
	j, err := store.NewJobs(h.db).ByID(context.Background(), domain.TenantID(tenant), id)
	if err != nil {
		t.Fatalf("job %s: %v", id, err)
	}
	return j.Snapshot()
}

// billingCompany reads a company from the database.
func billingCompany(t testing.TB, h *harness, tenant, id string) company.Snapshot {
	t.Helper()
	c, err := store.NewCompanies(h.db).ByID(context.Background(), domain.TenantID(tenant), id)
	if err != nil {
		t.Fatalf("company %s: %v", id, err)
	}
	return c.Snapshot()
}

// billingWantStatus fails unless the stored order has status want.
func billingWantStatus(t testing.TB, h *harness, o billingOrder, want billing.Status) *billing.Order {
	t.Helper()
	got := billingStored(t, h, o.Tenant, o.ID)
	if got.Status != want {
		t.Errorf("order %s status %s, want %s", o.ID, got.Status, want)
	}
	return got
}

// billingPeriodOnce fails unless until is one period of days after a
// moment in [before, after]: applied once, not twice.
func billingPeriodOnce(t testing.TB, what string, until *time.Time, before, after time.Time, days int) {
	t.Helper()
	if until == nil {
		t.Errorf("%s: not set", what)
		return
	}
	d := time.Duration(days) * 24 * time.Hour
	lo, hi := before.Add(d).Add(-time.Second), after.Add(d).Add(time.Second)
	if until.Before(lo) || until.After(hi) {
		t.Errorf("%s = %s, want now + %d days (between %s and %s)", what, until.UTC(), days, lo.UTC(), hi.UTC())
	}
}

// billingDevGateway is the wired dev gateway.
func billingDevGateway(t testing.TB, h *harness) *payments.Dev {
	t.Helper()
	dev, ok := h.sys.Gateway.(*payments.Dev)
	if !ok {
		t.Fatalf("gateway is %T, want the dev gateway", h.sys.Gateway)
	}
	return dev
}

// billingSetPrice sets a price as the board's owner through the API.
func billingSetPrice(t *testing.T, s *billingShop, product string, amount int64, days int) {
	t.Helper()
	r := jobSend(s.owner.c, http.MethodPut, "/api/v1/prices/"+product, map[string]any{"currency": "EUR", "amount": amount, "duration_days": days}, s.owner.tok)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("PUT price %s: %d %s", product, r.StatusCode, r.body)
	}
}

// errBillingCrash stands for the process dying before the commit.
var errBillingCrash = errors.New("simulated crash before commit")

// crashingTx runs fn in a real transaction and then fails, so everything
// fn did is rolled back, as if the process had died before committing.
type crashingTx struct{ db *store.DB }

func (c crashingTx) RunInTx(ctx context.Context, fn func(ctx context.Context) error) error {
	err := c.db.RunInTx(ctx, func(ctx context.Context) error {
		if err := fn(ctx); err != nil {
			return err
		}
		return errBillingCrash
	})
	if err == nil {
		return errBillingCrash
	}
	return err
}

// billingCrashingService is the billing service wired as in wire.go, on
// the same gateway, with a transaction runner that never commits.
func billingCrashingService(h *harness) *appbilling.Service {
	return h.instance(system.Options{Tx: crashingTx{h.db}}).Billing
}

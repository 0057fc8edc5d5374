package web_test

import (
	"context"
	"testing"
)

func TestOrderJobReferenceIsAForeignKeyWithinTheTenant(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		a := billingNewShop(t, h, "alpha", "emma@nova.example", "Nova Pharma")
		b := billingNewShop(t, h, "beta", "emma@nova.example", "Nova Pharma")
		o := billingMustBuy(t, a.team, map[string]any{"product": "featured", "job_id": a.jobID})
		ctx := context.Background()
		for name, jobID := range map[string]string{
			"a job of another board": b.jobID,
			"a job that never was":   "00000000-0000-4000-8000-000000000001",
		} {
			if _, err := h.db.ExecContext(ctx, "UPDATE orders SET job_id = ? WHERE tenant_id = ? AND id = ?", jobID, a.f.ID, o.ID); err == nil {
				t.Errorf("order pointed at %s", name)
			}
		}
		if got := billingStored(t, h, o.Tenant, o.ID); got.JobID != a.jobID {
			t.Errorf("order job %q, want %q", got.JobID, a.jobID)
		}
		// A job with orders cannot be deleted from under them.
		if _, err := h.db.ExecContext(ctx, "DELETE FROM jobs WHERE tenant_id = ? AND id = ?", a.f.ID, a.jobID); err == nil {
			t.Error("a job with an order was deleted")
		}
		// Orders without a job (premium profiles) need none.
		if _, err := h.db.ExecContext(ctx, "UPDATE orders SET job_id = NULL WHERE tenant_id = ? AND id = ?", a.f.ID, o.ID); err != nil {
			t.Errorf("order without a job: %v", err)
		}
	})
}

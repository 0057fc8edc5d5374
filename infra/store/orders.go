package store

import (
	"context"
	"time"

	appbilling "github.com/jobboard/jobboard/app/billing"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/uptrace/bun"
)

type orderRow struct {
	bun.BaseModel `bun:"table:orders"`

	TenantID      string     `bun:"tenant_id,pk"`
	ID            string     `bun:"id,pk"`
	Product       string     `bun:"product"`
	CompanyID     string     `bun:"company_id"`
	JobID         *string    `bun:"job_id"`
	Amount        int64      `bun:"amount"`
	Currency      string     `bun:"currency"`
	DurationDays  int        `bun:"duration_days"`
	Status        string     `bun:"status"`
	CustomerEmail string     `bun:"customer_email"`
	CreatedBy     string     `bun:"created_by"`
	SessionID     string     `bun:"session_id"`
	PaymentIntent string     `bun:"payment_intent"`
	ReceiptURL    string     `bun:"receipt_url"`
	CreatedAt     time.Time  `bun:"created_at"`
	PaidAt        *time.Time `bun:"paid_at"`
	RefundedAt    *time.Time `bun:"refunded_at"`
}

func newOrderRow(o *billing.Order) *orderRow {
	r := &orderRow{TenantID: o.Tenant.String(), ID: o.ID, Product: string(o.Product), CompanyID: o.CompanyID, Amount: o.Amount,
		Currency: o.Currency, DurationDays: o.DurationDays, Status: string(o.Status), CustomerEmail: o.CustomerEmail, CreatedBy: o.CreatedBy,
		SessionID: o.SessionID, PaymentIntent: o.PaymentIntent, ReceiptURL: o.ReceiptURL, CreatedAt: o.CreatedAt, PaidAt: o.PaidAt, RefundedAt: o.RefundedAt}
	if o.JobID != "" {
		j := o.JobID
		r.JobID = &j
	}
	return r
}

func (r *orderRow) order() billing.Order {
	o := billing.Order{ID: r.ID, Tenant: domain.TenantID(r.TenantID), Product: billing.Product(r.Product), CompanyID: r.CompanyID, Amount: r.Amount,
		Currency: r.Currency, DurationDays: r.DurationDays, Status: billing.Status(r.Status), CustomerEmail: r.CustomerEmail, CreatedBy: r.CreatedBy,
		SessionID: r.SessionID, PaymentIntent: r.PaymentIntent, ReceiptURL: r.ReceiptURL, CreatedAt: r.CreatedAt, PaidAt: r.PaidAt, RefundedAt: r.RefundedAt}
	if r.JobID != nil {
		o.JobID = *r.JobID
	}
	return o
}

// Orders is the order repository.
type Orders struct{ db *DB }

// NewOrders returns the order repository.
func NewOrders(db *DB) *Orders { return &Orders{db: db} }

var _ billing.Orders = (*Orders)(nil)

// Create inserts an order.
func (r *Orders) Create(ctx context.Context, o *billing.Order) error {
	row := newOrderRow(o)
	_, err := r.db.conn(ctx).NewInsert().Model(row).Exec(ctx)
	if isForeignKeyViolation(err) {
		return domain.NotFound("company")
	}
	if err == nil {
		r.db.inserted(ctx, "orders", row.TenantID, row.ID)
	}
	return translate(err)
}

// Update saves an order's mutable fields; the order must have been read
// with LockByID (or created) in the caller's transaction.
func (r *Orders) Update(ctx context.Context, o *billing.Order) error {
	row := newOrderRow(o)
	if err := r.db.requireLocked(ctx, "orders", row.TenantID, row.ID); err != nil {
		return err
	}
	res, err := r.db.conn(ctx).NewUpdate().Model(row).
		Column("status", "session_id", "payment_intent", "receipt_url", "paid_at", "refunded_at").WherePK().Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return expectOne(res, "order")
}

func (r *Orders) one(ctx context.Context, q *bun.SelectQuery) (*billing.Order, error) {
	row := new(orderRow)
	if err := q.Model(row).Limit(1).Scan(ctx); err != nil {
		if err = translate(err); isNotFound(err) {
			return nil, domain.NotFound("order")
		}
		return nil, translate(err)
	}
	o := row.order()
	return &o, nil
}

// ByID returns an order of the board or KindNotFound.
func (r *Orders) ByID(ctx context.Context, tenant domain.TenantID, id string) (*billing.Order, error) {
	if !isUUID(id) || !isUUID(tenant.String()) {
		return nil, domain.NotFound("order")
	}
	return r.one(ctx, r.db.conn(ctx).NewSelect().Where("tenant_id = ? AND id = ?", tenant.String(), id))
}

// LockByID returns an order locked for the rest of the transaction (a row
// lock on PostgreSQL; SQLite transactions here are serialised already).
func (r *Orders) LockByID(ctx context.Context, tenant domain.TenantID, id string) (*billing.Order, error) {
	if !isUUID(id) || !isUUID(tenant.String()) {
		return nil, domain.NotFound("order")
	}
	q, err := r.db.forUpdate(ctx, r.db.conn(ctx).NewSelect().Where("tenant_id = ? AND id = ?", tenant.String(), id), "", "orders", tenant.String(), id)
	if err != nil {
		return nil, err
	}
	return r.one(ctx, q)
}

// ByPaymentIntent returns the order of any board paid by intent.
func (r *Orders) ByPaymentIntent(ctx context.Context, intent string) (*billing.Order, error) {
	if intent == "" {
		return nil, domain.NotFound("order")
	}
	// The predicate repeats the partial index's, so the planner uses it.
	return r.one(ctx, r.db.conn(ctx).NewSelect().Where("payment_intent = ? AND payment_intent <> ''", intent))
}

// BySession returns the order of a checkout session.
func (r *Orders) BySession(ctx context.Context, tenant domain.TenantID, sessionID string) (*billing.Order, error) {
	if sessionID == "" || !isUUID(tenant.String()) {
		return nil, domain.NotFound("order")
	}
	return r.one(ctx, r.db.conn(ctx).NewSelect().Where("tenant_id = ? AND session_id = ?", tenant.String(), sessionID))
}

// ClaimFulfilment records the fulfilment once; false if it was recorded.
func (r *Orders) ClaimFulfilment(ctx context.Context, tenant domain.TenantID, orderID string, at time.Time) (bool, error) {
	res, err := r.db.conn(ctx).NewRaw("INSERT INTO fulfilments (tenant_id, order_id, fulfilled_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		tenant.String(), orderID, at).Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

func (r *Orders) list(ctx context.Context, q *bun.SelectQuery) ([]billing.Order, error) {
	var rows []orderRow
	if err := q.Model(&rows).Order("created_at DESC", "id DESC").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]billing.Order, len(rows))
	for i := range rows {
		out[i] = rows[i].order()
	}
	return out, nil
}

// ForCompany lists a company's orders, newest first.
func (r *Orders) ForCompany(ctx context.Context, tenant domain.TenantID, companyID string) ([]billing.Order, error) {
	if !isUUID(companyID) || !isUUID(tenant.String()) {
		return nil, nil
	}
	return r.list(ctx, r.db.conn(ctx).NewSelect().Where("tenant_id = ? AND company_id = ?", tenant.String(), companyID))
}

// ForBoard lists a board's orders, newest first.
func (r *Orders) ForBoard(ctx context.Context, tenant domain.TenantID, limit int) ([]billing.Order, error) {
	if !isUUID(tenant.String()) {
		return nil, nil
	}
	return r.list(ctx, r.db.conn(ctx).NewSelect().Where("tenant_id = ?", tenant.String()).Limit(int64(limit)))
}

// Pending lists pending orders with a checkout session, of every board,
// created after since (for reconciliation).
func (r *Orders) Pending(ctx context.Context, since time.Time) ([]billing.Order, error) {
	return r.list(ctx, r.db.conn(ctx).NewSelect().Where("status = 'pending' AND session_id <> '' AND created_at >= ?", since))
}

// WithoutReceipt lists paid or refunded orders of every board, paid
// through a checkout session after since, that have no receipt link (for
// reconciliation).
func (r *Orders) WithoutReceipt(ctx context.Context, since time.Time) ([]billing.Order, error) {
	return r.list(ctx, r.db.conn(ctx).NewSelect().
		Where("status IN ('paid', 'refunded') AND receipt_url = '' AND session_id <> '' AND paid_at >= ?", since))
}

// Revenue returns a board's paid (not refunded) revenue per month and
// currency, newest month first.
func (r *Orders) Revenue(ctx context.Context, tenant domain.TenantID) ([]appbilling.MonthRevenue, error) {
	month := "strftime('%Y-%m', paid_at)"
	if r.db.IsPostgres() {
		month = "to_char(paid_at AT TIME ZONE 'UTC', 'YYYY-MM')"
	}
	var out []appbilling.MonthRevenue
	err := r.db.conn(ctx).NewSelect().Table("orders").
		ColumnExpr(month+" AS month, currency, sum(amount) AS amount, count(*) AS orders").
		Where("tenant_id = ? AND status = 'paid'", tenant.String()).
		GroupExpr(month+", currency").OrderExpr("month DESC, currency").Scan(ctx, &out)
	return out, translate(err)
}

type priceRow struct {
	bun.BaseModel `bun:"table:prices"`

	TenantID     string    `bun:"tenant_id,pk"`
	Product      string    `bun:"product,pk"`
	Currency     string    `bun:"currency"`
	Amount       int64     `bun:"amount"`
	DurationDays int       `bun:"duration_days"`
	UpdatedAt    time.Time `bun:"updated_at"`
}

// Prices is the price list repository.
type Prices struct{ db *DB }

// NewPrices returns the price list repository.
func NewPrices(db *DB) *Prices { return &Prices{db: db} }

var _ billing.Prices = (*Prices)(nil)

// List returns the board's prices, defaults filling products not set.
func (r *Prices) List(ctx context.Context, tenant domain.TenantID) ([]billing.Price, error) {
	var rows []priceRow
	if err := r.db.conn(ctx).NewSelect().Model(&rows).Where("tenant_id = ?", tenant.String()).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	set := map[billing.Product]billing.Price{}
	for _, row := range rows {
		set[billing.Product(row.Product)] = billing.Price{Product: billing.Product(row.Product), Currency: row.Currency, Amount: row.Amount, DurationDays: row.DurationDays}
	}
	out := billing.DefaultPrices()
	for i, p := range out {
		if v, ok := set[p.Product]; ok {
			out[i] = v
		}
	}
	return out, nil
}

// Set stores one price.
func (r *Prices) Set(ctx context.Context, tenant domain.TenantID, p billing.Price) error {
	row := &priceRow{TenantID: tenant.String(), Product: string(p.Product), Currency: p.Currency, Amount: p.Amount, DurationDays: p.DurationDays, UpdatedAt: time.Now().UTC()}
	_, err := r.db.conn(ctx).NewInsert().Model(row).On("CONFLICT (tenant_id, product) DO UPDATE").
		Set("currency = EXCLUDED.currency, amount = EXCLUDED.amount, duration_days = EXCLUDED.duration_days, updated_at = EXCLUDED.updated_at").Exec(ctx)
	if err == nil {
		// Prices show on the board's pages for employers, which are not
		// cached; the board's generation moves all the same, so that a
		// cached answer never outlives a price it might one day show.
		r.db.changed(ctx, tenant)
	}
	return translate(err)
}

// RecordEvent stores a gateway event id within the caller's transaction and
// reports whether it is new.
func (d *DB) RecordEvent(ctx context.Context, id, typ string, at time.Time) (bool, error) {
	res, err := d.conn(ctx).NewRaw("INSERT INTO payment_events (id, type, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", id, typ, at).Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

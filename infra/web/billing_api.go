package web

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	appbilling "github.com/jobboard/jobboard/app/billing"
	"github.com/jobboard/jobboard/domain/billing"
)

// orderJSON is the API shape of an order (DESIGN.md contract).
type orderJSON struct {
	ID          string     `json:"id"`
	OrderID     string     `json:"order_id"`
	Product     string     `json:"product"`
	Amount      int64      `json:"amount"`
	Currency    string     `json:"currency"`
	Status      string     `json:"status"`
	CheckoutURL string     `json:"checkout_url"`
	CompanyID   string     `json:"company_id"`
	JobID       string     `json:"job_id,omitempty"`
	ReceiptURL  string     `json:"receipt_url,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	PaidAt      *time.Time `json:"paid_at"`
}

func toOrderJSON(o billing.Order, checkoutURL string) orderJSON {
	return orderJSON{ID: o.ID, OrderID: o.ID, Product: string(o.Product), Amount: o.Amount, Currency: o.Currency, Status: string(o.Status),
		CheckoutURL: checkoutURL, CompanyID: o.CompanyID, JobID: o.JobID, ReceiptURL: o.ReceiptURL, CreatedAt: o.CreatedAt, PaidAt: o.PaidAt}
}

// returnURLs are the pages the gateway sends a buyer back to, on the
// board's own host.
func returnURLs(c *fiber.Ctx) appbilling.ReturnURLs {
	base := baseURL(c)
	return appbilling.ReturnURLs{
		Success: func(id string) string {
			return base + "/billing/orders/" + id + "/success?session_id={CHECKOUT_SESSION_ID}"
		},
		Cancel: func(id string) string { return base + "/billing/orders/" + id + "/cancel" },
	}
}

// apiCreateOrder starts a checkout: 201 with the order and checkout_url
// (empty when the product is free and already applied).
func (s *Server) apiCreateOrder(c *fiber.Ctx) error {
	var in appbilling.CheckoutInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	co, err := s.deps.Billing.StartCheckout(c.UserContext(), tenantOf(c), actorOf(c), in, returnURLs(c))
	if err != nil {
		return err
	}
	c.Location("/api/v1/orders/" + co.Order.ID)
	return c.Status(fiber.StatusCreated).JSON(toOrderJSON(co.Order, co.URL))
}

// apiOrder returns an order, settling it with the gateway if still pending.
func (s *Server) apiOrder(c *fiber.Ctx) error {
	o, err := s.deps.Billing.Confirm(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(toOrderJSON(*o, ""))
}

// apiCompanyOrders lists a company's orders (its owners).
func (s *Server) apiCompanyOrders(c *fiber.Ctx) error {
	orders, err := s.deps.Billing.CompanyOrders(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	items := make([]orderJSON, len(orders))
	for i, o := range orders {
		items[i] = toOrderJSON(o, "")
	}
	return c.JSON(fiber.Map{"items": items, "next_cursor": ""})
}

// priceJSON is one product's price.
type priceJSON struct {
	Product      string `json:"product"`
	Currency     string `json:"currency"`
	Amount       int64  `json:"amount"`
	DurationDays int    `json:"duration_days"`
}

// apiPrices returns the board's price list.
func (s *Server) apiPrices(c *fiber.Ctx) error {
	prices, err := s.deps.Billing.Prices(c.UserContext(), tenantOf(c))
	if err != nil {
		return err
	}
	items := make([]priceJSON, len(prices))
	for i, p := range prices {
		items[i] = priceJSON{Product: string(p.Product), Currency: p.Currency, Amount: p.Amount, DurationDays: p.DurationDays}
	}
	return c.JSON(fiber.Map{"items": items, "next_cursor": ""})
}

// apiSetPrice changes one product's price (board owners).
func (s *Server) apiSetPrice(c *fiber.Ctx) error {
	var in appbilling.PriceInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	in.Product = c.Params("product")
	p, err := s.deps.Billing.SetPrice(c.UserContext(), tenantOf(c), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(priceJSON{Product: string(p.Product), Currency: p.Currency, Amount: p.Amount, DurationDays: p.DurationDays})
}

// stripeWebhook receives the gateway's signed notifications on the raw
// body. Any host may receive them: the order's board comes from the
// verified event.
func (s *Server) stripeWebhook(c *fiber.Ctx) error {
	body := c.Body()
	if len(body) == 0 {
		return fiber.NewError(fiber.StatusBadRequest, "empty body")
	}
	payload := make([]byte, len(body))
	copy(payload, body)
	if err := s.deps.Billing.HandleWebhook(c.UserContext(), payload, c.Get("Stripe-Signature")); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"received": true})
}

// money formats minor units for people: "EUR 99.00".
func money(amount int64, currency string) string {
	sign := ""
	if amount < 0 {
		sign, amount = "-", -amount
	}
	cents := strconv.FormatInt(amount%100, 10)
	if len(cents) == 1 {
		cents = "0" + cents
	}
	return sign + currency + " " + thousands(amount/100) + "." + cents
}

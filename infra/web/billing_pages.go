package web

import (
	"github.com/gofiber/fiber/v2"
	appbilling "github.com/jobboard/jobboard/app/billing"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
)

// orderView is an order as the templates show it.
type orderView struct {
	billing.Order
	Label  string
	Amount string
}

func orderViews(orders []billing.Order) []orderView {
	out := make([]orderView, len(orders))
	for i, o := range orders {
		out[i] = orderView{Order: o, Label: o.Product.Label(), Amount: money(o.Amount, o.Currency)}
	}
	return out
}

// priceView is a price as the templates show it.
type priceView struct {
	billing.Price
	Label, Display, Major string
}

func priceViews(prices []billing.Price) map[string]priceView {
	out := map[string]priceView{}
	for _, p := range prices {
		v := priceView{Price: p, Label: p.Product.Label(), Display: money(p.Amount, p.Currency)}
		if p.Free() {
			v.Display = "free"
		}
		v.Major = money(p.Amount, "")[1:]
		out[string(p.Product)] = v
	}
	return out
}

// buy starts a checkout from an employer page and sends the buyer to pay
// (or back to where they were, when the product was free).
func (s *Server) buy(c *fiber.Ctx, in appbilling.CheckoutInput, back string) error {
	co, err := s.deps.Billing.StartCheckout(c.UserContext(), tenantOf(c), actorOf(c), in, returnURLs(c))
	if err != nil {
		return err
	}
	if co.URL == "" {
		setFlash(c, co.Order.Product.Label()+": done, at no charge.")
		return c.Redirect(back, fiber.StatusSeeOther)
	}
	return c.Redirect(co.URL, fiber.StatusSeeOther)
}

// buyForJob is POST /employer/jobs/:id/buy (product featured or
// job_posting).
func (s *Server) buyForJob(c *fiber.Ctx) error {
	id := c.Params("id")
	return s.buy(c, appbilling.CheckoutInput{Product: c.FormValue("product"), JobID: id}, "/employer/jobs/"+id)
}

// buyPremium is POST /employer/companies/:id/premium.
func (s *Server) buyPremium(c *fiber.Ctx) error {
	id := c.Params("id")
	return s.buy(c, appbilling.CheckoutInput{Product: string(billing.ProductPremiumProfile), CompanyID: id}, "/employer/companies/"+id)
}

// companyOrders is GET /employer/companies/:id/orders.
func (s *Server) companyOrders(c *fiber.Ctx) error {
	id := c.Params("id")
	co, _, err := s.deps.Companies.Manage(c.UserContext(), tenantOf(c), actorOf(c), id)
	if err != nil {
		return err
	}
	orders, err := s.deps.Billing.CompanyOrders(c.UserContext(), tenantOf(c), actorOf(c), id)
	if err != nil {
		return err
	}
	return s.render(c, "company_orders", page{Title: "Orders of " + co.Profile().Name, Noindex: true,
		Data: fiber.Map{"Company": s.companyView(co.Snapshot()), "Orders": orderViews(orders)}})
}

// orderSuccess is where the gateway returns a buyer. The webhook may not
// have arrived yet, so the order is settled with the gateway here too.
func (s *Server) orderSuccess(c *fiber.Ctx) error {
	o, err := s.deps.Billing.Confirm(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return s.renderOrder(c, o)
}

// orderCancel is where the gateway returns a buyer who gave up.
func (s *Server) orderCancel(c *fiber.Ctx) error {
	o, err := s.deps.Billing.Cancel(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return s.renderOrder(c, o)
}

func (s *Server) renderOrder(c *fiber.Ctx, o *billing.Order) error {
	v := orderViews([]billing.Order{*o})[0]
	back := "/employer/companies/" + o.CompanyID + "/orders"
	if o.JobID != "" {
		back = "/employer/jobs/" + o.JobID
	}
	return s.render(c, "order_status", page{Title: "Order " + string(o.Status), Noindex: true, Data: fiber.Map{"Order": v, "Back": back}})
}

// devCheckout is the development gateway's clearly labelled test-payment
// page; it does not exist when a real gateway is configured.
func (s *Server) devCheckout(c *fiber.Ctx) error {
	o, err := s.deps.Billing.DevCheckout(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return s.render(c, "dev_checkout", page{Title: "Test payment", Noindex: true, Data: fiber.Map{"Order": orderViews([]billing.Order{*o})[0]}})
}

// devPay pays an order on the test-payment page.
func (s *Server) devPay(c *fiber.Ctx) error {
	o, err := s.deps.Billing.DevPay(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.Redirect("/billing/orders/"+o.ID+"/success", fiber.StatusSeeOther)
}

// devCancel abandons an order on the test-payment page.
func (s *Server) devCancel(c *fiber.Ctx) error {
	if _, err := s.deps.Billing.DevCheckout(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id")); err != nil {
		return err
	}
	return c.Redirect("/billing/orders/"+c.Params("id")+"/cancel", fiber.StatusSeeOther)
}

// adminBilling is the board owner's money page: prices, orders, revenue.
func (s *Server) adminBilling(c *fiber.Ctx) error {
	return s.renderAdminBilling(c, fiber.StatusOK, nil, nil)
}

func (s *Server) renderAdminBilling(c *fiber.Ctx, status int, form, errs map[string]string) error {
	m, err := s.deps.Billing.Board(c.UserContext(), tenantOf(c), actorOf(c))
	if err == domain.ErrForbidden && s.userView(c).CanMoney {
		// A role that changes prices without seeing revenue gets the price
		// list alone.
		m = appbilling.BoardMoney{}
		m.Prices, err = s.deps.Billing.Prices(c.UserContext(), tenantOf(c))
	}
	if err != nil {
		return err
	}
	type revenueView struct {
		appbilling.MonthRevenue
		Total string
	}
	rev := make([]revenueView, len(m.Revenue))
	for i, r := range m.Revenue {
		rev[i] = revenueView{MonthRevenue: r, Total: money(r.Amount, r.Currency)}
	}
	return s.render(c.Status(status), "admin_billing", page{Title: "Prices and orders", Noindex: true, Form: form, Errors: errs,
		Data: fiber.Map{"Prices": priceViews(m.Prices), "Products": billing.Products, "Currencies": billing.Currencies,
			"Orders": orderViews(m.Orders), "Revenue": rev, "Gateway": s.deps.Billing.GatewayName()}})
}

// adminSetPrice is POST /admin/billing/prices: amount typed in major units
// ("99.00"), stored in minor units.
func (s *Server) adminSetPrice(c *fiber.Ctx) error {
	in := appbilling.PriceInput{Product: c.FormValue("product"), Currency: c.FormValue("currency")}
	amount, ok := parseMajor(c.FormValue("amount"))
	days, derr := strconvAtoi(c.FormValue("duration_days"))
	errs := map[string]string{}
	if !ok {
		errs["amount"] = "enter an amount like 99 or 99.50"
	}
	if derr != nil {
		errs["duration_days"] = "enter a number of days"
	}
	if len(errs) == 0 {
		in.Amount, in.DurationDays = amount, days
		_, err := s.deps.Billing.SetPrice(c.UserContext(), tenantOf(c), actorOf(c), in)
		if err == nil {
			setFlash(c, "The price is saved. Orders already made keep their price.")
			return c.Redirect("/admin/billing", fiber.StatusSeeOther)
		}
		if errs = fieldErrors(err); errs == nil {
			return err
		}
	}
	return s.renderAdminBilling(c, fiber.StatusBadRequest, formValues(c, "product", "currency", "amount", "duration_days"), errs)
}

// prices returns the board's price list for buy buttons; nil on error, so a
// page still renders without them.
func (s *Server) prices(c *fiber.Ctx) map[string]priceView {
	list, err := s.deps.Billing.Prices(c.UserContext(), tenantOf(c))
	if err != nil {
		return nil
	}
	return priceViews(list)
}

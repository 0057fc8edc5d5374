package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	appalert "github.com/jobboard/jobboard/app/alert"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/alert"
)

// alertFields are the subscribe form's fields; the search fields carry the
// jobs page's current search.
var alertFields = []string{"email", "query", "category", "location", "workplace", "employment_type", "company", "min_salary", "frequency"}

// frequencyOptions are the choices of the subscribe forms.
func frequencyOptions() []option {
	out := make([]option, len(alert.Frequencies))
	for i, f := range alert.Frequencies {
		out[i] = option{Value: string(f), Label: f.Label()}
	}
	return out
}

// alertSubscribeMessage is what every accepted subscription answers, the
// same whether or not the address subscribes already.
const alertSubscribeMessage = "Check your inbox: we have sent a link to confirm the alert. Nothing is sent until you use it."

// alertInputFromForm reads the subscribe form. A min_salary that is not a
// whole number is named like any other wrong field.
func alertInputFromForm(c *fiber.Ctx) (appalert.SubscribeInput, error) {
	in := appalert.SubscribeInput{Email: c.FormValue("email"), Query: c.FormValue("query"), Category: c.FormValue("category"),
		Location: c.FormValue("location"), Workplace: c.FormValue("workplace"), EmploymentType: c.FormValue("employment_type"),
		Company: c.FormValue("company"), Frequency: c.FormValue("frequency")}
	if raw := strings.TrimSpace(c.FormValue("min_salary")); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return in, domain.Invalid("min_salary", "enter a whole number")
		}
		in.MinSalary = n
	}
	return in, nil
}

// alertForm is GET /alerts/new: the full subscribe form, carrying the
// search from the query string (q or query, and the /jobs filters).
func (s *Server) alertForm(c *fiber.Ctx) error {
	form := map[string]string{"frequency": string(alert.Daily)}
	for _, k := range alertFields {
		if v := c.Query(k); v != "" {
			form[k] = v
		}
	}
	if form["query"] == "" {
		form["query"] = c.Query("q")
	}
	return s.renderAlertForm(c, fiber.StatusOK, form, nil)
}

func (s *Server) renderAlertForm(c *fiber.Ctx, status int, form, errs map[string]string) error {
	desc := ""
	if sr, err := alert.NewSearch(alert.Search{Query: form["query"], Category: form["category"], Location: form["location"],
		Workplace: form["workplace"], EmploymentType: form["employment_type"], Company: form["company"]}); err == nil {
		desc = sr.Describe()
	}
	return s.render(c.Status(status), "alert_new", page{Title: "Get job alerts by e-mail", Noindex: true, Form: form, Errors: errs,
		Data: fiber.Map{"Frequencies": frequencyOptions(), "Search": desc, "Workplaces": workplaceOptions(), "Types": typeOptions()}})
}

// subscribeForm is POST /alerts: the subscribe form of the jobs page and
// of /alerts/new.
func (s *Server) subscribeForm(c *fiber.Ctx) error {
	form := formValues(c, alertFields...)
	in, err := alertInputFromForm(c)
	if err == nil {
		_, err = s.deps.Alerts.Subscribe(c.UserContext(), tenantOf(c), s.clientIP(c), in)
	}
	if fields := fieldErrors(err); fields != nil {
		return s.renderAlertForm(c, fiber.StatusBadRequest, form, fields)
	}
	if err != nil {
		return err
	}
	return s.render(c, "alert_message", page{Title: "Confirm your alert", Noindex: true,
		Data: fiber.Map{"Heading": "Almost done", "Message": alertSubscribeMessage}})
}

// confirmAlertPage is GET /alerts/confirm/:token. It only asks: mail
// scanners open links, and must not confirm on someone's behalf.
func (s *Server) confirmAlertPage(c *fiber.Ctx) error {
	v, err := s.deps.Alerts.PendingConfirmation(c.UserContext(), tenantOf(c), c.Params("token"))
	if err != nil {
		return err
	}
	return s.render(c, "alert_confirm", page{Title: "Confirm your job alert", Noindex: true,
		Data: fiber.Map{"Alert": v, "Token": c.Params("token")}})
}

// confirmAlert is POST /alerts/confirm/:token.
func (s *Server) confirmAlert(c *fiber.Ctx) error {
	res, err := s.deps.Alerts.Confirm(c.UserContext(), tenantOf(c), c.Params("token"))
	if err != nil {
		return err
	}
	return s.render(c, "alert_message", page{Title: "Alert confirmed", Noindex: true,
		Data: fiber.Map{"Heading": "Your alert is on", "Message": "You will get " + string(res.Alert.Frequency) + " e-mails about " + res.Alert.Description + ".",
			"Manage": "/alerts/manage/" + res.ManageToken}})
}

// unsubscribePage is GET /alerts/unsubscribe/:token: a button that
// unsubscribes, so that opening the link alone changes nothing.
func (s *Server) unsubscribePage(c *fiber.Ctx) error {
	v, gone, err := s.deps.Alerts.UnsubscribeTarget(c.UserContext(), tenantOf(c), c.Params("token"))
	if err != nil {
		return err
	}
	if gone {
		return s.render(c, "alert_message", page{Title: "Unsubscribed", Noindex: true,
			Data: fiber.Map{"Heading": "You are unsubscribed", "Message": "This alert was removed already; you get no more e-mails from it."}})
	}
	return s.render(c, "alert_unsubscribe", page{Title: "Unsubscribe from a job alert", Noindex: true,
		Data: fiber.Map{"Alert": v, "Token": c.Params("token")}})
}

// unsubscribe is POST /alerts/unsubscribe/:token: the page's button and
// RFC 8058 one-click unsubscribing by mail programs, which send
// List-Unsubscribe=One-Click with neither a session nor a CSRF token (the
// route is exempt; the signed link is the authority).
func (s *Server) unsubscribe(c *fiber.Ctx) error {
	if err := s.deps.Alerts.Unsubscribe(c.UserContext(), tenantOf(c), c.Params("token")); err != nil {
		return err
	}
	return s.render(c, "alert_message", page{Title: "Unsubscribed", Noindex: true,
		Data: fiber.Map{"Heading": "You are unsubscribed", "Message": "You get no more e-mails from this alert. Your other alerts, if any, stay as they are."}})
}

// manageAlerts is GET /alerts/manage/:token: the subscriber's alerts.
func (s *Server) manageAlerts(c *fiber.Ctx) error {
	sub, err := s.deps.Alerts.Manage(c.UserContext(), tenantOf(c), c.Params("token"))
	if err != nil {
		return err
	}
	return s.render(c, "alert_manage", page{Title: "Your job alerts", Noindex: true,
		Data: fiber.Map{"Subscription": sub, "Token": c.Params("token")}})
}

// removeAlertForm is POST /alerts/manage/:token/:id/remove.
func (s *Server) removeAlertForm(c *fiber.Ctx) error {
	v, err := s.deps.Alerts.RemoveAlert(c.UserContext(), tenantOf(c), c.Params("token"), c.Params("id"))
	if err != nil {
		return err
	}
	setFlash(c, "The alert for "+v.Description+" is removed.")
	return c.Redirect("/alerts/manage/"+c.Params("token"), fiber.StatusSeeOther)
}

// alertSearchFields are the hidden fields that carry the jobs page's
// current search into its alert form.
func alertSearchFields(form map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range form {
		if v == "" {
			continue
		}
		if k == "q" {
			k = "query"
		}
		out[k] = v
	}
	return out
}

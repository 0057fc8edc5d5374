package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	appmoderation "github.com/jobboard/jobboard/app/moderation"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/moderation"
)

// reasonOptions are the reason codes with their labels, for the reject
// forms.
func reasonOptions() []option {
	out := make([]option, len(moderation.Reasons))
	for i, r := range moderation.Reasons {
		out[i] = option{Value: string(r), Label: r.Label()}
	}
	return out
}

// bulkDecisions are the choices of the bulk form.
var bulkDecisions = []option{{Value: "approve", Label: "Approve"}, {Value: "reject", Label: "Reject"}}

// queueKind is the route segment of an item kind.
func queueKind(k moderation.Kind) string {
	if k == moderation.KindCompany {
		return "companies"
	}
	return "jobs"
}

// queueView is one queue item as the page shows it.
type queueView struct {
	appmoderation.Item
	Path string // the route segment: jobs/ID or companies/ID
	Ref  string // the bulk checkbox value: job:ID or company:ID
}

// moderationPage is GET /admin/moderation (moderators and owners).
func (s *Server) moderationPage(c *fiber.Ctx) error {
	return s.renderQueue(c, fiber.StatusOK, nil, nil)
}

// renderQueue shows the queue, with the form values and errors of a
// failed decision when there are any.
func (s *Server) renderQueue(c *fiber.Ctx, status int, form, errs map[string]string) error {
	items, err := s.deps.Moderation.Queue(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	views := make([]queueView, len(items))
	for i, it := range items {
		views[i] = queueView{Item: it, Path: queueKind(it.Kind) + "/" + it.ID, Ref: string(it.Kind) + ":" + it.ID}
	}
	return s.render(c.Status(status), "admin_moderation", page{Title: "Review queue", Noindex: true, Form: form, Errors: errs,
		Data: fiber.Map{"Items": views, "Reasons": reasonOptions(), "Decisions": bulkDecisions}})
}

// moderateForm is POST /admin/moderation/:kind/:id/:action: the HTML
// counterpart of apiModerate, answering with the queue.
func (s *Server) moderateForm(c *fiber.Ctx) error {
	kind, err := itemKind(c)
	if err != nil {
		return err
	}
	id := c.Params("id")
	out, done, err := s.moderate(c, kind, c.Params("action"), moderationInput{
		RejectInput:    appmoderation.RejectInput{Reason: c.FormValue("reason"), Message: c.FormValue("message")},
		TakeDownReason: c.FormValue("reason"),
	})
	if fields := fieldErrors(err); fields != nil {
		// Field names are suffixed with the item, so the message sits next
		// to the form it belongs to.
		errs := map[string]string{}
		for f, msg := range fields {
			errs[f+"-"+id] = msg
		}
		return s.renderQueue(c, fiber.StatusBadRequest, map[string]string{"reason-" + id: c.FormValue("reason"), "message-" + id: c.FormValue("message")}, errs)
	}
	if err != nil {
		return err
	}
	msg := out.Title + " is " + done + "."
	if done == "dismissed" {
		msg = "The reports are dismissed."
	}
	if out.Refunded {
		msg += " The paid posting is refunded."
	}
	setFlash(c, msg)
	return c.Redirect(s.afterDecision(c), fiber.StatusSeeOther)
}

// afterDecision returns to the page the decision was made on: the queue,
// unless the form names another local page (such as an item's page).
func (s *Server) afterDecision(c *fiber.Ctx) string {
	if next := safeNext(c.FormValue("next")); next != "" {
		return next
	}
	return "/admin/moderation"
}

// moderateBulk is POST /admin/moderation/bulk: the checked items are
// approved or rejected one by one, and the page says how each went.
func (s *Server) moderateBulk(c *fiber.Ctx) error {
	refs := parseRefs(c.Context().PostArgs().PeekMulti("item"))
	if len(refs) == 0 {
		return s.renderQueue(c, fiber.StatusBadRequest, formValues(c, "bulk_action", "bulk_reason", "bulk_message"),
			map[string]string{"bulk_action": "tick at least one item"})
	}
	in := appmoderation.RejectInput{Reason: c.FormValue("bulk_reason"), Message: c.FormValue("bulk_message")}
	results, err := s.deps.Moderation.Bulk(c.UserContext(), tenantOf(c), actorOf(c), c.FormValue("bulk_action"), refs, in)
	if fields := fieldErrors(err); fields != nil {
		errs := map[string]string{}
		for f, msg := range fields {
			errs["bulk_"+f] = msg
		}
		return s.renderQueue(c, fiber.StatusBadRequest, formValues(c, "bulk_action", "bulk_reason", "bulk_message"), errs)
	}
	if err != nil {
		return err
	}
	ok, failed := 0, 0
	for _, r := range results {
		if r.Err != nil {
			failed++
		} else {
			ok++
		}
	}
	msg := plural(ok, "item") + " done."
	if failed > 0 {
		msg += " " + plural(failed, "item") + " could not be changed (already decided or taken down)."
	}
	setFlash(c, msg)
	return c.Redirect("/admin/moderation", fiber.StatusSeeOther)
}

// parseRefs reads "job:ID" and "company:ID" checkbox values; others are
// ignored, since they cannot name an item.
func parseRefs(values [][]byte) []appmoderation.ItemRef {
	var refs []appmoderation.ItemRef
	for _, v := range values {
		kind, id, ok := strings.Cut(string(v), ":")
		if !ok || id == "" || (kind != string(moderation.KindJob) && kind != string(moderation.KindCompany)) {
			continue
		}
		refs = append(refs, appmoderation.ItemRef{Kind: moderation.Kind(kind), ID: id})
	}
	return refs
}

// auditPage is GET /admin/audit (owners): the log, newest first, with
// filters and an "older" link.
func (s *Server) auditPage(c *fiber.Ctx) error {
	var in appmoderation.AuditInput
	if err := c.QueryParser(&in); err != nil {
		return domain.Invalid("limit", "use a whole number")
	}
	if in.Limit == 0 {
		in.Limit = 50
	}
	entries, next, err := s.deps.Moderation.Audit(c.UserContext(), tenantOf(c), actorOf(c), in)
	if fields := fieldErrors(err); fields != nil {
		return s.render(c.Status(fiber.StatusBadRequest), "admin_audit", page{Title: "Audit log", Noindex: true,
			Form: formQuery(c, "action", "kind", "actor", "item"), Errors: fields, Data: fiber.Map{"Kinds": auditKinds}})
	}
	if err != nil {
		return err
	}
	older := ""
	if next != "" {
		q := c.Context().QueryArgs()
		q.Set("cursor", next)
		older = "/admin/audit?" + q.String()
	}
	return s.render(c, "admin_audit", page{Title: "Audit log", Noindex: true, Form: formQuery(c, "action", "kind", "actor", "item"),
		Data: fiber.Map{"Entries": entries, "Older": older, "Kinds": auditKinds}})
}

// auditKinds are the kinds of item the audit log records.
var auditKinds = []option{{Value: "job", Label: "Jobs"}, {Value: "company", Label: "Companies"}, {Value: "board", Label: "Board settings"},
	{Value: "staff", Label: "Staff"}, {Value: "price", Label: "Prices"}}

// formQuery returns query values to re-fill a filter form.
func formQuery(c *fiber.Ctx, names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = c.Query(n)
	}
	return m
}

// plural says "1 item" or "3 items".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// moderationItemPage is GET /admin/moderation/:kind/:id: the whole item,
// with the proposed edit when one waits, and the decisions.
func (s *Server) moderationItemPage(c *fiber.Ctx) error {
	kind, err := itemKind(c)
	if err != nil {
		return err
	}
	d, err := s.deps.Moderation.Detail(c.UserContext(), tenantOf(c), actorOf(c), kind, c.Params("id"))
	if err != nil {
		return err
	}
	v := queueView{Item: d.Item, Path: queueKind(kind) + "/" + d.Item.ID, Ref: string(kind) + ":" + d.Item.ID}
	data := fiber.Map{"Item": v, "InQueue": d.InQueue, "Reasons": reasonOptions()}
	if d.Job != nil {
		data["Job"] = d.Job
		data["Salary"] = salaryText(d.Job.Posting.Salary)
		data["Body"] = template.HTML(d.Job.DescriptionHTML)
		if d.Job.Revision != nil {
			data["Proposed"] = template.HTML(d.Job.Revision.DescriptionHTML)
		}
	}
	if d.Company != nil {
		data["Company"] = d.Company
		data["Body"] = template.HTML(d.Company.DescriptionHTML)
		if d.Company.Revision != nil {
			data["Proposed"] = template.HTML(d.Company.Revision.DescriptionHTML)
		}
	}
	return s.render(c, "admin_moderation_item", page{Title: "Review: " + d.Item.Title, Noindex: true, Data: data})
}

// reportForm is POST /jobs/:id/:slug/report and /companies/:slug/report:
// anyone may report what they see on a public page.
func (s *Server) reportForm(c *fiber.Ctx) error {
	kind, id, back := moderation.KindJob, c.Params("id"), ""
	if id != "" {
		back = "/jobs/" + id + "/" + c.Params("slug")
	} else {
		co, _, err := s.deps.Companies.PublicProfile(c.UserContext(), tenantOf(c), c.Params("slug"))
		if err != nil {
			return err
		}
		kind, id, back = moderation.KindCompany, co.ID(), "/companies/"+c.Params("slug")
	}
	reporter := ""
	if p := principalOf(c); p != nil && p.Kind == "user" {
		reporter = p.ID
	}
	in := appmoderation.ReportInput{Reason: c.FormValue("reason"), Note: c.FormValue("note")}
	if err := s.deps.Moderation.Report(c.UserContext(), tenantOf(c), kind, id, reporter, s.clientIP(c), in); err != nil {
		return err
	}
	setFlash(c, "Thank you. The board's staff will look at your report.")
	return c.Redirect(back, fiber.StatusSeeOther)
}

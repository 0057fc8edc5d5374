package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	appmoderation "github.com/jobboard/jobboard/app/moderation"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/moderation"
)

// itemKind reads "jobs" or "companies" from the route.
func itemKind(c *fiber.Ctx) (moderation.Kind, error) {
	switch c.Params("kind") {
	case "jobs":
		return moderation.KindJob, nil
	case "companies":
		return moderation.KindCompany, nil
	}
	return "", domain.NotFound("item")
}

// outcomeJSON is what a moderation call answers.
type outcomeJSON struct {
	Kind     string `json:"kind"`
	ID       string `json:"id"`
	Title    string `json:"title"`
	Status   string `json:"status"`
	Refunded bool   `json:"refunded,omitempty"`
}

func toOutcomeJSON(o appmoderation.Outcome) outcomeJSON {
	return outcomeJSON{Kind: string(o.Kind), ID: o.ID, Title: o.Title, Status: o.Status, Refunded: o.Refunded}
}

// apiModerate runs approve, reject, take-down or restore on one item.
func (s *Server) apiModerate(c *fiber.Ctx) error {
	kind, err := itemKind(c)
	if err != nil {
		return err
	}
	action := c.Params("action")
	var in moderationInput
	switch action {
	case "reject":
		if err := decodeJSON(c, &in.RejectInput); err != nil {
			return err
		}
	case "take-down", "restore":
		var body struct {
			Reason string `json:"reason"`
		}
		if len(c.Body()) > 0 {
			if err := decodeJSON(c, &body); err != nil {
				return err
			}
		}
		in.TakeDownReason = body.Reason
	}
	out, _, err := s.moderate(c, kind, action, in)
	if err != nil {
		return err
	}
	// A single decision answers with the item as it now is.
	switch {
	case out.Job != nil:
		return c.JSON(toTeamJobJSON(c, *out.Job, s.deps.Now()))
	case out.Company != nil:
		return c.JSON(toCompanyJSON(c, *out.Company, true))
	}
	return c.JSON(toOutcomeJSON(out))
}

// moderationInput is what a decision on one item may carry.
type moderationInput struct {
	appmoderation.RejectInput
	TakeDownReason string
}

// moderate runs one decision on one item for the API and the forms alike;
// done names it for people ("approved"). An unknown action is 404.
func (s *Server) moderate(c *fiber.Ctx, kind moderation.Kind, action string, in moderationInput) (out appmoderation.Outcome, done string, err error) {
	ctx, tenant, id := c.UserContext(), tenantOf(c), c.Params("id")
	switch action {
	case "approve":
		out, err = s.deps.Moderation.Approve(ctx, tenant, actorOf(c), kind, id)
		return out, "approved", err
	case "reject":
		out, err = s.deps.Moderation.Reject(ctx, tenant, actorOf(c), kind, id, in.RejectInput)
		return out, "rejected", err
	case "take-down":
		out, err = s.deps.Moderation.TakeDown(ctx, tenant, actorOf(c), kind, id, in.TakeDownReason)
		return out, "taken down", err
	case "restore":
		out, err = s.deps.Moderation.Restore(ctx, tenant, actorOf(c), kind, id)
		return out, "restored", err
	case "dismiss-reports":
		err = s.deps.Moderation.DismissReports(ctx, tenant, actorOf(c), kind, id)
		return appmoderation.Outcome{Kind: kind, ID: id}, "dismissed", err
	}
	return out, "", fiber.ErrNotFound
}

// bulkInput is a bulk decision.
type bulkInput struct {
	Action  string                  `json:"action"`
	Items   []appmoderation.ItemRef `json:"items"`
	Reason  string                  `json:"reason"`
	Message string                  `json:"message"`
}

// apiBulk approves or rejects many items; each item reports its own result.
func (s *Server) apiBulk(c *fiber.Ctx) error {
	var in bulkInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	for i, ref := range in.Items {
		// The single-item routes name kinds in the plural; accept those
		// spellings here too rather than fail each item as not found.
		switch ref.Kind {
		case "jobs":
			in.Items[i].Kind = moderation.KindJob
		case "companies":
			in.Items[i].Kind = moderation.KindCompany
		}
	}
	results, err := s.deps.Moderation.Bulk(c.UserContext(), tenantOf(c), actorOf(c), in.Action, in.Items, appmoderation.RejectInput{Reason: in.Reason, Message: in.Message})
	if err != nil {
		return err
	}
	type item struct {
		outcomeJSON
		Error *errorDetail `json:"error,omitempty"`
	}
	out := make([]item, len(results))
	for i, r := range results {
		out[i].outcomeJSON = toOutcomeJSON(r.Outcome)
		out[i].Kind, out[i].ID = string(r.Ref.Kind), r.Ref.ID
		if r.Err != nil {
			_, d, _ := classify(r.Err)
			out[i].Error = &d
		}
	}
	return c.JSON(fiber.Map{"items": out, "next_cursor": ""})
}

// apiQueue lists what waits for review.
func (s *Server) apiQueue(c *fiber.Ctx) error {
	q, err := s.deps.Moderation.Queue(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": queueJSON(q), "next_cursor": ""})
}

// apiReport lets anyone report a public job or company.
func (s *Server) apiReport(c *fiber.Ctx) error {
	kind, err := itemKind(c)
	if err != nil {
		return err
	}
	var in appmoderation.ReportInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	reporter := ""
	if p := principalOf(c); p != nil && p.Kind == "user" {
		reporter = p.ID
	}
	if err := s.deps.Moderation.Report(c.UserContext(), tenantOf(c), kind, c.Params("id"), reporter, s.clientIP(c), in); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"received": true})
}

// entryJSON is one audit log entry. Actor is the display name at the
// time; ActorID is what the actor filter takes.
type entryJSON struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	ActorID string    `json:"actor_id"`
	Role    string    `json:"role"`
	Action  string    `json:"action"`
	Kind    string    `json:"kind"`
	ItemID  string    `json:"item_id"`
	Before  string    `json:"before"`
	After   string    `json:"after"`
	Note    string    `json:"note"`
}

// apiAudit lists the audit log (board owners). There is no route that
// changes or deletes an entry.
func (s *Server) apiAudit(c *fiber.Ctx) error {
	var in appmoderation.AuditInput
	if err := c.QueryParser(&in); err != nil {
		return domain.Invalid("limit", "use a whole number")
	}
	entries, next, err := s.deps.Moderation.Audit(c.UserContext(), tenantOf(c), actorOf(c), in)
	if err != nil {
		return err
	}
	out := make([]entryJSON, len(entries))
	for i, e := range entries {
		out[i] = entryJSON{ID: e.ID, At: e.At, Actor: e.Actor, ActorID: e.ActorID, Role: e.Role, Action: e.Action, Kind: e.Kind, ItemID: e.ItemID, Before: e.Before, After: e.After, Note: e.Note}
	}
	return c.JSON(fiber.Map{"items": out, "next_cursor": next})
}

// queueItemJSON is one review queue item in the API.
type queueItemJSON struct {
	Kind        string              `json:"kind"`
	ID          string              `json:"id"`
	Title       string              `json:"title"`
	Company     string              `json:"company"`
	Status      string              `json:"status"`
	Submitter   string              `json:"submitter"`
	SubmittedAt time.Time           `json:"submitted_at"`
	IsEdit      bool                `json:"is_edit"`
	Review      bool                `json:"review"`
	TakenDown   bool                `json:"taken_down"`
	Changes     []map[string]string `json:"changes"`
	Signals     []map[string]string `json:"signals"`
	Reports     []map[string]any    `json:"reports"`
}

func queueJSON(items []appmoderation.Item) []queueItemJSON {
	out := make([]queueItemJSON, len(items))
	for i, it := range items {
		q := queueItemJSON{Kind: string(it.Kind), ID: it.ID, Title: it.Title, Company: it.Company, Status: it.Status, Submitter: it.Submitter,
			SubmittedAt: it.SubmittedAt, IsEdit: it.IsEdit, Review: it.Review, TakenDown: it.TakenDown,
			Changes: []map[string]string{}, Signals: []map[string]string{}, Reports: []map[string]any{}}
		for _, ch := range it.Changes {
			q.Changes = append(q.Changes, map[string]string{"field": ch.Field, "before": ch.Before, "after": ch.After})
		}
		for _, sg := range it.Signals {
			q.Signals = append(q.Signals, map[string]string{"code": sg.Code, "message": sg.Message})
		}
		for _, r := range it.Reports {
			q.Reports = append(q.Reports, map[string]any{"reason": string(r.Reason), "count": r.Count, "notes": r.Notes})
		}
		out[i] = q
	}
	return out
}

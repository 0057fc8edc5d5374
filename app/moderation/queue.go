package moderation

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/domain/moderation"
)

// Change is one field an edit changes.
type Change struct {
	Field  string
	Before string
	After  string
}

// ReportGroup is the open reports about one item, per reason.
type ReportGroup struct {
	Reason moderation.Reason
	Count  int
	Notes  []string
}

// Item is one thing in the review queue.
type Item struct {
	Kind        moderation.Kind
	ID          string
	Title       string
	Company     string
	CompanyID   string
	Status      string
	Submitter   string
	SubmittedAt time.Time
	// IsEdit is set for an edit of a published item; Changes lists it.
	IsEdit    bool
	Changes   []Change
	Signals   []moderation.Signal
	Reports   []ReportGroup
	TakenDown bool
	// Review is set when the item waits for a decision (otherwise it is in
	// the queue because of reports only).
	Review bool
}

// queueLimit bounds each part of the queue page.
const queueLimit = 200

// Queue returns what waits for the board's staff, oldest first: new and
// edited jobs and profiles, and public items with open reports.
func (s *Service) Queue(ctx context.Context, tenant domain.TenantID, st app.Actor) ([]Item, error) {
	if err := s.requireQueue(ctx, tenant, st); err != nil {
		return nil, err
	}
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return nil, err
	}
	settings := b.Settings()
	jobs, err := s.deps.Pending.PendingJobs(ctx, tenant, queueLimit)
	if err != nil {
		return nil, err
	}
	companies, err := s.deps.Pending.PendingCompanies(ctx, tenant, queueLimit)
	if err != nil {
		return nil, err
	}
	reports, err := s.deps.Reports.Open(ctx, tenant)
	if err != nil {
		return nil, err
	}
	grouped := groupReports(reports)
	var items []Item
	seen := map[string]bool{}
	names := map[string]string{}
	for _, j := range jobs {
		it, err := s.jobItem(ctx, tenant, j, settings, names)
		if err != nil {
			return nil, err
		}
		it.Review = true
		items = append(items, it)
		seen["job:"+j.ID] = true
	}
	for _, c := range companies {
		items = append(items, s.companyItem(ctx, tenant, c, settings, names, true))
		seen["company:"+c.ID] = true
	}
	for key, first := range reportOrder(reports) {
		if seen[key] {
			continue
		}
		kind, id, _ := strings.Cut(key, ":")
		it, ok, err := s.reportedItem(ctx, tenant, moderation.Kind(kind), id, settings, names)
		if err != nil {
			return nil, err
		}
		if ok {
			it.SubmittedAt = first
			items = append(items, it)
		}
	}
	for i := range items {
		items[i].Reports = grouped[string(items[i].Kind)+":"+items[i].ID]
	}
	items, err = s.forActor(ctx, tenant, st, items)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].SubmittedAt.Before(items[j].SubmittedAt) })
	return items, nil
}

// forActor keeps the items st may act on: those of a kind they decide on,
// and reported ones when they handle reports (a custom role may hold
// some of these permissions only).
func (s *Service) forActor(ctx context.Context, tenant domain.TenantID, st app.Actor, items []Item) ([]Item, error) {
	can := map[string]bool{}
	for _, object := range []string{app.ObjModerationJobs, app.ObjModerationCompanies} {
		ok, err := s.deps.Authz.Can(ctx, tenant, st.Subject(), object, app.ActReview)
		if err != nil {
			return nil, err
		}
		can[object] = ok
	}
	reports, err := s.deps.Authz.Can(ctx, tenant, st.Subject(), app.ObjReports, app.ActManage)
	if err != nil {
		return nil, err
	}
	kept := items[:0]
	for _, it := range items {
		object := app.ObjModerationJobs
		if it.Kind == moderation.KindCompany {
			object = app.ObjModerationCompanies
		}
		if can[object] || reports && len(it.Reports) > 0 {
			kept = append(kept, it)
		}
	}
	return kept, nil
}

func (s *Service) userName(ctx context.Context, tenant domain.TenantID, id string, cache map[string]string) string {
	if n, ok := cache[id]; ok {
		return n
	}
	n := "unknown user"
	if u, err := s.deps.Users.ByID(ctx, tenant, id); err == nil {
		n = u.Name() + " <" + u.Email().String() + ">"
	}
	cache[id] = n
	return n
}

func (s *Service) jobItem(ctx context.Context, tenant domain.TenantID, j job.Snapshot, st board.Settings, names map[string]string) (Item, error) {
	it := Item{Kind: moderation.KindJob, ID: j.ID, Title: j.Posting.Title, CompanyID: j.CompanyID, Status: string(j.Status),
		Submitter: s.userName(ctx, tenant, j.CreatedBy, names), SubmittedAt: j.UpdatedAt, TakenDown: j.TakenDownAt != nil}
	shown := j.Posting
	if r := j.Revision; r != nil && j.Status == job.StatusPublished {
		it.IsEdit, it.SubmittedAt, it.Changes = true, r.At, postingChanges(j.Posting, r.Posting)
		shown = r.Posting
	}
	c, err := s.deps.Companies.ByID(ctx, tenant, j.CompanyID)
	if err != nil {
		return it, err
	}
	it.Company = c.Profile().Name
	signals, err := s.jobSignals(ctx, tenant, j, shown, c, st)
	it.Signals = signals
	return it, err
}

func (s *Service) companyItem(ctx context.Context, tenant domain.TenantID, c company.Snapshot, st board.Settings, names map[string]string, review bool) Item {
	it := Item{Kind: moderation.KindCompany, ID: c.ID, Title: c.Profile.Name, Company: c.Profile.Name, CompanyID: c.ID, Status: string(c.Status),
		Submitter: s.userName(ctx, tenant, c.CreatedBy, names), SubmittedAt: c.UpdatedAt, TakenDown: c.TakenDownAt != nil, Review: review}
	shown := c.Profile
	if r := c.Revision; r != nil && c.Status == company.StatusPublished {
		it.IsEdit, it.SubmittedAt, it.Changes = true, r.At, profileChanges(c.Profile, r.Profile)
		shown = r.Profile
	}
	it.Signals = textSignals(shown.Name+"\n"+shown.Description, []string{shown.Website}, st)
	return it
}

// reportedItem loads an item that is in the queue only because of reports.
func (s *Service) reportedItem(ctx context.Context, tenant domain.TenantID, kind moderation.Kind, id string, st board.Settings, names map[string]string) (Item, bool, error) {
	switch kind {
	case moderation.KindJob:
		j, err := s.deps.Jobs.ByID(ctx, tenant, id)
		if domain.KindOf(err) == domain.KindNotFound {
			return Item{}, false, nil
		}
		if err != nil {
			return Item{}, false, err
		}
		it, err := s.jobItem(ctx, tenant, j.Snapshot(), st, names)
		return it, err == nil, err
	case moderation.KindCompany:
		c, err := s.deps.Companies.ByID(ctx, tenant, id)
		if domain.KindOf(err) == domain.KindNotFound {
			return Item{}, false, nil
		}
		if err != nil {
			return Item{}, false, err
		}
		return s.companyItem(ctx, tenant, c.Snapshot(), st, names, false), true, nil
	}
	return Item{}, false, nil
}

func groupReports(reports []moderation.Report) map[string][]ReportGroup {
	out := map[string][]ReportGroup{}
	for _, r := range reports {
		key := string(r.Kind) + ":" + r.ItemID
		groups := out[key]
		i := -1
		for k := range groups {
			if groups[k].Reason == r.Reason {
				i = k
			}
		}
		if i < 0 {
			groups = append(groups, ReportGroup{Reason: r.Reason})
			i = len(groups) - 1
		}
		groups[i].Count++
		if r.Note != "" && len(groups[i].Notes) < 5 {
			groups[i].Notes = append(groups[i].Notes, r.Note)
		}
		out[key] = groups
	}
	return out
}

// reportOrder maps each reported item to the time of its first open report.
func reportOrder(reports []moderation.Report) map[string]time.Time {
	out := map[string]time.Time{}
	for _, r := range reports {
		key := string(r.Kind) + ":" + r.ItemID
		if t, ok := out[key]; !ok || r.CreatedAt.Before(t) {
			out[key] = r.CreatedAt
		}
	}
	return out
}

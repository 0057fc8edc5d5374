// Package company holds the Company aggregate (a profile in a board's
// directory), its team and its invitations.
package company

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jobboard/jobboard/domain"
)

// Status is a profile's place in its review lifecycle.
type Status string

// Profile statuses: draft → pending → published | rejected; a rejected
// profile is edited and submitted again.
const (
	StatusDraft     Status = "draft"
	StatusPending   Status = "pending"
	StatusPublished Status = "published"
	StatusRejected  Status = "rejected"
)

// Size bands a company can choose from.
var SizeBands = []string{"1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001+"}

// Limits on profile fields.
const (
	MaxNameLength        = 120
	MaxSlugLength        = 80
	MaxLocationLength    = 120
	MaxDescriptionLength = 20000
	MaxURLLength         = 500
	MinFoundedYear       = 1700
)

// SocialNetworks are the profile's social link slots.
var SocialNetworks = []string{"linkedin", "x", "facebook", "instagram", "youtube"}

// Profile is the editable part of a company.
type Profile struct {
	Name         string
	Slug         domain.Slug
	Website      string
	Sector       string
	Location     string
	Size         string
	FoundedYear  int
	ContactEmail domain.Email
	Social       map[string]string
	Description  string // Markdown
}

// ProfileInput is a profile as submitted, before validation.
type ProfileInput struct {
	Name, Slug, Website, Sector, Location, Size, FoundedYear, ContactEmail, Description string
	Social                                                                              map[string]string
}

// ParseProfile validates a submitted profile. sectors is the board's
// taxonomy; now bounds the founded year. A blank slug is derived by the
// caller before parsing. Every wrong field is reported at once.
func ParseProfile(in ProfileInput, sectors []string, now time.Time) (Profile, error) {
	f := map[string]string{}
	p := Profile{
		Name:        strings.TrimSpace(in.Name),
		Website:     withScheme(strings.TrimSpace(in.Website)),
		Sector:      strings.TrimSpace(in.Sector),
		Location:    strings.TrimSpace(in.Location),
		Size:        strings.TrimSpace(in.Size),
		Description: strings.TrimSpace(strings.ReplaceAll(in.Description, "\r\n", "\n")),
		Social:      map[string]string{},
	}
	switch n := utf8.RuneCountInString(p.Name); {
	case n == 0:
		f["name"] = "enter the company's name"
	case n > MaxNameLength:
		f["name"] = "use at most 120 characters"
	case strings.ContainsAny(p.Name, "<>") || strings.IndexFunc(p.Name, unicode.IsControl) >= 0:
		f["name"] = "the name contains characters that are not allowed"
	default:
		if msg := domain.CheckDisplayText(p.Name); msg != "" {
			f["name"] = msg
		}
	}
	if s, err := domain.ParseSlug("slug", strings.ToLower(strings.TrimSpace(in.Slug)), MaxSlugLength); err != nil {
		f["slug"] = fieldMessage(err, "slug")
	} else {
		p.Slug = s
	}
	if p.Website != "" {
		if msg := checkURL(p.Website); msg != "" {
			f["website"] = msg
		}
	}
	if p.Sector != "" && !contains(sectors, p.Sector) {
		f["sector"] = "choose one of the board's sectors"
	}
	if utf8.RuneCountInString(p.Location) > MaxLocationLength {
		f["location"] = "use at most 120 characters"
	} else if msg := domain.CheckDisplayText(p.Location); msg != "" {
		f["location"] = msg
	}
	if p.Size != "" && !contains(SizeBands, p.Size) {
		f["size"] = "choose one of: " + strings.Join(SizeBands, ", ")
	}
	if y := strings.TrimSpace(in.FoundedYear); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil || year < MinFoundedYear || year > now.Year() {
			f["founded_year"] = "enter a year between 1700 and " + strconv.Itoa(now.Year())
		} else {
			p.FoundedYear = year
		}
	}
	if e := strings.TrimSpace(in.ContactEmail); e != "" {
		if email, err := domain.ParseEmail("contact_email", e); err != nil {
			f["contact_email"] = fieldMessage(err, "contact_email")
		} else {
			p.ContactEmail = email
		}
	}
	for k, v := range in.Social {
		v = withScheme(strings.TrimSpace(v))
		if v == "" {
			continue
		}
		if !contains(SocialNetworks, k) {
			f["social."+k] = "unknown social network; use " + strings.Join(SocialNetworks, ", ")
			continue
		}
		if msg := checkURL(v); msg != "" {
			f["social."+k] = msg
			continue
		}
		p.Social[k] = v
	}
	if utf8.RuneCountInString(p.Description) > MaxDescriptionLength {
		f["description"] = "use at most 20000 characters"
	}
	if len(f) > 0 {
		return Profile{}, domain.InvalidFields(f)
	}
	return p, nil
}

// withScheme adds https:// to an address typed without one, such as
// www.example.com or linkedin.com/company/x: a host name with a dot,
// before any path. Anything else is left for checkURL to judge.
func withScheme(s string) string {
	if s == "" || strings.Contains(s, "://") || strings.HasPrefix(s, "/") || strings.ContainsAny(s, " \t\r\n") {
		return s
	}
	host, _, _ := strings.Cut(s, "/")
	if strings.Contains(host, ":") || !strings.Contains(host, ".") || strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") {
		return s
	}
	return "https://" + s
}

// checkURL returns a message when s is not an absolute http(s) URL.
func checkURL(s string) string {
	if len(s) > MaxURLLength {
		return "use at most 500 characters"
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(s, " \t\r\n") {
		return "enter a full web address starting with https://"
	}
	return ""
}

func fieldMessage(err error, field string) string {
	if e, ok := err.(*domain.Error); ok {
		if m, ok := e.Fields[field]; ok {
			return m
		}
		return e.Message
	}
	return "this value is not valid"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Company is a profile in a board's directory with its review state.
type Company struct {
	id              string
	tenant          domain.TenantID
	profile         Profile
	descriptionHTML string
	logoKey         string
	status          Status
	rejectionReason string
	premiumUntil    *time.Time
	createdBy       string
	createdAt       time.Time
	updatedAt       time.Time
	publishedAt     *time.Time
	takenDownAt     *time.Time
	revision        *Revision
}

// Revision is a proposed new version of a published profile.
type Revision struct {
	Profile         Profile
	DescriptionHTML string
	At              time.Time
}

// New starts a draft company registered by userID.
func New(id string, tenant domain.TenantID, p Profile, descriptionHTML, userID string, now time.Time) *Company {
	return &Company{id: id, tenant: tenant, profile: p, descriptionHTML: descriptionHTML, status: StatusDraft, createdBy: userID, createdAt: now, updatedAt: now}
}

// Snapshot is a company's full state, for storage.
type Snapshot struct {
	ID              string
	Tenant          domain.TenantID
	Profile         Profile
	DescriptionHTML string
	LogoKey         string
	Status          Status
	RejectionReason string
	PremiumUntil    *time.Time
	CreatedBy       string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	PublishedAt     *time.Time
	// TakenDownAt is set while moderators keep the profile off every
	// public page.
	TakenDownAt *time.Time
	// Revision is an edit of a published profile waiting for review.
	Revision *Revision
}

// Rehydrate rebuilds a company from storage.
func Rehydrate(s Snapshot) *Company {
	return &Company{id: s.ID, tenant: s.Tenant, profile: s.Profile, descriptionHTML: s.DescriptionHTML, logoKey: s.LogoKey,
		status: s.Status, rejectionReason: s.RejectionReason, premiumUntil: s.PremiumUntil, createdBy: s.CreatedBy,
		createdAt: s.CreatedAt, updatedAt: s.UpdatedAt, publishedAt: s.PublishedAt, takenDownAt: s.TakenDownAt, revision: s.Revision}
}

// Snapshot returns the company's state for storage and read models.
func (c *Company) Snapshot() Snapshot {
	return Snapshot{ID: c.id, Tenant: c.tenant, Profile: c.profile, DescriptionHTML: c.descriptionHTML, LogoKey: c.logoKey,
		Status: c.status, RejectionReason: c.rejectionReason, PremiumUntil: c.premiumUntil, CreatedBy: c.createdBy,
		CreatedAt: c.createdAt, UpdatedAt: c.updatedAt, PublishedAt: c.publishedAt, TakenDownAt: c.takenDownAt, Revision: c.revision}
}

// ID returns the company id.
func (c *Company) ID() string { return c.id }

// Tenant returns the board.
func (c *Company) Tenant() domain.TenantID { return c.tenant }

// Profile returns the editable fields.
func (c *Company) Profile() Profile { return c.profile }

// Status returns the review state.
func (c *Company) Status() Status { return c.status }

// Public reports whether the profile appears in the public directory.
func (c *Company) Public() bool { return c.status == StatusPublished && c.takenDownAt == nil }

// Edit replaces the profile. A published profile stays live with the new
// content; a pending one goes back to draft so that the team resubmits
// what the reviewers will see.
func (c *Company) Edit(p Profile, descriptionHTML string, now time.Time) {
	c.profile = p
	c.descriptionHTML = descriptionHTML
	c.updatedAt = now
	// A direct edit supersedes an edit still waiting for review.
	c.revision = nil
	if c.status == StatusPending {
		c.status = StatusDraft
	}
}

// SetLogo records the stored logo's key.
func (c *Company) SetLogo(key string, now time.Time) {
	c.logoKey = key
	c.updatedAt = now
}

// Submit sends a draft or rejected profile for review, or publishes it at
// once when the board does not review profiles.
func (c *Company) Submit(reviewRequired bool, now time.Time) error {
	switch c.status {
	case StatusDraft, StatusRejected:
	case StatusPending:
		return domain.Conflict("already_pending", "the profile is already waiting for review")
	default:
		return domain.Conflict("already_published", "the profile is already published")
	}
	c.rejectionReason = ""
	c.updatedAt = now
	if reviewRequired {
		c.status = StatusPending
		return nil
	}
	c.publish(now)
	return nil
}

// Approve publishes a pending profile.
func (c *Company) Approve(now time.Time) error {
	if err := c.checkNotTakenDown(); err != nil {
		return err
	}
	if c.status != StatusPending {
		return domain.Conflict("not_pending", "only a profile waiting for review can be approved")
	}
	c.publish(now)
	return nil
}

// Reject sends a pending profile back to the team with a reason.
func (c *Company) Reject(reason string, now time.Time) error {
	if err := c.checkNotTakenDown(); err != nil {
		return err
	}
	if c.status != StatusPending {
		return domain.Conflict("not_pending", "only a profile waiting for review can be rejected")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return domain.Invalid("reason", "say why the profile is rejected")
	}
	if utf8.RuneCountInString(reason) > 2000 {
		return domain.Invalid("reason", "use at most 2000 characters")
	}
	c.status = StatusRejected
	c.rejectionReason = reason
	c.updatedAt = now
	return nil
}

func (c *Company) publish(now time.Time) {
	c.status = StatusPublished
	c.updatedAt = now
	if c.publishedAt == nil {
		t := now
		c.publishedAt = &t
	}
}

// Premium reports whether the profile is premium at now.
func (c *Company) Premium(now time.Time) bool {
	return c.premiumUntil != nil && c.premiumUntil.After(now)
}

// SetPremiumUntil sets or clears (nil) the end of the premium period.
func (c *Company) SetPremiumUntil(t *time.Time, now time.Time) {
	c.premiumUntil = t
	c.updatedAt = now
}

// ProposeEdit keeps an edit of a published profile aside for review,
// replacing any earlier proposal; the live profile does not change.
func (c *Company) ProposeEdit(p Profile, descriptionHTML string, now time.Time) error {
	if c.status != StatusPublished {
		return domain.Conflict("not_published", "only a published profile's edits go to review")
	}
	c.revision = &Revision{Profile: p, DescriptionHTML: descriptionHTML, At: now}
	c.updatedAt = now
	return nil
}

// ApproveRevision puts a reviewed edit live.
func (c *Company) ApproveRevision(now time.Time) error {
	if err := c.checkNotTakenDown(); err != nil {
		return err
	}
	if c.revision == nil {
		return domain.Conflict("no_revision", "there is no edit waiting for review")
	}
	c.profile, c.descriptionHTML, c.revision, c.rejectionReason, c.updatedAt = c.revision.Profile, c.revision.DescriptionHTML, nil, "", now
	return nil
}

// RejectRevision drops a reviewed edit and tells the team why.
func (c *Company) RejectRevision(reason string, now time.Time) error {
	if err := c.checkNotTakenDown(); err != nil {
		return err
	}
	if c.revision == nil {
		return domain.Conflict("no_revision", "there is no edit waiting for review")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return domain.Invalid("reason", "say why the edit is rejected")
	}
	c.revision, c.rejectionReason, c.updatedAt = nil, "Edit not approved: "+reason, now
	return nil
}

// TakeDown removes the profile (and with it the company's jobs) from
// every public page until it is restored.
func (c *Company) TakeDown(now time.Time) error {
	if c.takenDownAt != nil {
		return domain.Conflict("already_taken_down", "the profile is already taken down")
	}
	t := now
	c.takenDownAt, c.updatedAt = &t, now
	return nil
}

// Restore puts a taken-down profile back as it was.
func (c *Company) Restore(now time.Time) error {
	if c.takenDownAt == nil {
		return domain.Conflict("not_taken_down", "the profile is not taken down")
	}
	c.takenDownAt, c.updatedAt = nil, now
	return nil
}

func (c *Company) checkNotTakenDown() error {
	if c.takenDownAt != nil {
		return domain.Conflict("taken_down", "the profile is taken down; restore it first")
	}
	return nil
}

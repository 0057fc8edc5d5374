// Package board holds the Board aggregate: a tenant of the platform.
package board

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jobboard/jobboard/domain"
)

// Status is a board's lifecycle state.
type Status string

// Board statuses.
const (
	StatusActive    Status = "active"
	StatusSuspended Status = "suspended"
)

// Limits on board fields.
const (
	MaxSlugLength   = 40
	MaxNameLength   = 120
	MaxDomainLength = 253
)

// reservedSlugs cannot be used as a board slug: they are hosts the platform
// itself may need, and "*" is the platform-wide authorization domain.
var reservedSlugs = map[string]bool{
	"www": true, "api": true, "admin": true, "app": true, "static": true,
	"mail": true, "status": true, "platform": true, "help": true, "docs": true,
}

// Settings are the owner-editable options of a board.
type Settings struct {
	ReviewJobs          bool     `json:"review_jobs"`
	ReviewProfiles      bool     `json:"review_profiles"`
	ReviewEdits         bool     `json:"review_edits"`
	PostingDurationDays int      `json:"posting_duration_days"`
	FeaturedSlots       int      `json:"featured_slots"`
	PrimaryColor        string   `json:"primary_color"`
	Categories          []string `json:"categories"`
	Sectors             []string `json:"sectors"`
	// BlockedWords and BlockedDomains raise signals in the review queue.
	BlockedWords   []string `json:"blocked_words"`
	BlockedDomains []string `json:"blocked_domains"`
	// LogoKey is where the board's logo is stored; empty for none.
	LogoKey string `json:"logo_key,omitempty"`
	// Language is the language of the board's jobs, one of
	// SearchLanguages: search finds "pharmacists" for "pharmacist" by its
	// rules. Empty (boards made before it existed) is English.
	Language string `json:"language,omitempty"`
	// StaffTwoFactor asks owners and moderators to sign in with a second
	// factor before they moderate or change the board.
	StaffTwoFactor bool `json:"staff_two_factor,omitempty"`
}

// SearchLanguages are the languages a board's search understands.
var SearchLanguages = []string{"danish", "dutch", "english", "finnish", "french", "german", "italian", "norwegian", "portuguese", "spanish", "swedish"}

// DefaultSettings returns the settings a new board starts with.
func DefaultSettings() Settings {
	return Settings{
		ReviewJobs:          true,
		ReviewProfiles:      true,
		PostingDurationDays: 30,
		FeaturedSlots:       5,
		PrimaryColor:        "#1d4ed8",
		Language:            "english",
		Categories:          []string{"Research & Development", "Clinical", "Regulatory Affairs", "Quality", "Manufacturing", "Sales & Marketing", "Medical Affairs", "Data & IT"},
		Sectors:             []string{"Pharmaceuticals", "Biotechnology", "Medical Devices", "Contract Research", "Diagnostics", "Consulting"},
	}
}

// Board is a tenant: one publisher's job board and company directory.
type Board struct {
	id           domain.TenantID
	slug         domain.Slug
	name         string
	status       Status
	customDomain string
	settings     Settings
	createdAt    time.Time
}

// New validates the fields of a new, active board.
func New(id domain.TenantID, slug, name string, now time.Time) (*Board, error) {
	fields := map[string]string{}
	s, err := ParseSlug(slug)
	if err != nil {
		mergeFields(fields, err)
	}
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		fields["name"] = "enter the board's name"
	case utf8.RuneCountInString(name) > MaxNameLength:
		fields["name"] = "use at most 120 characters"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		fields["name"] = "use a single line without control characters"
	case domain.CheckDisplayText(name) != "":
		fields["name"] = domain.CheckDisplayText(name)
	}
	if len(fields) > 0 {
		return nil, domain.InvalidFields(fields)
	}
	return &Board{id: id, slug: s, name: name, status: StatusActive, settings: DefaultSettings(), createdAt: now}, nil
}

// ParseSlug checks a board slug: a DNS label that is not reserved.
func ParseSlug(slug string) (domain.Slug, error) {
	s, err := domain.ParseSlug("slug", strings.ToLower(slug), MaxSlugLength)
	if err != nil {
		return "", err
	}
	if reservedSlugs[string(s)] {
		return "", domain.Invalid("slug", "this slug is reserved; choose another")
	}
	return s, nil
}

func mergeFields(dst map[string]string, err error) {
	if e, ok := err.(*domain.Error); ok {
		for k, v := range e.Fields {
			dst[k] = v
		}
	}
}

// Rehydrate rebuilds a board from storage without validation.
func Rehydrate(id domain.TenantID, slug, name string, status Status, customDomain string, settings Settings, createdAt time.Time) *Board {
	return &Board{id: id, slug: domain.Slug(slug), name: name, status: status, customDomain: customDomain, settings: settings, createdAt: createdAt}
}

// ID returns the tenant id.
func (b *Board) ID() domain.TenantID { return b.id }

// Slug returns the board's subdomain label.
func (b *Board) Slug() domain.Slug { return b.slug }

// Name returns the display name.
func (b *Board) Name() string { return b.name }

// Status returns the lifecycle state.
func (b *Board) Status() Status { return b.status }

// CustomDomain returns the publisher's own host name, or "".
func (b *Board) CustomDomain() string { return b.customDomain }

// Settings returns a copy of the settings.
func (b *Board) Settings() Settings { return b.settings }

// CreatedAt returns when the board was created.
func (b *Board) CreatedAt() time.Time { return b.createdAt }

// Active reports whether the board serves its public pages.
func (b *Board) Active() bool { return b.status == StatusActive }

// Suspend stops the board from serving. Suspending a suspended board is a
// conflict.
func (b *Board) Suspend() error {
	if b.status == StatusSuspended {
		return domain.Conflict("already_suspended", "the board is already suspended")
	}
	b.status = StatusSuspended
	return nil
}

// Reopen makes a suspended board serve again.
func (b *Board) Reopen() error {
	if b.status == StatusActive {
		return domain.Conflict("already_active", "the board is already active")
	}
	b.status = StatusActive
	return nil
}

// Limits on settings.
const (
	MaxListItems     = 60
	MaxListItemLen   = 80
	MaxBlockedItems  = 300
	MaxPostingDays   = 365
	MaxFeaturedSlots = 20
)

var hexColour = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

var hostPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)

// Configure validates and applies an owner's changes: the name, the custom
// domain (empty for none) and the settings. Every wrong field is reported
// at once.
func (b *Board) Configure(name, customDomain string, s Settings) error {
	f := map[string]string{}
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		f["name"] = "enter the board's name"
	case utf8.RuneCountInString(name) > MaxNameLength:
		f["name"] = "use at most 120 characters"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		f["name"] = "use a single line without control characters"
	case domain.CheckDisplayText(name) != "":
		f["name"] = domain.CheckDisplayText(name)
	}
	customDomain = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(customDomain), "."))
	if customDomain != "" && (len(customDomain) > MaxDomainLength || !hostPattern.MatchString(customDomain)) {
		f["custom_domain"] = "enter a host name such as jobs.example.com, without https://"
	}
	if !hexColour.MatchString(s.PrimaryColor) {
		f["primary_color"] = "use a colour like #1d4ed8"
	}
	if s.PostingDurationDays < 1 || s.PostingDurationDays > MaxPostingDays {
		f["posting_duration_days"] = "enter 1 to 365 days"
	}
	if s.FeaturedSlots < 1 || s.FeaturedSlots > MaxFeaturedSlots {
		f["featured_slots"] = "enter 1 to 20"
	}
	if s.Language == "" {
		s.Language = "english"
	}
	if !slices.Contains(SearchLanguages, s.Language) {
		f["language"] = "choose one of: " + strings.Join(SearchLanguages, ", ")
	}
	var msg string
	if s.Categories, msg = cleanItems(s.Categories, MaxListItems, true); msg != "" {
		f["categories"] = msg
	}
	if s.Sectors, msg = cleanItems(s.Sectors, MaxListItems, true); msg != "" {
		f["sectors"] = msg
	}
	if s.BlockedWords, msg = cleanItems(s.BlockedWords, MaxBlockedItems, false); msg != "" {
		f["blocked_words"] = msg
	}
	if s.BlockedDomains, msg = cleanItems(s.BlockedDomains, MaxBlockedItems, false); msg != "" {
		f["blocked_domains"] = msg
	}
	for _, d := range s.BlockedDomains {
		if !hostPattern.MatchString(strings.ToLower(strings.TrimPrefix(d, "."))) {
			f["blocked_domains"] = "list host names such as spam.example, one per line"
			break
		}
	}
	if len(f) > 0 {
		return domain.InvalidFields(f)
	}
	b.name, b.customDomain, b.settings = name, customDomain, s
	return nil
}

// cleanItems trims a list, drops blanks and duplicates, and checks limits;
// the entries of a required list (a taxonomy) must also be display text.
func cleanItems(in []string, max int, required bool) ([]string, string) {
	var out []string
	seen := map[string]bool{}
	for _, v := range in {
		v = strings.Join(strings.Fields(v), " ")
		if v == "" || seen[strings.ToLower(v)] {
			continue
		}
		if utf8.RuneCountInString(v) > MaxListItemLen || strings.ContainsAny(v, "<>") {
			return nil, "keep each entry under 80 characters, without < or >"
		}
		// A required list is a taxonomy every visitor is shown.
		if msg := domain.CheckDisplayText(v); required && msg != "" {
			return nil, "each entry: " + msg
		}
		seen[strings.ToLower(v)] = true
		out = append(out, v)
	}
	switch {
	case required && len(out) == 0:
		return nil, "list at least one"
	case len(out) > max:
		return nil, "list at most " + strconv.Itoa(max)
	}
	return out, ""
}

// SetSettings replaces the owner-editable settings.
func (b *Board) SetSettings(s Settings) { b.settings = s }

// Repository stores boards. Boards are the tenants themselves, so its
// methods are not scoped by a tenant.
type Repository interface {
	// Create inserts a board; a taken slug or domain is KindConflict.
	Create(ctx context.Context, b *Board) error
	// Update saves name, status, custom domain and settings of a board read
	// with LockByID in the same transaction; KindNotFound if missing,
	// KindInternal for a board not read locked.
	Update(ctx context.Context, b *Board) error
	// ByID returns a board or KindNotFound, for reading only.
	ByID(ctx context.Context, id domain.TenantID) (*Board, error)
	// LockByID returns a board for a change inside the caller's
	// transaction, its row locked until the transaction ends; KindNotFound
	// if missing.
	LockByID(ctx context.Context, id domain.TenantID) (*Board, error)
	// BySlug returns a board or KindNotFound.
	BySlug(ctx context.Context, slug string) (*Board, error)
	// ByHost returns the board whose custom domain is host, or KindNotFound.
	ByDomain(ctx context.Context, host string) (*Board, error)
	// List returns every board ordered by name.
	List(ctx context.Context) ([]*Board, error)
}

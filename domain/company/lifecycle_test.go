package company_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
)

// companyIn returns a company in the given status, created at now.
func companyIn(status company.Status, publishedAt *time.Time) *company.Company {
	s := company.Snapshot{
		ID: "c1", Tenant: "t1", Profile: company.Profile{Name: "Acme", Slug: "acme"},
		Status: status, CreatedBy: "u1", CreatedAt: now, UpdatedAt: now, PublishedAt: publishedAt,
	}
	if status == company.StatusRejected {
		s.RejectionReason = "missing logo"
	}
	return company.Rehydrate(s)
}

// wantConflict asserts that err is a conflict with code.
func wantConflict(t *testing.T, err error, code string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindConflict || de.Code != code {
		t.Fatalf("error %v, want conflict %q", err, code)
	}
}

func TestNewIsDraft(t *testing.T) {
	t.Parallel()
	c := company.New("c1", "t1", company.Profile{Name: "Acme"}, "<p>x</p>", "u1", now)
	s := c.Snapshot()
	if c.Status() != company.StatusDraft || c.Public() || s.PublishedAt != nil {
		t.Errorf("new company: status %q public %v published %v", c.Status(), c.Public(), s.PublishedAt)
	}
	if c.ID() != "c1" || c.Tenant() != "t1" || s.CreatedBy != "u1" || !s.CreatedAt.Equal(now) || !s.UpdatedAt.Equal(now) || s.DescriptionHTML != "<p>x</p>" {
		t.Errorf("snapshot %+v", s)
	}
}

func TestSubmit(t *testing.T) {
	t.Parallel()
	later := now.Add(time.Hour)
	tests := []struct {
		name     string
		from     company.Status
		review   bool
		wantCode string
		want     company.Status
	}{
		{"draft with review", company.StatusDraft, true, "", company.StatusPending},
		{"draft without review", company.StatusDraft, false, "", company.StatusPublished},
		{"rejected with review", company.StatusRejected, true, "", company.StatusPending},
		{"rejected without review", company.StatusRejected, false, "", company.StatusPublished},
		{"pending with review", company.StatusPending, true, "already_pending", company.StatusPending},
		{"pending without review", company.StatusPending, false, "already_pending", company.StatusPending},
		{"published with review", company.StatusPublished, true, "already_published", company.StatusPublished},
		{"published without review", company.StatusPublished, false, "already_published", company.StatusPublished},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := companyIn(tt.from, nil)
			err := c.Submit(tt.review, later)
			if tt.wantCode != "" {
				wantConflict(t, err, tt.wantCode)
				if !c.Snapshot().UpdatedAt.Equal(now) {
					t.Error("a refused submit changed updatedAt")
				}
			} else if err != nil {
				t.Fatalf("Submit: %v", err)
			}
			s := c.Snapshot()
			if c.Status() != tt.want {
				t.Errorf("status %q, want %q", c.Status(), tt.want)
			}
			if tt.wantCode != "" {
				return
			}
			if !s.UpdatedAt.Equal(later) {
				t.Errorf("updatedAt %v, want %v", s.UpdatedAt, later)
			}
			if s.RejectionReason != "" {
				t.Errorf("rejection reason %q kept after submit", s.RejectionReason)
			}
			if tt.want == company.StatusPublished {
				if s.PublishedAt == nil || !s.PublishedAt.Equal(later) || !c.Public() {
					t.Errorf("published without publishedAt: %v", s.PublishedAt)
				}
			} else if s.PublishedAt != nil || c.Public() {
				t.Errorf("pending profile is public or has publishedAt %v", s.PublishedAt)
			}
		})
	}
}

func TestApprove(t *testing.T) {
	t.Parallel()
	later := now.Add(time.Hour)
	tests := []struct {
		from company.Status
		ok   bool
	}{
		{company.StatusPending, true},
		{company.StatusDraft, false},
		{company.StatusPublished, false},
		{company.StatusRejected, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.from), func(t *testing.T) {
			t.Parallel()
			c := companyIn(tt.from, nil)
			err := c.Approve(later)
			if !tt.ok {
				wantConflict(t, err, "not_pending")
				if c.Status() != tt.from {
					t.Errorf("status changed to %q", c.Status())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s := c.Snapshot()
			if c.Status() != company.StatusPublished || !c.Public() || s.PublishedAt == nil || !s.PublishedAt.Equal(later) {
				t.Errorf("after approve: status %q publishedAt %v", c.Status(), s.PublishedAt)
			}
		})
	}
}

func TestReject(t *testing.T) {
	t.Parallel()
	later := now.Add(time.Hour)
	tests := []struct {
		name      string
		from      company.Status
		reason    string
		wantCode  string // conflict code
		wantField string // validation field
	}{
		{"pending with a reason", company.StatusPending, "  the logo is missing  ", "", ""},
		{"pending, 2000 characters", company.StatusPending, strings.Repeat("é", 2000), "", ""},
		{"pending, 2001 characters", company.StatusPending, strings.Repeat("é", 2001), "", "reason"},
		{"pending without a reason", company.StatusPending, "", "", "reason"},
		{"pending with a blank reason", company.StatusPending, " \n\t", "", "reason"},
		{"draft", company.StatusDraft, "bad", "not_pending", ""},
		{"published", company.StatusPublished, "bad", "not_pending", ""},
		{"rejected", company.StatusRejected, "bad", "not_pending", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := companyIn(tt.from, nil)
			err := c.Reject(tt.reason, later)
			switch {
			case tt.wantCode != "":
				wantConflict(t, err, tt.wantCode)
			case tt.wantField != "":
				var de *domain.Error
				if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Fields[tt.wantField] == "" {
					t.Fatalf("error %v, want invalid %q", err, tt.wantField)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				s := c.Snapshot()
				if c.Status() != company.StatusRejected || s.RejectionReason != strings.TrimSpace(tt.reason) || !s.UpdatedAt.Equal(later) {
					t.Errorf("after reject: status %q reason %q updated %v", c.Status(), s.RejectionReason, s.UpdatedAt)
				}
				return
			}
			if c.Status() != tt.from {
				t.Errorf("a refused reject changed the status to %q", c.Status())
			}
		})
	}
}

func TestEdit(t *testing.T) {
	t.Parallel()
	later := now.Add(time.Hour)
	published := now.Add(-24 * time.Hour)
	tests := []struct {
		from company.Status
		want company.Status
	}{
		{company.StatusDraft, company.StatusDraft},
		{company.StatusPending, company.StatusDraft},
		{company.StatusPublished, company.StatusPublished},
		{company.StatusRejected, company.StatusRejected},
	}
	for _, tt := range tests {
		t.Run(string(tt.from), func(t *testing.T) {
			t.Parallel()
			var pub *time.Time
			if tt.from == company.StatusPublished {
				pub = &published
			}
			c := companyIn(tt.from, pub)
			c.Edit(company.Profile{Name: "Acme 2", Slug: "acme-2"}, "<p>new</p>", later)
			s := c.Snapshot()
			if c.Status() != tt.want {
				t.Errorf("status %q, want %q", c.Status(), tt.want)
			}
			if c.Profile().Name != "Acme 2" || s.DescriptionHTML != "<p>new</p>" || !s.UpdatedAt.Equal(later) {
				t.Errorf("edit not applied: %+v", s)
			}
			if tt.from == company.StatusPublished && (s.PublishedAt == nil || !s.PublishedAt.Equal(published)) {
				t.Errorf("publishedAt changed by an edit: %v", s.PublishedAt)
			}
		})
	}
}

func TestPublishedAtSetOnce(t *testing.T) {
	t.Parallel()
	t0 := now
	c := company.New("c1", "t1", company.Profile{Name: "Acme"}, "", "u1", t0)
	if err := c.Submit(true, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	first := t0.Add(time.Hour)
	if err := c.Approve(first); err != nil {
		t.Fatal(err)
	}
	// Edited while published: stays published, then a later review cycle
	// must not move the first publication time.
	c.Edit(company.Profile{Name: "Acme 2"}, "", t0.Add(2*time.Hour))
	if c.Status() != company.StatusPublished {
		t.Fatalf("status %q after editing a published profile", c.Status())
	}
	back := company.Rehydrate(func() company.Snapshot { s := c.Snapshot(); s.Status = company.StatusDraft; return s }())
	if err := back.Submit(false, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := back.Snapshot().PublishedAt; got == nil || !got.Equal(first) {
		t.Errorf("publishedAt %v, want the first publication %v", got, first)
	}
	again := company.Rehydrate(func() company.Snapshot { s := c.Snapshot(); s.Status = company.StatusPending; return s }())
	if err := again.Approve(t0.Add(4 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := again.Snapshot().PublishedAt; got == nil || !got.Equal(first) {
		t.Errorf("publishedAt %v after a second approval, want %v", got, first)
	}
}

func TestPremium(t *testing.T) {
	t.Parallel()
	c := companyIn(company.StatusPublished, nil)
	if c.Premium(now) {
		t.Error("premium without an end date")
	}
	until := now.Add(time.Hour)
	c.SetPremiumUntil(&until, now)
	tests := []struct {
		at   time.Time
		want bool
	}{
		{now, true},
		{until.Add(-time.Nanosecond), true},
		{until, false},
		{until.Add(time.Second), false},
	}
	for _, tt := range tests {
		if got := c.Premium(tt.at); got != tt.want {
			t.Errorf("Premium(%v) = %v, want %v", tt.at, got, tt.want)
		}
	}
	c.SetPremiumUntil(nil, now)
	if c.Premium(now) {
		t.Error("premium after clearing")
	}
}

func TestSetLogo(t *testing.T) {
	t.Parallel()
	c := companyIn(company.StatusDraft, nil)
	later := now.Add(time.Minute)
	c.SetLogo("logos/c1.png", later)
	if s := c.Snapshot(); s.LogoKey != "logos/c1.png" || !s.UpdatedAt.Equal(later) {
		t.Errorf("logo %q updated %v", s.LogoKey, s.UpdatedAt)
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	t.Parallel()
	pub := now.Add(-time.Hour)
	prem := now.Add(time.Hour)
	s := company.Snapshot{
		ID: "c1", Tenant: "t1", Profile: company.Profile{Name: "Acme", Slug: "acme"}, DescriptionHTML: "<p>x</p>",
		LogoKey: "k", Status: company.StatusRejected, RejectionReason: "r", PremiumUntil: &prem, CreatedBy: "u1",
		CreatedAt: now, UpdatedAt: now, PublishedAt: &pub,
	}
	got := company.Rehydrate(s).Snapshot()
	if got.ID != s.ID || got.Tenant != s.Tenant || got.Profile.Name != s.Profile.Name || got.DescriptionHTML != s.DescriptionHTML ||
		got.LogoKey != s.LogoKey || got.Status != s.Status || got.RejectionReason != s.RejectionReason || got.PremiumUntil != s.PremiumUntil ||
		got.CreatedBy != s.CreatedBy || !got.CreatedAt.Equal(s.CreatedAt) || !got.UpdatedAt.Equal(s.UpdatedAt) || got.PublishedAt != s.PublishedAt {
		t.Errorf("round trip\n got %+v\nwant %+v", got, s)
	}
}

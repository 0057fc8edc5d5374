package company_test

import (
	"errors"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
)

func TestInvitationAccept(t *testing.T) {
	t.Parallel()
	expires := now.Add(company.InvitationTTL)
	used := now.Add(-time.Hour)
	tests := []struct {
		name     string
		accepted *time.Time
		at       time.Time
		want     error
	}{
		{"fresh", nil, now, nil},
		{"a nanosecond before expiry", nil, expires.Add(-time.Nanosecond), nil},
		{"exactly at ExpiresAt", nil, expires, company.ErrInvitationExpired},
		{"after expiry", nil, expires.Add(time.Second), company.ErrInvitationExpired},
		{"already used", &used, now, company.ErrInvitationUsed},
		{"used and expired reports used", &used, expires.Add(time.Hour), company.ErrInvitationUsed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inv := &company.Invitation{ID: "i1", CompanyID: "c1", Role: company.RoleRecruiter, ExpiresAt: expires, AcceptedAt: tt.accepted, CreatedAt: now}
			err := inv.Accept(tt.at)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("Accept = %v, want %v", err, tt.want)
				}
				if domain.KindOf(err) != domain.KindGone {
					t.Errorf("kind %v, want gone", domain.KindOf(err))
				}
				if tt.accepted == nil && inv.AcceptedAt != nil {
					t.Error("a refused invitation was marked accepted")
				}
				if tt.accepted != nil && inv.AcceptedAt != tt.accepted {
					t.Error("the first acceptance time was replaced")
				}
				return
			}
			if err != nil {
				t.Fatalf("Accept: %v", err)
			}
			if inv.AcceptedAt == nil || !inv.AcceptedAt.Equal(tt.at) {
				t.Errorf("AcceptedAt = %v, want %v", inv.AcceptedAt, tt.at)
			}
			if err := inv.Accept(tt.at); !errors.Is(err, company.ErrInvitationUsed) {
				t.Errorf("second Accept = %v, want used", err)
			}
		})
	}
}

func TestInvitationErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *domain.Error
		kind domain.Kind
		code string
	}{
		{company.ErrInvitationUsed, domain.KindGone, "invitation_used"},
		{company.ErrInvitationExpired, domain.KindGone, "invitation_expired"},
		{company.ErrInvitationUnknown, domain.KindNotFound, "invitation_not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			if tt.err.Kind != tt.kind || tt.err.Code != tt.code || tt.err.Message == "" {
				t.Errorf("got %v %q %q", tt.err.Kind, tt.err.Code, tt.err.Message)
			}
		})
	}
}

func team(roles ...company.Role) []company.Member {
	ids := []string{"a", "b", "c", "d"}
	m := make([]company.Member, len(roles))
	for i, r := range roles {
		m[i] = company.Member{UserID: ids[i], Role: r}
	}
	return m
}

func TestCheckRoleChange(t *testing.T) {
	t.Parallel()
	o, r := company.RoleOwner, company.RoleRecruiter
	tests := []struct {
		name    string
		members []company.Member
		user    string
		newRole company.Role
		want    error
	}{
		{"demote the only owner", team(o, r), "a", r, company.ErrLastOwner},
		{"demote one of two owners", team(o, o, r), "a", r, nil},
		{"keep the only owner an owner", team(o, r), "a", o, nil},
		{"promote a recruiter", team(o, r), "b", o, nil},
		{"recruiter stays recruiter", team(o, r), "b", r, nil},
		{"unknown member", team(o, r), "zz", r, domain.ErrNotFound},
		{"empty team", nil, "a", r, domain.ErrNotFound},
		{"team without owners may change a recruiter", team(r, r), "a", o, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := company.CheckRoleChange(tt.members, tt.user, tt.newRole)
			if tt.want == nil {
				if err != nil {
					t.Errorf("CheckRoleChange = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("CheckRoleChange = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestCheckRemoval(t *testing.T) {
	t.Parallel()
	o, r := company.RoleOwner, company.RoleRecruiter
	tests := []struct {
		name    string
		members []company.Member
		user    string
		want    error
	}{
		{"remove the only owner", team(o), "a", company.ErrLastOwner},
		{"remove the only owner with recruiters", team(r, o, r), "b", company.ErrLastOwner},
		{"remove one of two owners", team(o, o), "b", nil},
		{"remove a recruiter", team(o, r), "b", nil},
		{"remove the last recruiter", team(o, r), "b", nil},
		{"remove an unknown member", team(o, r), "zz", domain.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := company.CheckRemoval(tt.members, tt.user)
			if tt.want == nil {
				if err != nil {
					t.Errorf("CheckRemoval = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("CheckRemoval = %v, want %v", err, tt.want)
			}
			if tt.want == company.ErrLastOwner && domain.KindOf(err) != domain.KindConflict {
				t.Errorf("kind %v, want conflict", domain.KindOf(err))
			}
		})
	}
}

package board

import (
	"context"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
)

// SettingsInput is an owner's board configuration.
type SettingsInput struct {
	Name                string `json:"name" validate:"max=300"`
	CustomDomain        string `json:"custom_domain" validate:"max=300"`
	PrimaryColor        string `json:"primary_color" validate:"max=20"`
	ReviewJobs          bool   `json:"review_jobs"`
	ReviewProfiles      bool   `json:"review_profiles"`
	ReviewEdits         bool   `json:"review_edits"`
	PostingDurationDays int    `json:"posting_duration_days"`
	FeaturedSlots       int    `json:"featured_slots"`
	// Language is the language of the board's jobs (board.SearchLanguages);
	// empty keeps the current one.
	Language       string   `json:"language" validate:"max=20"`
	Categories     []string `json:"categories" validate:"max=200,dive,max=200"`
	Sectors        []string `json:"sectors" validate:"max=200,dive,max=200"`
	BlockedWords   []string `json:"blocked_words" validate:"max=1000,dive,max=200"`
	BlockedDomains []string `json:"blocked_domains" validate:"max=1000,dive,max=300"`
	// StaffTwoFactor asks owners and moderators for a second factor.
	StaffTwoFactor bool `json:"staff_two_factor"`
}

// SettingsOf returns a board's current configuration as input values.
func SettingsOf(b *board.Board) SettingsInput {
	st := b.Settings()
	return SettingsInput{Name: b.Name(), CustomDomain: b.CustomDomain(), PrimaryColor: st.PrimaryColor, ReviewJobs: st.ReviewJobs,
		ReviewProfiles: st.ReviewProfiles, ReviewEdits: st.ReviewEdits, PostingDurationDays: st.PostingDurationDays,
		FeaturedSlots: st.FeaturedSlots, Language: st.Language, Categories: st.Categories, Sectors: st.Sectors, BlockedWords: st.BlockedWords, BlockedDomains: st.BlockedDomains,
		StaffTwoFactor: st.StaffTwoFactor}
}

// Settings returns the board's configuration; owners only.
func (s *Service) Settings(ctx context.Context, tenant domain.TenantID, actor app.Actor) (*board.Board, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjBoard, app.ActManage); err != nil {
		return nil, err
	}
	return s.deps.Boards.ByID(ctx, tenant)
}

// UpdateSettings changes the board's name, domain and settings; owners
// only. The change is audited with the values before and after.
func (s *Service) UpdateSettings(ctx context.Context, tenant domain.TenantID, actor app.Actor, in SettingsInput) (*board.Board, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjBoard, app.ActManage); err != nil {
		return nil, err
	}
	if err := app.Validate(in); err != nil {
		return nil, err
	}
	var b *board.Board
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		var err error
		if b, err = s.deps.Boards.LockByID(ctx, tenant); err != nil {
			return err
		}
		before := SettingsOf(b)
		st := b.Settings()
		st.PrimaryColor, st.ReviewJobs, st.ReviewProfiles, st.ReviewEdits = in.PrimaryColor, in.ReviewJobs, in.ReviewProfiles, in.ReviewEdits
		st.PostingDurationDays, st.FeaturedSlots = in.PostingDurationDays, in.FeaturedSlots
		if in.Language != "" {
			st.Language = in.Language
		}
		st.Categories, st.Sectors, st.BlockedWords, st.BlockedDomains = in.Categories, in.Sectors, in.BlockedWords, in.BlockedDomains
		st.StaffTwoFactor = in.StaffTwoFactor
		if err := b.Configure(in.Name, in.CustomDomain, st); err != nil {
			return err
		}
		if err := s.deps.Boards.Update(ctx, b); err != nil {
			return err
		}
		return s.audit(ctx, tenant, actor, "settings.update", "board", tenant.String(), before, SettingsOf(b))
	})
	return b, err
}

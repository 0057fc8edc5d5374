package account

import (
	"context"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// SignedIn lists where the acting user is signed in: browser sessions and
// API tokens, the one the request came with first.
func (s *Service) SignedIn(ctx context.Context, tenant domain.TenantID, actor app.Actor, current Keep) ([]account.SignedIn, error) {
	if actor.UserID == "" {
		return nil, domain.ErrForbidden
	}
	return s.deps.Sessions.List(ctx, tenant, actor.UserID, current.SessionID, current.TokenHash, s.deps.Clock.Now())
}

// EndSignedIn signs the acting user out of one session or token, named by
// its handle; another user's handle is KindNotFound.
func (s *Service) EndSignedIn(ctx context.Context, tenant domain.TenantID, actor app.Actor, handle string) error {
	if actor.UserID == "" {
		return domain.ErrForbidden
	}
	if handle == "" || len(handle) > 64 {
		return domain.NotFound("session")
	}
	return s.deps.Sessions.End(ctx, tenant, actor.UserID, handle)
}

// EndOtherSignedIn signs the acting user out everywhere but where keep
// names, and returns how many sessions and tokens ended.
func (s *Service) EndOtherSignedIn(ctx context.Context, tenant domain.TenantID, actor app.Actor, keep Keep) (int, error) {
	if actor.UserID == "" {
		return 0, domain.ErrForbidden
	}
	return s.deps.Sessions.EndOthers(ctx, tenant, actor.UserID, keep.SessionID, keep.TokenHash)
}

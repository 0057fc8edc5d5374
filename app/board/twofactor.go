package board

import (
	"context"
	"log/slog"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

// ResetTwoFactorInput names the board user whose second factor is reset.
type ResetTwoFactorInput struct {
	Email string `json:"email" form:"email" validate:"required,max=254"`
}

// ResetTwoFactor turns off two-factor sign-in for a board user who lost
// both their phone and their recovery codes; staff who manage staff only.
// The user is mailed and signs in with their password, then turns it on
// again; the reset is audited.
func (s *Service) ResetTwoFactor(ctx context.Context, tenant domain.TenantID, actor app.Actor, in ResetTwoFactorInput) error {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjStaff, app.ActManage); err != nil {
		return err
	}
	if err := app.Validate(in); err != nil {
		return err
	}
	email, err := domain.ParseEmail("email", in.Email)
	if err != nil {
		return err
	}
	u, err := s.deps.Users.ByEmail(ctx, tenant, email)
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.Invalid("email", "nobody has an account with this address on the board")
	}
	if err != nil {
		return err
	}
	st, err := s.deps.TwoFactors.Get(ctx, tenant, u.ID())
	if err != nil {
		return err
	}
	if !st.Enabled() {
		return domain.Invalid("email", "this account does not use two-factor sign-in")
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		if err := s.deps.TwoFactors.Disable(ctx, tenant, u.ID()); err != nil {
			return err
		}
		return s.audit(ctx, tenant, actor, "two_factor.reset", "user", u.ID(), map[string]string{"user": u.Email().String()}, nil)
	})
	if err != nil {
		return err
	}
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return err
	}
	if err := s.deps.Mailer.Send(ctx, app.Message{To: u.Email().String(), FromName: b.Name(), Subject: "Two-factor sign-in was turned off on " + b.Name(),
		Text: "Hello " + u.Name() + ",\n\nThe team of " + b.Name() + " turned off two-factor sign-in for your account, as asked. " +
			"Sign in with your password, then turn it on again from your account page.\n\nIf you did not ask for this, tell the board's team at once.\n"}); err != nil {
		// The reset stands; the audit log records it.
		slog.WarnContext(ctx, "two-factor reset mail not sent", "tenant", tenant, "user", u.ID(), "err", err)
	}
	return nil
}

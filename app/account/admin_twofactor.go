package account

import (
	"context"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// platformScope is the scope of platform admins' second factors and
// limits: no board.
const platformScope domain.TenantID = "*"

func (s *Service) adminFactor(adminID string) factorOwner {
	return factorOwner{repo: s.deps.AdminTwoFactors, scope: platformScope, id: adminID}
}

// AdminTwoFactorStatus returns a platform admin's second factor.
func (s *Service) AdminTwoFactorStatus(ctx context.Context, adminID string) (account.TwoFactor, error) {
	return s.deps.AdminTwoFactors.Get(ctx, platformScope, adminID)
}

// AdminUsesTwoFactor reports whether signing the admin in needs a second
// factor.
func (s *Service) AdminUsesTwoFactor(ctx context.Context, adminID string) (bool, error) {
	st, err := s.AdminTwoFactorStatus(ctx, adminID)
	return st.Enabled(), err
}

// StartAdminTwoFactor returns a secret for a platform admin to add to an
// app, as StartTwoFactor does for board users.
func (s *Service) StartAdminTwoFactor(ctx context.Context, adminID string) (Enrolment, error) {
	st, err := s.AdminTwoFactorStatus(ctx, adminID)
	if err != nil {
		return Enrolment{}, err
	}
	a, err := s.deps.Admins.ByID(ctx, adminID)
	if err != nil {
		return Enrolment{}, err
	}
	return s.enrol(ctx, s.adminFactor(adminID), st, "Jobboard platform", a.Email.String())
}

// ConfirmAdminTwoFactor turns a platform admin's two-factor sign-in on with
// their password and a code, and returns the recovery codes, shown once.
func (s *Service) ConfirmAdminTwoFactor(ctx context.Context, adminID, password, code, clientIP string) ([]string, error) {
	if err := s.confirmAdminPassword(ctx, adminID, password, clientIP); err != nil {
		return nil, err
	}
	st, err := s.AdminTwoFactorStatus(ctx, adminID)
	if err != nil {
		return nil, err
	}
	c, err := s.confirm(st, code)
	if err != nil {
		return nil, err
	}
	if err := s.deps.AdminTwoFactors.Enable(ctx, platformScope, adminID, c.pending, c.at, c.step, c.hashes); err != nil {
		return nil, err
	}
	return c.codes, nil
}

// VerifyAdminSecondFactor checks a platform admin's code or recovery code,
// once each, within the same limits as board users'.
func (s *Service) VerifyAdminSecondFactor(ctx context.Context, adminID, code, clientIP string) error {
	return s.verifyCode(ctx, s.adminFactor(adminID), code, clientIP)
}

// DisableAdminTwoFactor turns a platform admin's two-factor sign-in off
// with their password and a code.
func (s *Service) DisableAdminTwoFactor(ctx context.Context, adminID, password, code, clientIP string) error {
	if err := s.confirmAdminPassword(ctx, adminID, password, clientIP); err != nil {
		return err
	}
	if err := s.VerifyAdminSecondFactor(ctx, adminID, code, clientIP); err != nil {
		return err
	}
	return s.deps.AdminTwoFactors.Disable(ctx, platformScope, adminID)
}

// confirmAdminPassword checks a signed-in admin's password within the
// sign-in limits; a wrong one is KindInvalid (field password).
func (s *Service) confirmAdminPassword(ctx context.Context, adminID, password, clientIP string) error {
	a, err := s.deps.Admins.ByID(ctx, adminID)
	if err != nil {
		return err
	}
	keys := newLoginKeys("platform", a.Email, clientIP)
	if err := s.checkThrottle(ctx, keys); err != nil {
		return err
	}
	ok, _, err := s.deps.Hasher.Verify(password, a.PasswordHash)
	if err != nil {
		return err
	}
	if !ok {
		_ = s.fail(ctx, keys)
		return ErrWrongPassword
	}
	return nil
}

package board

import (
	"context"
	"log/slog"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
)

// logoKey is where a board's logo lives: a fresh name per upload, so that
// caches never serve an old logo under the new address.
func logoKey(tenant domain.TenantID, id string) string {
	return "boards/" + tenant.String() + "/" + id + ".png"
}

// SetLogo checks, re-encodes and stores the board's logo; owners only. A
// file that is not a PNG, JPEG or WebP image is KindUnsupported on the
// field "logo". The previous file is removed once the new one is recorded.
func (s *Service) SetLogo(ctx context.Context, tenant domain.TenantID, actor app.Actor, data []byte) (*board.Board, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjBoard, app.ActManage); err != nil {
		return nil, err
	}
	png, err := s.deps.Images.Logo(data)
	if err != nil {
		return nil, err
	}
	key := logoKey(tenant, s.deps.IDs.New())
	if err := s.deps.Files.Put(ctx, key, png); err != nil {
		return nil, err
	}
	return s.replaceLogo(ctx, tenant, actor, key)
}

// RemoveLogo takes the board's logo away; owners only.
func (s *Service) RemoveLogo(ctx context.Context, tenant domain.TenantID, actor app.Actor) (*board.Board, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjBoard, app.ActManage); err != nil {
		return nil, err
	}
	return s.replaceLogo(ctx, tenant, actor, "")
}

// replaceLogo records key as the logo in one audited transaction, then
// deletes the file it replaced; a failed transaction deletes the new file.
func (s *Service) replaceLogo(ctx context.Context, tenant domain.TenantID, actor app.Actor, key string) (*board.Board, error) {
	var b *board.Board
	var old string
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		var err error
		if b, err = s.deps.Boards.LockByID(ctx, tenant); err != nil {
			return err
		}
		st := b.Settings()
		old, st.LogoKey = st.LogoKey, key
		b.SetSettings(st)
		if err := s.deps.Boards.Update(ctx, b); err != nil {
			return err
		}
		return s.audit(ctx, tenant, actor, "settings.logo", "board", tenant.String(), map[string]bool{"logo": old != ""}, map[string]bool{"logo": key != ""})
	})
	if err != nil {
		if key != "" {
			_ = s.deps.Files.Delete(ctx, key)
		}
		return nil, err
	}
	if old != "" {
		if err := s.deps.Files.Delete(ctx, old); err != nil {
			slog.WarnContext(ctx, "old board logo not removed", "key", old, "err", err)
		}
	}
	return b, nil
}

// Logo returns a board's logo image, or KindNotFound when it has none.
// Anyone may see it: it is shown on every public page. The caller has the
// board already (it resolved the request's host).
func (s *Service) Logo(ctx context.Context, b *board.Board) ([]byte, error) {
	key := b.Settings().LogoKey
	if key == "" {
		return nil, domain.NotFound("logo")
	}
	return s.deps.Files.Get(ctx, key)
}

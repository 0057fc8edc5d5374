package web

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
)

// errUnknownHost is the answer for a host that is no board.
var errUnknownHost = &domain.Error{Kind: domain.KindNotFound, Code: "unknown_board", Message: "there is no job board at this address"}

// errSuspended is the answer on a suspended board's host.
var errSuspended = &domain.Error{Kind: domain.KindUnavailable, Code: "board_suspended", Message: "this job board is currently unavailable", RetryAfter: 3600}

// resolveTenant finds the board from the Host header: <slug>.BASE_DOMAIN
// or a custom domain. The bare BASE_DOMAIN is the platform site and carries
// no board.
func (s *Server) resolveTenant(c *fiber.Ctx) error {
	host := hostOnly(string(c.Request().Host()))
	if host == s.deps.BaseDomain || host == "www."+s.deps.BaseDomain {
		return c.Next()
	}
	var (
		b   *board.Board
		err error
	)
	if s.deps.PlatformGeneration != nil {
		c.Locals(localBoardGeneration, s.deps.PlatformGeneration())
	}
	if slug, ok := strings.CutSuffix(host, "."+s.deps.BaseDomain); ok {
		if slug == "" || strings.Contains(slug, ".") {
			return errUnknownHost
		}
		b, err = s.boardByHost(c.UserContext(), host, func(ctx context.Context) (*board.Board, error) { return s.deps.BoardRepo.BySlug(ctx, slug) })
	} else {
		b, err = s.boardByHost(c.UserContext(), host, func(ctx context.Context) (*board.Board, error) { return s.deps.BoardRepo.ByDomain(ctx, host) })
	}
	switch {
	case domain.KindOf(err) == domain.KindNotFound:
		return errUnknownHost
	case err != nil:
		return err
	case !b.Active():
		c.Locals(localBoard, b)
		return errSuspended
	}
	c.Locals(localBoard, b)
	return c.Next()
}

// boardByHost is find, through the board cache when there is one.
func (s *Server) boardByHost(ctx context.Context, host string, find func(context.Context) (*board.Board, error)) (*board.Board, error) {
	if s.hosts == nil {
		return find(ctx)
	}
	return s.hosts.lookup(ctx, host, find)
}

// hostOnly lower-cases a Host value and strips its port.
func hostOnly(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if strings.HasPrefix(h, "[") {
		if i := strings.Index(h, "]"); i > 0 {
			return h[:i+1]
		}
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	return strings.TrimSuffix(h, ".")
}

// boardOf returns the request's board, or nil on the platform site.
func boardOf(c *fiber.Ctx) *board.Board {
	b, _ := c.Locals(localBoard).(*board.Board)
	return b
}

// tenantOf returns the request's tenant id; call only on board routes.
func tenantOf(c *fiber.Ctx) domain.TenantID {
	return boardOf(c).ID()
}

// onBoard lets a route answer only on a board's host.
func onBoard(c *fiber.Ctx) error {
	if b := boardOf(c); b == nil || !b.Active() {
		return fiber.ErrNotFound
	}
	return c.Next()
}

// onPlatform lets a route answer only on the platform host.
func onPlatform(c *fiber.Ctx) error {
	if boardOf(c) != nil {
		return fiber.ErrNotFound
	}
	return c.Next()
}

package web

import (
	"context"

	"github.com/gofiber/fiber/v2"
	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
)

// boardItem is a board as the platform pages list it.
type boardItem struct {
	ID, Name, Host, URL, Status, Created string
}

func (s *Server) boardItem(c *fiber.Ctx, b *board.Board) boardItem {
	host := b.Slug().String() + "." + s.deps.BaseDomain
	if b.CustomDomain() != "" {
		host = b.CustomDomain()
	}
	url := requestScheme(c) + "://" + host + portSuffix(string(c.Request().Host()))
	return boardItem{ID: b.ID().String(), Name: b.Name(), Host: host, URL: url, Status: string(b.Status()), Created: b.CreatedAt().Format("2 Jan 2006")}
}

// portSuffix returns ":port" of a Host header value, or "".
func portSuffix(host string) string {
	if i := lastColon(host); i >= 0 {
		return host[i:]
	}
	return ""
}

func lastColon(h string) int {
	for i := len(h) - 1; i >= 0; i-- {
		switch h[i] {
		case ':':
			return i
		case ']':
			return -1
		}
	}
	return -1
}

// platformHome lists the active boards on the bare base domain.
func (s *Server) platformHome(c *fiber.Ctx) error {
	all, err := s.deps.BoardRepo.List(c.UserContext())
	if err != nil {
		return err
	}
	items := make([]boardItem, 0, len(all))
	for _, b := range all {
		if b.Active() {
			items = append(items, s.boardItem(c, b))
		}
	}
	return s.render(c, "platform_home", page{Title: "Boards", Data: fiber.Map{"Boards": items}})
}

// platformLoginPage shows the platform admin sign-in form.
func (s *Server) platformLoginPage(c *fiber.Ctx) error {
	if p := principalOf(c); p != nil && p.Kind == "admin" {
		return c.Redirect("/platform/boards", fiber.StatusSeeOther)
	}
	return s.render(c, "login", page{Title: "Platform admin sign-in", Noindex: true, Next: safeNext(c.Query("next")), Data: loginData{Action: "/platform/login"}})
}

// platformLogin signs a platform admin in.
func (s *Server) platformLogin(c *fiber.Ctx) error {
	var in appaccount.LoginInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	next := safeNext(c.FormValue("next"))
	a, err := s.deps.Accounts.AdminLogin(c.UserContext(), in, s.clientIP(c))
	if err != nil {
		return s.formFailure(c, "login", page{Title: "Platform admin sign-in", Noindex: true, Next: next, Data: loginData{Action: "/platform/login"}}, err, "email")
	}
	twoFactor, err := s.deps.Accounts.AdminUsesTwoFactor(c.UserContext(), a.ID)
	if err != nil {
		return err
	}
	if twoFactor {
		if err := s.startSession(c, kindPending, a.ID, a.Name, false); err != nil {
			return err
		}
		return c.Redirect(withNext(platformBase+"/login/two-factor", next), fiber.StatusSeeOther)
	}
	return s.adminSignedIn(c, a.ID, a.Name, next, false)
}

// adminSignedIn starts a platform admin's session and sends them on.
func (s *Server) adminSignedIn(c *fiber.Ctx, id, name, next string, mfa bool) error {
	if err := s.startSession(c, "admin", id, name, mfa); err != nil {
		return err
	}
	if next == "" {
		next = platformBase + "/boards"
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

// platformBoards is the admin console: every board, create, suspend,
// reopen.
func (s *Server) platformBoards(c *fiber.Ctx) error {
	return s.renderConsole(c, fiber.StatusOK, nil, nil)
}

func (s *Server) renderConsole(c *fiber.Ctx, status int, form, errs map[string]string) error {
	all, err := s.deps.Boards.List(c.UserContext(), actorOf(c))
	if err != nil {
		return err
	}
	items := make([]boardItem, len(all))
	for i, b := range all {
		items[i] = s.boardItem(c, b)
	}
	return s.render(c.Status(status), "platform_boards", page{Title: "Admin console", Noindex: true, Form: form, Errors: errs,
		Data: fiber.Map{"Boards": items, "BaseDomain": s.deps.BaseDomain}})
}

// platformCreateBoard creates a board and its owner.
func (s *Server) platformCreateBoard(c *fiber.Ctx) error {
	var in appboard.CreateInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	created, err := s.deps.Boards.Create(c.UserContext(), actorOf(c), in)
	if errs := fieldErrors(err); errs != nil || domain.KindOf(err) == domain.KindConflict {
		if errs == nil {
			_, detail, _ := classify(err)
			errs = map[string]string{"slug": detail.Message}
		}
		status, _, _ := classify(err)
		return s.renderConsole(c, status, formValues(c, "name", "slug", "owner_name", "owner_email"), errs)
	}
	if err != nil {
		return err
	}
	setFlash(c, "Board "+created.Board.Name()+" created.")
	return c.Redirect("/platform/boards", fiber.StatusSeeOther)
}

// platformSuspend suspends a board.
func (s *Server) platformSuspend(c *fiber.Ctx) error {
	return s.platformChange(c, s.deps.Boards.Suspend, "suspended")
}

// platformReopen reopens a suspended board.
func (s *Server) platformReopen(c *fiber.Ctx) error {
	return s.platformChange(c, s.deps.Boards.Reopen, "reopened")
}

func (s *Server) platformChange(c *fiber.Ctx, fn func(ctx context.Context, actor app.Actor, id domain.TenantID) (*board.Board, error), done string) error {
	b, err := fn(c.UserContext(), actorOf(c), domain.TenantID(c.Params("id")))
	if err != nil {
		return err
	}
	setFlash(c, "Board "+b.Name()+" "+done+".")
	return c.Redirect("/platform/boards", fiber.StatusSeeOther)
}

package web

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/recover"
)

// routes registers every route. It is the one list of what the server
// answers; the tenant-isolation test walks it.
func (s *Server) routes() {
	a := s.app
	a.Use(s.requestID, s.logRequests, recover.New(recover.Config{EnableStackTrace: true}), s.securityHeaders, s.withTimeout)

	// Process health: any host, no tenant, no session.
	a.Get("/healthz", s.healthz)
	a.Get("/readyz", s.readyz)
	a.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(staticFS), PathPrefix: "static", MaxAge: int((24 * time.Hour).Seconds())}))

	a.Use(s.limitBody, s.resolveTenant, s.authenticate, s.csrf)

	// Both hosts.
	a.Get("/", s.home)

	// Board pages.
	a.Get("/theme.css", onBoard, s.theme)
	a.Get("/login", onBoard, s.loginPage)
	a.Post("/login", onBoard, s.login)
	a.Get("/signup", onBoard, s.signupPage)
	a.Post("/signup", onBoard, s.signup)
	a.Post("/logout", onBoard, s.logout)

	// JSON API on a board.
	api := "/api/v1"
	a.Get(api+"/openapi.json", s.openapi)
	a.Post(api+"/auth/signup", onBoard, s.apiSignup)
	a.Post(api+"/auth/login", onBoard, s.apiLogin)
	a.Get(api+"/auth/me", onBoard, requireUser, s.apiMe)
	a.Post(api+"/auth/logout", onBoard, requireUser, s.apiLogout)

	// Platform site.
	a.Get("/platform/login", onPlatform, s.platformLoginPage)
	a.Post("/platform/login", onPlatform, s.platformLogin)
	a.Post("/platform/logout", onPlatform, s.logout)
	a.Get("/platform/boards", onPlatform, requireAdmin, s.platformBoards)
	a.Post("/platform/boards", onPlatform, requireAdmin, s.platformCreateBoard)
	a.Post("/platform/boards/:id/suspend", onPlatform, requireAdmin, s.platformSuspend)
	a.Post("/platform/boards/:id/reopen", onPlatform, requireAdmin, s.platformReopen)

	a.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}

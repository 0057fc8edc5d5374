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

	// Company directory and employer dashboard.
	a.Get("/companies", onBoard, s.directoryPage)
	a.Get("/companies/:slug", onBoard, s.companyPage)
	a.Get("/media/companies/:id/logo.png", onBoard, s.companyLogo)
	a.Get("/employer", onBoard, requireUser, s.employerHome)
	a.Get("/employer/companies/new", onBoard, requireUser, s.newCompanyPage)
	a.Post("/employer/companies", onBoard, requireUser, s.createCompany)
	a.Get("/employer/companies/:id", onBoard, requireUser, s.companyEditor)
	a.Post("/employer/companies/:id", onBoard, requireUser, s.saveCompany)
	a.Post("/employer/companies/:id/logo", onBoard, requireUser, s.uploadLogo)
	a.Post("/employer/companies/:id/submit", onBoard, requireUser, s.submitCompany)
	a.Get("/employer/companies/:id/team", onBoard, requireUser, s.teamPage)
	a.Post("/employer/companies/:id/team/invitations", onBoard, requireUser, s.invite)
	a.Post("/employer/companies/:id/team/:user_id/role", onBoard, requireUser, s.changeMemberRole)
	a.Post("/employer/companies/:id/team/:user_id/remove", onBoard, requireUser, s.removeMember)
	a.Get("/invitations/:token", onBoard, s.invitationPage)
	a.Post("/invitations/:token/accept", onBoard, requireUser, s.acceptInvitation)

	// JSON API on a board.
	api := "/api/v1"
	a.Get(api+"/openapi.json", s.openapi)
	a.Post(api+"/auth/signup", onBoard, s.apiSignup)
	a.Post(api+"/auth/login", onBoard, s.apiLogin)
	a.Get(api+"/auth/me", onBoard, requireUser, s.apiMe)
	a.Post(api+"/auth/logout", onBoard, requireUser, s.apiLogout)
	a.Get(api+"/me/companies", onBoard, requireUser, s.apiMyCompanies)
	a.Get(api+"/companies", onBoard, s.apiCompanies)
	a.Post(api+"/companies", onBoard, requireUser, s.apiRegisterCompany)
	a.Get(api+"/companies/:id", onBoard, s.apiCompany)
	a.Patch(api+"/companies/:id", onBoard, requireUser, s.apiUpdateCompany)
	a.Post(api+"/companies/:id/submit", onBoard, requireUser, s.apiSubmitCompany)
	a.Put(api+"/companies/:id/logo", onBoard, requireUser, s.apiCompanyLogo)
	a.Get(api+"/companies/:id/members", onBoard, requireUser, s.apiTeam)
	a.Post(api+"/companies/:id/invitations", onBoard, requireUser, s.apiInvite)
	a.Patch(api+"/companies/:id/members/:user_id", onBoard, requireUser, s.apiChangeMemberRole)
	a.Delete(api+"/companies/:id/members/:user_id", onBoard, requireUser, s.apiRemoveMember)
	a.Post(api+"/invitations/:token/accept", onBoard, requireUser, s.apiAcceptInvitation)
	a.Post(api+"/moderation/companies/:id/approve", onBoard, requireUser, s.apiApproveCompany)
	a.Post(api+"/moderation/companies/:id/reject", onBoard, requireUser, s.apiRejectCompany)

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

package web

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/recover"
	appjob "github.com/jobboard/jobboard/app/job"
)

// routes registers every route. It is the one list of what the server
// answers; the tenant-isolation test walks it.
func (s *Server) routes() {
	a := s.app
	a.Use(s.closeWhileDraining, s.requestID, s.forwardedScheme, s.logRequests, recover.New(recover.Config{EnableStackTrace: true}), s.securityHeaders, s.withTimeout)

	// Process health: any host, no tenant, no session.
	a.Get("/healthz", s.healthz)
	a.Get("/readyz", s.readyz)
	a.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(staticFS), PathPrefix: "static", MaxAge: int((24 * time.Hour).Seconds())}))

	// Payment notifications: signed, on any host.
	a.Post("/webhooks/stripe", s.limitBody, s.stripeWebhook)

	a.Use(s.limitBody, s.resolveTenant, s.authenticate, s.csrf)
	// Staff work on boards that ask their staff for a second factor.
	for _, prefix := range []string{"/admin", "/api/v1/moderation", "/api/v1/audit", "/api/v1/board"} {
		a.Use(prefix, s.staffTwoFactor)
	}

	// Both hosts.
	a.Get("/", s.cachedPage(rotationVariants), s.home)

	// Board pages.
	a.Get("/theme.css", onBoard, s.theme)
	a.Get("/login", onBoard, s.loginPage)
	a.Post("/login", onBoard, s.login)
	a.Get("/signup", onBoard, s.signupPage)
	a.Post("/signup", onBoard, s.signup)
	a.Post("/logout", onBoard, s.logout)
	a.Get("/check-email", onBoard, s.checkEmailPage)
	a.Post("/check-email", onBoard, s.resendVerification)
	a.Get("/verify-email", onBoard, s.verifyEmailPage)
	a.Post("/verify-email", onBoard, s.verifyEmail)
	a.Get("/forgot-password", onBoard, s.forgotPage)
	a.Post("/forgot-password", onBoard, s.forgot)
	a.Get("/reset-password", onBoard, s.resetPage)
	a.Post("/reset-password", onBoard, s.reset)
	a.Get("/me/account", onBoard, requireUser, s.accountPage)
	a.Post("/me/account/password", onBoard, requireUser, s.changePassword)
	a.Post("/me/account/email", onBoard, requireUser, s.changeEmail)
	a.Post("/me/sessions/end-others", onBoard, requireUser, s.endOthers)
	a.Post("/me/sessions/:handle/end", onBoard, requireUser, s.endSignedIn)
	a.Get(openIDPath, onBoard, s.startOpenID)
	a.Get(openIDCallback, onBoard, s.finishOpenID)
	a.Get("/admin/sign-in", onBoard, requireUser, s.adminOpenIDPage)
	a.Post("/admin/sign-in", onBoard, requireUser, s.saveOpenID)
	a.Get("/login/two-factor", onBoard, s.secondFactorPage)
	a.Post("/login/two-factor", onBoard, s.secondFactor)
	a.Get("/me/two-factor", onBoard, requireUser, s.twoFactorPage)
	a.Post("/me/two-factor", onBoard, requireUser, s.enableTwoFactor)
	a.Post("/me/two-factor/disable", onBoard, requireUser, s.disableTwoFactor)

	// Jobs: the public board.
	a.Get("/jobs", onBoard, s.cachedPage(1), s.jobsPage)
	a.Get("/jobs/:id", onBoard, s.jobRedirect)
	a.Get("/jobs/:id/:slug", onBoard, s.cachedPage(1), s.jobPage)
	a.Get("/jobs/:id/:slug/apply", onBoard, s.applyClick)

	// E-mail job alerts: no account needed; signed links stand in for one.
	a.Get("/alerts/new", onBoard, s.alertForm)
	a.Post("/alerts", onBoard, s.subscribeForm)
	a.Get("/alerts/confirm/:token", onBoard, s.confirmAlertPage)
	a.Post("/alerts/confirm/:token", onBoard, s.confirmAlert)
	a.Get("/alerts/unsubscribe/:token", onBoard, s.unsubscribePage)
	a.Post("/alerts/unsubscribe/:token", onBoard, s.unsubscribe)
	a.Get("/alerts/manage/:token", onBoard, s.manageAlerts)
	a.Post("/alerts/manage/:token/:id/remove", onBoard, s.removeAlertForm)

	// Feeds, sitemaps and the embeddable widget.
	a.Get("/robots.txt", onBoard, s.robots)
	a.Get("/feed.xml", onBoard, s.rssFeed)
	a.Get("/jobs.xml", onBoard, s.indeedFeed)
	a.Get("/sitemap.xml", onBoard, s.sitemap)
	a.Get("/sitemaps/jobs-:page.xml", onBoard, s.sitemapJobs)
	a.Get("/embed/featured-jobs", onBoard, s.cachedPage(rotationVariants), s.embedFeatured)
	a.Get("/embed/featured-jobs.js", onBoard, s.embedScript)
	a.Get("/embed/click/:id", onBoard, s.embedClick)

	// Company directory and employer dashboard.
	a.Get("/companies", onBoard, s.cachedPage(1), s.directoryPage)
	a.Get("/companies/:slug", onBoard, s.cachedPage(1), s.companyPage)
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
	a.Get("/employer/companies/:id/jobs", onBoard, requireUser, s.employerJobs)
	a.Get("/employer/companies/:id/jobs/new", onBoard, requireUser, s.newJobPage)
	a.Post("/employer/companies/:id/jobs", onBoard, requireUser, s.createJob)
	a.Get("/employer/jobs/:id", onBoard, requireUser, s.jobEditor)
	a.Post("/employer/jobs/:id", onBoard, requireUser, s.saveJob)
	a.Post("/employer/jobs/:id/submit", onBoard, requireUser, s.jobAction)
	a.Post("/employer/jobs/:id/close", onBoard, requireUser, s.jobAction)
	a.Post("/employer/jobs/:id/renew", onBoard, requireUser, s.jobAction)
	a.Post("/employer/jobs/:id/buy", onBoard, requireUser, s.buyForJob)
	a.Post("/employer/companies/:id/premium", onBoard, requireUser, s.buyPremium)
	a.Get("/employer/companies/:id/orders", onBoard, requireUser, s.companyOrders)
	a.Get("/billing/orders/:id/success", onBoard, requireUser, s.orderSuccess)
	a.Get("/billing/orders/:id/cancel", onBoard, requireUser, s.orderCancel)
	a.Get("/billing/dev-checkout/:id", onBoard, requireUser, s.devCheckout)
	a.Post("/billing/dev-checkout/:id/pay", onBoard, requireUser, s.devPay)
	a.Post("/billing/dev-checkout/:id/cancel", onBoard, requireUser, s.devCancel)
	a.Get("/admin/billing", onBoard, requireUser, s.adminBilling)
	a.Post("/admin/billing/prices", onBoard, requireUser, s.adminSetPrice)
	a.Get("/invitations/:token", onBoard, s.invitationPage)
	a.Post("/invitations/:token/accept", onBoard, requireUser, s.acceptInvitation)

	// Board administration (moderators and owners; the use cases check).
	a.Get("/admin", onBoard, requireUser, s.adminHome)
	a.Get("/admin/moderation", onBoard, requireUser, s.moderationPage)
	a.Post("/admin/moderation/bulk", onBoard, requireUser, s.moderateBulk)
	a.Get("/admin/moderation/:kind/:id", onBoard, requireUser, s.moderationItemPage)
	a.Post("/admin/moderation/:kind/:id/:action", onBoard, requireUser, s.moderateForm)
	a.Get("/admin/audit", onBoard, requireUser, s.auditPage)
	a.Post("/admin/settings/logo", onBoard, requireUser, s.uploadBoardLogo)
	a.Post("/admin/settings/logo/remove", onBoard, requireUser, s.removeBoardLogo)
	a.Get("/media/board/:key/logo.png", onBoard, s.boardLogo)
	a.Post("/jobs/:id/:slug/report", onBoard, s.reportForm)
	a.Post("/companies/:slug/report", onBoard, s.reportForm)
	a.Get("/admin/settings", onBoard, requireUser, s.adminSettings)
	a.Post("/admin/settings", onBoard, requireUser, s.saveSettings)
	a.Get("/admin/staff", onBoard, requireUser, s.adminStaff)
	a.Post("/admin/staff/invitations", onBoard, requireUser, s.inviteStaff)
	a.Post("/admin/staff/:user_id/:role/remove", onBoard, requireUser, s.removeStaff)
	a.Get("/staff-invitations/:token", onBoard, s.staffInvitationPage)
	a.Post("/staff-invitations/:token/accept", onBoard, requireUser, s.acceptStaffInvitation)

	// Candidates: saved jobs, on-site applications, privacy.
	a.Get("/me/saved", onBoard, requireUser, s.savedJobsPage)
	a.Post("/me/saved/:job_id", onBoard, requireUser, s.keepJob)
	a.Post("/me/saved/:job_id/remove", onBoard, requireUser, s.forgetJob)
	a.Get("/jobs/:id/:slug/application", onBoard, s.applicationPage)
	a.Post("/jobs/:id/:slug/application", onBoard, requireUser, s.submitApplication)
	a.Get("/me/applications", onBoard, requireUser, s.myApplicationsPage)
	a.Get("/applications/:id/cv", onBoard, requireUser, s.downloadCV)
	a.Get("/employer/jobs/:id/applications", onBoard, requireUser, s.employerApplicantsPage)
	a.Get("/employer/applications/:id", onBoard, requireUser, s.employerApplicantPage)
	a.Post("/employer/applications/:id/status", onBoard, requireUser, s.moveApplication)
	a.Get("/me/privacy", onBoard, requireUser, s.privacyPage)
	a.Get("/me/data.json", onBoard, requireUser, s.exportData)
	a.Post("/me/delete", onBoard, requireUser, s.deleteAccount)

	// JSON API on a board.
	api := "/api/v1"
	a.Get(api+"/openapi.json", s.openapi)
	a.Post(api+"/auth/signup", onBoard, s.apiSignup)
	a.Post(api+"/auth/login", onBoard, s.apiLogin)
	a.Get(api+"/auth/me", onBoard, requireUser, s.apiMe)
	a.Post(api+"/auth/logout", onBoard, requireUser, s.apiLogout)
	a.Post(api+"/auth/password/forgot", onBoard, s.apiForgot)
	a.Post(api+"/auth/password/reset", onBoard, s.apiReset)
	a.Post(api+"/auth/password", onBoard, requireUser, s.apiChangePassword)
	a.Post(api+"/auth/email/verify", onBoard, s.apiVerifyEmail)
	a.Post(api+"/auth/email/resend", onBoard, s.apiResendVerification)
	a.Post(api+"/auth/email", onBoard, requireUser, s.apiChangeEmail)
	a.Get(api+"/me/sessions", onBoard, requireUser, s.apiSignedIn)
	a.Delete(api+"/me/sessions", onBoard, requireUser, s.apiEndOthers)
	a.Delete(api+"/me/sessions/:id", onBoard, requireUser, s.apiEndSignedIn)
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
	a.Get(api+"/jobs", onBoard, s.cachedPage(1), s.apiJobs)
	a.Post(api+"/alerts", onBoard, s.apiSubscribe)
	a.Get(api+"/featured-jobs", onBoard, s.apiFeaturedJobs)
	a.Get(api+"/jobs/:id", onBoard, s.cachedPage(1), s.apiJob)
	a.Patch(api+"/jobs/:id", onBoard, requireUser, s.apiUpdateJob)
	a.Post(api+"/jobs/:id/submit", onBoard, requireUser, s.apiJobTransition(func(j *appjob.Service) teamTransition { return j.Submit }))
	a.Post(api+"/jobs/:id/close", onBoard, requireUser, s.apiJobTransition(func(j *appjob.Service) teamTransition { return j.Close }))
	a.Post(api+"/jobs/:id/renew", onBoard, requireUser, s.apiJobTransition(func(j *appjob.Service) teamTransition { return j.Renew }))
	a.Post(api+"/jobs/:id/feature", onBoard, requireUser, s.staffTwoFactor, s.apiFeatureJob)
	a.Get(api+"/companies/:id/jobs", onBoard, s.apiCompanyJobs)
	a.Post(api+"/companies/:id/jobs", onBoard, requireUser, s.apiCreateJob)
	a.Get(api+"/moderation/queue", onBoard, requireUser, s.apiQueue)
	a.Post(api+"/moderation/bulk", onBoard, requireUser, s.apiBulk)
	a.Post(api+"/moderation/:kind/:id/:action", onBoard, requireUser, s.apiModerate)
	a.Post(api+"/:kind/:id/reports", onBoard, s.apiReport)
	a.Get(api+"/audit", onBoard, requireUser, s.apiAudit)
	a.Get(api+"/board/settings", onBoard, requireUser, s.apiSettings)
	a.Patch(api+"/board/settings", onBoard, requireUser, s.apiUpdateSettings)
	a.Post(api+"/orders", onBoard, requireUser, s.apiCreateOrder)
	a.Get(api+"/orders/:id", onBoard, requireUser, s.apiOrder)
	a.Get(api+"/companies/:id/orders", onBoard, requireUser, s.apiCompanyOrders)
	a.Get(api+"/prices", onBoard, s.apiPrices)
	a.Put(api+"/prices/:product", onBoard, requireUser, s.staffTwoFactor, s.apiSetPrice)
	a.Get(api+"/me/saved-jobs", onBoard, requireUser, s.apiSavedJobs)
	a.Put(api+"/me/saved-jobs/:job_id", onBoard, requireUser, s.apiSaveJob)
	a.Delete(api+"/me/saved-jobs/:job_id", onBoard, requireUser, s.apiUnsaveJob)
	a.Post(api+"/jobs/:id/applications", onBoard, requireUser, s.apiApply)
	a.Get(api+"/jobs/:id/applications", onBoard, requireUser, s.apiJobApplications)
	a.Get(api+"/applications/:id", onBoard, requireUser, s.apiApplication)
	a.Patch(api+"/applications/:id", onBoard, requireUser, s.apiMoveApplication)
	a.Get(api+"/applications/:id/cv", onBoard, requireUser, s.downloadCV)
	a.Get(api+"/me/applications", onBoard, requireUser, s.apiMyApplications)
	a.Get(api+"/me/export", onBoard, requireUser, s.exportData)
	a.Delete(api+"/me", onBoard, requireUser, s.apiDeleteAccount)

	// Platform site.
	a.Get("/platform/login", onPlatform, s.platformLoginPage)
	a.Post("/platform/login", onPlatform, s.platformLogin)
	a.Post("/platform/logout", onPlatform, s.logout)
	a.Get("/platform/boards", onPlatform, requireAdmin, s.platformBoards)
	a.Post("/platform/boards", onPlatform, requireAdmin, s.platformCreateBoard)
	a.Post("/platform/boards/:id/suspend", onPlatform, requireAdmin, s.platformSuspend)
	a.Post("/platform/boards/:id/reopen", onPlatform, requireAdmin, s.platformReopen)

	a.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })

	// A method Fiber does not know never reaches the routes above.
	s.refuseUnknownMethods()
}

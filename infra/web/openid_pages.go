package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	appaccount "github.com/jobboard/jobboard/app/account"
)

// openIDCookie carries a sign-in with the board's provider from its start
// to the provider's return, sealed; openIDPath is where it is sent.
const (
	openIDCookie   = "jb_openid"
	openIDPath     = "/login/openid"
	openIDCallback = openIDPath + "/callback"
	openIDMaxAge   = 10 * time.Minute
)

// openIDRedirect is the address the provider sends people back to; the
// board owner registers it with the provider.
func openIDRedirect(c *fiber.Ctx) string { return c.BaseURL() + openIDCallback }

// startOpenID sends the browser to the board's provider.
func (s *Server) startOpenID(c *fiber.Ctx) error {
	st, err := s.deps.Accounts.StartOpenID(c.UserContext(), tenantOf(c), openIDRedirect(c), safeNext(c.Query("next")))
	if err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{Name: openIDCookie, Value: s.deps.Accounts.SealStart(st), Path: openIDPath, HTTPOnly: true,
		Secure: s.deps.Production, SameSite: fiber.CookieSameSiteLaxMode, MaxAge: int(openIDMaxAge.Seconds())})
	return c.Redirect(st.URL, fiber.StatusSeeOther)
}

// finishOpenID takes the provider's answer and signs the person in.
func (s *Server) finishOpenID(c *fiber.Ctx) error {
	sealed := c.Cookies(openIDCookie)
	c.Cookie(&fiber.Cookie{Name: openIDCookie, Value: "", Path: openIDPath, HTTPOnly: true, Secure: s.deps.Production,
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: -1, Expires: time.Unix(1, 0)})
	fail := func(err error) error {
		return s.formFailure(c, "login", page{Title: "Sign in", Noindex: true, Data: s.loginData(c)}, err, "email")
	}
	if c.Query("error") != "" {
		return fail(appaccount.ErrOpenIDState)
	}
	st, err := s.deps.Accounts.OpenStart(sealed)
	if err != nil {
		return fail(err)
	}
	u, err := s.deps.Accounts.FinishOpenID(c.UserContext(), tenantOf(c), st, openIDRedirect(c), c.Query("code"), c.Query("state"))
	if err != nil {
		return fail(err)
	}
	return s.passwordOK(c, u.ID(), u.Name(), st.Next)
}

// openIDAdminData is what the provider page shows.
type openIDAdminData struct {
	Settings appaccount.OpenIDSettings
	Redirect string
}

// adminOpenIDPage is GET /admin/sign-in (owners): the board's provider.
func (s *Server) adminOpenIDPage(c *fiber.Ctx) error {
	cur, err := s.deps.Accounts.OpenIDProvider(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	form := map[string]string{"issuer": cur.Issuer, "client_id": cur.ClientID, "label": cur.Label}
	if cur.Exclusive {
		form["exclusive"] = "on"
	}
	return s.render(c, "admin_openid", page{Title: "Sign-in with your accounts", Noindex: true, Form: form,
		Data: openIDAdminData{Settings: cur, Redirect: openIDRedirect(c)}})
}

// saveOpenID is POST /admin/sign-in.
func (s *Server) saveOpenID(c *fiber.Ctx) error {
	in := appaccount.OpenIDInput{Issuer: c.FormValue("issuer"), ClientID: c.FormValue("client_id"), ClientSecret: c.FormValue("client_secret"),
		Label: c.FormValue("label"), Exclusive: c.FormValue("exclusive") != ""}
	if c.FormValue("remove") != "" {
		in = appaccount.OpenIDInput{}
	}
	if err := s.deps.Accounts.SetOpenIDProvider(c.UserContext(), tenantOf(c), actorOf(c), in); err != nil {
		status, errs, ok := fixable(c, err, "issuer")
		if !ok || status == fiber.StatusForbidden {
			return err
		}
		cur, _ := s.deps.Accounts.OpenIDProvider(c.UserContext(), tenantOf(c), actorOf(c))
		return s.render(c.Status(status), "admin_openid", page{Title: "Sign-in with your accounts", Noindex: true,
			Form: formValues(c, "issuer", "client_id", "label", "exclusive"), Errors: errs, Data: openIDAdminData{Settings: cur, Redirect: openIDRedirect(c)}})
	}
	if in.Issuer == "" {
		setFlash(c, "Readers sign in with a password again.")
	} else {
		setFlash(c, "Saved. Readers now see \"Sign in with "+in.Label+"\".")
	}
	return c.Redirect("/admin/sign-in", fiber.StatusSeeOther)
}

package web

import (
	"path"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/board"
)

// settingsValues turns a configuration into form values.
func settingsValues(in appboard.SettingsInput) map[string]string {
	check := func(b bool) string {
		if b {
			return "on"
		}
		return ""
	}
	return map[string]string{
		"name": in.Name, "custom_domain": in.CustomDomain, "primary_color": in.PrimaryColor,
		"review_jobs": check(in.ReviewJobs), "review_profiles": check(in.ReviewProfiles), "review_edits": check(in.ReviewEdits),
		"posting_duration_days": strconv.Itoa(in.PostingDurationDays), "featured_slots": strconv.Itoa(in.FeaturedSlots), "language": in.Language,
		"categories": strings.Join(in.Categories, "\n"), "sectors": strings.Join(in.Sectors, "\n"),
		"blocked_words": strings.Join(in.BlockedWords, "\n"), "blocked_domains": strings.Join(in.BlockedDomains, "\n"),
		"staff_two_factor": check(in.StaffTwoFactor),
	}
}

// settingsData is what the settings form offers.
var settingsData = struct{ Languages []string }{board.SearchLanguages}

var settingsFields = []string{"name", "custom_domain", "primary_color", "review_jobs", "review_profiles", "review_edits",
	"posting_duration_days", "featured_slots", "language", "categories", "sectors", "blocked_words", "blocked_domains", "staff_two_factor"}

// adminSettings is GET /admin/settings (owners).
func (s *Server) adminSettings(c *fiber.Ctx) error {
	b, err := s.deps.Boards.Settings(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	return s.render(c, "admin_settings", page{Title: "Board settings", Noindex: true, Form: settingsValues(appboard.SettingsOf(b)), Data: settingsData})
}

// lines splits a textarea into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// saveSettings is POST /admin/settings.
func (s *Server) saveSettings(c *fiber.Ctx) error {
	errs := map[string]string{}
	num := func(field string) int {
		n, err := strconv.Atoi(strings.TrimSpace(c.FormValue(field)))
		if err != nil {
			errs[field] = "enter a whole number"
		}
		return n
	}
	in := appboard.SettingsInput{Name: c.FormValue("name"), CustomDomain: c.FormValue("custom_domain"), PrimaryColor: strings.TrimSpace(c.FormValue("primary_color")),
		ReviewJobs: c.FormValue("review_jobs") != "", ReviewProfiles: c.FormValue("review_profiles") != "", ReviewEdits: c.FormValue("review_edits") != "",
		PostingDurationDays: num("posting_duration_days"), FeaturedSlots: num("featured_slots"), Language: c.FormValue("language"),
		Categories: lines(c.FormValue("categories")), Sectors: lines(c.FormValue("sectors")),
		BlockedWords: lines(c.FormValue("blocked_words")), BlockedDomains: lines(c.FormValue("blocked_domains")),
		StaffTwoFactor: c.FormValue("staff_two_factor") != ""}
	p := page{Title: "Board settings", Noindex: true, Data: settingsData}
	// A number that does not parse is 0, which the board refuses too, so
	// every wrong field is reported at once; the parse message wins.
	_, err := s.deps.Boards.UpdateSettings(c.UserContext(), tenantOf(c), actorOf(c), in)
	if fields := fieldErrors(err); fields != nil && len(errs) > 0 {
		for k, v := range errs {
			fields[k] = v
		}
		err = invalidFields(fields)
	}
	if err != nil {
		return s.formFailure(c, "admin_settings", p, err, settingsFields...)
	}
	setFlash(c, "The settings are saved.")
	return c.Redirect("/admin/settings", fiber.StatusSeeOther)
}

// staffInviteURL builds staff invitation links on the board's host.
func staffInviteURL(c *fiber.Ctx) func(string) string {
	base := baseURL(c)
	return func(token string) string { return base + "/staff-invitations/" + token }
}

// adminStaff is GET /admin/staff (owners).
func (s *Server) adminStaff(c *fiber.Ctx) error {
	return s.renderStaff(c, fiber.StatusOK, nil, nil, "", "")
}

func (s *Server) renderStaff(c *fiber.Ctx, status int, form, errs map[string]string, link, flash string) error {
	staff, err := s.deps.Boards.Staff(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	return s.render(c.Status(status), "admin_staff", page{Title: "Staff", Noindex: true, Form: form, Errors: errs, Flash: flash,
		Data: fiber.Map{"Staff": staff, "Me": principalOf(c).ID, "Link": link, "Roles": []string{string(account.RoleModerator), string(account.RoleOwner)},
			"RoleOptions": labelled([]string{string(account.RoleModerator), string(account.RoleOwner)}, nil)}})
}

// inviteStaff is POST /admin/staff/invitations.
func (s *Server) inviteStaff(c *fiber.Ctx) error {
	var in appboard.StaffInviteInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	link, err := s.deps.Boards.InviteStaff(c.UserContext(), tenantOf(c), actorOf(c), in, staffInviteURL(c))
	if errs := fieldErrors(err); errs != nil {
		return s.renderStaff(c, fiber.StatusBadRequest, formValues(c, "email", "role"), errs, "", "")
	}
	if err != nil {
		return err
	}
	return s.renderStaff(c, fiber.StatusOK, nil, nil, link, "Invitation sent to "+in.Email+".")
}

// removeStaff is POST /admin/staff/:user_id/:role/remove.
func (s *Server) removeStaff(c *fiber.Ctx) error {
	if err := s.deps.Boards.RemoveStaff(c.UserContext(), tenantOf(c), actorOf(c), c.Params("user_id"), c.Params("role")); err != nil {
		return err
	}
	setFlash(c, "The role is removed.")
	return c.Redirect("/admin/staff", fiber.StatusSeeOther)
}

// staffInvitationPage is GET /staff-invitations/:token.
func (s *Server) staffInvitationPage(c *fiber.Ctx) error {
	return s.render(c, "staff_invitation", page{Title: "Join the staff of " + boardOf(c).Name(), Noindex: true, Next: requestPath(c),
		Data: fiber.Map{"Token": c.Params("token")}})
}

// acceptStaffInvitation is POST /staff-invitations/:token/accept.
func (s *Server) acceptStaffInvitation(c *fiber.Ctx) error {
	role, err := s.deps.Boards.AcceptStaffInvitation(c.UserContext(), tenantOf(c), actorOf(c), c.Params("token"))
	if err != nil {
		return err
	}
	setFlash(c, "You are now a "+role+" of "+boardOf(c).Name()+".")
	return c.Redirect("/admin/moderation", fiber.StatusSeeOther)
}

// uploadBoardLogo is POST /admin/settings/logo (owners).
func (s *Server) uploadBoardLogo(c *fiber.Ctx) error {
	data, err := uploadedFile(c, "logo", logoLimit)
	if err == nil {
		_, err = s.deps.Boards.SetLogo(c.UserContext(), tenantOf(c), actorOf(c), data)
	}
	if msg := fieldMessage(err, "logo"); msg != "" {
		b, serr := s.deps.Boards.Settings(c.UserContext(), tenantOf(c), actorOf(c))
		if serr != nil {
			return serr
		}
		status, _, _ := classify(err)
		return s.render(c.Status(status), "admin_settings", page{Title: "Board settings", Noindex: true,
			Form: settingsValues(appboard.SettingsOf(b)), Errors: map[string]string{"logo": msg}, Data: settingsData})
	}
	if err != nil {
		return err
	}
	setFlash(c, "The logo is updated.")
	return c.Redirect("/admin/settings", fiber.StatusSeeOther)
}

// removeBoardLogo is POST /admin/settings/logo/remove (owners).
func (s *Server) removeBoardLogo(c *fiber.Ctx) error {
	if _, err := s.deps.Boards.RemoveLogo(c.UserContext(), tenantOf(c), actorOf(c)); err != nil {
		return err
	}
	setFlash(c, "The logo is removed.")
	return c.Redirect("/admin/settings", fiber.StatusSeeOther)
}

// boardLogo is GET /media/board/:key/logo.png. The key in the path changes
// with every upload, so the image may be cached for long.
func (s *Server) boardLogo(c *fiber.Ctx) error {
	if c.Params("key") != boardLogoVersion(boardOf(c)) {
		return fiber.ErrNotFound
	}
	data, err := s.deps.Boards.Logo(c.UserContext(), boardOf(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(data)
}

// boardLogoVersion names the board's current logo file in its URL; empty
// when it has none.
func boardLogoVersion(b *board.Board) string {
	key := b.Settings().LogoKey
	if key == "" {
		return ""
	}
	return strings.TrimSuffix(path.Base(key), ".png")
}

// boardLogoURL returns the address of a board's logo, or "" without one.
func boardLogoURL(b *board.Board) string {
	if b == nil || b.Settings().LogoKey == "" {
		return ""
	}
	return "/media/board/" + boardLogoVersion(b) + "/logo.png"
}

// adminHome is GET /admin: staff land on the first page their permissions
// open (the queue for owners and moderators); everyone else is refused.
func (s *Server) adminHome(c *fiber.Ctx) error {
	v := s.userView(c)
	for _, tab := range []struct {
		open bool
		path string
	}{{v.CanQueue, "/admin/moderation"}, {v.CanMoney, "/admin/billing"}, {v.CanStaff, "/admin/staff"}, {v.CanSettings, "/admin/settings"}, {v.CanAudit, "/admin/audit"}} {
		if tab.open {
			return c.Redirect(tab.path, fiber.StatusSeeOther)
		}
	}
	return domain.ErrForbidden
}

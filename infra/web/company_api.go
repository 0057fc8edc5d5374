package web

import (
	"errors"
	"io"
	"strconv"

	"github.com/gofiber/fiber/v2"
	appcompany "github.com/jobboard/jobboard/app/company"
	"github.com/jobboard/jobboard/domain"
	"github.com/valyala/fasthttp"
)

// listJSON is the contract's list shape.
type listJSON[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// apiCompanies is the public directory.
func (s *Server) apiCompanies(c *fiber.Ctx) error {
	var in appcompany.DirectoryInput
	if err := c.QueryParser(&in); err != nil {
		return domain.Invalid("limit", "must be a whole number from 1 to 100")
	}
	page, err := s.deps.Companies.Browse(c.UserContext(), tenantOf(c), in)
	if err != nil {
		return err
	}
	out := listJSON[companyJSON]{Items: make([]companyJSON, len(page.Items)), NextCursor: page.NextCursor}
	for i, item := range page.Items {
		out.Items[i] = toCompanyJSON(c, item, false)
	}
	return c.JSON(out)
}

// apiRegisterCompany adds the caller's company to the directory as a draft.
func (s *Server) apiRegisterCompany(c *fiber.Ctx) error {
	var in appcompany.ProfileInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	co, err := s.deps.Companies.Register(c.UserContext(), tenantOf(c), actorOf(c), in)
	if err != nil {
		return err
	}
	c.Location("/api/v1/companies/" + co.ID())
	return c.Status(fiber.StatusCreated).JSON(toCompanyJSON(c, co.Snapshot(), true))
}

// apiCompany returns a company: any published one, or one the signed-in
// user is on the team of.
func (s *Server) apiCompany(c *fiber.Ctx) error {
	id := c.Params("id")
	if p := principalOf(c); p != nil && p.Kind == "user" {
		co, _, err := s.deps.Companies.Manage(c.UserContext(), tenantOf(c), actorOf(c), id)
		if err == nil {
			return c.JSON(toCompanyJSON(c, co.Snapshot(), true))
		}
		if k := domain.KindOf(err); k != domain.KindNotFound && k != domain.KindForbidden {
			return err
		}
	}
	co, err := s.deps.Companies.PublicByID(c.UserContext(), tenantOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(toCompanyJSON(c, co.Snapshot(), false))
}

// apiMyCompanies lists the companies the caller is on the team of.
func (s *Server) apiMyCompanies(c *fiber.Ctx) error {
	mine, err := s.deps.Companies.Mine(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	type item struct {
		companyJSON
		Role string `json:"role"`
	}
	out := listJSON[item]{Items: make([]item, len(mine))}
	for i, m := range mine {
		out.Items[i] = item{companyJSON: toCompanyJSON(c, m.Company, true), Role: string(m.Role)}
	}
	return c.JSON(out)
}

// apiUpdateCompany changes the profile fields the body sends; the company
// service merges them into the current profile inside its transaction;
// company owners only. The body is decoded here first only so that a
// malformed body or a value of the wrong type is refused naming the field.
func (s *Server) apiUpdateCompany(c *fiber.Ctx) error {
	var probe appcompany.ProfileInput
	if err := decodeJSON(c, &probe); err != nil {
		return err
	}
	co, err := s.deps.Companies.PatchProfile(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), c.Body())
	if err != nil {
		return err
	}
	return c.JSON(toCompanyJSON(c, co.Snapshot(), true))
}

// apiSubmitCompany sends the profile for review (or publishes it).
func (s *Server) apiSubmitCompany(c *fiber.Ctx) error {
	co, err := s.deps.Companies.Submit(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(toCompanyJSON(c, co.Snapshot(), true))
}

// apiCompanyLogo stores an uploaded logo (multipart field "logo").
func (s *Server) apiCompanyLogo(c *fiber.Ctx) error {
	data, err := uploadedFile(c, "logo", logoLimit)
	if err != nil {
		return err
	}
	co, err := s.deps.Companies.SetLogo(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), data)
	if err != nil {
		return err
	}
	return c.JSON(toCompanyJSON(c, co.Snapshot(), true))
}

// logoLimit is the largest logo accepted, before re-encoding.
const logoLimit = 2 << 20

var errNotMultipart = &domain.Error{Kind: domain.KindUnsupported, Code: "unsupported_media_type", Message: "send the file as multipart/form-data"}

// uploadedFile reads one multipart file field of at most limit bytes.
func uploadedFile(c *fiber.Ctx, field string, limit int64) ([]byte, error) {
	if !c.Is("multipart") && !isMultipart(c) {
		return nil, errNotMultipart
	}
	// The server does not pre-parse multipart bodies, so a truncated or
	// otherwise broken one surfaces here and is refused naming the field.
	form, err := c.MultipartForm()
	if errors.Is(err, fasthttp.ErrNoMultipartForm) {
		return nil, errNotMultipart
	}
	if err != nil {
		return nil, &domain.Error{Kind: domain.KindInvalid, Code: "malformed_multipart", Message: "the upload could not be read; send the file again",
			Fields: map[string]string{field: "the upload was incomplete or malformed; send the file again"}}
	}
	files := form.File[field]
	if len(files) == 0 {
		return nil, domain.Invalid(field, "choose a file to upload")
	}
	fh := files[0]
	if fh.Size > limit {
		return nil, &domain.Error{Kind: domain.KindTooLarge, Code: "file_too_large", Message: "the file is too large",
			Fields: map[string]string{field: "the file is larger than " + humanBytes(limit)}}
	}
	f, err := fh.Open()
	if err != nil {
		return nil, domain.Invalid(field, "the file could not be read")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, domain.Invalid(field, "the file could not be read")
	}
	if int64(len(data)) > limit {
		return nil, &domain.Error{Kind: domain.KindTooLarge, Code: "file_too_large", Message: "the file is too large",
			Fields: map[string]string{field: "the file is larger than " + humanBytes(limit)}}
	}
	return data, nil
}

func isMultipart(c *fiber.Ctx) bool {
	ct := c.Get(fiber.HeaderContentType)
	return len(ct) >= 19 && ct[:19] == fiber.MIMEMultipartForm
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.Itoa(int(n>>20)) + " MB"
	case n >= 1<<10:
		return strconv.Itoa(int(n>>10)) + " KB"
	}
	return strconv.Itoa(int(n)) + " bytes"
}

// apiTeam lists members and open invitations.
func (s *Server) apiTeam(c *fiber.Ctx) error {
	team, err := s.deps.Companies.Team(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	type member struct {
		UserID string `json:"user_id"`
		Name   string `json:"name"`
		Email  string `json:"email"`
		Role   string `json:"role"`
	}
	type invitation struct {
		ID        string `json:"id"`
		Email     string `json:"email"`
		Role      string `json:"role"`
		ExpiresAt string `json:"expires_at"`
	}
	members := make([]member, len(team.Members))
	for i, m := range team.Members {
		members[i] = member{UserID: m.UserID, Name: m.Name, Email: m.Email.String(), Role: string(m.Role)}
	}
	invs := make([]invitation, len(team.Invitations))
	for i, inv := range team.Invitations {
		invs[i] = invitation{ID: inv.ID, Email: inv.Email.String(), Role: string(inv.Role), ExpiresAt: inv.ExpiresAt.Format("2006-01-02T15:04:05Z07:00")}
	}
	return c.JSON(fiber.Map{"items": members, "invitations": invs, "next_cursor": ""})
}

// apiInvite invites someone to the team and returns the one-time link.
func (s *Server) apiInvite(c *fiber.Ctx) error {
	var in appcompany.InviteInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	inv, err := s.deps.Companies.Invite(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), in, s.acceptURL(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{
		"id": inv.Invitation.ID, "email": inv.Invitation.Email.String(), "role": string(inv.Invitation.Role),
		"expires_at": inv.Invitation.ExpiresAt, "accept_url": s.acceptURL(c)(inv.Token), "mailed": inv.Mailed,
	})
}

// acceptURL builds invitation links on the board's own host.
func (s *Server) acceptURL(c *fiber.Ctx) func(string) string {
	base := baseURL(c)
	return func(token string) string { return base + "/invitations/" + token }
}

// apiAcceptInvitation joins the team the invitation is for.
func (s *Server) apiAcceptInvitation(c *fiber.Ctx) error {
	co, err := s.deps.Companies.AcceptInvitation(c.UserContext(), tenantOf(c), actorOf(c), c.Params("token"))
	if err != nil {
		return err
	}
	return c.JSON(toCompanyJSON(c, co.Snapshot(), true))
}

// apiChangeMemberRole sets a member's team role.
func (s *Server) apiChangeMemberRole(c *fiber.Ctx) error {
	var in appcompany.ChangeRoleInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Companies.ChangeRole(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), c.Params("user_id"), in); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiRemoveMember removes a member (or the caller leaves).
func (s *Server) apiRemoveMember(c *fiber.Ctx) error {
	if err := s.deps.Companies.RemoveMember(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), c.Params("user_id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

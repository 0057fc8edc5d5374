package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"unicode"

	"github.com/gofiber/fiber/v2"
	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain/board"
	"time"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// views holds one parsed template set per page, each with the layout.
type views struct {
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	"field":         func(m map[string]string, k string) string { return m[k] },
	"lower":         strings.ToLower,
	"boardLogo":     boardLogoURL,
	"reportReasons": reasonOptions,
	"dict":          dict,
	"title":         titleCase,
	"label":         label,
	"sentence": func(s string) string {
		if s == "" {
			return s
		}
		r := []rune(s)
		r[0] = unicode.ToUpper(r[0])
		if last := r[len(r)-1]; last != '.' && last != '?' && last != '!' {
			r = append(r, '.')
		}
		return string(r)
	},
	"initial":   initial,
	"jobCard":   jobCard,
	"facetList": facetList,
}

// titleCase upper-cases the first letter, for labels such as "Linkedin".
func titleCase(s string) string {
	if s == "" {
		return s
	}
	switch s {
	case "x":
		return "X"
	case "linkedin":
		return "LinkedIn"
	case "youtube":
		return "YouTube"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// dict builds a map from alternating keys and values, for passing several
// values to a partial template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

func loadViews() (*views, error) {
	names, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, n := range names {
		t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		v.pages[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return v, nil
}

// page is what every template receives.
type page struct {
	Title       string
	Description string
	Noindex     bool
	Board       *board.Board
	User        *userView
	CSRF        string
	RequestID   string
	Flash       string
	// Form holds submitted values to re-fill a form; Errors the message per
	// field.
	Form   map[string]string
	Errors map[string]string
	Data   any
	// Next is a safe local path to return to after signing in.
	Next string
}

type userView struct {
	Name  string
	Admin bool
	// BoardOwner shows the link to the board's own administration.
	BoardOwner bool
	// Staff (owners, moderators, holders of custom roles) see the link to
	// the board's administration, with the tabs their permissions open.
	Staff       bool
	CanQueue    bool
	CanSettings bool
	CanStaff    bool
	CanMoney    bool
	CanAudit    bool
}

// render executes a page template with the layout and sends it as HTML.
func (s *Server) render(c *fiber.Ctx, name string, p page) error {
	t, ok := s.views.pages[name]
	if !ok {
		return fmt.Errorf("web: no template %q", name)
	}
	p.Board = boardOf(c)
	p.CSRF = s.pageToken(c)
	p.RequestID, _ = c.Locals(localRequestID).(string)
	if p.User == nil {
		p.User = s.userView(c)
	}
	if p.Flash == "" {
		p.Flash = takeFlash(c)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// userView returns the header's view of the signed-in person.
func (s *Server) userView(c *fiber.Ctx) *userView {
	p := principalOf(c)
	if p == nil {
		return nil
	}
	name, _ := c.Locals(localName).(string)
	v := &userView{Name: name, Admin: p.Kind == "admin"}
	if b := boardOf(c); b != nil && s.deps.Authz != nil && !v.Admin {
		can := func(object, action string) bool {
			ok, _ := s.deps.Authz.Can(c.UserContext(), b.ID(), p.Actor().Subject(), object, action)
			return ok
		}
		v.BoardOwner = can(app.ObjBoard, app.ActManage)
		v.CanSettings = v.BoardOwner
		v.CanQueue = can(app.ObjModeration, app.ActRead)
		v.CanStaff = can(app.ObjStaff, app.ActRead)
		v.CanMoney = can(app.ObjRevenue, app.ActRead) || can(app.ObjPrices, app.ActManage)
		v.CanAudit = can(app.ObjAudit, app.ActRead)
		v.Staff = v.CanSettings || v.CanQueue || v.CanStaff || v.CanMoney || v.CanAudit
	}
	return v
}

const (
	localName   = "principal_name"
	flashCookie = "jb_flash"
)

// setFlash leaves a one-time message for the next page.
func setFlash(c *fiber.Ctx, msg string) {
	c.Cookie(flashCookieOf(c, url.QueryEscape(msg), 60))
}

// flashCookieOf is the flash cookie with value, for maxAge seconds (a
// negative one clears it). It always has Path=/ (a cookie cleared with
// another path stays, and the message shows twice on nested pages) and is
// Secure over https.
func flashCookieOf(c *fiber.Ctx, value string, maxAge int) *fiber.Cookie {
	ck := &fiber.Cookie{Name: flashCookie, Value: value, Path: "/", HTTPOnly: true, Secure: c.Locals(localScheme) == "https",
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: maxAge}
	if maxAge < 0 {
		ck.Expires = time.Unix(1, 0)
	}
	return ck
}

func takeFlash(c *fiber.Ctx) string {
	raw := c.Cookies(flashCookie)
	if raw == "" {
		return ""
	}
	c.Cookie(flashCookieOf(c, "", -1))
	msg, err := url.QueryUnescape(raw)
	if err != nil {
		return ""
	}
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}

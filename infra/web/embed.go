package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
)

// embedViews are the standalone documents publishers frame; they have no
// site layout (no navigation, no account links, no forms).
var embedViews = template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/embed/*.html"))

// maxWidgetJobs bounds the widget's optional ?limit.
const maxWidgetJobs = 10

// widgetJob is one row of the widget.
type widgetJob struct {
	Title, Company, Meta string
	ClickURL, LogoURL    string
}

type widgetData struct {
	Board, Base, AllURL string
	Jobs                []widgetJob
}

// widgetLimit reads ?limit; absent means every slot.
func widgetLimit(c *fiber.Ctx) (int, error) {
	raw := c.Query("limit")
	if raw == "" {
		return maxWidgetJobs, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > maxWidgetJobs {
		return 0, domain.Invalid("limit", "use a whole number from 1 to 10")
	}
	return n, nil
}

// widgetMeta is the line under a job's company: where, and how remote.
func widgetMeta(l appjob.Listing) string {
	p := l.Job.Posting
	var parts []string
	if len(p.Locations) > 0 {
		loc := p.Locations[0]
		if n := len(p.Locations) - 1; n > 0 {
			loc += " +" + strconv.Itoa(n)
		}
		parts = append(parts, loc)
	}
	switch p.Workplace {
	case "remote":
		parts = append(parts, "Remote")
	case "hybrid":
		parts = append(parts, "Hybrid")
	}
	return strings.Join(parts, " · ")
}

// allowFraming lets any site frame this response: the widget is made to be
// embedded. Only the frame-ancestors directive changes; the rest of the
// policy set by securityHeaders stays.
func allowFraming(c *fiber.Ctx) {
	h := &c.Response().Header
	h.Set("Content-Security-Policy", withFrameAncestors(string(h.Peek("Content-Security-Policy")), "*"))
	h.Del("X-Frame-Options")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
}

// withFrameAncestors replaces the frame-ancestors directive of a policy.
func withFrameAncestors(policy, sources string) string {
	var out []string
	for _, d := range strings.Split(policy, ";") {
		d = strings.TrimSpace(d)
		name, _, _ := strings.Cut(d, " ")
		if d == "" || strings.EqualFold(name, "frame-ancestors") {
			continue
		}
		out = append(out, d)
	}
	return strings.Join(append(out, "frame-ancestors "+sources), "; ")
}

// embedFeatured is GET /embed/featured-jobs: the board's featured jobs as
// a small standalone page for publishers to frame, in the board's colours.
// Each job shown counts one widget impression; the rotation of
// FeaturedSlots gives every featured job its turn.
func (s *Server) embedFeatured(c *fiber.Ctx) error {
	limit, err := widgetLimit(c)
	if err != nil {
		return err
	}
	b, tenant := boardOf(c), tenantOf(c)
	items, err := s.deps.Jobs.FeaturedSlots(c.UserContext(), tenant, b.Settings().FeaturedSlots)
	if err != nil {
		return err
	}
	if len(items) > limit {
		items = items[:limit]
	}
	base := baseURL(c)
	data := widgetData{Board: b.Name(), Base: base, AllURL: base + "/jobs", Jobs: make([]widgetJob, len(items))}
	for i, l := range items {
		w := widgetJob{Title: l.Job.Posting.Title, Company: l.CompanyName, Meta: widgetMeta(l), ClickURL: base + "/embed/click/" + l.Job.ID}
		if l.CompanyLogoKey != "" {
			w.LogoURL = base + "/media/companies/" + l.Job.CompanyID + "/logo.png?v=" + shortHash(l.CompanyLogoKey)
		}
		data.Jobs[i] = w
	}
	var buf bytes.Buffer
	if err := embedViews.ExecuteTemplate(&buf, "featured.html", data); err != nil {
		return fmt.Errorf("web: render widget: %w", err)
	}
	if c.Method() == fiber.MethodGet {
		for _, l := range items {
			s.count(c, tenant, l.Job.ID, appjob.CountWidgetImpression)
		}
	}
	allowFraming(c)
	// Every view counts and rotates, so nothing may be cached; nor does
	// the page need the CSRF cookie, having no forms.
	c.Response().Header.DelCookie(csrfCookie)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	return c.Send(buf.Bytes())
}

// embedScriptSource inserts the widget's iframe after the script tag that
// loads it; data-limit on the tag is passed on. The iframe URL replaces
// __SRC__ as a JSON string.
const embedScriptSource = `(function () {
  "use strict";
  var src = __SRC__;
  var script = document.currentScript;
  if (!script) {
    var all = document.querySelectorAll('script[src$="/embed/featured-jobs.js"]');
    script = all[all.length - 1];
  }
  var limit = script && script.getAttribute("data-limit");
  if (limit && /^(10|[1-9])$/.test(limit)) {
    src += "?limit=" + limit;
  }
  var frame = document.createElement("iframe");
  frame.setAttribute("src", src);
  frame.setAttribute("title", "Featured jobs");
  frame.setAttribute("loading", "lazy");
  frame.setAttribute("width", "100%");
  frame.setAttribute("height", "420");
  frame.setAttribute("frameborder", "0");
  frame.style.border = "0";
  frame.style.width = "100%";
  if (script && script.parentNode) {
    script.parentNode.insertBefore(frame, script.nextSibling);
  } else {
    (document.body || document.documentElement).appendChild(frame);
  }
})();
`

// embedScript is GET /embed/featured-jobs.js, the one-line embed:
// <script src="https://board/embed/featured-jobs.js" async></script>.
func (s *Server) embedScript(c *fiber.Ctx) error {
	// json.Marshal makes a JavaScript string literal and escapes <, > and
	// &, so the host cannot end the script or the string.
	src, err := json.Marshal(baseURL(c) + "/embed/featured-jobs")
	if err != nil {
		return fmt.Errorf("web: widget script: %w", err)
	}
	sendPublic(c, "application/javascript; charset=utf-8", scriptMaxAge)
	// Any page may load it, also with crossorigin="anonymous" (for
	// subresource integrity) or under a cross-origin embedder policy; it
	// carries nothing private and needs no cookies.
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	c.Set("Cross-Origin-Resource-Policy", "cross-origin")
	return c.SendString(strings.Replace(embedScriptSource, "__SRC__", string(src), 1))
}

// embedClick is GET /embed/click/:id: it counts a widget click on an open
// job of this board and sends the reader to the job's page. The target is
// always the job's own address, never anything from the request.
func (s *Server) embedClick(c *fiber.Ctx) error {
	l, err := s.deps.Jobs.PublicJob(c.UserContext(), tenantOf(c), c.Params("id"))
	if err != nil {
		if errors.Is(err, appjob.ErrJobGone) {
			return domain.NotFound("job")
		}
		return err
	}
	if c.Method() == fiber.MethodGet {
		s.deps.Jobs.Count(tenantOf(c), l.Job.ID, appjob.CountWidgetClick)
	}
	c.Response().Header.DelCookie(csrfCookie)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	return c.Redirect(baseURL(c)+jobPath(l.Job), fiber.StatusFound)
}

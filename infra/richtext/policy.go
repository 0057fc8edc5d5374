package richtext

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// linkRel is the rel value every user link carries: search engines must not
// credit user content, and the opened page must not reach back to ours.
const linkRel = "nofollow noopener ugc"

// newPolicy starts from bluemonday's user-generated-content policy, which
// already refuses scripts, iframes, forms, style attributes and event
// handlers, and narrows it further.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	// Only absolute http, https and mailto URLs: a relative link in a job ad
	// would resolve against whichever board or embed shows it.
	p.AllowRelativeURLs(false)
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + linkRel + `$`)).OnElements("a")
	// Fenced code blocks name their language for highlighting.
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[A-Za-z0-9_+#.-]{1,32}$`)).OnElements("code")
	return p
}

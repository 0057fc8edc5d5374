package richtext_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/jobboard/jobboard/infra/richtext"
)

// forbiddenTags must never appear in any output, whatever the input; user
// text that spells them is escaped, so a plain substring check is exact.
var forbiddenTags = []string{"<script", "<iframe", "<object", "<embed", "<style", "<input", "<form", "<svg", "<math"}

// forbiddenMarkup must never appear in the markup (tags and attributes). Text
// is left out of this check because an ad may rightly say "JavaScript: 5
// years"; escaped text cannot run.
var forbiddenMarkup = []string{"javascript:", "vbscript:", "data:", "onerror", "onload", "onclick", "style="}

// textBetweenTags matches the text nodes of sanitised HTML, in which every
// '<' and '>' outside markup is escaped.
var textBetweenTags = regexp.MustCompile(`>[^<]*<`)

func TestRender(t *testing.T) {
	t.Parallel()
	md := richtext.New()
	tests := []struct {
		name    string
		in      string
		want    []string // substrings the output must contain
		wantNot []string // extra substrings (case-insensitive) it must not contain
	}{
		{name: "script tag", in: "<script>alert(1)</script>", wantNot: []string{"alert(1)</script"}},
		{name: "inline script", in: "Hello <script>alert(1)</script> world", want: []string{"Hello", "world"}},
		{name: "javascript link", in: "[x](javascript:alert(1))", want: []string{"<p>x</p>"}},
		{name: "mixed-case javascript link", in: "[x](JaVaScRiPt:alert(1))", want: []string{"x"}},
		{name: "entity-encoded javascript link", in: "[x](&#106;avascript:alert(1))", want: []string{"x"}},
		{name: "javascript link with spaces", in: "[x](<  javascript:alert(1)>)", want: []string{"x"}},
		{name: "img onerror", in: "<img src=x onerror=alert(1)>"},
		{name: "raw anchor with javascript", in: `<a href="javascript:alert(1)">click</a>`, want: []string{"click"}},
		{name: "raw iframe", in: `<iframe src="https://evil.example"></iframe>`},
		{name: "raw style attribute", in: `<p style="position:fixed">x</p>`},
		{name: "data link", in: "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", want: []string{"x"}},
		{name: "data image", in: "![x](data:image/png;base64,iVBORw0KGgo=)"},
		{name: "svg data image", in: "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)"},
		{name: "vbscript link", in: "[x](vbscript:msgbox)", want: []string{"x"}},
		{name: "reference link to javascript", in: "[x][1]\n\n[1]: javascript:alert(1)", want: []string{"x"}},
		{name: "autolink javascript", in: "<javascript:alert(1)>", wantNot: []string{"<a"}},
		{name: "refused link leaves its text", in: "[apply](javascript:alert(1)) now", want: []string{"<p>apply now</p>"}, wantNot: []string{"<a"}},
		{name: "text mentioning javascript", in: "Skills: JavaScript: 5 years", want: []string{"JavaScript: 5 years"}},
		{name: "escaped script text", in: "`<script>`", want: []string{"<code>&lt;script&gt;</code>"}},
		{name: "html block", in: "<div onclick=\"alert(1)\">\nhi\n</div>"},
		{
			name: "link",
			in:   "[Apply](https://example.com/jobs/1)",
			want: []string{`href="https://example.com/jobs/1"`, `rel="nofollow noopener ugc"`, `target="_blank"`, ">Apply</a>"},
		},
		{
			name: "bare URL is linked",
			in:   "See https://example.com/careers today",
			want: []string{`<a href="https://example.com/careers"`, `rel="nofollow noopener ugc"`},
		},
		{
			name: "angle autolink",
			in:   "<https://example.com>",
			want: []string{`<a href="https://example.com"`, `rel="nofollow noopener ugc"`},
		},
		{
			name: "mailto link",
			in:   "[Mail us](mailto:jobs@example.com)",
			want: []string{`href="mailto:jobs@example.com"`, ">Mail us</a>"},
		},
		{name: "relative link dropped", in: "[x](/admin)", want: []string{"x"}, wantNot: []string{`href="/admin"`}},
		{name: "https image", in: "![logo](https://example.com/logo.png)", want: []string{`<img src="https://example.com/logo.png"`, `alt="logo"`}},
		{name: "headings", in: "# Title\n\n## Sub", want: []string{"<h1>Title</h1>", "<h2>Sub</h2>"}},
		{name: "lists", in: "- one\n- two\n\n1. first\n2. second", want: []string{"<ul>", "<li>one</li>", "<ol>", "<li>second</li>"}},
		{name: "emphasis", in: "*em* **strong** ~~gone~~", want: []string{"<em>em</em>", "<strong>strong</strong>", "<del>gone</del>"}},
		{name: "code", in: "`x := 1`\n\n```go\nfmt.Println(\"<b>\")\n```", want: []string{"<code>x := 1</code>", `<code class="language-go">`, "&lt;b&gt;"}},
		{name: "blockquote", in: "> quoted", want: []string{"<blockquote>", "quoted"}},
		{name: "table", in: "| a | b |\n|:--|--:|\n| 1 | 2 |", want: []string{"<table>", "<th align=\"left\">a</th>", "<td align=\"right\">2</td>"}},
		{name: "raw html is dropped", in: "<b>bold</b>", want: []string{"bold"}, wantNot: []string{"<b>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := md.Render(tt.in)
			lower := strings.ToLower(got)
			for _, bad := range append(forbiddenTags, tt.wantNot...) {
				if strings.Contains(lower, strings.ToLower(bad)) {
					t.Errorf("output contains %q:\n%s", bad, got)
				}
			}
			markup := textBetweenTags.ReplaceAllString(lower, "><")
			for _, bad := range forbiddenMarkup {
				if strings.Contains(markup, bad) {
					t.Errorf("markup contains %q:\n%s", bad, got)
				}
			}
			for _, good := range tt.want {
				if !strings.Contains(got, good) {
					t.Errorf("output lacks %q:\n%s", good, got)
				}
			}
		})
	}
}

func TestRenderEmpty(t *testing.T) {
	t.Parallel()
	if got := richtext.New().Render(""); got != "" {
		t.Fatalf("Render(\"\") = %q, want empty", got)
	}
}

// Package richtext turns the Markdown that employers write (company profiles,
// job descriptions) into HTML that is safe to show to anyone.
package richtext

import (
	"bytes"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"

	"github.com/jobboard/jobboard/app"
)

var _ app.RichText = (*Markdown)(nil)

// Markdown renders GitHub-flavoured Markdown (tables, strikethrough, bare
// links) and sanitises the result. It is safe for concurrent use.
type Markdown struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a Markdown renderer. Raw HTML in the input is escaped, never
// passed through, and the output is sanitised again as a second line of
// defence, so a bug in one layer does not open a hole.
func New() *Markdown {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.Linkify,
		),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(linkAttributes{}, 500)),
		),
	)
	return &Markdown{md: md, policy: newPolicy()}
}

// Render returns the sanitised HTML for markdown. Input that cannot be
// rendered yields an empty string rather than unsanitised text.
func (m *Markdown) Render(markdown string) string {
	var buf bytes.Buffer
	buf.Grow(len(markdown) + len(markdown)/4)
	if err := m.md.Convert([]byte(markdown), &buf); err != nil {
		return ""
	}
	return m.policy.SanitizeReader(&buf).String()
}

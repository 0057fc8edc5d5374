package richtext

import (
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// linkAttributes marks every link in the document with linkRel and turns
// links to anything but an absolute http, https or mailto URL into plain
// text, so that a refused link does not leave an empty anchor behind. The
// sanitiser enforces the same rule again on the HTML.
type linkAttributes struct{}

// Transform implements parser.ASTTransformer.
func (linkAttributes) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var links []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n.(type) {
			case *ast.Link, *ast.AutoLink:
				links = append(links, n)
			}
		}
		return ast.WalkContinue, nil
	})
	// The tree changes only after the walk, which must not see it move.
	for _, n := range links {
		switch l := n.(type) {
		case *ast.Link:
			if allowedURL(string(l.Destination)) {
				l.SetAttributeString("rel", []byte(linkRel))
			} else {
				unwrap(l)
			}
		case *ast.AutoLink:
			if l.AutoLinkType == ast.AutoLinkEmail || allowedURL(string(l.URL(source))) {
				l.SetAttributeString("rel", []byte(linkRel))
			} else {
				l.Parent().ReplaceChild(l.Parent(), l, ast.NewString(l.Label(source)))
			}
		}
	}
}

// allowedURL reports whether raw is an absolute http or https URL with a
// host, or a mailto URL.
func allowedURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}

// unwrap replaces n by its children.
func unwrap(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

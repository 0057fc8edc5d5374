package system_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/jobboard/jobboard/"

// appLibraries are the plain libraries use cases may use: validation of
// input and slugs. No framework, driver or gateway.
var appLibraries = []string{"github.com/go-playground/validator/v10", "github.com/gosimple/slug"}

// TestLayersImportInwardOnly guards the layering: domain code imports only
// the standard library and other domain packages; use cases in app import
// domain, app and a few plain libraries, no infrastructure and no
// framework. Tests are exempt: a use-case test runs against the real store.
func TestLayersImportInwardOnly(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	rules := map[string]func(path string) bool{
		"domain": func(p string) bool { return !strings.Contains(p, ".") || strings.HasPrefix(p, module+"domain") },
		"app": func(p string) bool {
			return !strings.Contains(p, ".") || strings.HasPrefix(p, module+"domain") || strings.HasPrefix(p, module+"app") || slices.Contains(appLibraries, p)
		},
	}
	checked := 0
	for layer, allowed := range rules {
		err := filepath.WalkDir(filepath.Join(root, layer), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			checked++
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if !allowed(p) {
					t.Errorf("%s imports %s: the %s layer may not", path, p, layer)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 50 {
		t.Fatalf("checked only %d files: is the walk rooted at the module?", checked)
	}
}

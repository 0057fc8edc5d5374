package system_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
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

// within reports whether p is the module's package dir or one below it.
func within(p, dir string) bool { return p == module+dir || strings.HasPrefix(p, module+dir+"/") }

// standard reports whether p is a standard library package that use
// cases and rules may use: not the database, HTTP or process plumbing.
func standard(p string) bool {
	if strings.Contains(p, ".") {
		return false
	}
	for _, infra := range []string{"database/sql", "net/http", "os/exec", "syscall"} {
		if p == infra || strings.HasPrefix(p, infra+"/") {
			return false
		}
	}
	return true
}

// TestLayersImportInwardOnly guards the layering: domain code imports only
// the standard library and other domain packages; use cases in app import
// domain, app and a few plain libraries, no infrastructure and no
// framework. Tests are exempt: a use-case test runs against the real store.
func TestLayersImportInwardOnly(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	rules := map[string]func(path string) bool{
		"domain": func(p string) bool { return standard(p) || within(p, "domain") },
		"app": func(p string) bool {
			return standard(p) || within(p, "domain") || within(p, "app") || slices.Contains(appLibraries, p)
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
	// Requests never act as the system: the web layer does not name it.
	err := filepath.WalkDir(filepath.Join(root, "infra", "web"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, name := range []string{"SystemActor(", "appboard.System(", "System:"} {
			if strings.Contains(string(src), name) {
				t.Errorf("%s names the system actor (%s): requests act as who signed in", path, name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("checked only %d files: is the walk rooted at the module?", checked)
	}
}

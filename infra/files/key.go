package files

import (
	"path"
	"strings"
	"unicode"

	"github.com/jobboard/jobboard/domain"
)

// maxKeyLen keeps keys well inside every file system's path limit.
const maxKeyLen = 512

// checkKey accepts only relative, clean, slash-separated keys such as
// "logos/<tenant>/<company>/<id>.png". Anything that could name a file
// outside the store, or name one file in two ways, is refused.
func checkKey(key string) error {
	switch {
	case key == "":
		return invalidKey("the key is empty")
	case len(key) > maxKeyLen:
		return invalidKey("the key is too long")
	case strings.ContainsRune(key, '\\') || strings.ContainsFunc(key, unicode.IsControl):
		return invalidKey("the key contains a backslash or a control character")
	case path.IsAbs(key):
		return invalidKey("the key must be relative")
	case strings.Contains(key, ".."):
		return invalidKey("the key must not contain \"..\"")
	case path.Clean(key) != key:
		return invalidKey("the key must be a clean path")
	}
	for _, elem := range strings.Split(key, "/") {
		if strings.HasPrefix(elem, ".") {
			return invalidKey("no key element may start with a dot")
		}
	}
	return nil
}

func invalidKey(msg string) *domain.Error {
	return domain.Invalid("key", msg)
}

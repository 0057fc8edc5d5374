package application

import (
	"archive/zip"
	"bytes"
	"path"
	"strings"
	"unicode"

	"github.com/jobboard/jobboard/domain"
)

// CVType is a CV's format, as detected from its content.
type CVType string

// Accepted CV formats.
const (
	CVPDF  CVType = "pdf"
	CVDOCX CVType = "docx"
)

// MaxCVSize is the largest CV accepted.
const MaxCVSize = 5 << 20

// ContentType is the media type a CV is served with.
func (t CVType) ContentType() string {
	if t == CVDOCX {
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return "application/pdf"
}

// ErrCVTooLarge refuses a CV over MaxCVSize.
var ErrCVTooLarge = &domain.Error{Kind: domain.KindTooLarge, Code: "file_too_large", Message: "the CV is too large",
	Fields: map[string]string{"cv": "the CV must be at most 5 MB"}}

// ErrCVType refuses a file that is neither a PDF nor a Word document,
// whatever its name says.
var ErrCVType = &domain.Error{Kind: domain.KindUnsupported, Code: "unsupported_media_type", Message: "the CV must be a PDF or a Word (.docx) document",
	Fields: map[string]string{"cv": "upload your CV as a PDF or a Word (.docx) document"}}

// DetectCV checks a CV by its content, never by its name: a PDF starts with
// "%PDF-"; a DOCX is a ZIP archive holding word/document.xml. The archive's
// directory is read, nothing is decompressed.
func DetectCV(data []byte) (CVType, error) {
	switch {
	case len(data) == 0:
		return "", domain.Invalid("cv", "choose your CV to upload")
	case len(data) > MaxCVSize:
		return "", ErrCVTooLarge
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return CVPDF, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "", ErrCVType
		}
		for _, f := range zr.File {
			if f.Name == "word/document.xml" {
				return CVDOCX, nil
			}
		}
	}
	return "", ErrCVType
}

// CleanFileName keeps the base name of an uploaded file, without control
// characters, path separators or quotes, at most MaxFileNameLength runes,
// with the extension of the detected type.
func CleanFileName(name string, t CVType) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`"/\<>:*?|`, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(strings.TrimSuffix(name, path.Ext(name)))
	if name == "" || name == "." {
		name = "cv"
	}
	if r := []rune(name); len(r) > MaxFileNameLength {
		name = string(r[:MaxFileNameLength])
	}
	return name + "." + string(t)
}

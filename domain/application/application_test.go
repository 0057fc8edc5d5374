package application_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/application"
)

func TestMoveFollowsThePipeline(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	valid := map[application.Status][]application.Status{
		application.StatusNew:         {application.StatusReviewing, application.StatusRejected},
		application.StatusReviewing:   {application.StatusShortlisted, application.StatusRejected},
		application.StatusShortlisted: {application.StatusHired, application.StatusRejected},
	}
	for _, from := range application.Statuses {
		for _, to := range application.Statuses {
			a := application.Rehydrate(application.Snapshot{ID: "a", Status: from})
			err := a.Move(to, now)
			want := false
			for _, ok := range valid[from] {
				want = want || ok == to
			}
			switch {
			case want && err != nil:
				t.Errorf("%s → %s: %v, want allowed", from, to, err)
			case want && a.Status() != to:
				t.Errorf("%s → %s: status %s", from, to, a.Status())
			case !want && domain.KindOf(err) != domain.KindConflict:
				t.Errorf("%s → %s: %v, want a conflict", from, to, err)
			case !want && a.Status() != from:
				t.Errorf("%s → %s refused but status changed to %s", from, to, a.Status())
			}
		}
	}
}

func TestAnonymiseKeepsTheStatus(t *testing.T) {
	t.Parallel()
	now := time.Now()
	a := application.New("a", "t", "j", "c", "u", application.Details{Name: "Ann", Email: "ann@example.com", CoverLetter: "Hi"},
		application.CV{Key: "cvs/t/c/x.pdf", Name: "ann.pdf", Type: application.CVPDF, Size: 10}, now)
	_ = a.Move(application.StatusReviewing, now)
	if key := a.Anonymise(now); key != "cvs/t/c/x.pdf" {
		t.Fatalf("key %q", key)
	}
	s := a.Snapshot()
	if s.UserID != "" || s.Details.Email != "" || s.Details.CoverLetter != "" || s.Details.Name != application.AnonymousName || s.CV.Key != "" || s.Status != application.StatusReviewing || !a.Anonymised() {
		t.Fatalf("not anonymised: %+v", s)
	}
}

func docx(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range names {
		f, _ := w.Create(n)
		_, _ = f.Write([]byte("<x/>"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDetectCVByContent(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		data []byte
		want application.CVType
		kind domain.Kind
	}{
		{"pdf", []byte("%PDF-1.7\n..."), application.CVPDF, 0},
		{"docx", docx(t, "[Content_Types].xml", "word/document.xml"), application.CVDOCX, 0},
		{"zip without a document", docx(t, "hello.txt"), "", domain.KindUnsupported},
		{"windows executable", append([]byte("MZ\x90\x00"), make([]byte, 64)...), "", domain.KindUnsupported},
		{"elf executable", []byte("\x7fELF\x02\x01\x01"), "", domain.KindUnsupported},
		{"broken zip", []byte("PK\x03\x04garbage"), "", domain.KindUnsupported},
		{"text", []byte("my cv"), "", domain.KindUnsupported},
		{"empty", nil, "", domain.KindInvalid},
		{"too large", append([]byte("%PDF-"), make([]byte, application.MaxCVSize)...), "", domain.KindTooLarge},
	}
	for _, tc := range cases {
		got, err := application.DetectCV(tc.data)
		if tc.want != "" {
			if err != nil || got != tc.want {
				t.Errorf("%s: %q %v, want %q", tc.name, got, err, tc.want)
			}
			continue
		}
		var de *domain.Error
		if !errors.As(err, &de) || de.Kind != tc.kind || de.Fields["cv"] == "" {
			t.Errorf("%s: %v, want kind %s naming cv", tc.name, err, tc.kind)
		}
	}
}

func TestCleanFileName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Ann Lee CV.pdf":      "Ann Lee CV.pdf",
		`C:\Users\ann\cv.exe`: "cv.pdf",
		"../../etc/passwd":    "passwd.pdf",
		"\"quoted\"\r\n.docx": "quoted.pdf",
		"":                    "cv.pdf",
		"résumé final.DOCX":   "résumé final.pdf",
	} {
		if got := application.CleanFileName(in, application.CVPDF); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestParseDetailsReportsEveryField(t *testing.T) {
	t.Parallel()
	_, err := application.ParseDetails(" ", "not-an-email", string(make([]rune, 10001)))
	var de *domain.Error
	if !errors.As(err, &de) || de.Fields["name"] == "" || de.Fields["email"] == "" || de.Fields["cover_letter"] == "" {
		t.Fatalf("%v", err)
	}
	d, err := application.ParseDetails("  Ann   Lee ", "Ann@Example.com", " Hello\r\n")
	if err != nil || d.Name != "Ann Lee" || d.Email != "ann@example.com" || d.CoverLetter != "Hello" {
		t.Fatalf("%+v %v", d, err)
	}
}

func TestParseDetailsNameIsDisplayText(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"\u200b", "\u3164\u2800", "Ann\u202eLee"} {
		_, err := application.ParseDetails(name, "ann@example.com", "")
		var de *domain.Error
		if !errors.As(err, &de) || de.Fields["name"] == "" {
			t.Errorf("%+q: %v, want a validation error naming name", name, err)
		}
	}
}

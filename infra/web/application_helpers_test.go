package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"mime/multipart"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/infra/web"
)

// pdfBytes is a small document with the PDF signature.
func pdfBytes(size int) []byte {
	b := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), max(0, size-9))...)
	return b
}

// docxBytes is a minimal Word document: a ZIP with word/document.xml.
func docxBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
		f, _ := w.Create(n)
		_, _ = f.Write([]byte("<w:document/>"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// exeBytes is a Windows executable's header.
func exeBytes() []byte { return append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 4096)...) }

// applicationBody is a multipart application form.
func applicationBody(t testing.TB, fields map[string]string, filename string, data []byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	if data != nil {
		fw, err := w.CreateFormFile("cv", filename)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	_ = w.Close()
	return &buf, w.FormDataContentType()
}

// candidateOf signs a candidate up on the board.
type candidateClient struct {
	c     *client
	tok   string
	email string
	pass  string
}

func newCandidate(h *harness, f fixture, email, name string) candidateClient {
	c := h.client(f.Host)
	pass := "candidate pass " + name
	return candidateClient{c: c, tok: c.signupAndLogin(email, pass, name), email: email, pass: pass}
}

// apply sends an application through the API.
func (cc candidateClient) apply(t testing.TB, jobID, name, filename string, data []byte) response {
	t.Helper()
	body, ct := applicationBody(t, map[string]string{"name": name, "email": cc.email, "cover_letter": "I would love to work with you."}, filename, data)
	return cc.c.do(http.MethodPost, "/api/v1/jobs/"+jobID+"/applications", body, map[string]string{"Content-Type": ct, "Authorization": "Bearer " + cc.tok})
}

// onsiteBoard is a board with a published company and an on-site job.
type onsiteBoard struct {
	f     fixture
	team  *jobTeam
	owner jobStaffClient
	job   map[string]any
}

func newOnsiteBoard(t *testing.T, h *harness, slug string) onsiteBoard {
	t.Helper()
	f := h.newBoard(slug)
	team := jobNewTeam(t, h, f, "hr@"+slug+"-pharma.example", strings.ToUpper(slug[:1])+slug[1:]+" Pharma", true)
	owner := jobOwnerOf(h, f)
	j := team.publishJob(t, owner, jobPosting("Clinical Scientist", map[string]any{"apply_url": nil, "apply_method": "onsite"}))
	return onsiteBoard{f: f, team: team, owner: owner, job: j}
}

// storedFiles lists the files under the harness's file store.
func storedFiles(t *testing.T, h *harness, under string) []string {
	t.Helper()
	root := filepath.Join(h.sys.Config.DataDir, "files", under)
	var out []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// countRows counts the rows of a table matching where.
func countRows(t *testing.T, h *harness, table, where string, args ...any) int {
	t.Helper()
	var n int
	if err := h.db.QueryRowContext(context.Background(), "SELECT count(*) FROM "+table+" WHERE "+where, args...).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// mailsTo returns the subjects of the messages sent to addr.
func mailsTo(h *harness, addr string) []string {
	var out []string
	for _, m := range h.mails.Messages() {
		if m.To == addr && !isConfirmationMail(m) {
			out = append(out, m.Subject)
		}
	}
	return out
}

// isConfirmationMail reports whether m is the link a sign-up mails to
// confirm the address, which tests about other mails leave out.
func isConfirmationMail(m app.Message) bool {
	return strings.HasPrefix(m.Subject, "Confirm your e-mail address")
}

// sendOverTCP posts a CV upload to a real listener, the way a client
// streams a large body, and returns the status, content type and body.
func sendOverTCP(t *testing.T, h *harness, host, path, tok, accept string, data []byte) (int, string, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.srv.Serve(ctx, ln, web.Shutdown{Timeout: time.Second}) }()
	defer func() {
		cancel()
		<-done
	}()
	body, ct := applicationBody(t, map[string]string{"name": "Big File"}, "cv.pdf", data)
	req, err := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Accept", accept)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("POST %s over TCP: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

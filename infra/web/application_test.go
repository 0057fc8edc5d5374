package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func TestApplicationOnSiteLifecycle(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ob := newOnsiteBoard(t, h, "acme")
		jobID := ob.job["id"].(string)
		if ob.job["apply_method"] != "onsite" || ob.job["application_url"] == nil {
			t.Fatalf("on-site job JSON: apply_method %v, application_url %v", ob.job["apply_method"], ob.job["application_url"])
		}
		anon := h.client(ob.f.Host)
		// The job page offers the form; the JSON-LD stays valid and says
		// candidates apply here.
		ld := jobPostingLDOf(t, anon, jobPagePath(ob.job))
		if ld["@type"] != "JobPosting" || ld["directApply"] != true || ld["title"] != "Clinical Scientist" {
			t.Fatalf("JSON-LD: %v", ld)
		}
		if r := anon.get(jobPagePath(ob.job) + "/apply"); r.StatusCode != http.StatusFound || r.Header.Get("Location") != jobPagePath(ob.job)+"/application" {
			t.Fatalf("apply click: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		// Someone not signed in is asked to sign in or sign up first.
		r := anon.get(jobPagePath(ob.job) + "/application")
		if r.StatusCode != http.StatusOK || !strings.Contains(r.body, "/login?next=") || !strings.Contains(r.body, "/signup?next=") {
			t.Fatalf("anonymous application page: %d %.300s", r.StatusCode, r.body)
		}

		ann := newCandidate(h, ob.f, "ann@candidates.example", "Ann Lee")
		r = ann.apply(t, jobID, "Ann Lee", "Ann Lee CV.pdf", pdfBytes(2048))
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("apply: %d %s", r.StatusCode, r.body)
		}
		app := r.json(t)
		appID := app["id"].(string)
		if app["status"] != "new" || app["name"] != "Ann Lee" {
			t.Fatalf("application: %v", app)
		}
		if got := mailsTo(h, "ann@candidates.example"); len(got) != 1 || !strings.Contains(got[0], "Clinical Scientist") {
			t.Errorf("candidate mails: %v", got)
		}
		if got := mailsTo(h, "hr@acme-pharma.example"); !strings.Contains(strings.Join(got, "|"), "New application for Clinical Scientist: Ann Lee") {
			t.Errorf("company mails: %v", got)
		}
		if r := ann.apply(t, jobID, "Ann Lee", "cv.pdf", pdfBytes(100)); r.StatusCode != http.StatusConflict || r.errorCode(t) != "already_applied" {
			t.Fatalf("second application: %d %s", r.StatusCode, r.body)
		}

		// The team sees the applicant and the CV; nobody else does.
		team := ob.team
		list := jobSend(team.c, http.MethodGet, "/api/v1/jobs/"+jobID+"/applications", nil, team.tok)
		if ids := jobIDs(t, list); len(ids) != 1 || ids[0] != appID {
			t.Fatalf("team list: %v", ids)
		}
		cvPath := "/api/v1/applications/" + appID + "/cv"
		cv := team.c.do(http.MethodGet, cvPath, nil, bearer(team.tok))
		if cv.StatusCode != http.StatusOK || cv.Header.Get("Content-Type") != "application/pdf" || cv.body != string(pdfBytes(2048)) {
			t.Fatalf("team CV: %d %s", cv.StatusCode, cv.Header.Get("Content-Type"))
		}
		if d := cv.Header.Get("Content-Disposition"); !strings.HasPrefix(d, "attachment;") || !strings.Contains(d, "Ann Lee CV.pdf") {
			t.Errorf("Content-Disposition %q", d)
		}
		if cv.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("no nosniff on the CV")
		}
		if r := ann.c.do(http.MethodGet, "/applications/"+appID+"/cv", nil, bearer(ann.tok)); r.StatusCode != http.StatusOK {
			t.Errorf("applicant's own CV: %d", r.StatusCode)
		}
		bob := newCandidate(h, ob.f, "bob@candidates.example", "Bob Stone")
		other := jobNewTeam(t, h, ob.f, "hr@rival.example", "Rival Labs", true)
		for who, c := range map[string]struct {
			c   *client
			tok string
		}{"another candidate": {bob.c, bob.tok}, "another company": {other.c, other.tok}, "the board owner": {ob.owner.c, ob.owner.tok}} {
			for _, p := range []string{cvPath, "/applications/" + appID + "/cv", "/api/v1/applications/" + appID} {
				if r := c.c.do(http.MethodGet, p, nil, bearer(c.tok)); r.StatusCode != http.StatusNotFound {
					t.Errorf("%s GET %s: %d, want 404", who, p, r.StatusCode)
				}
			}
			if r := jobSend(c.c, http.MethodGet, "/api/v1/jobs/"+jobID+"/applications", nil, c.tok); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s lists the applicants: %d", who, r.StatusCode)
			}
			if r := jobSend(c.c, http.MethodPatch, "/api/v1/applications/"+appID, map[string]string{"status": "reviewing"}, c.tok); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s moves the application: %d", who, r.StatusCode)
			}
		}
		if r := anon.do(http.MethodGet, cvPath, nil, nil); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous CV: %d", r.StatusCode)
		}

		// The pipeline: valid moves pass and mail the candidate, others are 409.
		move := func(to string) response {
			return jobSend(team.c, http.MethodPatch, "/api/v1/applications/"+appID, map[string]string{"status": to}, team.tok)
		}
		steps := []struct {
			to   string
			want int
		}{
			{"shortlisted", http.StatusConflict}, {"hired", http.StatusConflict}, {"new", http.StatusConflict},
			{"reviewing", http.StatusOK}, {"reviewing", http.StatusConflict}, {"shortlisted", http.StatusOK},
			{"hired", http.StatusOK}, {"rejected", http.StatusConflict}, {"nonsense", http.StatusBadRequest},
		}
		for _, st := range steps {
			if r := move(st.to); r.StatusCode != st.want {
				t.Fatalf("move to %s: %d, want %d: %s", st.to, r.StatusCode, st.want, r.body)
			} else if st.want == http.StatusConflict && r.errorCode(t) != "invalid_transition" {
				t.Errorf("move to %s: code %s", st.to, r.errorCode(t))
			}
		}
		if got := mailsTo(h, "ann@candidates.example"); len(got) != 4 {
			t.Errorf("candidate mails after three moves: %v", got)
		}
		mine := jobSend(ann.c, http.MethodGet, "/api/v1/me/applications", nil, ann.tok).json(t)["items"].([]any)
		if len(mine) != 1 || mine[0].(map[string]any)["status"] != "hired" {
			t.Fatalf("my applications: %v", mine)
		}

		// A job that takes applications elsewhere refuses the form.
		elsewhere := team.publishJob(t, ob.owner, jobPosting("Lab Manager", nil))
		if r := bob.apply(t, elsewhere["id"].(string), "Bob Stone", "cv.pdf", pdfBytes(100)); r.StatusCode != http.StatusConflict || r.errorCode(t) != "not_onsite" {
			t.Fatalf("apply to an off-site job: %d %s", r.StatusCode, r.body)
		}
	})
}

func TestApplicationThroughTheFormsAsABrowser(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ob := newOnsiteBoard(t, h, "acme")
		b := newBrowser(t, h, ob.f.Host)
		signupThroughForm(t, b, "/signup", "cara@candidates.example", "Cara Diaz")
		form := b.page(jobPagePath(ob.job) + "/application")
		action := jobPagePath(ob.job) + "/application"
		// A renamed executable: 415, the message next to the CV field, the
		// other fields kept.
		r := b.upload(form, action, "cv", "cv.pdf", exeBytes())
		if r.StatusCode != http.StatusUnsupportedMediaType {
			t.Fatalf("executable: %d %.300s", r.StatusCode, r.body)
		}
		doc := parseDoc(t, r.body)
		checkControlError(t, doc, "cv")
		if v := attrOf(byID(doc, "name"), "value"); v != "Cara Diaz" {
			t.Errorf("name not kept: %q", v)
		}
		r = b.upload(r, action, "cv", "Cara.docx", docxBytes(t))
		seeOther(t, "apply with a DOCX", r, "/me/applications")
		mine := b.page("/me/applications")
		if !strings.Contains(mine.body, "Clinical Scientist") || !strings.Contains(mine.body, ">new<") {
			t.Fatalf("my applications page: %.500s", mine.body)
		}

		// The team moves it on its dashboard.
		tb := newBrowser(t, h, ob.f.Host)
		loginForm := tb.page("/login")
		seeOther(t, "team login", tb.submit(loginForm, "/login", formLogin("hr@acme-pharma.example")), "/")
		jobs := tb.page("/employer/companies/" + ob.team.companyID + "/jobs")
		applicants := "/employer/jobs/" + ob.job["id"].(string) + "/applications"
		if !strings.Contains(jobs.body, applicants) {
			t.Fatalf("no applicants link on the jobs page")
		}
		list := tb.page(applicants)
		if !strings.Contains(list.body, "Cara Diaz") {
			t.Fatalf("applicant not listed: %.500s", list.body)
		}
		var appPath string
		for _, a := range findAll(parseDoc(t, list.body), func(n *html.Node) bool {
			return n.Data == "a" && strings.HasPrefix(attrOf(n, "href"), "/employer/applications/")
		}) {
			appPath = attrOf(a, "href")
		}
		detail := tb.page(appPath)
		seeOther(t, "move to reviewing", tb.submit(detail, appPath+"/status", nil), appPath)
		detail = tb.page(appPath)
		if !strings.Contains(detail.body, "Reviewing") {
			t.Fatalf("status not shown")
		}
		cv := tb.get(strings.Replace(appPath, "/employer/applications/", "/applications/", 1) + "/cv")
		if cv.StatusCode != http.StatusOK || !strings.HasPrefix(cv.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("CV from the dashboard: %d", cv.StatusCode)
		}
	})
}

func TestApplicationRefusesBadCVsAndStoresNothing(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ob := newOnsiteBoard(t, h, "acme")
		jobID := ob.job["id"].(string)
		dan := newCandidate(h, ob.f, "dan@candidates.example", "Dan Park")
		cases := []struct {
			name   string
			file   string
			data   []byte
			status int
		}{
			{"renamed executable", "cv.pdf", exeBytes(), http.StatusUnsupportedMediaType},
			{"ZIP that is not a Word document", "cv.docx", func() []byte {
				d := docxBytes(t)
				return []byte(strings.Replace(string(d), "word/document.xml", "word/xxxxxxxx.xml", -1))
			}(), http.StatusUnsupportedMediaType},
			{"6 MiB PDF", "cv.pdf", pdfBytes(6 << 20), http.StatusRequestEntityTooLarge},
			{"no CV", "", nil, http.StatusBadRequest},
		}
		for _, tc := range cases {
			r := dan.apply(t, jobID, "Dan Park", tc.file, tc.data)
			if r.StatusCode != tc.status {
				t.Errorf("%s: %d, want %d: %.300s", tc.name, r.StatusCode, tc.status, r.body)
				continue
			}
			if msg := r.json(t)["error"].(map[string]any)["message"].(string); msg == "" {
				t.Errorf("%s: no message", tc.name)
			}
			if r.errorField(t, "cv") == "" {
				t.Errorf("%s: the cv field is not named: %s", tc.name, r.body)
			}
		}
		// 50 MiB, over a real connection as a client sends it: the server
		// refuses it from its length with a clean 413, not a reset.
		big := pdfBytes(50 << 20)
		for _, accept := range []string{"application/json", "text/html"} {
			status, ctype, body := sendOverTCP(t, h, ob.f.Host, "/api/v1/jobs/"+jobID+"/applications", dan.tok, accept, big)
			if status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "too large") {
				t.Errorf("50 MiB (%s): %d %s %.200s", accept, status, ctype, body)
			}
		}
		if files := storedFiles(t, h, "cvs"); len(files) != 0 {
			t.Errorf("refused CVs left files: %v", files)
		}
		if n := countRows(t, h, "applications", "tenant_id = ?", ob.f.ID); n != 0 {
			t.Errorf("%d application rows after refusals", n)
		}
		// A good CV still goes through afterwards.
		if r := dan.apply(t, jobID, "Dan Park", "cv.pdf", pdfBytes(5<<20)); r.StatusCode != http.StatusCreated {
			t.Fatalf("5 MiB PDF: %d %s", r.StatusCode, r.body)
		}
		if files := storedFiles(t, h, "cvs"); len(files) != 1 || strings.Contains(files[0], "cv.pdf") {
			t.Errorf("stored files: %v", files)
		}
	})
}

func TestApplicationCVsStayOnTheirBoard(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		a := newOnsiteBoard(t, h, "alpha")
		bb := newOnsiteBoard(t, h, "beta")
		ann := newCandidate(h, a.f, "ann@candidates.example", "Ann Lee")
		r := ann.apply(t, a.job["id"].(string), "Ann Lee", "cv.pdf", pdfBytes(500))
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("apply: %d %s", r.StatusCode, r.body)
		}
		appID := r.json(t)["id"].(string)
		// The same person on board B, and board B's company team.
		annB := newCandidate(h, bb.f, "ann@candidates.example", "Ann Lee")
		for who, c := range map[string]struct {
			c   *client
			tok string
		}{"the applicant's account on B": {annB.c, annB.tok}, "company B's team": {bb.team.c, bb.team.tok}} {
			for _, p := range []string{"/api/v1/applications/" + appID + "/cv", "/applications/" + appID + "/cv", "/api/v1/applications/" + appID} {
				if r := c.c.do(http.MethodGet, p, nil, bearer(c.tok)); r.StatusCode != http.StatusNotFound {
					t.Errorf("%s GET %s: %d, want 404", who, p, r.StatusCode)
				}
			}
			if r := jobSend(c.c, http.MethodGet, "/api/v1/jobs/"+a.job["id"].(string)+"/applications", nil, c.tok); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s lists board A's applicants: %d", who, r.StatusCode)
			}
			if r := annB.apply(t, a.job["id"].(string), "Ann Lee", "cv.pdf", pdfBytes(100)); r.StatusCode != http.StatusNotFound {
				t.Errorf("applying on B to A's job: %d", r.StatusCode)
			}
		}
		// Board A's token does not work on board B at all.
		if r := bb.team.c.do(http.MethodGet, "/api/v1/applications/"+appID+"/cv", nil, bearer(a.team.tok)); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("A's token on B: %d", r.StatusCode)
		}
		if r := a.team.c.do(http.MethodGet, "/api/v1/applications/"+appID+"/cv", nil, bearer(a.team.tok)); r.StatusCode != http.StatusOK {
			t.Errorf("company A's team on A: %d", r.StatusCode)
		}
	})
}

func TestApplicationSubmissionsAreRateLimited(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetestOpenSQLite(t), nil)
	ob := newOnsiteBoard(t, h, "acme")
	fay := newCandidate(h, ob.f, "fay@candidates.example", "Fay Moss")
	jobID := ob.job["id"].(string)
	for i := 1; i <= 10; i++ {
		if r := fay.apply(t, jobID, "Fay Moss", "cv.pdf", pdfBytes(100)); r.StatusCode == http.StatusTooManyRequests {
			t.Fatalf("attempt %d limited already", i)
		}
	}
	r := fay.apply(t, jobID, "Fay Moss", "cv.pdf", pdfBytes(100))
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("11th attempt: %d %s", r.StatusCode, r.body)
	}
}

func TestSavedJobs(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ob := newOnsiteBoard(t, h, "acme")
		other := ob.team.publishJob(t, ob.owner, jobPosting("Data Steward", nil))
		draft := ob.team.create(t, jobPosting("Secret Draft", nil))
		gus := newCandidate(h, ob.f, "gus@candidates.example", "Gus Hale")
		for _, id := range []string{ob.job["id"].(string), other["id"].(string), ob.job["id"].(string)} {
			if r := jobSend(gus.c, http.MethodPut, "/api/v1/me/saved-jobs/"+id, nil, gus.tok); r.StatusCode != http.StatusNoContent {
				t.Fatalf("save %s: %d %s", id, r.StatusCode, r.body)
			}
		}
		if r := jobSend(gus.c, http.MethodPut, "/api/v1/me/saved-jobs/"+draft["id"].(string), nil, gus.tok); r.StatusCode != http.StatusNotFound {
			t.Errorf("saving a draft: %d", r.StatusCode)
		}
		if r := jobSend(h.client(ob.f.Host), http.MethodPut, "/api/v1/me/saved-jobs/"+other["id"].(string), nil, ""); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous save: %d", r.StatusCode)
		}
		saved := func() map[string]map[string]any {
			r := jobSend(gus.c, http.MethodGet, "/api/v1/me/saved-jobs", nil, gus.tok)
			out := map[string]map[string]any{}
			for _, it := range r.json(t)["items"].([]any) {
				m := it.(map[string]any)
				out[m["title"].(string)] = m
			}
			return out
		}
		if s := saved(); len(s) != 2 || s["Data Steward"]["open"] != true {
			t.Fatalf("saved: %v", s)
		}
		// The job expires: it stays on the list, marked, without a link.
		jobSetTime(t, h, "expires_at", other["id"].(string), time.Now().Add(-time.Hour))
		s := saved()
		if st := s["Data Steward"]; st["open"] != false || st["status"] != "expired" || st["url"] != nil {
			t.Fatalf("expired saved job: %v", st)
		}
		b := newBrowser(t, h, ob.f.Host)
		loginForm := b.page("/login")
		seeOther(t, "login", b.submit(loginForm, "/login", url.Values{"email": {gus.email}, "password": {gus.pass}}), "/")
		page := b.page("/me/saved")
		if !strings.Contains(page.body, "Data Steward") || !strings.Contains(page.body, "Expired") {
			t.Fatalf("saved page: %.600s", page.body)
		}
		if strings.Contains(page.body, `href="`+jobPagePath(other)+`"`) {
			t.Errorf("the expired job is linked as open")
		}
		if !strings.Contains(page.body, `href="`+jobPagePath(ob.job)+`"`) {
			t.Errorf("the open job is not linked")
		}
		// Unsave from the list, save again from the job page.
		seeOther(t, "remove", b.submit(page, "/me/saved/"+ob.job["id"].(string)+"/remove", nil), "/me/saved")
		jp := b.page(jobPagePath(ob.job))
		seeOther(t, "save from the job page", b.submit(jp, "/me/saved/"+ob.job["id"].(string), nil), jobPagePath(ob.job))
		if jp := b.page(jobPagePath(ob.job)); !hasForm(t, jp.body, "/me/saved/"+ob.job["id"].(string)+"/remove") {
			t.Errorf("the job page does not show the job as saved")
		}
		// Anonymous visitors browse freely and are offered to sign in.
		if jp := newBrowser(t, h, ob.f.Host).page(jobPagePath(ob.job)); !strings.Contains(jp.body, "Sign in to save this job") {
			t.Errorf("anonymous job page has no sign-in prompt to save")
		}
	})
}

package application

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/application"
)

// ApplyInput is the application form without the CV.
type ApplyInput struct {
	Name        string `json:"name" form:"name" validate:"max=300"`
	Email       string `json:"email" form:"email" validate:"max=300"`
	CoverLetter string `json:"cover_letter" form:"cover_letter" validate:"max=30000"`
}

// Upload is an uploaded file as the request carried it.
type Upload struct {
	Name string
	Data []byte
}

// ErrNotOnSite refuses an application to a job that takes applications
// elsewhere.
var ErrNotOnSite = domain.Conflict("not_onsite", "this job takes applications on the employer's own site or by e-mail, not on this board")

// cvKey is where a CV is stored: scoped by board and company, named by 128
// random bits so that no key can be guessed from another.
func cvKey(tenant domain.TenantID, companyID string, t application.CVType) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return "cvs/" + tenant.String() + "/" + companyID + "/" + hex.EncodeToString(b[:]) + "." + string(t), nil
}

// Apply submits an on-site application with a CV to an open job; signed-in
// board users only, once per job. The CV is checked by its content (PDF or
// DOCX, at most 5 MB) before anything is stored; a refused CV is
// KindTooLarge or KindUnsupported naming the field "cv". Submissions are
// rate-limited per user and per client address (KindTooMany). The
// candidate and the company's team are mailed; base is the board's URL
// for the links in those mails.
func (s *Service) Apply(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string, in ApplyInput, cv Upload, clientIP, base string) (*application.Application, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjApplication, app.ActCreate); err != nil {
		return nil, err
	}
	if err := app.RequireVerified(ctx, s.deps.Address, tenant, actor); err != nil {
		return nil, err
	}
	j, c, err := s.publicJob(ctx, tenant, jobID)
	if err != nil {
		return nil, err
	}
	if !j.Snapshot().Posting.ApplyOnSite {
		return nil, ErrNotOnSite
	}
	details, cvType, err := checkForm(in, cv)
	if err != nil {
		return nil, err
	}
	// Counted once the form is right, so that a mistake costs no attempt.
	if err := s.throttle(ctx, tenant, actor, clientIP); err != nil {
		return nil, err
	}
	key, err := cvKey(tenant, c.ID(), cvType)
	if err != nil {
		return nil, err
	}
	a := application.New(s.deps.IDs.New(), tenant, j.ID(), c.ID(), actor.UserID, details,
		application.CV{Key: key, Name: application.CleanFileName(cv.Name, cvType), Type: cvType, Size: int64(len(cv.Data))}, s.now())
	if err := s.deps.Files.Put(ctx, key, cv.Data); err != nil {
		return nil, err
	}
	if err := s.deps.Applications.Create(ctx, tenant, a); err != nil {
		_ = s.deps.Files.Delete(ctx, key)
		return nil, err
	}
	s.mailSubmitted(ctx, tenant, a, j.Snapshot().Posting.Title, c.Profile().Name, base)
	return a, nil
}

// checkForm validates the fields and the CV together, so that every
// problem is reported at once; a CV refused for its size or type keeps
// that error's kind (413 or 415).
func checkForm(in ApplyInput, cv Upload) (application.Details, application.CVType, error) {
	fields := map[string]string{}
	var cvErr *domain.Error
	if err := app.Validate(in); err != nil {
		domain.CollectFields(fields, err)
	}
	details, err := application.ParseDetails(in.Name, in.Email, in.CoverLetter)
	if err != nil {
		domain.CollectFields(fields, err)
	}
	cvType, err := application.DetectCV(cv.Data)
	if err != nil {
		domain.CollectFields(fields, err)
		if k := domain.KindOf(err); k == domain.KindTooLarge || k == domain.KindUnsupported {
			errors.As(err, &cvErr)
		}
	}
	switch {
	case cvErr != nil:
		out := *cvErr
		out.Fields = fields
		return application.Details{}, "", &out
	case len(fields) > 0:
		return application.Details{}, "", domain.InvalidFields(fields)
	}
	return details, cvType, nil
}

// throttle counts a submission against the user and the client address.
func (s *Service) throttle(ctx context.Context, tenant domain.TenantID, actor app.Actor, clientIP string) error {
	keys := []struct {
		key string
		max int
	}{{"apply:user:" + tenant.String() + ":" + actor.UserID, MaxApplyPerUser}}
	if clientIP != "" {
		keys = append(keys, struct {
			key string
			max int
		}{"apply:ip:" + tenant.String() + ":" + clientIP, MaxApplyPerIP})
	}
	for _, k := range keys {
		n, end, err := s.deps.Throttle.Hit(ctx, k.key, s.now(), ApplyWindow)
		if err != nil {
			return err
		}
		if n > k.max {
			wait := int(end.Sub(s.now()).Seconds()) + 1
			return domain.TooMany("too many applications in a short time; try again in "+strconv.Itoa(wait/60+1)+" minutes", wait)
		}
	}
	return nil
}

func (s *Service) mailSubmitted(ctx context.Context, tenant domain.TenantID, a *application.Application, title, companyName, base string) {
	board := s.boardName(ctx, tenant)
	snap := a.Snapshot()
	s.send(ctx, app.Message{To: snap.Details.Email.String(), FromName: board,
		Subject: "Your application for " + title + " at " + companyName,
		Text: "Hello " + snap.Details.Name + ",\n\n" +
			"we have passed your application for " + title + " to " + companyName + ". We will e-mail you when its status changes.\n\n" +
			"Your applications: " + base + "/me/applications\n"})
	members, err := s.deps.Companies.Members(ctx, tenant, snap.CompanyID)
	if err != nil {
		return
	}
	for _, m := range members {
		s.send(ctx, app.Message{To: m.Email.String(), FromName: board,
			Subject: "New application for " + title + ": " + snap.Details.Name,
			Text: snap.Details.Name + " has applied for " + title + ".\n\n" +
				"Review the application: " + base + "/employer/applications/" + snap.ID + "\n"})
	}
}

// statusText says what a status means to the candidate.
func statusText(st application.Status) string {
	switch st {
	case application.StatusReviewing:
		return "is being reviewed"
	case application.StatusShortlisted:
		return "has been shortlisted"
	case application.StatusRejected:
		return "was not successful this time"
	case application.StatusHired:
		return "was successful: congratulations"
	}
	return "has been received"
}

func titleOr(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}

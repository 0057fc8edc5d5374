package job

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
)

// Patch changes the posting fields that body, a JSON object in the API's
// shape, names; the others keep their values (the edit waiting for review,
// if any, else the live posting). The merge happens on the job as read
// locked inside the transaction that saves it, so a payment or another edit
// committed meanwhile is kept. The result is validated as a whole.
func (s *Service) Patch(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string, body []byte) (*job.Job, error) {
	var sent map[string]json.RawMessage
	if err := json.Unmarshal(body, &sent); err != nil {
		return nil, errMalformedPatch
	}
	st, err := s.settings(ctx, tenant)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, tenant, actor, jobID, func(j *job.Job, _ *company.Company) error {
		snap := j.Snapshot()
		cur := snap.Posting
		if snap.Revision != nil {
			cur = snap.Revision.Posting
		}
		in := InputOf(cur)
		if err := json.Unmarshal(body, &in); err != nil {
			return errMalformedPatch
		}
		// The ways to apply are one choice: an address sent without a
		// method replaces the current way rather than sitting next to it
		// unused.
		_, method := sent["apply_method"]
		_, byURL := sent["apply_url"]
		_, byEmail := sent["apply_email"]
		if !method && byURL != byEmail {
			in.ApplyMethod = ""
			if byURL {
				in.ApplyEmail = ""
			} else {
				in.ApplyURL = ""
			}
		}
		p, err := s.parseWith(st, in)
		if err != nil {
			return err
		}
		return s.edit(j, st, p)
	})
}

// errMalformedPatch is a PATCH body that is not a JSON object of the
// posting's fields.
var errMalformedPatch = &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json", Message: "send a JSON object of the fields to change"}

// InputOf is a posting as the API would send it, the starting point of a
// PATCH. It shares no slice with p: decoding a PATCH into it must not
// change the posting it was made from.
func InputOf(p job.Posting) PostingInput {
	in := PostingInput{Title: p.Title, Description: p.Description, EmploymentType: p.EmploymentType,
		Locations: slices.Clone(p.Locations), Workplace: p.Workplace, ApplicantCountries: slices.Clone(p.ApplicantCountries), Category: p.Category,
		Seniority: p.Seniority, Tags: slices.Clone(p.Tags), ApplyURL: p.ApplyURL, ApplyEmail: p.ApplyEmail.String(), ApplyMethod: p.ApplyMethod()}
	if sal := p.Salary; sal != nil {
		lo, hi := sal.Min, sal.Max
		in.Salary = &SalaryInput{Min: &lo, Max: &hi, Currency: sal.Currency, Period: sal.Period}
	}
	if p.ClosingDate != nil {
		in.ClosingDate = p.ClosingDate.Format("2006-01-02")
	}
	return in
}

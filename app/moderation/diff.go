package moderation

import (
	"strconv"
	"strings"

	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
)

// postingChanges lists the fields an edit of a job changes.
func postingChanges(live, next job.Posting) []Change {
	var out []Change
	add := func(field, a, b string) {
		if a != b {
			out = append(out, Change{Field: field, Before: a, After: b})
		}
	}
	add("title", live.Title, next.Title)
	add("description", live.Description, next.Description)
	add("employment_type", live.EmploymentType, next.EmploymentType)
	add("workplace", live.Workplace, next.Workplace)
	add("locations", strings.Join(live.Locations, ", "), strings.Join(next.Locations, ", "))
	add("applicant_countries", strings.Join(live.ApplicantCountries, ", "), strings.Join(next.ApplicantCountries, ", "))
	add("salary", salary(live.Salary), salary(next.Salary))
	add("category", live.Category, next.Category)
	add("seniority", live.Seniority, next.Seniority)
	add("tags", strings.Join(live.Tags, ", "), strings.Join(next.Tags, ", "))
	add("apply_url", live.ApplyURL, next.ApplyURL)
	add("apply_email", live.ApplyEmail.String(), next.ApplyEmail.String())
	add("closing_date", date(live), date(next))
	return out
}

func salary(s *job.Salary) string {
	if s == nil {
		return ""
	}
	return s.Currency + " " + strconv.FormatInt(s.Min, 10) + "–" + strconv.FormatInt(s.Max, 10) + " per " + strings.ToLower(s.Period)
}

func date(p job.Posting) string {
	if p.ClosingDate == nil {
		return ""
	}
	return p.ClosingDate.Format("2006-01-02")
}

// profileChanges lists the fields an edit of a profile changes.
func profileChanges(live, next company.Profile) []Change {
	var out []Change
	add := func(field, a, b string) {
		if a != b {
			out = append(out, Change{Field: field, Before: a, After: b})
		}
	}
	add("name", live.Name, next.Name)
	add("slug", live.Slug.String(), next.Slug.String())
	add("website", live.Website, next.Website)
	add("sector", live.Sector, next.Sector)
	add("location", live.Location, next.Location)
	add("size", live.Size, next.Size)
	add("founded_year", year(live.FoundedYear), year(next.FoundedYear))
	add("contact_email", live.ContactEmail.String(), next.ContactEmail.String())
	add("description", live.Description, next.Description)
	for _, n := range company.SocialNetworks {
		add("social."+n, live.Social[n], next.Social[n])
	}
	return out
}

func year(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

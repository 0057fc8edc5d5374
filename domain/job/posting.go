package job

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jobboard/jobboard/domain"
)

// Salary is an optional pay range in whole units of its currency.
type Salary struct {
	Min      int64
	Max      int64
	Currency string
	Period   string
}

// YearlyMax is the top of the range per year, for filtering.
func (s *Salary) YearlyMax() int64 {
	if s == nil {
		return 0
	}
	return s.Max * yearFactor[s.Period]
}

// Posting is the editable content of a job.
type Posting struct {
	Title              string
	Description        string // Markdown
	EmploymentType     string
	Locations          []string
	Workplace          string
	ApplicantCountries []string // ISO 3166-1 alpha-2, or Worldwide alone, for remote jobs
	Salary             *Salary
	Category           string
	Seniority          string
	Tags               []string
	ApplyURL           string
	ApplyEmail         domain.Email
	// ApplyOnSite is set when candidates apply through the board's own
	// application form; ApplyURL and ApplyEmail are empty then.
	ApplyOnSite bool
	ClosingDate *time.Time // the last day applications are taken
}

// PostingInput is a posting as submitted, before validation.
type PostingInput struct {
	Title, Description, EmploymentType, Workplace, Category, Seniority string
	Locations, ApplicantCountries, Tags                                []string
	SalaryMin, SalaryMax                                               *int64
	SalaryCurrency, SalaryPeriod                                       string
	ApplyMethod, ApplyURL, ApplyEmail                                  string
	ClosingDate                                                        string // YYYY-MM-DD or ""
}

// parseCountries reads the countries applicants of a remote job may live
// in: ISO 3166-1 alpha-2 codes, or Worldwide alone. A remote job must say
// one or the other, as search engines need applicant locations for
// remote jobs and candidates need to know whether they qualify.
func parseCountries(in []string) ([]string, string) {
	var out []string
	worldwide := false
	for _, c := range in {
		c = strings.ToUpper(strings.TrimSpace(c))
		switch {
		case c == "":
			continue
		case c == Worldwide:
			worldwide = true
		case !domain.IsCountryCode(c):
			return nil, strconv.Quote(c) + " is not an ISO 3166-1 country code; use two-letter codes such as DE or GB"
		case !contains(out, c):
			out = append(out, c)
		}
	}
	switch {
	case worldwide && len(out) > 0:
		return nil, "list countries or say worldwide, not both"
	case worldwide:
		return []string{Worldwide}, ""
	case len(out) == 0:
		return nil, "for a remote job, list the countries applicants may live in (such as DE, GB) or say worldwide"
	case len(out) > MaxCountries:
		return nil, "list at most 60 countries"
	}
	return out, ""
}

// ParsePosting validates a submitted posting against the board's
// categories; every wrong field is reported at once.
func ParsePosting(in PostingInput, categories []string, now time.Time) (Posting, error) {
	f := map[string]string{}
	p := Posting{
		Title:          strings.Join(strings.Fields(in.Title), " "),
		Description:    strings.TrimSpace(strings.ReplaceAll(in.Description, "\r\n", "\n")),
		EmploymentType: strings.ToUpper(strings.TrimSpace(in.EmploymentType)),
		Workplace:      strings.ToLower(strings.TrimSpace(in.Workplace)),
		Category:       strings.TrimSpace(in.Category),
		Seniority:      strings.ToLower(strings.TrimSpace(in.Seniority)),
	}
	switch n := utf8.RuneCountInString(p.Title); {
	case n == 0:
		f["title"] = "enter the job title"
	case n > MaxTitleLength:
		f["title"] = "use at most 150 characters"
	case strings.ContainsAny(p.Title, "<>"):
		f["title"] = "the title contains characters that are not allowed"
	default:
		f["title"] = domain.CheckDisplayText(p.Title)
	}
	switch n := utf8.RuneCountInString(p.Description); {
	case n == 0:
		f["description"] = "describe the job"
	case n > MaxDescriptionLength:
		f["description"] = "use at most 50000 characters"
	}
	if !contains(EmploymentTypes, p.EmploymentType) {
		f["employment_type"] = "choose one of: " + strings.Join(EmploymentTypes, ", ")
	}
	if !contains(Workplaces, p.Workplace) {
		f["workplace"] = "choose onsite, hybrid or remote"
	}
	p.Locations, f["locations"] = cleanList(in.Locations, MaxLocations, MaxLocationLength, "location")
	if len(p.Locations) == 0 && p.Workplace != "remote" && f["locations"] == "" {
		f["locations"] = "enter at least one location"
	}
	if p.Workplace == "remote" {
		p.ApplicantCountries, f["applicant_countries"] = parseCountries(in.ApplicantCountries)
	}
	if p.Category != "" && !contains(categories, p.Category) {
		f["category"] = "choose one of the board's categories"
	}
	if p.Seniority != "" && !contains(Seniorities, p.Seniority) {
		f["seniority"] = "choose one of: " + strings.Join(Seniorities, ", ")
	}
	p.Tags, f["tags"] = cleanList(in.Tags, MaxTags, MaxTagLength, "tag")
	p.Salary = parseSalary(in, f)
	parseApply(in, &p, f)
	if d := strings.TrimSpace(in.ClosingDate); d != "" {
		t, err := time.Parse("2006-01-02", d)
		switch {
		case err != nil:
			f["closing_date"] = "use a date like 2026-12-31"
		case t.Before(now.Truncate(24 * time.Hour)):
			f["closing_date"] = "the closing date is in the past"
		case t.After(now.AddDate(1, 0, 0)):
			f["closing_date"] = "the closing date is more than a year away"
		default:
			p.ClosingDate = &t
		}
	}
	for k, v := range f {
		if v == "" {
			delete(f, k)
		}
	}
	if len(f) > 0 {
		return Posting{}, domain.InvalidFields(f)
	}
	return p, nil
}

// cleanList trims, drops empties and duplicates, and checks limits.
func cleanList(in []string, maxItems, maxLen int, what string) ([]string, string) {
	var out []string
	seen := map[string]bool{}
	for _, v := range in {
		v = strings.Join(strings.Fields(v), " ")
		if v == "" || seen[v] {
			continue
		}
		if utf8.RuneCountInString(v) > maxLen || strings.ContainsAny(v, "<>") {
			return nil, "each " + what + " must be at most " + strconv.Itoa(maxLen) + " characters, without < or >"
		}
		if msg := domain.CheckDisplayText(v); msg != "" {
			return nil, "each " + what + ": " + msg
		}
		// Stop as soon as the list is too long: a hostile body may hold
		// any number of entries.
		if len(out) == maxItems {
			return nil, "list at most " + strconv.Itoa(maxItems) + " " + what + "s"
		}
		seen[v] = true
		out = append(out, v)
	}
	return out, ""
}

func parseSalary(in PostingInput, f map[string]string) *Salary {
	if in.SalaryMin == nil && in.SalaryMax == nil {
		return nil
	}
	s := &Salary{Currency: strings.ToUpper(strings.TrimSpace(in.SalaryCurrency)), Period: strings.ToUpper(strings.TrimSpace(in.SalaryPeriod))}
	if in.SalaryMin != nil {
		s.Min = *in.SalaryMin
	}
	if in.SalaryMax != nil {
		s.Max = *in.SalaryMax
	} else {
		s.Max = s.Min
	}
	if in.SalaryMin == nil {
		s.Min = s.Max
	}
	switch {
	case s.Min <= 0 || s.Min > MaxSalary:
		f["salary.min"] = "enter a positive amount"
	case s.Max <= 0 || s.Max > MaxSalary:
		f["salary.max"] = "enter a positive amount"
	case s.Min > s.Max:
		f["salary.min"] = "the minimum is more than the maximum"
	}
	if !contains(Currencies, s.Currency) {
		f["salary.currency"] = "use a currency code such as EUR, GBP or USD"
	}
	if !contains(SalaryPeriods, s.Period) {
		f["salary.period"] = "choose HOUR, DAY, WEEK, MONTH or YEAR"
	}
	return s
}

func parseApply(in PostingInput, p *Posting, f map[string]string) {
	method := strings.ToLower(strings.TrimSpace(in.ApplyMethod))
	if method == "" {
		switch {
		case strings.TrimSpace(in.ApplyURL) != "":
			method = "url"
		case strings.TrimSpace(in.ApplyEmail) != "":
			method = "email"
		}
	}
	switch method {
	case "url":
		raw := strings.TrimSpace(in.ApplyURL)
		u, err := url.Parse(raw)
		if raw == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > MaxURLLength || strings.ContainsAny(raw, " \t\r\n") {
			f["apply_url"] = "enter a full web address starting with https://"
			return
		}
		p.ApplyURL = raw
	case "email":
		e, err := domain.ParseEmail("apply_email", in.ApplyEmail)
		if err != nil {
			f["apply_email"] = "enter the e-mail address applications go to"
			return
		}
		p.ApplyEmail = e
	case "onsite":
		p.ApplyOnSite = true
	default:
		f["apply_url"] = "give an application web address or an e-mail address, or take applications on this board"
	}
}

// ApplyMethod names how candidates apply: url, email or onsite.
func (p Posting) ApplyMethod() string {
	switch {
	case p.ApplyOnSite:
		return "onsite"
	case p.ApplyEmail != "":
		return "email"
	}
	return "url"
}

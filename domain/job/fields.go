// Package job holds the Job aggregate: a posting with its lifecycle from
// draft through review and publication to expiry or closing.
package job

// EmploymentTypes are Google's JobPosting employmentType values.
var EmploymentTypes = []string{"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"}

// Workplaces say where the work happens.
var Workplaces = []string{"onsite", "hybrid", "remote"}

// Worldwide, as the only applicant country of a remote job, says that
// applicants may live anywhere.
const Worldwide = "WORLDWIDE"

// Seniorities are the levels a job can be posted at.
var Seniorities = []string{"intern", "entry", "mid", "senior", "lead", "director", "executive"}

// SalaryPeriods are schema.org unitText values for a salary.
var SalaryPeriods = []string{"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}

// Currencies are the ISO 4217 codes a salary may use.
var Currencies = []string{"EUR", "GBP", "USD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "CAD", "AUD", "NZD", "JPY", "SGD", "HKD", "INR", "CNY", "BRL", "MXN", "ZAR"}

// ApplyMethods say how candidates apply.
var ApplyMethods = []string{"url", "email", "onsite"}

// yearFactor converts a salary in a period to a yearly figure, so that a
// minimum-salary filter can compare postings paid by the hour and by the
// year.
var yearFactor = map[string]int64{"HOUR": 2080, "DAY": 260, "WEEK": 52, "MONTH": 12, "YEAR": 1}

// Limits on posting fields.
const (
	MaxTitleLength       = 150
	MaxDescriptionLength = 50000
	MaxLocations         = 10
	MaxLocationLength    = 120
	MaxTags              = 15
	MaxTagLength         = 40
	MaxCountries         = 60
	MaxSalary            = 100_000_000
	MaxURLLength         = 1000
)

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

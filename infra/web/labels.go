package web

import (
	"fmt"
	"strings"
)

// seniorityLabel names the job levels for people.
var seniorityLabel = map[string]string{"intern": "Intern", "entry": "Entry level", "mid": "Mid-level", "senior": "Senior",
	"lead": "Lead", "director": "Director", "executive": "Executive"}

// salaryPeriodLabel names the salary periods in the job form.
var salaryPeriodLabel = map[string]string{"HOUR": "Hour", "DAY": "Day", "WEEK": "Week", "MONTH": "Month", "YEAR": "Year"}

// label names a stored code for people, for templates: kind is "type"
// (employment type), "workplace" or "seniority"; any other code is shown
// with its first letter upper-cased and underscores as spaces.
func label(kind string, v any) string {
	s := fmt.Sprint(v)
	names := map[string]map[string]string{"type": typeLabel, "workplace": workplaceLabel, "seniority": seniorityLabel}[kind]
	if l, ok := names[s]; ok {
		return l
	}
	if s == "" {
		return s
	}
	s = strings.ReplaceAll(s, "_", " ")
	if strings.ToUpper(s) == s {
		s = strings.ToLower(s)
	}
	return titleCase(s)
}

// labelled turns codes into options named with their labels.
func labelled(codes []string, names map[string]string) []option {
	out := make([]option, len(codes))
	for i, c := range codes {
		out[i] = option{Value: c, Label: names[c]}
		if out[i].Label == "" {
			out[i].Label = label("", c)
		}
	}
	return out
}

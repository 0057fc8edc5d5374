package web

import (
	"strconv"
	"strings"
)

// parseMajor reads an amount typed in major units ("99", "99.5", "1,299.00")
// into minor units, without floating point.
func parseMajor(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || (hasFrac && frac == "") {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || w > 1_000_000_000 {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil || f < 0 {
		return 0, false
	}
	return w*100 + f, true
}

func strconvAtoi(s string) (int, error) { return strconv.Atoi(strings.TrimSpace(s)) }

package systemtest

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jobboard/jobboard/app"
)

var mailLink = regexp.MustCompile(`https?://[^\s"<>]+`)

// LinkToken returns the token of the newest link to path (such as
// "/verify-email") on host ("" for any) in a mail sent to to; it fails
// the test when there is none.
func (e *Env) LinkToken(t testing.TB, to, host, path string) string {
	t.Helper()
	if u := LinkIn(e.Mails.Messages(), to, host, path); u != nil {
		return u.Query().Get("token")
	}
	t.Fatalf("no mail to %s with a link to %s%s", to, host, path)
	return ""
}

// LinkIn returns the newest link with a token to path on host ("" for
// any) in the messages sent to to, or nil.
func LinkIn(msgs []app.Message, to, host, path string) *url.URL {
	for i := len(msgs) - 1; i >= 0; i-- {
		if !strings.EqualFold(msgs[i].To, to) {
			continue
		}
		for _, raw := range mailLink.FindAllString(msgs[i].Text, -1) {
			u, err := url.Parse(raw)
			if err == nil && u.Path == path && u.Query().Get("token") != "" && (host == "" || u.Hostname() == host) {
				return u
			}
		}
	}
	return nil
}

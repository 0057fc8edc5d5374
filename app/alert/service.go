// Package alert runs e-mail job alerts: subscribing with double opt-in,
// confirming, unsubscribing and managing by link, and the worker pass that
// prepares each period's digest once and sends it with retries.
package alert

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/alert"
	"github.com/jobboard/jobboard/domain/board"
)

// Deps are the ports the alert use cases need.
type Deps struct {
	Alerts alert.Repository
	// Search is the public board's job search: digests hold only what the
	// board shows the public.
	Search   appjob.Search
	Boards   board.Repository
	Mailer   app.Mailer
	Throttle app.Throttle
	Tx       app.TxRunner
	Clock    app.Clock
	IDs      app.IDs
	// Key signs the unsubscribe and manage links, which are derived from
	// it rather than stored.
	Key []byte
	// BoardURL returns a board's public address (scheme and host), for
	// the links in mails.
	BoardURL func(b *board.Board) string
	Logger   *slog.Logger
}

// Service runs the alert use cases.
type Service struct{ deps Deps }

// NewService returns the alert service.
func NewService(d Deps) *Service {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Service{deps: d}
}

func (s *Service) now() time.Time { return s.deps.Clock.Now() }

// Limits of the use cases.
const (
	// MaxAlertsPerSubscriber bounds one address's alerts on a board.
	MaxAlertsPerSubscriber = 25
	// MaxConfirmMailsPerHour bounds confirmation mails to one address, so
	// that nobody can flood an inbox by subscribing it.
	MaxConfirmMailsPerHour = 5
	// MaxSubscribesPerClientHour bounds subscription requests from one
	// client address, so that nobody can make the board mail strangers.
	MaxSubscribesPerClientHour = 20
	// MaxDigestJobs is how many jobs a digest lists; it links to the
	// search for the rest.
	MaxDigestJobs = 20
	// Settle is how long the worker waits after a period ends before it
	// mails it, so that a job whose publishing transaction started before
	// the boundary (requests last at most seconds) has committed.
	Settle = 30 * time.Second
)

// Link purposes, part of what is signed so that a link made for one use
// does not work for another.
const (
	purposeUnsubscribe = "alert-unsubscribe"
	purposeManage      = "alert-manage"
)

// sign returns an id with its signature for a purpose on a board.
func (s *Service) sign(purpose string, tenant domain.TenantID, id string) string {
	return id + "." + s.mac(purpose, tenant, id)
}

func (s *Service) mac(purpose string, tenant domain.TenantID, id string) string {
	m := hmac.New(sha256.New, s.deps.Key)
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write([]byte(tenant.String()))
	m.Write([]byte{0})
	m.Write([]byte(id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// verify returns the id a signed link names, or ErrTokenInvalid.
func (s *Service) verify(purpose string, tenant domain.TenantID, token string) (string, error) {
	if len(token) > 120 {
		return "", alert.ErrTokenInvalid
	}
	id, sig, ok := strings.Cut(token, ".")
	if !ok || id == "" || !hmac.Equal([]byte(sig), []byte(s.mac(purpose, tenant, id))) {
		return "", alert.ErrTokenInvalid
	}
	return id, nil
}

// links are the addresses a board's mails point to.
type links struct{ base string }

func (s *Service) links(b *board.Board) links {
	return links{base: strings.TrimRight(s.deps.BoardURL(b), "/")}
}

func (l links) confirm(token string) string     { return l.base + "/alerts/confirm/" + token }
func (l links) unsubscribe(token string) string { return l.base + "/alerts/unsubscribe/" + token }
func (l links) manage(token string) string      { return l.base + "/alerts/manage/" + token }

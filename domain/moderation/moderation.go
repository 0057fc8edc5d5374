// Package moderation holds what a board's staff work with: review
// decisions and their reasons, reports from the public, automatic signals,
// and the append-only audit log.
package moderation

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jobboard/jobboard/domain"
)

// Reason is why an item is rejected or reported.
type Reason string

// Reasons a moderator can give.
const (
	ReasonSpam           Reason = "spam"
	ReasonMisleading     Reason = "misleading"
	ReasonDuplicate      Reason = "duplicate"
	ReasonDiscriminatory Reason = "discriminatory"
	ReasonIncomplete     Reason = "incomplete"
	ReasonOther          Reason = "other"
)

// Reasons lists every reason in the order forms show them.
var Reasons = []Reason{ReasonSpam, ReasonMisleading, ReasonDuplicate, ReasonDiscriminatory, ReasonIncomplete, ReasonOther}

// Label names a reason for people.
func (r Reason) Label() string {
	switch r {
	case ReasonSpam:
		return "Spam"
	case ReasonMisleading:
		return "Misleading"
	case ReasonDuplicate:
		return "Duplicate"
	case ReasonDiscriminatory:
		return "Discriminatory"
	case ReasonIncomplete:
		return "Incomplete"
	}
	return "Other"
}

// ParseReason checks a reason code.
func ParseReason(field, s string) (Reason, error) {
	for _, r := range Reasons {
		if string(r) == strings.TrimSpace(s) {
			return r, nil
		}
	}
	return "", domain.Invalid(field, "choose spam, misleading, duplicate, discriminatory, incomplete or other")
}

// MaxMessageLength bounds a decision's or a report's message.
const MaxMessageLength = 2000

// Decision is a rejection: a reason code and a message for the employer.
type Decision struct {
	Reason  Reason
	Message string
}

// ParseDecision validates a rejection.
func ParseDecision(reason, message string) (Decision, error) {
	f := map[string]string{}
	r, err := ParseReason("reason", reason)
	if err != nil {
		f["reason"] = "choose a reason"
	}
	message = strings.TrimSpace(message)
	switch {
	case utf8.RuneCountInString(message) > MaxMessageLength:
		f["message"] = "use at most 2000 characters"
	case r == ReasonOther && message == "":
		f["message"] = "say what is wrong"
	}
	if len(f) > 0 {
		return Decision{}, domain.InvalidFields(f)
	}
	return Decision{Reason: r, Message: message}, nil
}

// Text is the decision as the employer reads it.
func (d Decision) Text() string {
	if d.Message == "" {
		return d.Reason.Label()
	}
	return d.Reason.Label() + ": " + d.Message
}

// Kind names what an item is.
type Kind string

// Item kinds.
const (
	KindJob     Kind = "job"
	KindCompany Kind = "company"
)

// ParseKind checks an item kind from a URL.
func ParseKind(s string) (Kind, error) {
	switch Kind(s) {
	case KindJob, KindCompany:
		return Kind(s), nil
	}
	return "", domain.NotFound("item")
}

// Report is a complaint about a public item by anyone, signed in or not.
type Report struct {
	ID        string
	Kind      Kind
	ItemID    string
	Reason    Reason
	Note      string
	Reporter  string // user id, or "" for a visitor
	CreatedAt time.Time
	Resolved  bool
}

// NewReport validates a report.
func NewReport(id string, kind Kind, itemID, reason, note, reporter string, now time.Time) (Report, error) {
	f := map[string]string{}
	r, err := ParseReason("reason", reason)
	if err != nil {
		f["reason"] = "choose why you are reporting this"
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxMessageLength {
		f["note"] = "use at most 2000 characters"
	}
	if len(f) > 0 {
		return Report{}, domain.InvalidFields(f)
	}
	return Report{ID: id, Kind: kind, ItemID: itemID, Reason: r, Note: note, Reporter: reporter, CreatedAt: now}, nil
}

// Entry is one line of the audit log: who did what to which item, with
// the state before and after. Entries are only ever added.
type Entry struct {
	ID      string
	At      time.Time
	ActorID string
	Actor   string // display name at the time
	Role    string // the actor's role on the board
	Action  string // e.g. job.approve, company.take_down, settings.update
	Kind    string // job, company, board, staff, price
	ItemID  string
	Before  string // JSON, or ""
	After   string // JSON, or ""
	Note    string
}

// StateJSON is an item's state as an entry's Before or After: JSON, or ""
// for nothing.
func StateJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Action  string
	ActorID string
	Kind    string
	ItemID  string
	Before  *time.Time // entries strictly older than this time
	// After continues a listing: entries that come after this one in the
	// log's order (newest first; equal times by id, descending).
	After *AuditKey
	Limit int
}

// AuditKey is an entry's place in the audit log's order.
type AuditKey struct {
	At time.Time
	ID string
}

// AuditLog stores the append-only audit log of each board. It has no
// method to change or remove an entry.
type AuditLog interface {
	// Append adds an entry, inside the caller's transaction.
	Append(ctx context.Context, tenant domain.TenantID, e Entry) error
	// List returns the newest entries matching f.
	List(ctx context.Context, tenant domain.TenantID, f AuditFilter) ([]Entry, error)
}

// Reports stores reports per board.
type Reports interface {
	// Create stores a report.
	Create(ctx context.Context, tenant domain.TenantID, r Report) error
	// Open lists unresolved reports, oldest first.
	Open(ctx context.Context, tenant domain.TenantID) ([]Report, error)
	// Resolve closes every open report about an item and returns how many
	// it closed.
	Resolve(ctx context.Context, tenant domain.TenantID, kind Kind, itemID string, at time.Time) (int, error)
}

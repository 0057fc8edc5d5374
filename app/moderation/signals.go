package moderation

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/domain/moderation"
)

// Thresholds of the automatic signals.
const (
	duplicateWindow = 30 * 24 * time.Hour
	newCompanyAge   = 7 * 24 * time.Hour
	burstJobs       = 5
)

// jobSignals flags a job: a probable duplicate of another job of the same
// company within 30 days, blocked words or domains, and a brand-new
// company posting many jobs.
func (s *Service) jobSignals(ctx context.Context, tenant domain.TenantID, j job.Snapshot, p job.Posting, c *company.Company, st board.Settings) ([]moderation.Signal, error) {
	out := textSignals(p.Title+"\n"+p.Description+"\n"+strings.Join(p.Tags, " "), []string{p.ApplyURL}, st)
	siblings, err := s.deps.Jobs.ForCompany(ctx, tenant, j.CompanyID)
	if err != nil {
		return nil, err
	}
	recent := 0
	for _, o := range siblings {
		if o.ID == j.ID {
			continue
		}
		if o.CreatedAt.After(j.CreatedAt.Add(-duplicateWindow)) && moderation.SimilarTitles(o.Posting.Title, p.Title) {
			out = append(out, moderation.Signal{Code: "duplicate", Message: "probable duplicate of “" + o.Posting.Title + "” (" + string(o.Status) + ")"})
			break
		}
	}
	created := c.Snapshot().CreatedAt
	if s.now().Sub(created) < newCompanyAge {
		for _, o := range siblings {
			if o.CreatedAt.After(created) {
				recent++
			}
		}
		if recent > burstJobs {
			out = append(out, moderation.Signal{Code: "new_company_burst", Message: "a company registered this week has posted " + strconv.Itoa(recent) + " jobs"})
		}
	}
	return out, nil
}

// textSignals flags blocked words and links to blocked domains.
func textSignals(text string, urls []string, st board.Settings) []moderation.Signal {
	var out []moderation.Signal
	if words := moderation.BlockedWords(text, st.BlockedWords); len(words) > 0 {
		out = append(out, moderation.Signal{Code: "blocked_word", Message: "blocked words: " + strings.Join(words, ", ")})
	}
	if domains := moderation.BlockedDomains(text, urls, st.BlockedDomains); len(domains) > 0 {
		out = append(out, moderation.Signal{Code: "blocked_domain", Message: "links to blocked domains: " + strings.Join(domains, ", ")})
	}
	return out
}

package store

import (
	"cmp"
	"context"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/uptrace/bun"
)

// JobStats counts job views, apply clicks and widget events in memory and
// adds them to the database in batches, so that a page view never waits on
// a write. Counts not yet flushed are lost if the process dies; they are
// statistics, not money.
type JobStats struct {
	db      *DB
	mu      sync.Mutex
	pending map[statKey]*appjob.Stats
}

type statKey struct{ tenant, job string }

// NewJobStats returns the buffered counter.
func NewJobStats(db *DB) *JobStats {
	return &JobStats{db: db, pending: map[statKey]*appjob.Stats{}}
}

var _ appjob.Counter = (*JobStats)(nil)

// Count adds one event of kind to a job.
func (s *JobStats) Count(tenant domain.TenantID, jobID string, kind int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := statKey{tenant.String(), jobID}
	st := s.pending[k]
	if st == nil {
		st = &appjob.Stats{}
		s.pending[k] = st
	}
	switch kind {
	case appjob.CountView:
		st.Views++
	case appjob.CountApplyClick:
		st.ApplyClicks++
	case appjob.CountWidgetImpression:
		st.WidgetImpressions++
	case appjob.CountWidgetClick:
		st.WidgetClicks++
	}
}

// Run flushes every interval until ctx ends, then once more.
func (s *JobStats) Run(ctx context.Context, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			flushCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := s.Flush(flushCtx); err != nil {
				log.Warn("job statistics not saved at shutdown", "err", err)
			}
			cancel()
			return
		case <-t.C:
			if err := s.Flush(ctx); err != nil && ctx.Err() == nil {
				log.Warn("job statistics not saved; will retry", "err", err)
			}
		}
	}
}

// statsBatch is how many jobs' counts one statement adds.
const statsBatch = 200

// Flush adds the pending counts to the database, a batch of jobs per
// statement, in key order so that two instances flushing at once never
// wait on each other's rows crosswise. Counts that fail to save are kept
// for the next flush.
func (s *JobStats) Flush(ctx context.Context) error {
	s.mu.Lock()
	batch := s.pending
	s.pending = map[statKey]*appjob.Stats{}
	s.mu.Unlock()
	keys := slices.SortedFunc(maps.Keys(batch), func(a, b statKey) int {
		return cmp.Or(strings.Compare(a.tenant, b.tenant), strings.Compare(a.job, b.job))
	})
	id := "?"
	if s.db.IsPostgres() {
		id = "CAST(? AS uuid)"
	}
	for len(keys) > 0 {
		chunk := keys[:min(statsBatch, len(keys))]
		rows := make([]string, len(chunk))
		args := make([]any, 0, 6*len(chunk))
		for i, k := range chunk {
			st := batch[k]
			rows[i] = "(" + id + ", " + id + ", ?, ?, ?, ?)"
			args = append(args, k.tenant, k.job, st.Views, st.ApplyClicks, st.WidgetImpressions, st.WidgetClicks)
		}
		// The counts of a job deleted meanwhile are dropped.
		_, err := s.db.DB.NewRaw(`INSERT INTO job_stats (tenant_id, job_id, views, apply_clicks, widget_impressions, widget_clicks)
SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6 FROM (VALUES `+strings.Join(rows, ", ")+`) AS v
WHERE EXISTS (SELECT 1 FROM jobs AS j WHERE j.tenant_id = v.column1 AND j.id = v.column2)
ON CONFLICT (tenant_id, job_id) DO UPDATE SET
  views = job_stats.views + EXCLUDED.views,
  apply_clicks = job_stats.apply_clicks + EXCLUDED.apply_clicks,
  widget_impressions = job_stats.widget_impressions + EXCLUDED.widget_impressions,
  widget_clicks = job_stats.widget_clicks + EXCLUDED.widget_clicks`, args...).Exec(ctx)
		if err != nil {
			for _, k := range keys {
				s.requeue(k, batch[k])
			}
			return translate(err)
		}
		keys = keys[len(chunk):]
	}
	return nil
}

func (s *JobStats) requeue(k statKey, st *appjob.Stats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.pending[k]
	if cur == nil {
		s.pending[k] = st
		return
	}
	cur.Views += st.Views
	cur.ApplyClicks += st.ApplyClicks
	cur.WidgetImpressions += st.WidgetImpressions
	cur.WidgetClicks += st.WidgetClicks
}

// Stats returns the saved counters of the jobs plus this instance's
// unsaved counts.
func (s *JobStats) Stats(ctx context.Context, tenant domain.TenantID, jobIDs []string) (map[string]appjob.Stats, error) {
	out := make(map[string]appjob.Stats, len(jobIDs))
	if len(jobIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		JobID             string `bun:"job_id"`
		Views             int64  `bun:"views"`
		ApplyClicks       int64  `bun:"apply_clicks"`
		WidgetImpressions int64  `bun:"widget_impressions"`
		WidgetClicks      int64  `bun:"widget_clicks"`
	}
	err := s.db.DB.NewSelect().Table("job_stats").Column("job_id", "views", "apply_clicks", "widget_impressions", "widget_clicks").
		Where("tenant_id = ? AND job_id IN (?)", tenant.String(), bun.In(jobIDs)).Scan(ctx, &rows)
	if err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[r.JobID] = appjob.Stats{Views: r.Views, ApplyClicks: r.ApplyClicks, WidgetImpressions: r.WidgetImpressions, WidgetClicks: r.WidgetClicks}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range jobIDs {
		if p := s.pending[statKey{tenant.String(), id}]; p != nil {
			st := out[id]
			st.Views += p.Views
			st.ApplyClicks += p.ApplyClicks
			st.WidgetImpressions += p.WidgetImpressions
			st.WidgetClicks += p.WidgetClicks
			out[id] = st
		}
	}
	return out, nil
}

package web_test

import (
	"context"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/infra/store"
)

// cacheRenameJob renames a job through its repository, as any use case
// saves a job, bypassing review: the caches must show it at once.
func cacheRenameJob(t *testing.T, h *harness, tenant, id, title string) {
	t.Helper()
	jobs := store.NewJobs(h.db)
	err := h.db.RunInTx(context.Background(), func(ctx context.Context) error {
		j, err := jobs.LockByID(ctx, domain.TenantID(tenant), id)
		if err != nil {
			return err
		}
		s := j.Snapshot()
		s.Posting.Title = title
		return jobs.Update(ctx, domain.TenantID(tenant), job.Rehydrate(s))
	})
	if err != nil {
		t.Fatalf("rename job %s: %v", id, err)
	}
}

// cacheSetBoardStatus suspends or reopens a board through its repository.
func cacheSetBoardStatus(t *testing.T, h *harness, tenant string, suspend bool) {
	t.Helper()
	boards := store.NewBoards(h.db)
	err := h.db.RunInTx(context.Background(), func(ctx context.Context) error {
		b, err := boards.LockByID(ctx, domain.TenantID(tenant))
		if err != nil {
			return err
		}
		if suspend {
			err = b.Suspend()
		} else {
			err = b.Reopen()
		}
		if err != nil {
			return err
		}
		return boards.Update(ctx, b)
	})
	if err != nil {
		t.Fatalf("set board %s suspended=%v: %v", tenant, suspend, err)
	}
}

// cacheTakeDownCompany takes a company down through its repository.
func cacheTakeDownCompany(t *testing.T, h *harness, tenant, id string) {
	t.Helper()
	companies := store.NewCompanies(h.db)
	err := h.db.RunInTx(context.Background(), func(ctx context.Context) error {
		c, err := companies.LockByID(ctx, domain.TenantID(tenant), id)
		if err != nil {
			return err
		}
		if err := c.TakeDown(time.Now().UTC()); err != nil {
			return err
		}
		return companies.Update(ctx, domain.TenantID(tenant), c)
	})
	if err != nil {
		t.Fatalf("take down company %s: %v", id, err)
	}
}

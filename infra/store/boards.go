package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/uptrace/bun"
)

type boardRow struct {
	bun.BaseModel `bun:"table:boards"`

	ID           string    `bun:"id,pk"`
	Slug         string    `bun:"slug"`
	Name         string    `bun:"name"`
	Status       string    `bun:"status"`
	CustomDomain *string   `bun:"custom_domain"`
	Settings     string    `bun:"settings"`
	CreatedAt    time.Time `bun:"created_at"`
	UpdatedAt    time.Time `bun:"updated_at"`
}

func newBoardRow(b *board.Board) (*boardRow, error) {
	settings, err := json.Marshal(b.Settings())
	if err != nil {
		return nil, fmt.Errorf("store: encode settings: %w", err)
	}
	row := &boardRow{
		ID: b.ID().String(), Slug: b.Slug().String(), Name: b.Name(), Status: string(b.Status()),
		Settings: string(settings), CreatedAt: b.CreatedAt(), UpdatedAt: time.Now().UTC(),
	}
	if d := b.CustomDomain(); d != "" {
		row.CustomDomain = &d
	}
	return row, nil
}

func (r *boardRow) toDomain() (*board.Board, error) {
	settings := board.DefaultSettings()
	if err := json.Unmarshal([]byte(r.Settings), &settings); err != nil {
		return nil, fmt.Errorf("store: decode settings of board %s: %w", r.ID, err)
	}
	var customDomain string
	if r.CustomDomain != nil {
		customDomain = *r.CustomDomain
	}
	return board.Rehydrate(domain.TenantID(r.ID), r.Slug, r.Name, board.Status(r.Status), customDomain, settings, r.CreatedAt), nil
}

// Boards is the board repository.
type Boards struct{ db *DB }

// NewBoards returns the board repository.
func NewBoards(db *DB) *Boards { return &Boards{db: db} }

var errSlugTaken = domain.Conflict("slug_taken", "this slug is already taken")

// Create inserts a board; a taken slug or domain is KindConflict.
func (r *Boards) Create(ctx context.Context, b *board.Board) error {
	row, err := newBoardRow(b)
	if err != nil {
		return err
	}
	_, err = r.db.conn(ctx).NewInsert().Model(row).Exec(ctx)
	switch {
	case isUniqueViolation(err, "boards_slug_key", "boards.slug"):
		e := *errSlugTaken
		e.Fields = map[string]string{"slug": "this slug is already taken"}
		return &e
	case isUniqueViolation(err, "boards_custom_domain_key", "boards.custom_domain"):
		return &domain.Error{Kind: domain.KindConflict, Code: "domain_taken", Message: "this domain is used by another board", Fields: map[string]string{"custom_domain": "this domain is used by another board"}}
	}
	if err == nil {
		r.db.boardChanged(ctx, b.ID())
	}
	return translate(err)
}

// Update saves name, status, custom domain and settings of a board read
// with LockByID in the caller's transaction.
func (r *Boards) Update(ctx context.Context, b *board.Board) error {
	row, err := newBoardRow(b)
	if err != nil {
		return err
	}
	if err := r.db.requireLocked(ctx, "boards", row.ID, row.ID); err != nil {
		return err
	}
	r.db.boardChanged(ctx, b.ID())
	before, err := r.db.analyzer(ctx, b.ID())
	if err != nil {
		return err
	}
	res, err := r.db.conn(ctx).NewUpdate().Model(row).
		Column("name", "status", "custom_domain", "settings", "updated_at").
		WherePK().Exec(ctx)
	if isUniqueViolation(err, "boards_custom_domain_key", "boards.custom_domain") {
		return &domain.Error{Kind: domain.KindConflict, Code: "domain_taken", Message: "this domain is used by another board", Fields: map[string]string{"custom_domain": "this domain is used by another board"}}
	}
	if err != nil {
		return translate(err)
	}
	if err := expectOne(res, "board"); err != nil {
		return err
	}
	// The jobs' search tokens follow the board's language.
	if newAnalyzer(b.ID(), b.Settings().Language).lang != before.lang {
		return r.db.indexJobs(ctx, b.ID(), "")
	}
	return nil
}

func (r *Boards) one(ctx context.Context, where string, arg any) (*board.Board, error) {
	return r.scanOne(ctx, r.db.conn(ctx).NewSelect().Where(where, arg))
}

func (r *Boards) scanOne(ctx context.Context, q *bun.SelectQuery) (*board.Board, error) {
	row := new(boardRow)
	if err := q.Model(row).Limit(1).Scan(ctx); err != nil {
		if err = translate(err); err == domain.ErrNotFound {
			return nil, domain.NotFound("board")
		}
		return nil, err
	}
	return row.toDomain()
}

// ByID returns a board or KindNotFound.
func (r *Boards) ByID(ctx context.Context, id domain.TenantID) (*board.Board, error) {
	if !isUUID(string(id)) {
		return nil, domain.NotFound("board")
	}
	return r.one(ctx, "id = ?", string(id))
}

// LockByID returns a board locked until the caller's transaction ends, the
// only read that Update accepts.
func (r *Boards) LockByID(ctx context.Context, id domain.TenantID) (*board.Board, error) {
	if !isUUID(string(id)) {
		return nil, domain.NotFound("board")
	}
	q, err := r.db.forUpdate(ctx, r.db.conn(ctx).NewSelect().Where("id = ?", string(id)), "", "boards", string(id), string(id))
	if err != nil {
		return nil, err
	}
	return r.scanOne(ctx, q)
}

// BySlug returns a board or KindNotFound.
func (r *Boards) BySlug(ctx context.Context, slug string) (*board.Board, error) {
	return r.one(ctx, "slug = ?", slug)
}

// ByDomain returns the board whose custom domain is host, or KindNotFound.
func (r *Boards) ByDomain(ctx context.Context, host string) (*board.Board, error) {
	return r.one(ctx, "custom_domain = ?", host)
}

// List returns every board ordered by name.
func (r *Boards) List(ctx context.Context) ([]*board.Board, error) {
	var rows []boardRow
	if err := r.db.conn(ctx).NewSelect().Model(&rows).Order("name", "slug").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]*board.Board, 0, len(rows))
	for i := range rows {
		b, err := rows[i].toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

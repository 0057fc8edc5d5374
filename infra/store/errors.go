package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jobboard/jobboard/domain"
	"modernc.org/sqlite"
)

// translate maps driver errors to domain errors: no rows → not found, a
// lost or refused connection → unavailable. Other errors pass through
// wrapped so that callers can still inspect them.
func translate(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return domain.ErrNotFound
	case isDomain(err):
		return err
	case isUnavailable(err):
		return domain.Unavailable(err)
	}
	return err
}

func isDomain(err error) bool {
	var e *domain.Error
	return errors.As(err, &e)
}

func isUnavailable(err error) bool {
	var (
		netErr  net.Error
		connErr *pgconn.ConnectError
	)
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.As(err, &netErr), errors.As(err, &connErr):
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 08: connection exception; 57P01-03: admin shutdown, crash
		// shutdown, cannot connect now; 57014: the query was cancelled (its
		// request ended, or a statement timeout).
		return strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P0") || pgErr.Code == "57014"
	}
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "connection refused") || strings.Contains(msg, "failed to connect")
}

// isUniqueViolation reports whether err is a unique or primary key
// violation, optionally of the named constraint (PostgreSQL) or column list
// (SQLite, which reports "table.col, table.col").
func isUniqueViolation(err error, pgConstraint, sqliteColumns string) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505" && (pgConstraint == "" || pgErr.ConstraintName == pgConstraint)
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		code := sqErr.Code()
		// 2067 SQLITE_CONSTRAINT_UNIQUE, 1555 SQLITE_CONSTRAINT_PRIMARYKEY
		return (code == 2067 || code == 1555) && (sqliteColumns == "" || strings.Contains(sqErr.Error(), sqliteColumns))
	}
	return false
}

// isForeignKeyViolation reports whether err is a foreign key violation.
func isForeignKeyViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23503"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		return sqErr.Code() == 787 // SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

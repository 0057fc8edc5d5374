package web_test

import (
	"testing"

	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
)

func storetestOpenSQLite(t *testing.T) *store.DB { return storetest.Open(t, store.SQLite) }

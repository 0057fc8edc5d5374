# Jobboard. `make run` serves the demo; `make test` runs every test.
GO      ?= go
BIN     := bin/jobboard
BENCH   := bin/jobboard-bench
PKGS    := ./...

.PHONY: run build build-bench tools test test-short vet bench bench-micro clean

run: build ## migrate an SQLite file under ./data, seed the demo board, serve on :8080
	$(BIN) migrate up
	$(BIN) seed --demo
	$(BIN) serve

build:
	$(GO) build -o $(BIN) ./cmd/jobboard

build-bench: build
	$(GO) build -o $(BENCH) ./cmd/jobboard-bench

tools: ## programs the tests start; without them those tests skip, so a failed install only warns
	$(GO) install github.com/stripe/stripe-mock@latest || echo "warning: could not install stripe-mock; the tests that need it will skip" >&2
	$(GO) install github.com/axllent/mailpit@v1.33.1 || echo "warning: could not install mailpit; the tests that send real mail will skip" >&2

test: tools ## every test with the race detector; set TEST_DATABASE_URL to add PostgreSQL
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "$$CHROMIUM_PATH" ] || \
		echo "note: no Chromium found, so the browser journeys (cmd/jobboard TestJourney*) skip; apt-get install chromium to run them" >&2
	$(GO) mod tidy -diff
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 -timeout 30m $(PKGS)

test-short: ## the quick loop: SQLite only, no browser, no race detector
	TEST_DATABASE_URL= $(GO) test -short -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

# The load benchmark (see BENCHMARKS.md). SQLite under ./data by default,
# seeded once with BENCH_SEED; BENCH_DATABASE_URL=postgres://... measures
# PostgreSQL (BENCH_SEED= seeds the full 200 boards / 1M jobs there).
BENCH_DATABASE_URL ?= sqlite:./data/bench.db
BENCH_SEED         ?= --boards 50 --companies 5000 --jobs 100000
BENCH_FLAGS        ?=

bench: build-bench ## seed the bench data if absent, then load every endpoint and report into ./bench-results
	DATABASE_URL='$(BENCH_DATABASE_URL)' $(BENCH) seed --if-empty $(BENCH_SEED)
	DATABASE_URL='$(BENCH_DATABASE_URL)' $(BENCH) run $(BENCH_FLAGS)

bench-micro: ## micro-benchmarks with allocation counts
	$(GO) test -run='^$$' -bench=. -benchmem $(PKGS)

clean:
	rm -rf bin data

# Jobboard. `make run` serves the demo; `make test` runs every test.
GO      ?= go
BIN     := bin/jobboard
PKGS    := ./...

.PHONY: run build tools test test-short vet bench clean

run: build ## migrate an SQLite file under ./data, seed the demo board, serve on :8080
	$(BIN) migrate up
	$(BIN) seed --demo
	$(BIN) serve

build:
	$(GO) build -o $(BIN) ./cmd/jobboard

tools: ## programs the tests start; without them those tests skip, so a failed install only warns
	$(GO) install github.com/stripe/stripe-mock@latest || echo "warning: could not install stripe-mock; the tests that need it will skip" >&2

test: tools ## every test with the race detector; set TEST_DATABASE_URL to add PostgreSQL
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 $(PKGS)

test-short:
	$(GO) test -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

bench: ## micro-benchmarks with allocation counts
	$(GO) test -run='^$$' -bench=. -benchmem $(PKGS)

clean:
	rm -rf bin data

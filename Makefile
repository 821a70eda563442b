# Thin wrapper over Meson: the two commands of the README and a few helpers.
# `make run` builds and starts Randa on the demo region; `make check` runs
# every test.

BUILD    ?= build
SANBUILD ?= build-san
DB       ?= randa.db
MESON    ?= meson

SOURCES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)

.PHONY: all deps build run check test test-san valgrind format format-check \
        sql-check test-api test-browser test-solver test-pg test-crash bench \
        bench-solver bench-dp fuzz clean

all: build

deps:
	@sh scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	$(MESON) setup $(BUILD)

$(SANBUILD)/build.ninja: | deps
	$(MESON) setup $(SANBUILD) -Db_sanitize=address,undefined \
	    -Db_lundef=false -Dbuildtype=debug

build: deps $(BUILD)/build.ninja
	$(MESON) compile -C $(BUILD)

LISTEN ?= 127.0.0.1:8080

run: build
	@if [ ! -f "$(DB)" ]; then $(BUILD)/randa demo --db "$(DB)"; fi
	@echo "Log in at http://$(LISTEN)/ as one of these users; the demo users'"
	@echo "password is randa-demo-2026 (see README.md):"
	@$(BUILD)/randa user list --db "$(DB)"
	$(BUILD)/randa serve --db "$(DB)" --listen "$(LISTEN)"

check: deps
	@sh scripts/check.sh

test: build
	$(MESON) test -C $(BUILD) --print-errorlogs

test-san: deps $(SANBUILD)/build.ninja
	$(MESON) compile -C $(SANBUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $(MESON) test -C $(SANBUILD) --print-errorlogs

# node:test suites run against the real binary: $(call node_test,LOG,JOBS,DIR)
# prints the spec report and writes TAP to $(BUILD)/node-logs/LOG.tap, which
# scripts/check.sh sums up.
node_test = mkdir -p $(BUILD)/node-logs && \
	RANDA_BIN=$(BUILD)/randa node --test --test-concurrency=$(2) \
	    --test-reporter=spec --test-reporter-destination=stdout \
	    --test-reporter=tap \
	    --test-reporter-destination=$(BUILD)/node-logs/$(1).tap $(3)

# The API against a running `randa serve`.
test-api: build
	@$(call node_test,api,2,tests/api/)

# `randa serve` killed with SIGKILL again and again under concurrent API
# writes: what was acknowledged survives, nothing is half written
# (CRASH_CYCLES kills, default 15; CRASH_SEED replays one run).
test-crash: build
	@$(call node_test,crash,1,tests/crash/)

# randa check (and later randa plan) on problem and plan files.
test-solver: build
	@$(call node_test,solver,2,tests/solver/)

# The API (planning from the database included) and the UI again, against
# a throw-away PostgreSQL server (scripts/test-pg.sh).
test-pg: build
	@RANDA_BIN=$(BUILD)/randa sh scripts/test-pg.sh

# The exchange between regions alone (issue 17): three `randa serve` on
# loopback with their own databases, and HTTPS to a peer. These suites are
# part of test-api and test-pg, so of `make check`, too.
.PHONY: test-exchange
test-exchange: build
	@$(call node_test,exchange,1,tests/api/exchange.test.mjs tests/api/exchange-tls.test.mjs)

# The UI in headless Chromium (one browser at a time).
test-browser: build
	@$(call node_test,browser,1,tests/browser/)

# libFuzzer on the parsers of outside input (FUZZ_SECONDS per target).
FUZZ_SECONDS ?= 30
fuzz: deps
	sh scripts/fuzz.sh $(FUZZ_SECONDS)

# HTTP load on the place overview (docs/benchmarks.md).
bench: build
	sh bench/places.sh

# The optimiser against first come, first served, CBC and HiGHS
# (docs/benchmarks.md); `make bench-solver BENCH_FLAGS=--quick` for a short run.
bench-solver: build
	sh bench/solver.sh $(BENCH_FLAGS)

# The optimiser's per-trainee programme on a fixed amount of work, on the
# 1,000-trainee benchmark problem (docs/benchmarks.md).
bench-dp: build
	node bench/gen.mjs 1000 > $(BUILD)/bench-p1000.json
	$(BUILD)/bench_dp $(BUILD)/bench-p1000.json 50

# The real binary under valgrind, `randa serve` included: no leaks, no
# errors.
valgrind: build
	@RANDA_BIN=$(BUILD)/randa sh scripts/valgrind.sh

format:
	clang-format -i $(SOURCES)

format-check: deps
	clang-format --dry-run -Werror $(SOURCES)

# SQL only as string literals handed to prepared statements, never text
# built at run time (scripts/sql-check.sh).
sql-check:
	@sh scripts/sql-check.sh

clean:
	rm -rf $(BUILD) $(SANBUILD)

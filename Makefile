# Thin wrapper over Meson: the two commands of the README and a few helpers.
# `make run` builds and starts Randa on the demo region; `make check` runs
# every test.

BUILD    ?= build
SANBUILD ?= build-san
DB       ?= randa.db
MESON    ?= meson

SOURCES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)

.PHONY: all deps build run check test test-san valgrind format format-check \
        clean

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

run: build
	@if [ ! -f "$(DB)" ]; then $(BUILD)/randa demo --db "$(DB)"; fi
	$(BUILD)/randa summary --db "$(DB)"

check: deps
	@sh scripts/check.sh

test: build
	$(MESON) test -C $(BUILD) --print-errorlogs

test-san: deps $(SANBUILD)/build.ninja
	$(MESON) compile -C $(SANBUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $(MESON) test -C $(SANBUILD) --print-errorlogs

# The real binary under valgrind on a small demo region: no leaks, no errors.
VALGRIND = valgrind -q --error-exitcode=1 --leak-check=full \
           --errors-for-leak-kinds=all
valgrind: build
	@tmp=$$(mktemp -d); \
	$(VALGRIND) $(BUILD)/randa demo --db "$$tmp/v.db" --trainees 120 \
	    --today 2026-11-23 >/dev/null && \
	$(VALGRIND) $(BUILD)/randa summary --db "$$tmp/v.db" >/dev/null; \
	rc=$$?; rm -rf "$$tmp"; \
	if [ $$rc -eq 0 ]; then echo "valgrind: clean"; \
	else echo "valgrind: errors"; fi; exit $$rc

format:
	clang-format -i $(SOURCES)

format-check: deps
	clang-format --dry-run -Werror $(SOURCES)

clean:
	rm -rf $(BUILD) $(SANBUILD)

# The README's two commands: `make demo` and `make test`. Both install what is missing first.
BUILD_DIR   ?= build
BUILD_TYPE  ?= Release
JOBS        ?= $(shell nproc)
CMAKE_FLAGS ?=
# `make sanitize` runs every C++ test; SANITIZE_TESTS="-L 'io|cli'" (ctest arguments) narrows it.
SANITIZE_TESTS ?=
# `make fuzz`: each fuzzer this many seconds; `make fuzz-long`: FUZZ_LONG_SECONDS each.
FUZZ_DIR          ?= build-fuzz
FUZZ_SECONDS      ?= 30
FUZZ_LONG_SECONDS ?= 3600
# A campaign: `make fuzz-long FUZZ_LONG_SECONDS=0 FUZZ_RUNS=10000000` stops each fuzzer after that many
# executions instead. FUZZ_SANITIZE=OFF builds the fuzzers without ASan/UBSan (crashes, hangs and
# memory blow-ups are still findings), about twice as fast, for long campaigns in FUZZ_DIR.
FUZZ_RUNS         ?= 0
FUZZ_SANITIZE     ?= ON
# FUZZ_TARGETS="matrix scenarios" runs only those targets (default: all six).
FUZZ_TARGETS      ?=
# One C++ compiler for build/ and the Python extension's build-pip/ (CXX, else c++), and ccache as the
# launcher of every tree once install-deps has put it there: the extension's library objects are then
# build/'s, and a rebuild after a branch switch is quick. CCACHE_BASEDIR makes the cache keys relative.
ifeq ($(origin CXX),default)
CXX := c++
endif
export CCACHE_BASEDIR := $(CURDIR)
CCACHE_LAUNCHER = $$(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CMAKE_TOOLS = -DCMAKE_CXX_COMPILER=$(CXX) $(CCACHE_LAUNCHER)
# The sanitizer build uses clang: it compiles the instrumented tests in about half g++'s time.
SANITIZE_CXX      ?= clang++

.PHONY: all deps configure build demo test python stubs report-screenshots sanitize fuzz-build fuzz fuzz-long bench clean

all: build

deps:
	@./scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_TOOLS) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The main job on the embedded default: a children's services delivery-vehicle appraisal.
demo: build
	@$(BUILD_DIR)/adva appraise

# Every C++ test (unit, reference cases, CLI end to end, install + find_package consumer), then the
# Python package's tests (pytest in .venv): among them the browser tests of the HTML report
# (Debian's chromium driven by Playwright), the docs test, which runs every command block of
# README.md and docs/ as written with this build's adva, and the package's hygiene (mypy --strict,
# ruff, stubs as nanobind generates them, no import cycle: tests/python/test_package_hygiene.py).
test: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory python
	@ADVA_BUILD_DIR=$(BUILD_DIR) .venv/bin/python -m pytest tests/python -q

# The Python environment .venv with the package installed (`pip install .`, incremental). The
# extension is configured with the same compiler and CMAKE_FLAGS as the C++ build (e.g.
# -DADVA_WERROR=ON) unless CMAKE_ARGS, scikit-build-core's own variable, is set.
PYTHON_CMAKE_ARGS = CMAKE_ARGS="$${CMAKE_ARGS:-$(CMAKE_TOOLS) $(CMAKE_FLAGS)}"
python: deps
	@$(PYTHON_CMAKE_ARGS) ./scripts/python-env.sh

# Regenerates the checked-in stubs of the extension, bindings/python/src/adva/_core.pyi, with nanobind's
# stub generator from the module `make python` installed (after a binding's signature changes; the
# Python tests fail while the stubs differ from what the module generates), then reinstalls the
# package so that it ships them.
STUB := bindings/python/src/adva/_core.pyi
stubs: python
	@.venv/bin/python -m nanobind.stubgen -q -m adva._core -p bindings/python/stubgen-patterns.txt -o $(STUB)
	@$(PYTHON_CMAKE_ARGS) ./scripts/python-env.sh

# A PNG of each section of the HTML decision report of the embedded model (or REPORT_MODEL), in
# build/report-screenshots/, for review by eye; not committed.
REPORT_MODEL ?= -
report-screenshots: python
	@.venv/bin/python scripts/report_screenshots.py $(REPORT_MODEL) $(BUILD_DIR)/report-screenshots

# C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer (clang, SANITIZE_CXX).
sanitize:
	@./scripts/install-deps.sh clang
	@$(MAKE) --no-print-directory build BUILD_DIR=build-sanitize BUILD_TYPE=Debug CXX=$(SANITIZE_CXX) CMAKE_FLAGS="$(CMAKE_FLAGS) -DADVA_SANITIZE=ON -DADVA_BUILD_BENCHMARKS=OFF"
	@ctest --test-dir build-sanitize --output-on-failure -j $(JOBS) $(SANITIZE_TESTS)

# The libFuzzer targets of tests/fuzz (clang, ASan + UBSan), then each fuzzer for FUZZ_SECONDS from
# its seeds and the corpus it keeps in $(FUZZ_DIR)/corpus (tests/fuzz/README.md). Fails on a finding.
fuzz-build:
	@./scripts/install-deps.sh clang
	@cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ $(CCACHE_LAUNCHER) \
	       -DADVA_BUILD_FUZZERS=ON -DADVA_SANITIZE=$(FUZZ_SANITIZE) -DADVA_BUILD_TESTS=OFF -DADVA_BUILD_CLI=OFF -DADVA_INSTALL=OFF \
	       $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(FUZZ_DIR) -j $(JOBS) --target adva_fuzzers

fuzz: fuzz-build
	@./scripts/fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_RUNS) $(FUZZ_TARGETS)

fuzz-long: fuzz-build
	@./scripts/fuzz.sh $(FUZZ_DIR) $(FUZZ_LONG_SECONDS) $(FUZZ_RUNS) $(FUZZ_TARGETS)

bench:
	@$(MAKE) --no-print-directory build CMAKE_FLAGS="-DADVA_BUILD_BENCHMARKS=ON"
	@for b in $(BUILD_DIR)/benchmarks/adva_bench_*; do $$b; done

clean:
	rm -rf build build-sanitize build-pip $(FUZZ_DIR)

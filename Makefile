# The README's two commands: `make demo` and `make test`. Both install what is missing first.
BUILD_DIR   ?= build
BUILD_TYPE  ?= Release
JOBS        ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test python sanitize bench clean

all: build

deps:
	@./scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The main job on the embedded default: a children's services delivery-vehicle appraisal.
demo: build
	@$(BUILD_DIR)/adva appraise

# Every C++ test (unit, reference cases, CLI end to end, install + find_package consumer), then the
# Python package's tests (pytest in .venv).
test: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory python
	@.venv/bin/python -m pytest tests/python -q

# The Python environment .venv with the package installed (`pip install .`, incremental).
python: deps
	@./scripts/python-env.sh

# C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer.
sanitize:
	@$(MAKE) --no-print-directory test BUILD_DIR=build-sanitize BUILD_TYPE=Debug CMAKE_FLAGS="-DADVA_SANITIZE=ON -DADVA_BUILD_BENCHMARKS=OFF"

bench:
	@$(MAKE) --no-print-directory build CMAKE_FLAGS="-DADVA_BUILD_BENCHMARKS=ON"
	@for b in $(BUILD_DIR)/benchmarks/adva_bench_*; do $$b; done

clean:
	rm -rf build build-sanitize build-pip

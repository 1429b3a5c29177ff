#!/usr/bin/env bash
# Creates the repository's Python environment .venv (if missing), installs the Python packages adva
# needs to build, run and test (numpy, pandas, matplotlib, openpyxl, pytest, hypothesis,
# scikit-build-core, nanobind, dask[distributed] for adva.batch.run_dask, playwright for the browser tests
# of the HTML report: it drives Debian's chromium, never a browser of its own; jsonschema for the
# check of the CLI's JSON against schema/ (the test extra of pyproject.toml); mypy, pandas-stubs,
# types-openpyxl and ruff for the package's type and lint checks in make test) when they are missing, then builds and
# installs the package with `pip install .` (incremental: the build tree build-pip/ is kept between runs).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${ADVA_VENV:-.venv}
# The checkers and the stub generator are pinned: a new release may add findings or write the
# stubs differently, and make test must not fail on a fresh machine for that alone.
requirements=(numpy pandas matplotlib openpyxl pytest hypothesis "scikit-build-core>=0.10" "nanobind==3.1.0" "dask[distributed]" playwright
              "jsonschema>=4.18"
              "mypy==2.4.1" "pandas-stubs==3.1.0.261029" "types-openpyxl==3.1.5.20261017" "ruff==0.17.6")

if [ ! -x "$venv/bin/python" ]; then
  echo "python-env: creating $venv"
  python3 -m venv "$venv"
fi
stamp="$venv/.adva-requirements"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${requirements[*]}" ]; then
  echo "python-env: installing ${requirements[*]}"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${requirements[@]}"
  echo "${requirements[*]}" > "$stamp"
fi
# --no-build-isolation: build with the venv's scikit-build-core and nanobind, so the CMake cache in
# build-pip/ stays valid and only changed sources are recompiled.
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)} \
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-build-isolation .

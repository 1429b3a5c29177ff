#!/usr/bin/env bash
# Installs what adva needs and is missing: Debian packages with apt-get, Python packages with pip.
# libxlsxwriter, libzip and expat write and read scoring sheets as workbooks (.xlsx). chromium and
# poppler-utils (pdftoppm) are for the browser tests of the HTML report (make test).
# ccache lets the build trees share compiled objects (the Python extension reuses build/'s library).
# Idempotent and quiet when everything is present; safe to run on every `make`. With the argument
# `clang` (`make sanitize`, `make fuzz`) also clang and its sanitizer and libFuzzer runtimes.
set -euo pipefail

debian_packages=(
  g++ cmake ninja-build pkg-config make ccache
  libeigen3-dev nlohmann-json3-dev libboost-math-dev libboost-program-options-dev
  catch2 libbenchmark-dev libtbb-dev librandom123-dev coinor-libclp-dev libssl-dev
  libxlsxwriter-dev libzip-dev libexpat1-dev
  python3 python3-venv python3-pip
  chromium poppler-utils
)
# clang 14 (Debian 12) finds libclang_rt.{asan,ubsan,fuzzer} in libclang-rt-14-dev, which clang only
# recommends.
clang_packages=(clang libclang-rt-14-dev)
[ "${1:-}" = clang ] && debian_packages+=("${clang_packages[@]}")
python_packages=(${ADVA_PYTHON_PACKAGES:-})

missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ${#python_packages[@]} -gt 0 ]; then
  python3 -m pip install -q --disable-pip-version-check "${python_packages[@]}"
fi

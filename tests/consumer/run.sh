#!/usr/bin/env bash
# Installs the built adva into a temporary prefix, then configures, builds and runs a consumer
# project that only knows find_package(adva CONFIG REQUIRED).
set -euo pipefail
build_dir=$1; consumer_src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$consumer_src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"
test -x "$work/prefix/bin/adva" && "$work/prefix/bin/adva" --help >/dev/null
echo "consumer OK"

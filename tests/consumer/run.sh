#!/usr/bin/env bash
# Installs the built adva into a temporary prefix, then configures, builds and runs a consumer
# project that only knows find_package(adva CONFIG REQUIRED): one program per target. Each
# program's link command must name only what its target needs.
set -euo pipefail
build_dir=$1; consumer_src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$consumer_src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null

# Fails when the link command of program $1 mentions any of the patterns after it.
links_none_of() {
  local program=$1; shift
  local command
  command=$(ninja -C "$work/build" -t commands "$program" | tail -n 1)
  for pattern in "$@"; do
    if grep -qiE -- "$pattern" <<<"$command"; then
      echo "consumer: $program links $pattern: $command" >&2
      exit 1
    fi
  done
}
workbooks='xlsxwriter|libzip|-lzip|expat'
links_none_of headers_only_program 'libadva_' 'clp|coinutils' 'crypto' "$workbooks"
links_none_of core_program 'libadva_(lp|io)' 'clp|coinutils' "$workbooks"
links_none_of lp_program 'libadva_(core|io)' 'crypto' "$workbooks"

for program in headers_only_program core_program lp_program io_program; do
  "$work/build/$program"
done
test -x "$work/prefix/bin/adva" && "$work/prefix/bin/adva" --help >/dev/null
echo "consumer OK"

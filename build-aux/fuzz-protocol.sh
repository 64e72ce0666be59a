#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build-aux/fuzz-protocol.sh [SECONDS]: fuzz the protocol loader.
#
# Configures a clang build in build-fuzz with ASan and UBSan, with the core
# instrumented for coverage, builds the libFuzzer target and runs it for
# SECONDS (default 60) on a corpus seeded from the protocol and its test
# fixtures. A crash leaves its input in build-fuzz/fuzz-artifacts/.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
seconds=${1:-60}
build=build-fuzz

if [ ! -d "$build" ]; then
  CC=clang meson setup "$build" \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link -Dwerror=true
fi
ninja -C "$build" tests/fuzz/fuzz-protocol

# A fresh corpus each run: libFuzzer adds to it, the fixtures stay clean.
corpus="$build/fuzz-corpus"
artifacts="$build/fuzz-artifacts"
rm -rf "$corpus"
mkdir -p "$corpus" "$artifacts"
cp data/protocol/ambiq.xml tests/fixtures/protocol/*.xml "$corpus/"

# The schema's names as a dictionary, so mutations make elements the
# schema knows rather than random tags.
dict="$build/fuzz-protocol.dict"
grep -oE 'name="[a-z-]+"|value="[a-z0-9-]+"' data/protocol/meldcode-protocol.xsd \
  | sed -E 's/^(name|value)="(.*)"$/\2/' | sort -u \
  | sed -E 's/.*/"&"/' > "$dict"
printf '"<%s"\n' '!DOCTYPE' '!ENTITY' '?xml' >> "$dict"

ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "$build/tests/fuzz/fuzz-protocol" \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -dict="$dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
  "$corpus"

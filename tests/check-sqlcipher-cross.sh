#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-sqlcipher-cross.sh CLI SOURCE_DIR: the store's survival across
# SQLCipher versions. One meldcode-cli, run on Debian 12's SQLCipher 3.4.1
# and on SQLCipher 4.9.0 (same ABI, chosen with LD_LIBRARY_PATH): stores and
# backups made on either side are opened, verified, listed, read, written and
# restored on the other, both ways, and the latest release's fixture stores
# on the library that did not make them. A wrong passphrase stays a wrong
# passphrase and a damaged file stays damaged on both. (The fixture stores of every release are opened on each
# library by test-store-format, which runs in both stages.) Every command
# derives a real Argon2id key, about a second each: the list is kept short.
#
# Needs MC_SQLCIPHER4_LIBDIR (build-aux/dev sets it); skipped without it.
set -euo pipefail
cli=$1
src=$2

if [ -z "${MC_SQLCIPHER4_LIBDIR:-}" ]; then
  echo "1..0 # SKIP MC_SQLCIPHER4_LIBDIR is not set (build-aux/dev test sets it)"
  exit 77
fi
lib4=$MC_SQLCIPHER4_LIBDIR
[ -f "$lib4/libsqlcipher.so.0" ] || { echo "check-sqlcipher-cross: no $lib4/libsqlcipher.so.0" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_DATA_HOME=$tmp/home/data TMPDIR=$tmp
export LANG=C.UTF-8 LC_ALL=
unset LANGUAGE || true
mkdir -p "$HOME"

pass=Cross-Version-Passphrase-31
steps=0

fail() {
  echo "check-sqlcipher-cross: $*" >&2
  for f in "$tmp"/out "$tmp"/err; do
    [ -s "$f" ] && { echo "--- ${f##*/}:" >&2; cat "$f" >&2; }
  done
  exit 1
}

# run SIDE STATUS INPUT ARGS…: meldcode-cli on SQLCipher SIDE (3 or 4).
run() {
  local side=$1 want=$2 input=$3 got=0
  shift 3
  if [ "$side" = 3 ]; then
    printf '%s' "$input" | env -u LD_LIBRARY_PATH "$cli" "$@" >"$tmp/out" 2>"$tmp/err" || got=$?
  else
    printf '%s' "$input" | env LD_LIBRARY_PATH="$lib4" "$cli" "$@" >"$tmp/out" 2>"$tmp/err" || got=$?
  fi
  [ "$got" -eq "$want" ] || fail "on SQLCipher $side: meldcode-cli $*: exit status $got, expected $want"
  steps=$((steps + 1))
}
out_has() { grep -qF -- "$1" "$tmp/out" || fail "expected “$1” on stdout"; }
err_has() { grep -qF -- "$1" "$tmp/err" || fail "expected “$1” on stderr"; }
cases_in() { # SIDE STORE PASS: the number of cases listed
  run "$1" 0 "$3"$'\n' --store "$2" list --status all --format tsv
  echo $(($(wc -l <"$tmp/out") - 1))
}

# Each side is the library it claims to be.
run 3 0 "" --version
out_has "(SQLCipher 3."
run 4 0 "" --version
out_has "(SQLCipher 4.9.0"

# Made on A, used on B, then used on A again.
roundtrip() {
  local a=$1 b=$2 dir=$tmp/made-on-$1
  mkdir -p "$dir"
  run "$a" 0 "$pass"$'\n' --store "$dir/store" init
  recovery=$(grep -E '^[0-9A-Z]{5}(-[0-9A-Z]{5}){7}$' "$tmp/out")
  [ -n "$recovery" ] || fail "init on $a printed no recovery key"
  run "$a" 0 "$pass"$'\n' --store "$dir/store" import "$src/tests/fixtures/cli/anja-de-vries.xml"
  run "$a" 0 "$pass"$'\n' --store "$dir/store" backup "$dir/a.mcbackup"

  run "$b" 0 "$pass"$'\n' --store "$dir/store" verify
  out_has "Database: intact."
  out_has "Audit trail: intact."
  run "$b" 0 "$pass"$'\n' --store "$dir/store" show 1
  out_has "Anja de Vries"
  run "$b" 0 "$pass"$'\n' --store "$dir/store" import "$src/tests/fixtures/cli/sem-jansen.xml"
  run "$b" 0 "$pass"$'\n' --store "$dir/store" backup "$dir/b.mcbackup"
  run "$b" 0 "$pass"$'\n' restore "$dir/a.mcbackup" --into "$dir/restored-on-b"
  [ "$(cases_in "$b" "$dir/restored-on-b" "$pass")" -eq 1 ] || fail "backup made on $a, restored on $b: not one case"

  run "$a" 0 "$pass"$'\n' --store "$dir/store" verify
  out_has "Audit trail: intact."
  run "$a" 0 "$pass"$'\n' --store "$dir/store" show 2
  out_has "Sem Jansen"
  run "$a" 0 "$recovery"$'\n' --store "$dir/store" verify --recovery-key
  run "$a" 0 "$pass"$'\n' restore "$dir/b.mcbackup" --into "$dir/restored-on-a"
  [ "$(cases_in "$a" "$dir/restored-on-a" "$pass")" -eq 2 ] || fail "backup made on $b, restored on $a: not two cases"
  run "$a" 0 "$pass"$'\n' --store "$dir/restored-on-b" verify
  out_has "Audit trail: intact."

  # What is wrong stays what it is, on both sides.
  # One character off at the end: the whole passphrase counts.
  run "$b" 2 "${pass%?}2"$'\n' --store "$dir/store" list
  cp -a "$dir/store" "$dir/damaged"
  # A byte in the middle of every page after the first: the pages in use
  # fail their HMAC. (One byte at one offset can fall in a free page, which
  # nothing reads.)
  size=$(stat -c %s "$dir/damaged/cases.db")
  for ((page = 1; page < size / 1024; page++)); do
    printf '\xff' | dd of="$dir/damaged/cases.db" bs=1 seek=$((page * 1024 + 600)) conv=notrunc status=none
  done
  for side in "$a" "$b"; do
    run "$side" 5 "$pass"$'\n' --store "$dir/damaged" verify
  done
}
roundtrip 3 4
roundtrip 4 3

# The latest release's fixtures, each on the library that did not make it
# (copies: opening a store writes to it).
for made in 3 4; do
  name=store-0.2.1
  other=4
  if [ "$made" = 4 ]; then name=store-0.2.1-sqlcipher4; other=3; fi
  fixture=$src/tests/fixtures/$name
  [ -f "$fixture/README.md" ] || fail "no fixture $name"
  fixture_pass=$(sed -n 's/^- passphrase: `\(.*\)`$/\1/p' "$fixture/README.md")
  [ -n "$fixture_pass" ] || fail "$name/README.md names no passphrase"
  cp -r "$fixture/store" "$tmp/$name"
  chmod -R go-rwx "$tmp/$name"
  run "$other" 0 "$fixture_pass"$'\n' --store "$tmp/$name" verify
  out_has "Database: intact."
  out_has "Audit trail: intact."
  [ "$(cases_in "$other" "$tmp/$name" "$fixture_pass")" -eq 4 ] || fail "$name on SQLCipher $other: not four cases"
done

echo "check-sqlcipher-cross: $steps commands as expected"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-cli-transfer.sh MELDCODE_CLI FIXTURES: a case handed over with
# meldcode-cli transfer and receive, both ways of sealing; the exit status
# of every refusal (wrong passphrase or key 2, changed or cut file 5,
# another kind of file 4, no file 3, the case there already 1); nothing
# changes on a refusal; both audit trails record the handover; the
# format-1 fixture is received.
set -euo pipefail
cli=$1
fixtures=$2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_DATA_HOME=$tmp/home/data XDG_CONFIG_HOME=$tmp/home/config
export LANG=C.UTF-8 LC_ALL=
unset LANGUAGE || true
mkdir -p "$HOME"

pass=Correct-Horse-Battery-42
transfer=2718-2818-2845-9045-2353-6028
sender=$tmp/sender
receiver=$tmp/receiver
out=$tmp/out
err=$tmp/err

fail() {
  echo "check-cli-transfer: $*" >&2
  for f in "$out" "$err"; do
    [ -s "$f" ] && { echo "--- ${f##*/}:" >&2; cat "$f" >&2; }
  done
  exit 1
}

# expect STATUS INPUT ARGS…: INPUT (printf format) on stdin.
expect() {
  local want=$1 input=$2 got=0
  shift 2
  # shellcheck disable=SC2059
  printf "$input" | "$cli" "$@" >"$out" 2>"$err" || got=$?
  [ "$got" -eq "$want" ] || fail "meldcode-cli $*: exit status $got, expected $want"
}
err_has() { grep -qF -- "$1" "$err" || fail "expected “$1” on stderr"; }
out_has() { grep -qF -- "$1" "$out" || fail "expected “$1” on stdout"; }
count_cases() {
  printf '%s\n' "$pass" | "$cli" --store "$1" list --format tsv 2>/dev/null | tail -n +2 | grep -c . || true
}

expect 0 "$pass\n" --store "$sender" init
expect 0 "$pass\n" --store "$receiver" init
cp "$fixtures/cli/sem-jansen.xml" "$tmp/report.xml"
expect 0 "$pass\n" --store "$sender" import "$tmp/report.xml"

# Wrong use, refused before any passphrase is read.
expect 1 "" --store "$sender" transfer 1
err_has "--output"
expect 1 "" --store "$sender" transfer 1 --output "$tmp/x.meldcase" --to "ABCD-EFGH"
err_has "fingerprint"
expect 1 "" --store "$sender" transfer 1 --output "$sender/x.meldcase"
expect 3 "" --store "$receiver" receive "$tmp/none.meldcase"
expect 4 "" --store "$receiver" receive "$tmp/report.xml"
err_has "not a Meldcode case file"
expect 1 "" --store "$receiver" receive "$tmp/report.xml" --replace --duplicate
# A weak transfer passphrase.
expect 1 "$pass\n1234\n" --store "$sender" transfer 1 --output "$tmp/weak.meldcase"
[ ! -e "$tmp/weak.meldcase" ] || fail "a refused transfer wrote a file"

# With a transfer passphrase: the store's passphrase first, then it.
expect 0 "$pass\n$transfer\n" --store "$sender" transfer 1 --output "$tmp/case.meldcase"
[ "$(stat -c %a "$tmp/case.meldcase")" = 600 ] || fail "the case file is not mode 0600"
for marker in "Sem Jansen" "Jansen" "2026-" "signals" "people"; do
  if grep -qaF -- "$marker" "$tmp/case.meldcase"; then
    fail "the case file holds “$marker” in plaintext"
  fi
done

# Refusals change nothing.
expect 2 "$pass\n0000-1111-2222-3333-4444-5555\n" --store "$receiver" receive "$tmp/case.meldcase"
err_has "does not open"
expect 2 "wrong-store-passphrase-1\n$transfer\n" --store "$receiver" receive "$tmp/case.meldcase"
size=$(stat -c %s "$tmp/case.meldcase")
head -c $((size - 1)) "$tmp/case.meldcase" > "$tmp/cut.meldcase"
expect 5 "$pass\n$transfer\n" --store "$receiver" receive "$tmp/cut.meldcase"
err_has "changed or damaged"
cp "$tmp/case.meldcase" "$tmp/flipped.meldcase"
# Flipped, not overwritten: writing a fixed byte left the file unchanged
# whenever the ciphertext already held it there (1 run in 256).
byte=$(od -An -tu1 -j $((size / 2)) -N1 "$tmp/case.meldcase" | tr -d ' ')
printf "\\$(printf %o $((byte ^ 0x5a)))" | dd of="$tmp/flipped.meldcase" bs=1 seek=$((size / 2)) conv=notrunc status=none
cmp -s "$tmp/case.meldcase" "$tmp/flipped.meldcase" && fail "the flipped case file is unchanged"
expect 5 "$pass\n$transfer\n" --store "$receiver" receive "$tmp/flipped.meldcase"
head -c 40 "$tmp/case.meldcase" > "$tmp/header.meldcase"
expect 5 "" --store "$receiver" receive "$tmp/header.meldcase"
[ "$(count_cases "$receiver")" -eq 0 ] || fail "a refused case file added a case"

# Received, in spaces as read out by phone.
expect 0 "$pass\n${transfer//-/ }\n" --store "$receiver" receive "$tmp/case.meldcase"
[ "$(cat "$out")" = 1 ] || fail "receive did not print the new case's ID"
expect 0 "$pass\n" --store "$receiver" show 1
out_has "Sem Jansen"

# Again: never silently a second case.
expect 1 "$pass\n$transfer\n" --store "$receiver" receive "$tmp/case.meldcase"
err_has "already in the store"
err_has "--replace or --duplicate"
[ "$(count_cases "$receiver")" -eq 1 ] || fail "a replayed case file added a case"
expect 0 "$pass\n$transfer\n" --store "$receiver" receive "$tmp/case.meldcase" --duplicate
[ "$(count_cases "$receiver")" -eq 2 ] || fail "--duplicate did not keep both"
expect 0 "$pass\n$transfer\n" --store "$receiver" receive "$tmp/case.meldcase" --replace
[ "$(count_cases "$receiver")" -eq 2 ] || fail "--replace did not replace"

# Both audit trails record it (test-case-file checks the details).
expect 0 "$pass\n" --store "$sender" audit --case 1 --format tsv
grep -qP '\texport\t' "$out" || fail "the sender's audit trail has no export of the case"
expect 0 "$pass\n" --store "$receiver" audit --format tsv
[ "$(grep -cP '\timport\t' "$out")" -eq 3 ] || fail "the receiver's audit trail has not three imports"

# Sealed to the receiving store: no transfer passphrase either side.
expect 0 "$pass\n" --store "$receiver" fingerprint
fingerprint=$(cat "$out")
[[ $fingerprint =~ ^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$ ]] || fail "the fingerprint “$fingerprint” is not 14 groups"
expect 0 "$pass\n" --store "$sender" transfer 1 --output "$tmp/to-key.meldcase" --to "${fingerprint,,}"
expect 0 "$pass\n" --store "$tmp/third" init
expect 2 "$pass\n" --store "$tmp/third" receive "$tmp/to-key.meldcase"
err_has "another store"
expect 0 "$pass\n" --store "$receiver" receive "$tmp/to-key.meldcase" --duplicate
[ "$(count_cases "$receiver")" -eq 3 ] || fail "the case sealed to the store was not received"

# A generated passphrase is printed once, and opens the file.
expect 0 "$pass\n" --store "$sender" transfer 1 --output "$tmp/gen.meldcase" --generate-passphrase
generated=$(cat "$out")
[[ $generated =~ ^([0-9]{4}-){5}[0-9]{4}$ ]] || fail "the generated passphrase “$generated” is not six groups"
err_has "not shown again"
expect 0 "$pass\n$generated\n" --store "$tmp/third" receive "$tmp/gen.meldcase"

# Format 1, as 0.4 wrote it.
expect 0 "$pass\n3141-5926-5358-9793-2384-6264\n" --store "$tmp/third" receive \
  "$fixtures/casefile/format-1.meldcase" --duplicate
expect 0 "$pass\n" --store "$tmp/third" verify

echo "check-cli-transfer: ok"

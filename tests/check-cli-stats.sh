#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-cli-stats.sh CLI: meldcode-cli stats and stats-combine as a
# taakhouder uses them: a store's figures file (mode 0600, audited, no case
# content), combining, and every refusal with its exit status.
set -euo pipefail
cli=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home LANG=C.UTF-8 LC_ALL=
unset LANGUAGE || true
pass=Correct-Horse-Battery-42

fail() { echo "check-cli-stats: $*" >&2; [ -s "$tmp/err" ] && cat "$tmp/err" >&2; exit 1; }
expect() {
  local want=$1 input=$2 got=0
  shift 2
  printf '%s' "$input" | "$cli" "$@" >"$tmp/out" 2>"$tmp/err" || got=$?
  [ "$got" -eq "$want" ] || fail "meldcode-cli $*: exit status $got, expected $want"
  if [ "$want" -ne 0 ]; then grep -q '^meldcode-cli: ' "$tmp/err" || fail "meldcode-cli $*: no error message"; fi
}

# A store with one case whose name and number must not leave it.
expect 0 "$pass"$'\n' --store "$tmp/a" init
expect 0 "$pass"$'\n' --store "$tmp/b" init
year=$(date +%Y)
expect 0 "$pass"$'\n' --store "$tmp/a" stats --year "$year" --output "$tmp/a.meldcijfers" --pdf "$tmp/a.pdf"
grep -q "Figures of $year" "$tmp/out" || fail "no summary"
[ "$(stat -c %a "$tmp/a.meldcijfers")" = 600 ] || fail "the figures file is not 0600"
[ "$(stat -c %a "$tmp/a.pdf")" = 600 ] || fail "the PDF is not 0600"
grep -q 'from="'"$year"'-01" to="'"$year"'-12"' "$tmp/a.meldcijfers" || fail "no period in the file"
! grep -Eq '[0-9]{4}-[0-9]{2}-[0-9]{2}' "$tmp/a.meldcijfers" || fail "a day date in the file"
xmllint --noout --nonet --schema "$(dirname "$0")/../data/stats/meldcode-stats-1.xsd" "$tmp/a.meldcijfers" 2>"$tmp/err" \
  || fail "the file is not valid against its XSD"
expect 0 "$pass"$'\n' --store "$tmp/b" stats --year "$year" --output "$tmp/b.meldcijfers" --format tsv
head -n 1 "$tmp/out" | grep -q $'^table\trow\tcolumn\tvalue$' || fail "no TSV header"

# The export is in the audit trail: verify still passes and the trail
# grew (show needs a case; the chain is what counts here).
expect 0 "$pass"$'\n' --store "$tmp/a" verify

# Usage
expect 1 "" --store "$tmp/a" stats --year "$year"
expect 1 "" --store "$tmp/a" stats --output "$tmp/x" --from 2026-05
expect 1 "" --store "$tmp/a" stats --output "$tmp/x" --format xml
# Every command says the same of a --format it does not know.
grep -qF 'meldcode-cli: --format is text or tsv, not “xml”.' "$tmp/err" || fail "stats --format xml: $(cat "$tmp/err")"
expect 3 "" --store "$tmp/none" stats --output "$tmp/x"
# Never over a store's own files, nor a device: refused before the
# passphrase is read, and the key file stays as it was.
sum_before=$(sha256sum "$tmp/a/key" | cut -d' ' -f1)
expect 1 "" --store "$tmp/a" stats --year "$year" --output "$tmp/a/key"
expect 1 "" --store "$tmp/a" stats --year "$year" --output "$tmp/x.meldcijfers" --pdf "$tmp/a/cases.db"
expect 1 "" stats-combine "$tmp/a.meldcijfers" "$tmp/b.meldcijfers" --output "$tmp/a/key"
expect 1 "" stats-combine "$tmp/a.meldcijfers" "$tmp/b.meldcijfers" --output /dev/null
[ "$(sha256sum "$tmp/a/key" | cut -d' ' -f1)" = "$sum_before" ] || fail "a refused figures file changed the key file"
expect 0 "$pass"$'\n' --store "$tmp/a" verify

# Combining
expect 0 "" stats-combine "$tmp/a.meldcijfers" "$tmp/b.meldcijfers" --output "$tmp/ab.meldcijfers" --format tsv
grep -q $'^stores\tcount\t\t2$' "$tmp/out" || fail "the combination is not of 2 laptops"
[ "$(stat -c %a "$tmp/ab.meldcijfers")" = 600 ] || fail "the combined file is not 0600"
expect 1 "" stats-combine "$tmp/a.meldcijfers" "$tmp/a.meldcijfers" --output "$tmp/x"
expect 1 "" stats-combine "$tmp/ab.meldcijfers" "$tmp/b.meldcijfers"
sed 's/to="'"$year"'-12"/to="'"$year"'-11"/; s/[0-9a-f]\{32\}/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/' "$tmp/a.meldcijfers" >"$tmp/period.meldcijfers"
expect 1 "" stats-combine "$tmp/b.meldcijfers" "$tmp/period.meldcijfers"
grep -q "another period" "$tmp/err" || fail "no word of the period"
sed 's/revision="[^"]*"/revision="1999"/; s/[0-9a-f]\{32\}/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/' "$tmp/a.meldcijfers" >"$tmp/protocol.meldcijfers"
expect 1 "" stats-combine "$tmp/b.meldcijfers" "$tmp/protocol.meldcijfers"
grep -q "another protocol" "$tmp/err" || fail "no word of the protocol"
printf '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><m>&x;</m>' >"$tmp/xxe.meldcijfers"
expect 4 "" stats-combine "$tmp/b.meldcijfers" "$tmp/xxe.meldcijfers"
printf '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><m>&c;</m>' >"$tmp/laughs.meldcijfers"
expect 4 "" stats-combine "$tmp/laughs.meldcijfers"
sed 's|<follow-up overdue="[0-9]*"/>|<follow-up overdue="many"/>|' "$tmp/a.meldcijfers" >"$tmp/schema.meldcijfers"
expect 4 "" stats-combine "$tmp/schema.meldcijfers"
expect 3 "" stats-combine "$tmp/none.meldcijfers"
expect 1 "" stats-combine
echo "check-cli-stats: all passed"

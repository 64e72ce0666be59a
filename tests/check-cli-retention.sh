#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-cli-retention.sh MELDCODE_CLI SOURCE_DIR: retention, destroy and
# audit with their exit statuses: wrong use (1) before the passphrase is
# asked, a wrong passphrase at the confirmation (2), an unknown case (3),
# an open case without the request path (1), and a destruction done.
set -euo pipefail
cli=$1
src=$2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LANG=C.UTF-8 LC_ALL=
unset LANGUAGE || true
pass='Retention-Check-Pass-42'
store=$tmp/store
fixtures=$src/tests/fixtures/cli

fail() { echo "check-cli-retention: $*" >&2; exit 1; }

# expect STATUS STDIN ARGS...: runs the command with STDIN as its input.
expect() {
  local want=$1 input=$2 got=0
  shift 2
  printf '%b' "$input" | "$cli" --store "$store" "$@" >"$tmp/out" 2>"$tmp/err" || got=$?
  [ "$got" = "$want" ] || { cat "$tmp/err" >&2; fail "$* exited $got, not $want"; }
}

printf '%s\n' "$pass" | "$cli" --store "$store" init >/dev/null 2>&1
printf '%s\n' "$pass" | "$cli" --store "$store" import "$fixtures/sem-jansen.xml" >/dev/null 2>&1
printf '%s\n' "$pass" | "$cli" --store "$store" import "$fixtures/anja-de-vries.xml" >/dev/null 2>&1
expect 0 "$pass\n" close 2 --reason worries-gone
number1=$(printf '%s\n' "$pass" | "$cli" --store "$store" list --format tsv 2>/dev/null | awk -F'\t' '$1 == 1 { print $2 }')
[ -n "$number1" ] || fail "no number for case 1"

# A closed case shows when it may go: 20 years after today.
expect 0 "$pass\n" show 2
grep -q "May be destroyed from: .*$(( $(date +%Y) + 20 ))" "$tmp/out" || fail "show has no destruction date"
expect 0 "$pass\n" show 1
! grep -q "May be destroyed from" "$tmp/out" || fail "an open case has a destruction date"

# The organisation's period, as the preferences store it in the store: the
# command line reads it and can set it; the change is in the access log.
expect 1 "" retention --set-years 0
expect 1 "" retention --set-years 116
expect 1 "" retention --count-from closing
expect 1 "" retention --set-years 5 --count-from later
expect 0 "$pass\n" retention
grep -q "Retention period (the protocol’s): 20 years from the closing date" "$tmp/err" \
  || fail "retention does not say the protocol's period applies"
expect 0 "$pass\n" retention --set-years 5 --count-from closing
grep -q "Retention period (the organisation’s setting): 5 years from the closing date" "$tmp/err" \
  || fail "retention --set-years does not say what it stored"
expect 0 "$pass\n" show 2
grep -q "May be destroyed from: .*$(( $(date +%Y) + 5 ))" "$tmp/out" || fail "show does not follow the stored period"
expect 0 "$pass\n" retention
grep -q "the organisation’s setting" "$tmp/err" || fail "retention does not read the stored period"
expect 0 "$pass\n" audit --format tsv
awk -F'\t' '$5 == "change" && $6 == "settings.retention-policy" { n++ } END { exit n != 1 }' "$tmp/out" \
  || fail "the change of the period is not audited once"
expect 0 "$pass\n" retention --set-years 20

# Wrong use, said before the passphrase is asked (no input at all).
expect 1 "" destroy 1
expect 1 "" destroy 1 --reason later
expect 1 "" destroy 1 --reason request
expect 1 "" destroy 1 --reason request --request-date 5-1-2026
expect 1 "" destroy 1 --reason request --request-date 2999-01-01
expect 1 "" destroy 1 --reason expired --request-date 2026-01-05
expect 1 "" retention --format csv
expect 1 "" audit --format xml
grep -qF -- '--format is text, tsv or csv, not “xml”.' "$tmp/err" || fail "audit --format xml: $(cat "$tmp/err")"

# An open case, and a closed one whose period has not run: not as expired.
expect 1 "$pass\n" destroy 1 --reason expired --yes
grep -q "open" "$tmp/err" || fail "the refusal does not say the case is open"
expect 1 "$pass\n" destroy 2 --reason expired --yes
# No such case.
expect 3 "$pass\n" destroy 99 --reason expired --yes
expect 3 "$pass\n" audit --case 99

# The confirmation: the passphrase again (wrong: 2), then the case number.
expect 2 "$pass\nnot-the-passphrase\n" destroy 1 --reason request --request-date 2026-01-05
expect 1 "$pass\n$pass\n2000-0000\n" destroy 1 --reason request --request-date 2026-01-05
expect 0 "$pass\n" show 1
expect 0 "$pass\n$pass\n$number1\n" destroy 1 --reason request --request-date 2026-01-05
grep -q "A backup made before now still holds it" "$tmp/err" || fail "destroy does not warn about backups"
expect 3 "$pass\n" show 1
expect 3 "$pass\n" destroy 1 --reason request --request-date 2026-01-05 --yes

# The register and the access log keep the destroyed case.
expect 0 "$pass\n" retention --destroyed --format tsv
[ "$(head -n1 "$tmp/out")" = "$(printf 'id\tnumber\tcreated\tclosed\tdestroy_on\tdestroyed\tdestroyed_by\treason\trequest_date')" ] \
  || fail "retention --destroyed header"
awk -F'\t' -v n="$number1" 'NR == 2 && $1 == 1 && $2 == n && $8 == "request" && $9 == "2026-01-05" { ok = 1 } END { exit !ok }' \
  "$tmp/out" || fail "the register does not hold case 1"
expect 0 "$pass\n" audit --case "$number1" --format tsv
[ "$(head -n1 "$tmp/out")" = "$(printf 'time\tuser\trole\ton_behalf_of\taction\tsubject\tcase_id\tcase_number')" ] \
  || fail "audit header"
awk -F'\t' '$5 == "destroy" && $7 == 1 { ok = 1 } END { exit !ok }' "$tmp/out" || fail "no destroy row in the audit"
awk -F'\t' '$5 == "view" && $7 == 1 { ok = 1 } END { exit !ok }' "$tmp/out" || fail "no view row in the audit"
expect 0 "$pass\n" audit --format csv
head -n1 "$tmp/out" | grep -q '^time,user,role,on_behalf_of,action,subject,case_id,case_number' || fail "audit csv header"

# Nothing is due yet; the early destruction of a closed case with --yes.
expect 0 "$pass\n" retention --format tsv
[ "$(wc -l <"$tmp/out")" = 1 ] || fail "retention lists a case that is not due"
expect 0 "$pass\n" destroy 2 --reason request --request-date 2026-01-05 --yes
expect 0 "$pass\n" verify
grep -q "Audit trail: intact" "$tmp/out" || fail "verify after destroying"
echo "check-cli-retention: ok"

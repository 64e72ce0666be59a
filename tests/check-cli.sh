#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-cli.sh BUILD_DIR SOURCE_DIR: meldcode-cli as an administrator uses
# it. The build is installed into a temporary prefix and only the installed
# command runs, on stores in a temporary folder: every command, every exit
# status, and that nothing but the exports asked for is left in plaintext.
set -euo pipefail
build=$1
src=$2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
work=$tmp/work          # stores, backups: searched for plaintext
exports=$tmp/exports    # the exports asked for: plaintext by nature
cap=$tmp/captures       # what the commands print: names by design
mkdir -p "$work" "$exports" "$cap" "$tmp/home" "$tmp/tmp"
# Anything the command writes elsewhere lands in $tmp too, and is searched.
export HOME=$tmp/home XDG_DATA_HOME=$tmp/home/data XDG_CONFIG_HOME=$tmp/home/config
export XDG_CACHE_HOME=$tmp/home/cache TMPDIR=$tmp/tmp
export LANG=C.UTF-8 LC_ALL=
unset LANGUAGE || true
# The app's preferences sign the reports meldcode-cli makes
# (mc-cli-profile.c); GLib's keyfile backend keeps them under
# XDG_CONFIG_HOME, as dconf would for the user.
export GSETTINGS_BACKEND=keyfile
mkdir -p "$XDG_CONFIG_HOME/glib-2.0/settings"
cat >"$XDG_CONFIG_HOME/glib-2.0/settings/keyfile" <<'PROFILE'
[nl/ambiq/Meldcode]
user-name='Anna Smit'
user-role='Aandachtsfunctionaris'
user-organisation='Ambiq Zorg'
user-phone='088 123 45 67'
user-email='a.smit@ambiq.example'
PROFILE

meson install -C "$build" --destdir "$tmp/dest" --no-rebuild --quiet >"$cap/install.log" 2>&1 \
  || { cat "$cap/install.log" >&2; exit 1; }
cli=$(find "$tmp/dest" -path '*/bin/meldcode-cli' -type f)
[ -x "$cli" ] || { echo "check-cli: meldcode-cli is not installed" >&2; exit 1; }
# The installed catalogue, not the build tree's.
MELDCODE_LOCALEDIR=$(dirname "$(dirname "$(dirname "$(find "$tmp/dest" -path '*/LC_MESSAGES/meldcode.mo' | head -n1)")")")
export MELDCODE_LOCALEDIR

fixtures=$src/tests/fixtures
# The schema of a report by the format version its namespace names:
# meldcode-report.xsd for 1, meldcode-report-N.xsd after it (as
# check-report-xmllint.sh holds them), so an export in the current version
# is never let through by an older schema.
xsd_of() {
  local version
  version=$(grep -o 'urn:nl\.ambiq\.meldcode:report:[0-9]*' "$1" | head -n 1 | sed 's/.*://')
  case "$version" in
    1) echo "$src/data/report/meldcode-report.xsd" ;;
    ?*) echo "$src/data/report/meldcode-report-$version.xsd" ;;
    *) echo "$1: not a Meldcode report" ;;
  esac
}
pass=Correct-Horse-Battery-42
new_pass=Another-Staple-Lantern-77
third_pass=Third-Window-Pebble-19
store=$work/store
steps=0

fail() {
  echo "check-cli: $*" >&2
  for f in "$cap"/out "$cap"/err; do
    [ -s "$f" ] && { echo "--- ${f##*/}:" >&2; cat "$f" >&2; }
  done
  exit 1
}

# expect STATUS INPUT ARGS…: runs the installed command with INPUT on stdin
# (one secret a line), keeps stdout and stderr in $cap/out and $cap/err.
expect() {
  local want=$1 input=$2 got=0
  shift 2
  printf '%s' "$input" | "$cli" "$@" >"$cap/out" 2>"$cap/err" || got=$?
  [ "$got" -eq "$want" ] || fail "meldcode-cli $*: exit status $got, expected $want"
  # Errors are one line that says who speaks.
  if [ "$want" -ne 0 ]; then
    grep -q '^meldcode-cli: ' "$cap/err" || fail "meldcode-cli $*: no error message on stderr"
  fi
  steps=$((steps + 1))
}

out_has() { grep -qF -- "$1" "$cap/out" || fail "expected “$1” on stdout"; }
err_has() { grep -qF -- "$1" "$cap/err" || fail "expected “$1” on stderr"; }

# help, version, usage errors

expect 0 "" --help
out_has "Usage:"
out_has "check-protocol"
for command in init list show close reopen due export inzage import backup restore verify passwd check-protocol; do
  expect 0 "" "$command" --help
  out_has "meldcode-cli $command"
done
expect 0 "" --version
out_has "meldcode-cli "
expect 1 "" frobnicate
expect 1 ""
expect 1 "" list --no-such-option
expect 1 "" --store "$store" show
expect 1 "" --store "$store" list --status bogus
expect 1 "" --store "$store" list --format json
expect 1 "" --store "$store" export 1 --output "$exports/x.pdf" --format docx
expect 1 "" --store "$store" export 1
expect 3 "$pass"$'\n' --store "$store" list

# init

expect 1 "short"$'\n' --store "$work/weak" init
expect 0 "$pass"$'\n' --store "$store" init
recovery_key=$(cat "$cap/out")
[[ $recovery_key =~ ^[0-9A-Z]{5}(-[0-9A-Z]{5}){7}$ ]] || fail "init printed no recovery key: $recovery_key"
err_has "recovery key"
[ "$(stat -c %a "$store")" = 700 ] || fail "the store folder is not 0700"
expect 1 "$pass"$'\n' --store "$store" init

# import

expect 0 "$pass"$'\n' --store "$store" import "$fixtures/cli/sem-jansen.xml"
sem_id=$(cat "$cap/out")
expect 0 "$pass"$'\n' import "$fixtures/cli/anja-de-vries.xml" --store "$store"
anja_id=$(cat "$cap/out")
[ "$sem_id" != "$anja_id" ] || fail "two imports, one ID"
expect 1 "$pass"$'\n' --store "$store" import "$fixtures/cli/anja-de-vries.xml"
err_has "--allow-duplicate"
expect 0 "$pass"$'\n' --store "$store" import --allow-duplicate "$fixtures/cli/anja-de-vries.xml"
copy_id=$(cat "$cap/out")
for bad in missing-element not-xml billion-laughs external-entity wrong-namespace; do
  expect 4 "$pass"$'\n' --store "$store" import "$fixtures/report/$bad.xml"
done
expect 3 "$pass"$'\n' --store "$store" import "$work/no-such-report.xml"
expect 2 "wrong-passphrase-123"$'\n' --store "$store" import "$fixtures/cli/sem-jansen.xml"

# list

expect 0 "$pass"$'\n' --store "$store" list
out_has "Sem Jansen"
out_has "Anja de Vries"
# Sem's kindcheck is answered in part: step 1 needs attention, as the app says.
out_has "1, needs attention"
expect 0 "$pass"$'\n' --store "$store" list --format tsv
# New columns only ever go at the end.
[ "$(head -n1 "$cap/out")" = $'id\tnumber\tclient\tstatus\tstep\tupdated\toutcome\tclosed\tclose_reason\tnext_due' ] \
  || fail "list: wrong TSV header"
[ "$(wc -l <"$cap/out")" -eq 4 ] || fail "list: expected 3 cases after the refused imports"
# The step is where show says the case stands: Sem Jansen has records up to
# step 5, but step 1 lacks most of the kindcheck.
awk -F'\t' -v id="$sem_id" '$1 == id && $2 == "2026-0007" && $3 == "Sem Jansen" && $4 == "open" && $5 == 1 && $7 == "report-and-help" { found = 1 } END { exit !found }' "$cap/out" \
  || fail "list: the TSV line of Sem Jansen is wrong"
awk -F'\t' -v id="$anja_id" '$1 == id && $3 == "Anja de Vries" && $5 == 5 && $6 ~ /^[0-9-]+T[0-9:]+Z$/ && $7 == "help" { found = 1 } END { exit !found }' "$cap/out" \
  || fail "list: the TSV line of Anja de Vries is wrong"
cp "$cap/out" "$cap/list-before"
expect 0 "$pass"$'\n' --store "$store" list --format tsv --search "de vries"
[ "$(grep -c 'Anja de Vries' "$cap/out")" -eq 2 ] && [ "$(wc -l <"$cap/out")" -eq 3 ] || fail "list --search: wrong cases"
expect 0 "$pass"$'\n' --store "$store" list --format tsv --status closed
[ "$(wc -l <"$cap/out")" -eq 1 ] || fail "list --status closed: expected the header only"

# show

expect 0 "$pass"$'\n' --store "$store" show "$sem_id"
for text in "Case 2026-0007" "Sem Jansen" "Fatima El Amrani" "Step 1:" "Step 5:" "VT-2026-88123" "Kindcheck"; do
  out_has "$text"
done
expect 0 "$pass"$'\n' --store "$store" show 2026-0007
out_has "(ID $sem_id)"
expect 1 "$pass"$'\n' --store "$store" show 2026-0012
expect 3 "$pass"$'\n' --store "$store" show 999
# Input too long is wrong use (1), said before the passphrase; never
# "damaged" (5), which sends people to their backups (issue 18).
long=$(head -c 60000 /dev/zero | tr '\0' 7)
expect 1 "" --store "$store" show "$long"
err_has "too long"
expect 1 "" --store "$store" list --search "$long"
err_has "too long"
expect 3 "$pass"$'\n' --store "$store" show 2099-0001

# close, reopen and due, on a store of their own: dates relative to today,
# so what is overdue does not depend on the day the test runs.

today=$(date +%F)
yesterday=$(date -d yesterday +%F)
in_3=$(date -d '+3 days' +%F)
in_60=$(date -d '+60 days' +%F)
# A Thursday over two weeks ago: five working days later is a Thursday
# before yesterday.
reported=$(date -d 'last thursday -14 days' +%F)
vt_due=$(date -d "$reported +7 days" +%F)
sed -e "s|<due>2026-12-04</due>|<due>$yesterday</due>|" -e "s|<due>2026-11-28</due>|<due>$yesterday</due>|" \
    -e "s|<reportedOn>2026-11-27</reportedOn>|<reportedOn>$reported</reportedOn>|" \
    "$fixtures/cli/sem-jansen.xml" >"$exports/sem-due.xml"
sed -e "s|<due>2027-01-15</due>|<due>$in_60</due>|" -e "s|<due>2026-12-01</due>|<due>$in_3</due>|" \
    "$fixtures/cli/anja-de-vries.xml" >"$exports/anja-due.xml"
due_store=$work/due-store
due_header=$'case_id\tnumber\tkind\tdue\toverdue\tdescription'

expect 0 "$pass"$'\n' --store "$due_store" init
# An empty store: nothing due, and that is no error.
expect 0 "$pass"$'\n' --store "$due_store" due --format tsv
[ "$(cat "$cap/out")" = "$due_header" ] || fail "due on an empty store: expected the header only"
expect 0 "$pass"$'\n' --store "$due_store" due
[ ! -s "$cap/out" ] || fail "due on an empty store printed a list"
err_has "Nothing is due"
expect 1 "" --store "$due_store" due --within -1
expect 1 "" --store "$due_store" due --within soon
expect 1 "" --store "$due_store" due --format json

expect 0 "$pass"$'\n' --store "$due_store" import "$exports/sem-due.xml"
sem_due=$(cat "$cap/out")
expect 0 "$pass"$'\n' --store "$due_store" import "$exports/anja-due.xml"
anja_due=$(cat "$cap/out")

# Due today or earlier: the feedback of Veilig Thuis (five working days
# after the report) and the open agreement of yesterday, both overdue; the
# agreement that is done is not due, nor what comes later.
expect 0 "$pass"$'\n' --store "$due_store" due --format tsv
printf '%s\n' "$due_header" \
  "$sem_due"$'\t2026-0007\tvt-feedback\t'"$vt_due"$'\tyes\tVeilig Thuis says whether it takes the report on' \
  "$sem_due"$'\t2026-0007\tfollow-up\t'"$yesterday"$'\tyes\tWekelijks contact met moeder.' >"$cap/due-expected"
cmp -s "$cap/due-expected" "$cap/out" || { diff "$cap/due-expected" "$cap/out" >&2; fail "due: wrong items"; }
expect 0 "$pass"$'\n' --store "$due_store" due --within 2 --format tsv
[ "$(wc -l <"$cap/out")" -eq 3 ] || fail "due --within 2: an item of the next days too early"
expect 0 "$pass"$'\n' --store "$due_store" due --within 3 --format tsv
[ "$(wc -l <"$cap/out")" -eq 4 ] || fail "due --within 3: expected three items"
[ "$(tail -n1 "$cap/out")" = "$anja_due"$'\t2026-0012\tfollow-up\t'"$in_3"$'\tno\tKindcheck Lotte bespreken met het consultatiebureau.' ] \
  || fail "due --within 3: the agreement in three days is wrong"
expect 0 "$pass"$'\n' --store "$due_store" due --within 100
[ "$(wc -l <"$cap/out")" -eq 5 ] || fail "due --within 100: expected four items under the header"
out_has "overdue"
out_has "Evaluatie van de hulp met Anja en het wijkteam."
out_has "Follow-up agreement"
out_has "Veilig Thuis feedback"

# list: when it was closed, why, and what is due next, at the end.
expect 0 "$pass"$'\n' --store "$due_store" list --format tsv
awk -F'\t' -v id="$sem_due" -v due="$vt_due" '$1 == id && $4 == "open" && $8 == "" && $9 == "" && $10 == due { found = 1 } END { exit !found }' "$cap/out" \
  || fail "list: the next due date of Sem Jansen is wrong"
awk -F'\t' -v id="$anja_due" -v due="$in_3" '$1 == id && $10 == due { found = 1 } END { exit !found }' "$cap/out" \
  || fail "list: the next due date of Anja de Vries is wrong"
expect 0 "$pass"$'\n' --store "$due_store" list --status due --format tsv
[ "$(wc -l <"$cap/out")" -eq 2 ] && grep -q "^$sem_due"$'\t' "$cap/out" || fail "list --status due: expected Sem Jansen only"
expect 0 "$pass"$'\n' --store "$due_store" list --status attention --format tsv
grep -q "^$sem_due"$'\t' "$cap/out" || fail "list --status attention: Sem Jansen needs attention (the kindcheck)"
! grep -q "^$anja_due"$'\t' "$cap/out" || fail "list --status attention: Anja de Vries needs none"
expect 0 "$pass"$'\n' --store "$due_store" list
out_has "Next due"
out_has "overdue"

# close: the reason is checked against the protocol before the passphrase
# is asked.
expect 0 "" close --help
out_has "worries-gone"
out_has "De zorgen zijn weggenomen"
out_has "other"
expect 1 "" --store "$due_store" close "$sem_due"
err_has "--reason"
expect 1 "" --store "$due_store" close "$sem_due" --reason gone
err_has "“gone” is not a reason"
err_has "worries-gone, handed-over"
expect 1 "" --store "$due_store" close "$sem_due" --reason other
err_has "--note"
expect 1 "" --store "$due_store" close "$sem_due" --reason other --note "  "
expect 1 "" --store "$due_store" close
expect 3 "$pass"$'\n' --store "$due_store" close 999 --reason worries-gone
expect 2 "wrong-passphrase-123"$'\n' --store "$due_store" close "$sem_due" --reason worries-gone
expect 0 "$pass"$'\n' --store "$due_store" close "$sem_due" --reason worries-gone --note "Zorgen weggenomen na het gesprek."
[ ! -s "$cap/out" ] || fail "close printed on stdout"
err_has "closed"
expect 1 "$pass"$'\n' --store "$due_store" close "$sem_due" --reason handed-over
err_has "already closed"

# A closed case has nothing due.
expect 0 "$pass"$'\n' --store "$due_store" due --format tsv
[ "$(cat "$cap/out")" = "$due_header" ] || fail "due: a closed case has items due"
expect 0 "$pass"$'\n' --store "$due_store" list --format tsv
awk -F'\t' -v id="$sem_due" -v today="$today" '$1 == id && $4 == "closed" && $8 == today && $9 == "worries-gone" && $10 == "" { found = 1 } END { exit !found }' "$cap/out" \
  || fail "list: the closing of Sem Jansen is wrong"
expect 0 "$pass"$'\n' --store "$due_store" list --status closed --format tsv
[ "$(wc -l <"$cap/out")" -eq 2 ] && grep -q "^$sem_due"$'\t' "$cap/out" || fail "list --status closed: expected Sem Jansen only"

# show: the closing, the rounds, after the report, the agreements.
expect 0 "$pass"$'\n' --store "$due_store" show "$sem_due"
for text in "Status: closed" "Reason for closing: De zorgen zijn weggenomen" \
            "Closing note: Zorgen weggenomen na het gesprek." "Closed by: " "(meldcode-cli)" \
            "Closed and reopened" "Case closed: De zorgen zijn weggenomen (Zorgen weggenomen na het gesprek.)" \
            "Round 1 (first decision, current)" "After the report" "Veilig Thuis reference: VT-2026-88123" \
            "Follow-up agreements" "Wekelijks contact met moeder." "Dossier bijwerken." "Open · due " "Done · due "; do
  out_has "$text"
done

# reopen
expect 1 "" --store "$due_store" reopen "$sem_due"
err_has "--note"
expect 1 "" --store "$due_store" reopen "$sem_due" --note " "
expect 3 "$pass"$'\n' --store "$due_store" reopen 999 --note "Nieuwe signalen."
expect 1 "$pass"$'\n' --store "$due_store" reopen "$anja_due" --note "Nieuwe signalen."
err_has "nothing to reopen"
expect 0 "$pass"$'\n' --store "$due_store" reopen "$sem_due" --note "Nieuwe signalen van school."
err_has "open again"
# The trail keeps both: the case only its state.
expect 0 "$pass"$'\n' --store "$due_store" show "$sem_due"
out_has "Status: open"
out_has "Case closed: De zorgen zijn weggenomen (Zorgen weggenomen na het gesprek.)"
out_has "Case reopened: Nieuwe signalen van school."
! grep -qF "Reason for closing" "$cap/out" || fail "show: a reopened case still says why it was closed"
expect 0 "$pass"$'\n' --store "$due_store" due --format tsv
cmp -s "$cap/due-expected" "$cap/out" || fail "due: a reopened case lost its items"
expect 0 "$pass"$'\n' --store "$due_store" close 2026-0007 --reason other --note "Verhuisd naar het buitenland."
expect 0 "$pass"$'\n' --store "$due_store" verify

# export

expect 0 "$pass"$'\n' --store "$store" export "$sem_id" --format xml --output "$exports/sem.xml"
xmllint --noout --nonet --schema "$(xsd_of "$exports/sem.xml")" "$exports/sem.xml" 2>"$cap/xmllint" || fail "the XML export does not validate"
grep -qF "Fatima El Amrani" "$exports/sem.xml" || fail "the XML export lacks the people"
[ "$(stat -c %a "$exports/sem.xml")" = 600 ] || fail "the XML export is not 0600"
# Signed as in the app: the name, function, organisation, phone and e-mail
# of the preferences, and the audit trail names the person and the account.
for signed in "<name>Anna Smit</name>" "<role>Aandachtsfunctionaris</role>" \
              "<organisation>Ambiq Zorg</organisation>" "<phone>088 123 45 67</phone>" \
              "<email>a.smit@ambiq.example</email>"; do
  grep -qF "$signed" "$exports/sem.xml" || fail "the export is not signed with $signed"
done
expect 0 "$pass"$'\n' --store "$store" audit --case "$sem_id" --format tsv
grep -F "$(printf '\texport\t')" "$cap/out" | grep -qF "Anna Smit ($(id -un))" \
  || fail "the audit trail does not name who exported"
# A login name signs no report (issue 15): without a name in the
# preferences and without a full name for the account, export and inzage
# ask for --author, and write nothing.
login_real_name=$(getent passwd "$(id -un)" | cut -d: -f5 | cut -d, -f1)
if [ -z "$login_real_name" ] || [ "$login_real_name" = "$(id -un)" ]; then
  for command in "export $sem_id" "inzage $sem_id --for client"; do
    # shellcheck disable=SC2086
    GSETTINGS_BACKEND=memory expect 1 "" --store "$store" $command --output "$exports/nameless.pdf"
    err_has "--author"
    [ ! -e "$exports/nameless.pdf" ] || fail "$command without a name wrote a file"
  done
fi
GSETTINGS_BACKEND=memory expect 0 "$pass"$'\n' --store "$store" export "$sem_id" --format xml \
  --author "Joke de Boer" --output "$exports/sem-author.xml"
grep -qF "<name>Joke de Boer</name>" "$exports/sem-author.xml" || fail "--author is not the author"
expect 0 "$pass"$'\n' --store "$store" export "$anja_id" --output "$exports/anja.pdf" --author "Joke de Boer"
pdftotext "$exports/anja.pdf" "$cap/anja.txt"
grep -qF "Anja de Vries" "$cap/anja.txt" || fail "the PDF lacks the client"
grep -qE "People involved|Betrokkenen" "$cap/anja.txt" || fail "the PDF lacks its headings"
expect 0 "$pass"$'\n' --store "$store" export "$sem_id" --format xml --anonymous --output "$exports/sem-anonymous.xml"
xmllint --noout --nonet --schema "$(xsd_of "$exports/sem-anonymous.xml")" "$exports/sem-anonymous.xml" 2>"$cap/xmllint" || fail "the anonymous export does not validate"
! grep -qE "Sem Jansen|Fatima|C-104233|VT-2026-88123" "$exports/sem-anonymous.xml" || fail "the anonymous export names people"
expect 6 "$pass"$'\n' --store "$store" export "$sem_id" --output "$tmp/no-such-folder/sem.pdf"
# A folder is not a file to write: refused as wrong use, before the passphrase.
expect 1 "" --store "$store" export "$sem_id" --format pdf --output "$exports"
expect 3 "$pass"$'\n' --store "$store" export 999 --output "$exports/none.pdf"
[ ! -e "$exports/none.pdf" ] || fail "a failed export left a file"
# Files never written over (issue 18, finding 2): a mistyped path must not
# destroy the store. Everything in a store's folder, any key file, devices,
# fifos, folders and symlinks to them are refused with exit 1, before the
# passphrase is asked, and the store still opens with both secrets.
cp "$store/key" "$cap/key-before"
cp "$store/cases.db" "$cap/db-before"
for target in "$store/key" "$store/cases.db" "$store/new-report.xml"; do
  expect 1 "$pass"$'\n' --store "$store" export "$sem_id" --format xml --output "$target"
  err_has "case store"
  expect 1 "$pass"$'\n' --store "$store" backup "$target"
done
[ ! -e "$store/new-report.xml" ] || fail "an export was written into the store's folder"
cmp -s "$store/key" "$cap/key-before" || fail "the key file was written over"
cmp -s "$store/cases.db" "$cap/db-before" || fail "the database was written over"
# The same store reached through another path, and a folder below it.
mkdir -p "$work/links"
ln -sfn "$store" "$work/links/store-link"
expect 1 "$pass"$'\n' --store "$store" export "$sem_id" --format xml --output "$work/links/store-link/key"
# A key file anywhere is known by its header.
cp "$store/key" "$work/key-copy"
expect 1 "$pass"$'\n' --store "$store" export "$sem_id" --format xml --output "$work/key-copy"
cmp -s "$work/key-copy" "$cap/key-before" || fail "a copy of the key file was written over"
# Devices, fifos and symlinks to them; /dev/full as root replaced the node.
mkfifo "$work/links/fifo"
ln -sfn /dev/null "$work/links/to-device"
ln -sfn "$exports" "$work/links/to-folder"
for target in /dev/full /dev/null "$work/links/fifo" "$work/links/to-device" "$work/links/to-folder"; do
  expect 1 "" --store "$store" export "$sem_id" --format pdf --output "$target"
  err_has "not an ordinary file"
  expect 1 "" --store "$store" backup "$target"
done
[ -c /dev/full ] || fail "/dev/full is no longer a device"
[ -p "$work/links/fifo" ] || fail "the fifo was replaced"
rm -f "$work/links/fifo"
expect 0 "$pass"$'\n' --store "$store" verify
expect 0 "$recovery_key"$'\n' --store "$store" list --recovery-key
# A symlink to an ordinary file is written through: the link stays.
printf 'old\n' >"$exports/linked.xml"
ln -sfn "$exports/linked.xml" "$exports/link.xml"
expect 0 "$pass"$'\n' --store "$store" export "$sem_id" --output "$exports/link.xml"
[ -L "$exports/link.xml" ] && grep -qF "Sem Jansen" "$exports/linked.xml" || fail "an export through a symlink did not reach its file"
# An export replaces neither a backup nor a key file; a backup replaces a backup.
expect 0 "$pass"$'\n' --store "$store" backup "$work/first.mcbackup"
expect 0 "$pass"$'\n' --store "$store" backup "$work/first.mcbackup"
expect 1 "$pass"$'\n' --store "$store" export "$sem_id" --format xml --output "$work/first.mcbackup"
err_has "backup"
# restore --into: never inside a store's folder, never over a file. (The
# commands above rewrote the key file's anchor: compare from here.)
cp "$store/key" "$cap/key-before"
expect 1 "$pass"$'\n' restore "$work/first.mcbackup" --into "$store/restored"
expect 1 "$pass"$'\n' restore "$work/first.mcbackup" --into "$store/key"
[ ! -e "$store/restored" ] || fail "a restore went into a store's folder"
cmp -s "$store/key" "$cap/key-before" || fail "the key file was written over by a restore"
# Exports leave no temporary file, and the ones a crash left are removed
# when the CLI next opens the store (the journal entry names them).
ls -A "$exports" | grep -q 'meldcode-tmp' && fail "an export left a temporary file"
printf 'plaintext of a crashed export\n' >"$exports/.crashed.xml.meldcode-tmp-AAAAAAAAAAAA"
printf '%s\n' "$exports/.crashed.xml.meldcode-tmp-AAAAAAAAAAAA" >"$store/pending-output-ABCDEF"
printf 'not ours\n' >"$exports/.other.meldcode-tmp-BBBBBBBBBBBB"
expect 0 "$pass"$'\n' --store "$store" list
[ ! -e "$exports/.crashed.xml.meldcode-tmp-AAAAAAAAAAAA" ] || fail "a crashed export's temporary file was not removed"
[ ! -e "$store/pending-output-ABCDEF" ] || fail "a journal entry was left"
[ -e "$exports/.other.meldcode-tmp-BBBBBBBBBBBB" ] || fail "a file no journal names was removed"
rm -f "$exports/.other.meldcode-tmp-BBBBBBBBBBBB"

# What was exported comes back as the same case.
expect 1 "$pass"$'\n' --store "$store" import "$exports/sem.xml"
expect 4 "$pass"$'\n' --store "$store" import "$exports/sem-anonymous.xml"

# The store is as it was after the imports that were refused.
expect 0 "$pass"$'\n' --store "$store" list --format tsv
cut -f1-5 "$cap/out" >"$cap/list-after"
cut -f1-5 "$cap/list-before" | cmp -s - "$cap/list-after" || fail "refused imports changed the store"

# Veilig Thuis's form: the reporter's phone and e-mail, and a family copy
# without the parts marked "niet voor de familie" (a report with a marked
# section, imported as a case of its own, in a copy of the store so the
# lists compared below stay as they are).
cp -a "$store" "$work/form-store"
expect 1 "" --store "$work/form-store" export "$sem_id" --anonymous --family-copy --output "$exports/both.xml"
sed 's|</people>|</people><supportNetwork notForFamily="true">GEHEIM-NETWERK oma</supportNetwork><otherInformation>Gezin verhuist.</otherInformation>|' \
  "$exports/sem.xml" >"$exports/sem-marked.xml"
expect 0 "$pass"$'\n' --store "$work/form-store" import --allow-duplicate "$exports/sem-marked.xml"
marked_id=$(cat "$cap/out")
expect 0 "$pass"$'\n' --store "$work/form-store" export "$marked_id" --format xml --author-phone 06-12345678 \
  --author-email j@ambiq.example --output "$exports/sem-full.xml"
grep -qF "GEHEIM-NETWERK" "$exports/sem-full.xml" || fail "the export lost the support network"
grep -qF "<phone>06-12345678</phone>" "$exports/sem-full.xml" || fail "the export lacks the reporter's phone"
expect 0 "$pass"$'\n' --store "$work/form-store" export "$marked_id" --format xml --family-copy --output "$exports/sem-family.xml"
xmllint --noout --nonet --schema "$(xsd_of "$exports/sem-family.xml")" "$exports/sem-family.xml" 2>"$cap/xmllint" || fail "the family copy does not validate"
! grep -qF "GEHEIM-NETWERK" "$exports/sem-family.xml" || fail "the family copy has a part not for the family"
grep -qF "Gezin verhuist." "$exports/sem-family.xml" || fail "the family copy lost what the family may read"
expect 0 "$pass"$'\n' --store "$work/form-store" export "$marked_id" --family-copy --output "$exports/sem-family.pdf"
pdftotext "$exports/sem-family.pdf" "$cap/family.txt"
! grep -qF "GEHEIM-NETWERK" "$cap/family.txt" || fail "the family copy PDF has a part not for the family"
# Inzage: the copy of the file for the client, without the marked parts,
# with the access log, audited as a disclosure.
expect 1 "" --store "$work/form-store" inzage "$marked_id" --output "$exports/inzage.pdf"
expect 1 "" --store "$work/form-store" inzage "$marked_id" --for grandmother --output "$exports/inzage.pdf"
expect 3 "$pass"$'\n' --store "$work/form-store" inzage 999 --for client --output "$exports/none.pdf"
expect 0 "$pass"$'\n' --store "$work/form-store" inzage "$marked_id" --for client --output "$exports/inzage.pdf"
[ "$(stat -c %a "$exports/inzage.pdf")" = 600 ] || fail "the inzage copy is not 0600"
pdftotext "$exports/inzage.pdf" "$cap/inzage.txt"
! grep -qF "GEHEIM-NETWERK" "$cap/inzage.txt" || fail "the inzage copy has a part not for the family"
grep -qF "Access log" "$cap/inzage.txt" || fail "the inzage copy lacks the access log"
expect 0 "$pass"$'\n' --store "$work/form-store" inzage "$marked_id" --for parent --output "$exports/inzage.xml"
xmllint --noout --nonet --schema "$(xsd_of "$exports/inzage.xml")" "$exports/inzage.xml" 2>"$cap/xmllint" || fail "the inzage XML does not validate"
[ "$(xmllint --xpath 'count(//*[local-name()="inzage"][@requester="parent"])' "$exports/inzage.xml")" = 1 ] || fail "the inzage XML does not say for whom"
expect 4 "$pass"$'\n' --store "$work/form-store" import "$exports/inzage.xml"
expect 0 "$pass"$'\n' --store "$work/form-store" show "$marked_id"

# verify, and a damaged store

expect 0 "$pass"$'\n' --store "$store" verify
[ "$(wc -l <"$cap/out")" -eq 3 ] || fail "verify: expected three lines (database, audit trail, key file)"
cp -a "$store" "$work/damaged"
python3 - "$work/damaged/cases.db" <<'EOF'
import sys
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
middle = len(data) // 2
for i in range(middle, middle + 32):
    data[i] ^= 0xff
open(path, 'wb').write(data)
EOF
expect 5 "$pass"$'\n' --store "$work/damaged" verify

# backup and restore

expect 0 "$pass"$'\n' --store "$store" backup "$work/store.mcbackup"
[ "$(stat -c %a "$work/store.mcbackup")" = 600 ] || fail "the backup is not 0600"
expect 0 "$pass"$'\n' restore "$work/store.mcbackup" --into "$work/restored"
expect 0 "$pass"$'\n' --store "$work/restored" list --format tsv
cut -f1-4 "$cap/out" >"$cap/list-restored"
cut -f1-4 "$cap/list-before" | cmp -s - "$cap/list-restored" || fail "the restored store holds other cases"
expect 1 "$pass"$'\n' restore "$work/store.mcbackup" --into "$work/restored"
err_has "--replace"
expect 0 "$pass"$'\n' restore "$work/store.mcbackup" --into "$work/restored" --replace
ls -d "$work"/restored.replaced-* >/dev/null || fail "restore --replace did not keep the old store"
expect 1 "$pass"$'\n' restore "$work/store.mcbackup"
expect 2 "$new_pass"$'\n' restore "$work/store.mcbackup" --into "$work/restored-2"
expect 4 "$pass"$'\n' restore "$exports/anja.pdf" --into "$work/restored-3"
expect 3 "$pass"$'\n' restore "$work/no-such.mcbackup" --into "$work/restored-4"

# passwd

expect 0 "$pass"$'\n'"$new_pass"$'\n' --store "$work/restored" passwd
expect 2 "$pass"$'\n' --store "$work/restored" list
expect 0 "$new_pass"$'\n' --store "$work/restored" list
expect 1 "$new_pass"$'\n'"short"$'\n' --store "$work/restored" passwd
expect 2 "$pass"$'\n'"$third_pass"$'\n' --store "$work/restored" passwd
expect 0 "$recovery_key"$'\n'"$third_pass"$'\n' --store "$work/restored" passwd --recovery-key
expect 0 "$third_pass"$'\n' --store "$work/restored" verify
expect 2 "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF-GGGGG-HHHHH"$'\n' --store "$work/restored" list --recovery-key
expect 1 "" --store "$work/restored" list

# check-protocol

expect 0 "" check-protocol "$src/data/protocol/ambiq.xml"
out_has "valid"
expect 4 "" check-protocol "$fixtures/protocol/cycle.xml"
err_has "line"
expect 4 "" check-protocol "$fixtures/protocol/external-entity-file.xml"
expect 3 "" check-protocol "$fixtures/protocol/no-such-protocol.xml"
expect 0 "$pass"$'\n' --store "$store" --protocol "$src/data/protocol/ambiq.xml" show "$anja_id"
expect 4 "$pass"$'\n' --store "$store" --protocol "$fixtures/protocol/cycle.xml" show "$anja_id"
# list checks the steps against the same protocol: the minimal one asks no
# kindcheck, so Sem Jansen is past step 1 there (where the built-in
# protocol's kindcheck holds him).
expect 0 "$pass"$'\n' --store "$store" --protocol "$fixtures/protocol/minimal.xml" list --format tsv
awk -F'\t' -v id="$sem_id" '$1 == id && $5 > 1 { found = 1 } END { exit !found }' "$cap/out" \
  || fail "list --protocol: the step of Sem Jansen is not checked against that protocol"
expect 4 "$pass"$'\n' --store "$store" --protocol "$fixtures/protocol/cycle.xml" list

# In Dutch. The wording is checked once po/nl.po has the CLI's strings;
# until then, that every command runs under the Dutch locale.
# Under nl_NL the help, the output and the errors are Dutch; the Dutch PDF
# has the Veilig Thuis headings.
check_dutch() {
  LANG=nl_NL.UTF-8 expect 0 "" --help
  out_has "Gebruik:"
  out_has "Werken met een casusopslag"
  LANG=nl_NL.UTF-8 expect 0 "$pass"$'\n' --store "$store" list
  out_has "Cliënt"
  out_has "Laatst gewijzigd"
  out_has "1, vraagt aandacht"
  LANG=nl_NL.UTF-8 expect 0 "$pass"$'\n' --store "$store" show "$sem_id"
  LANG=nl_NL.UTF-8 expect 0 "$pass"$'\n' --store "$store" export "$anja_id" --output "$exports/anja-nl.pdf"
  # Not piped into grep -q: under pipefail its early exit fails pdftotext.
  pdftotext "$exports/anja-nl.pdf" "$cap/anja-nl.txt"
  grep -qF "Zorgen: feiten en bron" "$cap/anja-nl.txt" || fail "the Dutch PDF lacks its headings"
  LANG=nl_NL.UTF-8 expect 3 "$pass"$'\n' --store "$store" show 999
  err_has "Er staat geen casus"
  LANG=nl_NL.UTF-8 expect 1 "" --store "$due_store" close "$sem_due" --reason gone
  err_has "“gone” is geen reden om een casus af te sluiten"
  LANG=nl_NL.UTF-8 expect 0 "$pass"$'\n' --store "$due_store" due --within 100
  out_has "Vervolgafspraak"
  out_has "Omschrijving"
  LANG=nl_NL.UTF-8 expect 0 "$pass"$'\n' --store "$due_store" show "$sem_due"
  out_has "Reden van afsluiten: Andere reden"
  out_has "Afgesloten en heropend"
  out_has "Na de melding"
}
check_dutch

# Nothing in plaintext but the exports: no client, no reference, no
# passphrase in any file the commands left, stores and backups included.
markers=("Sem Jansen" "Anja de Vries" "Fatima El Amrani" "Rick Smits" "VT-2026-88123" "C-104233"
         "bankpas" "$pass" "$new_pass" "$recovery_key")
for marker in "${markers[@]}"; do
  if leaked=$(grep -rlaF --exclude-dir=exports --exclude-dir=captures -- "$marker" "$tmp"); then
    fail "“$marker” in plaintext in: $leaked"
  fi
done
[ -z "$(ls -A "$tmp/tmp")" ] || fail "temporary files left behind: $(ls -A "$tmp/tmp")"
# A PDF keeps its text compressed: look for stray documents themselves.
if leaked=$(grep -rlaE --exclude-dir=exports --exclude-dir=captures --exclude-dir=dest \
              -- '^%PDF-|urn:nl\.ambiq\.meldcode:report' "$tmp"); then
  fail "a report outside the exports: $leaked"
fi

echo "check-cli: $steps commands as expected"

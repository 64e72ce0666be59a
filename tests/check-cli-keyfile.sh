#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-cli-keyfile.sh MELDCODE_CLI FIXTURES: meldcode-cli and the key file:
# a passphrase that is not UTF-8 or holds a NUL byte, for every command
# that reads one; passwd as one transaction (two at once, a held lock);
# a damaged key file; modes that are too open; a database copied back.
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
pass_b=Another-Staple-Lantern-77
pass_c=Third-Window-Pebble-19
store=$tmp/store
out=$tmp/out
err=$tmp/err

fail() {
  echo "check-cli-keyfile: $*" >&2
  for f in "$out" "$err"; do
    [ -s "$f" ] && { echo "--- ${f##*/}:" >&2; cat "$f" >&2; }
  done
  exit 1
}

# expect STATUS INPUT ARGS…: INPUT (printf format, so \xff and \0 work) on stdin.
expect() {
  local want=$1 input=$2 got=0
  shift 2
  # shellcheck disable=SC2059
  printf "$input" | "$cli" "$@" >"$out" 2>"$err" || got=$?
  [ "$got" -eq "$want" ] || fail "meldcode-cli $*: exit status $got, expected $want"
}
err_has() { grep -qF -- "$1" "$err" || fail "expected “$1” on stderr"; }
out_has() { grep -qF -- "$1" "$out" || fail "expected “$1” on stdout"; }

# Not UTF-8, or a NUL byte: refused before anything is derived, for every
# command that reads a secret (init first, on a folder with no store yet).
expect 1 '\xff\xfe\n' --store "$store" init
err_has "not valid UTF-8"
[ ! -e "$store" ] || fail "init made a store from a passphrase it refused"
expect 1 'Correct-Horse\0Battery-42\n' --store "$store" init
err_has "NUL byte"

expect 0 "$pass\n" --store "$store" init
recovery_key=$(cat "$out")
cp "$fixtures/cli/sem-jansen.xml" "$tmp/report.xml"
expect 0 "$pass\n" --store "$store" import "$tmp/report.xml"
expect 0 "$pass\n" --store "$store" backup "$tmp/store.mcbackup"

for bad in '\xff\xfe\n' 'Correct-Horse-Battery-42\xc3\n' 'Correct-Horse\0Battery-42\n'; do
  for args in "list" "show 1" "due" "verify" "passwd" "close 1 --reason other --note x" \
              "reopen 1 --note x" "export 1 --author Tester -o $tmp/x.xml" "import $tmp/report.xml" \
              "backup $tmp/other.mcbackup" "list --recovery-key"; do
    # shellcheck disable=SC2086
    expect 1 "$bad" --store "$store" $args
    grep -qE "not valid UTF-8|NUL byte" "$err" || fail "$args: no reason given for a passphrase that is not text"
  done
  expect 1 "$bad" restore "$tmp/store.mcbackup" --into "$tmp/restored"
  [ ! -e "$tmp/restored" ] || fail "restore went on with a passphrase that is not text"
  # passwd: a new passphrase that is not text, after a right current one.
  expect 1 "$pass\n$bad" --store "$store" passwd
done
[ ! -e "$tmp/x.xml" ] && [ ! -e "$tmp/other.mcbackup" ] || fail "a refused passphrase still wrote a file"

# One character off at the end is wrong.
expect 2 "${pass%?}3\n" --store "$store" list

# passwd while another program holds the key file's lock: refused after 10 s,
# exit 6, and the old passphrase still opens.
# This shell holds it itself (no helper process to outlive the test).
exec 9<"$store"
flock -x 9
expect 6 "$pass\n$pass_b\n" --store "$store" passwd
err_has "Another program is changing the key file"
err_has "The passphrase was not changed."
flock -u 9
exec 9<&-
expect 0 "$pass\n" --store "$store" list

# Two passwd at once: never both. Exactly one says it changed the
# passphrase, and that one's passphrase opens the store.
passwd_to() {
  local rc=0
  "$cli" --store "$store" passwd <<<"$pass"$'\n'"$1" >"$tmp/$2.out" 2>"$tmp/$2.err" || rc=$?
  echo "$rc" >"$tmp/$2.rc"
}
passwd_to "$pass_b" b &
passwd_to "$pass_c" c &
wait
rc_b=$(cat "$tmp/b.rc")
rc_c=$(cat "$tmp/c.rc")
echo "check-cli-keyfile: concurrent passwd: $rc_b and $rc_c" >&2
if [ "$rc_b" -eq 0 ]; then winner=$pass_b; loser=$pass_c; loser_rc=$rc_c; loser_err=$tmp/c.err
elif [ "$rc_c" -eq 0 ]; then winner=$pass_c; loser=$pass_b; loser_rc=$rc_b; loser_err=$tmp/b.err
else fail "neither concurrent passwd changed the passphrase: $(cat "$tmp/b.err" "$tmp/c.err")"
fi
# The other was refused: in use (6), or it opened after the change (2).
[ "$loser_rc" -eq 6 ] || [ "$loser_rc" -eq 2 ] || fail "the other passwd: exit $loser_rc: $(cat "$loser_err")"
expect 0 "$winner\n" --store "$store" list
expect 2 "$loser\n" --store "$store" list
expect 0 "$recovery_key\n" --store "$store" list --recovery-key

# One flipped byte in the key file opens with the passphrase and the
# recovery key; the same byte in both copies is damage (5), not "no store".
cp "$store/key" "$tmp/key.good"
python3 - "$store/key" 100 <<'EOF'
import sys
path, offset = sys.argv[1], int(sys.argv[2])
data = bytearray(open(path, 'rb').read())
data[offset] ^= 0x04
open(path, 'wb').write(data)
EOF
expect 0 "$winner\n" --store "$store" list
cp "$tmp/key.good" "$store/key"
python3 - "$store/key" 4200 <<'EOF'
import sys
path, offset = sys.argv[1], int(sys.argv[2])
data = bytearray(open(path, 'rb').read())
data[offset] ^= 0x04
open(path, 'wb').write(data)
EOF
expect 0 "$recovery_key\n" --store "$store" list --recovery-key
cp "$tmp/key.good" "$store/key"
python3 - "$store/key" <<'EOF'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
data[30] ^= 0x01
data[4096 + 30] ^= 0x01
open(sys.argv[1], 'wb').write(data)
EOF
expect 5 "$winner\n" --store "$store" list
err_has "damaged"
expect 5 "$recovery_key\n" --store "$store" list --recovery-key
cp "$tmp/key.good" "$store/key"

# Modes open to others: made private, with a warning, and the command works.
chmod 0755 "$store"
chmod 0644 "$store/key"
expect 0 "$winner\n" --store "$store" list
err_has "Warning: "
err_has "(mode 0755). Meldcode made it private (mode 0700)."
err_has "(mode 0644). Meldcode made it private (mode 0600)."
[ "$(stat -c %a "$store")" = 700 ] || fail "the store folder is still $(stat -c %a "$store")"
[ "$(stat -c %a "$store/key")" = 600 ] || fail "the key file is still $(stat -c %a "$store/key")"

# A database copied back from an earlier state: verify says so (5), a
# normal command warns and works.
expect 0 "$winner\n" --store "$store" verify
out_has "Key file: the database is not older than its key file"
cp "$store/cases.db" "$tmp/early.db"
expect 0 "$winner\n" --store "$store" import "$tmp/report.xml" --allow-duplicate
cp "$tmp/early.db" "$store/cases.db"
rm -f "$store/cases.db-wal" "$store/cases.db-shm"
expect 5 "$winner\n" --store "$store" verify
err_has "The database is older than its key file"
out_has "Audit trail: intact."
expect 0 "$winner\n" --store "$store" list
err_has "Warning: The database is older than its key file"

echo "check-cli-keyfile: all checks passed"

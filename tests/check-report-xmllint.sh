#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-report-xmllint.sh WRITER XSD FIXTURES: xmllint, the reference
# validator, accepts every report the writer writes (full, anonymised,
# hostile text, long) and the committed valid fixture, and refuses a report
# with a missing element, so it is known to be validating at all.
set -euo pipefail
writer=$1
xsd=$2
fixtures=$3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$writer" "$tmp"

count=0
for f in "$tmp"/*.xml "$fixtures/valid.xml"; do
  xmllint --noout --nonet --schema "$xsd" "$f"
  count=$((count + 1))
done
[ "$count" -ge 6 ] || { echo "check-report-xmllint: expected 6 reports, validated $count" >&2; exit 1; }

if xmllint --noout --nonet --schema "$xsd" "$fixtures/missing-element.xml" 2>/dev/null; then
  echo "check-report-xmllint: xmllint accepted missing-element.xml" >&2
  exit 1
fi

echo "check-report-xmllint: $count reports valid"

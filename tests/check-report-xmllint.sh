#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-report-xmllint.sh WRITER XSD FIXTURES: xmllint, the reference
# validator, accepts every report the writer writes (full, anonymised,
# hostile, long) and the committed valid fixtures, and refuses a report with
# a missing element, so it is known to be validating at all.
#
# XSD is the schema of format version 1 (meldcode-report.xsd); each version
# N after it is meldcode-report-N.xsd beside it. Each file is held against
# the schema of the version its namespace names, so a report the writer
# writes in the current version is never let through by an older schema.
set -euo pipefail
writer=$1
xsd_dir=$(dirname "$2")
fixtures=$3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The schema of the report in $1, by its namespace.
schema_of() {
  local version
  version=$(grep -o 'urn:nl\.ambiq\.meldcode:report:[0-9]*' "$1" | head -n 1 | sed 's/.*://')
  case "$version" in
    1) echo "$xsd_dir/meldcode-report.xsd" ;;
    ?*) echo "$xsd_dir/meldcode-report-$version.xsd" ;;
    *) echo "check-report-xmllint: $1 is not a Meldcode report" >&2; return 1 ;;
  esac
}

"$writer" "$tmp"

count=0
for f in "$tmp"/*.xml; do
  # The writer writes the current version only.
  grep -q 'urn:nl\.ambiq\.meldcode:report:2"' "$f" \
    || { echo "check-report-xmllint: $f is not of version 2" >&2; exit 1; }
  xmllint --noout --nonet --schema "$(schema_of "$f")" "$f"
  count=$((count + 1))
done
for f in "$fixtures/valid.xml" "$fixtures/valid-v1.xml" "$fixtures/valid-0.2.0.xml"; do
  xmllint --noout --nonet --schema "$(schema_of "$f")" "$f"
  count=$((count + 1))
done
[ "$count" -ge 7 ] || { echo "check-report-xmllint: expected 7 reports, validated $count" >&2; exit 1; }

if xmllint --noout --nonet --schema "$(schema_of "$fixtures/missing-element.xml")" \
     "$fixtures/missing-element.xml" 2>/dev/null; then
  echo "check-report-xmllint: xmllint accepted missing-element.xml" >&2
  exit 1
fi

echo "check-report-xmllint: $count reports valid"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-po.sh SOURCE_ROOT: the translations are complete and current.
# Fails when a file with translatable strings is missing from POTFILES.in,
# when a listed file does not exist, when po/nl.po does not match the strings
# in the sources (the template is out of date), or when a translation is
# missing or fuzzy.
set -euo pipefail
top=$1
cd "$top"
status=0
fail() { echo "check-po: $*" >&2; status=1; }

listed=$(grep -v '^#' po/POTFILES.in | sed '/^[[:space:]]*$/d' | sort)

while read -r f; do
  [ -f "$f" ] || fail "$f is listed in po/POTFILES.in but does not exist"
done <<< "$listed"

# Files that hold strings a user reads: C with gettext calls, templates with
# translatable properties, and the data files meson merges translations into.
candidates=$( { grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext)\s*\(' --include='*.c' src || true
               grep -rl 'translatable="yes"' --include='*.ui' src || true
               ls data/*.gschema.xml data/*.metainfo.xml.in ./*.desktop 2>/dev/null | sed 's|^\./||'; } | sort -u)
while read -r f; do
  [ -n "$f" ] || continue
  grep -qxF "$f" <<< "$listed" || fail "$f has translatable strings but is missing from po/POTFILES.in"
done <<< "$candidates"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The same keywords as meson's i18n 'glib' preset.
xgettext --files-from=<(echo "$listed") --directory="$top" --output="$tmp/fresh.pot" \
  --from-code=UTF-8 --add-comments --package-name=meldcode \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --keyword=ngettext:1,2 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format

for po in po/*.po; do
  # msgcmp: every msgid of the template must be in the po file, and
  # --use-untranslated is off so an empty msgstr counts as missing.
  msgcmp --use-fuzzy "$po" "$tmp/fresh.pot" 2>"$tmp/msgcmp.log" \
    || fail "$po does not match the sources (run: ninja -C build meldcode-update-po, then translate): $(head -5 "$tmp/msgcmp.log")"
  # And the other way: no translation of a string the sources dropped.
  msgattrib --no-obsolete "$po" -o "$tmp/current.po"
  msgcmp --use-untranslated "$tmp/fresh.pot" "$tmp/current.po" 2>"$tmp/msgcmp.log" \
    || fail "$po holds strings the sources no longer have (run: ninja -C build meldcode-update-po): $(head -5 "$tmp/msgcmp.log")"
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*) fail "$po is not complete: $stats" ;;
  esac
done

[ $status -eq 0 ] && echo "check-po: POTFILES.in, template and translations are complete"
exit $status

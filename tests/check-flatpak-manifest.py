#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-flatpak-manifest.py MANIFEST APP_ID: the Flatpak manifest builds what
# it should, from what it should, with no more access than the app needs.
# Fails when the manifest is not JSON, names another app, fetches a download
# without a sha256 or over plain http, gives the sandbox the home folder, the
# host or the network, or bundles a SQLCipher other than 4.9.0.
import json
import os
import re
import sys

SQLCIPHER_VERSION = "4.9.0"
DOWNLOADS = ("archive", "file")
FORBIDDEN_ARGS = re.compile(
    r"^--(filesystem=(home|host|host-os|host-etc|~)(/|:|$)|share=network$)")

problems = []


def fail(message):
    problems.append(message)


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"check-flatpak-manifest: {path}: {e}", file=sys.stderr)
        sys.exit(1)


def modules(manifest, directory):
    """Every module, nested ones and those in files of their own included."""
    for module in manifest.get("modules", []):
        if isinstance(module, str):
            path = os.path.join(directory, module)
            module = load(path)
            yield from [module] + list(modules(module, os.path.dirname(path)))
        else:
            yield module
            yield from modules(module, directory)


def main():
    if len(sys.argv) != 3:
        print("usage: check-flatpak-manifest.py MANIFEST APP_ID", file=sys.stderr)
        return 2
    path, app_id = sys.argv[1:]
    manifest = load(path)

    found_id = manifest.get("id", manifest.get("app-id"))
    if found_id != app_id:
        fail(f"the app id is {found_id!r}, not {app_id!r}")
    if manifest.get("command") != "meldcode":
        fail(f"the command is {manifest.get('command')!r}, not 'meldcode'")

    for arg in manifest.get("finish-args", []):
        if FORBIDDEN_ARGS.match(arg):
            fail(f"finish-args give the sandbox more than it needs: {arg}")

    sqlcipher = []
    for module in modules(manifest, os.path.dirname(path)):
        name = module.get("name", "?")
        for source in module.get("sources", []):
            if isinstance(source, str) or source.get("type") not in DOWNLOADS:
                continue
            urls = [source.get("url")] + source.get("mirror-urls", [])
            for url in urls:
                if not isinstance(url, str) or not url.startswith("https://"):
                    fail(f"{name}: a download that is not https: {url!r}")
            sha256 = source.get("sha256", "")
            if not re.fullmatch(r"[0-9a-f]{64}", sha256):
                fail(f"{name}: {source.get('url')} has no sha256 of 64 hex digits")
        if name == "sqlcipher":
            sqlcipher.append(module)

    if len(sqlcipher) != 1:
        fail(f"expected one sqlcipher module, found {len(sqlcipher)}")
    else:
        urls = [s.get("url", "") for s in sqlcipher[0].get("sources", [])
                if isinstance(s, dict) and s.get("type") in DOWNLOADS]
        tag = re.escape(SQLCIPHER_VERSION)
        if not any(re.search(rf"[/-]v?{tag}\.(tar\.gz|tar\.xz|zip)$", u) for u in urls):
            fail(f"the sqlcipher module does not build {SQLCIPHER_VERSION}: {urls}")

    for problem in problems:
        print(f"check-flatpak-manifest: {problem}", file=sys.stderr)
    if not problems:
        print(f"check-flatpak-manifest: {path} is fine")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build.sh OUTDIR: builds libsqlcipher.so.0 (SQLCipher 4.9.0, SQLite 3.49.2)
# into OUTDIR from the amalgamation beside this script, for the test stage
# that runs Meldcode on SQLCipher 4 (build-aux/dev test --sqlcipher4). Its
# ABI is Debian's 3.4.1, so a program built against Debian's headers runs on
# it with LD_LIBRARY_PATH=OUTDIR. Needs gcc and libssl-dev; no network.
#
# The amalgamation was generated from the upstream v4.9.0 sources
# (sqlcipher/sqlcipher) by
#   ./configure --with-tempstore=yes --disable-tcl \
#     CFLAGS="-DSQLITE_HAS_CODEC -DSQLITE_EXTRA_INIT=sqlcipher_extra_init -DSQLITE_EXTRA_SHUTDOWN=sqlcipher_extra_shutdown" \
#     LDFLAGS=-lcrypto && make sqlite3.c
# and is checked against its sha256 before it is compiled.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUTDIR}
sha256=f144e076e1c123de0340e6237a87b1a3535ac6e3570d9159bfb4a73760e66541
mkdir -p "$out"
xz -dc "$here/sqlite3.c.xz" > "$out/sqlite3.c"
echo "$sha256  $out/sqlite3.c" | sha256sum -c --quiet -
cp "$here/sqlite3.h" "$out/"
gcc -O1 -fPIC -shared -DHAVE_STDINT_H=1 -DSQLITE_HAS_CODEC -DSQLITE_TEMP_STORE=2 \
  -DSQLITE_EXTRA_INIT=sqlcipher_extra_init -DSQLITE_EXTRA_SHUTDOWN=sqlcipher_extra_shutdown \
  -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 \
  "$out/sqlite3.c" -o "$out/libsqlcipher.so.0.tmp" -Wl,-soname,libsqlcipher.so.0 \
  -lcrypto -lpthread -ldl -lm
mv "$out/libsqlcipher.so.0.tmp" "$out/libsqlcipher.so.0"
rm -f "$out/sqlite3.c"
echo "$out/libsqlcipher.so.0"

#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Put QEMU's TCG plugin header (qemu-plugin.h) into DIR/include, taken at
# build time from Debian's qemu source package of the installed qemu-user
# (the header is GPL-2.0-or-later: it is only used to build the counting
# plugin, never committed, never part of the product).
#
# The source package comes through a private apt configuration under DIR
# (its own source list, lists and cache), with a deb-src line for the
# release whose URIs and keyring are read from the system's own
# /etc/apt/sources.list.d/*.sources: no archive host is named here.
#
# Usage: bench/qemu-plugin-header.sh DIR
set -eu
dir=${1:?usage: bench/qemu-plugin-header.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
[ -f "$dir/include/qemu-plugin.h" ] && exit 0

# The first deb stanza that carries the release the installed qemu-user
# comes from (bookworm), as URIs/Suites/Signed-By.
suite=bookworm
stanza=$(awk -v s="$suite" '
	/^$/ { if (ok) exit; uris = ""; key = ""; next }
	/^URIs:/ { uris = $2 }
	/^Signed-By:/ { key = $2 }
	/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) ok = 1 }
	END { if (ok) print uris, key }' /etc/apt/sources.list.d/*.sources)
[ -n "$stanza" ] || {
	echo "qemu-plugin-header: no $suite source in /etc/apt/sources.list.d" >&2
	exit 1
}
uris=${stanza% *}
key=${stanza#* }

apt=$dir/apt
mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial" \
	"$apt/src"
cat >"$apt/sources.list.d/src.sources" <<EOF
Types: deb-src
URIs: $uris
Suites: $suite
Components: main
Signed-By: $key
EOF
opts="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$apt/sources.list.d
 -o Dir::State::Lists=$apt/lists -o Dir::Cache=$apt/cache
 -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null"
# shellcheck disable=SC2086
apt-get -q $opts update >"$apt/update.log" 2>&1 || {
	echo "qemu-plugin-header: apt-get update failed, see $apt/update.log" >&2
	exit 1
}
version=$(dpkg-query -W -f='${source:Version}' qemu-user 2>/dev/null || true)
# shellcheck disable=SC2086
(cd "$apt/src" && apt-get -q $opts source --download-only "qemu${version:+=$version}") \
	>"$apt/source.log" 2>&1 || {
	echo "qemu-plugin-header: apt-get source qemu failed, see $apt/source.log" >&2
	exit 1
}
orig=$(ls "$apt"/src/qemu_*.orig.tar.* | head -1)
mkdir -p "$dir/include"
tar -xf "$orig" -C "$dir" --wildcards --no-anchored 'include/qemu/qemu-plugin.h'
cp "$(find "$dir" -path '*include/qemu/qemu-plugin.h' ! -path "$dir/include/*" | head -1)" \
	"$dir/include/qemu-plugin.h"
echo "qemu-plugin-header: $dir/include/qemu-plugin.h from $(basename "$orig")" >&2

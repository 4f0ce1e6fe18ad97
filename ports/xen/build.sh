#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Build the Xen hypervisor for QEMU virt (arm64) twice from one Xen tree:
#   own  Xen's FF-A code as it is (Xen's own notification mediator)
#   ffn  Xen's notification file replaced by ports/xen/ffa_notif_ffn.c,
#        with the unmodified src/mediator/ and src/common/ compiled in
# Xen is GPL-2.0 and never part of this repo: XEN_SRC names a Xen tree
# (a .tar.* of one, or a directory holding xen/Makefile), which is
# extracted into the build directory and changed there by
# ports/xen/patch-xen.sh.
#
# Usage: XEN_SRC=<tarball|dir> ports/xen/build.sh [OUT] [own|ffn|all]
#   OUT defaults to build-qemu/xen. Results: OUT/<variant>/xen (the image
#   QEMU loads), OUT/<variant>/config, OUT/<variant>/build-seconds, and
#   the test guest OUT/guest/ffn-guest.bin.
# A build is cached: it is redone only when the key (the Xen tree's hash,
# plus for ffn every file of ours that goes into Xen) changes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-build-qemu/xen}
which=${2:-all}
jobs=${JOBS:-2}
cross=${CROSS_COMPILE:-aarch64-linux-gnu-}

if [ -z "${XEN_SRC:-}" ]; then
	echo "ports/xen/build.sh: XEN_SRC is not set." >&2
	echo "  Point it at a Xen tree with FF-A (4.19 or later): a tarball" >&2
	echo "  (.tar.xz/.tar.gz) of one, or a directory holding xen/Makefile." >&2
	exit 2
fi
if [ ! -e "$XEN_SRC" ]; then
	echo "ports/xen/build.sh: XEN_SRC=$XEN_SRC does not exist" >&2
	exit 2
fi
for t in "${cross}gcc" flex bison make; do
	command -v "$t" >/dev/null ||
		{ echo "ports/xen/build.sh: $t not found (scripts/deps)" >&2; exit 2; }
done

mkdir -p "$out"
out=$(cd "$out" && pwd)
src=$(cd "$(dirname "$XEN_SRC")" && pwd)/$(basename "$XEN_SRC")

# The Xen tree's key: the tarball's hash, or the hash of a directory's
# build inputs (so an edited checkout rebuilds).
xen_key() {
	if [ -f "$src" ]; then
		sha256sum "$src" | cut -d' ' -f1
	else
		(cd "$src" && find xen config Config.mk scripts -type f \
			! -path '*/.*' ! -name '*.o' ! -name '*.d' -print0 2>/dev/null |
			LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
	fi
}

# Everything of ours a variant puts into Xen, and the scripts that build it.
ours_key() {
	local files=("$here/build.sh" "$here/patch-xen.sh")
	if [ "$1" = ffn ]; then
		files+=("$here"/*.c "$here"/*.h "$repo"/src/mediator/* \
			"$repo"/src/common/* $(find "$repo/include/ffn" -type f | sort))
	fi
	cat "${files[@]}" | sha256sum | cut -d' ' -f1
}

extract() {
	local dst=$1
	rm -rf "$dst"
	mkdir -p "$dst"
	if [ -f "$src" ]; then
		tar xf "$src" -C "$dst" --strip-components=1
	else
		cp -a "$src"/. "$dst"/
	fi
	if [ ! -f "$dst/xen/Makefile" ]; then
		echo "ports/xen/build.sh: no xen/Makefile in $XEN_SRC" >&2
		exit 2
	fi
}

build_one() {
	local v=$1 dir="$out/$1" key t0 ms
	key="$(xen_key) $(ours_key "$v")"
	if [ -f "$dir/xen" ] && [ "$(cat "$dir/key" 2>/dev/null)" = "$key" ]; then
		echo "xen[$v]: cached ($dir/xen, built in $(cat "$dir/build-seconds") s)"
		return
	fi
	t0=$(date +%s%N)
	rm -f "$dir/xen" "$dir/key"
	extract "$dir/tree"
	"$here/patch-xen.sh" "$dir/tree" "$v" "$repo"

	local mk=(make -C "$dir/tree/xen" XEN_TARGET_ARCH=arm64 CROSS_COMPILE="$cross")
	"${mk[@]}" -s defconfig >"$dir/build.log" 2>&1
	{
		echo CONFIG_UNSUPPORTED=y
		echo CONFIG_TEE=y
		echo CONFIG_FFA=y
		# Indirect messages between VMs, and with them Xen's RX-buffer-full
		# notification, exist only from Xen 4.21 on.
		if grep -q '^config FFA_VM_TO_VM' "$dir/tree/xen/arch/arm/tee/Kconfig"; then
			echo CONFIG_FFA_VM_TO_VM=y
		fi
	} >>"$dir/tree/xen/.config"
	"${mk[@]}" -s olddefconfig >>"$dir/build.log" 2>&1
	grep -q '^CONFIG_FFA=y' "$dir/tree/xen/.config" ||
		{ echo "xen[$v]: CONFIG_FFA did not stick" >&2; exit 1; }
	if ! "${mk[@]}" -j"$jobs" >>"$dir/build.log" 2>&1; then
		tail -40 "$dir/build.log" >&2
		echo "xen[$v]: build failed, log: $dir/build.log" >&2
		exit 1
	fi
	cp "$dir/tree/xen/xen" "$dir/xen"
	cp "$dir/tree/xen/.config" "$dir/config"
	ms=$((($(date +%s%N) - t0) / 1000000))
	printf '%d.%d\n' $((ms / 1000)) $((ms % 1000 / 100)) >"$dir/build-seconds"
	echo "$key" >"$dir/key"
	echo "xen[$v]: built $dir/xen in $(cat "$dir/build-seconds") s"
}

# The dom0less test guest (ports/xen/guest): make decides what is stale.
make -s -C "$here/guest" O="$out/guest" CROSS_COMPILE="$cross"

case "$which" in
own | ffn) build_one "$which" ;;
all)
	build_one own
	build_one ffn
	;;
*)
	echo "usage: XEN_SRC=... $0 [OUT] [own|ffn|all]" >&2
	exit 2
	;;
esac

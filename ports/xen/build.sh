#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Build the Xen hypervisor for QEMU virt (arm64) from one Xen tree:
#   own        Xen's FF-A code as it is (Xen's own notification mediator)
#   ffn        Xen's notification file replaced by ports/xen/ffa_notif_ffn.c,
#              with the unmodified src/mediator/ and src/common/ compiled in
#   ffn-debug  ffn with Xen's developer checks: CONFIG_DEBUG (ASSERTs),
#              CONFIG_DEBUG_LOCKS (a lock taken both with interrupts on and
#              off is a BUG) and CONFIG_UBSAN, UBSAN_FATAL (undefined
#              behaviour panics)
# Xen is GPL-2.0 and never part of this repo: XEN_SRC names a Xen tree
# (a .tar.* of one, or a directory holding xen/Makefile), which is
# extracted into the build directory and changed there by
# ports/xen/patch-xen.sh.
#
# Usage: XEN_SRC=<tarball|dir> ports/xen/build.sh [OUT] [own|ffn|ffn-debug|all]
#   OUT defaults to build-qemu/xen. Results: OUT/<variant>/xen (the image
#   QEMU loads), OUT/<variant>/config, OUT/<variant>/build-seconds, and
#   the test guest OUT/guest/ffn-guest.bin and dom0's Xen-only test
#   module OUT/dom0/ffn_xen.ko (needs scripts/qemu-linux's OUT/../linux).
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
	if [ "$1" != own ]; then
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
		case "$v" in *-debug)
			echo CONFIG_DEBUG=y
			echo CONFIG_DEBUG_LOCKS=y
			echo CONFIG_UBSAN=y
			echo CONFIG_UBSAN_FATAL=y
			;;
		esac
	} >>"$dir/tree/xen/.config"
	"${mk[@]}" -s olddefconfig >>"$dir/build.log" 2>&1
	for c in CONFIG_FFA $(case "$v" in *-debug) echo CONFIG_DEBUG \
		CONFIG_DEBUG_LOCKS CONFIG_UBSAN CONFIG_UBSAN_FATAL ;; esac); do
		grep -q "^$c=y" "$dir/tree/xen/.config" ||
			{ echo "xen[$v]: $c did not stick" >&2; exit 1; }
	done
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

# dom0's Xen-only test module (ports/xen/dom0): built against the kernel
# of scripts/qemu-linux (OUT/../linux) and the public headers of the Xen
# tree just built, so its domctl and sysctl structures are that Xen's.
# Cached on its sources, those headers and the kernel's build tree.
build_dom0() {
	local v=$1 lin dir="$out/dom0" kh pub key
	lin=$(cd "$out/.." && pwd)/linux
	kh=$(ls -d "$lin"/x/usr/src/linux-headers-*-arm64 2>/dev/null | head -n1)
	pub="$out/$v/tree/xen/include/public"
	if [ -z "$kh" ] || [ ! -f "$pub/domctl.h" ]; then
		echo "xen[dom0]: no kernel build tree in $lin (scripts/qemu-linux) or no $pub" >&2
		exit 1
	fi
	key=$(cat "$here"/dom0/* "$repo"/ports/qemu-virt/linux/ffn_test.h \
		"$repo"/ports/qemu-virt/include/ffn_tp.h "$pub"/{xen,domctl,sysctl}.h \
		"$kh/Makefile" "$lin/Image" | sha256sum | cut -d' ' -f1)
	if [ -f "$dir/ffn_xen.ko" ] && [ "$(cat "$dir/key" 2>/dev/null)" = "$key" ]; then
		return
	fi
	rm -rf "$dir"
	mkdir -p "$dir/src"
	cp "$here"/dom0/* "$dir/src/"
	make -s -C "$kh" ARCH=arm64 CROSS_COMPILE="$cross" -j"$jobs" \
		CONFIG_DEBUG_INFO_BTF_MODULES= M="$dir/src" \
		FFN_INCLUDE="$repo/ports/qemu-virt/linux $repo/ports/qemu-virt/include" \
		FFN_XEN_PUBLIC="$pub" modules >"$dir/build.log" 2>&1 ||
		{ tail -30 "$dir/build.log" >&2; echo "xen[dom0]: build failed" >&2; exit 1; }
	"${cross}strip" --strip-debug -o "$dir/ffn_xen.ko" "$dir/src/ffn_xen.ko"
	echo "$key" >"$dir/key"
	echo "xen[dom0]: built $dir/ffn_xen.ko"
}

# The dom0less test guest (ports/xen/guest): make decides what is stale.
make -s -C "$here/guest" O="$out/guest" CROSS_COMPILE="$cross"

case "$which" in
own | ffn | ffn-debug)
	build_one "$which"
	build_dom0 "$which"
	;;
all)
	build_one own
	build_one ffn
	build_one ffn-debug
	build_dom0 ffn
	;;
*)
	echo "usage: XEN_SRC=... $0 [OUT] [own|ffn|ffn-debug|all]" >&2
	exit 2
	;;
esac

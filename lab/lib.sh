# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the lab scripts.  Sourced, never executed.
#
# Every lab script installs the Debian packages it misses, builds only what it
# needs, and caches the result under $KB_CACHE, keyed by a hash of everything
# that went into it.  Build output goes to a log under $KB_CACHE/logs; only
# one-line progress and errors reach stderr.

KB_TOP=${KB_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
KB_LAB_DIR=$KB_TOP/lab
KB_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/kvmppc-bt
KB_LOGS=$KB_CACHE/logs
KB_JOBS=${KB_JOBS:-$(nproc 2>/dev/null || echo 2)}
# Bumped whenever the way a cached artefact is built changes.
KB_RECIPE=1

kb_die() {
	echo "kvmppc-bt lab: $*" >&2
	exit 125
}

kb_note() {
	echo "kvmppc-bt lab: $*" >&2
}

kb_is_root() {
	[ "$(id -u)" = 0 ]
}

# Run a command as root: directly, or through sudo when we are not root.
kb_root() {
	if kb_is_root; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		kb_die "need root to run: $*"
	fi
}

# Serialise cache builds between concurrent lab invocations.
kb_lock() {
	mkdir -p "$KB_CACHE"
	exec 9>"$KB_CACHE/.lock"
	flock 9
}

kb_unlock() {
	exec 9>&-
}

kb_pkg_installed() {
	case "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" in
	*" installed") return 0 ;;
	esac
	return 1
}

kb_apt_updated=

kb_apt_update() {
	[ -n "$kb_apt_updated" ] && return 0
	kb_note "apt-get update"
	mkdir -p "$KB_LOGS"
	# A mirror caught mid-sync can fail one index (seen here for
	# bookworm-security ppc64el) while the rest is fine.  Retry once, then
	# go on: a package that really is missing fails loudly at install.
	kb_root apt-get update >>"$KB_LOGS/apt.log" 2>&1 ||
		kb_root apt-get update >>"$KB_LOGS/apt.log" 2>&1 ||
		kb_note "apt-get update reported errors (see $KB_LOGS/apt.log); continuing"
	kb_apt_updated=1
}

# The ppc64el architecture is needed to download ppc64el binaries (busybox,
# QEMU for nested guests).  Nothing of it is installed.
kb_need_ppc64el_arch() {
	dpkg --print-foreign-architectures | grep -qx ppc64el && return 0
	kb_note "dpkg --add-architecture ppc64el"
	kb_root dpkg --add-architecture ppc64el
	kb_apt_updated=
	kb_apt_update
}

# kb_need_pkgs PKG...: install the Debian packages that are missing.
kb_need_pkgs() {
	kb_missing=
	for p in "$@"; do
		kb_pkg_installed "$p" || kb_missing="$kb_missing $p"
	done
	[ -z "$kb_missing" ] && return 0
	case "$kb_missing" in
	*:ppc64el*) kb_need_ppc64el_arch ;;
	esac
	mkdir -p "$KB_LOGS"
	kb_note "installing$kb_missing"
	# shellcheck disable=SC2086
	if ! kb_root env DEBIAN_FRONTEND=noninteractive apt-get install -y \
		--no-install-recommends $kb_missing >>"$KB_LOGS/apt.log" 2>&1; then
		kb_apt_update
		# shellcheck disable=SC2086
		kb_root env DEBIAN_FRONTEND=noninteractive apt-get install -y \
			--no-install-recommends $kb_missing >>"$KB_LOGS/apt.log" 2>&1 ||
			kb_die "apt-get install$kb_missing failed (see $KB_LOGS/apt.log)"
	fi
}

# Packages every lab build needs (kernel build deps and both cross compilers).
KB_BUILD_PKGS="make gcc libc6-dev bc bison flex libssl-dev libelf-dev cpio xz-utils kmod patch
	gcc-powerpc-linux-gnu binutils-powerpc-linux-gnu libc6-dev-powerpc-cross
	gcc-powerpc64le-linux-gnu binutils-powerpc64le-linux-gnu libc6-dev-ppc64el-cross"

kb_need_build_pkgs() {
	# shellcheck disable=SC2086
	kb_need_pkgs $KB_BUILD_PKGS
}

# kb_lab_vars LAB: set the per-lab variables.
kb_lab_vars() {
	case "$1" in
	e500)
		KB_CROSS=powerpc-linux-gnu-
		KB_QEMU=qemu-system-ppc
		KB_BBARCH=ppc32
		;;
	ppc64)
		KB_CROSS=powerpc64le-linux-gnu-
		KB_QEMU=qemu-system-ppc64
		KB_BBARCH=ppc64le
		;;
	*)
		return 1
		;;
	esac
}

kb_hash() {
	sha256sum | cut -c1-16
}

# kb_ksrc: make sure the pristine Debian kernel source is unpacked; print its
# directory.  The unpacked tree is never modified: patches are applied to
# shadow copies in each O= build directory.
kb_ksrc() {
	kb_need_pkgs linux-source-6.1 xz-utils
	kb_srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
	kb_srcdir=$KB_CACHE/src/linux-source-6.1-$kb_srcver
	if [ ! -f "$kb_srcdir/.kb-done" ]; then
		kb_note "unpacking linux-source-6.1 $kb_srcver"
		rm -rf "$kb_srcdir" "$kb_srcdir.tmp"
		mkdir -p "$kb_srcdir.tmp"
		tar -C "$kb_srcdir.tmp" -xf /usr/src/linux-source-6.1.tar.xz ||
			kb_die "cannot unpack /usr/src/linux-source-6.1.tar.xz"
		mv "$kb_srcdir.tmp/linux-source-6.1" "$kb_srcdir"
		rmdir "$kb_srcdir.tmp"
		echo "$kb_srcver" >"$kb_srcdir/.kb-done"
	fi
	echo "$kb_srcdir"
}

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench-lab.sh GUESTS REPS WORKLOAD MICRO_N [SWEEP]: the benchmark, inside a
# lab host (bench/run boots the lab and parses what this prints).
#
#   GUESTS    directory with vmlinux-nopv, vmlinux-pv, initrd.cpio (lab/guest)
#             and, in the ppc64 lab, qemu/ (lab/qemu-ppc64el)
#   REPS      boots per configuration
#   WORKLOAD  the guest's kernel-heavy workload size (kbt.workload=N)
#   MICRO_N   iterations of each microbenchmark loop
#   SWEEP     thresholds tried once each for the "best" configuration
#             (default "1 2 4 8 16 32 64")
#
# Configurations: nopv-stock, nopv-bt (default tuning), nopv-best (the
# sweep's fastest threshold), pv-stock, pv-bt, and on e500 huge-stock and
# huge-bt (the nopv guest with hugetlbfs-backed RAM: page resizing);
# "stock" means the module is not loaded.  One more boot, nopv-count, loads the module with patching
# off: its sites are the stock boot's trap mix.
#
# Output, one record per line (everything else is the guests' consoles):
#   BENCH-INFO key=value ...
#   BENCH-MICRO workload=W config=stock|bt n=N traps=T guest_ns=G
#   BENCH-SWEEP threshold=T <KBT-RUN fields>
#   BENCH-RUN config=C rep=R <KBT-RUN fields>
#   BENCH-PV config=C rep=R patching=worked|failed|none
#   BENCH-SITE config=C <ea> <gpa> <word> <replacement> <class> <state> <hits> <reason>
#   BENCH-STAT config=C <name> <value>
#   BENCH-END
set -u
B=$(cd "$(dirname "$0")" && pwd)
BT=/sys/kernel/debug/kvmppc_bt
S=/tmp/bench-save
lab=$(uname -r)
lab=${lab#*-kvmppcbt-}

# vmm nopv|pv: become the lab's VMM booting that guest, console on stdout.
# guest-run finds the VM by its VMM's pid, hence exec.
vmm() {
	if [ "$lab" = ppc64 ]; then
		exec "$G/qemu/qemu" -nodefaults -nographic -no-user-config -no-shutdown \
			-machine pseries,accel=kvm,kvm-type=PR,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off,cap-large-decr=off,cap-fwnmi=off \
			-cpu host -m 512M -smp 1 -serial stdio \
			-kernel "$G/vmlinux-$1" -initrd "$G/initrd.cpio" \
			-append "console=hvc0 quiet kbt.workload=$W"
	fi
	# huge: the nopv guest with its RAM in 4M huge pages (page resizing);
	# 128M of them, as the lab host has 512M.
	case "$1" in
	pv) set -- --pv -m 256 "$G/vmlinux-pv" ;;
	huge) set -- --hugetlb -m 128 "$G/vmlinux-nopv" ;;
	*) set -- -m 256 "$G/vmlinux-nopv" ;;
	esac
	exec "$B/e500-vmm" --hold --append "kbt.workload=$W" "$@" "$G/initrd.cpio"
}

if [ "${1:-}" = --vmm ]; then
	# bench-lab.sh --vmm nopv|pv|huge GUESTS WORKLOAD: what guest-run runs.
	G=$3
	W=$4
	vmm "$2"
fi

[ $# -ge 4 ] || { echo "usage: bench-lab.sh GUESTS REPS WORKLOAD MICRO_N [SWEEP]" >&2; exit 2; }
G=$1
REPS=$2
W=$3
MICRO_N=$4
SWEEP=${5:-"1 2 4 8 16 32 64"}
mkdir -p "$S"

fail() {
	echo "BENCH-FAIL $*"
	exit 1
}

case "$lab" in
e500) [ -e /dev/kvm ] || fail "no /dev/kvm" ;;
ppc64) modprobe kvm-pr || fail "cannot load kvm-pr" ;;
*) fail "unknown lab $lab" ;;
esac

unload() {
	[ -d /sys/module/kvmppc_bt ] || return 0
	rmmod kvmppc_bt || fail "cannot unload kvmppc_bt"
}

load() {	# load [threshold] [enabled]
	unload
	modprobe kvmppc_bt || fail "cannot load kvmppc_bt"
	[ -n "${1:-}" ] && echo "$1" >"$BT/threshold"
	[ -n "${2:-}" ] && echo "$2" >"$BT/enabled"
	return 0
}

# boot TAG nopv|pv: one guest boot under guest-run; prints its KBT-RUN fields.
boot() {
	out=$S/$1.console
	"$B/guest-run" --tag "$1" --save "$S" --timeout 900 -- "$0" --vmm "$2" "$G" "$W" \
		>"$out" 2>&1
	rc=$?
	run=$(sed -n 's/^KBT-RUN tag=[^ ]* //p' "$out")
	if [ "$rc" != 0 ] || [ -z "$run" ] || ! grep -q "KBT-GUEST-INIT" "$out"; then
		tail -n 40 "$out"
		fail "guest boot $1 failed (guest-run rc $rc)"
	fi
	echo "$run"
}

sites() {	# sites CONFIG TAG: the saved sites and stats of a boot
	[ -f "$S/$2.sites" ] || return 0
	grep -v '^#' "$S/$2.sites" | sed "s/^/BENCH-SITE config=$1 /"
	sed "s/^/BENCH-STAT config=$1 /" "$S/$2.stats"
}

pvline() {	# pvline CONFIG REP TAG
	p=$(sed -n 's/.*KBT-GUEST-PV patching=\([a-z]*\).*/\1/p' "$S/$3.console" | head -n 1)
	echo "BENCH-PV config=$1 rep=$2 patching=${p:-missing}"
}

load
hook=kprobe
kvmppc-bt status | grep -q hook_tracepoint && hook=tracepoint
echo "BENCH-INFO lab=$lab host_kernel=$(uname -r) module=$(cat /sys/module/kvmppc_bt/version)" \
	"default_threshold=$(cat "$BT/threshold") hook=$hook reps=$REPS workload=$W micro_n=$MICRO_N"

# ---- microbenchmarks: one loop per rewrite class, and mixes ------------
if [ "$lab" = e500 ]; then
	classes="mfmsr mfsprg mtsprg mfsrr mtsrr mffault mtfault mfmas mtmas mfpir tlbsync wrteei"
else
	classes="mfmsr mfsprg mtsprg mfsrr mtsrr mffault mtfault tlbsync mfzero mfmirror mtmsrd"
fi
for w in $(for c in $classes; do echo "class:$c"; done) priv7 base; do
	unload
	r=$("$B/bt-loop" "$w" "$MICRO_N") || fail "bt-loop $w"
	echo "BENCH-MICRO config=stock $r"
	load
	r=$("$B/bt-loop" "$w" "$MICRO_N") || fail "bt-loop $w"
	echo "BENCH-MICRO config=bt $r"
done

# ---- the trap mix of an unmodified boot: patching off, sites counted ----
load "" 0
r=$(boot count nopv) || { echo "$r"; exit 1; }
echo "BENCH-RUN config=nopv-count rep=1 $r"
sites nopv-count count

# ---- the threshold sweep ----------------------------------------------
best=
best_ns=
for t in $SWEEP; do
	load "$t"
	r=$(boot "sweep-$t" nopv) || { echo "$r"; exit 1; }
	echo "BENCH-SWEEP threshold=$t $r"
	ns=$(echo "$r" | sed -n 's/.*boot_ns=\([0-9]*\).*/\1/p')
	if [ -z "$best" ] || [ "$ns" -lt "$best_ns" ]; then
		best=$t
		best_ns=$ns
	fi
done
echo "BENCH-INFO best_threshold=$best"

# ---- the configurations --------------------------------------------------
i=1
while [ "$i" -le "$REPS" ]; do
	cfgs="nopv-stock nopv-bt nopv-best pv-stock pv-bt"
	[ "$lab" = e500 ] && cfgs="$cfgs huge-stock huge-bt"
	for c in $cfgs; do
		case "$c" in
		*-stock) unload ;;
		*-bt) load ;;
		*-best) load "$best" ;;
		esac
		g=${c%%-*}
		r=$(boot "$c.$i" "$g") || { echo "$r"; exit 1; }
		echo "BENCH-RUN config=$c rep=$i $r"
		[ "$g" = pv ] && pvline "$c" "$i" "$c.$i"
		[ "$i" = 1 ] && case "$c" in *-bt|*-best) sites "$c" "$c.$i" ;; esac
	done
	i=$((i + 1))
done
unload
echo "BENCH-END"

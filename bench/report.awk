# SPDX-License-Identifier: GPL-2.0
#
# bench/report's generator: awk -v svg=PLOT -f report.awk NAMES RESULT.json...
# NAMES: "<lab> <word> <instruction text>" lines.  Writes the Markdown report
# on stdout and the SVG plot to PLOT.

function get(s, k,   p, v) {
	p = index(s, "\"" k "\": ")
	if (!p)
		return ""
	v = substr(s, p + length(k) + 4)
	if (substr(v, 1, 1) == "\"") {
		v = substr(v, 2)
		return substr(v, 1, index(v, "\"") - 1)
	}
	sub(/[,}].*/, "", v)
	return v
}

function median(L, c, f,   i, j, n, t, a) {
	n = nrep[L, c]
	for (i = 1; i <= n; i++)
		a[i] = run[L, c, i, f] + 0
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	if (!n)
		return -1
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

function extreme(L, c, f, want_max,   i, v, r) {
	for (i = 1; i <= nrep[L, c]; i++) {
		v = run[L, c, i, f] + 0
		if (i == 1 || (want_max ? v > r : v < r))
			r = v
	}
	return r
}

# Kernel-phase and workload figures derived from a run's fields.
function derive(L, c, i) {
	run[L, c, i, "kinit"] = run[L, c, i, "fw_ns"] > 0 ? run[L, c, i, "init_ns"] - run[L, c, i, "fw_ns"] : run[L, c, i, "init_ns"]
	run[L, c, i, "kemul"] = run[L, c, i, "emul_fw"] >= 0 ? run[L, c, i, "emul"] - run[L, c, i, "emul_fw"] : run[L, c, i, "emul"]
	run[L, c, i, "work"] = run[L, c, i, "fork_ns"] + run[L, c, i, "pipe_ns"] + run[L, c, i, "yield_ns"]
}

function m(ns) { return sprintf("%.1f", ns / 1e6) }
function cnt(v) { return v < 0 ? "-" : sprintf("%d", v) }
function ratio(a, b) { return b > 0 && a > 0 ? sprintf("%.2fx", a / b) : "-" }
function pct(a, b) { return b > 0 ? sprintf("%.1f%%", 100 * a / b) : "-" }

# The class of an instruction text: the mnemonic and its non-register operands.
function iclass(t,   n, i, parts, ops, r) {
	if (t ~ /^hcall/)
		return "hcall"
	n = split(t, parts, " ")
	r = parts[1]
	if (n >= 2) {
		split(parts[2], ops, ",")
		for (i = 1; i in ops; i++)
			if (ops[i] !~ /^r[0-9]+$/ && ops[i] !~ /^[0-9]+\(r[0-9]+\)$/)
				r = r " " ops[i]
	}
	return r
}

function iname(L, w) { return ((L, w) in name) ? name[L, w] : ".long 0x" w }

FNR == 1 { fileno++ }
fileno == 1 {
	t = $0
	sub(/^[^ ]+ [^ ]+ /, "", t)
	name[$1, $2] = t
	next
}
/^  "lab": / { L = get($0, "lab"); labs[++nlabs] = L; next }
/^  "[a-z_]+": [^[]/ {
	k = $0; sub(/^  "/, "", k); sub(/".*/, "", k)
	info[L, k] = get($0, k)
	next
}
/^  "[a-z]+": \[/ { sect = $0; sub(/^  "/, "", sect); sub(/".*/, "", sect); next }
/^    \{/ {
	if (sect == "runs" || sect == "sweep") {
		if (sect == "runs") {
			c = get($0, "config"); i = get($0, "rep") + 0
		} else {
			c = "sweep-" get($0, "threshold"); i = 1
			sweeps[L, ++nsweep[L]] = get($0, "threshold")
		}
		if (i > nrep[L, c])
			nrep[L, c] = i
		split("boot_ns fw_ns init_ns emul emul_fw sum sum_fw bt_patched fork_ns pipe_ns yield_ns tlb bt_split", fs, " ")
		for (j = 1; j in fs; j++)
			run[L, c, i, fs[j]] = get($0, fs[j])
		derive(L, c, i)
	} else if (sect == "micro") {
		w = get($0, "workload"); c = get($0, "config")
		if (!((L, w) in seenw)) {
			seenw[L, w] = 1
			micw[L, ++nmic[L]] = w
		}
		mic[L, w, c, "n"] = get($0, "n")
		mic[L, w, c, "traps"] = get($0, "traps")
		mic[L, w, c, "ns"] = get($0, "guest_ns")
	} else if (sect == "pv") {
		pvp[L, get($0, "config"), get($0, "rep")] = get($0, "patching")
	} else if (sect == "sites") {
		c = get($0, "config"); w = get($0, "word"); h = get($0, "hits") + 0
		wt[L, c, w] += h
		tot[L, c] += h
		if (!((L, c, w) in seenword))
			words[L, c, ++nw[L, c]] = w
		seenword[L, c, w] = 1
		st = get($0, "state")
		if (st == "patched" || !((L, c, w) in wstate))
			wstate[L, c, w] = st == "unpatchable" ? "unpatchable (" get($0, "reason") ")" : st
		if (get($0, "reason") == "hcall")
			hc[L, c] += h
	} else if (sect == "stats") {
		stat[L, get($0, "config"), get($0, "name")] = get($0, "value")
	}
	next
}

# Top-20 tables of one configuration's trap mix.
function mix(L, c, title,   i, j, k, n, cls, ct, cn, order, t, w) {
	if (!tot[L, c]) {
		print "(no sites recorded for " c ")\n"
		return
	}
	printf "**%s** (%d traps counted, %d distinct words):\n\n", title, tot[L, c], nw[L, c]
	n = 0
	for (i = 1; i <= nw[L, c]; i++) {
		w = words[L, c, i]
		k = iclass(iname(L, w))
		if (!(k in ct)) {
			cn[++n] = k
		}
		ct[k] += wt[L, c, w]
	}
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && ct[cn[j - 1]] < ct[cn[j]]; j--) {
			t = cn[j]; cn[j] = cn[j - 1]; cn[j - 1] = t
		}
	print "| # | instruction class | traps | share |"
	print "|---:|---|---:|---:|"
	for (i = 1; i <= n && i <= 20; i++)
		printf "| %d | `%s` | %d | %s |\n", i, cn[i], ct[cn[i]], pct(ct[cn[i]], tot[L, c])
	print ""
	n = nw[L, c]
	for (i = 1; i <= n; i++)
		order[i] = words[L, c, i]
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && wt[L, c, order[j - 1]] < wt[L, c, order[j]]; j--) {
			t = order[j]; order[j] = order[j - 1]; order[j - 1] = t
		}
	print "| # | word | instruction | traps | share | state |"
	print "|---:|---|---|---:|---:|---|"
	for (i = 1; i <= n && i <= 20; i++)
		printf "| %d | `%s` | `%s` | %d | %s | %s |\n", i, order[i], iname(L, order[i]),
		       wt[L, c, order[i]], pct(wt[L, c, order[i]], tot[L, c]), wstate[L, c, order[i]]
	print ""
}

function lab_section(L,   c, i, cfgs, ncfg, u, w, s, b, x, label, best) {
	u = "Minsn"
	printf "## %s lab\n\n", L
	printf "- command: `%s` (`make bench` runs both labs), %s, %s s wall\n", info[L, "command"], info[L, "date"], info[L, "wall_s"]
	printf "- lab host kernel `%s`, kvmppc_bt %s; guests `%s` (nopv) and `%s` (pv)\n", info[L, "host_kernel"], info[L, "module"], info[L, "guest_nopv"], info[L, "guest_pv"]
	printf "- QEMU TCG with `-icount shift=0`: times are emulated instructions of the whole lab host (%s = millions), exits included; repeats are exact or nearly so\n", u
	printf "- %s boots per configuration, guest workload `kbt.workload=%s` (fork+exit+wait, pipe round trips, sched_yield switches: %s each)\n", info[L, "reps"], info[L, "workload"], info[L, "workload"]
	printf "- kvmppc-bt thresholds: default %s, best of the sweep %s; emulation exits seen through %s\n", info[L, "default_threshold"], info[L, "best_threshold"], (info[L, "hook"] == "tracepoint" ? "KVM's kvm_ppc_instr tracepoint (`hook=auto` on these uniprocessor hosts)" : info[L, "hook"] == "kprobe" ? "a kprobe" : "(not recorded)")
	best = info[L, "best_threshold"]
	printf "- guest paravirt (pv guest's log): %s\n\n", pvcheck(L)

	ncfg = split("nopv-stock nopv-bt nopv-best pv-stock pv-bt", cfgs, " ")
	label["nopv-stock"] = "nopv, stock KVM"
	label["nopv-bt"] = "nopv, kvmppc-bt (threshold " info[L, "default_threshold"] ")"
	label["nopv-best"] = "nopv, kvmppc-bt (threshold " best ")"
	label["pv-stock"] = "pv, stock KVM"
	label["pv-bt"] = "pv, kvmppc-bt (threshold " info[L, "default_threshold"] ")"
	print "### Linux guest boot and workload (medians)\n"
	if (L == "ppc64")
		print "The ppc64 guest boots through SLOF in Debian's QEMU; *kernel* columns start at the guest's \"Booting Linux via __start\".\n"
	if (L == "ppc64") {
		print "| configuration | to init (" u ") | min-max | kernel to init | to power-off | exits | kernel exits | workload (" u ") | patched |"
		print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	} else {
		print "| configuration | to init (" u ") | min-max | to power-off | exits | workload (" u ") | patched |"
		print "|---|---:|---:|---:|---:|---:|---:|"
	}
	for (i = 1; i <= ncfg; i++) {
		c = cfgs[i]
		if (!nrep[L, c])
			continue
		if (L == "ppc64")
			printf "| %s | %s | %s-%s | %s | %s | %d | %d | %s | %s |\n", label[c], m(median(L, c, "init_ns")),
			       m(extreme(L, c, "init_ns", 0)), m(extreme(L, c, "init_ns", 1)), m(median(L, c, "kinit")),
			       m(median(L, c, "boot_ns")), median(L, c, "emul"), median(L, c, "kemul"),
			       m(median(L, c, "work")), cnt(median(L, c, "bt_patched"))
		else
			printf "| %s | %s | %s-%s | %s | %d | %s | %s |\n", label[c], m(median(L, c, "init_ns")),
			       m(extreme(L, c, "init_ns", 0)), m(extreme(L, c, "init_ns", 1)),
			       m(median(L, c, "boot_ns")), median(L, c, "emul"), m(median(L, c, "work")),
			       cnt(median(L, c, "bt_patched"))
	}
	print ""
	print "Ratios (greater than 1: the second configuration is faster):\n"
	print "| | to init | workload | exits |"
	print "|---|---:|---:|---:|"
	split("nopv-stock/nopv-bt nopv-stock/nopv-best pv-stock/nopv-best pv-stock/pv-bt", x, " ")
	for (i = 1; i in x; i++) {
		split(x[i], b, "/")
		printf "| %s / %s | %s | %s | %s |\n", b[1], b[2], ratio(median(L, b[1], "init_ns"), median(L, b[2], "init_ns")),
		       ratio(median(L, b[1], "work"), median(L, b[2], "work")), ratio(median(L, b[1], "emul"), median(L, b[2], "emul"))
	}
	print ""
	targets(L)
	huge(L)

	print "### Threshold sweep (nopv, one boot each)\n"
	print "| threshold | to init (" u ") | to power-off | exits | patched |"
	print "|---:|---:|---:|---:|---:|"
	for (i = 1; i <= nsweep[L]; i++) {
		c = "sweep-" sweeps[L, i]
		printf "| %s | %s | %s | %d | %d |\n", sweeps[L, i], m(run[L, c, 1, "init_ns"]), m(run[L, c, 1, "boot_ns"]),
		       run[L, c, 1, "emul"], run[L, c, 1, "bt_patched"]
	}
	print ""

	print "### Microbenchmarks (one loop per rewrite class, " info[L, "micro_n"] " iterations)\n"
	print "Instructions per iteration are the lab host's, exits included; `class:X` loops run one representative instruction of class X, `priv7` a mix, `base` no privileged instruction.\n"
	print "| loop | stock traps/iter | stock insn/iter | kvmppc-bt traps/iter | kvmppc-bt insn/iter | speedup |"
	print "|---|---:|---:|---:|---:|---:|"
	for (i = 1; i <= nmic[L]; i++) {
		w = micw[L, i]
		s = mic[L, w, "stock", "n"]
		if (!s)
			continue
		printf "| `%s` | %.2f | %.0f | %.4f | %.0f | %s |\n", w, mic[L, w, "stock", "traps"] / s, mic[L, w, "stock", "ns"] / s,
		       mic[L, w, "bt", "traps"] / s, mic[L, w, "bt", "ns"] / s, ratio(mic[L, w, "stock", "ns"], mic[L, w, "bt", "ns"])
	}
	print ""

	print "### Trap mix of the unmodified (nopv) boot\n"
	print "Top 20 by instruction class and by word.  Stock: kvmppc_bt loaded with patching off (it only counts); kvmppc-bt: default threshold, first boot (a patched site's count is the traps before it was patched).\n"
	mix(L, "nopv-count", "stock")
	mix(L, "nopv-bt", "kvmppc-bt")
}

function pvcheck(L,   k, r, p, ok, bad, parts) {
	ok = 0; bad = ""
	for (k in pvp) {
		split(k, parts, SUBSEP)
		if (parts[1] != L)
			continue
		if (pvp[k] == "worked")
			ok++
		else
			bad = bad " " parts[2] "." parts[3] "=" pvp[k]
	}
	if (!ok && bad == "")
		return "not recorded"
	return bad == "" ? "\"Live patching for a fast VM worked\" in every pv boot (" ok ")" : "NOT working in" bad
}

function targets(L,   s, b, p, r) {
	print "Project targets for the nopv guest (from the benchmark issue), measured:\n"
	s = median(L, "nopv-stock", "init_ns"); b = median(L, "nopv-best", "init_ns")
	if (L == "e500")
		printf "- Linux boot >= 3.0x: %s (stock / best) -- %s\n", ratio(s, b), (s / b >= 3 ? "met" : "not met")
	s = median(L, "nopv-stock", "work"); b = median(L, "nopv-best", "work")
	printf "- kernel-heavy workload >= 3.0x: %s -- %s\n", ratio(s, b), (b > 0 && s / b >= 3 ? "met" : "not met")
	if (L == "ppc64" && tot[L, "nopv-count"] && tot[L, "nopv-bt"]) {
		s = tot[L, "nopv-count"] - hc[L, "nopv-count"]
		b = tot[L, "nopv-bt"] - hc[L, "nopv-bt"]
		r = s > 0 ? 100 * (s - b) / s : 0
		printf "- privileged-instruction exits, hypercalls excluded (whole boot, from the sites' counts): %d -> %d, %.1f%% fewer (target >= 90%% in the kernel phase) -- %s\n", s, b, r, (r >= 90 ? "met" : "not met")
	}
	s = median(L, "pv-stock", "init_ns"); b = median(L, "nopv-best", "init_ns")
	printf "- at least the pv guest's speed, to init: pv %s, kvmppc-bt %s %s -- %s\n", m(s), m(b), "Minsn", (b <= s ? "met" : "not met")
	s = median(L, "pv-stock", "work"); b = median(L, "nopv-best", "work")
	printf "- at least the pv guest's speed, workload: pv %s, kvmppc-bt %s %s -- %s\n\n", m(s), m(b), "Minsn", (b <= s ? "met" : "not met")
}

# e500: the nopv guest with hugetlbfs-backed RAM (adaptive page resizing).
function huge(L,   s, b, u) {
	if (!nrep[L, "huge-stock"] || !nrep[L, "huge-bt"])
		return
	u = "Minsn"
	print "### hugetlbfs-backed guest RAM (adaptive page resizing)\n"
	print "The nopv guest with 128 MiB of RAM in 4 MiB huge pages: KVM shadows its large TLB1 entries with 4 MiB host entries, which kvmppc-bt splits around patched pages, or gives up when the pieces cost too many TLB misses (`split_budget`, docs/design.md).  Guest TLB misses are KVM's `itlb_virt_miss_exits` + `dtlb_virt_miss_exits`.\n"
	print "| configuration | to init (" u ") | to power-off | workload (" u ") | exits | guest TLB misses | pieces written | patched |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|"
	hrow(L, "huge-stock", "huge, stock KVM")
	hrow(L, "huge-bt", "huge, kvmppc-bt (threshold " info[L, "default_threshold"] ")")
	s = median(L, "huge-stock", "tlb"); b = median(L, "huge-bt", "tlb")
	printf "\nGuest TLB misses: kvmppc-bt %d, stock %d (medians).  Time to power-off, stock / kvmppc-bt: %s.  ", b, s, ratio(median(L, "huge-stock", "boot_ns"), median(L, "huge-bt", "boot_ns"))
	printf "First boot with kvmppc-bt: %s sites given up with their large mapping (reason resize), %s data faults in execute-only pieces.\n\n", cnt(stat[L, "huge-bt", "unpatchable_resize"]), cnt(stat[L, "huge-bt", "resize_faults"])
}

function hrow(L, c, label) {
	printf "| %s | %s | %s | %s | %d | %d | %s | %s |\n", label, m(median(L, c, "init_ns")), m(median(L, c, "boot_ns")),
	       m(median(L, c, "work")), median(L, c, "emul"), median(L, c, "tlb"), cnt(median(L, c, "bt_split")),
	       cnt(median(L, c, "bt_patched"))
}

function svg_out(   i, j, g, L, c, y, x0, wd, mx, v, h, cfgs, ncfg, col, met, mname) {
	ncfg = split("nopv-stock nopv-bt nopv-best pv-stock pv-bt", cfgs, " ")
	col["nopv-stock"] = "#888888"; col["nopv-bt"] = "#2a7ab9"; col["nopv-best"] = "#174f7a"
	col["pv-stock"] = "#d08c2a"; col["pv-bt"] = "#7a4f17"
	split("kinit work", met, " ")
	mname["kinit"] = "boot to init (ppc64: kernel phase, after SLOF)"
	mname["work"] = "kernel-heavy workload (fork, pipe, yield)"
	x0 = 170; wd = 480
	h = 40 + nlabs * 2 * (ncfg * 20 + 34) + nlabs * 20
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", h > svg
	printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n" > svg
	printf "<text x=\"10\" y=\"20\" font-size=\"14\">Linux guests, median time in emulated instructions (QEMU -icount); shorter is faster</text>\n" > svg
	y = 40
	for (i = 1; i <= nlabs; i++) {
		L = labs[i]
		for (g = 1; g in met; g++) {
			mx = 0
			for (j = 1; j <= ncfg; j++)
				if (nrep[L, cfgs[j]] && (v = median(L, cfgs[j], met[g])) > mx)
					mx = v
			printf "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s lab: %s</text>\n", y + 12, L, mname[met[g]] > svg
			y += 20
			for (j = 1; j <= ncfg; j++) {
				c = cfgs[j]
				if (!nrep[L, c] || mx <= 0)
					continue
				v = median(L, c, met[g])
				printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", x0 - 6, y + 12, c > svg
				printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"15\" fill=\"%s\"/>\n", x0, y + 1, wd * v / mx, col[c] > svg
				printf "<text x=\"%.1f\" y=\"%d\">%s M</text>\n", x0 + wd * v / mx + 4, y + 13, m(v) > svg
				y += 20
			}
			y += 14
		}
		y += 20
	}
	print "</svg>" > svg
	close(svg)
}

END {
	print "<!-- Generated by bench/report from bench/results/*.json: do not edit. -->"
	print "# Benchmarks\n"
	print "kvmppc-bt against stock trap-and-emulate KVM and against the guest's own"
	print "paravirtualisation (Linux `CONFIG_KVM_GUEST`), on real Linux 6.1 guests"
	print "booted inside the emulated PowerPC KVM hosts of `lab/`.  Regenerate with"
	print "`make bench` (both labs, then this report); raw records are in"
	print "`bench/results/`.  Configurations: `nopv` is the unmodified guest"
	print "(`CONFIG_KVM_GUEST=n`), `pv` the same kernel with `CONFIG_KVM_GUEST=y`"
	print "and the lab's two guest fixes (`lab/patches/guest-pv/`); *stock* means"
	print "the kvmppc_bt module is not loaded.\n"
	print "![boot to init and workload, per configuration](bench-boot.svg)\n"
	for (i = 1; i <= nlabs; i++)
		lab_section(labs[i])
	svg_out()
}

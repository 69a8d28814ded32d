// SPDX-License-Identifier: GPL-2.0
/*
 * kvmppc-bt: the command-line tool of the kvmppc_bt module.
 *
 * main() parses the command line (args.c), opens /dev/kvmppc-bt, checks the
 * ABI version and runs one command.  Every command reads everything it
 * needs from the module before it prints anything, so an error never
 * leaves half a table or half a JSON document on stdout.  Names of classes,
 * reasons and states, and the class-list syntax, come from module/xlate.c,
 * which is linked in: the tool and the module cannot disagree on them.
 *
 * Exit status: 0 success, 1 operational error (one line on stderr),
 * 2 usage error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "dev.h"
#include "disasm.h"
#include "json.h"
#include "profile.h"
#include "table.h"

#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

/* The largest profile file import reads. */
#define MAX_PROFILE_BYTES	(64u << 20)

static int errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "kvmppc-bt: <message>" on stderr. Return: EXIT_FAIL. */
static int errmsg(const char *fmt, ...)
{
	va_list ap;

	fputs("kvmppc-bt: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

/* An ioctl's error, for what the user asked (@what) of @vm (or globally). */
static int ioctl_error(int err, const char *what, const struct kvmppc_bt_vm_id *vm)
{
	char name[32];

	if (vm)
		kbt_format_vm(vm, name, sizeof(name));
	switch (err) {
	case ENOENT:
		if (vm)
			return errmsg("no such VM %s", name);
		break;
	case EPERM:
	case EACCES:
		return errmsg("%s: permission denied (changing kvmppc-bt needs CAP_SYS_ADMIN)",
			      what);
	case ENOTTY:
		return errmsg("%s: not supported by the loaded kvmppc_bt module", what);
	case KBT_ERETRY:
		return errmsg("%s: the list kept changing while it was read; try again", what);
	case KBT_EPROTO:
		return errmsg("%s: the kvmppc_bt module gave an answer outside its ABI", what);
	}
	return errmsg("%s: %s", what, strerror(err));
}

/* Open the device and check that it speaks our ABI. */
static int open_dev(struct kbt_dev *d, bool write)
{
	int r = kbt_dev_open(d, KVMPPC_BT_DEVICE, write);

	switch (-r) {
	case 0:
		break;
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return errmsg("cannot open %s: the kvmppc_bt module is not loaded (modprobe kvmppc_bt)",
			      KVMPPC_BT_DEVICE);
	case EACCES:
	case EPERM:
		return errmsg("cannot open %s: %s (it is accessible to root only by default)",
			      KVMPPC_BT_DEVICE, strerror(-r));
	default:
		return errmsg("cannot open %s: %s", KVMPPC_BT_DEVICE, strerror(-r));
	}
	r = kbt_dev_version(d);
	if (r) {
		kbt_dev_close(d);
		if (r == -ENOTTY || r == -EINVAL)
			return errmsg("%s does not answer KVMPPC_BT_IOC_VERSION (%s): not a kvmppc_bt module of ABI %u",
				      KVMPPC_BT_DEVICE, strerror(-r), KVMPPC_BT_ABI_VERSION);
		return errmsg("KVMPPC_BT_IOC_VERSION: %s", strerror(-r));
	}
	if (d->version.abi_version != KVMPPC_BT_ABI_VERSION) {
		kbt_dev_close(d);
		return errmsg("ABI version mismatch: the kvmppc_bt module (%s) has ABI %u, this kvmppc-bt has ABI %u; install matching versions",
			      d->version.module_version, (unsigned int)d->version.abi_version,
			      KVMPPC_BT_ABI_VERSION);
	}
	return EXIT_OK;
}

/* Profiles are a feature of the module. Return: 0, or EXIT_FAIL (said). */
static int need_profiles(struct kbt_dev *d)
{
	if (d->version.features & KVMPPC_BT_FEAT_PROFILE)
		return 0;
	kbt_dev_close(d);
	return errmsg("the loaded kvmppc_bt module (%s) does not support profiles",
		      d->version.module_version);
}

/* enum kvmppc_bt_flavour of the host, or -1 when the features do not say. */
static int host_flavour(const struct kvmppc_bt_version *v)
{
	bool e500 = v->features & KVMPPC_BT_FEAT_E500;
	bool book3s = v->features & KVMPPC_BT_FEAT_BOOK3S_PR;

	if (e500 && !book3s)
		return KVMPPC_BT_BOOKE;
	if (book3s && !e500)
		return KVMPPC_BT_BOOK3S;
	return -1;
}

static const char *flavour_name(int flavour)
{
	switch (flavour) {
	case KVMPPC_BT_BOOKE:
		return "e500";
	case KVMPPC_BT_BOOK3S:
		return "book3s";
	}
	return NULL;
}

/* Finish stdout: a write error (full disk, closed pipe) is an error. */
static int finish_stdout(int rc)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		errmsg("error writing the output: %s", strerror(errno));
		return EXIT_FAIL;
	}
	return rc;
}

static int finish_json(struct json *j)
{
	if (json_end(j)) {
		if (ferror(stdout))
			return errmsg("error writing the output: %s", strerror(errno));
		return errmsg("internal error: malformed JSON output");
	}
	return finish_stdout(EXIT_OK);
}

static int finish_table(struct table *t)
{
	int r = table_print(t, stdout);

	table_free(t);
	if (r)
		return errmsg("error writing the output: %s", strerror(errno));
	return finish_stdout(EXIT_OK);
}

/* ---- counters ---------------------------------------------------------- */

#define STAT(f)	{ #f, offsetof(struct kvmppc_bt_stats, f) }

static const struct stat_field {
	const char *name;
	size_t off;
} stats_before[] = {
	STAT(traps), STAT(fetch_failed), STAT(sites), STAT(hot), STAT(patched), STAT(pending),
}, stats_after[] = {
	STAT(restored), STAT(restore_skipped), STAT(races), STAT(table_full),
	STAT(magic_enabled), STAT(resets), STAT(flushes), STAT(warm_patched),
	STAT(warm_rejected),
	STAT(order_flips),
	STAT(write_faults),
	STAT(read_faults),
	STAT(block_exits),
	STAT(split_maps),
	STAT(resize_faults),
};

#define NFIELDS(a)	(sizeof(a) / sizeof((a)[0]))

static uint64_t stat_value(const struct kvmppc_bt_stats *s, const struct stat_field *f)
{
	uint64_t v;

	memcpy(&v, (const char *)s + f->off, sizeof(v));
	return v;
}

/*
 * The key of unpatchable[@r]: its reason name; reasons this tool does not
 * know (a newer module) as "reason_<n>" when nonzero.  NULL: skip it.
 */
static const char *reason_key(const struct kvmppc_bt_stats *s, unsigned int r,
			      char *buf, size_t len)
{
	if (r == KVMPPC_BT_REASON_NONE)
		return NULL;
	if (r < KVMPPC_BT_NR_REASONS)
		return kvmppc_bt_reason_name(r);
	if (!kvmppc_bt_unpatchable(s, r))
		return NULL;
	snprintf(buf, len, "reason_%u", r);
	return buf;
}

static void json_stats(struct json *j, const char *key, const struct kvmppc_bt_stats *s)
{
	char buf[32];
	size_t i;
	unsigned int r;

	json_begin_object(j, key);
	for (i = 0; i < NFIELDS(stats_before); i++)
		json_uint(j, stats_before[i].name, stat_value(s, &stats_before[i]));
	json_begin_object(j, "unpatchable");
	for (r = 0; r < KVMPPC_BT_MAX_REASONS + 1; r++) {
		const char *k = reason_key(s, r, buf, sizeof(buf));

		if (k)
			json_uint(j, k, kvmppc_bt_unpatchable(s, r));
	}
	json_end_object(j);
	for (i = 0; i < NFIELDS(stats_after); i++)
		json_uint(j, stats_after[i].name, stat_value(s, &stats_after[i]));
	json_end_object(j);
}

static int table_stat(struct table *t, const char *key, uint64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
	return table_addv(t, key, num);
}

static int table_stats(struct table *t, const struct kvmppc_bt_stats *s)
{
	char buf[32], key[64];
	size_t i;
	unsigned int r;
	int err = 0;

	for (i = 0; i < NFIELDS(stats_before); i++)
		err |= table_stat(t, stats_before[i].name, stat_value(s, &stats_before[i]));
	for (r = 0; r < KVMPPC_BT_MAX_REASONS + 1; r++) {
		const char *k = reason_key(s, r, buf, sizeof(buf));

		if (!k)
			continue;
		snprintf(key, sizeof(key), "unpatchable.%s", k);
		err |= table_stat(t, key, kvmppc_bt_unpatchable(s, r));
	}
	for (i = 0; i < NFIELDS(stats_after); i++)
		err |= table_stat(t, stats_after[i].name, stat_value(s, &stats_after[i]));
	return err;
}

/* ---- status ------------------------------------------------------------- */

static const char *const feature_names[] = {
	"e500", "book3s_pr", "profile", "tracepoints", "hook_tracepoint",
};

/* Feature names separated by commas; unknown bits as "bit<n>". */
static void format_features(uint32_t features, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int b;

	buf[0] = '\0';
	for (b = 0; b < 32 && n < len; b++) {
		if (!(features & (1u << b)))
			continue;
		if (b < NFIELDS(feature_names))
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "," : "",
					      feature_names[b]);
		else
			n += (size_t)snprintf(buf + n, len - n, "%sbit%u", n ? "," : "", b);
	}
	if (!features)
		snprintf(buf, len, "none");
}

static int status_json(const struct kvmppc_bt_version *v,
		       const struct kvmppc_bt_get_stats *gs)
{
	struct json j;
	unsigned int b;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_string(&j, "module_version", v->module_version);
	json_uint(&j, "abi_version", v->abi_version);
	json_begin_array(&j, "features");
	for (b = 0; b < 32; b++) {
		if (!(v->features & (1u << b)))
			continue;
		if (b < NFIELDS(feature_names))
			json_string(&j, NULL, feature_names[b]);
		else
			json_stringf(&j, NULL, "bit%u", b);
	}
	json_end_array(&j);
	json_uint(&j, "features_mask", v->features);
	json_uint(&j, "nr_vms", gs->nr_vms);
	json_stats(&j, "stats", &gs->stats);
	json_end_object(&j);
	return finish_json(&j);
}

static int status_text(const struct kvmppc_bt_version *v,
		       const struct kvmppc_bt_get_stats *gs)
{
	struct table t;
	char buf[256];
	int err = 0;

	if (table_init(&t, 2, "ll"))
		return errmsg("internal error: bad table");
	err |= table_addv(&t, "module_version", v->module_version);
	snprintf(buf, sizeof(buf), "%u", (unsigned int)v->abi_version);
	err |= table_addv(&t, "abi_version", buf);
	format_features(v->features, buf, sizeof(buf));
	err |= table_addv(&t, "features", buf);
	err |= table_stat(&t, "nr_vms", gs->nr_vms);
	err |= table_stats(&t, &gs->stats);
	if (err) {
		table_free(&t);
		return errmsg("out of memory");
	}
	return finish_table(&t);
}

static int cmd_status(const struct kbt_args *a)
{
	struct kvmppc_bt_get_stats gs;
	struct kbt_dev d;
	int r;

	if (open_dev(&d, false))
		return EXIT_FAIL;
	r = kbt_get_stats(&d, NULL, &gs);
	kbt_dev_close(&d);
	if (r)
		return ioctl_error(-r, "global counters", NULL);
	if (a->json)
		return status_json(&d.version, &gs);
	return status_text(&d.version, &gs);
}

/* ---- vms ---------------------------------------------------------------- */

static void json_classes(struct json *j, const char *key, uint32_t mask)
{
	unsigned int c;

	json_begin_array(j, key);
	for (c = 0; c < 32; c++) {
		if (!(mask & (1u << c)))
			continue;
		if (c < KVMPPC_BT_NR_CLASSES)
			json_string(j, NULL, kvmppc_bt_class_name(c));
		else
			json_stringf(j, NULL, "bit%u", c);
	}
	json_end_array(j);
}

static int vms_json(const struct kvmppc_bt_vm_info *vms, size_t n)
{
	struct json j;
	size_t i;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_begin_array(&j, "vms");
	for (i = 0; i < n; i++) {
		const struct kvmppc_bt_vm_info *v = &vms[i];
		char name[32];

		kbt_format_vm(&v->id, name, sizeof(name));
		json_begin_object(&j, NULL);
		json_string(&j, "vm", name);
		json_int(&j, "pid", v->id.pid);
		json_int(&j, "vmfd", v->id.vmfd);
		json_uint(&j, "nr_vcpus", v->nr_vcpus);
		json_bool(&j, "enabled", v->enabled);
		json_uint(&j, "threshold", v->threshold);
		json_classes(&j, "classes", v->classes);
		json_uint(&j, "classes_mask", v->classes);
		json_bool(&j, "guest_pv", v->flags & KVMPPC_BT_VM_GUEST_PV);
		json_bool(&j, "magic_conflict", v->flags & KVMPPC_BT_VM_MAGIC_CONFLICT);
		json_bool(&j, "dirty_logging", v->flags & KVMPPC_BT_VM_LOGGING);
		json_uint(&j, "nr_sites", v->nr_sites);
		json_uint(&j, "nr_patched", v->nr_patched);
		json_uint(&j, "nr_pages", v->nr_pages);
		json_uint(&j, "magic_vcpus", v->magic_vcpus);
		json_stats(&j, "stats", &v->stats);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	return finish_json(&j);
}

static int vms_text(const struct kvmppc_bt_vm_info *vms, size_t n)
{
	struct table t;
	size_t i;
	int err;

	if (table_init(&t, 8, "lrlrlrrr"))
		return errmsg("internal error: bad table");
	err = table_addv(&t, "VM", "VCPUS", "ENABLED", "THRESHOLD", "CLASSES", "SITES",
			 "PATCHED", "TRAPS");
	for (i = 0; i < n && !err; i++) {
		const struct kvmppc_bt_vm_info *v = &vms[i];
		char name[32], vcpus[12], thr[12], cls[12], sites[12], patched[12], traps[24];

		kbt_format_vm(&v->id, name, sizeof(name));
		snprintf(vcpus, sizeof(vcpus), "%u", (unsigned int)v->nr_vcpus);
		snprintf(thr, sizeof(thr), "%u", (unsigned int)v->threshold);
		snprintf(cls, sizeof(cls), "0x%x", (unsigned int)v->classes);
		snprintf(sites, sizeof(sites), "%u", (unsigned int)v->nr_sites);
		snprintf(patched, sizeof(patched), "%u", (unsigned int)v->nr_patched);
		snprintf(traps, sizeof(traps), "%llu", (unsigned long long)v->stats.traps);
		err = table_addv(&t, name, vcpus, v->enabled ? "yes" : "no", thr, cls,
				 sites, patched, traps);
	}
	if (err) {
		table_free(&t);
		return errmsg("out of memory");
	}
	return finish_table(&t);
}

static int cmd_vms(const struct kbt_args *a)
{
	struct kvmppc_bt_vm_info *vms = NULL;
	struct kbt_dev d;
	size_t n = 0;
	int r;

	if (open_dev(&d, false))
		return EXIT_FAIL;
	r = kbt_list_vms(&d, &vms, &n);
	kbt_dev_close(&d);
	if (r)
		return ioctl_error(-r, "list VMs", NULL);
	r = a->json ? vms_json(vms, n) : vms_text(vms, n);
	free(vms);
	return r;
}

/* ---- sites -------------------------------------------------------------- */

/* The module reports a guest physical address for patched sites only. */
static bool has_gpa(const struct kvmppc_bt_site_info *s)
{
	return s->gpa || s->state == KVMPPC_BT_SITE_PATCHED;
}

static int sites_json(const char *vmname, int flavour,
		      const struct kvmppc_bt_site_info *sites, size_t n)
{
	int book3s = flavour == KVMPPC_BT_BOOK3S;
	struct json j;
	size_t i;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_string(&j, "vm", vmname);
	json_string(&j, "flavour", flavour_name(flavour));
	json_begin_array(&j, "sites");
	for (i = 0; i < n; i++) {
		const struct kvmppc_bt_site_info *s = &sites[i];
		char text[64];

		json_begin_object(&j, NULL);
		json_stringf(&j, "ea", "0x%016llx", (unsigned long long)s->ea);
		if (has_gpa(s))
			json_stringf(&j, "gpa", "0x%016llx", (unsigned long long)s->gpa);
		else
			json_null(&j, "gpa");
		json_stringf(&j, "orig", "0x%08x", (unsigned int)s->orig);
		kvmppc_bt_disasm(s->orig, book3s, text, sizeof(text));
		json_string(&j, "orig_disasm", text);
		if (s->repl) {
			json_stringf(&j, "repl", "0x%08x", (unsigned int)s->repl);
			kvmppc_bt_disasm(s->repl, book3s, text, sizeof(text));
			json_string(&j, "repl_disasm", text);
		} else {
			json_null(&j, "repl");
			json_null(&j, "repl_disasm");
		}
		json_string(&j, "class", s->class < KVMPPC_BT_NR_CLASSES ?
			    kvmppc_bt_class_name(s->class) : NULL);
		json_string(&j, "state", kvmppc_bt_state_name(s->state));
		json_uint(&j, "hits", s->hits);
		json_string(&j, "reason", kvmppc_bt_reason_name(s->reason));
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	return finish_json(&j);
}

static int sites_text(int flavour, const struct kvmppc_bt_site_info *sites, size_t n)
{
	int book3s = flavour == KVMPPC_BT_BOOK3S;
	/* 32-bit addresses on e500, 64-bit ones on Book3S. */
	int aw = book3s ? 16 : 8;
	struct table t;
	size_t i;
	int err;

	if (table_init(&t, 10, "llllllllrl"))
		return errmsg("internal error: bad table");
	err = table_addv(&t, "EA", "GPA", "WORD", "INSTRUCTION", "REPL", "REPLACEMENT",
			 "CLASS", "STATE", "HITS", "REASON");
	for (i = 0; i < n && !err; i++) {
		const struct kvmppc_bt_site_info *s = &sites[i];
		char ea[24], gpa[24], orig[12], otext[64], repl[12], rtext[64], hits[12];
		bool show_reason = s->state == KVMPPC_BT_SITE_UNPATCHABLE ||
				   s->reason != KVMPPC_BT_REASON_NONE;

		snprintf(ea, sizeof(ea), "0x%0*llx", aw, (unsigned long long)s->ea);
		if (has_gpa(s))
			snprintf(gpa, sizeof(gpa), "0x%0*llx", aw, (unsigned long long)s->gpa);
		else
			snprintf(gpa, sizeof(gpa), "-");
		snprintf(orig, sizeof(orig), "0x%08x", (unsigned int)s->orig);
		kvmppc_bt_disasm(s->orig, book3s, otext, sizeof(otext));
		if (s->repl) {
			snprintf(repl, sizeof(repl), "0x%08x", (unsigned int)s->repl);
			kvmppc_bt_disasm(s->repl, book3s, rtext, sizeof(rtext));
		} else {
			snprintf(repl, sizeof(repl), "-");
			snprintf(rtext, sizeof(rtext), "-");
		}
		snprintf(hits, sizeof(hits), "%u", (unsigned int)s->hits);
		err = table_addv(&t, ea, gpa, orig, otext, repl, rtext,
				 s->class < KVMPPC_BT_NR_CLASSES ?
				 kvmppc_bt_class_name(s->class) : "-",
				 kvmppc_bt_state_name(s->state), hits,
				 show_reason ? kvmppc_bt_reason_name(s->reason) : "-");
	}
	if (err) {
		table_free(&t);
		return errmsg("out of memory");
	}
	return finish_table(&t);
}

static int cmd_sites(const struct kbt_args *a)
{
	struct kvmppc_bt_site_info *sites = NULL;
	char vmname[32], what[64];
	struct kbt_dev d;
	size_t n = 0;
	int r, flavour;

	kbt_format_vm(&a->vm, vmname, sizeof(vmname));
	snprintf(what, sizeof(what), "list sites of VM %s", vmname);
	if (open_dev(&d, false))
		return EXIT_FAIL;
	flavour = host_flavour(&d.version);
	r = kbt_list_sites(&d, &a->vm, &sites, &n);
	kbt_dev_close(&d);
	if (r)
		return ioctl_error(-r, what, &a->vm);
	r = a->json ? sites_json(vmname, flavour, sites, n) : sites_text(flavour, sites, n);
	free(sites);
	return r;
}

/* ---- set ---------------------------------------------------------------- */

static const char *param_name(unsigned int param)
{
	switch (param) {
	case KVMPPC_BT_PARAM_THRESHOLD:
		return "threshold";
	case KVMPPC_BT_PARAM_ENABLED:
		return "enabled";
	case KVMPPC_BT_PARAM_CLASSES:
		return "classes";
	}
	return "?";
}

static int cmd_set(const struct kbt_args *a)
{
	const struct kvmppc_bt_vm_id *vm = a->has_vm ? &a->vm : NULL;
	char vmname[32], target[48], what[64], cls[160];
	struct kbt_dev d;
	int r;

	if (vm) {
		kbt_format_vm(vm, vmname, sizeof(vmname));
		snprintf(target, sizeof(target), "for VM %s", vmname);
	} else {
		snprintf(target, sizeof(target), "globally");
	}
	snprintf(what, sizeof(what), "set %s %s", param_name(a->param), target);
	if (open_dev(&d, true))
		return EXIT_FAIL;
	r = kbt_set(&d, vm, a->param, a->value);
	kbt_dev_close(&d);
	if (r)
		return ioctl_error(-r, what, vm);

	if (a->json) {
		struct json j;

		json_init(&j, stdout);
		json_begin_object(&j, NULL);
		json_string(&j, "vm", vm ? vmname : NULL);
		json_string(&j, "param", param_name(a->param));
		json_uint(&j, "value", a->value);
		if (a->param == KVMPPC_BT_PARAM_CLASSES)
			json_classes(&j, "classes", (uint32_t)a->value);
		json_end_object(&j);
		return finish_json(&j);
	}
	switch (a->param) {
	case KVMPPC_BT_PARAM_THRESHOLD:
		printf("threshold set to %llu %s\n", (unsigned long long)a->value, target);
		break;
	case KVMPPC_BT_PARAM_ENABLED:
		printf("patching %s %s\n", a->value ? "enabled" : "disabled", target);
		break;
	case KVMPPC_BT_PARAM_CLASSES:
		kbt_format_classes((uint32_t)a->value, cls, sizeof(cls));
		printf("classes set to %s (0x%llx) %s\n", cls, (unsigned long long)a->value,
		       target);
		break;
	}
	return finish_stdout(EXIT_OK);
}

/* ---- flush -------------------------------------------------------------- */

static int cmd_flush(const struct kbt_args *a)
{
	char vmname[32], what[64];
	uint32_t restored = 0;
	struct kbt_dev d;
	int r;

	kbt_format_vm(&a->vm, vmname, sizeof(vmname));
	snprintf(what, sizeof(what), "flush VM %s", vmname);
	if (open_dev(&d, true))
		return EXIT_FAIL;
	r = kbt_flush(&d, &a->vm, &restored);
	kbt_dev_close(&d);
	if (r)
		return ioctl_error(-r, what, &a->vm);

	if (a->json) {
		struct json j;

		json_init(&j, stdout);
		json_begin_object(&j, NULL);
		json_string(&j, "vm", vmname);
		json_uint(&j, "restored", restored);
		json_end_object(&j);
		return finish_json(&j);
	}
	printf("VM %s flushed: %u word%s restored\n", vmname, (unsigned int)restored,
	       restored == 1 ? "" : "s");
	return finish_stdout(EXIT_OK);
}

/* ---- profile ------------------------------------------------------------ */

static int print_profile_result(const struct kbt_args *a, const char *vmname, size_t n)
{
	bool export = a->cmd == KBT_CMD_PROFILE_EXPORT;

	if (a->json) {
		struct json j;

		json_init(&j, stdout);
		json_begin_object(&j, NULL);
		json_string(&j, "vm", vmname);
		json_string(&j, "file", a->file);
		json_uint(&j, "entries", n);
		json_end_object(&j);
		return finish_json(&j);
	}
	printf("VM %s: %zu entr%s %s %s\n", vmname, n, n == 1 ? "y" : "ies",
	       export ? "exported to" : "imported from", a->file);
	return finish_stdout(EXIT_OK);
}

static int cmd_profile_export(const struct kbt_args *a)
{
	struct kvmppc_bt_profile_entry *e = NULL;
	char vmname[32], what[64];
	struct kbt_dev d;
	size_t n;
	FILE *f;
	int r, saved;

	kbt_format_vm(&a->vm, vmname, sizeof(vmname));
	snprintf(what, sizeof(what), "profile export of VM %s", vmname);
	if (open_dev(&d, true) || need_profiles(&d))
		return EXIT_FAIL;
	r = kbt_profile_export(&d, &a->vm, &e, &n);
	kbt_dev_close(&d);
	if (r)
		return ioctl_error(-r, what, &a->vm);

	f = fopen(a->file, "w");
	if (!f) {
		saved = errno;
		free(e);
		return errmsg("cannot create %s: %s", a->file, strerror(saved));
	}
	r = kbt_profile_write(f, e, n);
	saved = errno;
	free(e);
	if (r == -2) {
		fclose(f);
		return errmsg("%s: the module exported an entry of an unknown class; nothing written",
			      a->file);
	}
	if (r) {
		fclose(f);
		return errmsg("error writing %s: %s", a->file, strerror(saved));
	}
	if (fclose(f) == EOF)
		return errmsg("error writing %s: %s", a->file, strerror(errno));
	return print_profile_result(a, vmname, n);
}

/* Read all of @path, at most MAX_PROFILE_BYTES. Prints the error itself. */
static int read_file(const char *path, char **text, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	FILE *f;

	if (!buf)
		return errmsg("out of memory");
	f = fopen(path, "r");
	if (!f) {
		int saved = errno;

		free(buf);
		return errmsg("cannot open %s: %s", path, strerror(saved));
	}
	for (;;) {
		size_t got;

		if (n == cap) {
			char *nb;

			if (cap >= MAX_PROFILE_BYTES) {
				fclose(f);
				free(buf);
				return errmsg("%s: larger than %u MiB, not a profile", path,
					      MAX_PROFILE_BYTES >> 20);
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				fclose(f);
				free(buf);
				return errmsg("out of memory");
			}
			buf = nb;
			cap *= 2;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int saved = errno;

		fclose(f);
		free(buf);
		return errmsg("error reading %s: %s", path, strerror(saved));
	}
	fclose(f);
	*text = buf;
	*len = n;
	return EXIT_OK;
}

static int cmd_profile_import(const struct kbt_args *a)
{
	struct kvmppc_bt_profile_entry *e = NULL;
	char vmname[32], what[64], err[160];
	struct kbt_dev d;
	char *text = NULL;
	size_t len = 0, n = 0;
	int r, flavour;

	kbt_format_vm(&a->vm, vmname, sizeof(vmname));
	snprintf(what, sizeof(what), "profile import into VM %s", vmname);
	if (read_file(a->file, &text, &len))
		return EXIT_FAIL;
	r = kbt_profile_parse(text, len, &e, &n, err, sizeof(err));
	free(text);
	if (r)
		return errmsg("%s: %s", a->file, err);

	if (open_dev(&d, true) || need_profiles(&d)) {
		free(e);
		return EXIT_FAIL;
	}
	flavour = host_flavour(&d.version);
	if (flavour >= 0 && kbt_profile_check(e, n, (unsigned int)flavour, err, sizeof(err))) {
		kbt_dev_close(&d);
		free(e);
		return errmsg("%s: %s", a->file, err);
	}
	r = kbt_profile_import(&d, &a->vm, e, n);
	kbt_dev_close(&d);
	free(e);
	if (r == -ENOSPC || r == -E2BIG)
		return errmsg("%s: VM %s cannot take %zu entries (%s)", what, vmname, n,
			      strerror(-r));
	if (r)
		return ioctl_error(-r, what, &a->vm);
	return print_profile_result(a, vmname, n);
}

/* ---- main --------------------------------------------------------------- */

int main(int argc, char **argv)
{
	struct kbt_args a;
	int rc = kbt_parse_args(argc, argv, &a);

	if (rc == KBT_USAGE) {
		fprintf(stderr, "kvmppc-bt: %s\n\n%s", a.err, kbt_usage(a.cmd));
		return EXIT_USAGE;
	}
	if (rc != KBT_OK)
		return errmsg("%s", a.err);
	if (a.help) {
		fputs(kbt_usage(a.cmd), stdout);
		return finish_stdout(EXIT_OK);
	}

	switch (a.cmd) {
	case KBT_CMD_STATUS:
		return cmd_status(&a);
	case KBT_CMD_VMS:
		return cmd_vms(&a);
	case KBT_CMD_SITES:
		return cmd_sites(&a);
	case KBT_CMD_SET:
		return cmd_set(&a);
	case KBT_CMD_FLUSH:
		return cmd_flush(&a);
	case KBT_CMD_PROFILE_EXPORT:
		return cmd_profile_export(&a);
	case KBT_CMD_PROFILE_IMPORT:
		return cmd_profile_import(&a);
	case KBT_CMD_NONE:
	case KBT_CMD_PROFILE:
		break;
	}
	fprintf(stderr, "%s", kbt_usage(KBT_CMD_NONE));
	return EXIT_USAGE;
}

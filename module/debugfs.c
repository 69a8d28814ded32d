// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/kvmppc_bt/
 *   threshold  traps before a site is patched (1..1000000)
 *   enabled    1: patch, 0: only count
 *   classes    enabled rewrite classes: names, "all", "none" or a mask
 *   max_sites  per-VM bound on tracked sites, for VMs seen from now on
 *   stats      counters over every VM since load
 *   vm-<pid>-<vmfd>/   one per VM, named like KVM's own debugfs directory
 *     threshold, enabled, classes   per-VM overrides
 *     stats      the VM's counters
 *     sites      one line per site
 *     flush      write 1: restore every patch, start counting anew
 *
 * Every file takes one trailing newline.  An invalid write returns -EINVAL
 * and changes nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "kvmppc_bt.h"

#define MAX_WRITE	256

static struct dentry *root;

/* Copy a write, NUL-terminate it and drop one trailing newline. */
static int get_input(const char __user *ubuf, size_t count, char *buf, size_t size)
{
	size_t len = count;

	if (!count || count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (buf[len - 1] == '\n')
		buf[--len] = '\0';
	/* Empty, more than one line, or NUL bytes inside: invalid. */
	if (!len || strlen(buf) != len || strchr(buf, '\n'))
		return -EINVAL;
	return 0;
}

static int parse_threshold(const char *s, u32 *val)
{
	u32 v;

	/* Decimal digits only: no sign, no blanks, no base prefix. */
	if (!*s || strspn(s, "0123456789") != strlen(s) || (s[0] == '0' && s[1]))
		return -EINVAL;
	if (kstrtou32(s, 10, &v) || v < 1 || v > KVMPPC_BT_THRESHOLD_MAX)
		return -EINVAL;
	*val = v;
	return 0;
}

static int parse_bool(const char *s, bool *val)
{
	if (!strcmp(s, "1"))
		*val = true;
	else if (!strcmp(s, "0"))
		*val = false;
	else
		return -EINVAL;
	return 0;
}

static void print_classes(struct seq_file *m, u32 mask)
{
	unsigned int c;
	bool any = false;

	for (c = 0; c < KVMPPC_BT_NR_CLASSES; c++) {
		if (!(mask & (1u << c)))
			continue;
		seq_printf(m, "%s%s", any ? " " : "", kvmppc_bt_class_name(c));
		any = true;
	}
	seq_puts(m, any ? "\n" : "none\n");
}

static void print_stats(struct seq_file *m, const struct kvmppc_bt_stats *s)
{
	u64 unpatchable = 0;
	unsigned int r;

	for (r = 1; r < KVMPPC_BT_NR_REASONS; r++)
		unpatchable += kvmppc_bt_unpatchable(s, r);
	seq_printf(m, "traps %llu\n", s->traps);
	seq_printf(m, "fetch_failed %llu\n", s->fetch_failed);
	seq_printf(m, "sites %llu\n", s->sites);
	seq_printf(m, "hot %llu\n", s->hot);
	seq_printf(m, "patched %llu\n", s->patched);
	seq_printf(m, "pending %llu\n", s->pending);
	seq_printf(m, "unpatchable %llu\n", unpatchable);
	for (r = 1; r < KVMPPC_BT_NR_REASONS; r++)
		seq_printf(m, "unpatchable_%s %llu\n", kvmppc_bt_reason_name(r),
			   kvmppc_bt_unpatchable(s, r));
	seq_printf(m, "restored %llu\n", s->restored);
	seq_printf(m, "restore_skipped %llu\n", s->restore_skipped);
	seq_printf(m, "races %llu\n", s->races);
	seq_printf(m, "table_full %llu\n", s->table_full);
	seq_printf(m, "magic_enabled %llu\n", s->magic_enabled);
	seq_printf(m, "resets %llu\n", s->resets);
	seq_printf(m, "flushes %llu\n", s->flushes);
	seq_printf(m, "warm_patched %llu\n", s->warm_patched);
	seq_printf(m, "warm_rejected %llu\n", s->warm_rejected);
	seq_printf(m, "order_flips %llu\n", s->order_flips);
	seq_printf(m, "write_faults %llu\n", s->write_faults);
	seq_printf(m, "read_faults %llu\n", s->read_faults);
	seq_printf(m, "block_exits %llu\n", s->block_exits);
	seq_printf(m, "split_maps %llu\n", s->split_maps);
	seq_printf(m, "resize_faults %llu\n", s->resize_faults);
}

/* ---- global files ----------------------------------------------------- */

static int threshold_get(void *data, u64 *val)
{
	*val = READ_ONCE(kvmppc_bt_threshold);
	return 0;
}

static ssize_t threshold_write(struct file *f, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	char buf[MAX_WRITE];
	u32 v;
	int r = get_input(ubuf, count, buf, sizeof(buf));

	if (!r)
		r = parse_threshold(buf, &v);
	if (r)
		return r;
	WRITE_ONCE(kvmppc_bt_threshold, v);
	return count;
}

static ssize_t u64_read(struct file *f, char __user *ubuf, size_t count, loff_t *ppos,
			int (*get)(void *, u64 *))
{
	char buf[32];
	u64 v;
	int len;

	get(f->private_data, &v);
	len = scnprintf(buf, sizeof(buf), "%llu\n", v);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t threshold_read(struct file *f, char __user *ubuf, size_t count, loff_t *ppos)
{
	return u64_read(f, ubuf, count, ppos, threshold_get);
}

static const struct file_operations threshold_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = threshold_read,
	.write = threshold_write,
	.llseek = default_llseek,
};

static int enabled_get(void *data, u64 *val)
{
	*val = READ_ONCE(kvmppc_bt_enabled);
	return 0;
}

static ssize_t enabled_read(struct file *f, char __user *ubuf, size_t count, loff_t *ppos)
{
	return u64_read(f, ubuf, count, ppos, enabled_get);
}

static ssize_t enabled_write(struct file *f, const char __user *ubuf, size_t count,
			     loff_t *ppos)
{
	char buf[MAX_WRITE];
	bool v;
	int r = get_input(ubuf, count, buf, sizeof(buf));

	if (!r)
		r = parse_bool(buf, &v);
	if (r)
		return r;
	WRITE_ONCE(kvmppc_bt_enabled, v);
	return count;
}

static const struct file_operations enabled_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = enabled_read,
	.write = enabled_write,
	.llseek = default_llseek,
};

static int max_sites_get(void *data, u64 *val)
{
	*val = READ_ONCE(kvmppc_bt_max_sites);
	return 0;
}

static ssize_t max_sites_read(struct file *f, char __user *ubuf, size_t count, loff_t *ppos)
{
	return u64_read(f, ubuf, count, ppos, max_sites_get);
}

static ssize_t max_sites_write(struct file *f, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	char buf[MAX_WRITE];
	u32 v;
	int r = get_input(ubuf, count, buf, sizeof(buf));

	if (!r)
		r = parse_threshold(buf, &v);
	if (r || v > 65536)
		return -EINVAL;
	WRITE_ONCE(kvmppc_bt_max_sites, v);
	return count;
}

static const struct file_operations max_sites_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = max_sites_read,
	.write = max_sites_write,
	.llseek = default_llseek,
};

static int classes_show(struct seq_file *m, void *v)
{
	print_classes(m, READ_ONCE(kvmppc_bt_classes));
	return 0;
}

static int classes_open(struct inode *inode, struct file *f)
{
	return single_open(f, classes_show, inode->i_private);
}

static ssize_t classes_write(struct file *f, const char __user *ubuf, size_t count,
			     loff_t *ppos)
{
	char buf[MAX_WRITE];
	u32 mask;
	int r = get_input(ubuf, count, buf, sizeof(buf));

	if (r)
		return r;
	if (kvmppc_bt_parse_classes(buf, &mask))
		return -EINVAL;
	WRITE_ONCE(kvmppc_bt_classes, mask);
	return count;
}

static const struct file_operations classes_fops = {
	.owner = THIS_MODULE,
	.open = classes_open,
	.read = seq_read,
	.write = classes_write,
	.llseek = seq_lseek,
	.release = single_release,
};

struct vm_sum {
	struct kvmppc_bt_stats stats;
	unsigned int vms;
};

static void sum_vm(struct kvmppc_bt_vm *vm, void *arg)
{
	struct vm_sum *sum = arg;

	spin_lock_irq(&vm->lock);
	if (!vm->dead) {
		kvmppc_bt_vm_fold_stats(vm);
		kvmppc_bt_stats_add(&sum->stats, &vm->stats);
		sum->vms++;
	}
	spin_unlock_irq(&vm->lock);
}

static int stats_show(struct seq_file *m, void *v)
{
	struct vm_sum sum = { };

	kvmppc_bt_visit_vms(sum_vm, &sum);
	spin_lock_irq(&kvmppc_bt_global_lock);
	kvmppc_bt_stats_add(&sum.stats, &kvmppc_bt_global);
	spin_unlock_irq(&kvmppc_bt_global_lock);
	seq_printf(m, "vms %u\n", sum.vms);
	print_stats(m, &sum.stats);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

/* ---- per-VM files ----------------------------------------------------- */

static ssize_t vm_threshold_read(struct file *f, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct kvmppc_bt_vm *vm = f->private_data;
	char buf[32];
	int len = scnprintf(buf, sizeof(buf), "%u\n", kvmppc_bt_vm_threshold(vm));

	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t vm_threshold_write(struct file *f, const char __user *ubuf, size_t count,
				  loff_t *ppos)
{
	struct kvmppc_bt_vm *vm = f->private_data;
	char buf[MAX_WRITE];
	u32 v;
	int r = get_input(ubuf, count, buf, sizeof(buf));

	if (!r)
		r = parse_threshold(buf, &v);
	if (r)
		return r;
	WRITE_ONCE(vm->threshold, v);
	return count;
}

static const struct file_operations vm_threshold_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = vm_threshold_read,
	.write = vm_threshold_write,
	.llseek = default_llseek,
};

static ssize_t vm_enabled_read(struct file *f, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct kvmppc_bt_vm *vm = f->private_data;
	char buf[4];
	int len = scnprintf(buf, sizeof(buf), "%d\n", READ_ONCE(vm->enabled));

	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t vm_enabled_write(struct file *f, const char __user *ubuf, size_t count,
				loff_t *ppos)
{
	struct kvmppc_bt_vm *vm = f->private_data;
	char buf[MAX_WRITE];
	bool v;
	int r = get_input(ubuf, count, buf, sizeof(buf));

	if (!r)
		r = parse_bool(buf, &v);
	if (r)
		return r;
	WRITE_ONCE(vm->enabled, v);
	return count;
}

static const struct file_operations vm_enabled_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = vm_enabled_read,
	.write = vm_enabled_write,
	.llseek = default_llseek,
};

static int vm_classes_show(struct seq_file *m, void *v)
{
	struct kvmppc_bt_vm *vm = m->private;

	print_classes(m, READ_ONCE(vm->classes));
	return 0;
}

static int vm_classes_open(struct inode *inode, struct file *f)
{
	return single_open(f, vm_classes_show, inode->i_private);
}

static ssize_t vm_classes_write(struct file *f, const char __user *ubuf, size_t count,
				loff_t *ppos)
{
	struct kvmppc_bt_vm *vm = ((struct seq_file *)f->private_data)->private;
	char buf[MAX_WRITE];
	u32 mask;
	int r = get_input(ubuf, count, buf, sizeof(buf));

	if (r)
		return r;
	if (kvmppc_bt_parse_classes(buf, &mask))
		return -EINVAL;
	WRITE_ONCE(vm->classes, mask);
	return count;
}

static const struct file_operations vm_classes_fops = {
	.owner = THIS_MODULE,
	.open = vm_classes_open,
	.read = seq_read,
	.write = vm_classes_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int vm_stats_show(struct seq_file *m, void *v)
{
	struct kvmppc_bt_vm *vm = m->private;
	struct kvmppc_bt_stats s;
	bool pv, logging, conflict;
	unsigned int magic, mirror;
	u32 nr_sites, nr_patched, nr_pages;

	spin_lock_irq(&vm->lock);
	kvmppc_bt_vm_fold_stats(vm);
	s = vm->stats;
	pv = vm->guest_pv;
	logging = vm->logging;
	conflict = vm->magic_conflict;
	magic = bitmap_weight(vm->magic_done, KVM_MAX_VCPUS);
	mirror = vm->mirror_on ? bitmap_weight(vm->mirror_done, KVM_MAX_VCPUS) : 0;
	nr_sites = vm->tc.nr_sites;
	nr_patched = vm->tc.nr_patched;
	nr_pages = vm->tc.nr_pages;
	spin_unlock_irq(&vm->lock);
	print_stats(m, &s);
	seq_printf(m, "cache_sites %u\n", nr_sites);
	seq_printf(m, "cache_patched %u\n", nr_patched);
	seq_printf(m, "cache_pages %u\n", nr_pages);
	seq_printf(m, "magic_vcpus %u\n", magic);
	seq_printf(m, "mirror_vcpus %u\n", mirror);
	seq_printf(m, "guest_pv %d\n", pv);
	seq_printf(m, "magic_conflict %d\n", conflict);
	seq_printf(m, "logging %d\n", logging);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vm_stats);

/* One line per site: EA GPA original patched class state hits reason. */
static int vm_sites_show(struct seq_file *m, void *v)
{
	struct kvmppc_bt_vm *vm = m->private;
	u32 i;

	seq_puts(m, "# ea gpa original patched class state hits reason\n");
	spin_lock_irq(&vm->lock);
	for (i = 0; i < vm->tc.nr_sites; i++) {
		const struct kvmppc_bt_site *s = kvmppc_bt_tc_site(&vm->tc, i);
		bool patched = s->state == KVMPPC_BT_SITE_PATCHED;
		int cls = kvmppc_bt_insn_class(kvmppc_bt_plat->flavour, s->orig);

		seq_printf(m, "0x%016llx ", s->ea);
		if (patched)
			seq_printf(m, "0x%016llx %08x %08x ", s->gpa, s->orig, s->repl);
		else
			seq_printf(m, "- %08x - ", s->orig);
		seq_printf(m, "%s %s %u %s\n", cls < 0 ? "-" : kvmppc_bt_class_name(cls),
			   kvmppc_bt_state_name(s->state), s->hits,
			   s->state == KVMPPC_BT_SITE_UNPATCHABLE ?
			   kvmppc_bt_reason_name(s->reason) : "-");
	}
	spin_unlock_irq(&vm->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vm_sites);

static ssize_t vm_flush_write(struct file *f, const char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	struct kvmppc_bt_vm *vm = f->private_data;
	char buf[MAX_WRITE];
	bool v;
	int r = get_input(ubuf, count, buf, sizeof(buf));

	if (!r)
		r = parse_bool(buf, &v);
	if (r || !v)
		return -EINVAL;
	r = kvmppc_bt_vm_flush(vm);
	if (r == -ESRCH)	/* the VM is being destroyed */
		return -ENOENT;
	return r < 0 ? r : count;
}

static const struct file_operations vm_flush_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vm_flush_write,
	.llseek = default_llseek,
};

void kvmppc_bt_debugfs_vm_add(struct kvmppc_bt_vm *vm)
{
	char name[40];
	struct dentry *d;

	if (IS_ERR_OR_NULL(root) || READ_ONCE(vm->dead))
		return;
	snprintf(name, sizeof(name), "vm-%s", vm->name);
	d = debugfs_create_dir(name, root);
	if (IS_ERR(d)) {
		pr_warn("cannot create debugfs %s: %ld\n", name, PTR_ERR(d));
		return;
	}
	debugfs_create_file("threshold", 0600, d, vm, &vm_threshold_fops);
	debugfs_create_file("enabled", 0600, d, vm, &vm_enabled_fops);
	debugfs_create_file("classes", 0600, d, vm, &vm_classes_fops);
	debugfs_create_file("stats", 0400, d, vm, &vm_stats_fops);
	debugfs_create_file("sites", 0400, d, vm, &vm_sites_fops);
	debugfs_create_file("flush", 0200, d, vm, &vm_flush_fops);
	vm->dir = d;
}

void kvmppc_bt_debugfs_vm_remove(struct kvmppc_bt_vm *vm)
{
	debugfs_remove_recursive(vm->dir);
	vm->dir = NULL;
}

int kvmppc_bt_debugfs_init(void)
{
	root = debugfs_create_dir("kvmppc_bt", NULL);
	if (IS_ERR(root))
		return PTR_ERR(root);
	debugfs_create_file("threshold", 0600, root, NULL, &threshold_fops);
	debugfs_create_file("enabled", 0600, root, NULL, &enabled_fops);
	debugfs_create_file("classes", 0600, root, NULL, &classes_fops);
	debugfs_create_file("max_sites", 0600, root, NULL, &max_sites_fops);
	debugfs_create_file("stats", 0400, root, NULL, &stats_fops);
	return 0;
}

void kvmppc_bt_debugfs_exit(void)
{
	debugfs_remove_recursive(root);
	root = NULL;
}

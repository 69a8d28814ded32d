// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/kvmppc-bt: the ioctl ABI of include/uapi/linux/kvmppc_bt.h.
 *
 * Reading needs the device's permissions (0600: root); changing anything
 * needs CAP_SYS_ADMIN.  Every input is checked: unknown VM -ENOENT, bad
 * sizes, flags, padding or values -EINVAL, a short buffer -ENOSPC with the
 * needed count written back.  Only counters and guest addresses reach user
 * space, never a kernel pointer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "kvmppc_bt.h"
#include "version.h"

struct find_vm {
	struct kvmppc_bt_vm_id id;
	struct kvmppc_bt_vm *vm;
};

static void match_vm(struct kvmppc_bt_vm *vm, void *arg)
{
	struct find_vm *f = arg;

	if (f->vm || vm->id.pid != f->id.pid || vm->id.vmfd != f->id.vmfd)
		return;
	kvmppc_bt_vm_get(vm);
	f->vm = vm;
}

/* The live VM with that id, with a reference; NULL if there is none. */
static struct kvmppc_bt_vm *find_vm(const struct kvmppc_bt_vm_id *id)
{
	struct find_vm f = { .id = *id };

	if (id->pid < 0 || id->vmfd < 0)
		return NULL;
	kvmppc_bt_visit_vms(match_vm, &f);
	if (f.vm && READ_ONCE(f.vm->dead)) {
		kvmppc_bt_vm_put(f.vm);
		return NULL;
	}
	return f.vm;
}

static void vm_info(struct kvmppc_bt_vm *vm, struct kvmppc_bt_vm_info *info)
{
	memset(info, 0, sizeof(*info));
	spin_lock_irq(&vm->lock);
	info->id = vm->id;
	/* Not dead under the lock: the VM is alive. */
	info->nr_vcpus = vm->dead ? 0 : atomic_read(&vm->kvm->online_vcpus);
	info->enabled = vm->enabled;
	info->threshold = kvmppc_bt_vm_threshold(vm);
	info->classes = vm->classes;
	info->flags = (vm->guest_pv ? KVMPPC_BT_VM_GUEST_PV : 0) |
		      (vm->magic_conflict ? KVMPPC_BT_VM_MAGIC_CONFLICT : 0) |
		      (vm->logging ? KVMPPC_BT_VM_LOGGING : 0);
	info->nr_sites = vm->tc.nr_sites;
	info->nr_patched = vm->tc.nr_patched;
	info->nr_pages = vm->tc.nr_pages;
	info->magic_vcpus = bitmap_weight(vm->magic_done, KVM_MAX_VCPUS);
	kvmppc_bt_vm_fold_stats(vm);
	info->stats = vm->stats;
	spin_unlock_irq(&vm->lock);
}

static long ioc_version(void __user *arg)
{
	struct kvmppc_bt_version v = {
		.abi_version = KVMPPC_BT_ABI_VERSION,
		.features = KVMPPC_BT_FEAT_TRACEPOINTS | KVMPPC_BT_FEAT_PROFILE |
			    (kvmppc_bt_plat->flavour == KVMPPC_BT_BOOKE ?
			     KVMPPC_BT_FEAT_E500 : KVMPPC_BT_FEAT_BOOK3S_PR) |
			    (kvmppc_bt_hook_tp ? KVMPPC_BT_FEAT_HOOK_TRACEPOINT : 0),
	};

	strscpy(v.module_version, KVMPPC_BT_VERSION, sizeof(v.module_version));
	return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
}

struct list_vms {
	struct kvmppc_bt_vm_info *infos;
	u32 cap;
	u32 n;
};

static void collect_vm(struct kvmppc_bt_vm *vm, void *arg)
{
	struct list_vms *l = arg;

	if (READ_ONCE(vm->dead))
		return;
	if (l->n < l->cap)
		vm_info(vm, &l->infos[l->n]);
	l->n++;
}

static long ioc_list_vms(void __user *arg)
{
	struct kvmppc_bt_list_vms req;
	struct list_vms l = { };
	long r = 0;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.count > 4096)
		return -EINVAL;
	l.cap = req.count;
	if (l.cap) {
		l.infos = kvcalloc(l.cap, sizeof(*l.infos), GFP_KERNEL);
		if (!l.infos)
			return -ENOMEM;
	}
	kvmppc_bt_visit_vms(collect_vm, &l);
	if (l.n > l.cap) {
		r = -ENOSPC;
	} else if (l.n && copy_to_user(u64_to_user_ptr(req.buf), l.infos,
				       l.n * sizeof(*l.infos))) {
		r = -EFAULT;
	}
	kvfree(l.infos);
	req.count = l.n;
	if (r != -EFAULT && copy_to_user(arg, &req, sizeof(req)))
		r = -EFAULT;
	return r;
}

struct global_sum {
	struct kvmppc_bt_stats stats;
	u32 vms;
};

static void sum_vm(struct kvmppc_bt_vm *vm, void *arg)
{
	struct global_sum *g = arg;

	spin_lock_irq(&vm->lock);
	if (!vm->dead) {
		kvmppc_bt_vm_fold_stats(vm);
		kvmppc_bt_stats_add(&g->stats, &vm->stats);
		g->vms++;
	}
	spin_unlock_irq(&vm->lock);
}

static long ioc_get_stats(void __user *arg)
{
	struct kvmppc_bt_get_stats req;
	struct kvmppc_bt_vm *vm;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~KVMPPC_BT_GLOBAL)
		return -EINVAL;
	memset(&req.stats, 0, sizeof(req.stats));
	req.nr_vms = 0;
	if (req.flags & KVMPPC_BT_GLOBAL) {
		struct global_sum g = { };

		kvmppc_bt_visit_vms(sum_vm, &g);
		spin_lock_irq(&kvmppc_bt_global_lock);
		kvmppc_bt_stats_add(&g.stats, &kvmppc_bt_global);
		spin_unlock_irq(&kvmppc_bt_global_lock);
		req.stats = g.stats;
		req.nr_vms = g.vms;
	} else {
		vm = find_vm(&req.vm);
		if (!vm)
			return -ENOENT;
		spin_lock_irq(&vm->lock);
		req.stats = vm->stats;
		spin_unlock_irq(&vm->lock);
		kvmppc_bt_vm_put(vm);
	}
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

#define SITES_PER_CALL	1024

static long ioc_list_sites(void __user *arg)
{
	struct kvmppc_bt_list_sites req;
	struct kvmppc_bt_site_info *out;
	struct kvmppc_bt_vm *vm;
	u32 n = 0, i, total;
	long r = 0;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.pad)
		return -EINVAL;
	vm = find_vm(&req.vm);
	if (!vm)
		return -ENOENT;
	out = kvcalloc(SITES_PER_CALL, sizeof(*out), GFP_KERNEL);
	if (!out) {
		kvmppc_bt_vm_put(vm);
		return -ENOMEM;
	}
	spin_lock_irq(&vm->lock);
	total = vm->tc.nr_sites;
	if (req.cursor > total) {
		r = -EINVAL;
	} else if (!req.count && req.cursor < total) {
		r = -ENOSPC;
		req.count = total - req.cursor;
	} else {
		for (i = req.cursor; i < total && n < req.count && n < SITES_PER_CALL; i++, n++) {
			const struct kvmppc_bt_site *s = kvmppc_bt_tc_site(&vm->tc, i);
			bool patched = s->state == KVMPPC_BT_SITE_PATCHED;
			int cls = kvmppc_bt_insn_class(kvmppc_bt_plat->flavour, s->orig);

			out[n].ea = s->ea;
			out[n].gpa = patched ? s->gpa : 0;
			out[n].orig = s->orig;
			out[n].repl = patched ? s->repl : 0;
			out[n].hits = s->hits;
			out[n].class = cls < 0 ? 0xff : cls;
			out[n].state = s->state;
			out[n].reason = s->state == KVMPPC_BT_SITE_UNPATCHABLE ? s->reason : 0;
		}
		req.cursor += n;
		req.count = n;
	}
	spin_unlock_irq(&vm->lock);
	kvmppc_bt_vm_put(vm);
	req.total = total;
	if (!r && n && copy_to_user(u64_to_user_ptr(req.buf), out, n * sizeof(*out)))
		r = -EFAULT;
	kvfree(out);
	if (r != -EFAULT && r != -EINVAL && copy_to_user(arg, &req, sizeof(req)))
		r = -EFAULT;
	return r;
}

static long ioc_set(void __user *arg)
{
	struct kvmppc_bt_set req;
	struct kvmppc_bt_vm *vm = NULL;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~KVMPPC_BT_GLOBAL)
		return -EINVAL;
	switch (req.param) {
	case KVMPPC_BT_PARAM_THRESHOLD:
		if (req.value < 1 || req.value > KVMPPC_BT_THRESHOLD_MAX)
			return -EINVAL;
		break;
	case KVMPPC_BT_PARAM_ENABLED:
		if (req.value > 1)
			return -EINVAL;
		break;
	case KVMPPC_BT_PARAM_CLASSES:
		if (req.value & ~(u64)KVMPPC_BT_CLASSES_ALL)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	if (!(req.flags & KVMPPC_BT_GLOBAL)) {
		vm = find_vm(&req.vm);
		if (!vm)
			return -ENOENT;
	}
	switch (req.param) {
	case KVMPPC_BT_PARAM_THRESHOLD:
		WRITE_ONCE(*(vm ? &vm->threshold : &kvmppc_bt_threshold), req.value);
		break;
	case KVMPPC_BT_PARAM_ENABLED:
		WRITE_ONCE(*(vm ? &vm->enabled : &kvmppc_bt_enabled), req.value);
		break;
	default:
		WRITE_ONCE(*(vm ? &vm->classes : &kvmppc_bt_classes), req.value);
		break;
	}
	if (vm)
		kvmppc_bt_vm_put(vm);
	return 0;
}

static long ioc_flush(void __user *arg)
{
	struct kvmppc_bt_flush req;
	struct kvmppc_bt_vm *vm;
	int r;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags)
		return -EINVAL;
	vm = find_vm(&req.vm);
	if (!vm)
		return -ENOENT;
	r = kvmppc_bt_vm_flush(vm);
	kvmppc_bt_vm_put(vm);
	if (r < 0)
		return r == -ESRCH ? -ENOENT : r;
	req.restored = r;
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

#define PROFILE_MAX	65536

static long ioc_profile_export(void __user *arg)
{
	struct kvmppc_bt_profile_entry *out = NULL;
	struct kvmppc_bt_profile req;
	struct kvmppc_bt_vm *vm;
	u32 n = 0;
	long r;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.count > PROFILE_MAX)
		return -EINVAL;
	vm = find_vm(&req.vm);
	if (!vm)
		return -ENOENT;
	if (req.count) {
		out = kvcalloc(req.count, sizeof(*out), GFP_KERNEL);
		if (!out) {
			kvmppc_bt_vm_put(vm);
			return -ENOMEM;
		}
	}
	r = kvmppc_bt_warm_export(vm, out, req.count, &n);
	kvmppc_bt_vm_put(vm);
	if (!r || r == -ENOSPC) {
		if (!r && n && copy_to_user(u64_to_user_ptr(req.buf), out, n * sizeof(*out)))
			r = -EFAULT;
		req.count = n;
		if (r != -EFAULT && copy_to_user(arg, &req, sizeof(req)))
			r = -EFAULT;
	}
	kvfree(out);
	return r;
}

static long ioc_profile_import(void __user *arg)
{
	struct kvmppc_bt_profile_entry *in;
	struct kvmppc_bt_profile req;
	struct kvmppc_bt_vm *vm;
	long r;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || !req.count || req.count > PROFILE_MAX)
		return -EINVAL;
	in = kvcalloc(req.count, sizeof(*in), GFP_KERNEL);
	if (!in)
		return -ENOMEM;
	if (copy_from_user(in, u64_to_user_ptr(req.buf), req.count * sizeof(*in))) {
		kvfree(in);
		return -EFAULT;
	}
	vm = find_vm(&req.vm);
	if (!vm) {
		kvfree(in);
		return -ENOENT;
	}
	r = kvmppc_bt_hooks_warm();
	if (!r)
		r = kvmppc_bt_warm_import(vm, in, req.count);
	kvmppc_bt_vm_put(vm);
	kvfree(in);
	return r;
}

static long kvmppc_bt_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case KVMPPC_BT_IOC_VERSION:
		return ioc_version(uarg);
	case KVMPPC_BT_IOC_LIST_VMS:
		return ioc_list_vms(uarg);
	case KVMPPC_BT_IOC_GET_STATS:
		return ioc_get_stats(uarg);
	case KVMPPC_BT_IOC_LIST_SITES:
		return ioc_list_sites(uarg);
	case KVMPPC_BT_IOC_SET:
		return ioc_set(uarg);
	case KVMPPC_BT_IOC_FLUSH:
		return ioc_flush(uarg);
	case KVMPPC_BT_IOC_PROFILE_EXPORT:
		return ioc_profile_export(uarg);
	case KVMPPC_BT_IOC_PROFILE_IMPORT:
		return ioc_profile_import(uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations kvmppc_bt_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = kvmppc_bt_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice kvmppc_bt_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kvmppc-bt",
	.fops = &kvmppc_bt_fops,
	.mode = 0600,
};

int kvmppc_bt_chardev_init(void)
{
	return misc_register(&kvmppc_bt_misc);
}

void kvmppc_bt_chardev_exit(void)
{
	misc_deregister(&kvmppc_bt_misc);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Where kvmppc-bt meets KVM: kprobes on KVM functions and KVM's own
 * tracepoint, so that KVM itself is never rebuilt.  Every probe sits on the
 * function's ftrace call site when the kernel has one there (cheaper than a
 * breakpoint), and every handler runs in atomic context in the thread that
 * called the function.
 *
 * Emulation exits, the hot path, are seen one of two ways (parameter hook):
 *  - kprobe: before KVM emulates; can turn a trap on our own word back
 *    into the original (the in-flight race of several vcpus);
 *  - tracepoint: KVM's kvm_ppc_instr, after it emulated; about 200 host
 *    instructions cheaper per trap, but too late for that race, so VMs with
 *    more than one vcpu are never patched (reason "smp").
 * "auto" takes the tracepoint on a uniprocessor host.
 *
 *   kvmppc_emulate_instruction(vcpu)        an emulation exit, before KVM
 *                                            emulates: count, patch, and turn
 *                                            a trap on our own word back into
 *                                            the original (vm.c)
 *   kvmppc_core_check_requests(vcpu)        our vcpu request, before entry:
 *                                            enable the magic page
 *   kvm_arch_vcpu_create(vcpu)              a VM gets a vcpu: track the VM
 *                                            from then on (profiles can be
 *                                            imported before it runs)
 *   kvm_arch_vcpu_ioctl_run(vcpu)           KVM_RUN: a new vcpu of a VM that
 *                                            uses the magic page gets it
 *   kvm_arch_vcpu_ioctl_set_regs(vcpu, r)   VMM reset detection
 *   kvm_arch_prepare_memory_region(...)     dirty logging on, memslot gone
 *   kvm_arch_commit_memory_region(kvm, ...) dirty logging off
 *   kvmppc_kvm_pv(vcpu)                     the guest maps the magic page
 *   kvm_arch_destroy_vm(kvm)                drop the VM's state
 *   kvmppc_mmu_map (e500) /                 a guest page enters the shadow
 *   kvmppc_mmu_map_page (PR)                MMU: apply a warm-start profile
 *                                            (e500: only once one was
 *                                            imported, or a large shadow
 *                                            page must be split)
 *   kvm_exit tracepoint (e500)              any guest exit, before KVM handles
 *                                            it: leave a translated block
 *   kvm_booke206_stlb_write tracepoint      e500: write and read tracing, the
 *                                            window made executable, the
 *                                            kernel window kept alone
 *   kvm_booke_queue_irqprio tracepoint      e500: a data storage interrupt
 *                                            of write or read tracing, or
 *                                            on the kernel window
 *   kvm_unmap_gfn_range, kvm_set_spte_gfn   e500: the host takes guest
 *                                            frames away (MMU notifier)
 *   kvm_exit tracepoint of kvm-pr           PR: any guest exit, before PR
 *                                            handles it: leave a block
 *   kvmppc_book3s_queue_irqprio(vcpu, vec)  PR: a "facility unavailable"
 *                                            for the guest changes FSCR:
 *                                            refresh its mirror before entry
 *
 * Not probes: on PR, vm.c wraps the vcpus' MMU callbacks esid_to_vsid (a
 * shadow segment: our words' faults in guest user mode, the kernel window),
 * xlate (the kernel window) and slbmte, slbie and slbia (whether the guest
 * has a segment over the kernel window).  A kprobe on
 * kvmppc_mmu_map_segment, which runs on every change of the guest's
 * translation mode, cost 7% of a Linux guest's kernel-heavy work.
 *
 * On Book3S, kvmppc_emulate_instruction lives in kvm-pr.ko, which may load
 * after us and unload before us: a module notifier attaches and detaches
 * that probe.  The others live in kvm.ko, which we depend on (or vmlinux).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/tracepoint.h>
#include <asm/kvm_ppc.h>

#include "kvmppc_bt.h"

#define VCPU(regs)	((struct kvm_vcpu *)(regs)->gpr[3])

bool kvmppc_bt_hook_tp;
/* The hook that keeps FSCR's mirror exact is on: mirrors may be used. */
bool kvmppc_bt_mirror_hooked;
static char *hook_mode = "auto";
module_param_named(hook, hook_mode, charp, 0444);
MODULE_PARM_DESC(hook, "how emulation exits are seen: auto (default; tracepoint on a uniprocessor host), kprobe, tracepoint");

/* Our own magic-page mapping call is not the guest's (kvm_pv_pre). */
DEFINE_PER_CPU(bool, kvmppc_bt_self_map);

/*
 * Make the probed function return @ret at once, before its body ran: a
 * pre-handler returning 1 after this resumes at the caller.  Every hook
 * sits at its function's entry or ftrace site, before any stack frame is
 * made, so the return address is still in LR (regs->link).
 */
static int return_early(struct pt_regs *regs, unsigned long ret)
{
	regs->gpr[3] = ret;
	instruction_pointer_set(regs, regs->link);
	return 1;
}

static DEFINE_MUTEX(blocks_lock);
static void blocks_found(struct tracepoint *tp);
static void blocks_detach(void);
static void blocks_gone(void);

/* kvm_ppc_instr: the end of kvmppc_emulate_instruction(). */
static void ppc_instr_probe(void *data, unsigned int inst, unsigned long pc,
			    unsigned int emulate)
{
	struct kvm_vcpu *vcpu = kvm_get_running_vcpu();

	if (vcpu)
		kvmppc_bt_trap_post(vcpu, inst, pc);
}

static int emulate_pre(struct kprobe *p, struct pt_regs *regs)
{
	kvmppc_bt_trap(VCPU(regs));
	return 0;
}

static int check_requests_pre(struct kprobe *p, struct pt_regs *regs)
{
	kvmppc_bt_vcpu_request(VCPU(regs));
	return 0;
}

static int vcpu_create_pre(struct kprobe *p, struct pt_regs *regs)
{
	kvmppc_bt_vcpu_created(VCPU(regs));
	return 0;
}

static int vcpu_run_pre(struct kprobe *p, struct pt_regs *regs)
{
	kvmppc_bt_vcpu_run(VCPU(regs));
	return 0;
}

static int set_regs_pre(struct kprobe *p, struct pt_regs *regs)
{
	kvmppc_bt_vcpu_set_regs(VCPU(regs), (const struct kvm_regs *)regs->gpr[4]);
	return 0;
}

/* (kvm, old, new, change) */
static int prepare_memory_pre(struct kprobe *p, struct pt_regs *regs)
{
	kvmppc_bt_memslot_change((struct kvm *)regs->gpr[3],
				 (const struct kvm_memory_slot *)regs->gpr[5],
				 (enum kvm_mr_change)regs->gpr[6]);
	return 0;
}

static int commit_memory_pre(struct kprobe *p, struct pt_regs *regs)
{
	kvmppc_bt_memslot_commit((struct kvm *)regs->gpr[3]);
	return 0;
}

/*
 * The guest's hypercall, or our own call (vm.c map_magic): in a kprobe
 * handler that one nests and is skipped, in the tracepoint it is flagged.
 */
static int kvm_pv_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct kvm_vcpu *vcpu = VCPU(regs);
	unsigned long ea;

	if (kvmppc_get_gpr(vcpu, 11) != KVM_HCALL_TOKEN(KVM_HC_PPC_MAP_MAGIC_PAGE) ||
	    this_cpu_read(kvmppc_bt_self_map))
		return 0;
	ea = kvmppc_get_gpr(vcpu, 4);
	if (!(kvmppc_bt_guest_msr(vcpu) & MSR_SF))
		ea &= 0xffffffffUL;
	kvmppc_bt_guest_pv(vcpu, ea);
	return 0;
}

static int destroy_vm_pre(struct kprobe *p, struct pt_regs *regs)
{
	kvmppc_bt_vm_destroyed((struct kvm *)regs->gpr[3]);
	return 0;
}

#ifdef KVMPPC_BT_HAVE_E500

/*
 * The guest EA that kvmppc_mmu_map() maps, for the shadow entry it writes
 * next on this CPU (the page resizing of write tracing).  Between the two,
 * KVM may sleep: an entry whose vcpu or range does not match takes its
 * own first address instead, and a wrong guess only costs another miss.
 */
struct map_target {
	struct kvm_vcpu *vcpu;
	u64 ea;
};

static DEFINE_PER_CPU(struct map_target, map_target);

/* kvmppc_mmu_map(vcpu, u64 eaddr, gpa_t gpaddr, index): u64s in r5:r6, r7:r8. */
static int mmu_map_pre(struct kprobe *p, struct pt_regs *regs)
{
	u64 ea = (u64)regs->gpr[5] << 32 | (u32)regs->gpr[6];
	u64 gpa = (u64)regs->gpr[7] << 32 | (u32)regs->gpr[8];

	this_cpu_write(map_target.vcpu, VCPU(regs));
	this_cpu_write(map_target.ea, ea);
	kvmppc_bt_warm_map(VCPU(regs), ea, gpa, 0x1000);
	return 0;
}

#define MMU_MAP_SYMBOL "kvmppc_mmu_map"

/*
 * kvmppc_mmu_dtlb_miss(vcpu): KVM just queued a data TLB miss for the
 * guest and is about to fill its MAS registers for the guest's handler.
 * The guest's own misses go on; a user-mode access to the magic page that
 * was one of our words is taken back whole (kvmppc_bt_user_fault), and
 * the function returns at once, before it changed anything.
 */
static int dtlb_miss_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct kvm_vcpu *vcpu = VCPU(regs);

	if ((vcpu->arch.fault_dear & PAGE_MASK) != (vcpu->arch.magic_page_ea & PAGE_MASK) ||
	    !kvmppc_bt_user_fault(vcpu))
		return 0;
	clear_bit(KVMPPC_BT_BOOKE_IRQPRIO_DTLB_MISS, &vcpu->arch.pending_exceptions);
	return return_early(regs, 0);		/* a void function */
}

#define DTLB_MISS_SYMBOL "kvmppc_mmu_dtlb_miss"

/*
 * kvm_unmap_gfn_range(kvm, range) and kvm_set_spte_gfn(kvm, range): KVM's
 * MMU notifier takes guest frames away (then flushes every shadow TLB).
 */
static int gfn_unmap_pre(struct kprobe *p, struct pt_regs *regs)
{
	const struct kvm_gfn_range *range = (const void *)regs->gpr[4];

	kvmppc_bt_gfn_unmapped((struct kvm *)regs->gpr[3], range->start, range->end);
	return 0;
}

#define UNMAP_GFN_SYMBOL "kvm_unmap_gfn_range"
#define SET_SPTE_SYMBOL "kvm_set_spte_gfn"

/*
 * KVM's kvm_booke206_stlb_write tracepoint: a shadow TLB entry was just
 * written (irqs on again, preemption still off, same CPU).  Read and write
 * tracing write a 4K entry of a protected page again, execute-only for the
 * guest, and a larger one that holds a protected page again as a piece of
 * it (vm.c).  A tracepoint costs a fraction of a kprobe on this hot path.
 */
static void map_hook_start(void);

/* Does an entry of 2^@tsize KB at @epn overlap the e500 kernel window? */
static inline bool kwindow_overlaps(u32 epn, u32 tsize)
{
	u32 size = tsize < 22 ? 1U << (tsize + 10) : 0;	/* 0: 4G */

	epn &= ~(size - 1);
	return epn - KVMPPC_BT_E500_KWINDOW_EA < KVMPPC_BT_E500_KWINDOW_SIZE ||
	       KVMPPC_BT_E500_KWINDOW_EA - epn <= size - 1;
}

/*
 * KVM wrote a guest (TS = 1) entry of 2^@tsize KB at @mas2: each page of
 * the e500 kernel window it overlaps leaves this CPU's TLB0 (but the entry
 * KVM just wrote there, in TLB0 way @keep), and the VM may lose its window.
 */
static void kwindow_overlap(u32 mas0, u64 mas2, u64 mas7_3, u32 tsize)
{
	u64 size = 2ULL << (tsize + 9), start = mas2 & ~(size - 1);
	int keep = (mas0 & MAS0_TLBSEL_MASK) ? -1 : (mas0 & MAS0_ESEL_MASK) >> MAS0_ESEL_SHIFT;
	struct kvm_vcpu *vcpu;
	bool hit = false;
	unsigned long ea;

	for (ea = KVMPPC_BT_E500_KWINDOW_EA;
	     ea < KVMPPC_BT_E500_KWINDOW_EA + KVMPPC_BT_E500_KWINDOW_SIZE; ea += PAGE_SIZE) {
		if (ea - start >= size)
			continue;
		kvmppc_bt_e500_kw_clear(ea, keep, 0);
		hit = true;
	}
	vcpu = hit ? kvm_get_running_vcpu() : NULL;
	if (vcpu)
		kvmppc_bt_kwindow_mapped(vcpu, mas7_3);
}

static void stlb_write_probe(void *data, u32 mas0, u32 mas8, u32 mas1, u64 mas2, u64 mas7_3)
{
	struct kvm_vcpu *vcpu;
	u32 tsize;
	u64 ea;

	/* KVM maps the magic page (TLB1): executable when it holds blocks. */
	if ((mas0 & MAS0_TLBSEL_MASK) && !(mas7_3 & MAS3_UX) &&
	    READ_ONCE(kvmppc_bt_blocks_hooked)) {
		vcpu = kvm_get_running_vcpu();
		if (vcpu && vcpu->arch.magic_page_pa &&
		    (mas2 & PAGE_MASK) == (vcpu->arch.magic_page_ea & PAGE_MASK) &&
		    kvmppc_bt_window_exec(vcpu)) {
			kvmppc_bt_e500_tlbwe(mas0, mas1, mas2, mas7_3 | MAS3_UX);
			return;
		}
	}
	tsize = (mas1 & MAS1_TSIZE_MASK) >> MAS1_TSIZE_SHIFT;
	/* A guest entry over the kernel window: the window goes (vm.c). */
	if (unlikely(READ_ONCE(kvmppc_bt_e500_kw_live)) && (mas1 & MAS1_TS) &&
	    kwindow_overlaps((u32)mas2, tsize))
		kwindow_overlap(mas0, mas2, mas7_3, tsize);
	if (tsize <= BOOK3E_PAGESZ_4K ? !kvmppc_bt_wp_maybe(mas7_3) :
	    !kvmppc_bt_wp_maybe_range(mas7_3 >> PAGE_SHIFT, 1ULL << (tsize - BOOK3E_PAGESZ_4K))) {
		/* A protected page whose frame the host changed: find it again. */
		if (!atomic_read(&kvmppc_bt_stale_live))
			return;
	}
	vcpu = kvm_get_running_vcpu();
	if (!vcpu)
		return;
	if (this_cpu_read(map_target.vcpu) == vcpu) {
		ea = this_cpu_read(map_target.ea);
	} else {
		ea = mas2;
		if (tsize > BOOK3E_PAGESZ_4K)
			map_hook_start();
	}
	if (kvmppc_bt_shadow_tlbe(vcpu, ea, &mas1, &mas2, &mas7_3))
		kvmppc_bt_e500_tlbwe(mas0, mas1, mas2, mas7_3);
}

/* KVM's kvm_booke_queue_irqprio tracepoint: just before the bit is set. */
static void queue_irqprio_probe(void *data, struct kvm_vcpu *vcpu, unsigned int priority)
{
	if (priority == KVMPPC_BT_BOOKE_IRQPRIO_DATA_STORAGE)
		kvmppc_bt_booke_dsi(vcpu);
}

static struct tracepoint *irqprio_tp, *stlb_write_tp, *exit_tp;

static void find_tps(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "kvm_booke_queue_irqprio"))
		irqprio_tp = tp;
	else if (!strcmp(tp->name, "kvm_booke206_stlb_write"))
		stlb_write_tp = tp;
	else if (!strcmp(tp->name, "kvm_exit"))
		exit_tp = tp;
}

/* Translated blocks: on top of write tracing's tracepoints, kvm_exit. */
static void blocks_on(void)
{
	if (!kvmppc_bt_map_magic || !kvmppc_bt_itlb_index || !exit_tp) {
		pr_warn("no translated blocks: KVM's kvm_exit tracepoint or MMU functions are missing\n");
		return;
	}
	mutex_lock(&blocks_lock);
	blocks_found(exit_tp);
	mutex_unlock(&blocks_lock);
}

/* e500 read and write tracing: both of KVM's tracepoints, or none. */
static void write_tracing_on(void)
{
	for_each_kernel_tracepoint(find_tps, NULL);
	if (!irqprio_tp || !stlb_write_tp ||
	    tracepoint_probe_register(irqprio_tp, queue_irqprio_probe, NULL)) {
		pr_warn("no read or write tracing: KVM's booke tracepoints are missing\n");
		irqprio_tp = NULL;
		return;
	}
	if (tracepoint_probe_register(stlb_write_tp, stlb_write_probe, NULL)) {
		pr_warn("no read or write tracing: cannot attach to kvm_booke206_stlb_write\n");
		tracepoint_probe_unregister(irqprio_tp, queue_irqprio_probe, NULL);
		tracepoint_synchronize_unregister();
		irqprio_tp = NULL;
		return;
	}
	WRITE_ONCE(kvmppc_bt_e500_wt, true);
	blocks_on();
}

static void write_tracing_off(void)
{
	if (!irqprio_tp)
		return;
	WRITE_ONCE(kvmppc_bt_e500_wt, false);
	blocks_gone();
	tracepoint_probe_unregister(stlb_write_tp, stlb_write_probe, NULL);
	tracepoint_probe_unregister(irqprio_tp, queue_irqprio_probe, NULL);
	tracepoint_synchronize_unregister();
	irqprio_tp = NULL;
}
#else
/*
 * kvmppc_mmu_map_page(vcpu, struct kvmppc_pte *orig_pte, bool iswrite): a
 * shadow HPTE for a guest page (warm start; write tracing may make it
 * read-only).  When it would serve our word run in guest user mode, it is
 * not made: the function returns 0 at once.
 */
static int mmu_map_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct kvmppc_pte *pte = (struct kvmppc_pte *)regs->gpr[4];
	u64 size = pte->page_size == MMU_PAGE_64K ? 0x10000 : 0x1000;

	kvmppc_bt_warm_map(VCPU(regs), pte->eaddr, pte->raddr, size);
	switch (kvmppc_bt_shadow_map(VCPU(regs), pte->raddr, size, !!regs->gpr[5],
				     pte->may_write)) {
	case KVMPPC_BT_MAP_AS_IS:
		return 0;
	case KVMPPC_BT_MAP_RO:
		pte->may_write = false;
		return 0;
	}
	return return_early(regs, 0);
}

#define MMU_MAP_SYMBOL "kvmppc_mmu_map_page"
#define dtlb_miss_pre NULL
#define DTLB_MISS_SYMBOL NULL
#define gfn_unmap_pre NULL
#define UNMAP_GFN_SYMBOL NULL
#define SET_SPTE_SYMBOL NULL
static void write_tracing_on(void)
{
}

static void write_tracing_off(void)
{
}

/*
 * kvm-pr's kvm_exit tracepoint lives in kvm-pr.ko: the tracepoint module
 * notifier finds it whenever kvm-pr is there, as lttng-modules does.
 */
static int tp_module_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	struct tp_module *tp_mod = data;
	struct module *mod = tp_mod->mod;
	unsigned int i;

	if (strcmp(mod->name, "kvm_pr"))
		return NOTIFY_DONE;
	mutex_lock(&blocks_lock);
	if (action == MODULE_STATE_COMING) {
		for (i = 0; i < mod->num_tracepoints; i++) {
			struct tracepoint *tp = tracepoint_ptr_deref(&mod->tracepoints_ptrs[i]);

			if (!strcmp(tp->name, "kvm_exit")) {
				blocks_found(tp);
				break;
			}
		}
	} else if (action == MODULE_STATE_GOING) {
		blocks_detach();
	}
	mutex_unlock(&blocks_lock);
	return NOTIFY_OK;
}

static struct notifier_block tp_module_nb = {
	.notifier_call = tp_module_notify,
};
#endif

#ifdef KVMPPC_BT_HAVE_PR
/*
 * kvmppc_book3s_queue_irqprio(vcpu, vec): kvmppc_trigger_fac_interrupt()
 * sets the interrupt cause in the guest's FSCR and queues vector 0xf60.
 * It is inlined into kvmppc_handle_fac; this call is what remains of it.
 */
static int queue_irqprio_pre(struct kprobe *p, struct pt_regs *regs)
{
	if ((unsigned int)regs->gpr[4] == BOOK3S_INTERRUPT_FAC_UNAVAIL)
		kvmppc_bt_vcpu_fac_queued(VCPU(regs));
	return 0;
}

#define QUEUE_IRQPRIO_SYMBOL "kvmppc_book3s_queue_irqprio"
#else
#define queue_irqprio_pre NULL
#define QUEUE_IRQPRIO_SYMBOL NULL
#endif

/*
 * Translated blocks need KVM's kvm_exit tracepoint (e500: vmlinux's; PR:
 * kvm-pr's): every guest exit inside a block is undone there.  It fires on
 * every guest exit, so by default (blocks=auto) the probe is attached only
 * when a VM first has a block to patch, from a work item (that site waits,
 * trapping, until it is attached); blocks=on attaches it at once, blocks=off
 * never.  Once attached it stays until kvm_exit goes (unload, kvm-pr
 * unloaded).
 */
static char *blocks_mode = "auto";
module_param_named(blocks, blocks_mode, charp, 0444);
MODULE_PARM_DESC(blocks, "translated blocks: auto (default; KVM's exit hook attached when a VM first needs one), on (attached at load), off");

bool kvmppc_bt_blocks_live;
static struct tracepoint *blocks_tp;	/* kvm_exit, while it is there */

/* KVMPPC_BT_EXIT_* of a KVM exit number. */
static int exit_kind(unsigned int nr)
{
#ifdef KVMPPC_BT_HAVE_E500
	switch (nr) {
	case BOOKE_INTERRUPT_ITLB_MISS:
		return KVMPPC_BT_EXIT_FETCH;
	case BOOKE_INTERRUPT_INST_STORAGE:
		return KVMPPC_BT_EXIT_ISI;
	case BOOKE_INTERRUPT_PROGRAM:
		return KVMPPC_BT_EXIT_PROGRAM;
	}
#else
	switch (nr) {
	case BOOK3S_INTERRUPT_INST_STORAGE:	/* PR maps the window itself */
	case BOOK3S_INTERRUPT_INST_SEGMENT:
		return KVMPPC_BT_EXIT_FETCH;
	case BOOK3S_INTERRUPT_PROGRAM:
		return KVMPPC_BT_EXIT_PROGRAM;
	}
#endif
	return KVMPPC_BT_EXIT_OTHER;
}

/*
 * KVM's kvm_exit tracepoint, at the start of kvmppc_handle_exit() (e500)
 * or kvmppc_handle_exit_pr(): the vcpu's state saved, nothing handled yet.
 * A PC inside a translated block is undone here (vm.c).
 */
static void kvm_exit_probe(void *data, unsigned int exit_nr, struct kvm_vcpu *vcpu)
{
	/* Nearly every exit: the vcpu is not in a (4K) window page. */
	if (!kvmppc_bt_in_window(vcpu, kvmppc_get_pc(vcpu)))
		return;
	kvmppc_bt_block_exit(vcpu, exit_kind(exit_nr));
}

/* blocks_lock held. */
static void blocks_attach(void)
{
	if (kvmppc_bt_blocks_live || !blocks_tp)
		return;
	if (tracepoint_probe_register(blocks_tp, kvm_exit_probe, NULL)) {
		pr_warn("no translated blocks: cannot attach to kvm_exit\n");
		WRITE_ONCE(kvmppc_bt_blocks_hooked, false);
		return;
	}
	WRITE_ONCE(kvmppc_bt_blocks_live, true);
}

/* kvm_exit is there: blocks are possible (blocks_lock held). */
static void blocks_found(struct tracepoint *tp)
{
	if (!strcmp(blocks_mode, "off") || blocks_tp)
		return;
	blocks_tp = tp;
	WRITE_ONCE(kvmppc_bt_blocks_hooked, true);
	if (!strcmp(blocks_mode, "on"))
		blocks_attach();
}

/* kvm_exit goes (blocks_lock held); a queued attach then does nothing. */
static void blocks_detach(void)
{
	WRITE_ONCE(kvmppc_bt_blocks_hooked, false);
	if (kvmppc_bt_blocks_live)
		tracepoint_probe_unregister(blocks_tp, kvm_exit_probe, NULL);
	WRITE_ONCE(kvmppc_bt_blocks_live, false);
	blocks_tp = NULL;
}

static void blocks_work_fn(struct work_struct *work)
{
	mutex_lock(&blocks_lock);
	blocks_attach();
	mutex_unlock(&blocks_lock);
}

static DECLARE_WORK(blocks_work, blocks_work_fn);

/**
 * kvmppc_bt_blocks_start() - a VM has a block to patch: attach the exit
 *	hook soon (atomic context, the vcpu's thread)
 *
 * The vcpu thread is asked to reschedule at its next guest entry, so that
 * the work item runs before it goes on trapping.
 */
void kvmppc_bt_blocks_start(void)
{
	if (READ_ONCE(kvmppc_bt_blocks_live))
		return;
	schedule_work(&blocks_work);
	set_tsk_need_resched(current);
}

/* Unload: no more attaching, and the probe goes. */
static void blocks_gone(void)
{
	mutex_lock(&blocks_lock);
	blocks_detach();
	mutex_unlock(&blocks_lock);
	cancel_work_sync(&blocks_work);
}

static int parse_blocks_mode(void)
{
	if (strcmp(blocks_mode, "auto") && strcmp(blocks_mode, "on") &&
	    strcmp(blocks_mode, "off")) {
		pr_err("blocks=%s: must be auto, on or off\n", blocks_mode);
		return -EINVAL;
	}
	return 0;
}

enum {
	HOOK_EMULATE,
	HOOK_CHECK_REQUESTS,
	HOOK_VCPU_CREATE,
	HOOK_VCPU_RUN,
	HOOK_SET_REGS,
	HOOK_PREPARE_MEMORY,
	HOOK_COMMIT_MEMORY,
	HOOK_KVM_PV,
	HOOK_DESTROY_VM,
	HOOK_MMU_MAP,
	HOOK_QUEUE_IRQPRIO,
	HOOK_DTLB_MISS,
	HOOK_UNMAP_GFN,
	HOOK_SET_SPTE,
	NR_HOOKS
};

/*
 * @pr_module: lives in kvm-pr.ko on Book3S (attached by the notifier)
 * @lazy: registered only once wanted (kvmppc_bt_hooks_warm, map_hook_start)
 * @optional: a failure to register it only turns its feature off
 * @wanted: should be registered whenever its code is there
 */
struct hook {
	const char *symbol;
	kprobe_pre_handler_t pre;
	bool pr_module;
	bool lazy;
	bool optional;
	bool wanted;
	bool on;
	struct kprobe kp;
};

static struct hook hooks[NR_HOOKS] = {
	[HOOK_EMULATE] = { "kvmppc_emulate_instruction", emulate_pre,
			   .pr_module = IS_ENABLED(CONFIG_KVM_BOOK3S_64_PR) },
	[HOOK_CHECK_REQUESTS] = { "kvmppc_core_check_requests", check_requests_pre },
	[HOOK_VCPU_CREATE] = { "kvm_arch_vcpu_create", vcpu_create_pre },
	[HOOK_VCPU_RUN] = { "kvm_arch_vcpu_ioctl_run", vcpu_run_pre },
	[HOOK_SET_REGS] = { "kvm_arch_vcpu_ioctl_set_regs", set_regs_pre },
	[HOOK_PREPARE_MEMORY] = { "kvm_arch_prepare_memory_region", prepare_memory_pre },
	[HOOK_COMMIT_MEMORY] = { "kvm_arch_commit_memory_region", commit_memory_pre },
	[HOOK_KVM_PV] = { "kvmppc_kvm_pv", kvm_pv_pre },
	[HOOK_DESTROY_VM] = { "kvm_arch_destroy_vm", destroy_vm_pre },
	/* e500: warm start only; PR: also user-mode runs and write tracing. */
	[HOOK_MMU_MAP] = { MMU_MAP_SYMBOL, mmu_map_pre,
			   .lazy = !IS_ENABLED(CONFIG_KVM_BOOK3S_64_PR),
			   .pr_module = IS_ENABLED(CONFIG_KVM_BOOK3S_64_PR) },
	/* Without it nothing is mirrored (kvmppc_bt_mirror_hooked). */
	[HOOK_QUEUE_IRQPRIO] = { QUEUE_IRQPRIO_SYMBOL, queue_irqprio_pre, .optional = true },
	/* e500: user-mode runs of our words (kvmppc_bt_user_fault). */
	[HOOK_DTLB_MISS] = { DTLB_MISS_SYMBOL, dtlb_miss_pre },
	/* e500: a protected page's host frame may change (write tracing). */
	[HOOK_UNMAP_GFN] = { UNMAP_GFN_SYMBOL, gfn_unmap_pre, .optional = true },
	[HOOK_SET_SPTE] = { SET_SPTE_SYMBOL, gfn_unmap_pre, .optional = true },
};

static DEFINE_MUTEX(hooks_mutex);

static int try_register(struct hook *h, unsigned int offset)
{
	memset(&h->kp, 0, sizeof(h->kp));
	h->kp.symbol_name = h->symbol;
	h->kp.offset = offset;
	h->kp.pre_handler = h->pre;
	return register_kprobe(&h->kp);
}

/*
 * Register a hook on its function's ftrace site: the first of the first few
 * instruction slots where kprobes reports an ftrace-based probe (+0 on some
 * kernels, +8 on ppc32, +12 on ppc64 ELFv2 with -mprofile-kernel).  The
 * first argument is still in r3 at any of them.  Without an ftrace site,
 * fall back to a breakpoint at the entry.
 */
static int hook_on(struct hook *h)
{
	unsigned int off;
	int r;

	lockdep_assert_held(&hooks_mutex);
	if (h->on)
		return 0;
	for (off = 0; off <= 16; off += 4) {
		r = try_register(h, off);
		if (r) {
			if (!off)
				return r;
			continue;
		}
		if (h->kp.flags & KPROBE_FLAG_FTRACE)
			goto done;
		unregister_kprobe(&h->kp);
	}
	r = try_register(h, 0);
	if (r)
		return r;
	pr_info("%s: no ftrace site, using a breakpoint probe\n", h->symbol);
done:
	h->on = true;
	pr_debug("hooked %s at %pS%s\n", h->symbol, h->kp.addr,
		 (h->kp.flags & KPROBE_FLAG_FTRACE) ? " (ftrace)" : "");
	return 0;
}

static void hook_off(struct hook *h)
{
	lockdep_assert_held(&hooks_mutex);
	if (!h->on)
		return;
	unregister_kprobe(&h->kp);
	h->on = false;
}

#ifdef KVMPPC_BT_HAVE_PR
/*
 * vm.c wraps PR's segment callback (our words' user-mode faults, the
 * kernel window), translation callback (the kernel window) and SLB update
 * callbacks (whether the guest has a segment over the window), and maps
 * the kernel window's segment itself: their addresses.
 */
static void kwindow_resolve(void)
{
	if (!hooks[HOOK_MMU_MAP].on)
		return;		/* kvm-pr is not loaded */
	if (!kvmppc_bt_pr_xlate) {
		kvmppc_bt_pr_xlate = (void *)kvmppc_bt_resolve("kvmppc_mmu_book3s_64_xlate");
		kvmppc_bt_pr_esid_to_vsid =
			(void *)kvmppc_bt_resolve("kvmppc_mmu_book3s_64_esid_to_vsid");
		kvmppc_bt_pr_map_segment = (void *)kvmppc_bt_resolve("kvmppc_mmu_map_segment");
		/* Optional: without them the guest's SLB is searched each time. */
		kvmppc_bt_pr_slbmte = (void *)kvmppc_bt_resolve("kvmppc_mmu_book3s_64_slbmte");
		kvmppc_bt_pr_slbie = (void *)kvmppc_bt_resolve("kvmppc_mmu_book3s_64_slbie");
		kvmppc_bt_pr_slbia = (void *)kvmppc_bt_resolve("kvmppc_mmu_book3s_64_slbia");
	}
	WRITE_ONCE(kvmppc_bt_kwindow_hooked, kvmppc_bt_pr_xlate && kvmppc_bt_pr_esid_to_vsid &&
		   kvmppc_bt_pr_map_segment);
}

/* Attach the wanted hooks that live in kvm-pr.ko, if it is loaded. */
static void attach_kvm_pr(void)
{
	int i, r;
	bool any = false;

	lockdep_assert_held(&hooks_mutex);
	for (i = 0; i < NR_HOOKS; i++) {
		if (!hooks[i].pr_module || !hooks[i].wanted || hooks[i].on)
			continue;
		r = hook_on(&hooks[i]);
		if (r == -ENOENT || r == -EINVAL)
			continue;	/* kvm-pr is not loaded */
		if (r)
			pr_err("cannot hook kvm_pr's %s: %d\n", hooks[i].symbol, r);
		any |= i == HOOK_EMULATE && !r;
	}
	/* kvm-pr is there: write tracing can drop shadow HPTEs. */
	if (hooks[HOOK_MMU_MAP].on && !kvmppc_bt_pte_pflush) {
		unsigned long a = kvmppc_bt_resolve("kvmppc_mmu_pte_pflush");

		WRITE_ONCE(kvmppc_bt_pte_pflush, (void *)a);
	}
	kwindow_resolve();
	if (any)
		pr_info("attached to kvm_pr\n");
}

static void detach_kvm_pr(void)
{
	int i;

	lockdep_assert_held(&hooks_mutex);
	WRITE_ONCE(kvmppc_bt_kwindow_hooked, false);
	kvmppc_bt_pr_xlate = NULL;	/* kvm-pr may come back elsewhere */
	kvmppc_bt_pr_esid_to_vsid = NULL;
	kvmppc_bt_pr_map_segment = NULL;
	kvmppc_bt_pr_slbmte = NULL;
	kvmppc_bt_pr_slbie = NULL;
	kvmppc_bt_pr_slbia = NULL;
	WRITE_ONCE(kvmppc_bt_pte_pflush, NULL);
	if (hooks[HOOK_EMULATE].on)
		pr_info("detached from kvm_pr\n");
	for (i = 0; i < NR_HOOKS; i++)
		if (hooks[i].pr_module)
			hook_off(&hooks[i]);
}

/* kvm-pr.ko comes and goes: so do the probes on its functions. */
static int kvm_pr_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	struct module *mod = data;

	if (strcmp(mod->name, "kvm_pr"))
		return NOTIFY_DONE;
	mutex_lock(&hooks_mutex);
	if (action == MODULE_STATE_LIVE)
		attach_kvm_pr();
	else if (action == MODULE_STATE_GOING)
		detach_kvm_pr();
	mutex_unlock(&hooks_mutex);
	return NOTIFY_DONE;
}

static struct notifier_block kvm_pr_nb = {
	.notifier_call = kvm_pr_notify,
};
#endif

static int parse_hook_mode(void)
{
	if (!strcmp(hook_mode, "kprobe")) {
		kvmppc_bt_hook_tp = false;
	} else if (!strcmp(hook_mode, "tracepoint")) {
		kvmppc_bt_hook_tp = true;
	} else if (!strcmp(hook_mode, "auto")) {
		kvmppc_bt_hook_tp = num_possible_cpus() == 1;
	} else {
		pr_err("hook=%s: must be auto, kprobe or tracepoint\n", hook_mode);
		return -EINVAL;
	}
	return 0;
}

int kvmppc_bt_hooks_init(void)
{
	int i, r;

	r = parse_hook_mode();
	if (!r)
		r = parse_blocks_mode();
	if (r)
		return r;
	if (kvmppc_bt_hook_tp) {
		r = register_trace_kvm_ppc_instr(ppc_instr_probe, NULL);
		if (r) {
			pr_err("cannot attach to the kvm_ppc_instr tracepoint: %d\n", r);
			return r;
		}
	}
	pr_info("emulation exits through %s\n",
		kvmppc_bt_hook_tp ? "the kvm_ppc_instr tracepoint" : "a kprobe");
	mutex_lock(&hooks_mutex);
	for (i = 0; i < NR_HOOKS; i++) {
		hooks[i].wanted = hooks[i].symbol && !hooks[i].lazy &&
				  !(i == HOOK_EMULATE && kvmppc_bt_hook_tp);
		/* On Book3S, kvm-pr's hooks are attached with kvm-pr. */
		if (hooks[i].pr_module || !hooks[i].wanted)
			continue;
		r = hook_on(&hooks[i]);
		if (r && hooks[i].optional) {
			pr_warn("cannot hook %s (%d): going on without it\n", hooks[i].symbol, r);
			continue;
		}
		if (r) {
			pr_err("cannot hook %s: %d\n", hooks[i].symbol, r);
			goto fail;
		}
	}
	kvmppc_bt_mirror_hooked = hooks[HOOK_QUEUE_IRQPRIO].on;
	if (IS_ENABLED(CONFIG_KVM_E500V2))
		write_tracing_on();
	mutex_unlock(&hooks_mutex);
#ifdef KVMPPC_BT_HAVE_PR
	r = register_module_notifier(&kvm_pr_nb);
	if (r)
		goto fail_unlocked;
	/* kvm-pr may be loaded already (the notifier only sees new ones). */
	mutex_lock(&hooks_mutex);
	attach_kvm_pr();
	mutex_unlock(&hooks_mutex);
	/* Its kvm_exit tracepoint: this one is told about loaded modules too. */
	if (register_tracepoint_module_notifier(&tp_module_nb))
		pr_warn("no translated blocks: no tracepoint module notifier\n");
#endif
	return 0;

fail:
	mutex_unlock(&hooks_mutex);
#ifdef KVMPPC_BT_HAVE_PR
fail_unlocked:
#endif
	mutex_lock(&hooks_mutex);
	for (i = 0; i < NR_HOOKS; i++)
		hook_off(&hooks[i]);
	mutex_unlock(&hooks_mutex);
	if (kvmppc_bt_hook_tp) {
		unregister_trace_kvm_ppc_instr(ppc_instr_probe, NULL);
		tracepoint_synchronize_unregister();
	}
	return r;
}

/* Warm start wanted: hook the shadow MMU fills from now on. */
int kvmppc_bt_hooks_warm(void)
{
	struct hook *h = &hooks[HOOK_MMU_MAP];
	int r = 0;

	mutex_lock(&hooks_mutex);
	h->wanted = true;
#ifdef KVMPPC_BT_HAVE_PR
	attach_kvm_pr();
#else
	r = hook_on(h);
	if (r)
		pr_err("cannot hook %s: %d\n", h->symbol, r);
#endif
	mutex_unlock(&hooks_mutex);
	return r;
}

#ifdef KVMPPC_BT_HAVE_E500
/*
 * Adaptive page resizing splits a large shadow entry around the guest EA
 * it was written for: kvmppc_mmu_map()'s argument, which only the lazy
 * mmu_map hook sees.  The first entry that needs it asks for the hook
 * (stlb_write_probe(), atomic context); the entry is split around its own
 * first address meanwhile.  The vcpu thread reschedules at its next entry,
 * so the work runs before the guest's access is tried again.
 */
static bool hooks_going;	/* hooks_mutex: unload began, attach nothing */
static bool map_hook_failed;

static void map_hook_work_fn(struct work_struct *work)
{
	struct hook *h = &hooks[HOOK_MMU_MAP];

	mutex_lock(&hooks_mutex);
	if (!hooks_going && !h->on && !map_hook_failed) {
		h->wanted = true;
		if (hook_on(h)) {
			pr_warn("page resizing: cannot hook %s: large pages split around their start\n",
				h->symbol);
			WRITE_ONCE(map_hook_failed, true);
		}
	}
	mutex_unlock(&hooks_mutex);
}

static DECLARE_WORK(map_hook_work, map_hook_work_fn);

static void map_hook_start(void)
{
	if (READ_ONCE(hooks[HOOK_MMU_MAP].on) || READ_ONCE(map_hook_failed))
		return;
	schedule_work(&map_hook_work);
	set_tsk_need_resched(current);
}
#endif

static void clear_request(struct kvmppc_bt_vm *vm, void *arg)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	spin_lock_irq(&vm->lock);
	if (!vm->dead && kvm_get_kvm_safe(vm->kvm)) {
		spin_unlock_irq(&vm->lock);
		kvm_for_each_vcpu(i, vcpu, vm->kvm)
			kvm_clear_request(KVMPPC_BT_REQ, vcpu);
		kvm_put_kvm(vm->kvm);
		return;
	}
	spin_unlock_irq(&vm->lock);
}

/*
 * Unload, step one: stop everything that counts, patches or asks vcpus for
 * work.  KVM leaves request bits it does not know set, so ours are cleared
 * while the hook that would clear them is still there.  The destroy hook
 * stays until every VM's words are restored (kvmppc_bt_hooks_exit_final).
 */
void kvmppc_bt_hooks_exit(void)
{
	int i;

#ifdef KVMPPC_BT_HAVE_PR
	unregister_module_notifier(&kvm_pr_nb);
	/* Says "going" for a loaded kvm-pr: the kvm_exit probe goes. */
	unregister_tracepoint_module_notifier(&tp_module_nb);
	blocks_gone();
	tracepoint_synchronize_unregister();
#endif
	if (kvmppc_bt_hook_tp) {
		unregister_trace_kvm_ppc_instr(ppc_instr_probe, NULL);
		tracepoint_synchronize_unregister();
	}
	mutex_lock(&hooks_mutex);
	kvmppc_bt_mirror_hooked = false;
	write_tracing_off();
#ifdef KVMPPC_BT_HAVE_E500
	hooks_going = true;
#endif
	for (i = 0; i < NR_HOOKS; i++)
		if (i != HOOK_CHECK_REQUESTS && i != HOOK_DESTROY_VM)
			hook_off(&hooks[i]);
	mutex_unlock(&hooks_mutex);
#ifdef KVMPPC_BT_HAVE_E500
	cancel_work_sync(&map_hook_work);
#endif
	kvmppc_bt_visit_vms(clear_request, NULL);
	mutex_lock(&hooks_mutex);
	hook_off(&hooks[HOOK_CHECK_REQUESTS]);
	mutex_unlock(&hooks_mutex);
}

void kvmppc_bt_hooks_exit_final(void)
{
	mutex_lock(&hooks_mutex);
	hook_off(&hooks[HOOK_DESTROY_VM]);
	mutex_unlock(&hooks_mutex);
}

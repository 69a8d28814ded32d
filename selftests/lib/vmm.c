// SPDX-License-Identifier: GPL-2.0
/*
 * The selftests' minimal VMM: flavour-independent part.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "vmm.h"
#include "vmm_flavour.h"

struct vm *vm_create(size_t mem_size)
{
	return vm_create_backed(mem_size, false);
}

/*
 * @huge: back guest RAM with hugetlbfs pages (the default huge page size;
 * the caller reserves them): e500 KVM then shadows the guest's large TLB1
 * entries with large host entries.
 */
struct vm *vm_create_backed(size_t mem_size, bool huge)
{
	struct kvm_userspace_memory_region region = { 0 };
	struct vm *vm = calloc(1, sizeof(*vm));

	VMM_ASSERT(vm, "out of memory");
	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	VMM_ASSERT(vm->kvm_fd >= 0, "open /dev/kvm: %s", strerror(errno));
	vm->fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, flavour_vm_type());
	VMM_ASSERT(vm->fd >= 0, "KVM_CREATE_VM: %s", strerror(errno));
	snprintf(vm->id, sizeof(vm->id), "%d-%d", (int)getpid(), vm->fd);

	vm->mem_size = mem_size ? mem_size : VMM_MEM_SIZE;
	vm->mem = mmap(NULL, vm->mem_size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | (huge ? MAP_HUGETLB : 0), -1, 0);
	VMM_ASSERT(vm->mem != MAP_FAILED, "mmap guest memory%s: %s",
		   huge ? " (hugetlbfs)" : "", strerror(errno));

	region.slot = 0;
	region.guest_phys_addr = 0;
	region.memory_size = vm->mem_size;
	region.userspace_addr = (uintptr_t)vm->mem;
	VMM_ASSERT(!ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region),
		   "KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
	return vm;
}

/* Turn KVM_MEM_LOG_DIRTY_PAGES on or off for the guest's memory slot. */
void vm_set_dirty_logging(struct vm *vm, bool on)
{
	struct kvm_userspace_memory_region region = {
		.slot = 0,
		.flags = on ? KVM_MEM_LOG_DIRTY_PAGES : 0,
		.guest_phys_addr = 0,
		.memory_size = vm->mem_size,
		.userspace_addr = (uintptr_t)vm->mem,
	};

	VMM_ASSERT(!ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region),
		   "KVM_SET_USER_MEMORY_REGION(flags %u): %s", region.flags, strerror(errno));
}

/* The dirty bitmap of the slot: one bit per host page, cleared by reading. */
void vm_get_dirty_log(struct vm *vm, uint64_t *bitmap)
{
	struct kvm_dirty_log log = { .slot = 0 };

	log.dirty_bitmap = bitmap;
	VMM_ASSERT(!ioctl(vm->fd, KVM_GET_DIRTY_LOG, &log), "KVM_GET_DIRTY_LOG: %s",
		   strerror(errno));
}

void vm_free(struct vm *vm)
{
	int i;

	for (i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *vcpu = vm->vcpus[i];

		munmap(vcpu->run, vcpu->run_size);
		if (vcpu->stats_fd >= 0)
			close(vcpu->stats_fd);
		free(vcpu->stats_desc);
		free(vcpu->tlb);
		close(vcpu->fd);
		free(vcpu);
	}
	close(vm->fd);
	munmap(vm->mem, vm->mem_size);
	close(vm->kvm_fd);
	free(vm);
}

void *vm_gpa(struct vm *vm, uint64_t gpa)
{
	VMM_ASSERT(gpa < vm->mem_size, "gpa 0x%llx outside guest memory",
		   (unsigned long long)gpa);
	return vm->mem + gpa;
}

void vm_load(struct vm *vm, uint64_t gpa, const void *code, size_t len)
{
	VMM_ASSERT(gpa + len <= vm->mem_size, "guest image of %zu bytes does not fit", len);
	memcpy(vm->mem + gpa, code, len);
}

static void vcpu_stats_init(struct vcpu *vcpu)
{
	struct kvm_stats_header *h = &vcpu->stats_hdr;
	size_t size;

	vcpu->stats_fd = ioctl(vcpu->fd, KVM_GET_STATS_FD, NULL);
	VMM_ASSERT(vcpu->stats_fd >= 0, "KVM_GET_STATS_FD: %s", strerror(errno));
	VMM_ASSERT(pread(vcpu->stats_fd, h, sizeof(*h), 0) == sizeof(*h),
		   "reading the stats header");
	size = (sizeof(struct kvm_stats_desc) + h->name_size) * h->num_desc;
	vcpu->stats_desc = malloc(size);
	VMM_ASSERT(vcpu->stats_desc, "out of memory");
	VMM_ASSERT(pread(vcpu->stats_fd, vcpu->stats_desc, size, h->desc_offset) == (ssize_t)size,
		   "reading the stats descriptors");
}

struct vcpu *vm_vcpu_add(struct vm *vm, uint64_t entry)
{
	struct vcpu *vcpu = calloc(1, sizeof(*vcpu));
	int size;

	VMM_ASSERT(vcpu, "out of memory");
	VMM_ASSERT(vm->nr_vcpus < VMM_MAX_VCPUS, "too many vcpus");
	vcpu->vm = vm;
	vcpu->id = vm->nr_vcpus;
	vcpu->fd = ioctl(vm->fd, KVM_CREATE_VCPU, vcpu->id);
	VMM_ASSERT(vcpu->fd >= 0, "KVM_CREATE_VCPU: %s", strerror(errno));
	size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	VMM_ASSERT(size > 0, "KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
	vcpu->run_size = size;
	vcpu->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu->fd, 0);
	VMM_ASSERT(vcpu->run != MAP_FAILED, "mmap kvm_run: %s", strerror(errno));
	vm->vcpus[vm->nr_vcpus++] = vcpu;

	flavour_vcpu_setup(vcpu);
	vcpu_stats_init(vcpu);
	vcpu_set_pc(vcpu, entry, 0);
	return vcpu;
}

void vcpu_get_regs(struct vcpu *vcpu, struct kvm_regs *regs)
{
	VMM_ASSERT(!ioctl(vcpu->fd, KVM_GET_REGS, regs), "KVM_GET_REGS: %s", strerror(errno));
}

void vcpu_set_regs(struct vcpu *vcpu, const struct kvm_regs *regs)
{
	VMM_ASSERT(!ioctl(vcpu->fd, KVM_SET_REGS, regs), "KVM_SET_REGS: %s", strerror(errno));
}

/* Start (or restart) the guest at pc in supervisor mode, with r3 = arg. */
void vcpu_set_pc(struct vcpu *vcpu, uint64_t pc, uint64_t r3)
{
	struct kvm_regs regs;

	vcpu_get_regs(vcpu, &regs);
	regs.pc = pc;
	regs.msr = flavour_boot_msr();
	regs.gpr[1] = GUEST_STACK - 0x100 * (vcpu->id + 1);
	regs.gpr[3] = r3;
	vcpu_set_regs(vcpu, &regs);
	vcpu->nr_reports = 0;
}

static uint64_t mmio_value(const struct kvm_run *run)
{
	union {
		uint8_t b[8];
		uint32_t w;
		uint64_t d;
	} u;

	/* The data is in guest byte order, which is the host's in both labs. */
	memcpy(u.b, run->mmio.data, sizeof(u.b));
	switch (run->mmio.len) {
	case 4:
		return u.w;
	case 8:
		return u.d;
	default:
		return u.b[0];
	}
}

/*
 * Run until the guest is done or stops unexpectedly.  Reports are collected
 * on the way.  Returns uc->type.
 */
int vcpu_run(struct vcpu *vcpu, struct ucall *uc)
{
	struct kvm_run *run = vcpu->run;
	uint64_t off;

	memset(uc, 0, sizeof(*uc));
	for (;;) {
		if (ioctl(vcpu->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			VMM_ASSERT(0, "KVM_RUN: %s", strerror(errno));
		}
		uc->exit_reason = run->exit_reason;
		if (run->exit_reason == KVM_EXIT_INTR)
			continue;
		if (run->exit_reason != KVM_EXIT_MMIO) {
			uc->type = UCALL_UNHANDLED;
			return uc->type;
		}
		uc->mmio_addr = run->mmio.phys_addr;
		if (!run->mmio.is_write) {
			memset(run->mmio.data, 0, sizeof(run->mmio.data));
			uc->type = UCALL_UNHANDLED;
			return uc->type;
		}
		off = run->mmio.phys_addr - UCALL_BASE;
		if (run->mmio.phys_addr < UCALL_BASE || off >= UCALL_OFF_END) {
			uc->type = UCALL_UNHANDLED;
			return uc->type;
		}
		uc->value = mmio_value(run);
		if (off == UCALL_OFF_REPORT) {
			if (vcpu->nr_reports < VMM_MAX_REPORTS)
				vcpu->reports[vcpu->nr_reports++] = uc->value;
			continue;
		}
		if (off == UCALL_OFF_IRQ) {
			struct kvm_interrupt irq = { .irq = KVM_INTERRUPT_SET };

			VMM_ASSERT(!ioctl(vcpu->fd, KVM_INTERRUPT, &irq), "KVM_INTERRUPT: %s",
				   strerror(errno));
			continue;
		}
		if (off == UCALL_OFF_DONE) {
			uc->type = UCALL_DONE;
			return uc->type;
		}
		if (off >= UCALL_OFF_EXC_BASE) {
			uc->vector = (off - UCALL_OFF_EXC_BASE) / 8;
			uc->type = UCALL_EXCEPTION;
			return uc->type;
		}
		uc->type = UCALL_UNHANDLED;
		return uc->type;
	}
}

/* Run and insist that the guest finishes cleanly. */
void vcpu_run_done(struct vcpu *vcpu)
{
	struct ucall uc;

	switch (vcpu_run(vcpu, &uc)) {
	case UCALL_DONE:
		return;
	case UCALL_EXCEPTION:
		VMM_ASSERT(0, "guest exception: vector id %u at pc 0x%llx", uc.vector,
			   (unsigned long long)uc.value);
		break;
	default:
		VMM_ASSERT(0, "unexpected exit: reason %u, mmio 0x%llx, hw reason 0x%llx",
			   uc.exit_reason, (unsigned long long)uc.mmio_addr,
			   (unsigned long long)vcpu->run->hw.hardware_exit_reason);
	}
}

/* Read one of KVM's binary stats of this vcpu; -1 if KVM lacks it. */
int vcpu_stat(struct vcpu *vcpu, const char *name, uint64_t *val)
{
	struct kvm_stats_header *h = &vcpu->stats_hdr;
	size_t dsize = sizeof(struct kvm_stats_desc) + h->name_size;
	uint32_t i;

	for (i = 0; i < h->num_desc; i++) {
		struct kvm_stats_desc *d = (void *)((char *)vcpu->stats_desc + i * dsize);

		if (strcmp(d->name, name))
			continue;
		VMM_ASSERT(pread(vcpu->stats_fd, val, sizeof(*val), h->data_offset + d->offset) ==
			   sizeof(*val), "reading stat %s", name);
		return 0;
	}
	return -1;
}

/*
 * Run to the guest's next "done", which must come with exactly @reports
 * reported values (in vcpu->reports); return the emulation exits it cost.
 */
uint64_t vcpu_run_phase(struct vcpu *vcpu, unsigned int reports)
{
	uint64_t before = vcpu_stat_get(vcpu, "emulated_inst_exits");

	vcpu->nr_reports = 0;
	vcpu_run_done(vcpu);
	VMM_ASSERT(vcpu->nr_reports == reports, "%u reports, not %u", vcpu->nr_reports, reports);
	return vcpu_stat_get(vcpu, "emulated_inst_exits") - before;
}

uint64_t vcpu_stat_get(struct vcpu *vcpu, const char *name)
{
	uint64_t v = 0;

	VMM_ASSERT(!vcpu_stat(vcpu, name, &v), "KVM has no vcpu stat '%s'", name);
	return v;
}

uint64_t vm_stat_sum(struct vm *vm, const char *name)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		sum += vcpu_stat_get(vm->vcpus[i], name);
	return sum;
}

/*
 * The hugetlbfs pool (default huge page size) made at least @n pages.
 * Return: its size before (for vmm_hugepages_restore()), or -1 when it
 * cannot hold @n.
 */
long vmm_hugepages_reserve(long n)
{
	const char *path = "/proc/sys/vm/nr_hugepages";
	long old = -1, now = -1;
	FILE *f = fopen(path, "r");

	if (!f || fscanf(f, "%ld", &old) != 1)
		old = -1;
	if (f)
		fclose(f);
	if (old < 0 || old >= n)
		return old;
	f = fopen(path, "w");
	if (!f || fprintf(f, "%ld\n", n) < 0 || fclose(f))
		return -1;
	f = fopen(path, "r");
	if (!f || fscanf(f, "%ld", &now) != 1 || now < n)
		old = -1;
	if (f)
		fclose(f);
	return old;
}

void vmm_hugepages_restore(long old)
{
	FILE *f = fopen("/proc/sys/vm/nr_hugepages", "w");

	if (f) {
		fprintf(f, "%ld\n", old);
		fclose(f);
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * e500-vmm: the guest's device tree, built with libfdt's sequential-write
 * API, laid out like QEMU's ppce500 tree (hw/ppc/e500.c) for the parts a
 * uniprocessor CONFIG_PPC_QEMU_E500 guest uses.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "vmm.h"

#define FDT_MAX_SIZE	(64 * 1024)

static const char *fdt_step;

/* Every libfdt call goes through this: a failure names the step. */
static void check(int err)
{
	if (err < 0)
		die("building the device tree (%s): %s", fdt_step, fdt_strerror(err));
}

static void prop_cells(void *fdt, const char *name, int n, const uint32_t *cells)
{
	fdt32_t be[8];
	int i;

	if (n > 8)
		die("device tree property %s: too many cells", name);
	for (i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	check(fdt_property(fdt, name, be, n * sizeof(be[0])));
}

#define PROP_CELLS(fdt, name, ...) do {					\
	const uint32_t c_[] = { __VA_ARGS__ };				\
	prop_cells(fdt, name, ARRAY_SIZE(c_), c_);			\
} while (0)

/* A string list property: the strings separated by NULs in one literal. */
#define PROP_STRINGS(fdt, name, lit) \
	check(fdt_property(fdt, name, lit, sizeof(lit)))

static void begin(void *fdt, const char *name)
{
	fdt_step = name;
	check(fdt_begin_node(fdt, name));
}

static void end(void *fdt)
{
	check(fdt_end_node(fdt));
}

void build_fdt(struct vmm *vmm)
{
	struct layout *lay = &vmm->lay;
	void *fdt = calloc(1, FDT_MAX_SIZE);
	char serial[64];
	uint64_t dt_end;
	int tsize;

	if (!fdt)
		die("out of memory");
	snprintf(serial, sizeof(serial), "/soc@%llx/serial@%llx", CCSR_BASE, UART_OFFSET);

	fdt_step = "header";
	check(fdt_create(fdt, FDT_MAX_SIZE));
	check(fdt_finish_reservemap(fdt));

	begin(fdt, "");
	PROP_CELLS(fdt, "#address-cells", 2);
	PROP_CELLS(fdt, "#size-cells", 2);
	PROP_STRINGS(fdt, "compatible", "fsl,qemu-e500");
	check(fdt_property_string(fdt, "model", "kvmppc-bt e500-vmm"));
	PROP_CELLS(fdt, "interrupt-parent", MPIC_PHANDLE);

	begin(fdt, "aliases");
	check(fdt_property_string(fdt, "serial0", serial));
	end(fdt);

	begin(fdt, "chosen");
	check(fdt_property_string(fdt, "bootargs", vmm->cmdline));
	PROP_CELLS(fdt, "linux,initrd-start", (uint32_t)lay->initrd_base);
	PROP_CELLS(fdt, "linux,initrd-end", (uint32_t)(lay->initrd_base + lay->initrd_size));
	check(fdt_property_string(fdt, "stdout-path", serial));
	check(fdt_property_string(fdt, "linux,stdout-path", serial));
	end(fdt);

	if (vmm->pv) {
		/*
		 * What a CONFIG_KVM_GUEST kernel looks for: "linux,kvm" at
		 * /hypervisor (check_kvm_guest), the hypercall instructions
		 * (epapr_paravirt.c), and "has-idle" for the ePAPR idle hcall.
		 */
		begin(fdt, "hypervisor");
		PROP_STRINGS(fdt, "compatible", "linux,kvm\0epapr,hypervisor-1");
		prop_cells(fdt, "hcall-instructions", 4, vmm->pvinfo.hcall);
		if (vmm->pvinfo.flags & KVM_PPC_PVINFO_FLAGS_EV_IDLE)
			check(fdt_property(fdt, "has-idle", NULL, 0));
		end(fdt);
	}

	begin(fdt, "cpus");
	PROP_CELLS(fdt, "#address-cells", 1);
	PROP_CELLS(fdt, "#size-cells", 0);
	begin(fdt, "PowerPC,8544@0");
	check(fdt_property_string(fdt, "device_type", "cpu"));
	PROP_CELLS(fdt, "reg", 0);
	PROP_CELLS(fdt, "clock-frequency", vmm->clock_freq);
	PROP_CELLS(fdt, "timebase-frequency", vmm->tb_freq);
	PROP_CELLS(fdt, "bus-frequency", 0);
	PROP_CELLS(fdt, "d-cache-line-size", 32);
	PROP_CELLS(fdt, "i-cache-line-size", 32);
	PROP_CELLS(fdt, "d-cache-size", 0x8000);
	PROP_CELLS(fdt, "i-cache-size", 0x8000);
	check(fdt_property_string(fdt, "status", "okay"));
	end(fdt);
	end(fdt);

	begin(fdt, "memory@0");
	check(fdt_property_string(fdt, "device_type", "memory"));
	PROP_CELLS(fdt, "reg", 0, 0, (uint32_t)(vmm->mem_size >> 32), (uint32_t)vmm->mem_size);
	end(fdt);

	begin(fdt, "soc@fe0000000");
	check(fdt_property_string(fdt, "device_type", "soc"));
	PROP_STRINGS(fdt, "compatible", "fsl,mpc8544-immr\0simple-bus");
	PROP_CELLS(fdt, "#address-cells", 1);
	PROP_CELLS(fdt, "#size-cells", 1);
	PROP_CELLS(fdt, "ranges", 0, (uint32_t)(CCSR_BASE >> 32), (uint32_t)CCSR_BASE,
		   (uint32_t)CCSR_SIZE);
	PROP_CELLS(fdt, "bus-frequency", 0);

	begin(fdt, "pic@40000");
	check(fdt_property_string(fdt, "device_type", "open-pic"));
	PROP_STRINGS(fdt, "compatible", "fsl,mpic\0chrp,open-pic");
	PROP_CELLS(fdt, "reg", (uint32_t)MPIC_OFFSET, (uint32_t)MPIC_SIZE);
	PROP_CELLS(fdt, "#address-cells", 0);
	PROP_CELLS(fdt, "#interrupt-cells", 2);
	check(fdt_property(fdt, "interrupt-controller", NULL, 0));
	PROP_CELLS(fdt, "phandle", MPIC_PHANDLE);
	PROP_CELLS(fdt, "linux,phandle", MPIC_PHANDLE);
	end(fdt);

	/*
	 * "ns16550a" (a 16-byte FIFO) rather than QEMU's "ns16550": the
	 * guest's tty then writes 16 characters per transmit interrupt
	 * instead of one.  The interrupt (level, MPIC source 42, as on
	 * QEMU) drives user-space output; the kernel console polls.
	 */
	begin(fdt, "serial@4500");
	check(fdt_property_string(fdt, "device_type", "serial"));
	PROP_STRINGS(fdt, "compatible", "ns16550a");
	PROP_CELLS(fdt, "reg", (uint32_t)UART_OFFSET, (uint32_t)UART_SIZE);
	PROP_CELLS(fdt, "cell-index", 0);
	PROP_CELLS(fdt, "clock-frequency", UART_CLOCK);
	PROP_CELLS(fdt, "reg-shift", 0);
	PROP_CELLS(fdt, "interrupts", UART_IRQ, 2);
	PROP_CELLS(fdt, "interrupt-parent", MPIC_PHANDLE);
	end(fdt);

	begin(fdt, "global-utilities@e0000");
	PROP_STRINGS(fdt, "compatible", "fsl,mpc8544-guts");
	PROP_CELLS(fdt, "reg", (uint32_t)GUTS_OFFSET, (uint32_t)GUTS_SIZE);
	check(fdt_property(fdt, "fsl,has-rstcr", NULL, 0));
	end(fdt);

	end(fdt);	/* soc */
	end(fdt);	/* root */
	fdt_step = "finish";
	check(fdt_finish(fdt));

	lay->dtb_base = ALIGN_UP(lay->initrd_base + lay->initrd_size, 64 * 1024);
	lay->dtb_size = fdt_totalsize(fdt);
	if (lay->dtb_base + lay->dtb_size > vmm->mem_size)
		die("the device tree does not fit in guest RAM (use -m)");
	memcpy(vmm->mem + lay->dtb_base, fdt, lay->dtb_size);
	free(fdt);

	/*
	 * The initial TLB1 entry covers everything from 0 to the end of the
	 * device tree: the smallest power-of-4 KiB size (e500v2 TLB1 sizes are
	 * 4^n KiB) strictly above the end, as QEMU computes it.
	 */
	dt_end = lay->dtb_base + lay->dtb_size;
	tsize = 63 - __builtin_clzll(dt_end >> 10);	/* floor(log2(KiB)) */
	tsize++;
	if (tsize & 1)
		tsize++;
	lay->map_tsize = tsize;
	lay->map_size = 1ull << (10 + tsize);
}

# SPDX-License-Identifier: GPL-2.0
#
# kvmppc-bt
#
# Module-only mode: when KDIR (or KERNELRELEASE, as under DKMS) is given, make
# builds kvmppc_bt.ko against that kernel and nothing else, with ARCH and
# CROSS_COMPILE taken from the environment.  It never builds a lab kernel and
# never runs apt.
#
#   make KDIR=/path/to/kernel/build [ARCH=powerpc CROSS_COMPILE=...]
#   make KERNELRELEASE=6.1.0-...        (KDIR defaults to /lib/modules/$KERNELRELEASE/build)
#
# Project mode (no KDIR): the developer and operator targets below.  Each
# installs the Debian packages it misses.

ifneq ($(KDIR)$(KERNELRELEASE),)

KDIR ?= /lib/modules/$(KERNELRELEASE)/build

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

modules_install install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

.PHONY: module modules_install install clean

else

PREFIX ?= /usr/local
DESTDIR ?=
RUNNING_KDIR := /lib/modules/$(shell uname -r)/build

all: module cli

help:
	@echo 'kvmppc-bt targets:'
	@echo '  demo        the lab demo: e500 guest with and without the module (traps, time)'
	@echo '  test        check + lint + lab-test; ends with "N passed, N failed"'
	@echo '  test-full   test plus the slow rest (ppc64 debug kernel uniprocessor, long fuzzing)'
	@echo '  check       host unit tests (no root, no lab)'
	@echo '  lint        checkpatch --strict, sparse (C=1) and W=1 builds'
	@echo '  lab-test    selftests inside the lab hosts (LAB=e500|ppc64 for one)'
	@echo '  bench       benchmarks, regenerates docs/BENCHMARKS.md'
	@echo '  lab-kernels build (or find cached) the lab host kernels (LAB_DEBUG=1: debug variants)'
	@echo '  module      kvmppc_bt.ko for the running kernel (or KDIR=...)'
	@echo '  cli         the kvmppc-bt command'
	@echo '  install     module and CLI for the running kernel; uninstall removes them'

module:
	@case "$$(uname -m)" in ppc*|powerpc*) ;; *) \
		echo "kvmppc_bt.ko is a PowerPC module: on this $$(uname -m) host use KDIR=... (and ARCH/CROSS_COMPILE), or make demo/test for the lab" >&2; \
		exit 1;; esac
	$(MAKE) KDIR=$(RUNNING_KDIR) module

cli:
	$(MAKE) -C userspace

check:
	scripts/check

lint:
	scripts/lint

lab-test:
	scripts/lab-test $(LAB)

test:
	scripts/test

test-full:
	scripts/test --full

demo:
	bench/demo

bench:
	bench/run $(if $(LAB),--lab $(LAB))

lab-kernels:
	@for l in $(or $(LAB),e500 ppc64); do \
		if [ "$(LAB_DEBUG)" = 1 ]; then lab/kernel --lab $$l --debug-kernel || exit 1; \
		else lab/kernel --lab $$l || exit 1; fi; \
	done

install: module cli
	$(MAKE) KDIR=$(RUNNING_KDIR) modules_install
	depmod -a
	$(MAKE) -C userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

uninstall:
	rm -f /lib/modules/$(shell uname -r)/updates/kvmppc_bt.ko \
		/lib/modules/$(shell uname -r)/extra/kvmppc_bt.ko
	depmod -a
	$(MAKE) -C userspace uninstall PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

clean:
	rm -rf module/*.o module/.*.cmd .*.cmd *.o *.ko *.mod *.mod.c Module.symvers modules.order
	$(MAKE) -C userspace clean

.PHONY: all help module cli check lint lab-test test test-full demo bench lab-kernels \
	install uninstall clean

endif

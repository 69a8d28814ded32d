// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_test: random input on every control surface while guests run.
 *
 * A child process runs the patch_test guest loop (fuzz_guest_<lab>.S
 * includes patch_guest_<lab>.S) in a fresh VM, round after round, and
 * checks each round's checksum and final registers against a stock run.
 * Meanwhile the parent makes OPS random operations (default 100000, env
 * KVMPPC_BT_FUZZ_OPS; seed in env KVMPPC_BT_FUZZ_SEED, logged):
 *  - writes of random text (numbers, class lists, bytes, long strings) to
 *    every debugfs file, global and of the VMs that exist at that moment,
 *    and reads at random offsets;
 *  - random ioctls on /dev/kvmppc-bt: known and unknown commands, wrong
 *    sizes, random flags, counts, cursors, VM ids and buffer addresses.
 * Every operation must succeed or fail with a clean errno; guests must see
 * exactly what they see on stock KVM whatever the tunables do.  Afterwards
 * the module holds no VM, runs the loop again with exact trap counts at
 * its default tuning, and unloads.  run_lab_tests then checks the kernel
 * log (KASAN, lockdep, ... in the debug labs).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/kvmppc_bt.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(fuzz_guest, GUEST_BIN);

/* The patch_test guest: see patch_guest_<lab>.S. */
#ifdef LAB_E500
#define PATCHABLE	34	/* patch_guest_e500.S: wrteei 0 is a translated block */
#define UNPATCHABLE	1
#define SETUP		3
#else
#define PATCHABLE	19
#define UNPATCHABLE	2
#define SETUP		0
#endif

#define ROUND_N		300	/* iterations per child round */
#define CHECK_N		2000	/* iterations of the final exact run */
#define T		4	/* threshold of the final exact run */
#define DEV		"/dev/kvmppc-bt"

struct result {
	uint64_t checksum;
	struct kvm_regs regs;
	uint64_t exits;
};

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static void run_guest(struct result *r, uint64_t n)
{
	struct vm *vm = vm_create(0);
	struct vcpu *vcpu;

	vm_load(vm, 0, fuzz_guest, GUEST_CODE_SIZE(fuzz_guest));
	vcpu = vm_vcpu_add(vm, GUEST_ENTRY);
	vcpu_set_pc(vcpu, GUEST_ENTRY, n);
	vcpu_run_done(vcpu);
	VMM_ASSERT(vcpu->nr_reports == 1, "%u reports", vcpu->nr_reports);
	r->checksum = vcpu->reports[0];
	r->exits = vcpu_stat_get(vcpu, "emulated_inst_exits");
	vcpu_get_regs(vcpu, &r->regs);
	vm_free(vm);
}

/*
 * The child: rounds of the guest until the parent closes @stop; exit
 * status 0 when every round matched @want, 1 otherwise.
 */
static void guest_rounds(const struct result *want, int stop)
{
	unsigned int rounds = 0, bad = 0;
	char c;

	fcntl(stop, F_SETFL, O_NONBLOCK);
	while (read(stop, &c, 1) < 0 && errno == EAGAIN) {
		struct result r;

		run_guest(&r, ROUND_N);
		rounds++;
		if (r.checksum != want->checksum ||
		    memcmp(&r.regs, &want->regs, sizeof(r.regs))) {
			fprintf(stderr, "# round %u: guest state differs from stock\n", rounds);
			bad++;
		}
	}
	fprintf(stderr, "# child: %u guest rounds, %u differ from stock\n", rounds, bad);
	_exit(bad || !rounds ? 1 : 0);
}

/* ---- random input ---------------------------------------------------------- */

static const char *const words[] = {
	"mfmsr", "mfsprg", "mtsprg", "mfsrr", "mtsrr", "mffault", "mtfault", "mfmas",
	"mtmas", "mfpir", "tlbsync", "mfzero", "all", "none", "bogus", "0x", "-",
};

/* Random text for a debugfs file; returns its length. */
static size_t random_text(char *buf, size_t cap)
{
	size_t n = 0, i, k;

	switch (below(9)) {
	case 0:		/* a number in range of something */
		n = snprintf(buf, cap, "%llu", (unsigned long long)below(1200000));
		break;
	case 1:		/* any number, maybe negative or huge */
		n = snprintf(buf, cap, "%lld", (long long)rnd());
		break;
	case 2:
		n = snprintf(buf, cap, "0x%llx", (unsigned long long)(rnd() >> below(64)));
		break;
	case 3:		/* a class list */
		k = 1 + below(4);
		for (i = 0; i < k && n + 16 < cap; i++)
			n += snprintf(buf + n, cap - n, "%s%s", i ? (below(2) ? "," : " ") : "",
				      words[below(sizeof(words) / sizeof(words[0]))]);
		break;
	case 4:
		n = snprintf(buf, cap, "%s", below(2) ? "1" : "0");
		break;
	case 5:		/* random bytes, NULs included */
		n = below(64);
		for (i = 0; i < n; i++)
			buf[i] = (char)rnd();
		break;
	case 6:		/* long */
		n = 1 + below(cap - 1);
		memset(buf, below(2) ? '1' : ' ', n);
		break;
	case 7:		/* empty */
		n = 0;
		break;
	default:	/* whitespace around a small number */
		n = snprintf(buf, cap, "%s%llu%s", below(2) ? " " : "",
			     (unsigned long long)below(100), below(2) ? "\n" : "\n\n");
		break;
	}
	if (n && below(3) == 0 && n < cap)
		buf[n++] = '\n';
	return n;
}

#define MAX_FILES	64

struct files {
	char path[MAX_FILES][320];
	unsigned int n;
	struct kvmppc_bt_vm_id vms[8];
	unsigned int nr_vms;
};

static const char *const global_files[] = {
	"threshold", "enabled", "classes", "max_sites", "stats",
};

static const char *const vm_files[] = {
	"threshold", "enabled", "classes", "stats", "sites", "flush",
};

/* Every debugfs file and VM that exists now. */
static void scan(struct files *f)
{
	struct dirent *de;
	unsigned int i;
	DIR *d;

	f->n = 0;
	f->nr_vms = 0;
	for (i = 0; i < sizeof(global_files) / sizeof(global_files[0]); i++)
		snprintf(f->path[f->n++], sizeof(f->path[0]), BT_DEBUGFS "/%s", global_files[i]);
	d = opendir(BT_DEBUGFS);
	if (!d)
		return;
	while ((de = readdir(d))) {
		int pid, fd;

		if (sscanf(de->d_name, "vm-%d-%d", &pid, &fd) != 2)
			continue;
		if (f->nr_vms < 8) {
			f->vms[f->nr_vms].pid = pid;
			f->vms[f->nr_vms].vmfd = fd;
			f->nr_vms++;
		}
		for (i = 0; i < sizeof(vm_files) / sizeof(vm_files[0]) && f->n < MAX_FILES; i++)
			snprintf(f->path[f->n++], sizeof(f->path[0]), BT_DEBUGFS "/%s/%s",
				 de->d_name, vm_files[i]);
	}
	closedir(d);
}

/* Errnos a debugfs write or read may cleanly give. */
static bool clean_file_errno(int e)
{
	/* EIO/ENOENT: the VM (and its directory) went away meanwhile. */
	return e == EINVAL || e == ENOENT || e == EIO;
}

static bool clean_ioctl_errno(int e)
{
	return e == EINVAL || e == ENOENT || e == ENOSPC || e == EPERM || e == ENOTTY ||
	       e == EFAULT;
}

/* One debugfs operation; false (with a message) on an unclean result. */
static bool fuzz_file(const struct files *f, unsigned long *writes_ok)
{
	const char *path = f->path[below(f->n)];
	char buf[5000];
	ssize_t r;
	size_t len;
	int fd;

	if (below(4) == 0) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return clean_file_errno(errno) ||
			       (fprintf(stderr, "# open %s: %s\n", path, strerror(errno)), false);
		r = pread(fd, buf, 1 + below(sizeof(buf) - 1), (off_t)below(1 << 14));
		if (r < 0 && !clean_file_errno(errno)) {
			fprintf(stderr, "# read %s: %s\n", path, strerror(errno));
			close(fd);
			return false;
		}
		close(fd);
		return true;
	}
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return clean_file_errno(errno) ||
		       (fprintf(stderr, "# open %s: %s\n", path, strerror(errno)), false);
	len = random_text(buf, sizeof(buf));
	r = write(fd, buf, len);
	close(fd);
	if (r >= 0) {
		(*writes_ok)++;
		return true;
	}
	if (clean_file_errno(errno))
		return true;
	fprintf(stderr, "# write %zu bytes to %s: %s\n", len, path, strerror(errno));
	return false;
}

static const unsigned long cmds[] = {
	KVMPPC_BT_IOC_VERSION, KVMPPC_BT_IOC_LIST_VMS, KVMPPC_BT_IOC_GET_STATS,
	KVMPPC_BT_IOC_LIST_SITES, KVMPPC_BT_IOC_SET, KVMPPC_BT_IOC_FLUSH,
	KVMPPC_BT_IOC_PROFILE_EXPORT, KVMPPC_BT_IOC_PROFILE_IMPORT,
};

static uint8_t user_buf[64 * 1024];

/* A user address: mostly a real buffer, sometimes not. */
static uint64_t random_addr(void)
{
	switch (below(8)) {
	case 0:
		return 0;
	case 1:
		return 1 + below(4096);
	case 2:
		return rnd();
	case 3:		/* the end of the buffer: short for any count */
		return (uintptr_t)user_buf + sizeof(user_buf) - below(256);
	default:
		return (uintptr_t)user_buf + 8 * below(64);
	}
}

static uint32_t random_count(void)
{
	switch (below(4)) {
	case 0:
		return (uint32_t)rnd();
	case 1:
		return 0;
	default:
		return below(300);
	}
}

static void random_vm(const struct files *f, struct kvmppc_bt_vm_id *id)
{
	if (f->nr_vms && below(3)) {
		*id = f->vms[below(f->nr_vms)];
	} else {
		id->pid = (int32_t)rnd();
		id->vmfd = below(2) ? (int32_t)below(16) : (int32_t)rnd();
	}
}

/* A valid-looking profile entry (sometimes), else random bytes. */
static void random_profile(uint64_t n)
{
	struct kvmppc_bt_profile_entry *e = (void *)user_buf;
	uint64_t i, max = sizeof(user_buf) / sizeof(*e);

	for (i = 0; i < n && i < max; i++) {
		if (below(2)) {
			uint8_t *p = (uint8_t *)&e[i];
			size_t k;

			for (k = 0; k < sizeof(e[i]); k++)
				p[k] = (uint8_t)rnd();
			continue;
		}
		memset(&e[i], 0, sizeof(e[i]));
		e[i].ea = GUEST_ENTRY + 4 * below(64);
		e[i].page_hash = rnd();
		e[i].insn = 0x7c0000a6u | (uint32_t)below(32) << 21;	/* mfmsr */
		e[i].class = KVMPPC_BT_CLASS_MFMSR;
	}
}

static bool fuzz_ioctl(int dev, const struct files *f, unsigned long *ioctls_ok)
{
	union {
		struct kvmppc_bt_version version;
		struct kvmppc_bt_list_vms list_vms;
		struct kvmppc_bt_get_stats stats;
		struct kvmppc_bt_list_sites sites;
		struct kvmppc_bt_set set;
		struct kvmppc_bt_flush flush;
		struct kvmppc_bt_profile profile;
		uint8_t raw[512];
	} a;
	unsigned long cmd = cmds[below(sizeof(cmds) / sizeof(cmds[0]))];
	void *arg = &a;
	size_t k;
	int r;

	for (k = 0; k < sizeof(a.raw); k++)
		a.raw[k] = below(4) ? 0 : (uint8_t)rnd();
	switch (_IOC_NR(cmd)) {
	case 1:
		a.list_vms.buf = random_addr();
		a.list_vms.count = random_count();
		a.list_vms.flags = below(4) ? 0 : (uint32_t)rnd();
		break;
	case 2:
		random_vm(f, &a.stats.vm);
		a.stats.flags = below(3) ? (uint32_t)below(2) : (uint32_t)rnd();
		break;
	case 3:
		random_vm(f, &a.sites.vm);
		a.sites.flags = below(4) ? 0 : (uint32_t)rnd();
		a.sites.count = random_count();
		a.sites.cursor = below(2) ? below(64) : rnd();
		a.sites.buf = random_addr();
		break;
	case 4:
		random_vm(f, &a.set.vm);
		a.set.flags = below(3) ? (uint32_t)below(2) : (uint32_t)rnd();
		a.set.param = (uint32_t)below(6);
		a.set.value = below(2) ? below(2000) : rnd();
		break;
	case 5:
		random_vm(f, &a.flush.vm);
		a.flush.flags = below(4) ? 0 : (uint32_t)rnd();
		break;
	case 6:
	case 7:
		random_vm(f, &a.profile.vm);
		a.profile.flags = below(4) ? 0 : (uint32_t)rnd();
		a.profile.count = random_count();
		a.profile.buf = random_addr();
		if (_IOC_NR(cmd) == 7)
			random_profile(a.profile.count);
		break;
	}
	switch (below(10)) {
	case 0:		/* a wrong size or direction in the command */
		cmd = _IOC(below(4), _IOC_TYPE(cmd), _IOC_NR(cmd), below(600));
		break;
	case 1:		/* an unknown command number */
		cmd = _IOC(_IOC_DIR(cmd), _IOC_TYPE(cmd), 8 + below(248), _IOC_SIZE(cmd));
		break;
	case 2:		/* a bad argument pointer */
		arg = (void *)(uintptr_t)(below(2) ? 8 : rnd());
		break;
	}
	r = ioctl(dev, cmd, arg);
	if (r == 0) {
		(*ioctls_ok)++;
		return true;
	}
	if (r == -1 && clean_ioctl_errno(errno))
		return true;
	fprintf(stderr, "# ioctl 0x%lx: %d, %s\n", cmd, r, strerror(errno));
	return false;
}

/* ---- the test -------------------------------------------------------------- */

static int list_vms(int dev)
{
	static struct kvmppc_bt_vm_info info[16];
	struct kvmppc_bt_list_vms l = { .buf = (uintptr_t)info, .count = 16 };

	if (ioctl(dev, KVMPPC_BT_IOC_LIST_VMS, &l))
		return -1;
	return (int)l.count;
}

FIXTURE(fuzz) {
	int unused;
};

FIXTURE_SETUP(fuzz)
{
}

FIXTURE_TEARDOWN(fuzz)
{
}

/* The debug lab kernels (KASAN, DEBUG_PAGEALLOC) are slow: 10 minutes. */
TEST_F_TIMEOUT(fuzz, random_control_input, 600)
{
	unsigned long ops = 100000, i, writes_ok = 0, ioctls_ok = 0;
	char max_sites[32], t[16];
	struct result stock, again;
	const char *env;
	struct files f;
	int dev, stop[2], status;
	pid_t child;

	env = getenv("KVMPPC_BT_FUZZ_OPS");
	if (env)
		ops = strtoul(env, NULL, 0);
	env = getenv("KVMPPC_BT_FUZZ_SEED");
	if (env) {
		rng = strtoull(env, NULL, 0);
	} else {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		rng = ((uint64_t)ts.tv_sec << 32 ^ (uint64_t)ts.tv_nsec) * 2654435761u ^
		      (uint64_t)getpid();
	}
	if (!rng)
		rng = 1;
	TH_LOG("%lu operations, seed %llu", ops, (unsigned long long)rng);

	ASSERT_EQ(0, bt_unload());
	run_guest(&stock, ROUND_N);
	ASSERT_EQ((PATCHABLE + UNPATCHABLE) * ROUND_N + SETUP, stock.exits);

	ASSERT_EQ(0, bt_load("threshold=2 blocks=on"));
	ASSERT_EQ(0, bt_read("max_sites", max_sites, sizeof(max_sites)));
	dev = open(DEV, O_RDWR);
	ASSERT_LE(0, dev);

	ASSERT_EQ(0, pipe(stop));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		close(stop[1]);
		guest_rounds(&stock, stop[0]);
	}
	close(stop[0]);

	for (i = 0; i < ops; i++) {
		bool ok;

		if (i % 64 == 0)
			scan(&f);
		ok = below(2) ? fuzz_file(&f, &writes_ok) : fuzz_ioctl(dev, &f, &ioctls_ok);
		if (!ok) {
			close(stop[1]);
			waitpid(child, &status, 0);
		}
		ASSERT_TRUE(ok);
	}
	close(stop[1]);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	TH_LOG("%lu writes and %lu ioctls accepted", writes_ok, ioctls_ok);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));

	/* Nothing of the child's VMs is left, and the module still works. */
	ASSERT_EQ(0, list_vms(dev));
	ASSERT_EQ(0, bt_write("enabled", "1\n"));
	ASSERT_EQ(0, bt_write("classes", "all\n"));
	ASSERT_EQ(0, bt_write("max_sites", max_sites));
	snprintf(t, sizeof(t), "%d\n", T);
	ASSERT_EQ(0, bt_write("threshold", t));
	run_guest(&again, CHECK_N);
	ASSERT_EQ(PATCHABLE * T + UNPATCHABLE * CHECK_N + SETUP, again.exits);
	close(dev);
	ASSERT_EQ(0, bt_unload());
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest helpers to drive the kvmppc_bt module (see bt.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bt.h"

/* Run a shell command; its exit status, or -1. */
int bt_run(const char *cmd)
{
	int st;

	fflush(stdout);
	fflush(stderr);
	st = system(cmd);
	if (st < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

bool bt_loaded(void)
{
	return access("/sys/module/kvmppc_bt", F_OK) == 0;
}

int bt_load(const char *params)
{
	char cmd[256];

	if (bt_loaded())
		return 0;
	snprintf(cmd, sizeof(cmd), "modprobe kvmppc_bt %s", params ? params : "");
	return bt_run(cmd) == 0 && bt_loaded() ? 0 : -1;
}

int bt_unload(void)
{
	if (!bt_loaded())
		return 0;
	return bt_run("rmmod kvmppc_bt") == 0 && !bt_loaded() ? 0 : -1;
}

/*
 * kvmppc-bt loaded at @threshold, or not loaded at all (stock KVM) for 0.
 * Its exit hook for translated blocks is attached at load (blocks=on), so
 * that block sites trap exactly @threshold times.
 */
int bt_use(unsigned int threshold)
{
	char t[16];

	if (!threshold)
		return bt_unload();
	if (bt_load("blocks=on"))
		return -1;
	snprintf(t, sizeof(t), "%u\n", threshold);
	return bt_write("threshold", t);
}

/* Write val to a debugfs file of the module: 0 or -errno. */
int bt_write(const char *rel, const char *val)
{
	char path[256];
	ssize_t n;
	int fd, e;

	snprintf(path, sizeof(path), BT_DEBUGFS "/%s", rel);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	return n == (ssize_t)strlen(val) ? 0 : -EIO;
}

int bt_read(const char *rel, char *buf, size_t len)
{
	char path[256];
	ssize_t n, got = 0;
	int fd;

	snprintf(path, sizeof(path), BT_DEBUGFS "/%s", rel);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	while ((size_t)got < len - 1 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	return 0;
}

/* A counter from vm-<id>/stats, or from the global stats (vm_id NULL). */
int64_t bt_stat(const char *vm_id, const char *key)
{
	char rel[128], *buf, *line, *save = NULL;
	size_t klen = strlen(key);
	int64_t v = -1;

	if (vm_id)
		snprintf(rel, sizeof(rel), "vm-%s/stats", vm_id);
	else
		snprintf(rel, sizeof(rel), "stats");
	buf = malloc(16384);
	if (!buf)
		return -1;
	if (bt_read(rel, buf, 16384)) {
		free(buf);
		return -1;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, key, klen) && line[klen] == ' ')
			v = strtoll(line + klen + 1, NULL, 10);
	free(buf);
	return v;
}

/* The VM's debugfs directory appears shortly after its first trap. */
bool bt_wait_vm(const char *vm_id)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	char path[256];
	int i;

	snprintf(path, sizeof(path), BT_DEBUGFS "/vm-%s", vm_id);
	for (i = 0; i < 300; i++) {
		if (access(path, F_OK) == 0)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

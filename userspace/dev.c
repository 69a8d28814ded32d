// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctls of /dev/kvmppc-bt (see dev.h and include/uapi/linux/kvmppc_bt.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dev.h"

/* How often a list that changed while it was read is read again. */
#define MAX_RETRIES	8
/* Sites read per KVMPPC_BT_IOC_LIST_SITES call. */
#define SITES_PAGE	256

static int xioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do {
		r = ioctl(fd, req, arg);
	} while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

static uint64_t uptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

int kbt_dev_open(struct kbt_dev *d, const char *path, bool write)
{
	memset(d, 0, sizeof(*d));
	d->fd = open(path, (write ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	return d->fd < 0 ? -errno : 0;
}

void kbt_dev_close(struct kbt_dev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

int kbt_dev_version(struct kbt_dev *d)
{
	int r = xioctl(d->fd, KVMPPC_BT_IOC_VERSION, &d->version);

	d->version.module_version[sizeof(d->version.module_version) - 1] = '\0';
	return r;
}

int kbt_get_stats(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm,
		  struct kvmppc_bt_get_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (vm)
		out->vm = *vm;
	else
		out->flags = KVMPPC_BT_GLOBAL;
	return xioctl(d->fd, KVMPPC_BT_IOC_GET_STATS, out);
}

int kbt_list_vms(struct kbt_dev *d, struct kvmppc_bt_vm_info **vms, size_t *count)
{
	struct kvmppc_bt_vm_info *buf = NULL;
	uint32_t cap = 0;
	int tries, r;

	for (tries = 0; tries < MAX_RETRIES; tries++) {
		struct kvmppc_bt_list_vms l = { .buf = uptr(buf), .count = cap };

		r = xioctl(d->fd, KVMPPC_BT_IOC_LIST_VMS, &l);
		if (!r) {
			if (l.count > cap)
				break;
			*vms = buf;
			*count = l.count;
			return 0;
		}
		if (r != -ENOSPC) {
			free(buf);
			return r;
		}
		if (l.count <= cap)
			break;	/* -ENOSPC must say how many are needed */
		free(buf);
		cap = l.count;
		buf = calloc(cap, sizeof(*buf));
		if (!buf)
			return -ENOMEM;
	}
	free(buf);
	return tries == MAX_RETRIES ? -KBT_ERETRY : -KBT_EPROTO;
}

/*
 * One pass over the VM's sites.  Return: 0, -EAGAIN when the cache shrank
 * under the cursor (a flush), or another negative error.
 */
static int list_sites_once(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm,
			   struct kvmppc_bt_site_info **bufp, size_t *capp, size_t *count)
{
	struct kvmppc_bt_site_info *buf = *bufp;
	size_t n = 0, cap = *capp;
	uint64_t cursor = 0;
	int r = 0;

	for (;;) {
		struct kvmppc_bt_list_sites l = { .vm = *vm, .count = SITES_PAGE };

		if (cap - n < SITES_PAGE) {
			struct kvmppc_bt_site_info *nb;
			size_t ncap = cap ? 2 * cap : SITES_PAGE;

			if (ncap > SIZE_MAX / sizeof(*buf)) {
				r = -ENOMEM;
				break;
			}
			nb = realloc(buf, ncap * sizeof(*buf));
			if (!nb) {
				r = -ENOMEM;
				break;
			}
			buf = nb;
			cap = ncap;
		}
		memset(buf + n, 0, SITES_PAGE * sizeof(*buf));
		l.cursor = cursor;
		l.buf = uptr(buf + n);
		r = xioctl(d->fd, KVMPPC_BT_IOC_LIST_SITES, &l);
		if (r == -EINVAL && cursor)
			r = -EAGAIN;		/* the cursor is past the end now */
		else if (r == -ENOSPC)
			r = -KBT_EPROTO;	/* only for a capacity of 0 */
		if (r)
			break;
		if (l.count > SITES_PAGE) {
			r = -KBT_EPROTO;
			break;
		}
		n += l.count;
		if (!l.count || l.cursor >= l.total)
			break;
		/* Each call must move forward, or this would never end. */
		if (l.cursor <= cursor) {
			r = -KBT_EPROTO;
			break;
		}
		cursor = l.cursor;
	}
	*bufp = buf;
	*capp = cap;
	*count = n;
	return r;
}

int kbt_list_sites(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm,
		   struct kvmppc_bt_site_info **sites, size_t *count)
{
	struct kvmppc_bt_site_info *buf = NULL;
	size_t cap = 0, n = 0;
	int tries, r = -KBT_ERETRY;

	/* A flush between two pages invalidates the cursor: start over. */
	for (tries = 0; tries < MAX_RETRIES; tries++) {
		r = list_sites_once(d, vm, &buf, &cap, &n);
		if (r != -EAGAIN)
			break;
		r = -KBT_ERETRY;
	}
	if (r) {
		free(buf);
		return r;
	}
	*sites = buf;
	*count = n;
	return 0;
}

int kbt_set(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm,
	    unsigned int param, uint64_t value)
{
	struct kvmppc_bt_set s = { .param = param, .value = value };

	if (vm)
		s.vm = *vm;
	else
		s.flags = KVMPPC_BT_GLOBAL;
	return xioctl(d->fd, KVMPPC_BT_IOC_SET, &s);
}

int kbt_flush(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm, uint32_t *restored)
{
	struct kvmppc_bt_flush f = { .vm = *vm };
	int r = xioctl(d->fd, KVMPPC_BT_IOC_FLUSH, &f);

	if (!r)
		*restored = f.restored;
	return r;
}

int kbt_profile_export(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm,
		       struct kvmppc_bt_profile_entry **entries, size_t *count)
{
	struct kvmppc_bt_profile_entry *buf = NULL;
	uint32_t cap = 0;
	int tries, r;

	/* The first call, with no room, learns the size from -ENOSPC. */
	for (tries = 0; tries < MAX_RETRIES; tries++) {
		struct kvmppc_bt_profile p = { .vm = *vm, .count = cap, .buf = uptr(buf) };

		r = xioctl(d->fd, KVMPPC_BT_IOC_PROFILE_EXPORT, &p);
		if (!r) {
			if (p.count > cap)
				break;
			*entries = buf;
			*count = p.count;
			return 0;
		}
		if (r != -ENOSPC) {
			free(buf);
			return r;
		}
		if (p.count <= cap)
			break;
		free(buf);
		cap = p.count;
		buf = calloc(cap, sizeof(*buf));
		if (!buf)
			return -ENOMEM;
	}
	free(buf);
	return tries == MAX_RETRIES ? -KBT_ERETRY : -KBT_EPROTO;
}

int kbt_profile_import(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm,
		       const struct kvmppc_bt_profile_entry *entries, size_t count)
{
	struct kvmppc_bt_profile p = { .vm = *vm, .buf = uptr(entries) };

	if (count > UINT32_MAX)
		return -E2BIG;
	p.count = (uint32_t)count;
	return xioctl(d->fd, KVMPPC_BT_IOC_PROFILE_IMPORT, &p);
}

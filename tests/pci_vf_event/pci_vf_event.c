// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper, never for production kernels: remove a VF the way an s390
 * zPCI hot-unplug event does, at any time, whatever its PF is doing.
 *
 * On s390 the event handler looks the VF up and, under
 * pci_lock_rescan_remove(), removes it with pci_iov_remove_virtfn(), which
 * the PF's sriov_del_vfs() also calls for every VF when SR-IOV is disabled.
 * x86 has no such event, sysfs cannot remove a VF, and
 * pci_iov_remove_virtfn() is not exported, so this module does what it does
 * with exported calls: look the VF up again under the lock, remove the PF's
 * virtfnN link and the VF's physfn link, stop and remove the VF, and drop
 * the PF reference the VF took when it was added.
 *
 * A test writes the VF's address to /sys/kernel/debug/pci_vf_event/remove
 * and races that against the PF disabling SR-IOV.  The write returns when
 * the removal is done.  Errors: -ENODEV if the VF does not exist (any more),
 * -EINVAL if the address is malformed or not a VF, -EOPNOTSUPP for a VF on
 * another bus than its PF (its bus would have to go too).
 *
 * Two more files make the lock-order races of removal paths deterministic:
 *
 *  - hold: a write of "1" takes pci_rescan_remove_lock, and keeps it until
 *    "release" is written (at most HOLD_TIMEOUT).  The test starts a removal
 *    and a driver unbind while it holds the lock, waits until both wait for
 *    the lock, and releases it: the removal, queued first, gets it first.
 *    "held" reads 1 while the lock is held.  "waiters" lists the PIDs of the
 *    tasks that wait for the lock: the lock is not exported, so the first
 *    hold learns its address from a kthread that waits for it
 *    (task_struct::blocked_on, which kernels without PREEMPT_RT keep).
 *
 *  - remove_locked: a write of a device's address removes it with
 *    pci_stop_and_remove_bus_device_locked(), as s390 zPCI events, EEH and
 *    drivers that remove devices do.
 *
 * And one to show that a kmemleak scan finds what the fault tests look for:
 *
 *  - leak: a write of N (1 to 4096) allocates N bytes in
 *    pci_vf_event_planted_leak() and forgets the pointer.  kmemleak reports
 *    it once it is 5 s old and scans have found it unchanged and
 *    unreferenced (a stale copy of the pointer on a stack can hide it).
 */
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>

static struct dentry *pci_vf_event_dir;

#define HOLD_TIMEOUT	(300 * HZ)

static DECLARE_COMPLETION(release_done);
static DEFINE_MUTEX(hold_mutex);
static bool held;
/* pci_rescan_remove_lock, learnt from a task that waits for it */
static struct mutex *rr_lock;

static int rr_probe_fn(void *unused)
{
	pci_lock_rescan_remove();
	pci_unlock_rescan_remove();
	return 0;
}

/* With the lock held: start a task that waits for it, and read its lock. */
static void learn_rr_lock(void)
{
	struct task_struct *t;
	unsigned int i;

	t = kthread_run(rr_probe_fn, NULL, "pci_rr_probe");
	if (IS_ERR(t))
		return;
	/*
	 * It cannot exit before we release the lock.  Poll for its wait, up
	 * to 5 s: blocked_on has no event to wait for.
	 */
	for (i = 0; i < 250 && !READ_ONCE(t->blocked_on); i++)
		msleep(20);
	rr_lock = READ_ONCE(t->blocked_on);
}

static int remove_vf(unsigned int domain, unsigned int bus, unsigned int devfn)
{
	struct pci_dev *vf, *pf, *again;
	char link[16];
	int ret = 0;

	/* The event handler's lookup, outside the lock. */
	vf = pci_get_domain_bus_and_slot(domain, bus, devfn);
	if (!vf)
		return -ENODEV;
	if (!vf->is_virtfn) {
		ret = -EINVAL;
		goto put_vf;
	}
	if (vf->bus != vf->physfn->bus) {
		ret = -EOPNOTSUPP;
		goto put_vf;
	}

	pci_lock_rescan_remove();
	/* Gone from the bus in the meantime, e.g. by the PF's SR-IOV disable. */
	again = pci_get_domain_bus_and_slot(domain, bus, devfn);
	if (!again) {
		ret = -ENODEV;
		goto unlock;
	}
	/* something else at that address now: not ours to remove */
	if (!again->is_virtfn) {
		pci_dev_put(again);
		ret = -ENODEV;
		goto unlock;
	}
	/* again may be a new VF at the same address: use its own PF */
	pf = again->physfn;
	snprintf(link, sizeof(link), "virtfn%d", pci_iov_vf_id(again));
	sysfs_remove_link(&pf->dev.kobj, link);
	if (again->dev.kobj.sd)
		sysfs_remove_link(&again->dev.kobj, "physfn");
	pci_stop_and_remove_bus_device(again);
	pci_dev_put(again);
	/* the reference on the PF that the VF took when it was added */
	pci_dev_put(pf);
unlock:
	pci_unlock_rescan_remove();
put_vf:
	pci_dev_put(vf);
	return ret;
}

/* "DDDD:BB:DD.F" written to a debugfs file, as a domain, bus and devfn */
static int parse_addr(const char __user *ubuf, size_t count,
		      unsigned int *domain, unsigned int *bus, unsigned int *devfn)
{
	unsigned int slot, fn;
	char buf[32];

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "%x:%x:%x.%x", domain, bus, &slot, &fn) != 4 ||
	    *bus > 0xff || slot > 0x1f || fn > 7)
		return -EINVAL;
	*devfn = PCI_DEVFN(slot, fn);
	return 0;
}

static ssize_t remove_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	unsigned int domain, bus, devfn;
	int ret;

	ret = parse_addr(ubuf, count, &domain, &bus, &devfn);
	if (!ret)
		ret = remove_vf(domain, bus, devfn);
	return ret ? ret : count;
}

/* Take the rescan lock and keep it until "release" is written. */
static ssize_t hold_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	long left;

	/* one holder at a time */
	if (!mutex_trylock(&hold_mutex))
		return -EBUSY;
	reinit_completion(&release_done);
	pci_lock_rescan_remove();
	if (!rr_lock)
		learn_rr_lock();
	WRITE_ONCE(held, true);
	left = wait_for_completion_timeout(&release_done, HOLD_TIMEOUT);
	WRITE_ONCE(held, false);
	pci_unlock_rescan_remove();
	mutex_unlock(&hold_mutex);
	return left ? count : -ETIMEDOUT;
}

static ssize_t release_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	complete(&release_done);
	return count;
}

static ssize_t held_read(struct file *file, char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	char buf[4];
	int len = scnprintf(buf, sizeof(buf), "%d\n", READ_ONCE(held));

	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t waiters_read(struct file *file, char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	struct task_struct *p, *t;
	size_t size = PAGE_SIZE;
	ssize_t ret;
	char *buf;
	int len = 0;

	buf = kmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	rcu_read_lock();
	for_each_process_thread(p, t) {
		if (rr_lock && READ_ONCE(t->blocked_on) == rr_lock)
			len += scnprintf(buf + len, size - len, "%d\n",
					 task_pid_nr(t));
	}
	rcu_read_unlock();
	ret = simple_read_from_buffer(ubuf, count, ppos, buf, len);
	kfree(buf);
	return ret;
}

static ssize_t remove_locked_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	unsigned int domain, bus, devfn;
	struct pci_dev *pdev;
	int ret;

	ret = parse_addr(ubuf, count, &domain, &bus, &devfn);
	if (ret)
		return ret;
	pdev = pci_get_domain_bus_and_slot(domain, bus, devfn);
	if (!pdev)
		return -ENODEV;
	pci_stop_and_remove_bus_device_locked(pdev);
	pci_dev_put(pdev);
	return count;
}

/*
 * Never inlined, and no tail call to kmalloc: kmemleak's backtrace of the
 * leak names this function.
 */
static noinline void *pci_vf_event_planted_leak(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL);

	OPTIMIZER_HIDE_VAR(p);
	return p;
}

static ssize_t leak_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	unsigned int size;
	int ret;

	ret = kstrtouint_from_user(ubuf, count, 0, &size);
	if (ret)
		return ret;
	if (!size || size > PAGE_SIZE)
		return -EINVAL;
	/* the leak: the pointer is dropped on purpose */
	if (!pci_vf_event_planted_leak(size))
		return -ENOMEM;
	return count;
}

#define KNOB_FOPS(name, op)						\
	static const struct file_operations name##_fops = {		\
		.owner = THIS_MODULE,					\
		.op = name##_##op,					\
	}

KNOB_FOPS(remove, write);
KNOB_FOPS(remove_locked, write);
KNOB_FOPS(hold, write);
KNOB_FOPS(release, write);
KNOB_FOPS(held, read);
KNOB_FOPS(waiters, read);
KNOB_FOPS(leak, write);

static int __init pci_vf_event_init(void)
{
	pci_vf_event_dir = debugfs_create_dir("pci_vf_event", NULL);
	debugfs_create_file("remove", 0200, pci_vf_event_dir, NULL,
			    &remove_fops);
	debugfs_create_file("hold", 0200, pci_vf_event_dir, NULL, &hold_fops);
	debugfs_create_file("release", 0200, pci_vf_event_dir, NULL,
			    &release_fops);
	debugfs_create_file("held", 0400, pci_vf_event_dir, NULL, &held_fops);
	debugfs_create_file("waiters", 0400, pci_vf_event_dir, NULL,
			    &waiters_fops);
	debugfs_create_file("remove_locked", 0200, pci_vf_event_dir, NULL,
			    &remove_locked_fops);
	debugfs_create_file("leak", 0200, pci_vf_event_dir, NULL, &leak_fops);
	return 0;
}

static void __exit pci_vf_event_exit(void)
{
	debugfs_remove_recursive(pci_vf_event_dir);
}

module_init(pci_vf_event_init);
module_exit(pci_vf_event_exit);
MODULE_DESCRIPTION("Test helper: remove a VF as an s390 hot-unplug event does");
MODULE_LICENSE("GPL");

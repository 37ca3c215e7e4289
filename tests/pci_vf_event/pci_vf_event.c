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
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>

static struct dentry *pci_vf_event_dir;

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

static ssize_t remove_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	unsigned int domain, bus, slot, fn;
	char buf[32];
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "%x:%x:%x.%x", &domain, &bus, &slot, &fn) != 4 ||
	    bus > 0xff || slot > 0x1f || fn > 7)
		return -EINVAL;

	ret = remove_vf(domain, bus, PCI_DEVFN(slot, fn));
	return ret ? ret : count;
}

static const struct file_operations remove_fops = {
	.owner = THIS_MODULE,
	.write = remove_write,
};

static int __init pci_vf_event_init(void)
{
	pci_vf_event_dir = debugfs_create_dir("pci_vf_event", NULL);
	debugfs_create_file("remove", 0200, pci_vf_event_dir, NULL,
			    &remove_fops);
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

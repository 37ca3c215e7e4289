# SPDX-License-Identifier: GPL-2.0
#
# Drop from a kernel log the one lockdep report that Linux 7.3.4 gives on
# every pciehp hot-unplug, with or without the series (the cycle is
# pciehp's own): pciehp_ist() holds ctrl->reset_lock (read) when
# pciehp_unconfigure_device() takes pci_rescan_remove_lock, and that function
# takes reset_lock again (down_read_nested()) inside it.  With the series,
# which unbinds the drivers before it takes the rescan lock there (with
# reset_lock released), lockdep sees the same two locks the other way round
# first, and reports the same cycle on the next hot-plug instead:
# pciehp_configure_device() takes pci_rescan_remove_lock while pciehp_ist()
# holds reset_lock.  Only those two exact reports go, each whole block up to
# the end of its stack trace; every other line passes.  With -v known=FILE, a line is added to FILE for each report
# dropped.  Used by guest/tests/hotplug_events.sh and scripts/ba-table.sh.

/possible circular locking dependency detected/ {
	inblk = 1; blk = ""; n = 0; acq = ""; held = ""
}
inblk {
	blk = blk $0 "\n"; n++
	if (want) { acq = $0; want = 0 }
	if (hold) { held = $0; hold = 0 }
	if ($0 ~ /is trying to acquire lock:/) want = 1
	if ($0 ~ /already holding lock:/) hold = 1
	if ($0 ~ /<\/TASK>/ || n > 400) {
		if ((acq ~ /\(&ctrl->reset_lock\).*pciehp_unconfigure_device/ &&
		     held ~ /\(pci_rescan_remove_lock\).*pciehp_unconfigure_device/) ||
		    (acq ~ /\(pci_rescan_remove_lock\).*pciehp_configure_device/ &&
		     held ~ /\(&ctrl->reset_lock\).*pciehp_ist/)) {
			if (known != "")
				print "pciehp reset_lock <-> pci_rescan_remove_lock" >>known
		} else {
			printf "%s", blk
		}
		inblk = 0
	}
	next
}
{ print }
END { if (inblk) printf "%s", blk }

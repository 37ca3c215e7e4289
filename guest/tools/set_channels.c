// SPDX-License-Identifier: GPL-2.0
/*
 * set_channels: "ethtool -L IFNAME combined N" for the test guest, which
 * has busybox and no ethtool.  Without N, prints the combined channel
 * count and its maximum.  Uses the SIOCETHTOOL ioctl on a netlink
 * socket, so a kernel without CONFIG_INET will do.
 *
 *   set_channels IFNAME [COMBINED]
 */
#include <linux/ethtool.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	struct ifreq ifr;
	char *end;
	int fd;

	if (argc < 2 || argc > 3 || strlen(argv[1]) >= IFNAMSIZ) {
		fprintf(stderr, "usage: %s IFNAME [COMBINED]\n", argv[0]);
		return 2;
	}
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, argv[1]);
	ifr.ifr_data = (void *)&ch;
	if (ioctl(fd, SIOCETHTOOL, &ifr)) {
		perror("ETHTOOL_GCHANNELS");
		return 1;
	}
	if (argc == 2) {
		printf("%u %u\n", ch.combined_count, ch.max_combined);
		return 0;
	}
	ch.cmd = ETHTOOL_SCHANNELS;
	ch.combined_count = strtoul(argv[2], &end, 0);
	if (*argv[2] == '\0' || *end != '\0') {
		fprintf(stderr, "%s: not a number: %s\n", argv[0], argv[2]);
		return 2;
	}
	if (ioctl(fd, SIOCETHTOOL, &ifr)) {
		perror("ETHTOOL_SCHANNELS");
		return 1;
	}
	return 0;
}

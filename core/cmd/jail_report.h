/* jail_report.h: how build and sync report what they did. */
#ifndef SB_JAIL_REPORT_H
#define SB_JAIL_REPORT_H

#include "jail.h"

void	 jail_report(const char *root, const struct sb_jail_stats *);
/* --root made absolute against the working directory. */
const char *jail_root_abs(const char *root, char *buf, size_t len);

#endif

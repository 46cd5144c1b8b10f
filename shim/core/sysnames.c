/* sysnames: lookups in the generated tables.  Async-signal-safe. */
#include "sysnames.h"

#include <linux/audit.h>
#include <stddef.h>
#include <string.h>

struct sysnames_arch {
	const char *name;
	uint32_t audit_arch;
	int32_t base;
	const unsigned short *offsets;
	size_t count;
};

#include "sysnames_data.c"

#define X32_BIT 0x40000000

static const struct sysnames_arch *find_arch(uint32_t audit_arch, int32_t nr)
{
	int32_t base = audit_arch == AUDIT_ARCH_X86_64 && (nr & X32_BIT) ? X32_BIT : 0;

	for (size_t i = 0; i < sizeof(sysnames_arches) / sizeof(sysnames_arches[0]); i++)
		if (sysnames_arches[i].audit_arch == audit_arch && sysnames_arches[i].base == base)
			return &sysnames_arches[i];
	return NULL;
}

const char *sysnames_syscall(uint32_t audit_arch, int32_t nr)
{
	const struct sysnames_arch *arch = find_arch(audit_arch, nr);
	int32_t index;

	if (!arch)
		return NULL;
	index = nr - arch->base;
	if (index < 0 || (size_t)index >= arch->count || arch->offsets[index] == 0)
		return NULL;
	return sysnames_blob + arch->offsets[index];
}

const char *sysnames_arch(uint32_t audit_arch, int32_t nr)
{
	const struct sysnames_arch *arch = find_arch(audit_arch, nr);

	return arch ? arch->name : NULL;
}

int32_t sysnames_number(uint32_t audit_arch, int32_t base, const char *name)
{
	const struct sysnames_arch *arch = find_arch(audit_arch, base);

	if (!arch)
		return -1;
	for (size_t index = 0; index < arch->count; index++)
		if (arch->offsets[index] && strcmp(sysnames_blob + arch->offsets[index], name) == 0)
			return arch->base + (int32_t)index;
	return -1;
}

/* cli_oci: the vocabulary preseal shares with OCI and Docker seccomp
 * profiles, for `preseal import` and `preseal export`.
 *
 * Architectures, actions and comparisons under their three spellings
 * (preseal's, the OCI runtime-spec's SCMP_*, Docker's GOARCH-like names in
 * includes/excludes), and the capability names Docker's includes use.  All
 * of it is small tables; nothing here reads JSON or a policy.  Only the
 * command links this: the shim never sees JSON.
 */
#ifndef PRESEAL_CLI_OCI_H
#define PRESEAL_CLI_OCI_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "policy.h"

struct oci_arch {
	const char *name;   /* preseal's and libseccomp's: "x86_64" */
	const char *oci;    /* the runtime-spec's: "SCMP_ARCH_X86_64" */
	const char *docker; /* Docker's includes/excludes "arches": "amd64" */
	uint32_t token;	    /* libseccomp's SCMP_ARCH_* */
};

/* By preseal name, by Docker name, or "native".  NULL when unknown. */
const struct oci_arch *oci_arch_by_name(const char *name);
const struct oci_arch *oci_arch_by_oci(const char *oci);
const struct oci_arch *oci_arch_by_token(uint32_t token);
const struct oci_arch *oci_arch_native(void);

/* SCMP_ACT_* names.  The ERRNO and TRACE data come from errnoRet. */
struct oci_action {
	const char *oci;
	enum action_kind kind;
};

/* NULL when NAME is not an OCI action preseal knows. */
const struct oci_action *oci_action_by_name(const char *name);
/* The SCMP_ACT_* preseal writes for KIND. */
const char *oci_action_name(enum action_kind kind);

/* SCMP_CMP_* <-> preseal's ops.  OP_MASKED_NE has no OCI spelling. */
int oci_op_parse(const char *name, enum arg_op *op);
const char *oci_op_name(enum arg_op op);

/* Capabilities, as bits of a 64-bit set (CAP_CHOWN is bit 0). */
int oci_cap_parse(const char *name, unsigned *number); /* "CAP_SYS_ADMIN" or "sys_admin" */
const char *oci_cap_name(unsigned number);
unsigned oci_cap_count(void);
/* Docker's default capability set (oci/caps/defaults.go). */
uint64_t oci_docker_default_caps(void);

/* Writes SIZE bytes of TEXT to PATH ("-": standard output), atomically. */
int oci_write_output(const char *path, const char *text, size_t size, struct diag_list *diags);

#endif

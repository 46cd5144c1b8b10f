/* cli_export: `preseal export POLICY -o OUT.json`.
 *
 * Writes the policy as an OCI seccomp profile (the runtime-spec's
 * linux.seccomp object, which is also what `docker run --security-opt
 * seccomp=FILE` and Podman read).  The source is the resolved model, so
 * groups are expanded and precedence already applied; the policy must
 * compile and verify first, exactly as `check` requires, and once more as
 * libseccomp compiles it.  What OCI cannot say is either expanded into what
 * it can (masked_ne, as preseal's libseccomp path does), or left to the
 * runtime and documented (no_new_privs, bad_arch_action, optimize).
 *
 * The JSON is printed here rather than built with jansson: argument values
 * are unsigned 64-bit integers, which jansson can only hold up to 2^63-1.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_oci.h"
#include "compile.h"

struct exporter {
	const struct policy *policy;
	const struct oci_arch *arches[POLICY_MAX_ARCHES];
	size_t arch_count;
	FILE *out;
	bool first_entry;
	bool failed; /* an entry could not be written */
	struct diag_list *diags;
};

static int resolve_arches(struct exporter *exporter)
{
	const struct policy *policy = exporter->policy;

	for (size_t i = 0; i < policy->arch_count; i++) {
		const struct oci_arch *arch = oci_arch_by_name(policy->arches[i]);
		bool seen = false;

		if (!arch) {
			diag_error(exporter->diags, policy->files[0], 0,
				   "architecture '%s' has no OCI name", policy->arches[i]);
			return -1;
		}
		for (size_t j = 0; j < exporter->arch_count; j++)
			seen = seen || exporter->arches[j] == arch;
		if (!seen)
			exporter->arches[exporter->arch_count++] = arch;
	}
	return 0;
}

/* Names that are no syscall on any of the policy's architectures (a group
 * may list _llseek for 32-bit machines) mean nothing in its filter. */
static bool exists_on_arches(const struct exporter *exporter, const char *name)
{
	for (size_t i = 0; i < exporter->arch_count; i++)
		if (seccomp_syscall_resolve_name_arch(exporter->arches[i]->token, name) >= 0)
			return true;
	return false;
}

/* Runtimes skip a rule that repeats the default action (libseccomp
 * refuses to add it), and so does preseal's compiler when it generates
 * with libseccomp; the model may keep one, but only a policy whose
 * libseccomp filter was verified equal to the model without it gets this
 * far (verb_export). */
static bool exported(const struct exporter *exporter, const struct rule *rule)
{
	return exists_on_arches(exporter, rule->syscall) &&
	       !action_equal(rule->action, exporter->policy->default_action);
}

static void write_string(FILE *out, const char *text)
{
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c < 0x20)
			fprintf(out, "\\u%04x", *c);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

/* "action" and, for ERRNO and TRACE, "errnoRet" (runc and crun read a
 * TRACE's message from errnoRet). */
static void write_action(FILE *out, const char *indent, struct action action, const char *key,
			 const char *ret_key)
{
	fprintf(out, "%s\"%s\": \"%s\"", indent, key, oci_action_name(action.kind));
	if (action.kind == ACTION_ERRNO || action.kind == ACTION_TRACE)
		fprintf(out, ",\n%s\"%s\": %u", indent, ret_key, action.data);
}

static void begin_entry(struct exporter *exporter)
{
	fprintf(exporter->out, "%s\t\t{\n", exporter->first_entry ? "" : ",\n");
	exporter->first_entry = false;
}

/* One entry for every unconditional rule with ACTION. */
static void write_unconditional(struct exporter *exporter, struct action action)
{
	const struct policy *policy = exporter->policy;
	bool first = true;

	for (size_t i = 0; i < policy->rule_count; i++) {
		const struct rule *rule = &policy->rules[i];

		if (rule->arg_count || !action_equal(rule->action, action) ||
		    !exported(exporter, rule))
			continue;
		if (first)
			begin_entry(exporter);
		fprintf(exporter->out, "%s\t\t\t\t", first ? "\t\t\t\"names\": [\n" : ",\n");
		write_string(exporter->out, rule->syscall);
		first = false;
	}
	if (first)
		return;
	fprintf(exporter->out, "\n\t\t\t],\n");
	write_action(exporter->out, "\t\t\t", action, "action", "errnoRet");
	fprintf(exporter->out, "\n\t\t}");
}

static void write_check(FILE *out, const struct arg_check *check, bool first)
{
	fprintf(out, "%s\t\t\t\t{\n\t\t\t\t\t\"index\": %u,\n", first ? "" : ",\n", check->index);
	/* OCI's masked_eq takes the mask in "value", the datum in "valueTwo",
	 * as libseccomp's SCMP_A0(SCMP_CMP_MASKED_EQ, mask, datum) does. */
	if (check->op == OP_MASKED_EQ)
		fprintf(out, "\t\t\t\t\t\"value\": %llu,\n\t\t\t\t\t\"valueTwo\": %llu,\n",
			(unsigned long long)check->mask, (unsigned long long)check->value);
	else
		fprintf(out, "\t\t\t\t\t\"value\": %llu,\n", (unsigned long long)check->value);
	fprintf(out, "\t\t\t\t\t\"op\": \"%s\"\n\t\t\t\t}", oci_op_name(check->op));
}

/* One entry for one of RULE's runtime rules (compile_runtime_rules). */
static void write_conditional(struct exporter *exporter, const struct rule *rule,
			      const struct runtime_rule *checks)
{
	FILE *out = exporter->out;

	begin_entry(exporter);
	fprintf(out, "\t\t\t\"names\": [\n\t\t\t\t");
	write_string(out, rule->syscall);
	fprintf(out, "\n\t\t\t],\n");
	write_action(out, "\t\t\t", rule->action, "action", "errnoRet");
	if (checks->arg_count) {
		fprintf(out, ",\n\t\t\t\"args\": [\n");
		for (unsigned i = 0; i < checks->arg_count; i++)
			write_check(out, &checks->args[i], i == 0);
		fprintf(out, "\n\t\t\t]");
	}
	fprintf(out, "\n\t\t}");
}

/* RULE as the runtime's libseccomp must compare it, as preseal gives it to
 * its own libseccomp (compile_runtime_rules): masked_ne has no OCI
 * spelling, so "(arg & mask) != value" becomes one masked_eq entry per bit
 * of the mask; and a check on an argument the kernel reads as an int (or
 * another narrow type) becomes masked_eq entries on the bits it reads, so
 * that the runtime's filter decides what the kernel will see.  export
 * compiled the policy through libseccomp before, so this cannot fail but
 * for memory. */
static int write_argument_rule(struct exporter *exporter, const struct rule *rule)
{
	uint32_t tokens[POLICY_MAX_ARCHES];
	struct runtime_rule *rules;
	size_t count;
	int result;

	for (size_t i = 0; i < exporter->arch_count; i++)
		tokens[i] = exporter->arches[i]->token;
	result = compile_runtime_rules(rule, tokens, exporter->arch_count, &rules, &count,
				       exporter->diags);
	for (size_t r = 0; r < count && result == 0; r++)
		write_conditional(exporter, rule, &rules[r]);
	free(rules);
	return result;
}

/* Two checks of one argument that no value passes both of: eq and ne (or
 * masked_eq and masked_ne) of the same value, or two different values. */
static bool checks_exclude(const struct arg_check *a, const struct arg_check *b)
{
	bool same_mask = a->mask == b->mask;

	if (a->index != b->index)
		return false;
	if ((a->op == OP_EQ && b->op == OP_NE) || (a->op == OP_NE && b->op == OP_EQ) ||
	    (a->op == OP_EQ && b->op == OP_EQ))
		return a->op == b->op ? a->value != b->value : a->value == b->value;
	if (!same_mask)
		return false;
	if (a->op == OP_MASKED_EQ && b->op == OP_MASKED_EQ)
		return a->value != b->value;
	return ((a->op == OP_MASKED_EQ && b->op == OP_MASKED_NE) ||
		(a->op == OP_MASKED_NE && b->op == OP_MASKED_EQ)) &&
	       a->value == b->value;
}

static bool rules_disjoint(const struct rule *a, const struct rule *b)
{
	for (unsigned i = 0; i < a->arg_count; i++)
		for (unsigned j = 0; j < b->arg_count; j++)
			if (checks_exclude(&a->args[i], &b->args[j]))
				return true;
	return false;
}

/* preseal lets the most restrictive of overlapping argument rules win;
 * libseccomp in a runtime does not promise that.  Said once per syscall
 * whose rules with different actions may overlap. */
static void warn_mixed_actions(struct exporter *exporter)
{
	const struct policy *policy = exporter->policy;

	for (size_t start = 0, end; start < policy->rule_count; start = end) {
		const struct rule *other = NULL;

		for (end = start;
		     end < policy->rule_count &&
		     strcmp(policy->rules[end].syscall, policy->rules[start].syscall) == 0;
		     end++)
			;
		for (size_t i = start; i < end && !other; i++) {
			const struct rule *rule = &policy->rules[i];

			for (size_t j = start; j < i && !other; j++) {
				const struct rule *earlier = &policy->rules[j];

				if (rule->arg_count && earlier->arg_count &&
				    !action_equal(rule->action, earlier->action) &&
				    exported(exporter, rule) && exported(exporter, earlier) &&
				    !rules_disjoint(rule, earlier))
					other = rule;
			}
		}
		if (other)
			diag_warning(
				exporter->diags, other->where.file, other->where.line,
				"argument rules for '%s' have different actions: where they "
				"overlap, a runtime's libseccomp may not let the most restrictive "
				"win",
				other->syscall);
	}
}

static void write_header(struct exporter *exporter)
{
	const struct policy *policy = exporter->policy;
	FILE *out = exporter->out;

	fprintf(out, "{\n");
	write_action(out, "\t", policy->default_action, "defaultAction", "defaultErrnoRet");
	fprintf(out, ",\n\t\"architectures\": [\n");
	for (size_t i = 0; i < exporter->arch_count; i++)
		fprintf(out, "\t\t\"%s\"%s\n", exporter->arches[i]->oci,
			i + 1 < exporter->arch_count ? "," : "");
	fprintf(out, "\t],\n");
	if (policy->log || policy->disable_ssb) {
		fprintf(out, "\t\"flags\": [\n");
		if (policy->log)
			fprintf(out, "\t\t\"SECCOMP_FILTER_FLAG_LOG\"%s\n",
				policy->disable_ssb ? "," : "");
		if (policy->disable_ssb)
			fprintf(out, "\t\t\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"\n");
		fprintf(out, "\t],\n");
	}
}

/* Unconditional rules, one entry per action (allow first, then from the
 * least to the most restrictive), then every argument rule. */
static void write_syscalls(struct exporter *exporter)
{
	static const enum action_kind order[] = {
		ACTION_ALLOW, ACTION_LOG,	  ACTION_TRACE,	       ACTION_ERRNO,
		ACTION_TRAP,  ACTION_KILL_THREAD, ACTION_KILL_PROCESS,
	};
	const struct policy *policy = exporter->policy;

	fprintf(exporter->out, "\t\"syscalls\": [\n");
	exporter->first_entry = true;
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		/* Each distinct action of this kind (errno(EPERM), errno(ENOSYS), …),
		 * at its first appearance. */
		for (size_t i = 0; i < policy->rule_count; i++) {
			const struct rule *rule = &policy->rules[i];
			bool earlier = false;

			if (rule->action.kind != order[k] || rule->arg_count)
				continue;
			for (size_t j = 0; j < i && !earlier; j++)
				earlier = !policy->rules[j].arg_count &&
					  action_equal(policy->rules[j].action, rule->action);
			if (!earlier)
				write_unconditional(exporter, rule->action);
		}
	}
	for (size_t i = 0; i < policy->rule_count; i++)
		if (policy->rules[i].arg_count && exported(exporter, &policy->rules[i]) &&
		    write_argument_rule(exporter, &policy->rules[i]) < 0)
			exporter->failed = true;
	fprintf(exporter->out, "%s\t]\n}\n", exporter->first_entry ? "" : "\n");
}

static int export_policy(const struct policy *policy, const char *output, struct diag_list *diags)
{
	struct exporter exporter = { .policy = policy, .diags = diags };
	char *text = NULL;
	size_t size = 0;
	int result;

	if (resolve_arches(&exporter) < 0)
		return -1;
	warn_mixed_actions(&exporter);
	exporter.out = open_memstream(&text, &size);
	if (!exporter.out) {
		diag_error(diags, NULL, 0, "out of memory");
		return -1;
	}
	write_header(&exporter);
	write_syscalls(&exporter);
	if (fclose(exporter.out) != 0 || exporter.failed) {
		free(text);
		diag_error(diags, NULL, 0, "out of memory");
		return -1;
	}
	result = oci_write_output(output, text, size, diags);
	free(text);
	return result;
}

static int verb_export(int argc, char **argv)
{
	const struct compile_options runtime = { .libseccomp = true };
	const char *output = NULL, *input = NULL;
	struct diag_list diags = { 0 };
	struct policy *policy;
	struct filter filter;
	int status = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			output = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("export", "unknown option '%s'", argv[i]);
		else if (!input)
			input = argv[i];
		else
			return cli_usage_error("export", "one policy at a time");
	}
	if (!input || !output)
		return cli_usage_error("export", "name a policy and the output: -o OUT.json");
	policy = cli_read_policy(input, &diags);
	/* Only what `check` accepts is exported, and only what the runtime's
	 * libseccomp will enforce as written: preseal's own generator can
	 * express more (a rule that repeats the default inside a wider allow,
	 * lt/le rules libseccomp 2.5 merges wrongly), so the rules also go
	 * through libseccomp, as the runtime will put them, and that filter
	 * must pass the verifier too. */
	if (policy && compile_policy(policy, NULL, &filter, &diags) == 0) {
		filter_free(&filter);
		if (compile_policy(policy, &runtime, &filter, &diags) == 0) {
			filter_free(&filter);
			status = export_policy(policy, output, &diags) < 0;
		}
	}
	diag_print(&diags, stderr, "");
	/* OCI's seccomp section has no field for Landlock; a runtime cannot
	 * apply these rules from the profile, so the user must hear it. */
	if (status == 0 && policy->landlock.present)
		fprintf(stderr,
			"preseal export: %s: paths, network and scope have no place in an OCI "
			"seccomp profile; exported the seccomp part only\n",
			input);
	policy_free(policy);
	diag_free(&diags);
	return status;
}

const struct verb cli_verb_export = {
	"export", "POLICY -o OUT.json",
	"write the policy as an OCI seccomp profile for Docker, Podman, runc and crun", verb_export
};

/* cli_inspect: `preseal explain` and `preseal groups`.
 *
 * explain answers from the compiled filter itself, run in preseal's own
 * interpreter, never from a second reading of the policy; the model is
 * consulted only to name the rule and line the answer came from.
 */
#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argwidth.h"
#include "bpf.h"
#include "cli.h"
#include "compile.h"
#include "enosys.h"
#include "generate.h"
#include "names.h"

/* ---- explain ---------------------------------------------------------- */

struct explain_request {
	const char *policy;
	const char *syscall;
	const char *arch; /* NULL: native */
	uint64_t args[6];
	unsigned arg_count;
	/* --path PATH OPERATION, --connect PORT, --bind PORT (cli_landlock.c) */
	const char *landlock_option, *landlock_subject, *landlock_operation;
};

static const char explain_usage[] =
	"usage: preseal explain POLICY SYSCALL [ARG0…ARG5] [--arch ARCH]\n"
	"       preseal explain POLICY --path PATH read|write|execute\n"
	"       preseal explain POLICY --connect PORT | --bind PORT";

/* --path PATH OPERATION, --connect PORT or --bind PORT at ARGV[*I]; 1 when
 * ARGV[*I] is none of them, 2 after a usage error. */
static int parse_landlock_question(int argc, char **argv, int *i, struct explain_request *request)
{
	const char *option = argv[*i];
	bool path = strcmp(option, "--path") == 0;

	if (!path && strcmp(option, "--connect") != 0 && strcmp(option, "--bind") != 0)
		return 1;
	if (request->landlock_option)
		return cli_usage_error("explain", "ask one question: %s or %s",
				       request->landlock_option, option);
	if (*i + (path ? 2 : 1) >= argc)
		return cli_usage_error("explain", "%s", explain_usage);
	request->landlock_option = option;
	request->landlock_subject = argv[++*i];
	if (!path)
		return 0;
	request->landlock_operation = argv[++*i];
	if (strcmp(request->landlock_operation, "read") != 0 &&
	    strcmp(request->landlock_operation, "write") != 0 &&
	    strcmp(request->landlock_operation, "execute") != 0)
		return cli_usage_error("explain",
				       "--path %s: the operation is read, write or "
				       "execute, not '%s'",
				       request->landlock_subject, request->landlock_operation);
	return 0;
}

static int parse_explain(int argc, char **argv, struct explain_request *request)
{
	*request = (struct explain_request){ 0 };
	for (int i = 1; i < argc; i++) {
		const char *bad = NULL;
		size_t bad_length = 0;

		int landlock = parse_landlock_question(argc, argv, &i, request);

		if (landlock != 1) {
			if (landlock != 0)
				return landlock;
		} else if (strcmp(argv[i], "--arch") == 0 && i + 1 < argc) {
			request->arch = argv[++i];
		} else if (strncmp(argv[i], "--arch=", 7) == 0) {
			request->arch = argv[i] + 7;
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			return cli_usage_error("explain", "unknown option '%s'", argv[i]);
		} else if (!request->policy) {
			request->policy = argv[i];
		} else if (!request->syscall) {
			request->syscall = argv[i];
		} else if (request->arg_count == 6) {
			return cli_usage_error("explain", "a syscall has at most six arguments");
		} else if (names_parse_value(argv[i], &request->args[request->arg_count++], &bad,
					     &bad_length) < 0) {
			return cli_usage_error(
				"explain",
				"argument '%s': '%.*s' is not a number or a known constant",
				argv[i], (int)bad_length, bad ? bad : argv[i]);
		}
	}
	if (request->landlock_option && request->syscall)
		return cli_usage_error("explain", "ask about a syscall or %s, not both",
				       request->landlock_option);
	if (!request->policy || (!request->syscall && !request->landlock_option))
		return cli_usage_error("explain", "%s", explain_usage);
	return 0;
}

static void print_source(const struct rule *rule, const struct policy *policy)
{
	if (!rule) {
		if (policy->default_where.line > 0)
			printf("  from: default_action at %s:%d\n", policy->default_where.file,
			       policy->default_where.line);
		else
			printf("  from: the default action (%s does not set default_action)\n",
			       policy->files[0]);
		return;
	}
	if (rule->implied) {
		printf("  from: implied: %s\n", rule->implied);
		return;
	}
	printf("  from: %s:%d", rule->where.file, rule->where.line);
	if (rule->via_group)
		printf(" (via @%s)", rule->via_group);
	printf("\n");
}

static void print_newer_source(const struct policy *policy, long highest)
{
	const struct source *where = &policy->unknown_where;

	printf("  from: unknown_syscalls: above nr %ld, the highest syscall the policy names",
	       highest);
	if (policy->unknown_explicit)
		printf(" (unknown_syscalls at %s:%d)\n", where->file, where->line);
	else if (where->line > 0)
		printf(" (implied by the errno default_action at %s:%d)\n", where->file,
		       where->line);
	else
		printf(" (implied by the errno default_action)\n");
}

/* A syscall name, or a number for one the policy (or libseccomp) does not
 * know.  NAME is then the known name or NULL. */
static int resolve_syscall(uint32_t token, const char *text, char **name)
{
	char *end;
	long number;

	*name = NULL;
	if (!text)
		return -1;
	if (text[0] < '0' || text[0] > '9') {
		/* socket on x86 is 359, not libseccomp's pseudo-number */
		number = generate_syscall_number(token, text);
		if (number >= 0)
			*name = strdup(text);
		return number >= 0 && *name ? (int)number : -1;
	}
	number = strtol(text, &end, 0);
	if (*end || number < 0 || number > INT32_MAX)
		return -1;
	*name = seccomp_syscall_resolve_num_arch(token, (int)number);
	return (int)number;
}

/* Architectures whose arguments are 32 bits wide, as compile.c counts them. */
static bool narrow_arch(uint32_t token)
{
	return !(token & __AUDIT_ARCH_64BIT) || token == SCMP_ARCH_MIPS64N32 ||
	       token == SCMP_ARCH_MIPSEL64N32;
}

/* The arguments given with bits the kernel never reads: what it reads. */
static void print_widths(const struct explain_request *request, const char *name)
{
	for (unsigned i = 0; i < request->arg_count; i++) {
		enum arg_width width = argwidth_of(name, i);
		uint64_t seen = argwidth_canonical(width, request->args[i]);

		if (width == ARG_WIDE || seen == request->args[i])
			continue;
		if (width == ARG_S32)
			printf("  arg %u is an int: the kernel reads %lld", i,
			       (long long)(int64_t)seen);
		else
			printf("  arg %u is an %s: the kernel reads %#llx", i, argwidth_name(width),
			       (unsigned long long)seen);
		printf(" from %#llx, and the filter decides on that\n",
		       (unsigned long long)request->args[i]);
	}
}

static int explain(const struct explain_request *request, const struct policy *policy,
		   const struct filter *filter)
{
	uint32_t token =
		request->arch ? seccomp_arch_resolve_name(request->arch) : seccomp_arch_native();
	struct seccomp_data data = { 0 };
	const struct rule *rule = NULL;
	struct action model, answer;
	char action[64], *name = NULL;
	long highest;
	bool newer, narrow;
	uint64_t args[6];
	int number;

	if (token == 0) {
		fprintf(stderr, "preseal explain: unknown architecture '%s'\n", request->arch);
		return 2;
	}
	number = resolve_syscall(token, request->syscall, &name);
	if (number < 0) {
		fprintf(stderr, "preseal explain: '%s' is not a syscall on %s\n", request->syscall,
			request->arch ? request->arch : "this architecture");
		return 2;
	}
	data.nr = number;
	data.arch = token == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : token;
	narrow = narrow_arch(token);
	/* A 32-bit process passes 32 bits per argument. */
	for (unsigned i = 0; i < 6; i++)
		data.args[i] = args[i] = narrow ? request->args[i] & 0xffffffffu : request->args[i];
	answer = action_from_seccomp(bpf_run(filter->program, filter->length, &data));
	model = policy->default_action;
	if (name)
		model = policy_decide_width(policy, name, args, narrow, &rule);
	highest = enosys_highest_named(policy, token);
	newer = !rule && !(name && policy_names(policy, name)) &&
		enosys_applies(policy, token, highest, number);
	if (newer)
		model = (struct action){ .kind = ACTION_ERRNO, .data = ENOSYS };
	action_format(answer, action, sizeof(action));
	printf("%s(", name ? name : request->syscall);
	for (unsigned i = 0; i < request->arg_count; i++)
		printf("%s%#llx", i ? ", " : "", (unsigned long long)request->args[i]);
	printf(") on %s (nr %d): %s\n", request->arch ? request->arch : "native", number, action);
	if (name && !narrow)
		print_widths(request, name);
	free(name);
	if (!action_equal(answer, model)) {
		/* The verifier makes this unreachable for the inputs it tries;
		 * if it happens, the filter is the truth and the gap is ours. */
		action_format(model, action, sizeof(action));
		printf("  warning: the policy model says %s; the filter above is what the kernel "
		       "would do\n",
		       action);
		return 0;
	}
	if (newer)
		print_newer_source(policy, highest);
	else
		print_source(rule, policy);
	return 0;
}

static int verb_explain(int argc, char **argv)
{
	struct explain_request request;
	struct diag_list diags = { 0 };
	struct policy *policy;
	struct filter filter;
	int status = 1;

	if (parse_explain(argc, argv, &request) != 0)
		return 2;
	policy = cli_read_policy(request.policy, &diags);
	if (policy && compile_policy(policy, NULL, &filter, &diags) == 0) {
		if (request.landlock_option)
			status = cli_explain_landlock(policy, request.landlock_option,
						      request.landlock_subject,
						      request.landlock_operation);
		else
			status = explain(&request, policy, &filter);
		filter_free(&filter);
	}
	diag_print(&diags, stderr, "");
	policy_free(policy);
	diag_free(&diags);
	return status;
}

/* ---- groups ----------------------------------------------------------- */

static void print_group(const struct syscall_group *group)
{
	size_t column = 4;

	printf("@%s\n    # %s\n    ", group->name, group->description);
	for (size_t i = 0; i < group->member_count; i++) {
		size_t length = strlen(group->members[i]) + 1;

		if (column + length > 80) {
			printf("\n    ");
			column = 4;
		}
		printf("%s ", group->members[i]);
		column += length;
	}
	printf("\n\n");
}

/* Is NAME in GROUP or one of the groups it nests? */
static bool group_contains(const struct syscall_group *group, const char *name, unsigned depth)
{
	if (depth > 16)
		return false;
	for (size_t i = 0; i < group->member_count; i++) {
		const char *member = group->members[i];

		if (member[0] == '@') {
			const struct syscall_group *nested = names_group(member + 1);

			if (nested && group_contains(nested, name, depth + 1))
				return true;
		} else if (strcmp(member, name) == 0) {
			return true;
		}
	}
	return false;
}

/* Syscalls this machine's architecture knows that no group names, as
 * systemd-analyze syscall-filter lists its "ungrouped" calls. */
static void print_ungrouped(void)
{
	size_t count, column = 4, found = 0;
	const struct syscall_group *groups = names_groups(&count);
	uint32_t native = seccomp_arch_native();

	printf("# Ungrouped: syscalls of this architecture that no group names\n    ");
	for (int number = 0; number < 1024; number++) {
		char *name = seccomp_syscall_resolve_num_arch(native, number);
		bool grouped = false;

		if (!name)
			continue;
		for (size_t g = 0; g < count && !grouped; g++)
			grouped = strcmp(groups[g].name, "known") != 0 &&
				  group_contains(&groups[g], name, 0);
		if (!grouped) {
			if (column + strlen(name) + 1 > 80) {
				printf("\n    ");
				column = 4;
			}
			printf("%s ", name);
			column += strlen(name) + 1;
			found++;
		}
		free(name);
	}
	printf(found ? "\n" : "(none)\n");
}

static int verb_groups(int argc, char **argv)
{
	size_t count;
	const struct syscall_group *groups = names_groups(&count);

	if (argc > 2)
		return cli_usage_error("groups", "usage: preseal groups [@NAME]");
	if (argc == 2) {
		const char *name = argv[1][0] == '@' ? argv[1] + 1 : argv[1];
		const struct syscall_group *group = names_group(name);

		if (!group) {
			fprintf(stderr, "preseal groups: no group '@%s'\n", name);
			return 1;
		}
		print_group(group);
		return 0;
	}
	for (size_t i = 0; i < count; i++)
		print_group(&groups[i]);
	print_ungrouped();
	return 0;
}

const struct verb cli_verb_explain = {
	"explain",
	"POLICY SYSCALL [ARG0…ARG5] [--arch ARCH] | POLICY --path PATH read|write|execute | "
	"POLICY --connect PORT | POLICY --bind PORT",
	"the action the compiled filter gives that call, or whether the policy's paths and "
	"ports allow it, and the line it came from",
	verb_explain
};
const struct verb cli_verb_groups = { "groups", "[@NAME]",
				      "list the built-in groups and their members", verb_groups };

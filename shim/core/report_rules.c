/* report_rules: see report_rules.h. */
#include "report_rules.h"

#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "argwidth.h"
#include "decode.h"
#include "names.h"
#include "sysnames.h"

#define X32_BIT	  0x40000000
#define X32_TOKEN 0x4000003eu /* SCMP_ARCH_X32 */

/* ---- writing the text (in the compiler module) ---------------------------- */

struct text {
	char *buffer;
	size_t used, size;
	bool failed;
};

static void append(struct text *text, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

static void append(struct text *text, const char *format, ...)
{
	va_list list;
	int length;

	if (text->failed)
		return;
	va_start(list, format);
	length = vsnprintf(text->buffer + text->used, text->size - text->used, format, list);
	va_end(list);
	if (length < 0) {
		text->failed = true;
		return;
	}
	if ((size_t)length >= text->size - text->used) {
		size_t size = (text->size + (size_t)length) * 2;
		char *grown = realloc(text->buffer, size);

		if (!grown) {
			text->failed = true;
			return;
		}
		text->buffer = grown;
		text->size = size;
		va_start(list, format);
		length =
			vsnprintf(text->buffer + text->used, text->size - text->used, format, list);
		va_end(list);
	}
	text->used += (size_t)length;
}

static void append_string(struct text *text, const char *string)
{
	for (const unsigned char *c = (const unsigned char *)(string ? string : ""); *c; c++)
		if (*c == '%' || *c == ',' || *c == ';' || *c < 0x20 || *c == 0x7f)
			append(text, "%%%02x", *c);
		else
			append(text, "%c", *c);
}

static uint32_t seccomp_of(struct action action)
{
	return action_to_seccomp(action);
}

static void append_where(struct text *text, const char *file, int line)
{
	append(text, ",");
	append_string(text, file);
	append(text, ",%x", line > 0 ? (unsigned)line : 0u);
}

static bool allows(struct action action)
{
	return action.kind == ACTION_ALLOW || action.kind == ACTION_LOG;
}

static void append_rule(struct text *text, const struct rule *rule, char kind)
{
	int32_t nr = sysnames_number(PRESEAL_NATIVE_ARCH, 0, rule->syscall);

	if (nr < 0)
		return;
	append(text, ";R,%x,%x", (unsigned)nr, seccomp_of(rule->action));
	append_where(text, rule->where.file, rule->where.line);
	append(text, ",%c,", kind);
	append_string(text, rule->via_group);
	append(text, ",");
	append_string(text, rule->comment);
	append(text, ",%x", rule->arg_count);
	for (unsigned i = 0; i < rule->arg_count; i++)
		append(text, ",%x,%x,%llx,%llx", rule->args[i].index, (unsigned)rule->args[i].op,
		       (unsigned long long)rule->args[i].value,
		       (unsigned long long)rule->args[i].mask);
}

/* The calls that x86, s390, ppc and mips also make through socketcall and
 * ipc: argument rules on them keep those architectures out (rules.c). */
static bool multiplexed(const char *syscall)
{
	static const char *const names[] = {
		"accept",     "accept4",    "bind",    "connect",    "getpeername", "getsockname",
		"getsockopt", "listen",	    "recv",    "recvfrom",   "recvmmsg",    "recvmsg",
		"send",	      "sendmmsg",   "sendmsg", "sendto",     "setsockopt",  "shutdown",
		"socket",     "socketpair", "msgctl",  "msgget",     "msgrcv",	    "msgsnd",
		"semctl",     "semget",	    "semop",   "semtimedop", "shmat",	    "shmctl",
		"shmdt",      "shmget",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(syscall, names[i]) == 0)
			return true;
	return false;
}

char *report_rules_encode(const struct policy *policy, const uint32_t *tokens, unsigned count)
{
	bool any_arguments = false, multiplexed_arguments = false;
	struct text text = { malloc(4096), 0, 4096, false };

	if (!text.buffer)
		return NULL;
	text.buffer[0] = '\0';
	append(&text, "1;A");
	for (unsigned i = 0; i < count; i++)
		append(&text, ",%x", tokens[i]);
	for (size_t i = 0; i < policy->rule_count; i++) {
		const struct rule *rule = &policy->rules[i];

		if (rule->arg_count && !rule->implied) {
			any_arguments = true;
			multiplexed_arguments = multiplexed_arguments || multiplexed(rule->syscall);
		}
	}
	/* Which architectures check would refuse beside the argument rules. */
	append(&text, ";F,%d,%d", any_arguments, multiplexed_arguments);
	append(&text, ";D,%x", seccomp_of(policy->default_action));
	append_where(&text, policy->default_where.file, policy->default_where.line);
	append(&text, ";B,%x", seccomp_of(policy->bad_arch_action));
	append_where(&text, policy->bad_arch_where.file, policy->bad_arch_where.line);
	/* Every rule that denies, and every argument rule: an unconditional
	 * allow never explains a denial. */
	for (size_t i = 0; i < policy->rule_count; i++) {
		const struct rule *rule = &policy->rules[i];

		if (rule->arg_count == 0 && allows(rule->action))
			continue;
		append_rule(&text, rule, rule->implied ? 'i' : rule->from_group ? 'g' : 'r');
	}
	for (size_t i = 0; i < policy->dropped_count; i++) {
		const struct rule *rule = &policy->dropped[i];

		if (rule->arg_count == 0 && !rule->from_group &&
		    action_equal(rule->action, policy->default_action))
			append_rule(&text, rule, 'd');
	}
	if (text.failed) {
		free(text.buffer);
		return NULL;
	}
	return text.buffer;
}

char *report_rules_for(const struct policy *policy)
{
	uint32_t tokens[POLICY_MAX_ARCHES];
	unsigned count = 0;

	for (size_t i = 0; i < policy->arch_count && count < POLICY_MAX_ARCHES; i++) {
		uint32_t token = strcmp(policy->arches[i], "native") == 0
					 ? seccomp_arch_native()
					 : seccomp_arch_resolve_name(policy->arches[i]);

		if (token)
			tokens[count++] = token;
	}
	if (count == 0)
		tokens[count++] = seccomp_arch_native();
	return report_rules_encode(policy, tokens, count);
}

/* ---- reading it (anywhere, in a signal handler too) ------------------------ */

struct out {
	char *buffer;
	int size;
	int used;
};

static void put_n(struct out *out, const char *text, size_t length)
{
	for (size_t i = 0; i < length && text[i] && out->used < out->size - 1; i++)
		out->buffer[out->used++] = text[i];
	if (out->size > 0)
		out->buffer[out->used] = '\0';
}

static void put(struct out *out, const char *text)
{
	put_n(out, text, strlen(text));
}

static void put_decimal(struct out *out, uint64_t value)
{
	char digits[24];
	int count = 0;

	do {
		digits[count++] = (char)('0' + value % 10);
		value /= 10;
	} while (value);
	while (count > 0)
		put_n(out, &digits[--count], 1);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A field: [start, start + length). */
struct field {
	const char *start;
	size_t length;
};

/* The next field of the entry at *AT, moving past it and its comma. */
static struct field next_field(const char **at)
{
	struct field field = { *at, strcspn(*at, ",;") };

	*at += field.length;
	if (**at == ',')
		(*at)++;
	return field;
}

static uint64_t field_hex(struct field field)
{
	uint64_t value = 0;

	for (size_t i = 0; i < field.length; i++) {
		int digit = hex_digit(field.start[i]);

		if (digit < 0)
			break;
		value = value << 4 | (unsigned)digit;
	}
	return value;
}

static void put_field(struct out *out, struct field field)
{
	for (size_t i = 0; i < field.length; i++) {
		int high = i + 2 < field.length ? hex_digit(field.start[i + 1]) : -1;
		int low = i + 2 < field.length ? hex_digit(field.start[i + 2]) : -1;
		char c = field.start[i];

		if (c == '%' && high >= 0 && low >= 0) {
			c = (char)(high << 4 | low);
			i += 2;
			if ((unsigned char)c < 0x20)
				c = ' ';
		}
		put_n(out, &c, 1);
	}
}

/* The next entry: *AT moves to its first field; false at the end. */
static bool next_entry(const char **at, char *kind)
{
	while (**at && **at != ';')
		(*at)++;
	if (!**at)
		return false;
	(*at)++;
	*kind = **at;
	if (*kind && (*at)[1] == ',')
		*at += 2;
	else if (*kind)
		(*at)++;
	return true;
}

struct located {
	bool found;
	long offset; /* of the entry in the text */
	uint32_t action;
	struct field file;
	unsigned line;
	char kind;
	struct field group, comment;
};

static void put_action(struct out *out, uint32_t value)
{
	uint32_t data = value & SECCOMP_RET_DATA;

	switch (value & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS:
		put(out, "kill_process");
		break;
	case SECCOMP_RET_KILL_THREAD:
		put(out, "kill_thread");
		break;
	case SECCOMP_RET_TRAP:
		put(out, "trap");
		break;
	case SECCOMP_RET_ERRNO: {
		const char *name = names_errno_name((int)data);

		put(out, "errno(");
		if (name)
			put(out, name);
		else
			put_decimal(out, data);
		put(out, ")");
		break;
	}
	case SECCOMP_RET_TRACE:
		put(out, "trace(");
		put_decimal(out, data);
		put(out, ")");
		break;
	case SECCOMP_RET_LOG:
		put(out, "log");
		break;
	default:
		put(out, "allow");
		break;
	}
}

/* As action_severity(): lower is more restrictive. */
static uint32_t severity(uint32_t value)
{
	return (value & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_KILL_PROCESS ? 0 : value + 1;
}

static void put_where(struct out *out, struct field file, unsigned line)
{
	put_field(out, file);
	if (line) {
		put(out, ":");
		put_decimal(out, line);
	}
}

static bool check_holds(const char *name, unsigned index, unsigned op, uint64_t value,
			uint64_t mask, const uint64_t args[6])
{
	struct arg_check check = { index, (enum arg_op)op, value, mask };

	if (index >= 6 || op > OP_MASKED_NE)
		return false;
	return arg_check_holds(&check, argwidth_canonical(argwidth_of(name, index), args[index]));
}

struct scan {
	struct located best, repeated, fallback;
	unsigned checked; /* the argument indexes the syscall's rules check */
	bool listed_arch;
	bool x32_refused, multiplexed_refused; /* the F entry */
};

static void scan_rules(const char *rules, int32_t nr, const char *name, const uint64_t args[6],
		       uint32_t token, struct scan *scan)
{
	const char *at = rules;
	char kind;

	while (next_entry(&at, &kind)) {
		if (kind == 'A') {
			while (*at && *at != ';') {
				/* Read whatever was found before: the field moves AT. */
				bool listed = field_hex(next_field(&at)) == token;

				scan->listed_arch = scan->listed_arch || listed;
			}
			continue;
		}
		if (kind == 'F') {
			scan->x32_refused = field_hex(next_field(&at)) != 0;
			scan->multiplexed_refused = field_hex(next_field(&at)) != 0;
			continue;
		}
		if (kind == 'D') {
			scan->fallback.found = true;
			scan->fallback.kind = 'D';
			scan->fallback.action = (uint32_t)field_hex(next_field(&at));
			scan->fallback.file = next_field(&at);
			scan->fallback.line = (unsigned)field_hex(next_field(&at));
			continue;
		}
		if (kind != 'R' || !name || (int32_t)field_hex(next_field(&at)) != nr)
			continue;
		struct located rule = { .found = true, .offset = at - rules };
		bool matches = true;
		unsigned count;

		rule.action = (uint32_t)field_hex(next_field(&at));
		rule.file = next_field(&at);
		rule.line = (unsigned)field_hex(next_field(&at));
		rule.kind = next_field(&at).start[0];
		rule.group = next_field(&at);
		rule.comment = next_field(&at);
		count = (unsigned)field_hex(next_field(&at));
		for (unsigned i = 0; i < count && i < 6; i++) {
			unsigned index = (unsigned)field_hex(next_field(&at));
			unsigned op = (unsigned)field_hex(next_field(&at));
			uint64_t value = field_hex(next_field(&at));
			uint64_t mask = field_hex(next_field(&at));

			if (index < 6)
				scan->checked |= 1u << index;
			matches = matches && check_holds(name, index, op, value, mask, args);
		}
		if (!matches)
			continue;
		if (rule.kind == 'd') {
			scan->repeated = rule;
		} else if (!scan->best.found ||
			   severity(rule.action) < severity(scan->best.action)) {
			scan->best = rule;
		}
	}
}

static void put_comment(struct out *out, const struct located *rule)
{
	if (!rule->comment.length)
		return;
	put(out, " (\"");
	put_field(out, rule->comment);
	put(out, "\")");
}

/* add { syscall = "NAME"; action = "allow"; args = ( … ); } to rules */
static void put_argument_rule(struct out *out, const char *name, unsigned checked,
			      const uint64_t args[6])
{
	bool first = true;

	put(out, "add { syscall = \"");
	put(out, name);
	put(out, "\"; action = \"allow\"; args = ( ");
	for (unsigned index = 0; index < 6; index++) {
		char value[256];

		if (!(checked & (1u << index)))
			continue;
		decode_argument(value, sizeof(value), name, index, args[index]);
		put(out, first ? "" : ", ");
		put(out, "{ index = ");
		put_decimal(out, index);
		put(out, "; op = \"eq\"; value = \"");
		put(out, value);
		put(out, "\"; }");
		first = false;
	}
	put(out, " ); } to rules");
}

static void put_explain_hint(struct out *out, const char *policy, const char *name,
			     const uint64_t args[6])
{
	int arity = name ? argwidth_arity(name) : -1;

	put(out, "; `preseal explain ");
	/* "built-in NAME" and "profile NAME" are explained by NAME */
	if (policy && strncmp(policy, "built-in ", 9) == 0)
		policy += 9;
	else if (policy && strncmp(policy, "profile ", 8) == 0)
		policy += 8;
	put(out, policy && *policy ? policy : "POLICY");
	put(out, " ");
	put(out, name ? name : "SYSCALL");
	for (int i = 0; i < (arity < 0 || arity > 6 ? 6 : arity); i++) {
		char value[32];
		struct out number = { value, sizeof(value), 0 };

		put(&number, "0x");
		for (int shift = 60; shift >= 0; shift -= 4) {
			char digit = "0123456789abcdef"[(args[i] >> shift) & 0xf];

			if (number.used > 2 || digit != '0' || shift == 0)
				put_n(&number, &digit, 1);
		}
		put(out, " ");
		put(out, value);
	}
	put(out, "` names the rule");
}

/* The architectures that also make socket and IPC calls through
 * socketcall and ipc. */
static bool multiplexing(uint32_t audit_arch)
{
	switch (audit_arch) {
	case AUDIT_ARCH_I386:
	case AUDIT_ARCH_S390:
	case AUDIT_ARCH_S390X:
	case AUDIT_ARCH_PPC:
	case AUDIT_ARCH_PPC64:
	case AUDIT_ARCH_PPC64LE:
	case AUDIT_ARCH_MIPS:
	case AUDIT_ARCH_MIPSEL:
		return true;
	default:
		return false;
	}
}

int report_rules_explain(char *buffer, int size, const char *rules, uint32_t audit_arch, int32_t nr,
			 const char *name, const uint64_t args[6], uint32_t action,
			 const char *policy)
{
	struct out out = { buffer, size, 0 };
	bool x32 = audit_arch == AUDIT_ARCH_X86_64 && (nr & X32_BIT);
	uint32_t token = x32 ? X32_TOKEN : audit_arch;
	struct scan scan = { 0 };
	const struct located *decided;

	if (size <= 0)
		return 0;
	buffer[0] = '\0';
	put(&out, "policy ");
	put(&out, policy && *policy ? policy : "(unknown)");
	if (!rules || rules[0] != '1') {
		put(&out, " says ");
		put_action(&out, action);
		put_explain_hint(&out, policy, name, args);
		return out.used;
	}
	scan_rules(rules, nr, name, args, token, &scan);
	if (!scan.listed_arch) {
		const char *arch = sysnames_arch(audit_arch, nr);
		const char *at = rules;
		char kind;

		put(&out, ": the call is from ");
		put(&out, arch ? arch : "an unknown architecture");
		put(&out, ", which its architectures do not list, and bad_arch_action");
		while (next_entry(&at, &kind))
			if (kind == 'B') {
				struct field file;
				unsigned line;

				(void)next_field(&at);
				file = next_field(&at);
				line = (unsigned)field_hex(next_field(&at));
				if (line) {
					put(&out, " at ");
					put_where(&out, file, line);
				}
			}
		put(&out, " says ");
		put_action(&out, action);
		if (arch && (x32 ? scan.x32_refused
				 : multiplexing(audit_arch) && scan.multiplexed_refused)) {
			put(&out, "; check refuses \"");
			put(&out, arch);
			put(&out, "\" in architectures beside the policy's argument rules, so the "
				  "call stays refused while they are there");
		} else if (arch) {
			put(&out, "; to allow it, add \"");
			put(&out, arch);
			put(&out, "\" to architectures");
		}
		return out.used;
	}
	if (token != PRESEAL_NATIVE_ARCH) {
		put(&out, " says ");
		put_action(&out, action);
		put_explain_hint(&out, policy, name, args);
		return out.used;
	}
	decided = scan.best.found ? &scan.best : scan.repeated.found ? &scan.repeated : NULL;
	if (decided && decided->kind == 'g') {
		put(&out, ": @");
		put_field(&out, decided->group);
		put(&out, " at ");
		put_where(&out, decided->file, decided->line);
		put(&out, " says ");
		put_action(&out, action);
		put(&out, "; to allow it anyway, add \"");
		put(&out, name);
		put(&out, "\" to allow (a name overrides a group)");
	} else if (decided && decided->kind == 'i') {
		put(&out, ": preseal's implied rule for ");
		put(&out, name);
		put(&out, " says ");
		put_action(&out, action);
		put(&out, " (`preseal explain` says why); to allow it, add \"");
		put(&out, name);
		put(&out, "\" to allow");
	} else if (decided) {
		put(&out, ": the rule at ");
		put_where(&out, decided->file, decided->line);
		put_comment(&out, decided);
		put(&out, " says ");
		put_action(&out, action);
		put(&out,
		    "; it denies this call on purpose: change or remove that rule to allow it");
	} else {
		put(&out, ": default_action");
		if (scan.fallback.line) {
			put(&out, " at ");
			put_where(&out, scan.fallback.file, scan.fallback.line);
		}
		put(&out, " says ");
		put_action(&out, action);
		if (name && scan.checked) {
			put(&out, "; ");
			put(&out, name);
			put(&out, " has argument rules, so to allow this call, ");
			put_argument_rule(&out, name, scan.checked, args);
		} else if (name) {
			put(&out, "; to allow it, add \"");
			put(&out, name);
			put(&out, "\" to allow");
		}
	}
	return out.used;
}

long report_rules_locate(const char *rules, uint32_t audit_arch, int32_t nr, const char *name,
			 const uint64_t args[6])
{
	bool x32 = audit_arch == AUDIT_ARCH_X86_64 && (nr & X32_BIT);
	struct scan scan = { 0 };

	if (!rules || rules[0] != '1')
		return -1;
	scan_rules(rules, nr, name, args, x32 ? X32_TOKEN : audit_arch, &scan);
	if (scan.best.found)
		return scan.best.offset;
	return scan.repeated.found ? scan.repeated.offset : -1;
}

/* action: seccomp actions and argument comparisons as preseal spells them.
 *
 * Parsing and printing "allow", "errno(EPERM)", "trace(7)", … and mapping
 * them to the kernel's SECCOMP_RET_* values.  Tables, not if-chains; no
 * allocation; no libseccomp.
 */
#include "policy.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "suggest.h"

/* Sorted by name. */
static const struct simple_action {
	const char *name;
	enum action_kind kind;
} simple_actions[] = {
	{ "allow", ACTION_ALLOW },
	{ "kill_process", ACTION_KILL_PROCESS },
	{ "kill_thread", ACTION_KILL_THREAD },
	{ "log", ACTION_LOG },
	{ "trap", ACTION_TRAP },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Indexed by enum action_kind. */
static const struct {
	const char *name;
	uint32_t seccomp;
} action_kinds[] = {
	[ACTION_KILL_PROCESS] = { "kill_process", SECCOMP_RET_KILL_PROCESS },
	[ACTION_KILL_THREAD] = { "kill_thread", SECCOMP_RET_KILL_THREAD },
	[ACTION_TRAP] = { "trap", SECCOMP_RET_TRAP },
	[ACTION_ERRNO] = { "errno", SECCOMP_RET_ERRNO },
	[ACTION_USER_NOTIF] = { "user_notif", SECCOMP_RET_USER_NOTIF },
	[ACTION_TRACE] = { "trace", SECCOMP_RET_TRACE },
	[ACTION_LOG] = { "log", SECCOMP_RET_LOG },
	[ACTION_ALLOW] = { "allow", SECCOMP_RET_ALLOW },
};

/* Indexed by enum arg_op. */
static const char *const op_names[] = {
	[OP_EQ] = "eq",
	[OP_NE] = "ne",
	[OP_LT] = "lt",
	[OP_LE] = "le",
	[OP_GT] = "gt",
	[OP_GE] = "ge",
	[OP_MASKED_EQ] = "masked_eq",
	[OP_MASKED_NE] = "masked_ne",
};

/* The kernel clamps errno values to MAX_ERRNO (4095), and libseccomp 2.5.4
 * refuses 4095 itself as an action. */
#define ERRNO_MAX 4094

static int parse_number(const char *text, size_t length, unsigned long maximum,
			unsigned long *value)
{
	char digits[32];
	char *end;

	if (length == 0 || length >= sizeof(digits) || text[0] == '-' || text[0] == '+')
		return -EINVAL;
	memcpy(digits, text, length);
	digits[length] = '\0';
	errno = 0;
	*value = strtoul(digits, &end, 0);
	if (errno || *end != '\0' || *value > maximum)
		return -ERANGE;
	return 0;
}

static int parse_errno_argument(const char *text, size_t length, struct action *action, char *why,
				size_t why_size)
{
	char name[64];
	unsigned long number;
	int value;

	/* A sign before a digit is a number too: errno(-1) is out of range,
	 * not an unknown name. */
	size_t sign = length > 1 && (text[0] == '-' || text[0] == '+') ? 1 : 0;

	if (length > sign && text[sign] >= '0' && text[sign] <= '9') {
		if (parse_number(text, length, ERRNO_MAX, &number) < 0 || number == 0) {
			snprintf(
				why, why_size,
				"errno(%.*s%s) needs a number from 1 to %d or a name such as EPERM",
				(int)(length > 24 ? 24 : length), text, length > 24 ? "..." : "",
				ERRNO_MAX);
			return -EINVAL;
		}
		action->data = (uint16_t)number;
		return 0;
	}
	if (length == 0) {
		snprintf(why, why_size,
			 "errno() needs a name such as EPERM or a number from 1 to %d", ERRNO_MAX);
		return -EINVAL;
	}
	if (length >= sizeof(name)) {
		snprintf(why, why_size, "unknown errno name '%.40s...'", text);
		return -EINVAL;
	}
	memcpy(name, text, length);
	name[length] = '\0';
	if (names_errno(name, &value) < 0) {
		snprintf(why, why_size, "unknown errno name '%s'", name);
		return -EINVAL;
	}
	action->data = (uint16_t)value;
	return 0;
}

/* "errno(EPERM)" or "trace(7)": NAME '(' ARGUMENT ')'. */
static int parse_call(const char *text, struct action *action, char *why, size_t why_size)
{
	const char *open = strchr(text, '(');
	size_t length = strlen(text);
	unsigned long number;

	if (!open || length < 3 || text[length - 1] != ')')
		return -ENOENT;
	const char *argument = open + 1;
	size_t argument_length = (size_t)(text + length - 1 - argument);

	if ((size_t)(open - text) == 5 && strncmp(text, "errno", 5) == 0) {
		action->kind = ACTION_ERRNO;
		return parse_errno_argument(argument, argument_length, action, why, why_size);
	}
	if ((size_t)(open - text) == 5 && strncmp(text, "trace", 5) == 0) {
		action->kind = ACTION_TRACE;
		if (parse_number(argument, argument_length, 0xffff, &number) < 0) {
			snprintf(why, why_size, "trace(%.*s%s) needs a number from 0 to 65535",
				 (int)(argument_length > 24 ? 24 : argument_length), argument,
				 argument_length > 24 ? "..." : "");
			return -EINVAL;
		}
		action->data = (uint16_t)number;
		return 0;
	}
	return -ENOENT;
}

static int compare_simple(const void *key, const void *element)
{
	return strcmp(key, ((const struct simple_action *)element)->name);
}

int action_parse(const char *text, struct action *action, char *why, size_t why_size)
{
	const struct simple_action *found;
	int result;

	*action = (struct action){ 0 };
	found = bsearch(text, simple_actions, ARRAY_SIZE(simple_actions), sizeof(simple_actions[0]),
			compare_simple);
	if (found) {
		action->kind = found->kind;
		return 0;
	}
	result = parse_call(text, action, why, why_size);
	if (result != -ENOENT)
		return result;
	const char *names[ARRAY_SIZE(simple_actions) + 2] = { "errno", "trace" };

	for (size_t i = 0; i < ARRAY_SIZE(simple_actions); i++)
		names[i + 2] = simple_actions[i].name;
	const char *guess = suggest_from_list(text, names, ARRAY_SIZE(names));

	if (guess) {
		snprintf(why, why_size, "unknown action '%.*s%s' (did you mean '%s%s'?)",
			 DIAG_QUOTE(text), guess,
			 strcmp(guess, "errno") == 0   ? "(EPERM)"
			 : strcmp(guess, "trace") == 0 ? "(0)"
						       : "");
		return -EINVAL;
	}
	snprintf(why, why_size,
		 "unknown action '%.*s%s' (actions: allow, kill_process, kill_thread, trap, log, "
		 "errno(NAME|N), trace(N))",
		 DIAG_QUOTE(text));
	return -EINVAL;
}

int action_format(struct action action, char *buffer, size_t size)
{
	const char *name = action_kinds[action.kind].name;
	const char *errno_name;

	switch (action.kind) {
	case ACTION_ERRNO:
		errno_name = names_errno_name(action.data);
		if (errno_name)
			return snprintf(buffer, size, "errno(%s)", errno_name);
		return snprintf(buffer, size, "errno(%u)", action.data);
	case ACTION_TRACE:
		return snprintf(buffer, size, "trace(%u)", action.data);
	default:
		return snprintf(buffer, size, "%s", name);
	}
}

uint32_t action_to_seccomp(struct action action)
{
	uint32_t value = action_kinds[action.kind].seccomp;

	if (action.kind == ACTION_ERRNO || action.kind == ACTION_TRACE)
		value |= action.data;
	return value;
}

struct action action_from_seccomp(uint32_t value)
{
	uint32_t full = value & SECCOMP_RET_ACTION_FULL;

	for (size_t kind = 0; kind < ARRAY_SIZE(action_kinds); kind++) {
		if (action_kinds[kind].seccomp != full)
			continue;
		struct action action = { .kind = (enum action_kind)kind };

		if (action.kind == ACTION_ERRNO || action.kind == ACTION_TRACE)
			action.data = (uint16_t)(value & SECCOMP_RET_DATA);
		return action;
	}
	/* The kernel treats unknown actions as kill_process. */
	return (struct action){ .kind = ACTION_KILL_PROCESS };
}

uint32_t action_severity(struct action action)
{
	/* SECCOMP_RET_KILL_PROCESS is 0x80000000 yet the most restrictive:
	 * rank it first, and everything else by its value, as the kernel does. */
	return action.kind == ACTION_KILL_PROCESS ? 0 : action_to_seccomp(action) + 1;
}

bool action_equal(struct action a, struct action b)
{
	return a.kind == b.kind && a.data == b.data;
}

const char *arg_op_name(enum arg_op op)
{
	return op_names[op];
}

int arg_op_parse(const char *text, enum arg_op *op)
{
	for (size_t i = 0; i < ARRAY_SIZE(op_names); i++) {
		if (strcmp(text, op_names[i]) == 0) {
			*op = (enum arg_op)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *const *arg_op_names(size_t *count)
{
	*count = ARRAY_SIZE(op_names);
	return op_names;
}

bool arg_check_holds(const struct arg_check *check, uint64_t argument)
{
	switch (check->op) {
	case OP_EQ:
		return argument == check->value;
	case OP_NE:
		return argument != check->value;
	case OP_LT:
		return argument < check->value;
	case OP_LE:
		return argument <= check->value;
	case OP_GT:
		return argument > check->value;
	case OP_GE:
		return argument >= check->value;
	case OP_MASKED_EQ:
		return (argument & check->mask) == check->value;
	case OP_MASKED_NE:
		return (argument & check->mask) != check->value;
	}
	return false;
}

/* policy: libconfig text → validated policy model.
 *
 * Reads every key of the contract, resolves actions, constants, errno names
 * and groups, and records one rule per syscall name with the file and line
 * it came from.  Strict by design: a typo in a security policy is an error,
 * never silently ignored, and every error is reported, not only the first.
 * It never touches libseccomp and never returns a policy that had an error.
 */
#include "policy.h"

#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "names.h"
#include "numbers.h"
#include "policy_file.h"
#include "policy_internal.h"
#include "rules.h"
#include "suggest.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Deeper nesting than this among groups is a cycle or a mistake. */
#define GROUP_DEPTH_MAX 16

struct user_group {
	const char *name; /* interned in the policy */
	const config_setting_t *members;
	int line;
	const char *file;
};

struct reader {
	struct policy *policy;
	struct diag_list *diags;
	const char *top_file;	 /* interned name used in messages */
	const char *include_dir; /* NULL: includes refused */
	struct user_group *groups;
	size_t group_count;
	const char *expanding[GROUP_DEPTH_MAX]; /* the group chain being expanded */
	bool validate_only; /* check names, add no rules (the rule had an error) */
	size_t depth;
};

/* What one entry of allow, deny or rules expands into. */
struct rule_template {
	struct action action;
	struct arg_check args[POLICY_MAX_ARGS];
	unsigned arg_count;
	struct source where;
	const char *via_group;
	const char *comment;
};

/* ---- sources and strings ------------------------------------------------ */

static void out_of_memory(struct reader *reader)
{
	reader->diags->out_of_memory = 1;
}

static struct source source_of(struct reader *reader, const config_setting_t *setting)
{
	return policy_setting_source(reader->policy, reader->top_file, setting);
}

__attribute__((format(printf, 3, 4))) static void
error_at(struct reader *reader, const config_setting_t *setting, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	policy_setting_verror(reader->policy, reader->top_file, reader->diags, setting, format,
			      args);
	va_end(args);
}

static bool expect_type(struct reader *reader, const config_setting_t *setting, int type,
			const char *what)
{
	if (config_setting_type(setting) == type)
		return true;
	error_at(reader, setting, "'%s' must be %s, not %s", what, policy_type_name(type),
		 policy_type_name(config_setting_type(setting)));
	return false;
}

/* The same for an entry of a list, described by WHAT ("each rule"). */
static bool expect_entry_type(struct reader *reader, const config_setting_t *setting, int type,
			      const char *what)
{
	if (config_setting_type(setting) == type)
		return true;
	error_at(reader, setting, "%s must be %s, not %s", what, policy_type_name(type),
		 policy_type_name(config_setting_type(setting)));
	return false;
}

/* ---- actions, values and names ----------------------------------------- */

static bool read_action(struct reader *reader, const config_setting_t *setting, const char *key,
			struct action *action)
{
	char why[256];

	if (!expect_type(reader, setting, CONFIG_TYPE_STRING, key))
		return false;
	if (action_parse(config_setting_get_string(setting), action, why, sizeof(why)) == 0)
		return true;
	error_at(reader, setting, "%s: %s", key, why);
	return false;
}

/* An argument value: an integer (64-bit two's complement), or a string of
 * numbers and constant names joined with '|'. */
static bool read_value(struct reader *reader, const config_setting_t *setting, const char *key,
		       uint64_t *value)
{
	const char *bad = NULL;
	size_t bad_length = 0;
	int result;

	switch (config_setting_type(setting)) {
	case CONFIG_TYPE_INT:
		/* 0xffffffff means 4294967295; -1 means all 64 bits set. */
		if (config_setting_get_format(setting) == CONFIG_FORMAT_HEX)
			*value = (uint32_t)config_setting_get_int(setting);
		else
			*value = (uint64_t)(int64_t)config_setting_get_int(setting);
		return true;
	case CONFIG_TYPE_INT64:
		*value = (uint64_t)config_setting_get_int64(setting);
		return true;
	case CONFIG_TYPE_STRING:
		break;
	default:
		error_at(reader, setting,
			 "'%s' must be an integer or a string of constants, not %s", key,
			 policy_type_name(config_setting_type(setting)));
		return false;
	}
	result = names_parse_value(config_setting_get_string(setting), value, &bad, &bad_length);
	if (result == 0)
		return true;
	if (result == -ENOENT)
		error_at(reader, setting, "%s: unknown constant '%.*s%s'", key,
			 (int)(bad_length > DIAG_QUOTE_MAX ? DIAG_QUOTE_MAX : bad_length), bad,
			 bad_length > DIAG_QUOTE_MAX ? "..." : "");
	else if (bad && bad_length)
		error_at(reader, setting, "%s: '%.*s%s' is not a valid number or constant", key,
			 (int)(bad_length > DIAG_QUOTE_MAX ? DIAG_QUOTE_MAX : bad_length), bad,
			 bad_length > DIAG_QUOTE_MAX ? "..." : "");
	else
		error_at(reader, setting, "%s: '%.*s%s' is not a valid value", key,
			 DIAG_QUOTE(config_setting_get_string(setting)));
	return false;
}

static bool valid_syscall_name(const char *name)
{
	size_t length = strlen(name);

	if (length == 0 || length > 64)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
			return false;
	return true;
}

static bool valid_group_name(const char *name)
{
	size_t length = strlen(name);

	if (length == 0 || length > 64)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
			return false;
	return true;
}

/* ---- rules ------------------------------------------------------------- */

static bool add_rule(struct reader *reader, const char *syscall,
		     const struct rule_template *template, bool from_group)
{
	struct policy *policy = reader->policy;
	struct rule *rule;

	if (reader->validate_only)
		return true;
	rule = policy_append_rule(policy, &(struct rule){
						  .syscall = (char *)syscall,
						  .action = template->action,
						  .arg_count = template->arg_count,
						  .where = template->where,
						  .via_group = template->via_group,
						  .comment = template->comment,
						  .from_group = from_group,
					  });
	if (!rule) {
		out_of_memory(reader);
		return false;
	}
	memcpy(rule->args, template->args, sizeof(rule->args));
	return true;
}

static struct user_group *find_user_group(struct reader *reader, const char *name)
{
	for (size_t i = 0; i < reader->group_count; i++)
		if (strcmp(reader->groups[i].name, name) == 0)
			return &reader->groups[i];
	return NULL;
}

static const char *group_list_get(const void *table, size_t index)
{
	return ((const struct syscall_group *)table)[index].name;
}

static void unknown_group(struct reader *reader, const config_setting_t *entry, const char *name)
{
	size_t count;
	const struct syscall_group *groups = names_groups(&count);
	const char *guess = suggest_closest(name, groups, count, group_list_get);

	if (guess)
		error_at(reader, entry, "unknown group '@%.*s%s' (did you mean '@%s'?)",
			 DIAG_QUOTE(name), guess);
	else
		error_at(reader, entry,
			 "unknown group '@%.*s%s' (`preseal groups` lists them; define your own "
			 "under "
			 "'groups')",
			 DIAG_QUOTE(name));
}

static void expand_name(struct reader *reader, const config_setting_t *entry, const char *name,
			struct rule_template *template, bool from_group);

/* Pushes GROUP on the expansion chain; false (and an error) on a cycle. */
static bool enter_group(struct reader *reader, const config_setting_t *entry, const char *group)
{
	for (size_t i = 0; i < reader->depth; i++) {
		if (strcmp(reader->expanding[i], group) != 0)
			continue;
		char chain[512] = "";
		size_t used = 0;

		for (size_t j = i; j < reader->depth && used < sizeof(chain); j++)
			used += (size_t)snprintf(chain + used, sizeof(chain) - used, "@%s -> ",
						 reader->expanding[j]);
		error_at(reader, entry, "group '@%s' includes itself: %s@%s", group, chain, group);
		return false;
	}
	if (reader->depth == GROUP_DEPTH_MAX) {
		error_at(reader, entry, "groups nest deeper than %d levels at '@%s'",
			 GROUP_DEPTH_MAX, group);
		return false;
	}
	reader->expanding[reader->depth++] = group;
	return true;
}

static void expand_user_group(struct reader *reader, const struct user_group *group,
			      struct rule_template *template)
{
	int count = config_setting_length(group->members);

	for (int i = 0; i < count; i++) {
		const config_setting_t *member =
			config_setting_get_elem(group->members, (unsigned)i);

		if (config_setting_type(member) != CONFIG_TYPE_STRING)
			continue; /* reported once, when the group was read */
		expand_name(reader, member, config_setting_get_string(member), template, true);
	}
}

static void expand_builtin_group(struct reader *reader, const config_setting_t *entry,
				 const struct syscall_group *group, struct rule_template *template)
{
	for (size_t i = 0; i < group->member_count; i++)
		expand_name(reader, entry, group->members[i], template, true);
}

static void expand_group(struct reader *reader, const config_setting_t *entry, const char *name,
			 struct rule_template *template)
{
	const struct user_group *user = find_user_group(reader, name);
	const struct syscall_group *builtin = user ? NULL : names_group(name);
	const char *outer = template->via_group;

	if (!user && !builtin) {
		unknown_group(reader, entry, name);
		return;
	}
	if (!enter_group(reader, entry, name))
		return;
	/* Rules remember the group the user wrote, not the nested one. */
	if (!outer)
		template->via_group = user ? user->name : builtin->name;
	if (user)
		expand_user_group(reader, user, template);
	else
		expand_builtin_group(reader, entry, builtin, template);
	template->via_group = outer;
	reader->depth--;
}

static void expand_name(struct reader *reader, const config_setting_t *entry, const char *name,
			struct rule_template *template, bool from_group)
{
	if (name[0] == '@') {
		expand_group(reader, entry, name + 1, template);
		return;
	}
	if (!valid_syscall_name(name)) {
		error_at(reader, entry,
			 "'%.*s%s' is not a syscall name (at most 64 lowercase letters, digits, "
			 "'_')",
			 DIAG_QUOTE(name));
		return;
	}
	add_rule(reader, name, template, from_group);
}

/* allow = [ … ] and deny = [ … ]: names and @groups, each unconditional. */
static void read_name_list(struct reader *reader, const config_setting_t *list, const char *key,
			   struct action action)
{
	int count;

	if (!policy_setting_is_sequence(list)) {
		error_at(reader, list, "'%s' must be a list of syscall names and @groups, not %s",
			 key, policy_type_name(config_setting_type(list)));
		return;
	}
	count = config_setting_length(list);
	for (int i = 0; i < count; i++) {
		const config_setting_t *entry = config_setting_get_elem(list, (unsigned)i);
		struct rule_template template = { .action = action,
						  .where = source_of(reader, entry) };

		if (!expect_entry_type(reader, entry, CONFIG_TYPE_STRING,
				       key[0] == 'a'
					       ? "each entry of 'allow' (a syscall name or @group)"
					       : "each entry of 'deny' (a syscall name or @group)"))
			continue;
		expand_name(reader, entry, config_setting_get_string(entry), &template, false);
	}
}

/* ---- rules = ( { syscall; action; args; } ) ----------------------------- */

static const char *const rule_keys[] = { "action", "args", "comment", "syscall" };
static const char *const arg_keys[] = { "index", "mask", "op", "value" };

static bool check_keys(struct reader *reader, const config_setting_t *group,
		       const char *const *keys, size_t key_count, const char *where)
{
	return policy_check_keys(reader->policy, reader->top_file, reader->diags, group, keys,
				 key_count, where);
}

static bool read_mask(struct reader *reader, const config_setting_t *arg,
		      const config_setting_t *mask, const config_setting_t *value,
		      struct arg_check *check);

static bool read_arg(struct reader *reader, const config_setting_t *arg, struct arg_check *check)
{
	const config_setting_t *index = config_setting_get_member(arg, "index");
	const config_setting_t *op = config_setting_get_member(arg, "op");
	const config_setting_t *value = config_setting_get_member(arg, "value");
	const config_setting_t *mask = config_setting_get_member(arg, "mask");
	bool ok = check_keys(reader, arg, arg_keys, ARRAY_SIZE(arg_keys), "an argument check");
	size_t op_count;
	const char *const *ops = arg_op_names(&op_count);

	if (!index || !op || !value) {
		error_at(reader, arg, "an argument check needs 'index', 'op' and 'value'");
		return false;
	}
	if (config_setting_type(index) == CONFIG_TYPE_INT64 ||
	    expect_type(reader, index, CONFIG_TYPE_INT, "index")) {
		long long number = config_setting_get_int64(index);

		if (number < 0 || number >= POLICY_MAX_ARGS) {
			error_at(reader, index, "argument index %lld is out of range 0-5", number);
			ok = false;
		}
		check->index = (unsigned)number;
	} else {
		ok = false;
	}
	if (expect_type(reader, op, CONFIG_TYPE_STRING, "op")) {
		const char *name = config_setting_get_string(op);

		if (arg_op_parse(name, &check->op) < 0) {
			const char *guess = suggest_from_list(name, ops, op_count);

			error_at(reader, op,
				 "unknown op '%.*s%s'%s%s%s (ops: eq ne lt le gt ge masked_eq "
				 "masked_ne)",
				 DIAG_QUOTE(name), guess ? " (did you mean '" : "",
				 guess ? guess : "", guess ? "'?)" : "");
			ok = false;
		}
	} else {
		ok = false;
	}
	ok = read_value(reader, value, "value", &check->value) && ok;
	if (ok)
		ok = read_mask(reader, arg, mask, value, check);
	return ok;
}

static bool is_masked(enum arg_op op)
{
	return op == OP_MASKED_EQ || op == OP_MASKED_NE;
}

static bool read_mask(struct reader *reader, const config_setting_t *arg,
		      const config_setting_t *mask, const config_setting_t *value,
		      struct arg_check *check)
{
	if (is_masked(check->op) && !mask) {
		error_at(reader, arg, "op '%s' needs a 'mask'", arg_op_name(check->op));
		return false;
	}
	if (!is_masked(check->op) && mask) {
		error_at(reader, mask,
			 "'mask' goes only with ops masked_eq and masked_ne, not '%s'",
			 arg_op_name(check->op));
		return false;
	}
	if (!mask)
		return true;
	if (!read_value(reader, mask, "mask", &check->mask))
		return false;
	if (check->mask == 0) {
		error_at(reader, mask, "a mask of 0 makes the comparison ignore the argument");
		return false;
	}
	if (check->value & ~check->mask) {
		error_at(reader, value, "value has bits outside the mask, so %s can never %s",
			 arg_op_name(check->op), check->op == OP_MASKED_EQ ? "match" : "fail");
		return false;
	}
	return true;
}

/* libseccomp 2.5 refuses two comparisons of one argument in one rule, and
 * each masked_ne becomes one rule per mask bit, so a rule may have one. */
static bool distinct_arguments(struct reader *reader, const config_setting_t *args,
			       const struct rule_template *template)
{
	unsigned masked_ne = 0;

	for (unsigned i = 0; i < template->arg_count; i++) {
		masked_ne += template->args[i].op == OP_MASKED_NE;
		for (unsigned j = 0; j < i; j++) {
			if (template->args[i].index != template->args[j].index)
				continue;
			error_at(reader, config_setting_get_elem(args, i),
				 "argument %u is checked twice in one rule; libseccomp cannot "
				 "combine "
				 "two checks of one argument (use masked_eq, or several rules)",
				 template->args[i].index);
			return false;
		}
	}
	if (masked_ne > 1) {
		error_at(reader, args, "a rule may use masked_ne on one argument only");
		return false;
	}
	return true;
}

static bool read_args(struct reader *reader, const config_setting_t *args,
		      struct rule_template *template)
{
	int count;
	bool ok = true;

	if (config_setting_type(args) != CONFIG_TYPE_LIST) {
		error_at(reader, args,
			 "'args' must be a list ( { index; op; value; }, ... ), not %s",
			 policy_type_name(config_setting_type(args)));
		return false;
	}
	count = config_setting_length(args);
	if (count == 0) {
		error_at(reader, args,
			 "'args' is empty: leave it out for a rule without conditions");
		return false;
	}
	if (count > POLICY_MAX_ARGS) {
		error_at(reader, args, "a rule may check at most %d arguments, not %d",
			 POLICY_MAX_ARGS, count);
		return false;
	}
	for (int i = 0; i < count; i++) {
		const config_setting_t *arg = config_setting_get_elem(args, (unsigned)i);

		if (!expect_entry_type(reader, arg, CONFIG_TYPE_GROUP,
				       "each argument check ( { index; op; value; } )")) {
			ok = false;
			continue;
		}
		ok = read_arg(reader, arg, &template->args[template->arg_count++]) && ok;
	}
	return ok && distinct_arguments(reader, args, template);
}

static void read_rule_syscalls(struct reader *reader, const config_setting_t *syscall,
			       struct rule_template *template)
{
	int count;

	if (config_setting_type(syscall) == CONFIG_TYPE_STRING) {
		expand_name(reader, syscall, config_setting_get_string(syscall), template, false);
		return;
	}
	if (!policy_setting_is_sequence(syscall)) {
		error_at(reader, syscall, "'syscall' must be a name or a list of names, not %s",
			 policy_type_name(config_setting_type(syscall)));
		return;
	}
	count = config_setting_length(syscall);
	if (count == 0)
		error_at(reader, syscall, "'syscall' is an empty list");
	for (int i = 0; i < count; i++) {
		const config_setting_t *entry = config_setting_get_elem(syscall, (unsigned)i);

		if (expect_entry_type(reader, entry, CONFIG_TYPE_STRING,
				      "each entry of 'syscall' (a syscall name or @group)"))
			expand_name(reader, entry, config_setting_get_string(entry), template,
				    false);
	}
}

static void read_rule(struct reader *reader, const config_setting_t *entry)
{
	const config_setting_t *syscall = config_setting_get_member(entry, "syscall");
	const config_setting_t *action = config_setting_get_member(entry, "action");
	const config_setting_t *args = config_setting_get_member(entry, "args");
	const config_setting_t *comment = config_setting_get_member(entry, "comment");
	struct rule_template template = { .where = source_of(reader, entry) };
	bool ok = check_keys(reader, entry, rule_keys, ARRAY_SIZE(rule_keys), "a rule");

	if (!syscall || !action) {
		error_at(reader, entry, "a rule needs 'syscall' and 'action'");
		return;
	}
	if (comment && !expect_type(reader, comment, CONFIG_TYPE_STRING, "comment"))
		ok = false;
	else if (comment && !(template.comment = policy_intern(reader->policy,
							       config_setting_get_string(comment))))
		out_of_memory(reader);
	ok = read_action(reader, action, "action", &template.action) && ok;
	if (args)
		ok = read_args(reader, args, &template) && ok;
	/* Names are checked even when the rest of the rule was wrong, so that
	 * every error is reported at once. */
	reader->validate_only = !ok;
	read_rule_syscalls(reader, syscall, &template);
	reader->validate_only = false;
}

static void read_rules(struct reader *reader, const config_setting_t *rules)
{
	int count;

	if (config_setting_type(rules) != CONFIG_TYPE_LIST) {
		error_at(reader, rules,
			 "'rules' must be a list ( { syscall; action; }, ... ), not %s",
			 policy_type_name(config_setting_type(rules)));
		return;
	}
	count = config_setting_length(rules);
	for (int i = 0; i < count; i++) {
		const config_setting_t *entry = config_setting_get_elem(rules, (unsigned)i);

		if (expect_entry_type(reader, entry, CONFIG_TYPE_GROUP,
				      "each rule ( { syscall; action; } )"))
			read_rule(reader, entry);
	}
}

/* ---- groups = { name = [ … ]; } --------------------------------------- */

static void read_one_group(struct reader *reader, const config_setting_t *group)
{
	const char *name = config_setting_name(group);
	struct user_group *slot = &reader->groups[reader->group_count];
	int count;

	if (!valid_group_name(name)) {
		error_at(reader, group,
			 "group name '%.*s%s' may use only letters, digits, '_' and '-' (64 at "
			 "most)",
			 DIAG_QUOTE(name));
		return;
	}
	if (names_group(name)) {
		error_at(reader, group,
			 "group '@%s' is built in; give yours another name (built-in groups cannot "
			 "be redefined)",
			 name);
		return;
	}
	if (!policy_setting_is_sequence(group)) {
		error_at(reader, group,
			 "group '%.*s%s' must be a list of syscall names and @groups, not %s",
			 DIAG_QUOTE(name), policy_type_name(config_setting_type(group)));
		return;
	}
	count = config_setting_length(group);
	if (count == 0)
		error_at(reader, group, "group '%.*s%s' is empty", DIAG_QUOTE(name));
	for (int i = 0; i < count; i++) {
		char what[128];

		snprintf(what, sizeof(what), "each member of group '%s' (a syscall name or @group)",
			 name);
		expect_entry_type(reader, config_setting_get_elem(group, (unsigned)i),
				  CONFIG_TYPE_STRING, what);
	}
	slot->name = policy_intern(reader->policy, name);
	if (!slot->name) {
		out_of_memory(reader);
		return;
	}
	slot->members = group;
	reader->group_count++;
}

static void read_groups(struct reader *reader, const config_setting_t *groups)
{
	int count;

	if (!expect_type(reader, groups, CONFIG_TYPE_GROUP, "groups"))
		return;
	count = config_setting_length(groups);
	reader->groups = calloc((size_t)count + 1, sizeof(*reader->groups));
	if (!reader->groups) {
		out_of_memory(reader);
		return;
	}
	for (int i = 0; i < count; i++)
		read_one_group(reader, config_setting_get_elem(groups, (unsigned)i));
}

/* ---- attributes -------------------------------------------------------- */

static void read_bool(struct reader *reader, const config_setting_t *setting, bool *field)
{
	if (expect_type(reader, setting, CONFIG_TYPE_BOOL, config_setting_name(setting)))
		*field = config_setting_get_bool(setting) != 0;
}

static const char *const arch_names[] = {
	"aarch64",  "arm",	   "loongarch64", "mips",   "mips64",	"mips64n32", "mipsel",
	"mipsel64", "mipsel64n32", "native",	  "parisc", "parisc64", "ppc",	     "ppc64",
	"ppc64le",  "riscv64",	   "s390",	  "s390x",  "x32",	"x86",	     "x86_64",
};

/* The names Debian, Docker and uname use for architectures libseccomp
 * names otherwise, for "did you mean". */
static const char *arch_alias(const char *name)
{
	static const char *const aliases[][2] = {
		{ "amd64", "x86_64" }, { "arm64", "aarch64" }, { "armhf", "arm" },
		{ "i386", "x86" },     { "i686", "x86" },      { "ppc64el", "ppc64le" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strcmp(name, aliases[i][0]) == 0)
			return aliases[i][1];
	return NULL;
}

static void read_architectures(struct reader *reader, const config_setting_t *setting)
{
	struct policy *policy = reader->policy;
	int count;

	if (!policy_setting_is_sequence(setting)) {
		error_at(reader, setting, "'architectures' must be a list of names, not %s",
			 policy_type_name(config_setting_type(setting)));
		return;
	}
	count = config_setting_length(setting);
	if (count == 0) {
		error_at(reader, setting, "'architectures' is empty: name at least \"native\"");
		return;
	}
	policy->arch_count = 0;
	for (int i = 0; i < count; i++) {
		const config_setting_t *entry = config_setting_get_elem(setting, (unsigned)i);
		const char *name;
		bool known = false;

		if (!expect_entry_type(reader, entry, CONFIG_TYPE_STRING,
				       "each entry of 'architectures'"))
			continue;
		name = config_setting_get_string(entry);
		for (size_t k = 0; k < ARRAY_SIZE(arch_names); k++)
			known = known || strcmp(name, arch_names[k]) == 0;
		if (!known) {
			const char *guess = arch_alias(name)
						    ?: suggest_from_list(name, arch_names,
									 ARRAY_SIZE(arch_names));

			error_at(reader, entry, "unknown architecture '%.*s%s'%s%s%s",
				 DIAG_QUOTE(name), guess ? " (did you mean '" : "",
				 guess ? guess : "", guess ? "'?)" : "");
			continue;
		}
		if (policy->arch_count == POLICY_MAX_ARCHES) {
			error_at(reader, entry, "more than %d architectures", POLICY_MAX_ARCHES);
			return;
		}
		policy->arches[policy->arch_count++] = policy_intern(policy, name);
	}
}

static void read_optimize(struct reader *reader, const config_setting_t *setting)
{
	const char *value;

	if (!expect_type(reader, setting, CONFIG_TYPE_STRING, "optimize"))
		return;
	value = config_setting_get_string(setting);
	if (strcmp(value, "tree") == 0)
		reader->policy->optimize = OPTIMIZE_TREE;
	else if (strcmp(value, "priority") == 0)
		reader->policy->optimize = OPTIMIZE_PRIORITY;
	else
		error_at(reader, setting,
			 "optimize must be \"tree\" or \"priority\", not \"%.*s%s\"",
			 DIAG_QUOTE(value));
}

/* unknown_syscalls: what a syscall newer than the policy gets.  Unset, an
 * errno default implies "enosys" (as runc does: libc falls back on ENOSYS
 * only) and any other default keeps the default, so a kill stays a kill. */
static void read_unknown_syscalls(struct reader *reader, const config_setting_t *setting)
{
	struct policy *policy = reader->policy;
	const char *value;

	policy->unknown_enosys = policy->default_action.kind == ACTION_ERRNO;
	policy->unknown_where = policy->default_where;
	if (!setting)
		return;
	if (!expect_type(reader, setting, CONFIG_TYPE_STRING, "unknown_syscalls"))
		return;
	value = config_setting_get_string(setting);
	policy->unknown_where = source_of(reader, setting);
	policy->unknown_explicit = true;
	if (strcmp(value, "enosys") == 0)
		policy->unknown_enosys = true;
	else if (strcmp(value, "default") == 0)
		policy->unknown_enosys = false;
	else
		error_at(reader, setting,
			 "unknown_syscalls must be \"enosys\" or \"default\", not \"%s\"", value);
}

/* ---- the top level ----------------------------------------------------- */

/* The top-level keys, sorted.  Reading happens in a fixed order below,
 * because groups must be known before the lists that use them. */
static const char *const top_keys[] = {
	"allow",
	"allow_negative_syscalls",
	"architectures",
	"bad_arch_action",
	"default_action",
	"deny",
	"deny_action",
	"disable_ssb",
	"groups",
	"landlock",
	"log",
	"network",
	"no_new_privs",
	"optimize",
	"path_groups",
	"paths",
	"paths_rules",
	"rules",
	"scope",
	"thread_sync",
	"unknown_syscalls",
};

static void read_top(struct reader *reader, const config_setting_t *root)
{
	struct policy *policy = reader->policy;
	const config_setting_t *setting;

	check_keys(reader, root, top_keys, ARRAY_SIZE(top_keys), "the policy");
	if ((setting = config_setting_get_member(root, "groups")))
		read_groups(reader, setting);
	if ((setting = config_setting_get_member(root, "default_action"))) {
		read_action(reader, setting, "default_action", &policy->default_action);
		policy->default_where = source_of(reader, setting);
	}
	if ((setting = config_setting_get_member(root, "deny_action")))
		read_action(reader, setting, "deny_action", &policy->deny_action);
	if ((setting = config_setting_get_member(root, "bad_arch_action"))) {
		read_action(reader, setting, "bad_arch_action", &policy->bad_arch_action);
		policy->bad_arch_where = source_of(reader, setting);
	}
	if ((setting = config_setting_get_member(root, "no_new_privs")))
		read_bool(reader, setting, &policy->no_new_privs);
	if ((setting = config_setting_get_member(root, "thread_sync")))
		read_bool(reader, setting, &policy->thread_sync);
	if ((setting = config_setting_get_member(root, "log")))
		read_bool(reader, setting, &policy->log);
	if ((setting = config_setting_get_member(root, "disable_ssb")))
		read_bool(reader, setting, &policy->disable_ssb);
	if ((setting = config_setting_get_member(root, "allow_negative_syscalls")))
		read_bool(reader, setting, &policy->allow_negative_syscalls);
	if ((setting = config_setting_get_member(root, "architectures")))
		read_architectures(reader, setting);
	if ((setting = config_setting_get_member(root, "optimize")))
		read_optimize(reader, setting);
	read_unknown_syscalls(reader, config_setting_get_member(root, "unknown_syscalls"));
	if ((setting = config_setting_get_member(root, "allow")))
		read_name_list(reader, setting, "allow", (struct action){ .kind = ACTION_ALLOW });
	if ((setting = config_setting_get_member(root, "deny")))
		read_name_list(reader, setting, "deny", policy->deny_action);
	if ((setting = config_setting_get_member(root, "rules")))
		read_rules(reader, setting);
	policy_read_landlock(policy, root, reader->top_file, reader->diags);
}

static struct policy *policy_new(const char *name)
{
	struct policy *policy = calloc(1, sizeof(*policy));

	if (!policy)
		return NULL;
	policy->default_action = (struct action){ .kind = ACTION_KILL_PROCESS };
	policy->deny_action = (struct action){ .kind = ACTION_ERRNO, .data = EPERM };
	policy->bad_arch_action = (struct action){ .kind = ACTION_KILL_PROCESS };
	policy->no_new_privs = true;
	policy->thread_sync = true;
	policy->optimize = OPTIMIZE_TREE;
	policy->arches[0] = "native";
	policy->arch_count = 1;
	policy->files = calloc(1, sizeof(*policy->files));
	if (!policy->files || !(policy->files[0] = policy_intern(policy, name))) {
		policy_free(policy);
		return NULL;
	}
	policy->file_count = 1;
	policy->default_where = (struct source){ policy->files[0], 0 };
	policy->bad_arch_where = policy->default_where;
	return policy;
}

/* Included files are read by libconfig itself; their integer literals are
 * checked here, from a second read bounded like the first. */
static void check_include_numbers(struct reader *reader, const char *path)
{
	size_t length;
	char *text = policy_slurp_path(path, &length, reader->diags);

	if (text)
		numbers_check_text(text, length, path, reader->diags);
	free(text);
}

/* Records the included files, for ownership checks and cache keys. */
static void record_includes(struct reader *reader, const config_t *config)
{
	struct policy *policy = reader->policy;

	for (unsigned i = 0; i < config->num_filenames; i++) {
		const char **files;
		const char *interned = policy_intern(policy, config->filenames[i]);

		if (interned)
			check_include_numbers(reader, interned);
		files = realloc(policy->files, (policy->file_count + 1) * sizeof(*files));
		if (files)
			policy->files = files;
		if (!interned || !files) {
			out_of_memory(reader);
			return;
		}
		policy->files[policy->file_count++] = interned;
	}
}

/* libconfig's own words, and what preseal says instead. */
static const struct {
	const char *libconfig;
	const char *preseal;
} syntax_messages[] = {
	{ "include file nesting too deep",
	  "includes nest deeper than 10 files (does an include include itself?)" },
	{ "duplicate setting name",
	  "duplicate setting name: this key is already set (a key may be set once in a policy "
	  "and its includes)" },
	{ "mismatched element type in array",
	  "mismatched element type in array: every entry of [ ... ] must have the same type" },
	{ "memory exhausted", "lists and groups nest too deeply (libconfig's parser gave up)" },
};

/* True when LINE is past the last line of TEXT: the parser reached the
 * end of the file still inside something. */
static bool past_the_end(const char *text, size_t length, int line)
{
	int lines = 1;

	for (size_t i = 0; i < length; i++)
		lines += text[i] == '\n';
	return line >= lines && (length == 0 || text[length - 1] == '\n' || line > lines);
}

static bool same_file(const char *a, const char *b)
{
	struct stat first, second;

	return stat(a, &first) == 0 && stat(b, &second) == 0 && first.st_dev == second.st_dev &&
	       first.st_ino == second.st_ino;
}

/* A key set again inside an included file is most often an include loop:
 * the file was read a second time. */
static const char *duplicate_in_include(const struct reader *reader, const char *file)
{
	if (same_file(file, reader->top_file))
		return "include loop: the policy includes itself (directly or through another "
		       "include), so this key is set twice";
	return "duplicate setting name: this key is already set (a key may be set once in a "
	       "policy and its includes; does an include loop read this file twice?)";
}

static void report_syntax_error(struct reader *reader, const config_t *config, const char *source,
				size_t length)
{
	const char *file = config_error_file(config);
	const char *text = config_error_text(config);
	int line = config_error_line(config);

	if (text && file && strcmp(text, "duplicate setting name") == 0)
		text = duplicate_in_include(reader, file);
	for (size_t i = 0; text && i < ARRAY_SIZE(syntax_messages); i++)
		if (strcmp(text, syntax_messages[i].libconfig) == 0)
			text = syntax_messages[i].preseal;
	if (text && strcmp(text, "cannot open include file") == 0)
		text = reader->include_dir ? "cannot open include file (a relative name is read "
					     "from the folder of the file that includes it)"
					   : "includes are not allowed here";
	if ((!text || strcmp(text, "syntax error") == 0) && !file &&
	    past_the_end(source, length, line))
		text = "syntax error at the end of the file: a '[', '(', '{' or '\"' is not closed";
	diag_error(reader->diags, file ? file : reader->top_file, line, "%s",
		   text ? text : "syntax error");
}

static struct policy *read_policy(const char *name, const char *include_dir, const char *text,
				  size_t length, struct diag_list *diags)
{
	struct policy *policy = policy_new(name);
	struct reader reader = { .policy = policy, .diags = diags, .include_dir = include_dir };
	size_t errors_before = diags->errors;
	config_t config;

	if (!policy) {
		diags->out_of_memory = 1;
		return NULL;
	}
	reader.top_file = policy->files[0];
	if (memchr(text, '\0', length)) {
		diag_error(diags, reader.top_file, 0, "holds a NUL byte: not a text policy");
		policy_free(policy);
		return NULL;
	}
	numbers_check_text(text, length, reader.top_file, diags);
	config_init(&config);
	config_set_include_dir(&config,
			       include_dir ? include_dir : "/nonexistent/preseal-no-includes");
	if (config_read_string(&config, text) != CONFIG_TRUE) {
		report_syntax_error(&reader, &config, text, length);
	} else {
		record_includes(&reader, &config);
		read_top(&reader, config_root_setting(&config));
		policy_resolve(policy, diags);
	}
	config_destroy(&config);
	free(reader.groups);
	if (diags->errors > errors_before || diags->out_of_memory) {
		policy_free(policy);
		return NULL;
	}
	return policy;
}

struct policy *policy_read_text(const char *text, size_t length, const char *name,
				const char *include_dir, struct diag_list *diags)
{
	return read_policy(name, include_dir, text, length, diags);
}

struct policy *policy_read_string(const char *text, const char *name, const char *include_dir,
				  struct diag_list *diags)
{
	return read_policy(name, include_dir, text, strlen(text), diags);
}

void policy_free(struct policy *policy)
{
	if (!policy)
		return;
	for (size_t i = 0; i < policy->rule_count; i++)
		free(policy->rules[i].syscall);
	free(policy->rules);
	for (size_t i = 0; i < policy->dropped_count; i++)
		free(policy->dropped[i].syscall);
	free(policy->dropped);
	for (size_t i = 0; i < policy->string_count; i++)
		free(policy->strings[i]);
	free(policy->strings);
	for (size_t i = 0; i < policy->named_count; i++)
		free(policy->named[i]);
	free(policy->named);
	free(policy->files);
	free(policy->landlock.paths);
	free(policy->landlock.ports);
	free(policy);
}

/* ---- reading a policy file ---------------------------------------------- */

struct policy *policy_read_loaded(const char *path, const char *text, size_t length, unsigned flags,
				  struct diag_list *diags)
{
	char *folder_copy = strdup(path);
	struct policy *policy;

	if (!folder_copy) {
		diag_error(diags, path, 0, "out of memory");
		return NULL;
	}
	policy = policy_read_text(text, length, path, dirname(folder_copy), diags);
	free(folder_copy);
	if (policy && (flags & POLICY_TRUSTED_ONLY)) {
		if (policy->file_count > 1)
			policy_check_included_files(policy->files + 1, policy->file_count - 1,
						    flags, diags);
		if (diag_failed(diags)) {
			policy_free(policy);
			policy = NULL;
		}
	}
	return policy;
}

struct policy *policy_read_file(const char *path, unsigned flags, struct diag_list *diags)
{
	size_t length;
	char *text = policy_load_file(path, flags, &length, diags);
	struct policy *policy = NULL;

	if (text && length >= 8 && memcmp(text, "PRESEAL\x01", 8) == 0)
		diag_error(
			diags, path, 0,
			"is a compiled policy (preseal compile --format preseal): give its source");
	else if (text)
		policy = policy_read_loaded(path, text, length, flags, diags);
	free(text);
	return policy;
}

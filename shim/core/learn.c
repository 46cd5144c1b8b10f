/* learn: a monitored run written as a policy.  See learn.h. */
#include "learn.h"

#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arch.h"
#include "grow.h"
#include "io.h"
#include "names.h"
#include "sysnames.h"

#define CLONE_NAMESPACES                                                               \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | \
	 CLONE_NEWPID | CLONE_NEWNET)
#define LOW_32 0xffffffffull

enum shape {
	SHAPE_ANY,	     /* the name alone */
	SHAPE_VALUES,	     /* socket families, ioctl requests */
	SHAPE_NO_EXEC,	     /* mmap, mprotect: never PROT_EXEC */
	SHAPE_NO_WRITE_EXEC, /* mmap, mprotect: never PROT_WRITE and PROT_EXEC at once */
	SHAPE_NO_NAMESPACES, /* clone: never CLONE_NEW* */
};

struct entry {
	const char *name;
	uint64_t count;
	bool seen;	/* in this run */
	bool from_base; /* allowed by the base */
	bool kept;	/* the base has rules for it that are kept as written */
	bool enosys;	/* clone3: errno(ENOSYS), so that glibc uses clone */
	bool always;	/* exit, exit_group: allowed whether seen or not */
	enum shape shape;
	uint64_t values[MONITOR_MAX_VALUES];
	uint32_t value_count;
};

struct learned {
	struct entry *entries;
	size_t count;
	size_t capacity;
};

/* ---- which shape a syscall's rule takes --------------------------------- */

static bool named(const char *name, const char *a, const char *b, const char *c)
{
	return strcmp(name, a) == 0 || (b && strcmp(name, b) == 0) || (c && strcmp(name, c) == 0);
}

static enum shape natural_shape(const char *name)
{
	if (named(name, "socket", "ioctl", NULL))
		return SHAPE_VALUES;
	if (named(name, "mmap", "mprotect", "pkey_mprotect"))
		return SHAPE_NO_EXEC;
	if (named(name, "clone", NULL, NULL))
		return SHAPE_NO_NAMESPACES;
	return SHAPE_ANY;
}

static struct entry *entry_for(struct learned *learned, const char *name)
{
	for (size_t i = 0; i < learned->count; i++)
		if (strcmp(learned->entries[i].name, name) == 0)
			return &learned->entries[i];
	if (GROW(learned->entries, learned->count, learned->capacity, 256) < 0)
		return NULL;
	learned->entries[learned->count] =
		(struct entry){ .name = name, .shape = natural_shape(name) };
	return &learned->entries[learned->count++];
}

static void add_value(struct entry *entry, uint64_t value)
{
	if (entry->shape != SHAPE_VALUES)
		return;
	for (uint32_t i = 0; i < entry->value_count; i++)
		if (entry->values[i] == value)
			return;
	if (entry->value_count == MONITOR_MAX_VALUES)
		entry->shape = SHAPE_ANY;
	else
		entry->values[entry->value_count++] = value;
}

static int add_seen(struct learned *learned, const struct monitor_call *call, const char *name)
{
	struct entry *entry = entry_for(learned, name);

	if (!entry)
		return -ENOMEM;
	entry->seen = true;
	entry->count += call->count;
	if (entry->shape == SHAPE_VALUES) {
		if (call->values_overflow)
			entry->shape = SHAPE_ANY;
		for (uint32_t i = 0; i < call->value_count; i++)
			add_value(entry, call->values[i]);
	} else if (entry->shape == SHAPE_NO_EXEC && call->prot_exec) {
		entry->shape = call->prot_write_exec ? SHAPE_ANY : SHAPE_NO_WRITE_EXEC;
	} else if ((entry->shape == SHAPE_NO_WRITE_EXEC && call->prot_write_exec) ||
		   (entry->shape == SHAPE_NO_NAMESPACES && call->clone_namespaces)) {
		entry->shape = SHAPE_ANY;
	}
	return 0;
}

/* ---- the base policy ---------------------------------------------------- */

/* The value an allow rule of the base adds to NAME's shape, or false when
 * the rule is not one learn writes (it is then kept as written). */
static bool mergeable(const struct rule *rule, uint64_t *value)
{
	const struct arg_check *check = &rule->args[0];
	enum shape shape = natural_shape(rule->syscall);

	*value = 0;
	if (rule->action.kind != ACTION_ALLOW)
		return false;
	if (rule->arg_count == 0)
		return true;
	if (rule->arg_count != 1)
		return false;
	switch (shape) {
	case SHAPE_VALUES:
		*value = check->value;
		if (strcmp(rule->syscall, "socket") == 0)
			return check->index == 0 && check->op == OP_EQ;
		return check->index == 1 &&
		       (check->op == OP_EQ || (check->op == OP_MASKED_EQ && check->mask == LOW_32));
	case SHAPE_NO_EXEC:
		*value = check->op == OP_MASKED_NE; /* 1: only W^X */
		return check->index == 2 &&
		       ((check->op == OP_MASKED_EQ && check->mask == PROT_EXEC &&
			 check->value == 0) ||
			(check->op == OP_MASKED_NE && check->mask == (PROT_WRITE | PROT_EXEC) &&
			 check->value == (PROT_WRITE | PROT_EXEC)));
	case SHAPE_NO_NAMESPACES:
		return check->index == 0 && check->op == OP_MASKED_EQ &&
		       check->mask == CLONE_NAMESPACES && check->value == 0;
	default:
		return false;
	}
}

static int add_base(struct learned *learned, const struct policy *base)
{
	uint64_t value;

	for (size_t i = 0; i < base->rule_count; i++) {
		const struct rule *rule = &base->rules[i];
		struct entry *entry = entry_for(learned, rule->syscall);

		if (!entry)
			return -ENOMEM;
		if (!mergeable(rule, &value))
			entry->kept = true;
	}
	for (size_t i = 0; i < base->rule_count; i++) {
		const struct rule *rule = &base->rules[i];
		struct entry *entry = entry_for(learned, rule->syscall);

		if (entry->kept || !mergeable(rule, &value))
			continue;
		entry->from_base = true;
		if (rule->arg_count == 0)
			entry->shape = SHAPE_ANY;
		else if (entry->shape == SHAPE_NO_EXEC && value)
			entry->shape = SHAPE_NO_WRITE_EXEC;
		else
			add_value(entry, value);
	}
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

static bool group_holds(const struct syscall_group *group, const char *name, int depth)
{
	for (size_t i = 0; i < group->member_count && depth < 8; i++) {
		const char *member = group->members[i];

		if (member[0] == '@') {
			const struct syscall_group *inner = names_group(member + 1);

			if (inner && group_holds(inner, name, depth + 1))
				return true;
		} else if (strcmp(member, name) == 0) {
			return true;
		}
	}
	return false;
}

/* The headings of the allow-list, in this order; a name goes under the
 * first that holds it. */
static const char *const headings[] = {
	"default", "basic-io", "file-system", "io-event", "network-io", "ipc",
	"process", "signal",   "timer",	      "sync",	  "resources",	"setuid",
	"sandbox", "memlock",  "chown",	      "aio",	  "io-uring",	"keyring",
	"debug",   "mount",    "privileged",  "known",
};

#define HEADING_COUNT (sizeof(headings) / sizeof(headings[0]))

static size_t heading_of(const char *name)
{
	for (size_t h = 0; h < HEADING_COUNT; h++) {
		const struct syscall_group *group = names_group(headings[h]);

		if (group && group_holds(group, name, 0))
			return h;
	}
	return HEADING_COUNT;
}

static const char *constant_name(uint64_t value, const char *const *prefixes, char *buffer,
				 size_t size)
{
	size_t count;
	const struct name_value *table = names_constant_table(&count);

	/* Old aliases lose to the names people write. */
	static const char *const aliases[] = { "AF_FILE", "AF_LOCAL", "AF_ROUTE", NULL };

	for (const char *const *prefix = prefixes; *prefix; prefix++)
		for (size_t i = 0; i < count; i++) {
			bool alias = false;

			for (const char *const *a = aliases; *a; a++)
				alias = alias || strcmp(table[i].name, *a) == 0;
			if (!alias && table[i].value == value &&
			    strncmp(table[i].name, *prefix, strlen(*prefix)) == 0)
				return table[i].name;
		}
	snprintf(buffer, size, "0x%llx", (unsigned long long)value);
	return buffer;
}

static const char *value_text(const char *syscall, uint64_t value, char *buffer, size_t size)
{
	static const char *const families[] = { "AF_", NULL };
	static const char *const requests[] = { "TC",	   "TIOC", "FIO", "SIOC",
						"FICLONE", "NS_",  "FS_", NULL };

	return constant_name(value, strcmp(syscall, "socket") == 0 ? families : requests, buffer,
			     size);
}

static void write_count(FILE *out, const struct entry *entry, const char *base_name)
{
	if (entry->always && entry->count == 0)
		fprintf(out, "# always: a run stopped by a signal never exits by itself\n");
	else if (entry->seen && entry->count == 0)
		fprintf(out, "# for glibc's fallback from clone3\n");
	else if (entry->seen && entry->from_base)
		fprintf(out, "# %llu, and allowed by %s\n", (unsigned long long)entry->count,
			base_name);
	else if (entry->seen)
		fprintf(out, "# %llu\n", (unsigned long long)entry->count);
	else
		fprintf(out, "# from %s\n", base_name);
}

static bool in_allow_list(const struct entry *entry)
{
	return !entry->kept && !entry->enosys && entry->shape == SHAPE_ANY &&
	       (entry->seen || entry->from_base);
}

static void write_allow(FILE *out, const struct learned *learned, const char *base_name)
{
	size_t remaining = 0;
	bool any_heading = false;

	for (size_t i = 0; i < learned->count; i++)
		remaining += in_allow_list(&learned->entries[i]);
	fprintf(out, "allow = [\n");
	for (size_t h = 0; h <= HEADING_COUNT; h++) {
		bool headed = false;

		for (size_t i = 0; i < learned->count; i++) {
			const struct entry *entry = &learned->entries[i];
			const struct syscall_group *group;
			int width;

			if (!in_allow_list(entry) || heading_of(entry->name) != h)
				continue;
			if (!headed) {
				group = h < HEADING_COUNT ? names_group(headings[h]) : NULL;
				fprintf(out, "%s\t# %s%s\n", any_heading ? "\n" : "",
					group ? "@" : "not in any group", group ? group->name : "");
				headed = any_heading = true;
			}
			remaining--;
			width = fprintf(out, "\t\"%s\"%s", entry->name, remaining ? "," : "");
			fprintf(out, "%*s", width < 32 ? 32 - width : 1, "");
			write_count(out, entry, base_name);
		}
	}
	fprintf(out, "];\n");
}

/* Rules are gathered first, then written with commas between them and
 * each one's comment after it. */
struct rule_text {
	char text[512];
	char comment[160];
};

struct rule_texts {
	struct rule_text *items;
	size_t count;
	size_t capacity;
};

static struct rule_text *new_rule(struct rule_texts *rules, const char *syscall, const char *action)
{
	struct rule_text *rule;

	if (GROW(rules->items, rules->count, rules->capacity, 32) < 0)
		return NULL;
	rule = &rules->items[rules->count++];
	snprintf(rule->text, sizeof(rule->text), "{ syscall = \"%s\"; action = \"%s\"; }", syscall,
		 action);
	rule->comment[0] = '\0';
	return rule;
}

/* Adds "args = ( … ); " before the closing brace. */
static void add_check(struct rule_text *rule, unsigned index, const char *op, const char *mask,
		      const char *value, bool first, bool last)
{
	size_t used = strlen(rule->text) - 1; /* over the closing brace */
	char mask_text[160] = "";

	if (mask)
		snprintf(mask_text, sizeof(mask_text), "mask = \"%s\"; ", mask);
	snprintf(rule->text + used, sizeof(rule->text) - used,
		 "%s{ index = %u; op = \"%s\"; %svalue = \"%s\"; }%s}", first ? "args = ( " : ", ",
		 index, op, mask_text, value, last ? " ); " : "");
}

static void count_comment(struct rule_text *rule, const struct entry *entry, const char *base_name)
{
	if (entry->seen && entry->count == 0)
		snprintf(rule->comment, sizeof(rule->comment), "for glibc's fallback from clone3");
	else if (entry->seen && entry->from_base)
		snprintf(rule->comment, sizeof(rule->comment), "%llu, and allowed by %s",
			 (unsigned long long)entry->count, base_name);
	else if (entry->seen)
		snprintf(rule->comment, sizeof(rule->comment), "%llu",
			 (unsigned long long)entry->count);
	else
		snprintf(rule->comment, sizeof(rule->comment), "from %s", base_name);
}

static int add_shaped(struct rule_texts *rules, const struct entry *entry, const char *base_name)
{
	static const char namespaces[] = "CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | "
					 "CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | "
					 "CLONE_NEWNET";
	bool socket = strcmp(entry->name, "socket") == 0;
	struct rule_text *rule;
	char buffer[32];

	if (entry->enosys) {
		rule = new_rule(rules, entry->name, "errno(ENOSYS)");
		if (rule)
			snprintf(rule->comment, sizeof(rule->comment),
				 "%llu; glibc then falls back to clone, whose flags a filter "
				 "can see",
				 (unsigned long long)entry->count);
		return rule ? 0 : -ENOMEM;
	}
	for (uint32_t v = 0; entry->shape == SHAPE_VALUES && v < entry->value_count; v++) {
		rule = new_rule(rules, entry->name, "allow");
		if (!rule)
			return -ENOMEM;
		add_check(rule, socket ? 0 : 1, socket ? "eq" : "masked_eq",
			  socket ? NULL : "0xffffffff",
			  value_text(entry->name, entry->values[v], buffer, sizeof(buffer)), true,
			  true);
		count_comment(rule, entry, base_name);
	}
	if (entry->shape == SHAPE_NO_EXEC || entry->shape == SHAPE_NO_WRITE_EXEC ||
	    entry->shape == SHAPE_NO_NAMESPACES) {
		rule = new_rule(rules, entry->name, "allow");
		if (!rule)
			return -ENOMEM;
		if (entry->shape == SHAPE_NO_EXEC)
			add_check(rule, 2, "masked_eq", "PROT_EXEC", "0", true, true);
		else if (entry->shape == SHAPE_NO_WRITE_EXEC)
			add_check(rule, 2, "masked_ne", "PROT_WRITE | PROT_EXEC",
				  "PROT_WRITE | PROT_EXEC", true, true);
		else
			add_check(rule, 0, "masked_eq", namespaces, "0", true, true);
		count_comment(rule, entry, base_name);
	}
	return 0;
}

static int add_kept(struct rule_texts *rules, const struct policy *base, const struct entry *entry)
{
	for (size_t i = 0; i < base->rule_count; i++) {
		const struct rule *rule = &base->rules[i];
		struct rule_text *text;
		char action[64];

		if (strcmp(rule->syscall, entry->name) != 0)
			continue;
		action_format(rule->action, action, sizeof(action));
		text = new_rule(rules, rule->syscall, action);
		if (!text)
			return -ENOMEM;
		for (unsigned a = 0; a < rule->arg_count; a++) {
			const struct arg_check *check = &rule->args[a];
			bool masked = check->op == OP_MASKED_EQ || check->op == OP_MASKED_NE;
			char mask[24], value[24];

			snprintf(mask, sizeof(mask), "0x%llx", (unsigned long long)check->mask);
			snprintf(value, sizeof(value), "0x%llx", (unsigned long long)check->value);
			add_check(text, check->index, arg_op_name(check->op), masked ? mask : NULL,
				  value, a == 0, a + 1 == rule->arg_count);
		}
		if (entry->seen)
			snprintf(text->comment, sizeof(text->comment),
				 "seen %llu times; kept as in %s:%d",
				 (unsigned long long)entry->count, rule->where.file,
				 rule->where.line);
		else
			snprintf(text->comment, sizeof(text->comment), "kept as in %s:%d",
				 rule->where.file, rule->where.line);
	}
	return 0;
}

static int write_rules(FILE *out, const struct learned *learned, const struct policy *base,
		       const char *base_name)
{
	struct rule_texts rules = { 0 };
	int result = 0;

	for (size_t i = 0; i < learned->count && result == 0; i++) {
		const struct entry *entry = &learned->entries[i];

		if (entry->kept && base)
			result = add_kept(&rules, base, entry);
		else if (entry->enosys || entry->shape != SHAPE_ANY)
			result = add_shaped(&rules, entry, base_name);
	}
	if (result == 0 && rules.count) {
		fprintf(out, "\nrules = (\n");
		for (size_t i = 0; i < rules.count; i++) {
			int width = fprintf(out, "\t%s%s", rules.items[i].text,
					    i + 1 < rules.count ? "," : "");

			if (rules.items[i].comment[0])
				fprintf(out, "%*s# %s", width < 8 ? 1 : 2, "",
					rules.items[i].comment);
			fprintf(out, "\n");
		}
		fprintf(out, ");\n");
	}
	free(rules.items);
	return result;
}

/* glibc tries clone3 first and falls back to clone only on ENOSYS; clone's
 * flags are the ones a filter can see.  A run that used clone3 is therefore
 * learned as "clone3 gets ENOSYS, clone is allowed without namespaces". */
static int prefer_clone(struct learned *learned)
{
	struct entry *clone3 = NULL, *clone;

	for (size_t i = 0; i < learned->count; i++)
		if (strcmp(learned->entries[i].name, "clone3") == 0)
			clone3 = &learned->entries[i];
	if (!clone3 || !clone3->seen || clone3->kept || clone3->from_base)
		return 0;
	clone3->enosys = true;
	clone = entry_for(learned, "clone");
	if (!clone)
		return -ENOMEM;
	if (!clone->seen && !clone->from_base && !clone->kept)
		clone->seen = true; /* count 0: only for the fallback */
	return 0;
}

/* A run that ended by a signal (docker stop, systemctl stop) never made
 * the calls of a clean exit: they are allowed whether seen or not, so that
 * the next run's clean exit is not killed. */
static int allow_exit(struct learned *learned)
{
	static const char *const exits[] = { "exit", "exit_group" };

	for (size_t i = 0; i < sizeof(exits) / sizeof(exits[0]); i++) {
		struct entry *entry = entry_for(learned, exits[i]);

		if (!entry)
			return -ENOMEM;
		entry->always = true;
		entry->seen = true;
	}
	return 0;
}

/* The base's scope and landlock mode, kept as written. */
static void write_base_landlock(FILE *out, const struct landlock_policy *base)
{
	if (base->scoped)
		fprintf(out, "\nscope = [ %s%s%s ];\n",
			(base->scoped & LL_SCOPE_ABSTRACT_UNIX_SOCKET) ? "\"abstract_unix_socket\""
								       : "",
			base->scoped == (LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL) ? ", "
											  : "",
			(base->scoped & LL_SCOPE_SIGNAL) ? "\"signal\"" : "");
	if (base->present && base->mode == LANDLOCK_BEST_EFFORT)
		fprintf(out, "\nlandlock = \"best_effort\";\n");
}

static int compare_entries(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void write_others(FILE *out, const struct monitor *monitor)
{
	uint32_t native = PRESEAL_NATIVE_ARCH;
	bool headed = false;

	for (size_t i = 0; i < monitor->call_count; i++) {
		const struct monitor_call *call = &monitor->calls[i];
		const char *name = sysnames_syscall(call->arch, call->nr);

		if (call->arch == native && !(call->nr & 0x40000000) && name)
			continue;
		if (!headed)
			fprintf(out, "\n# Seen but not allowed: calls on another architecture, or "
				     "without a name libseccomp knows.\n");
		headed = true;
		fprintf(out, "#   %s %s (%d): %llu\n", monitor_arch_name(call->arch),
			name ? name : "unnamed syscall", (int)call->nr,
			(unsigned long long)call->count);
	}
}

int learn_write(const struct monitor *monitor, const struct learn_source *source, FILE *out)
{
	struct learned learned = { 0 };
	uint32_t native = PRESEAL_NATIVE_ARCH;
	const char *base_name = source->base_name ? source->base_name : "the base policy";
	char action[64] = "kill_process";
	int result = 0;

	for (size_t i = 0; i < monitor->call_count && result == 0; i++) {
		const struct monitor_call *call = &monitor->calls[i];
		const char *name = sysnames_syscall(call->arch, call->nr);

		if (call->arch == native && !(call->nr & 0x40000000) && name)
			result = add_seen(&learned, call, name);
	}
	if (result == 0 && source->base)
		result = add_base(&learned, source->base);
	if (result == 0)
		result = prefer_clone(&learned);
	if (result == 0)
		result = allow_exit(&learned);
	if (result < 0) {
		free(learned.entries);
		return -ENOMEM;
	}
	if (learned.count)
		qsort(learned.entries, learned.count, sizeof(*learned.entries), compare_entries);
	if (source->base)
		action_format(source->base->default_action, action, sizeof(action));
	fprintf(out, "# Learned by preseal %s from:\n#   %s\n", PRESEAL_VERSION,
		source->command ? source->command : "(unknown command)");
	fprintf(out, "# %llu syscalls by %zu%s process%s.  Counts are this run's.\n",
		(unsigned long long)monitor->total, monitor->pid_count,
		monitor->pids_overflow ? "+" : "", monitor->pid_count == 1 ? "" : "es");
	if (source->base)
		fprintf(out, "# Merged with %s.\n", base_name);
	fprintf(out, "\ndefault_action = \"%s\";\n\n", action);
	write_allow(out, &learned, base_name);
	result = write_rules(out, &learned, source->base, base_name);
	if (result == 0 &&
	    (monitor->record_paths || (source->base && source->base->landlock.present)))
		result = learn_write_paths(out, &monitor->touched,
					   source->base ? &source->base->landlock : NULL, base_name,
					   source->shim_folder);
	if (result == 0 && source->base)
		write_base_landlock(out, &source->base->landlock);
	write_others(out, monitor);
	free(learned.entries);
	return result < 0 ? result : ferror(out) ? -EIO : 0;
}

/* Writes OUTPUT whole or not at all (io_replace_begin), so a failed learn
 * never leaves half a policy where a good one was. */
int learn_write_file(const char *output, const struct monitor *monitor,
		     const struct learn_source *source)
{
	struct io_replacement replacement = { .fd = -1 };
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	int result;

	if (!out)
		return -ENOMEM;
	result = learn_write(monitor, source, out);
	if (fclose(out) != 0 && result == 0)
		result = -ENOMEM;
	if (result == 0 &&
	    (io_replace_begin(&replacement, output) < 0 ||
	     io_replace_end(&replacement, output, io_write_all(replacement.fd, text, size)) < 0))
		result = -errno;
	free(text);
	return result;
}

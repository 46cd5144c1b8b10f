/* policy_landlock: paths, paths_rules, path_groups, network, scope and
 * landlock → struct landlock_policy.
 *
 * The policy reader's part for Landlock.  It resolves the short form and
 * the right names to LL_* bits, expands "@group" entries and a leading "~"
 * or "$HOME", normalises every path, and adds the implied entries that let
 * an ordinary program start.  Every bad value is an error at its own line;
 * a policy without these keys is left exactly as it was (present false).
 * It never opens a listed path: whether a path exists is the applier's and
 * `preseal check`'s business.
 */
#include <libconfig.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#include "landlock.h"
#include "policy_internal.h"
#include "suggest.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct ll_reader {
	struct policy *policy;
	struct diag_list *diags;
	const char *top_file;
	const config_setting_t *path_groups; /* the path_groups key, or NULL */
	const char *home;		     /* for "~", or NULL (see read_home) */
	size_t capacity;		     /* of policy->landlock.paths */
	size_t port_capacity;
};

/* What is always granted once the policy handles the filesystem, so that
 * an ordinary program and the programs it runs still start.  Each is
 * skipped when it does not exist. */
static const struct {
	const char *path;
	uint64_t access;
	const char *why;
} implied_paths[] = {
	{ "/lib", LL_FS_SHORT_EXECUTE,
	  "the dynamic loader and shared libraries (at start, with dlopen, and in programs it "
	  "runs)" },
	{ "/lib64", LL_FS_SHORT_EXECUTE, "the dynamic loader (its path in 64-bit programs)" },
	{ "/usr/lib", LL_FS_SHORT_EXECUTE,
	  "the dynamic loader and shared libraries (at start, with dlopen, and in programs it "
	  "runs)" },
	{ "/usr/lib64", LL_FS_SHORT_EXECUTE, "the dynamic loader (its path in 64-bit programs)" },
	{ "/etc/ld.so.cache", LL_FS_READ_FILE, "the dynamic loader's index of libraries" },
	{ "/etc/ld.so.preload", LL_FS_READ_FILE,
	  "libraries the dynamic loader preloads into every program" },
	{ "/dev/null", LL_FS_READ_FILE | LL_FS_WRITE_FILE | LL_FS_TRUNCATE,
	  "output thrown away (a shell's '> /dev/null' truncates it)" },
	{ "/dev/zero", LL_FS_READ_FILE, "zeroes, read by programs that map memory with it" },
	{ "/dev/urandom", LL_FS_READ_FILE, "random bytes, for programs that do not use getrandom" },
	{ "/dev/tty", LL_FS_READ_FILE | LL_FS_WRITE_FILE | LL_FS_IOCTL_DEV,
	  "the controlling terminal: prompts, and the ioctls isatty and termios use" },
};

static const char *const short_keys[] = { "execute", "read", "write" };
static const char *const path_rule_keys[] = { "access", "comment", "path" };
static const char *const network_keys[] = { "bind", "connect" };
static const char *const scope_names[] = { "abstract_unix_socket", "signal" };

/* ---- messages ------------------------------------------------------------ */

static void out_of_memory(struct ll_reader *reader)
{
	reader->diags->out_of_memory = 1;
}

static struct landlock_source where_of(struct ll_reader *reader, const config_setting_t *setting)
{
	struct source where = policy_setting_source(reader->policy, reader->top_file, setting);

	return (struct landlock_source){ where.file, where.line };
}

__attribute__((format(printf, 3, 4))) static void
error_at(struct ll_reader *reader, const config_setting_t *setting, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	policy_setting_verror(reader->policy, reader->top_file, reader->diags, setting, format,
			      args);
	va_end(args);
}

/* The type of SETTING as messages name it. */
static const char *type_of(const config_setting_t *setting)
{
	return policy_type_name(config_setting_type(setting));
}

static bool check_keys(struct ll_reader *reader, const config_setting_t *group,
		       const char *const *keys, size_t key_count, const char *where)
{
	return policy_check_keys(reader->policy, reader->top_file, reader->diags, group, keys,
				 key_count, where);
}

/* ---- the model ----------------------------------------------------------- */

static void add_path(struct ll_reader *reader, const struct landlock_path_rule *rule)
{
	struct landlock_policy *model = &reader->policy->landlock;

	if (model->path_count == reader->capacity) {
		size_t capacity = reader->capacity ? reader->capacity * 2 : 16;
		struct landlock_path_rule *paths = realloc(model->paths, capacity * sizeof(*paths));

		if (!paths) {
			out_of_memory(reader);
			return;
		}
		model->paths = paths;
		reader->capacity = capacity;
	}
	model->paths[model->path_count++] = *rule;
}

static void add_port(struct ll_reader *reader, const struct landlock_port_rule *rule)
{
	struct landlock_policy *model = &reader->policy->landlock;

	if (model->port_count == reader->port_capacity) {
		size_t capacity = reader->port_capacity ? reader->port_capacity * 2 : 8;
		struct landlock_port_rule *ports = realloc(model->ports, capacity * sizeof(*ports));

		if (!ports) {
			out_of_memory(reader);
			return;
		}
		model->ports = ports;
		reader->port_capacity = capacity;
	}
	model->ports[model->port_count++] = *rule;
}

/* HOME for "~", or NULL: never for a program in secure-execution mode
 * (setuid, setgid, file capabilities), whose environment is its caller's. */
static const char *read_home(void)
{
	const char *home = getenv("HOME");

	if (getauxval(AT_SECURE) || !home || home[0] != '/')
		return NULL;
	return home;
}

/* The normalised path written in ENTRY, interned; NULL after an error
 * (REPORT) or when memory ran out. */
static const char *read_path(struct ll_reader *reader, const config_setting_t *entry,
			     const char *written, bool report)
{
	char normal[PATH_MAX];
	const char *why = NULL;
	const char *interned;

	if (landlock_path_normalise(written, reader->home, normal, sizeof(normal), &why) < 0) {
		if (report)
			error_at(reader, entry, "path '%.*s%s': %s", DIAG_QUOTE(written), why);
		return NULL;
	}
	reader->policy->landlock.uses_home |=
		written[0] == '~' || strncmp(written, "$HOME", 5) == 0;
	interned = policy_intern(reader->policy, normal);
	if (!interned)
		out_of_memory(reader);
	return interned;
}

/* ---- path_groups = { name = [ "/usr/lib", … ]; } ------------------------- */

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

static void read_path_group(struct ll_reader *reader, const config_setting_t *group)
{
	const char *name = config_setting_name(group);
	int count;

	if (!valid_group_name(name)) {
		error_at(reader, group,
			 "path group name '%.*s%s' may use only letters, digits, '_' and '-' (64 "
			 "at most)",
			 DIAG_QUOTE(name));
		return;
	}
	if (!policy_setting_is_sequence(group)) {
		error_at(reader, group, "path group '%s' must be a list of paths, not %s", name,
			 type_of(group));
		return;
	}
	count = config_setting_length(group);
	if (count == 0)
		error_at(reader, group, "path group '%s' is empty", name);
	for (int i = 0; i < count; i++) {
		const config_setting_t *member = config_setting_get_elem(group, (unsigned)i);
		const char *path;

		if (config_setting_type(member) != CONFIG_TYPE_STRING) {
			error_at(reader, member,
				 "each member of path group '%s' (a path) must be a string, not %s",
				 name, type_of(member));
			continue;
		}
		path = config_setting_get_string(member);
		if (path[0] == '@')
			error_at(reader, member,
				 "path group '%s' names '%.*s%s': path groups do not nest", name,
				 DIAG_QUOTE(path));
		else
			read_path(reader, member, path, true);
	}
}

static void read_path_groups(struct ll_reader *reader, const config_setting_t *groups)
{
	int count;

	if (config_setting_type(groups) != CONFIG_TYPE_GROUP) {
		error_at(reader, groups, "'path_groups' must be %s, not %s",
			 policy_type_name(CONFIG_TYPE_GROUP), type_of(groups));
		return;
	}
	reader->path_groups = groups;
	count = config_setting_length(groups);
	for (int i = 0; i < count; i++)
		read_path_group(reader, config_setting_get_elem(groups, (unsigned)i));
}

static const char *path_group_name(const void *table, size_t index)
{
	return config_setting_name(
		config_setting_get_elem((const config_setting_t *)table, (unsigned)index));
}

static void unknown_path_group(struct ll_reader *reader, const config_setting_t *entry,
			       const char *name)
{
	const config_setting_t *groups = reader->path_groups;
	const char *guess =
		groups ? suggest_closest(name, groups, (size_t)config_setting_length(groups),
					 path_group_name)
		       : NULL;

	if (guess)
		error_at(reader, entry, "unknown path group '@%.*s%s' (did you mean '@%s'?)",
			 DIAG_QUOTE(name), guess);
	else
		error_at(reader, entry,
			 "unknown path group '@%.*s%s' (define it under 'path_groups')",
			 DIAG_QUOTE(name));
}

/* ---- paths = { read = [ … ]; execute = [ … ]; write = [ … ]; } --------------- */

/* One entry of a short-form list: a path, or "@group" for each of its paths. */
static void read_short_entry(struct ll_reader *reader, const config_setting_t *entry,
			     uint64_t access)
{
	const char *written = config_setting_get_string(entry);
	struct landlock_path_rule rule = { .access = access, .where = where_of(reader, entry) };
	const config_setting_t *group;

	if (written[0] != '@') {
		rule.path = read_path(reader, entry, written, true);
		if (rule.path)
			add_path(reader, &rule);
		return;
	}
	group = reader->path_groups ? config_setting_get_member(reader->path_groups, written + 1)
				    : NULL;
	if (!group) {
		unknown_path_group(reader, entry, written + 1);
		return;
	}
	if (!policy_setting_is_sequence(group))
		return; /* reported when the group was read */
	rule.via_group = policy_intern(reader->policy, written + 1);
	for (int i = 0; i < config_setting_length(group); i++) {
		const config_setting_t *member = config_setting_get_elem(group, (unsigned)i);

		if (config_setting_type(member) != CONFIG_TYPE_STRING)
			continue; /* reported when the group was read */
		rule.path = read_path(reader, member, config_setting_get_string(member), false);
		if (rule.path)
			add_path(reader, &rule);
	}
}

static void read_short_list(struct ll_reader *reader, const config_setting_t *list, uint64_t access)
{
	const char *key = config_setting_name(list);

	if (!policy_setting_is_sequence(list)) {
		error_at(reader, list, "'paths.%s' must be a list of paths and @groups, not %s",
			 key, type_of(list));
		return;
	}
	for (int i = 0; i < config_setting_length(list); i++) {
		const config_setting_t *entry = config_setting_get_elem(list, (unsigned)i);

		if (config_setting_type(entry) != CONFIG_TYPE_STRING)
			error_at(reader, entry,
				 "each entry of 'paths.%s' (a path or @group) must be a string, "
				 "not %s",
				 key, type_of(entry));
		else
			read_short_entry(reader, entry, access);
	}
}

static void read_paths(struct ll_reader *reader, const config_setting_t *paths)
{
	static const struct {
		const char *key;
		uint64_t access;
	} lists[] = {
		{ "read", LL_FS_SHORT_READ },
		{ "execute", LL_FS_SHORT_EXECUTE },
		{ "write", LL_FS_SHORT_WRITE },
	};

	if (config_setting_type(paths) != CONFIG_TYPE_GROUP) {
		error_at(reader, paths,
			 "'paths' must be a group { read = [ ... ]; execute = [ ... ]; write = [ "
			 "... ]; "
			 "}, not %s",
			 type_of(paths));
		return;
	}
	check_keys(reader, paths, short_keys, ARRAY_SIZE(short_keys), "'paths'");
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++) {
		const config_setting_t *list = config_setting_get_member(paths, lists[i].key);

		if (list)
			read_short_list(reader, list, lists[i].access);
	}
}

/* ---- paths_rules = ( { path = "…"; access = [ "read_file", … ]; } ) -------- */

static void unknown_right(struct ll_reader *reader, const config_setting_t *entry, const char *name)
{
	size_t count;
	const char *const *names = landlock_fs_right_names(&count);
	const char *guess = suggest_from_list(name, names, count);

	if (guess)
		error_at(reader, entry, "unknown right '%.*s%s' (did you mean '%s'?)",
			 DIAG_QUOTE(name), guess);
	else
		error_at(reader, entry,
			 "unknown right '%.*s%s' (rights: execute write_file read_file read_dir "
			 "remove_dir remove_file make_char make_dir make_reg make_sock make_fifo "
			 "make_block make_sym refer truncate ioctl_dev)",
			 DIAG_QUOTE(name));
}

/* The rights listed in ACCESS, or 0 after an error. */
static uint64_t read_access(struct ll_reader *reader, const config_setting_t *access)
{
	uint64_t rights = 0;
	bool ok = true;
	int count;

	if (!policy_setting_is_sequence(access)) {
		error_at(reader, access, "'access' must be a list of right names, not %s",
			 type_of(access));
		return 0;
	}
	count = config_setting_length(access);
	if (count == 0) {
		error_at(reader, access,
			 "'access' is empty: a rule that grants nothing is not needed (what is "
			 "not granted is denied)");
		return 0;
	}
	for (int i = 0; i < count; i++) {
		const config_setting_t *entry = config_setting_get_elem(access, (unsigned)i);
		uint64_t bit;

		if (config_setting_type(entry) != CONFIG_TYPE_STRING) {
			error_at(reader, entry,
				 "each entry of 'access' (a right) must be a string, not %s",
				 type_of(entry));
			ok = false;
			continue;
		}
		bit = landlock_fs_right_parse(config_setting_get_string(entry));
		if (!bit) {
			unknown_right(reader, entry, config_setting_get_string(entry));
			ok = false;
		}
		rights |= bit;
	}
	return ok ? rights : 0;
}

static void read_path_rule(struct ll_reader *reader, const config_setting_t *entry)
{
	const config_setting_t *path = config_setting_get_member(entry, "path");
	const config_setting_t *access = config_setting_get_member(entry, "access");
	const config_setting_t *comment = config_setting_get_member(entry, "comment");
	struct landlock_path_rule rule = { .where = where_of(reader, entry) };
	bool ok = check_keys(reader, entry, path_rule_keys, ARRAY_SIZE(path_rule_keys),
			     "a path rule");

	if (!path || !access) {
		error_at(reader, entry, "a path rule needs 'path' and 'access'");
		return;
	}
	if (comment && config_setting_type(comment) != CONFIG_TYPE_STRING) {
		error_at(reader, comment, "'comment' must be a string, not %s", type_of(comment));
		ok = false;
	} else if (comment) {
		rule.comment = policy_intern(reader->policy, config_setting_get_string(comment));
	}
	if (config_setting_type(path) != CONFIG_TYPE_STRING) {
		error_at(reader, path, "'path' must be a string, not %s", type_of(path));
		ok = false;
	} else {
		rule.path = read_path(reader, path, config_setting_get_string(path), true);
		ok = rule.path && ok;
	}
	rule.access = read_access(reader, access);
	if (ok && rule.access)
		add_path(reader, &rule);
}

static void read_paths_rules(struct ll_reader *reader, const config_setting_t *rules)
{
	if (config_setting_type(rules) != CONFIG_TYPE_LIST) {
		error_at(reader, rules,
			 "'paths_rules' must be a list ( { path; access; }, ... ), not %s",
			 type_of(rules));
		return;
	}
	for (int i = 0; i < config_setting_length(rules); i++) {
		const config_setting_t *entry = config_setting_get_elem(rules, (unsigned)i);

		if (config_setting_type(entry) != CONFIG_TYPE_GROUP)
			error_at(reader, entry,
				 "each path rule ( { path; access; } ) must be %s, not %s",
				 policy_type_name(CONFIG_TYPE_GROUP), type_of(entry));
		else
			read_path_rule(reader, entry);
	}
}

static void add_implied_paths(struct ll_reader *reader)
{
	struct landlock_policy *model = &reader->policy->landlock;

	for (size_t i = 0; i < ARRAY_SIZE(implied_paths); i++)
		add_path(reader, &(struct landlock_path_rule){
					 .path = implied_paths[i].path,
					 .access = implied_paths[i].access,
					 .where = model->paths_where,
					 .implied = implied_paths[i].why,
				 });
	model->implied_count = ARRAY_SIZE(implied_paths);
}

/* ---- network = { bind = [ 8080 ]; connect = [ 53, 443 ]; } ------------------ */

static void read_ports(struct ll_reader *reader, const config_setting_t *list, uint64_t access)
{
	const char *key = config_setting_name(list);

	if (!policy_setting_is_sequence(list)) {
		error_at(reader, list, "'network.%s' must be a list of TCP ports, not %s", key,
			 type_of(list));
		return;
	}
	for (int i = 0; i < config_setting_length(list); i++) {
		const config_setting_t *entry = config_setting_get_elem(list, (unsigned)i);
		int type = config_setting_type(entry);
		long long port;

		if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
			error_at(reader, entry,
				 "each entry of 'network.%s' (a TCP port) must be an integer, not "
				 "%s",
				 key, type_of(entry));
			continue;
		}
		port = config_setting_get_int64(entry);
		if (type == CONFIG_TYPE_INT)
			port = config_setting_get_int(entry);
		if (port < 0 || port > 65535) {
			error_at(reader, entry, "port %lld is out of range 0-65535", port);
			continue;
		}
		add_port(reader, &(struct landlock_port_rule){ .port = (uint16_t)port,
							       .access = access,
							       .where = where_of(reader, entry) });
	}
}

static void read_network(struct ll_reader *reader, const config_setting_t *network)
{
	const config_setting_t *list;

	if (config_setting_type(network) != CONFIG_TYPE_GROUP) {
		error_at(reader, network,
			 "'network' must be a group { bind = [ ... ]; connect = [ ... ]; }, not %s",
			 type_of(network));
		return;
	}
	check_keys(reader, network, network_keys, ARRAY_SIZE(network_keys), "'network'");
	if ((list = config_setting_get_member(network, "bind")))
		read_ports(reader, list, LL_NET_BIND_TCP);
	if ((list = config_setting_get_member(network, "connect")))
		read_ports(reader, list, LL_NET_CONNECT_TCP);
	reader->policy->landlock.handled_net = LL_NET_ALL;
}

/* ---- scope = [ … ] and landlock = "…" ------------------------------------ */

static void read_scope(struct ll_reader *reader, const config_setting_t *scope)
{
	struct landlock_policy *model = &reader->policy->landlock;
	int count;

	if (!policy_setting_is_sequence(scope)) {
		error_at(reader, scope, "'scope' must be a list of names, not %s", type_of(scope));
		return;
	}
	count = config_setting_length(scope);
	if (count == 0)
		error_at(reader, scope,
			 "'scope' is empty: leave it out, or name \"abstract_unix_socket\" or "
			 "\"signal\"");
	for (int i = 0; i < count; i++) {
		const config_setting_t *entry = config_setting_get_elem(scope, (unsigned)i);
		const char *name;
		uint64_t bit;

		if (config_setting_type(entry) != CONFIG_TYPE_STRING) {
			error_at(reader, entry, "each entry of 'scope' must be a string, not %s",
				 type_of(entry));
			continue;
		}
		name = config_setting_get_string(entry);
		bit = landlock_scope_parse(name);
		if (bit) {
			model->scoped |= bit;
			continue;
		}
		const char *guess = suggest_from_list(name, scope_names, ARRAY_SIZE(scope_names));

		if (guess)
			error_at(reader, entry, "unknown scope '%.*s%s' (did you mean '%s'?)",
				 DIAG_QUOTE(name), guess);
		else
			error_at(reader, entry,
				 "unknown scope '%.*s%s' (scopes: abstract_unix_socket signal)",
				 DIAG_QUOTE(name));
	}
}

static void read_mode(struct ll_reader *reader, const config_setting_t *setting)
{
	struct landlock_policy *model = &reader->policy->landlock;
	const char *value;

	if (config_setting_type(setting) != CONFIG_TYPE_STRING) {
		error_at(reader, setting, "'landlock' must be a string, not %s", type_of(setting));
		return;
	}
	value = config_setting_get_string(setting);
	if (strcmp(value, "strict") == 0)
		model->mode = LANDLOCK_STRICT;
	else if (strcmp(value, "best_effort") == 0)
		model->mode = LANDLOCK_BEST_EFFORT;
	else
		error_at(reader, setting,
			 "landlock must be \"strict\" or \"best_effort\", not \"%.*s%s\"",
			 DIAG_QUOTE(value));
}

/* ---- the keys ------------------------------------------------------------- */

void policy_read_landlock(struct policy *policy, const config_setting_t *root, const char *top_file,
			  struct diag_list *diags)
{
	struct ll_reader reader = {
		.policy = policy, .diags = diags, .top_file = top_file, .home = read_home()
	};
	struct landlock_policy *model = &policy->landlock;
	const config_setting_t *paths = config_setting_get_member(root, "paths");
	const config_setting_t *rules = config_setting_get_member(root, "paths_rules");
	const config_setting_t *setting;

	model->mode = LANDLOCK_STRICT;
	if ((setting = config_setting_get_member(root, "landlock"))) {
		read_mode(&reader, setting);
		model->mode_where = where_of(&reader, setting);
	}
	if ((setting = config_setting_get_member(root, "path_groups")))
		read_path_groups(&reader, setting);
	if (paths || rules) {
		model->present = true;
		model->handled_fs = LL_FS_ALL;
		model->paths_where = where_of(&reader, paths ? paths : rules);
	}
	if (paths)
		read_paths(&reader, paths);
	if (rules)
		read_paths_rules(&reader, rules);
	if (paths || rules)
		add_implied_paths(&reader);
	if ((setting = config_setting_get_member(root, "network"))) {
		model->present = true;
		model->network_where = where_of(&reader, setting);
		read_network(&reader, setting);
	}
	if ((setting = config_setting_get_member(root, "scope"))) {
		model->present = true;
		model->scope_where = where_of(&reader, setting);
		read_scope(&reader, setting);
	}
}

/* cli_import: `preseal import PROFILE.json -o OUT.cfg`.
 *
 * Reads an OCI or Docker seccomp profile with jansson, resolves Docker's
 * includes/excludes as Docker would for one machine (an architecture, a
 * kernel version, a capability set), and writes a readable preseal policy:
 * one allow list, a rule for everything else, comments saying which entry
 * of the profile each part came from and what was left out and why.  The
 * written text is read and compiled by the same model and compiler as
 * `check` before it is written: what import writes, the shim loads.
 *
 * Every problem in the JSON is reported at its path ("syscalls[12].action")
 * and nothing is written.  A name this libseccomp does not know cannot be
 * filtered: it is dropped when that can only make the policy stricter, and
 * refused when dropping it would let through what the profile denies.
 */
#include <errno.h>
#include <jansson.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "cli.h"
#include "cli_oci.h"
#include "compile.h"
#include "suggest.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* runc adds each check as its own rule when one argument is checked
 * twice; more than this many checks in one entry is refused. */
#define MAX_CHECKS 16

struct import_options {
	const char *input;
	const char *output;
	uint64_t caps;
	bool caps_given;
	const struct oci_arch *arches[POLICY_MAX_ARCHES]; /* [0]: the one resolved for */
	size_t arch_count;
	unsigned kernel[2]; /* major, minor */
};

enum name_fate {
	NAME_KEPT,
	NAME_REPEATED,	 /* already written with the same action */
	NAME_OTHER_ARCH, /* libseccomp knows it, but not on the policy's arches */
	NAME_UNKNOWN,	 /* this libseccomp does not know it at all */
};

struct entry {
	size_t index; /* in "syscalls" */
	const char **names;
	enum name_fate *fates;
	size_t name_count;
	struct action action;
	struct arg_check checks[MAX_CHECKS];
	unsigned check_count;
	bool any_check;		/* runc's reading when one argument is checked twice */
	bool value_two_ignored; /* valueTwo given to a comparison that ignores it */
	const char *comment;	/* the profile's own, or NULL */
	char condition[256];	/* its includes/excludes, as text */
	char left_out[256];	/* why it does not apply here, or "" */
	const json_t *includes; /* NULL when absent */
	const json_t *excludes;
};

struct importer {
	const struct import_options *options;
	const char *file; /* the profile's name in messages */
	struct diag_list *diags;
	json_t *root;
	struct action default_action;
	bool log, spec_allow;
	const char *profile_arches[POLICY_MAX_ARCHES + 8]; /* SCMP_ARCH_* for options->arches[0] */
	size_t profile_arch_count;
	struct entry *entries;
	size_t entry_count;
	FILE *out;
};

/* ---- reading the JSON ---------------------------------------------------- */

static const char *type_name(const json_t *value)
{
	if (!value)
		return "nothing";
	switch (json_typeof(value)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a real number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

static void json_path_error(struct importer *importer, const char *path, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

static void json_path_error(struct importer *importer, const char *path, const char *format, ...)
{
	char message[512];
	va_list args;

	va_start(args, format);
	vsnprintf(message, sizeof(message), format, args);
	va_end(args);
	diag_error(importer->diags, importer->file, 0, "%s: %s", path, message);
}

static bool expect_type(struct importer *importer, const json_t *value, json_type type,
			const char *path, const char *wanted)
{
	if (value && json_typeof(value) == type)
		return true;
	json_path_error(importer, path, "expected %s, got %s", wanted, type_name(value));
	return false;
}

/* Absent and null are the same in Docker's profiles (Go reads both as
 * "not set"). */
static const json_t *member(const json_t *object, const char *key)
{
	const json_t *value = json_object_get(object, key);

	return value && !json_is_null(value) ? value : NULL;
}

/* An unknown key is an error, as in a preseal policy: "errnoret" silently
 * ignored would change what the profile does. */
static void check_keys(struct importer *importer, const json_t *object, const char *path,
		       const char *const *known, size_t count)
{
	for (void *at = json_object_iter((json_t *)object); at;
	     at = json_object_iter_next((json_t *)object, at)) {
		const char *key = json_object_iter_key(at), *guess;
		bool found = false;

		for (size_t i = 0; i < count && !found; i++)
			found = strcmp(known[i], key) == 0;
		if (found)
			continue;
		guess = suggest_from_list(key, known, count);
		if (guess)
			json_path_error(importer, path, "unknown key \"%s\" (did you mean \"%s\"?)",
					key, guess);
		else
			json_path_error(importer, path, "unknown key \"%s\"", key);
	}
}

static bool read_unsigned(struct importer *importer, const json_t *value, const char *path,
			  uint64_t maximum, uint64_t *out)
{
	if (!expect_type(importer, value, JSON_INTEGER, path, "an unsigned integer"))
		return false;
	if (json_integer_value(value) < 0 || (uint64_t)json_integer_value(value) > maximum) {
		json_path_error(importer, path, "%lld is out of range (0 to %llu)",
				(long long)json_integer_value(value), (unsigned long long)maximum);
		return false;
	}
	*out = (uint64_t)json_integer_value(value);
	return true;
}

/* SCMP_ACT_* and its errnoRet into a preseal action.  Without errnoRet,
 * ERRNO and TRACE get EPERM (1), as runc and crun give them. */
static bool read_action(struct importer *importer, const json_t *name, const json_t *ret,
			const char *path, const char *ret_path, struct action *action)
{
	const struct oci_action *known;
	uint64_t data = 1;

	if (!expect_type(importer, name, JSON_STRING, path, "a string"))
		return false;
	known = oci_action_by_name(json_string_value(name));
	if (!known) {
		json_path_error(importer, path, "unknown action \"%s\"", json_string_value(name));
		return false;
	}
	if (known->kind == ACTION_USER_NOTIF) {
		json_path_error(importer, path,
				"SCMP_ACT_NOTIFY hands the call to a listener process; preseal "
				"has none, so it cannot be imported");
		return false;
	}
	if (ret && known->kind != ACTION_ERRNO && known->kind != ACTION_TRACE) {
		json_path_error(importer, ret_path,
				"only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take one");
		return false;
	}
	if (ret && known->kind == ACTION_ERRNO &&
	    !read_unsigned(importer, ret, ret_path, 4094, &data))
		return false;
	if (ret && known->kind == ACTION_ERRNO && data == 0) {
		json_path_error(importer, ret_path,
				"0 would make the call succeed without running; preseal's errno "
				"is 1 to 4094");
		return false;
	}
	if (ret && known->kind == ACTION_TRACE &&
	    !read_unsigned(importer, ret, ret_path, 65535, &data))
		return false;
	*action = (struct action){ .kind = known->kind, .data = (uint16_t)data };
	return true;
}

static void read_check(struct importer *importer, const json_t *arg, const char *path,
		       struct entry *entry)
{
	static const char *const keys[] = { "index", "value", "valueTwo", "op" };
	struct arg_check *check = &entry->checks[entry->check_count];
	char where[320];
	uint64_t index = 0, value = 0, value_two = 0;
	const json_t *op;
	bool ok;

	if (!expect_type(importer, arg, JSON_OBJECT, path, "an object"))
		return;
	check_keys(importer, arg, path, keys, ARRAY_SIZE(keys));
	snprintf(where, sizeof(where), "%s.index", path);
	ok = read_unsigned(importer, member(arg, "index"), where, 5, &index);
	snprintf(where, sizeof(where), "%s.value", path);
	ok &= read_unsigned(importer, member(arg, "value"), where, UINT64_MAX, &value);
	snprintf(where, sizeof(where), "%s.valueTwo", path);
	if (member(arg, "valueTwo"))
		ok &= read_unsigned(importer, member(arg, "valueTwo"), where, UINT64_MAX,
				    &value_two);
	snprintf(where, sizeof(where), "%s.op", path);
	op = member(arg, "op");
	if (expect_type(importer, op, JSON_STRING, where, "a string") &&
	    oci_op_parse(json_string_value(op), &check->op) < 0) {
		json_path_error(importer, where, "unknown comparison \"%s\"",
				json_string_value(op));
		ok = false;
	} else if (!op || !json_is_string(op)) {
		ok = false;
	}
	if (!ok)
		return;
	check->index = (unsigned)index;
	if (check->op == OP_MASKED_EQ) {
		/* libseccomp's order: the mask first, then the datum. */
		check->mask = value;
		check->value = value_two;
	} else {
		check->value = value;
		entry->value_two_ignored |= value_two != 0;
	}
	entry->check_count++;
}

static void read_checks(struct importer *importer, const json_t *args, const char *path,
			struct entry *entry)
{
	unsigned seen[POLICY_MAX_ARGS] = { 0 };
	char where[256];
	size_t i;
	const json_t *arg;

	if (!args || !expect_type(importer, args, JSON_ARRAY, path, "an array"))
		return;
	if (json_array_size(args) > MAX_CHECKS) {
		json_path_error(importer, path, "%zu checks; preseal imports at most %d",
				json_array_size(args), MAX_CHECKS);
		return;
	}
	for (i = 0; i < json_array_size(args) && (arg = json_array_get(args, i)); i++) {
		snprintf(where, sizeof(where), "%s[%zu]", path, i);
		read_check(importer, arg, where, entry);
	}
	for (unsigned c = 0; c < entry->check_count; c++)
		entry->any_check |= ++seen[entry->checks[c].index] > 1;
}

static void read_names(struct importer *importer, const json_t *call, const char *path,
		       struct entry *entry)
{
	const json_t *name = member(call, "name"), *names = member(call, "names");
	char where[256];
	size_t i;
	const json_t *item;

	if (name && names) {
		json_path_error(importer, path, "both \"name\" and \"names\"; use one");
		return;
	}
	if (name) {
		snprintf(where, sizeof(where), "%s.name", path);
		if (!expect_type(importer, name, JSON_STRING, where, "a string"))
			return;
		entry->names = calloc(1, sizeof(*entry->names));
		entry->fates = calloc(1, sizeof(*entry->fates));
		if (entry->names && entry->fates)
			entry->names[entry->name_count++] = json_string_value(name);
		return;
	}
	snprintf(where, sizeof(where), "%s.names", path);
	if (!expect_type(importer, names, JSON_ARRAY, where, "an array of syscall names"))
		return;
	if (json_array_size(names) == 0) {
		json_path_error(importer, where, "names no syscall");
		return;
	}
	entry->names = calloc(json_array_size(names), sizeof(*entry->names));
	entry->fates = calloc(json_array_size(names), sizeof(*entry->fates));
	if (!entry->names || !entry->fates)
		return;
	for (i = 0; i < json_array_size(names) && (item = json_array_get(names, i)); i++) {
		snprintf(where, sizeof(where), "%s.names[%zu]", path, i);
		if (expect_type(importer, item, JSON_STRING, where, "a string"))
			entry->names[entry->name_count++] = json_string_value(item);
	}
}

/* "4.8" as Docker's KernelVersion reads it: major.minor. */
static bool parse_kernel(const char *text, unsigned version[2])
{
	char tail;

	return sscanf(text, "%u.%u%c", &version[0], &version[1], &tail) == 2;
}

/* uname's release: "6.1.0-18-amd64" is 6.1, as Docker reads it. */
static void parse_kernel_release(const char *release, unsigned version[2])
{
	if (sscanf(release, "%u.%u", &version[0], &version[1]) != 2)
		version[0] = version[1] = 0;
}

static void read_filter(struct importer *importer, const json_t *filter, const char *path)
{
	static const char *const keys[] = { "caps", "arches", "minKernel" };
	char where[256];
	const json_t *list, *item;
	unsigned version[2], cap;
	size_t i;

	if (!filter || !expect_type(importer, filter, JSON_OBJECT, path, "an object"))
		return;
	check_keys(importer, filter, path, keys, ARRAY_SIZE(keys));
	for (size_t k = 0; k < 2; k++) {
		snprintf(where, sizeof(where), "%s.%s", path, keys[k]);
		list = member(filter, keys[k]);
		if (!list || !expect_type(importer, list, JSON_ARRAY, where, "an array of strings"))
			continue;
		for (i = 0; i < json_array_size(list) && (item = json_array_get(list, i)); i++) {
			snprintf(where, sizeof(where), "%s.%s[%zu]", path, keys[k], i);
			if (!expect_type(importer, item, JSON_STRING, where, "a string"))
				continue;
			if (k == 0 && oci_cap_parse(json_string_value(item), &cap) < 0)
				json_path_error(importer, where, "unknown capability \"%s\"",
						json_string_value(item));
		}
	}
	snprintf(where, sizeof(where), "%s.minKernel", path);
	item = member(filter, "minKernel");
	if (item && expect_type(importer, item, JSON_STRING, where, "a string such as \"4.8\"") &&
	    !parse_kernel(json_string_value(item), version))
		json_path_error(importer, where, "\"%s\" is not a kernel version such as \"4.8\"",
				json_string_value(item));
}

static void read_entry(struct importer *importer, const json_t *call, size_t index)
{
	static const char *const keys[] = { "names", "name",	"action",   "errnoRet",
					    "args",  "comment", "includes", "excludes" };
	struct entry *entry = &importer->entries[importer->entry_count++];
	char path[64], where[96], ret_where[96];
	const json_t *comment;

	*entry = (struct entry){ .index = index };
	snprintf(path, sizeof(path), "syscalls[%zu]", index);
	if (!expect_type(importer, call, JSON_OBJECT, path, "an object"))
		return;
	check_keys(importer, call, path, keys, ARRAY_SIZE(keys));
	read_names(importer, call, path, entry);
	snprintf(where, sizeof(where), "%s.action", path);
	snprintf(ret_where, sizeof(ret_where), "%s.errnoRet", path);
	read_action(importer, member(call, "action"), member(call, "errnoRet"), where, ret_where,
		    &entry->action);
	snprintf(where, sizeof(where), "%s.args", path);
	read_checks(importer, member(call, "args"), where, entry);
	snprintf(where, sizeof(where), "%s.comment", path);
	comment = member(call, "comment");
	if (comment && expect_type(importer, comment, JSON_STRING, where, "a string"))
		entry->comment = json_string_value(comment);
	entry->includes = member(call, "includes");
	entry->excludes = member(call, "excludes");
	snprintf(where, sizeof(where), "%s.includes", path);
	read_filter(importer, entry->includes, where);
	snprintf(where, sizeof(where), "%s.excludes", path);
	read_filter(importer, entry->excludes, where);
}

/* The SCMP_ARCH_* list that applies to the architecture resolved for:
 * "architectures" as written, or archMap's entry for it (Docker's
 * reading: the architecture and its subArchitectures). */
static void read_arches(struct importer *importer)
{
	const json_t *list = member(importer->root, "architectures");
	const json_t *map = member(importer->root, "archMap"), *item, *arch, *subs, *sub;
	const char *target = importer->options->arches[0]->oci;
	char where[256];
	size_t i, j;
	bool target_entry;

	if (list && map) {
		json_path_error(importer, "archMap",
				"both \"architectures\" and \"archMap\"; use one");
		return;
	}
	if (list && expect_type(importer, list, JSON_ARRAY, "architectures", "an array")) {
		for (i = 0; i < json_array_size(list) && (item = json_array_get(list, i)); i++) {
			snprintf(where, sizeof(where), "architectures[%zu]", i);
			if (!expect_type(importer, item, JSON_STRING, where, "a string"))
				continue;
			if (!oci_arch_by_oci(json_string_value(item)))
				json_path_error(importer, where, "unknown architecture \"%s\"",
						json_string_value(item));
			else if (importer->profile_arch_count <
				 ARRAY_SIZE(importer->profile_arches))
				importer->profile_arches[importer->profile_arch_count++] =
					json_string_value(item);
		}
	}
	if (!map || !expect_type(importer, map, JSON_ARRAY, "archMap", "an array"))
		return;
	for (i = 0; i < json_array_size(map) && (item = json_array_get(map, i)); i++) {
		static const char *const keys[] = { "architecture", "subArchitectures" };

		snprintf(where, sizeof(where), "archMap[%zu]", i);
		if (!expect_type(importer, item, JSON_OBJECT, where, "an object"))
			continue;
		check_keys(importer, item, where, keys, ARRAY_SIZE(keys));
		snprintf(where, sizeof(where), "archMap[%zu].architecture", i);
		arch = member(item, "architecture");
		if (!expect_type(importer, arch, JSON_STRING, where, "a string"))
			continue;
		if (!oci_arch_by_oci(json_string_value(arch))) {
			json_path_error(importer, where, "unknown architecture \"%s\"",
					json_string_value(arch));
			continue;
		}
		subs = member(item, "subArchitectures");
		snprintf(where, sizeof(where), "archMap[%zu].subArchitectures", i);
		if (subs && !expect_type(importer, subs, JSON_ARRAY, where, "an array"))
			continue;
		target_entry = strcmp(json_string_value(arch), target) == 0;
		if (target_entry &&
		    importer->profile_arch_count < ARRAY_SIZE(importer->profile_arches))
			importer->profile_arches[importer->profile_arch_count++] =
				json_string_value(arch);
		for (j = 0; j < json_array_size(subs) && (sub = json_array_get(subs, j)); j++) {
			snprintf(where, sizeof(where), "archMap[%zu].subArchitectures[%zu]", i, j);
			if (!expect_type(importer, sub, JSON_STRING, where, "a string"))
				continue;
			if (!oci_arch_by_oci(json_string_value(sub)))
				json_path_error(importer, where, "unknown architecture \"%s\"",
						json_string_value(sub));
			else if (target_entry && importer->profile_arch_count <
							 ARRAY_SIZE(importer->profile_arches))
				importer->profile_arches[importer->profile_arch_count++] =
					json_string_value(sub);
		}
	}
}

static void read_flags(struct importer *importer)
{
	const json_t *flags = member(importer->root, "flags"), *flag;
	char where[256];
	size_t i;

	if (!flags || !expect_type(importer, flags, JSON_ARRAY, "flags", "an array"))
		return;
	for (i = 0; i < json_array_size(flags) && (flag = json_array_get(flags, i)); i++) {
		const char *name;

		snprintf(where, sizeof(where), "flags[%zu]", i);
		if (!expect_type(importer, flag, JSON_STRING, where, "a string"))
			continue;
		name = json_string_value(flag);
		/* TSYNC is preseal's default (thread_sync); WAIT_KILLABLE_RECV only
		 * concerns SCMP_ACT_NOTIFY, which import refuses. */
		if (strcmp(name, "SECCOMP_FILTER_FLAG_LOG") == 0)
			importer->log = true;
		else if (strcmp(name, "SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0)
			importer->spec_allow = true;
		else if (strcmp(name, "SECCOMP_FILTER_FLAG_TSYNC") != 0 &&
			 strcmp(name, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") != 0)
			json_path_error(importer, where, "unknown flag \"%s\"", name);
	}
}

static void read_profile(struct importer *importer)
{
	static const char *const keys[] = { "defaultAction",	"defaultErrnoRet", "architectures",
					    "archMap",		"flags",	   "listenerPath",
					    "listenerMetadata", "syscalls" };
	const json_t *root = importer->root, *syscalls, *call;
	size_t i;

	if (!expect_type(importer, root, JSON_OBJECT, "(top level)", "an object"))
		return;
	check_keys(importer, root, "(top level)", keys, ARRAY_SIZE(keys));
	if (!member(root, "defaultAction"))
		json_path_error(importer, "defaultAction", "missing");
	else
		read_action(importer, member(root, "defaultAction"),
			    member(root, "defaultErrnoRet"), "defaultAction", "defaultErrnoRet",
			    &importer->default_action);
	read_arches(importer);
	read_flags(importer);
	syscalls = member(root, "syscalls");
	if (!syscalls || !expect_type(importer, syscalls, JSON_ARRAY, "syscalls", "an array"))
		return;
	importer->entries = calloc(json_array_size(syscalls) + 1, sizeof(*importer->entries));
	if (!importer->entries) {
		importer->diags->out_of_memory = 1;
		return;
	}
	for (i = 0; i < json_array_size(syscalls) && (call = json_array_get(syscalls, i)); i++)
		read_entry(importer, call, i);
}

static int load_json(struct importer *importer)
{
	json_error_t error;
	bool from_stdin = !importer->options->input || strcmp(importer->options->input, "-") == 0;

	importer->root = from_stdin ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &error)
				    : json_load_file(importer->options->input,
						     JSON_REJECT_DUPLICATES, &error);
	if (importer->root)
		return 0;
	/* FILE:LINE:COLUMN, as compilers print it. */
	if (error.line < 1)
		diag_error(importer->diags, importer->file, 0, "%s", error.text);
	else if (json_error_code(&error) == json_error_numeric_overflow)
		diag_error(importer->diags, NULL, 0,
			   "%s:%d:%d: %s (jansson reads integers up to 2^63-1, and so does "
			   "preseal import)",
			   importer->file, error.line, error.column, error.text);
	else
		diag_error(importer->diags, NULL, 0, "%s:%d:%d: invalid JSON: %s", importer->file,
			   error.line, error.column, error.text);
	return -1;
}

/* ---- resolving for this machine ------------------------------------------- */

static bool list_has(const json_t *filter, const char *key, const char *wanted)
{
	const json_t *list = filter ? member(filter, key) : NULL, *item;
	size_t i;

	for (i = 0; i < json_array_size(list) && (item = json_array_get(list, i)); i++)
		if (strcmp(json_string_value(item), wanted) == 0)
			return true;
	return false;
}

static bool holds_cap(const struct importer *importer, const char *name)
{
	unsigned number;

	return oci_cap_parse(name, &number) == 0 && (importer->options->caps >> number & 1);
}

static bool kernel_at_least(const struct importer *importer, const json_t *filter)
{
	const json_t *text = member(filter, "minKernel");
	const unsigned *have = importer->options->kernel;
	unsigned need[2] = { 0, 0 };

	parse_kernel(json_string_value(text), need);
	return have[0] > need[0] || (have[0] == need[0] && have[1] >= need[1]);
}

/* Appends "KEY a, b" for FILTER's KEY to TEXT. */
static void describe_list(const json_t *filter, const char *key, char *text, size_t size)
{
	const json_t *list = filter ? member(filter, key) : NULL, *item;
	size_t i, used;

	if (!list || json_array_size(list) == 0)
		return;
	used = strlen(text);
	snprintf(text + used, size - used, "%s%s ", used ? ", " : "", key);
	for (i = 0; i < json_array_size(list) && (item = json_array_get(list, i)); i++) {
		used = strlen(text);
		snprintf(text + used, size - used, "%s%s", i ? " " : "", json_string_value(item));
	}
}

static void describe_filter(const json_t *filter, const char *what, char *text, size_t size)
{
	char inner[200] = "";
	size_t used;

	if (!filter)
		return;
	describe_list(filter, "caps", inner, sizeof(inner));
	describe_list(filter, "arches", inner, sizeof(inner));
	if (member(filter, "minKernel")) {
		used = strlen(inner);
		snprintf(inner + used, sizeof(inner) - used, "%sminKernel %s", used ? ", " : "",
			 json_string_value(member(filter, "minKernel")));
	}
	if (!inner[0])
		return;
	used = strlen(text);
	snprintf(text + used, size - used, "%s%s %s", used ? "; " : "", what, inner);
}

/* Docker's own order (profiles/seccomp: setupSeccomp): excludes first,
 * then includes; caps in excludes: any held drops it; in includes: all
 * must be held. */
static const char *why_left_out(const struct importer *importer, const struct entry *entry)
{
	const char *arch = importer->options->arches[0]->docker;
	const json_t *list, *item;
	size_t i;

	if (list_has(entry->excludes, "arches", arch))
		return "excluded on this architecture";
	list = entry->excludes ? member(entry->excludes, "caps") : NULL;
	for (i = 0; i < json_array_size(list) && (item = json_array_get(list, i)); i++)
		if (holds_cap(importer, json_string_value(item)))
			return "excluded with a capability given";
	if (entry->excludes && member(entry->excludes, "minKernel") &&
	    kernel_at_least(importer, entry->excludes))
		return "excluded on this kernel";
	list = entry->includes ? member(entry->includes, "arches") : NULL;
	if (list && json_array_size(list) && !list_has(entry->includes, "arches", arch))
		return "only for other architectures";
	list = entry->includes ? member(entry->includes, "caps") : NULL;
	for (i = 0; i < json_array_size(list) && (item = json_array_get(list, i)); i++)
		if (!holds_cap(importer, json_string_value(item)))
			return "needs a capability not given";
	if (entry->includes && member(entry->includes, "minKernel") &&
	    !kernel_at_least(importer, entry->includes))
		return "needs a newer kernel";
	return NULL;
}

static bool exists_on_arches(const struct importer *importer, const char *name)
{
	for (size_t i = 0; i < importer->options->arch_count; i++)
		if (seccomp_syscall_resolve_name_arch(importer->options->arches[i]->token, name) >=
		    0)
			return true;
	return false;
}

/* An unconditional NAME with ACTION already kept by an earlier entry. */
static bool kept_before(const struct importer *importer, const struct entry *until,
			const char *name, struct action action)
{
	for (const struct entry *entry = importer->entries; entry < until; entry++) {
		if (entry->left_out[0] || entry->check_count ||
		    !action_equal(entry->action, action))
			continue;
		for (size_t i = 0; i < entry->name_count; i++)
			if (entry->fates[i] == NAME_KEPT && strcmp(entry->names[i], name) == 0)
				return true;
	}
	return false;
}

static void resolve_names(struct importer *importer, struct entry *entry)
{
	char action[64];

	for (size_t i = 0; i < entry->name_count; i++) {
		const char *name = entry->names[i];

		if (exists_on_arches(importer, name))
			entry->fates[i] = !entry->check_count && kept_before(importer, entry, name,
									     entry->action)
						  ? NAME_REPEATED
						  : NAME_KEPT;
		else if (seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR)
			entry->fates[i] = NAME_OTHER_ARCH;
		else
			entry->fates[i] = NAME_UNKNOWN;
		/* Dropping a name leaves its calls to the default action: fine when
		 * that is at least as strict, a hole when it is not. */
		if (entry->fates[i] == NAME_UNKNOWN &&
		    action_severity(entry->action) < action_severity(importer->default_action)) {
			char path[96];

			action_format(entry->action, action, sizeof(action));
			snprintf(path, sizeof(path), "syscalls[%zu].names[%zu]", entry->index, i);
			json_path_error(
				importer, path,
				"\"%s\" is unknown to this libseccomp, so its %s cannot be "
				"enforced, and the default action is weaker; refusing rather "
				"than let it through",
				name, action);
		}
	}
}

static bool check_never_matches(const struct arg_check *check)
{
	return check->op == OP_MASKED_EQ && (check->value & ~check->mask) != 0;
}

/* All checks must hold, or (runc's reading of one argument checked twice)
 * any one may. */
static bool never_matches(const struct entry *entry)
{
	unsigned impossible = 0;

	for (unsigned i = 0; i < entry->check_count; i++)
		impossible += check_never_matches(&entry->checks[i]);
	return entry->any_check ? impossible == entry->check_count && impossible > 0
				: impossible > 0;
}

static void resolve(struct importer *importer)
{
	for (size_t e = 0; e < importer->entry_count; e++) {
		struct entry *entry = &importer->entries[e];
		const char *why = why_left_out(importer, entry);

		describe_filter(entry->includes, "includes", entry->condition,
				sizeof(entry->condition));
		describe_filter(entry->excludes, "excludes", entry->condition,
				sizeof(entry->condition));
		if (why)
			snprintf(entry->left_out, sizeof(entry->left_out), "%s", why);
		else if (never_matches(entry))
			snprintf(entry->left_out, sizeof(entry->left_out),
				 "never matches: a masked_eq's valueTwo has bits outside its mask");
		else if (action_equal(entry->action, importer->default_action))
			snprintf(entry->left_out, sizeof(entry->left_out),
				 "repeats the default action (runtimes skip such rules)");
		if (!entry->left_out[0])
			resolve_names(importer, entry);
	}
}

/* ---- writing the policy ------------------------------------------------- */

/* A comment line: the profile's text, with anything that could end the
 * comment early made a space. */
static void write_comment_text(FILE *out, const char *text)
{
	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		fputc(*c < 0x20 ? ' ' : *c, out);
}

static void write_origin(FILE *out, const char *indent, const struct entry *entry)
{
	fprintf(out, "%s# syscalls[%zu]", indent, entry->index);
	if (entry->comment && entry->comment[0]) {
		fprintf(out, ": ");
		write_comment_text(out, entry->comment);
	}
	if (entry->condition[0])
		fprintf(out, " (%s)", entry->condition);
	fprintf(out, "\n");
}

static size_t kept_names(const struct entry *entry)
{
	size_t count = 0;

	for (size_t i = 0; i < entry->name_count; i++)
		count += entry->fates[i] == NAME_KEPT;
	return count;
}

/* Kept names, quoted and comma-separated from COLUMN on, wrapped before
 * column 90 onto lines that start with BREAK_INDENT (tabs). */
static void write_names(FILE *out, const struct entry *entry, const char *break_indent,
			size_t column)
{
	bool first = true;

	for (size_t i = 0; i < entry->name_count; i++) {
		size_t width = strlen(entry->names[i]) + 2;

		if (entry->fates[i] != NAME_KEPT)
			continue;
		if (!first && column + width + 2 > 90) {
			fprintf(out, ",\n%s", break_indent);
			column = strlen(break_indent) * 8;
		} else if (!first) {
			fprintf(out, ", ");
			column += 2;
		}
		fprintf(out, "\"%s\"", entry->names[i]);
		column += width;
		first = false;
	}
}

static bool is_allow_entry(const struct entry *entry)
{
	return !entry->left_out[0] && !entry->check_count && entry->action.kind == ACTION_ALLOW &&
	       kept_names(entry);
}

static bool is_rule_entry(const struct entry *entry)
{
	return !entry->left_out[0] && !is_allow_entry(entry) && kept_names(entry);
}

static void write_allow(struct importer *importer)
{
	bool first = true;

	for (size_t e = 0; e < importer->entry_count; e++) {
		const struct entry *entry = &importer->entries[e];

		if (!is_allow_entry(entry))
			continue;
		fprintf(importer->out, "%s", first ? "allow = [\n" : ",\n");
		write_origin(importer->out, "\t", entry);
		fprintf(importer->out, "\t");
		write_names(importer->out, entry, "\t", 8);
		first = false;
	}
	if (!first)
		fprintf(importer->out, "\n];\n\n");
}

/* Small values in decimal, larger ones (masks, flags) in hex; strings hold
 * all 64 bits where a libconfig integer would need an L suffix. */
static void write_value(FILE *out, const char *key, uint64_t value)
{
	if (value < 0x10000)
		fprintf(out, "%s = %llu;", key, (unsigned long long)value);
	else
		fprintf(out, "%s = \"0x%llx\";", key, (unsigned long long)value);
}

static void write_check(FILE *out, const struct arg_check *check)
{
	fprintf(out, "{ index = %u; op = \"%s\"; ", check->index, arg_op_name(check->op));
	if (check->op == OP_MASKED_EQ) {
		write_value(out, "mask", check->mask);
		fputc(' ', out);
	}
	write_value(out, "value", check->value);
	fprintf(out, " }");
}

static void write_rule(struct importer *importer, const struct entry *entry,
		       const struct arg_check *checks, unsigned count, bool *first)
{
	FILE *out = importer->out;
	char action[64];

	action_format(entry->action, action, sizeof(action));
	fprintf(out, "%s\t{ syscall = ", *first ? "" : ",\n");
	if (kept_names(entry) > 1)
		fprintf(out, "[ ");
	write_names(out, entry, "\t\t\t", 30);
	fprintf(out, "%s;\n\t  action = \"%s\";", kept_names(entry) > 1 ? " ]" : "", action);
	if (count) {
		fprintf(out, "\n\t  args = ( ");
		for (unsigned i = 0; i < count; i++) {
			fprintf(out, "%s", i ? ",\n\t\t   " : "");
			write_check(out, &checks[i]);
		}
		fprintf(out, " );");
	}
	fprintf(out, " }");
	*first = false;
}

static void write_entry_rules(struct importer *importer, const struct entry *entry, bool *first)
{
	fprintf(importer->out, "%s", *first ? "" : ",\n");
	write_origin(importer->out, "\t", entry);
	if (entry->value_two_ignored)
		fprintf(importer->out, "\t# valueTwo is ignored by comparisons other than "
				       "SCMP_CMP_MASKED_EQ\n");
	*first = true;
	if (!entry->any_check) {
		write_rule(importer, entry, entry->checks, entry->check_count, first);
		return;
	}
	/* One argument checked twice: runc adds each check as a rule of its
	 * own, so any one of them matching is enough. */
	fprintf(importer->out, "\t# checks one argument twice: as runc reads it, any check may "
			       "match\n");
	for (unsigned i = 0; i < entry->check_count; i++) {
		const struct arg_check *check = &entry->checks[i];

		if (check_never_matches(check))
			continue;
		write_rule(importer, entry, check, 1, first);
	}
}

static void write_rules(struct importer *importer)
{
	bool first = true, any = false;

	for (size_t e = 0; e < importer->entry_count; e++) {
		const struct entry *entry = &importer->entries[e];

		if (!is_rule_entry(entry))
			continue;
		if (!any)
			fprintf(importer->out, "rules = (\n");
		any = true;
		write_entry_rules(importer, entry, &first);
	}
	if (any)
		fprintf(importer->out, "\n);\n\n");
}

/* The names of ENTRY whose fate is FATE (all of them when FATE is -1) on
 * comment lines starting "#     ", wrapped before column 90. */
static void write_comment_names(FILE *out, const struct entry *entry, int fate)
{
	size_t column = 0;

	for (size_t i = 0; i < entry->name_count; i++) {
		size_t width = strlen(entry->names[i]) + 1;

		if (fate >= 0 && entry->fates[i] != (enum name_fate)fate)
			continue;
		if (column == 0 || column + width > 90) {
			fprintf(out, "%s#     %s", column ? "\n" : "", entry->names[i]);
			column = 6 + width - 1;
		} else {
			fprintf(out, " %s", entry->names[i]);
			column += width;
		}
	}
	if (column)
		fprintf(out, "\n");
}

static void write_fate_list(struct importer *importer, enum name_fate fate, const char *title)
{
	bool any = false;

	for (size_t e = 0; e < importer->entry_count; e++) {
		const struct entry *entry = &importer->entries[e];
		bool listed = false;

		for (size_t i = 0; i < entry->name_count && !entry->left_out[0]; i++)
			listed = listed || entry->fates[i] == fate;
		if (!listed)
			continue;
		if (!any)
			fprintf(importer->out, "%s\n", title);
		fprintf(importer->out, "#   syscalls[%zu]:\n", entry->index);
		write_comment_names(importer->out, entry, (int)fate);
		any = true;
	}
	if (any)
		fprintf(importer->out, "\n");
}

static void write_left_out(struct importer *importer)
{
	FILE *out = importer->out;
	bool any = false;

	for (size_t e = 0; e < importer->entry_count; e++) {
		const struct entry *entry = &importer->entries[e];

		if (!entry->left_out[0])
			continue;
		if (!any)
			fprintf(out, "# Left out: entries that do not apply here.\n");
		any = true;
		fprintf(out, "#   syscalls[%zu], %s", entry->index, entry->left_out);
		if (entry->condition[0])
			fprintf(out, " (%s)", entry->condition);
		fprintf(out, ":\n");
		write_comment_names(out, entry, -1);
	}
	if (any)
		fprintf(out, "\n");
	write_fate_list(importer, NAME_OTHER_ARCH,
			"# Left out: not syscalls on the policy's architectures (libseccomp knows "
			"them\n# for others).");
	write_fate_list(importer, NAME_UNKNOWN,
			"# Left out: unknown to this libseccomp, so they cannot be filtered by "
			"number;\n# their calls get the default action.");
}

static void write_caps(struct importer *importer)
{
	const struct import_options *options = importer->options;
	unsigned written = 0;

	fprintf(importer->out, "# with the capabilities %s:",
		options->caps_given ? "given by --caps" : "of Docker's default set (see --caps)");
	for (unsigned cap = 0; cap < oci_cap_count(); cap++) {
		if (!(options->caps >> cap & 1))
			continue;
		fprintf(importer->out, "%s%s", written % 5 == 0 ? "\n#   " : " ",
			oci_cap_name(cap));
		written++;
	}
	fprintf(importer->out, "%s\n", written ? "" : " none");
}

static void write_header(struct importer *importer)
{
	const struct import_options *options = importer->options;
	FILE *out = importer->out;
	char action[64];

	fprintf(out, "# Imported by `preseal import` from %s\n", importer->file);
	fprintf(out, "# for %s (Docker's \"%s\"), Linux %u.%u,\n", options->arches[0]->name,
		options->arches[0]->docker, options->kernel[0], options->kernel[1]);
	write_caps(importer);
	fprintf(out, "# Import again, rather than edit, when the profile changes.\n\n");
	action_format(importer->default_action, action, sizeof(action));
	fprintf(out, "default_action = \"%s\";  # defaultAction %s", action,
		json_string_value(member(importer->root, "defaultAction")));
	if (member(importer->root, "defaultErrnoRet"))
		fprintf(out, ", defaultErrnoRet %lld",
			(long long)json_integer_value(member(importer->root, "defaultErrnoRet")));
	fprintf(out, "\n");
	fprintf(out, "architectures = [");
	for (size_t i = 0; i < options->arch_count; i++)
		fprintf(out, "%s \"%s\"", i ? "," : "", options->arches[i]->name);
	fprintf(out, " ];\n");
	if (importer->profile_arch_count) {
		fprintf(out, "# The profile lists for %s:", options->arches[0]->name);
		for (size_t i = 0; i < importer->profile_arch_count; i++)
			fprintf(out, " %s", importer->profile_arches[i]);
		fprintf(out, "\n# Calls from architectures not listed above meet bad_arch_action; "
			     "keep more with --arch.\n");
	}
	if (importer->log)
		fprintf(out, "log = true;          # flags: SECCOMP_FILTER_FLAG_LOG\n");
	if (importer->spec_allow)
		fprintf(out, "disable_ssb = true;  # flags: SECCOMP_FILTER_FLAG_SPEC_ALLOW\n");
	fprintf(out, "\n");
}

/* The text is read and compiled as `check` would before it is written. */
static int verify_text(struct importer *importer, const char *text)
{
	const char *name = importer->options->output;
	char shown[4096];
	struct policy *policy;

	/* Errors name the file that will hold the text when they occur. */
	snprintf(shown, sizeof(shown), "%s%s", strcmp(name, "-") ? name : "<stdout>",
		 strcmp(name, "-") ? ".rejected" : "");
	policy = policy_read_string(text, shown, NULL, importer->diags);
	struct filter filter;
	int result = -1;

	if (policy && compile_policy(policy, NULL, &filter, importer->diags) == 0) {
		filter_free(&filter);
		result = 0;
	}
	policy_free(policy);
	return result;
}

/* The converted text that did not compile, kept beside OUTPUT so that the
 * lines the errors name can be read; OUTPUT itself is left alone. */
static void keep_rejected(struct importer *importer, const char *text, size_t size)
{
	const char *output = importer->options->output;
	char rejected[4096];

	if (strcmp(output, "-") == 0 ||
	    snprintf(rejected, sizeof(rejected), "%s.rejected", output) >= (int)sizeof(rejected) ||
	    oci_write_output(rejected, text, size, importer->diags) < 0) {
		diag_error(importer->diags, importer->file, 0,
			   "the converted policy does not compile (errors above); nothing written");
		return;
	}
	diag_error(importer->diags, importer->file, 0,
		   "the converted policy does not compile (errors above); %s not written, the "
		   "text is in %s",
		   output, rejected);
}

static int write_policy(struct importer *importer)
{
	char *text = NULL;
	size_t size = 0;
	int result;

	importer->out = open_memstream(&text, &size);
	if (!importer->out) {
		importer->diags->out_of_memory = 1;
		return -1;
	}
	write_header(importer);
	write_allow(importer);
	write_rules(importer);
	write_left_out(importer);
	if (fclose(importer->out) != 0) {
		free(text);
		importer->diags->out_of_memory = 1;
		return -1;
	}
	result = verify_text(importer, text);
	if (result == 0)
		result = oci_write_output(importer->options->output, text, size, importer->diags);
	else
		keep_rejected(importer, text, size);
	free(text);
	return result;
}

static void free_importer(struct importer *importer)
{
	for (size_t e = 0; e < importer->entry_count; e++) {
		free(importer->entries[e].names);
		free(importer->entries[e].fates);
	}
	free(importer->entries);
	json_decref(importer->root);
}

static int import_profile(const struct import_options *options, struct diag_list *diags)
{
	struct importer importer = {
		.options = options,
		.file = options->input && strcmp(options->input, "-") ? options->input : "<stdin>",
		.diags = diags,
	};
	int result = -1;

	if (load_json(&importer) == 0) {
		read_profile(&importer);
		if (!diag_failed(diags))
			resolve(&importer);
		if (!diag_failed(diags))
			result = write_policy(&importer);
	}
	free_importer(&importer);
	return result;
}

/* ---- options -------------------------------------------------------------- */

static int parse_caps(const char *list, uint64_t *caps)
{
	char *copy = strdup(list), *save = NULL;
	unsigned number;
	int result = 0;

	if (!copy)
		return cli_usage_error("import", "out of memory");
	*caps = 0;
	for (char *item = strtok_r(copy, ",", &save); item && result == 0;
	     item = strtok_r(NULL, ",", &save)) {
		if (strcmp(item, "default") == 0)
			*caps |= oci_docker_default_caps();
		else if (strcmp(item, "all") == 0)
			*caps |= (1ull << oci_cap_count()) - 1;
		else if (strcmp(item, "none") == 0)
			continue;
		else if (oci_cap_parse(item, &number) == 0)
			*caps |= 1ull << number;
		else
			result = cli_usage_error("import", "--caps: unknown capability '%s'", item);
	}
	free(copy);
	return result;
}

static int parse_arches(const char *list, struct import_options *options)
{
	char *copy = strdup(list), *save = NULL;
	int result = 0;

	if (!copy)
		return cli_usage_error("import", "out of memory");
	options->arch_count = 0;
	for (char *item = strtok_r(copy, ",", &save); item && result == 0;
	     item = strtok_r(NULL, ",", &save)) {
		const struct oci_arch *arch = oci_arch_by_name(item);

		if (!arch)
			result = cli_usage_error("import", "--arch: unknown architecture '%s'",
						 item);
		else if (options->arch_count == POLICY_MAX_ARCHES)
			result = cli_usage_error("import", "--arch: too many architectures");
		else
			options->arches[options->arch_count++] = arch;
	}
	free(copy);
	if (result == 0 && options->arch_count == 0)
		result = cli_usage_error("import", "--arch: name an architecture");
	return result;
}

static int parse_import(int argc, char **argv, struct import_options *options)
{
	struct utsname machine;
	int result = 0;

	*options = (struct import_options){ .caps = oci_docker_default_caps() };
	options->arches[0] = oci_arch_native();
	options->arch_count = options->arches[0] ? 1 : 0;
	if (uname(&machine) == 0)
		parse_kernel_release(machine.release, options->kernel);
	struct cli_parser parser = { .verb = &cli_verb_import, .argc = argc, .argv = argv };
	int key;

	while (result == 0 && (key = cli_next_option(&parser)) != CLI_DONE) {
		const char *value = parser.value;

		if (key == 'o') {
			options->output = value;
		} else if (key == 'c') {
			options->caps_given = true;
			result = parse_caps(value, &options->caps);
		} else if (key == 'a') {
			result = parse_arches(value, options);
		} else if (key == 'k') {
			if (!parse_kernel(value, options->kernel))
				result = cli_usage_error("import", "--kernel: '%s' is not like 4.8",
							 value);
		} else if (key != CLI_OPERAND) {
			result = cli_parse_status(key);
			return key == CLI_HELP ? -1 : result;
		} else if (!options->input) {
			options->input = value;
		} else {
			result = cli_usage_error("import", "one profile at a time");
		}
	}
	if (result)
		return result;
	/* The usage status is 2 whatever cli_usage_error says. */
	if (!options->input || !options->output) {
		cli_usage_error("import", "name a profile and the output: -o OUT.cfg");
		return 2;
	}
	if (options->arch_count == 0) {
		cli_usage_error("import",
				"this machine's architecture has no OCI name; give --arch");
		return 2;
	}
	return 0;
}

static int verb_import(int argc, char **argv)
{
	struct import_options options;
	struct diag_list diags = { 0 };
	int status;

	status = parse_import(argc, argv, &options);
	if (status)
		return status < 0 ? 0 : status;
	status = import_profile(&options, &diags) < 0;
	diag_print(&diags, stderr, "");
	diag_free(&diags);
	return status;
}

static const struct cli_option import_options[] = {
	{ 'o', "output", "OUT.cfg", "write the policy to OUT.cfg ('-': standard output)" },
	{ 'c', "caps", "CAP,...", "the capabilities the container has (Docker's default set)" },
	{ 'a', "arch", "ARCH,...", "the OCI architectures to keep (this machine's)" },
	{ 'k', "kernel", "X.Y", "the kernel the rules are for (this one)" },
	{ 0, NULL, NULL, NULL },
};

const struct verb cli_verb_import = {
	"import",
	"PROFILE.json -o OUT.cfg [--caps CAP,...] [--arch ARCH,...] [--kernel X.Y]",
	"convert an OCI or Docker seccomp profile into a preseal policy",
	verb_import,
	import_options,
	NULL,
};

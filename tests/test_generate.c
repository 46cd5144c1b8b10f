/* test_generate: preseal's own BPF generator (shim/core/generate.c, decision.c).
 *
 * The compile suite holds compiled filters to the answers their policies
 * state; this one holds the generator to what it promises besides.  It
 * answers as libseccomp's generator does over the verifier's inputs, for
 * every built-in profile and test policy, and as the model does for
 * random policies and random arguments; numbers share ranges, and the
 * ranges' boundaries hold; 64-bit comparisons carry across the word
 * boundary; masked_ne is one test; a jump further than 255 instructions
 * goes through a trampoline; a policy beyond the kernel's 4096
 * instructions is refused, naming why; and every argument-free allow lies
 * on a path the kernel's action cache accepts, checked with an emulation
 * of seccomp_is_const_allow.  Filters are loaded only in forked children.
 */
#include <dirent.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "argwidth.h"
#include "bpf.h"
#include "compile.h"
#include "enosys.h"
#include "generate.h"
#include "harness.h"
#include "answers.h"
#include "live.h"
#include "load.h"
#include "policy.h"
#include "profiles.h"
#include "support.h"
#include "transform.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static const struct compile_options with_libseccomp = { .libseccomp = true };

/* ---- helpers ------------------------------------------------------------ */

static bool native_is_x86_64(void)
{
	if (seccomp_arch_native() == SCMP_ARCH_X86_64)
		return true;
	test_skip("the generated programs here are written for an x86-64 host");
	return false;
}

/* Reads TEXT and compiles it with OPTIONS (NULL: preseal's generator, no
 * probe); a policy the reader refuses is a failure at LINE. */
static void compile_text_at(unsigned line, const char *text, const struct compile_options *options,
			    struct test_compiled *out)
{
	test_compile_at(line, NAME, text, options, out);
}

/* The same, and the compile must succeed. */
static bool compile_good_at(unsigned line, const char *text, const struct compile_options *options,
			    struct test_compiled *out)
{
	char shown[1024];

	compile_text_at(line, text, options, out);
	test_show_diags(&out->diags, shown, sizeof(shown));
	EXPECT_AT(line, out->result == 0, "compile_policy = %d: %s", out->result, shown);
	return out->result == 0;
}
#define COMPILE_GOOD(text, out) compile_good_at(__LINE__, (text), NULL, (out))

static uint32_t run(const struct filter *filter, uint32_t arch, uint32_t nr, const uint64_t args[6])
{
	struct seccomp_data data = { .nr = (int)nr, .arch = arch };

	memcpy(data.args, args, sizeof(data.args));
	return bpf_run(filter->program, filter->length, &data);
}

static void expect_answer_at(unsigned line, const struct filter *filter, uint32_t arch, uint32_t nr,
			     const uint64_t args[6], uint32_t want)
{
	uint32_t got = run(filter, arch, nr, args);

	EXPECT_AT(line, got == want, "nr %#x arch %#x args %#llx %#llx gave %#x, expected %#x", nr,
		  arch, (unsigned long long)args[0], (unsigned long long)args[1], got, want);
}
#define EXPECT_ANSWER(filter, nr, want, ...)                                    \
	expect_answer_at(__LINE__, (filter), AUDIT_ARCH_X86_64, (uint32_t)(nr), \
			 (const uint64_t[6]){ __VA_ARGS__ }, (want))

static uint32_t x86_64_nr(const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name);

	EXPECT(nr >= 0, "no syscall '%s' on x86_64", name);
	return (uint32_t)nr;
}

static size_t count_opcode(const struct filter *filter, uint16_t code)
{
	size_t found = 0;

	for (size_t i = 0; i < filter->length; i++)
		found += filter->program[i].code == code;
	return found;
}

/* Whether conditional jump INSN (against a constant) is taken with A; false
 * for any other instruction. */
static bool jump_taken(const struct sock_filter *insn, uint32_t a, bool *taken)
{
	switch (insn->code) {
	case BPF_JMP | BPF_JEQ | BPF_K:
		*taken = a == insn->k;
		return true;
	case BPF_JMP | BPF_JGE | BPF_K:
		*taken = a >= insn->k;
		return true;
	case BPF_JMP | BPF_JGT | BPF_K:
		*taken = a > insn->k;
		return true;
	case BPF_JMP | BPF_JSET | BPF_K:
		*taken = (a & insn->k) != 0;
		return true;
	default:
		return false;
	}
}

/* What one call costs the filter: the instructions it runs, and how many
 * of them are trampolines.  Only the instructions preseal's programs use
 * (the generator's, the ENOSYS ranges, the probe); -1 for any other. */
struct path {
	int steps;
	int trampolines;
};

static struct path path_of(const struct filter *filter, const struct seccomp_data *data)
{
	struct path path = { 0, 0 };
	uint32_t a = 0;

	for (size_t pc = 0; pc < filter->length; pc++) {
		const struct sock_filter *insn = &filter->program[pc];
		bool taken;

		path.steps++;
		switch (insn->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			memcpy(&a, (const char *)data + insn->k, sizeof(a));
			continue;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= insn->k;
			continue;
		case BPF_RET | BPF_K:
			return path;
		case BPF_JMP | BPF_JA:
			path.trampolines++;
			pc += insn->k;
			continue;
		default:
			if (!jump_taken(insn, a, &taken))
				return (struct path){ -1, -1 };
			break;
		}
		pc += taken ? insn->jt : insn->jf;
	}
	return (struct path){ -1, -1 };
}

static struct path call_path(const struct filter *filter, uint32_t nr, uint64_t a0, uint64_t a1)
{
	struct seccomp_data data = { .nr = (int)nr, .arch = AUDIT_ARCH_X86_64 };

	data.args[0] = a0;
	data.args[1] = a1;
	return path_of(filter, &data);
}

/* kernel/seccomp.c seccomp_is_const_allow() (Linux 5.11+): the kernel
 * caches "always allow" for a number on an architecture only when the
 * program, run for them with the arguments unknown, reaches RET ALLOW
 * through loads of nr and arch, constant jumps and ANDs alone. */
static bool const_allow(const struct filter *filter, uint32_t arch, uint32_t nr)
{
	uint32_t a = 0;

	for (size_t pc = 0; pc < filter->length; pc++) {
		const struct sock_filter *insn = &filter->program[pc];
		bool taken;

		switch (insn->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (insn->k == offsetof(struct seccomp_data, nr))
				a = nr;
			else if (insn->k == offsetof(struct seccomp_data, arch))
				a = arch;
			else
				return false; /* an argument: not constant */
			continue;
		case BPF_RET | BPF_K:
			return insn->k == SECCOMP_RET_ALLOW;
		case BPF_JMP | BPF_JA:
			pc += insn->k;
			continue;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= insn->k;
			continue;
		default:
			if (!jump_taken(insn, a, &taken))
				return false;
			break;
		}
		pc += taken ? insn->jt : insn->jf;
	}
	return false;
}

/* A growing text buffer for generated policies. */
struct text {
	char *data;
	size_t length, capacity;
};

static void text_add(struct text *text, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

static void text_add(struct text *text, const char *format, ...)
{
	va_list args;
	int needed;

	va_start(args, format);
	needed = vsnprintf(NULL, 0, format, args);
	va_end(args);
	if (needed < 0)
		return;
	if (text->length + (size_t)needed + 1 > text->capacity) {
		size_t capacity = (text->capacity + (size_t)needed + 1) * 2;
		char *data = realloc(text->data, capacity);

		if (!data)
			return;
		text->data = data;
		text->capacity = capacity;
	}
	va_start(args, format);
	vsnprintf(text->data + text->length, text->capacity - text->length, format, args);
	va_end(args);
	text->length += (size_t)needed;
}

/* The shape of scripts/gen-bench-policies.sh's rules-360.cfg: 350 allowed
 * syscalls (the lowest x86-64 numbers but those the rules cover) and ten
 * argument rules like Docker's and the baseline's. */
static void bench_360_policy(struct text *text, const char *optimize)
{
	size_t named = 0;

	text_add(text, "default_action = \"errno(EPERM)\";\noptimize = \"%s\";\nallow = [\n",
		 optimize);
	for (int nr = 0; nr < 1024 && named < 350; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);

		if (name && strcmp(name, "ioctl") && strcmp(name, "clone") &&
		    strcmp(name, "personality") && strcmp(name, "socket")) {
			text_add(text, "%s\"%s\"", named ? ", " : "", name);
			named++;
		}
		free(name);
	}
	text_add(text,
		 "];\nrules = (\n"
		 "{ syscall = \"clone\"; action = \"allow\"; args = ( { index = 0; op = "
		 "\"masked_eq\"; value = 0; mask = \"CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|"
		 "CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET\"; } ); },\n"
		 "{ syscall = \"ioctl\"; action = \"allow\"; args = ( { index = 1; op = "
		 "\"masked_ne\"; mask = 0xffffffff; value = \"TIOCSTI\"; } ); },\n"
		 "{ syscall = \"ioctl\"; action = \"errno(EIO)\"; args = ( { index = 1; op = "
		 "\"masked_eq\"; mask = 0xffffffff; value = \"TIOCSTI\"; } ); },\n"
		 "{ syscall = \"personality\"; action = \"allow\"; args = ( { index = 0; op = "
		 "\"eq\"; value = 0; } ); },\n"
		 "{ syscall = \"personality\"; action = \"allow\"; args = ( { index = 0; op = "
		 "\"eq\"; value = 8; } ); },\n"
		 "{ syscall = \"personality\"; action = \"allow\"; args = ( { index = 0; op = "
		 "\"eq\"; value = 0x20000; } ); },\n"
		 "{ syscall = \"personality\"; action = \"allow\"; args = ( { index = 0; op = "
		 "\"eq\"; value = 0x20008; } ); },\n"
		 "{ syscall = \"personality\"; action = \"allow\"; args = ( { index = 0; op = "
		 "\"eq\"; value = 0xffffffff; } ); },\n"
		 "{ syscall = \"socket\"; action = \"allow\"; args = ( { index = 0; op = \"ne\"; "
		 "value = \"AF_PACKET\"; } ); },\n"
		 "{ syscall = \"socket\"; action = \"errno(EAFNOSUPPORT)\"; args = ( { index = 0; "
		 "op = \"eq\"; value = \"AF_PACKET\"; } ); }\n);\n");
}

static const char one_rule_text[] =
	"default_action = \"allow\";\n"
	"rules = ( { syscall = \"ioctl\"; action = \"errno(EIO)\";\n"
	"            args = ( { index = 1; op = \"masked_eq\"; mask = 0xffffffff;\n"
	"                       value = \"TIOCSTI\"; } ); } );\n";

/* ---- the two generators agree ------------------------------------------------ */

/* Compiles POLICY with both generators and holds preseal's filter to
 * libseccomp's over the verifier's inputs. */
static void expect_generators_agree_at(unsigned line, const char *name, struct policy *policy)
{
	struct diag_list diags = { 0 };
	struct filter own, theirs;
	char shown[1024];
	int own_result = compile_policy(policy, NULL, &own, &diags);
	int their_result = compile_policy(policy, &with_libseccomp, &theirs, &diags);

	test_show_diags(&diags, shown, sizeof(shown));
	EXPECT_AT(line, own_result == 0 && their_result == 0, "%s: compiled %d and %d: %s", name,
		  own_result, their_result, shown);
	if (own_result == 0 && their_result == 0) {
		int same = verify_same_answers(policy, &own, &theirs, &diags);

		test_show_diags(&diags, shown, sizeof(shown));
		EXPECT_AT(line, same == 0, "%s: %s", name, shown);
	}
	if (own_result == 0)
		filter_free(&own);
	if (their_result == 0)
		filter_free(&theirs);
	diag_free(&diags);
}

/* A check run on one policy; LINE is where it is reported. */
typedef void policy_check(unsigned line, const char *name, struct policy *policy);

/* CHECK on every built-in profile. */
static void check_every_profile(unsigned line, policy_check *check)
{
	size_t count;
	const struct builtin_profile *profiles = profiles_all(&count);

	for (size_t i = 0; i < count; i++) {
		struct diag_list diags = { 0 };
		struct policy *policy = policy_read_string(profiles_text(&profiles[i]),
							   profiles[i].name, NULL, &diags);

		EXPECT_AT(line, policy != NULL, "profile %s was refused", profiles[i].name);
		if (policy)
			check(line, profiles[i].name, policy);
		policy_free(policy);
		diag_free(&diags);
	}
}

/* CHECK on the bench's 360-rule policy, in tree and in priority order. */
static void check_bench_policies(unsigned line, policy_check *check)
{
	static const char *const optimize[] = { "tree", "priority" };

	for (size_t i = 0; i < COUNT(optimize); i++) {
		struct text text = { 0 };
		struct diag_list diags = { 0 };
		struct policy *policy;

		bench_360_policy(&text, optimize[i]);
		policy = text.data ? policy_read_string(text.data, NAME, NULL, &diags) : NULL;
		EXPECT_AT(line, policy != NULL, "the 360-rule policy was refused");
		if (policy)
			check(line, optimize[i], policy);
		policy_free(policy);
		diag_free(&diags);
		free(text.data);
	}
}

static void every_builtin_profile_answers_as_libseccomps_filter(void)
{
	check_every_profile(__LINE__, expect_generators_agree_at);
}

static int is_policy_file(const struct dirent *entry)
{
	size_t length = strlen(entry->d_name);

	return length > 4 && strcmp(entry->d_name + length - 4, ".cfg") == 0;
}

static void every_good_test_policy_answers_as_libseccomps_filter(void)
{
	struct dirent **entries;
	int count = scandir("tests/policies/good", &entries, is_policy_file, alphasort);

	if (count < 0) {
		test_skip("tests/policies not found: run the tests from the repository root");
		return;
	}
	for (int i = 0; i < count; i++) {
		char path[512];
		struct diag_list diags = { 0 };
		struct policy *policy;

		snprintf(path, sizeof(path), "tests/policies/good/%s", entries[i]->d_name);
		policy = policy_read_file(path, 0, &diags);
		EXPECT(policy != NULL, "%s was refused", path);
		if (policy)
			expect_generators_agree_at(__LINE__, path, policy);
		policy_free(policy);
		diag_free(&diags);
		free(entries[i]);
	}
	free(entries);
}

static void bench_policies_answer_as_libseccomps_filter(void)
{
	check_bench_policies(__LINE__, expect_generators_agree_at);
}

/* ---- random policies against the model ----------------------------------- */

/* A small deterministic generator, so that a failure can be replayed. */
static uint64_t random_next(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static uint64_t random_pick(uint64_t *state, const uint64_t *values, size_t count)
{
	return values[random_next(state) % count];
}

static const uint64_t interesting[] = {
	0,
	1,
	2,
	5,
	0x5412,
	0x7fffffff,
	0x80000000,
	0xfffffffe,
	0xffffffff,
	0x100000000,
	0x100000005,
	0x1ffffffff,
	0xffffffff00000000,
	0xfffffffffffffffe,
	UINT64_MAX,
};

static const uint64_t masks[] = {
	0xff, 0xf0f0, 0xffffffff, 0xffffffff00000000, 0x100000000, 0x80000001, UINT64_MAX,
};

static const char *const random_ops[] = {
	"eq", "ne", "lt", "le", "gt", "ge", "masked_eq", "masked_ne",
};

static const char *const random_actions[] = {
	"allow", "errno(EPERM)", "errno(EACCES)", "errno(EIO)", "trap", "log", "kill_thread",
};

/* ioctl's fd and request are unsigned ints, kill's arguments ints: the
 * kernel reads their low 32 bits (argwidth.h). */
static const char *const random_syscalls[] = { "getppid", "ioctl", "kill" };
/* Every width: socket's ints, fchmod's unsigned int and umode_t (16 bits),
 * lseek's unsigned int, off_t and unsigned int. */
static const char *const narrow_syscalls[] = { "socket", "fchmod", "lseek" };

struct syscall_set {
	const char *const *names;
	size_t count;
};

static const struct syscall_set usual_set = { random_syscalls, COUNT(random_syscalls) };
static const struct syscall_set narrow_set = { narrow_syscalls, COUNT(narrow_syscalls) };

static void random_check(struct text *text, uint64_t *state, unsigned index, bool *masked_ne)
{
	const char *op = random_ops[random_next(state) % COUNT(random_ops)];
	uint64_t value = random_pick(state, interesting, COUNT(interesting));

	if (strcmp(op, "masked_ne") == 0 && *masked_ne)
		op = "masked_eq"; /* a rule may use masked_ne once */
	*masked_ne = *masked_ne || strcmp(op, "masked_ne") == 0;
	if (strncmp(op, "masked", 6) == 0) {
		uint64_t mask = random_pick(state, masks, COUNT(masks));

		text_add(text, "{ index = %u; op = \"%s\"; mask = 0x%llxL; value = 0x%llxL; }",
			 index, op, (unsigned long long)mask, (unsigned long long)(value & mask));
	} else {
		text_add(text, "{ index = %u; op = \"%s\"; value = 0x%llxL; }", index, op,
			 (unsigned long long)value);
	}
}

/* NARROW: a policy for 32-bit architectures only (arm), or with x86 listed
 * beside x86-64 when X86. */
static void random_policy(struct text *text, uint64_t *state, bool narrow, bool x86,
			  const struct syscall_set *set)
{
	static const char *const defaults[] = { "allow", "errno(EPERM)", "kill_process" };
	static const char *const wide_arches[] = { "\"native\"", "\"native\", \"aarch64\"",
						   "\"native\", \"arm\"" };
	unsigned rules = 1 + (unsigned)(random_next(state) % 10);

	text_add(text,
		 "default_action = \"%s\";\noptimize = \"%s\";\narchitectures = [ %s ];\n"
		 "rules = (\n",
		 defaults[random_next(state) % COUNT(defaults)],
		 random_next(state) % 2 ? "tree" : "priority",
		 x86	  ? "\"native\", \"x86\""
		 : narrow ? "\"arm\""
			  : wide_arches[random_next(state) % COUNT(wide_arches)]);
	for (unsigned r = 0; r < rules; r++) {
		unsigned checks = 1 + (unsigned)(random_next(state) % 3);
		unsigned first = (unsigned)(random_next(state) % 3);
		bool masked_ne = false;

		text_add(text, "%s{ syscall = \"%s\"; action = \"%s\"; args = ( ", r ? ",\n" : "",
			 set->names[random_next(state) % set->count],
			 random_actions[random_next(state) % COUNT(random_actions)]);
		for (unsigned c = 0; c < checks; c++) {
			text_add(text, "%s", c ? ", " : "");
			random_check(text, state, (first + c) % 3, &masked_ne);
		}
		text_add(text, " ); }");
	}
	text_add(text, "\n);\n");
}

/* Random arguments near the policy's values and anywhere, for each
 * syscall: the filter must give what the model decides. */
static void expect_model_answers(const struct test_compiled *c, uint64_t *state, bool narrow,
				 bool x86, const char *text, const struct syscall_set *set)
{
	uint32_t token = x86 ? SCMP_ARCH_X86 : narrow ? SCMP_ARCH_ARM : SCMP_ARCH_X86_64;
	long highest = enosys_highest_named(c->policy, token);
	unsigned reported = 0;

	for (size_t s = 0; s < set->count; s++) {
		int nr = seccomp_syscall_resolve_name_arch(token, set->names[s]);

		for (int round = 0; nr >= 0 && round < 200; round++) {
			uint64_t args[6] = { 0 };
			struct action model;
			uint32_t got;

			for (unsigned i = 0; i < 3; i++) {
				uint64_t near = random_pick(state, interesting, COUNT(interesting));

				args[i] = round % 3 == 0 ? random_next(state)
							 : near + (random_next(state) % 3) - 1;
				if (narrow)
					args[i] &= 0xffffffffu;
			}
			model = policy_decide_width(c->policy, set->names[s], args, narrow, NULL);
			/* A syscall above every one the policy names answers
			 * ENOSYS when the default is an errno (enosys.c). */
			if (!policy_first_rule(c->policy, set->names[s]) &&
			    enosys_applies(c->policy, token, highest, nr))
				model = (struct action){ .kind = ACTION_ERRNO, .data = ENOSYS };
			got = run(&c->filter, token, (uint32_t)nr, args);
			if (got != action_to_seccomp(model) && reported++ < 3)
				EXPECT(false,
				       "%s(%#llx, %#llx, %#llx) gave %#x, the model %#x; "
				       "policy:\n%s",
				       set->names[s], (unsigned long long)args[0],
				       (unsigned long long)args[1], (unsigned long long)args[2],
				       got, action_to_seccomp(model), text);
		}
	}
}

/* libseccomp needs a rule per bit of a masked_ne mask, and its tree of
 * overlapping rules grows with their product: with masked_ne among a few
 * other rules it takes minutes.  The comparison skips such policies. */
static bool libseccomp_can_take(const struct policy *policy)
{
	for (size_t i = 0; i < policy->rule_count; i++)
		for (unsigned c = 0; c < policy->rules[i].arg_count; c++) {
			const struct rule *rule = &policy->rules[i];
			const struct arg_check *check = &rule->args[c];
			bool narrow = argwidth_of(rule->syscall, check->index) != ARG_WIDE;

			/* libseccomp is given those one bit at a time too */
			if (check->op == OP_MASKED_NE || (narrow && check->op == OP_NE))
				return false;
		}
	return policy->rule_count <= 6;
}

/* SET's syscalls in 1,000 random policies (one in four for arm, a 32-bit
 * architecture): the filter answers as the model, and as libseccomp's
 * filter where that can be built in time. */
static void expect_random_policies_answer_as_the_model(const struct syscall_set *set,
						       uint64_t state, bool with_x86)
{
	unsigned compiled = 0, compared = 0, compiled_x86 = 0, compared_x86 = 0;

	if (!native_is_x86_64())
		return;
	for (int i = 0; i < 1000; i++) {
		struct text text = { 0 };
		struct diag_list diags = { 0 };
		/* x86 is built by preseal's generator too, and compared with
		 * libseccomp's filter where that one passes the verifier. */
		bool x86 = with_x86 && i % 4 == 2, narrow = i % 4 == 3 || x86;
		struct test_compiled c = { .result = -EINVAL };
		struct filter theirs;
		char shown[1024];

		random_policy(&text, &state, narrow && !x86, x86, set);
		c.policy = text.data ? policy_read_string(text.data, NAME, NULL, &c.diags) : NULL;
		if (!c.policy) { /* e.g. two rules with the same checks and different actions */
			diag_free(&c.diags);
			free(text.data);
			continue;
		}
		c.result = compile_policy(c.policy, NULL, &c.filter, &c.diags);
		test_show_diags(&c.diags, shown, sizeof(shown));
		EXPECT(c.result == 0, "compile_policy = %d: %s; policy:\n%s", c.result, shown,
		       text.data);
		if (c.result == 0) {
			compiled++;
			expect_model_answers(&c, &state, narrow, x86, text.data, set);
			compiled_x86 += x86;
			/* Where libseccomp's filter passes the verifier too, both
			 * must answer alike. */
			if (libseccomp_can_take(c.policy) &&
			    compile_policy(c.policy, &with_libseccomp, &theirs, &diags) == 0) {
				compared++;
				compared_x86 += x86;
				EXPECT(verify_same_answers(c.policy, &c.filter, &theirs, &diags) ==
					       0,
				       "the generators differ on:\n%s", text.data);
				filter_free(&theirs);
			}
		}
		test_compiled_free(&c);
		diag_free(&diags);
		free(text.data);
	}
	EXPECT(compiled >= 500 && compared >= 100, "only %u random policies compiled, %u compared",
	       compiled, compared);
	/* libseccomp refuses a check on an int or unsigned int argument whose
	 * meaning differs between x86 and x86-64 (argument width), so fewer
	 * x86 policies reach the comparison than x86-64 ones. */
	EXPECT(!with_x86 || (compiled_x86 >= 150 && compared_x86 >= 8),
	       "only %u random x86 policies compiled, %u compared", compiled_x86, compared_x86);
}

static void random_policies_compile_to_what_the_model_says(void)
{
	if (native_is_x86_64())
		expect_random_policies_answer_as_the_model(&usual_set, 0x9e3779b97f4a7c15ull, true);
}

/* Checks on int, unsigned int and umode_t arguments, with values and
 * masks that reach above their width, against arguments whose upper bits
 * are anything: the filter decides as the model, on what the kernel reads. */
static void random_policies_on_narrow_arguments_compile_to_what_the_model_says(void)
{
	if (native_is_x86_64())
		expect_random_policies_answer_as_the_model(&narrow_set, 0x243f6a8885a308d3ull,
							   false);
}

/* ---- ranges of numbers -------------------------------------------------------- */

static void consecutive_allowed_syscalls_share_one_range(void)
{
	struct text text = { 0 };
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	text_add(&text, "default_action = \"errno(EPERM)\";\nunknown_syscalls = \"default\";\n"
			"allow = [ ");
	for (int nr = 0; nr < 100; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);

		text_add(&text, "%s\"%s\"", nr ? ", " : "", name ? name : "read");
		free(name);
	}
	text_add(&text, ", \"getppid\" ];\n");
	if (text.data && COMPILE_GOOD(text.data, &c)) {
		/* One JEQ per syscall would take more than a hundred. */
		EXPECT(c.filter.length <= 20, "%zu instructions for two ranges", c.filter.length);
		EXPECT_ANSWER(&c.filter, 0, ALLOW, 0);
		EXPECT_ANSWER(&c.filter, 1, ALLOW, 0);
		EXPECT_ANSWER(&c.filter, 98, ALLOW, 0);
		EXPECT_ANSWER(&c.filter, 99, ALLOW, 0);
		EXPECT_ANSWER(&c.filter, 100, ERRNO(EPERM), 0);
		EXPECT_ANSWER(&c.filter, 109, ERRNO(EPERM), 0);
		EXPECT_ANSWER(&c.filter, 110, ALLOW, 0); /* getppid */
		EXPECT_ANSWER(&c.filter, 111, ERRNO(EPERM), 0);
		EXPECT_ANSWER(&c.filter, 1023, ERRNO(EPERM), 0);
		EXPECT_ANSWER(&c.filter, X32_BIT - 1, ERRNO(EPERM), 0);
		/* x32 numbers without x32 listed meet bad_arch_action… */
		EXPECT_ANSWER(&c.filter, X32_BIT, KILL, 0);
		EXPECT_ANSWER(&c.filter, X32_BIT + 99, KILL, 0);
		EXPECT_ANSWER(&c.filter, 0xfffffffe, KILL, 0);
		/* …but -1, a tracer's way to skip a call, gets the default, as
		 * libseccomp does. */
		EXPECT_ANSWER(&c.filter, 0xffffffff, ERRNO(EPERM), 0);
		test_compiled_free(&c);
	}
	free(text.data);
}

static void x32_and_x86_64_listed_share_one_section(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"errno(EPERM)\";\n"
					       "unknown_syscalls = \"default\";\n"
					       "architectures = [ \"x86_64\", \"x32\" ];\n"
					       "allow = [ \"read\", \"write\" ];\n",
					       &c)) {
		EXPECT_ANSWER(&c.filter, 0, ALLOW, 0);
		EXPECT_ANSWER(&c.filter, 1, ALLOW, 0);
		EXPECT_ANSWER(&c.filter, 2, ERRNO(EPERM), 0);
		EXPECT_ANSWER(&c.filter, X32_BIT, ALLOW, 0);
		EXPECT_ANSWER(&c.filter, X32_BIT + 1, ALLOW, 0);
		EXPECT_ANSWER(&c.filter, X32_BIT + 2, ERRNO(EPERM), 0);
		EXPECT_ANSWER(&c.filter, X32_BIT - 1, ERRNO(EPERM), 0);
		EXPECT_ANSWER(&c.filter, 0xffffffff, ERRNO(EPERM), 0);
		/* One arch test, not one per ABI. */
		EXPECT(count_opcode(&c.filter, BPF_JMP | BPF_JEQ | BPF_K) <= 2,
		       "%zu JEQs in %zu instructions",
		       count_opcode(&c.filter, BPF_JMP | BPF_JEQ | BPF_K), c.filter.length);
		test_compiled_free(&c);
	}
}

static void x32_alone_sends_x86_64_numbers_to_bad_arch_action(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"errno(EPERM)\";\n"
					       "unknown_syscalls = \"default\";\n"
					       "architectures = [ \"x32\" ];\n"
					       "allow = [ \"read\" ];\n",
					       &c)) {
		EXPECT_ANSWER(&c.filter, 0, KILL, 0);
		EXPECT_ANSWER(&c.filter, X32_BIT - 1, KILL, 0);
		EXPECT_ANSWER(&c.filter, X32_BIT, ALLOW, 0);
		EXPECT_ANSWER(&c.filter, X32_BIT + 1, ERRNO(EPERM), 0);
		EXPECT_ANSWER(&c.filter, 0xffffffff, ERRNO(EPERM), 0);
		test_compiled_free(&c);
	}
}

/* ---- argument checks ---------------------------------------------------------- */

static bool holds(const char *op, uint64_t argument, uint64_t value)
{
	if (strcmp(op, "lt") == 0)
		return argument < value;
	if (strcmp(op, "le") == 0)
		return argument <= value;
	if (strcmp(op, "gt") == 0)
		return argument > value;
	return argument >= value;
}

/* Arguments around VALUE and around the word boundary: the low word
 * alone, the high word alone, and one off either way. */
static size_t word_probes(uint64_t value, uint64_t *probes)
{
	const uint64_t high = value & 0xffffffff00000000ull;
	const uint64_t base[] = {
		value - 1,
		value,
		value + 1,
		value ^ (1ull << 32),
		value & 0xffffffffu,
		high,
		high - 1,
		high + 0x100000000ull,
		value | 0xffffffffu,
		0xffffffff,
		0x100000000,
		0x100000001,
		0,
		UINT64_MAX,
		value + 0x100000000,
		value - 0x100000000,
	};

	memcpy(probes, base, sizeof(base));
	return COUNT(base);
}

/* Every comparison op against each of VALUES on getppid, on ARCHITECTURE
 * (NULL: native x86-64), compiled and asked the probes around each value.
 * A 32-bit architecture (NARROW) sees only the low words, of the argument
 * and of the value. */
static void expect_comparisons_at(unsigned line, const char *architecture, uint32_t arch,
				  uint32_t nr, bool narrow, const uint64_t *values, size_t count)
{
	static const char *const ops[] = { "lt", "le", "gt", "ge" };
	uint64_t mask = narrow ? 0xffffffffu : UINT64_MAX;

	for (size_t o = 0; o < COUNT(ops); o++)
		for (size_t v = 0; v < count; v++) {
			char text[512];
			uint64_t probes[16];
			size_t probe_count = word_probes(values[v], probes);
			struct test_compiled c;

			snprintf(
				text, sizeof(text),
				"default_action = \"allow\";\n%s%s%s"
				"rules = ( { syscall = \"getppid\"; action = \"errno(EACCES)\";\n"
				"  args = ( { index = 0; op = \"%s\"; value = 0x%llxL; } ); } );\n",
				architecture ? "architectures = [ \"" : "",
				architecture ? architecture : "", architecture ? "\" ];\n" : "",
				ops[o], (unsigned long long)values[v]);
			if (!compile_good_at(line, text, NULL, &c))
				continue;
			for (size_t p = 0; p < probe_count; p++) {
				uint64_t argument = probes[p] & mask;

				expect_answer_at(
					line, &c.filter, arch, nr, (const uint64_t[6]){ argument },
					holds(ops[o], argument, values[v] & mask) ? ERRNO(EACCES)
										  : ALLOW);
			}
			test_compiled_free(&c);
		}
}

static void comparisons_carry_across_the_word_boundary(void)
{
	static const uint64_t values[] = { 0xffffffff,	0x100000000,   0x100000001,
					   0x1ffffffff, 0x200000000,   0xfffffffe00000001,
					   1,		UINT64_MAX - 1 };

	if (native_is_x86_64())
		expect_comparisons_at(__LINE__, NULL, AUDIT_ARCH_X86_64, x86_64_nr("getppid"),
				      false, values, COUNT(values));
}

/* On a 32-bit architecture only the low words are compared. */
static void narrow_comparisons_see_only_the_low_word(void)
{
	static const uint64_t values[] = { 0xffffffff, 0x100000001, 5, 0x80000000 };

	if (native_is_x86_64())
		expect_comparisons_at(
			__LINE__, "arm", AUDIT_ARCH_ARM,
			(uint32_t)seccomp_syscall_resolve_name_arch(SCMP_ARCH_ARM, "getppid"), true,
			values, COUNT(values));
}

static void masked_ne_is_one_masked_test_not_one_rule_per_bit(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"allow\";\n"
			 "rules = ( { syscall = \"ioctl\"; action = \"errno(EIO)\";\n"
			 "  args = ( { index = 1; op = \"masked_ne\"; mask = 0xffffffff;\n"
			 "             value = \"TIOCSTI\"; } ); } );\n",
			 &c)) {
		/* libseccomp needed a rule per bit: 32 rules, over a hundred
		 * instructions.  One load and one test here. */
		EXPECT(c.filter.length <= 12, "%zu instructions", c.filter.length);
		EXPECT(call_path(&c.filter, x86_64_nr("ioctl"), 0, FIONREAD).steps <= 8, "%d steps",
		       call_path(&c.filter, x86_64_nr("ioctl"), 0, FIONREAD).steps);
		EXPECT_ANSWER(&c.filter, x86_64_nr("ioctl"), ALLOW, 0, TIOCSTI);
		EXPECT_ANSWER(&c.filter, x86_64_nr("ioctl"), ALLOW, 0, TIOCSTI | 0xabc00000000ull);
		for (unsigned bit = 0; bit < 32; bit++)
			EXPECT_ANSWER(&c.filter, x86_64_nr("ioctl"), ERRNO(EIO), 0,
				      TIOCSTI ^ (1ull << bit));
		test_compiled_free(&c);
	}
}

/* The benchmark's per-call target: ioctl(-1, FIONREAD) under the 360-rule
 * policy within 15 ns of the one-rule filter.  Instructions run stand for
 * nanoseconds here; each costs well under one once JIT-compiled. */
static void ioctl_under_360_rules_runs_a_few_instructions_more_than_one_rule(void)
{
	static const char *const optimize[] = { "tree", "priority" };
	const struct compile_options probe = { .probe_token = 0x1234 };
	struct test_compiled one;

	if (!native_is_x86_64() || !compile_good_at(__LINE__, one_rule_text, &probe, &one))
		return;
	for (size_t i = 0; i < COUNT(optimize); i++) {
		struct text text = { 0 };
		struct test_compiled c;
		struct path limit =
			call_path(&one.filter, x86_64_nr("ioctl"), (uint64_t)-1, FIONREAD);
		struct path path;

		bench_360_policy(&text, optimize[i]);
		if (text.data && compile_good_at(__LINE__, text.data, &probe, &c)) {
			path = call_path(&c.filter, x86_64_nr("ioctl"), (uint64_t)-1, FIONREAD);
			/* The tree: the ENOSYS range (5), a deeper search and a
			 * trampoline or two.  Priority tests ioctl after the 350
			 * calls the policy names first, by its own definition. */
			if (strcmp(optimize[i], "tree") == 0)
				EXPECT(path.steps > 0 && path.steps <= limit.steps + 16,
				       "%s: %d steps, the one-rule filter %d", optimize[i],
				       path.steps, limit.steps);
			else
				EXPECT(path.steps > 350, "%s: %d steps", optimize[i], path.steps);
			test_compiled_free(&c);
		}
		free(text.data);
	}
	test_compiled_free(&one);
}

static void priority_decides_the_syscalls_named_first_first(void)
{
	static const char format[] = "default_action = \"errno(EPERM)\";\n"
				     "optimize = \"%s\";\n"
				     "allow = [ \"getppid\", \"mmap\", \"openat\", \"close\",\n"
				     "          \"fstat\", \"brk\", \"munmap\", \"read\" ];\n";
	char text[512];
	struct test_compiled priority, tree;

	if (!native_is_x86_64())
		return;
	snprintf(text, sizeof(text), format, "priority");
	if (COMPILE_GOOD(text, &priority)) {
		int first = call_path(&priority.filter, x86_64_nr("getppid"), 0, 0).steps;
		int last = call_path(&priority.filter, x86_64_nr("read"), 0, 0).steps;

		EXPECT(first > 0 && first < last, "getppid %d steps, read %d", first, last);
		EXPECT(last - first == 7, "read named 7 calls later: %d steps more", last - first);
		test_compiled_free(&priority);
	}
	snprintf(text, sizeof(text), format, "tree");
	if (COMPILE_GOOD(text, &tree)) {
		EXPECT(call_path(&tree.filter, x86_64_nr("read"), 0, 0).steps <
			       call_path(&tree.filter, x86_64_nr("getppid"), 0, 0).steps + 3,
		       "the tree does not follow the order");
		test_compiled_free(&tree);
	}
}

static void every_supported_architecture_compiles_64_bit_argument_rules(void)
{
	static const char *const arches[] = { "x86_64",	  "aarch64",	 "arm",	   "mipsel",
					      "mipsel64", "mipsel64n32", "riscv64" };

	if (!native_is_x86_64())
		return;
	for (size_t i = 0; i < COUNT(arches); i++) {
		char text[1024];
		struct test_compiled c;

		snprintf(text, sizeof(text),
			 "default_action = \"errno(EPERM)\";\narchitectures = [ \"%s\" ];\n"
			 "allow = [ \"write\", \"close\" ];\n"
			 "rules = (\n"
			 "  { syscall = \"read\"; action = \"allow\";\n"
			 "    args = ( { index = 0; op = \"lt\"; value = 0x100000005L; } ); },\n"
			 "  { syscall = \"ioctl\"; action = \"allow\";\n"
			 "    args = ( { index = 1; op = \"masked_ne\"; mask = 0xffffffff;\n"
			 "               value = \"TIOCSTI\"; } ); },\n"
			 "  { syscall = \"kill\"; action = \"errno(EACCES)\";\n"
			 "    args = ( { index = 0; op = \"ge\"; value = -2; },\n"
			 "             { index = 1; op = \"masked_eq\"; mask = "
			 "0xff00000000000001L;\n"
			 "               value = 0x0100000000000001L; } ); } );\n",
			 arches[i]);
		compile_text_at(__LINE__, text, NULL, &c);
		EXPECT(c.result == 0, "%s: compile_policy = %d", arches[i], c.result);
		test_compiled_free(&c);
	}
}

/* ---- long programs ------------------------------------------------------------ */

/* ioctl with COUNT request values two apart, the actions taking turns, so
 * that no two neighbours share a range: a search of 2 * COUNT ranges. */
static void scattered_ioctl_policy(struct text *text, unsigned count, unsigned actions)
{
	static const char *const turns[] = { "allow", "errno(EIO)", "errno(EACCES)" };

	text_add(text, "default_action = \"errno(EPERM)\";\n"
		       "allow = [ \"getppid\", \"read\", \"exit\", \"exit_group\" ];\n"
		       "rules = (\n");
	for (unsigned i = 0; i < count; i++)
		text_add(text,
			 "%s{ syscall = \"ioctl\"; action = \"%s\"; args = ( { index = 1; op = "
			 "\"eq\"; value = %u; } ); }",
			 i ? ",\n" : "", turns[i % actions], 0x1000 + 2 * i);
	text_add(text, "\n);\n");
}

static uint32_t scattered_answer(unsigned i, unsigned actions)
{
	static const uint32_t turns[] = { ALLOW, ERRNO(EIO), ERRNO(EACCES) };

	return turns[i % actions];
}

static void a_branch_beyond_255_instructions_goes_through_a_trampoline(void)
{
	struct text text = { 0 };
	struct test_compiled c;
	int trampolined = 0;

	if (!native_is_x86_64())
		return;
	scattered_ioctl_policy(&text, 600, 2);
	if (text.data && COMPILE_GOOD(text.data, &c)) {
		uint32_t ioctl = x86_64_nr("ioctl");

		EXPECT(c.filter.length > 1000, "%zu instructions", c.filter.length);
		EXPECT(count_opcode(&c.filter, BPF_JMP | BPF_JA) > 0, "no JA in %zu instructions",
		       c.filter.length);
		for (unsigned i = 0; i < 600; i++) {
			uint64_t value = 0x1000 + 2 * i;

			EXPECT_ANSWER(&c.filter, ioctl, scattered_answer(i, 2), 0, value);
			EXPECT_ANSWER(&c.filter, ioctl, ERRNO(EPERM), 0, value + 1);
			/* ioctl's request is an unsigned int: the kernel reads the
			 * same request whatever the upper half says. */
			EXPECT_ANSWER(&c.filter, ioctl, scattered_answer(i, 2), 0,
				      value | (1ull << 32));
			trampolined += call_path(&c.filter, ioctl, 0, value).trampolines > 0;
		}
		EXPECT_ANSWER(&c.filter, ioctl, ERRNO(EPERM), 0, 0x1000 - 1);
		EXPECT_ANSWER(&c.filter, x86_64_nr("getppid"), ALLOW, 0);
		EXPECT_ANSWER(&c.filter, x86_64_nr("read"), ALLOW, 0);
		EXPECT(trampolined > 0, "no call went through a trampoline");
		test_compiled_free(&c);
	}
	free(text.data);
}

struct ioctl_calls {
	const uint64_t *requests;
	const int *errnos; /* what each should fail with (EBADF: allowed, fd -1) */
	size_t count;
	const struct filter *filter;
};

static int load_and_call_ioctl(void *context)
{
	const struct ioctl_calls *calls = context;
	struct diag_list diags = { 0 };

	if (load_filter(calls->filter, &diags) < 0)
		return 100;
	for (size_t i = 0; i < calls->count; i++) {
		errno = 0;
		if (syscall(SYS_ioctl, -1, calls->requests[i], 0) != -1 ||
		    errno != calls->errnos[i])
			return (int)(i + 1 < 99 ? i + 1 : 99);
	}
	return 0;
}

/* The kernel takes the long program, trampolines and all, and answers as
 * the interpreter does. */
static void kernel_answers_a_program_with_trampolines_as_the_policy_says(void)
{
	static const uint64_t requests[] = { 0x1000,
					     0x1002,
					     0x1001,
					     0x1000 + 2 * 599,
					     0x1000 + 2 * 300,
					     0x1000 + 2 * 301,
					     0x1000 + 2 * 301 + 1,
					     0x100001000 };
	/* The last is request 0x1000 to the kernel, which reads an unsigned int. */
	static const int errnos[] = { EBADF, EIO, EPERM, EIO, EBADF, EIO, EPERM, EBADF };
	struct text text = { 0 };
	struct policy *policy = NULL;
	struct filter filter;
	char shown[32];

	if (!native_is_x86_64())
		return;
	scattered_ioctl_policy(&text, 600, 2);
	if (text.data && live_compile(text.data, 0x1234, &policy, &filter) == 0) {
		struct ioctl_calls calls = { requests, errnos, COUNT(requests), &filter };
		struct live_status status = live_fork(load_and_call_ioctl, &calls);

		EXPECT(live_exited_with(status, 0), "the child ended with %s (call %d)",
		       live_describe(status, shown, sizeof(shown)), status.code);
		filter_free(&filter);
		policy_free(policy);
	}
	free(text.data);
}

/* COUNT rules on getppid that each pair a0 != 2i with a1 == 1000 + i,
 * the actions taking turns: splitting on either argument copies nearly
 * every rule into every range, a decision that grows with the square of
 * the rules.  The generator writes such a syscall as a chain of rules,
 * which grows with their sum. */
static void pairing_policy(struct text *text, unsigned count, const char *arch)
{
	text_add(text,
		 "default_action = \"errno(EPERM)\";\narchitectures = [ \"%s\" ];\n"
		 "rules = (\n",
		 arch);
	for (unsigned i = 0; i < count; i++)
		text_add(text,
			 "%s{ syscall = \"getppid\"; action = \"%s\"; args = ( { index = 0; op = "
			 "\"ne\"; value = %u; }, { index = 1; op = \"eq\"; value = %u; } ); }",
			 i ? ",\n" : "", i % 2 ? "errno(EIO)" : "allow", 2 * i, 1000 + i);
	text_add(text, "\n);\n");
}

static void expect_pairing_answers_at(unsigned line, const struct filter *filter, uint32_t arch,
				      uint32_t nr, unsigned count)
{
	for (unsigned k = 0; k < count; k += count / 10) {
		uint32_t own = k % 2 ? ERRNO(EIO) : ALLOW;

		expect_answer_at(line, filter, arch, nr, (const uint64_t[6]){ 7, 1000 + k }, own);
		expect_answer_at(line, filter, arch, nr, (const uint64_t[6]){ 2 * k, 1000 + k },
				 ERRNO(EPERM));
		expect_answer_at(line, filter, arch, nr, (const uint64_t[6]){ 7, 5 }, ERRNO(EPERM));
	}
}

/* The generator alone (no verification): such a policy is beyond what the
 * verifier checks completely within its budget (see
 * pairing_rules_beyond_the_verifiers_budget_are_refused_at_their_line). */
static bool generate_only_at(unsigned line, const char *text, uint32_t arch,
			     struct test_compiled *out)
{
	char shown[1024];

	memset(out, 0, sizeof(*out));
	out->policy = policy_read_string(text, NAME, NULL, &out->diags);
	out->result = out->policy ? generate_program(out->policy, &arch, 1, BPF_MAXINSNS,
						     &out->filter.program, &out->filter.length,
						     &out->diags)
				  : -EINVAL;
	test_show_diags(&out->diags, shown, sizeof(shown));
	EXPECT_AT(line, out->result == 0, "generate_program = %d: %s", out->result, shown);
	if (out->result != 0)
		test_compiled_free(out);
	return out->result == 0;
}

static void rules_that_pair_arguments_become_a_chain_that_fits(void)
{
	struct text text = { 0 };
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	pairing_policy(&text, 200, "x86_64");
	if (text.data && generate_only_at(__LINE__, text.data, SCMP_ARCH_X86_64, &c)) {
		/* Split on a0, 401 ranges of about 200 rules, each a search over
		 * a1: some 160,000 instructions.  As a chain, about 2,000. */
		EXPECT(c.filter.length < 2500, "%zu instructions", c.filter.length);
		expect_pairing_answers_at(__LINE__, &c.filter, AUDIT_ARCH_X86_64,
					  x86_64_nr("getppid"), 200);
		test_compiled_free(&c);
	}
	free(text.data);
}

static void rules_too_intricate_to_split_in_time_become_a_chain(void)
{
	struct text text = { 0 };
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	/* On a 32-bit architecture a chain of 600 such rules fits; splitting
	 * them would take more than the work budget. */
	pairing_policy(&text, 600, "arm");
	if (text.data && generate_only_at(__LINE__, text.data, SCMP_ARCH_ARM, &c)) {
		EXPECT(c.filter.length < 3000, "%zu instructions", c.filter.length);
		expect_pairing_answers_at(
			__LINE__, &c.filter, AUDIT_ARCH_ARM,
			(uint32_t)seccomp_syscall_resolve_name_arch(SCMP_ARCH_ARM, "getppid"), 600);
		test_compiled_free(&c);
	}
	free(text.data);
}

static void a_policy_beyond_the_kernels_limit_is_refused_naming_why(void)
{
	struct text text = { 0 };
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	scattered_ioctl_policy(&text, 3000, 3);
	if (text.data) {
		compile_text_at(__LINE__, text.data, NULL, &c);
		EXPECT(c.result == -E2BIG, "compile_policy = %d", c.result);
		EXPECT(test_has_diag(&c.diags, NAME, 0,
				     "the policy does not fit in a seccomp filter: its program "
				     "needs more than"),
		       "no message naming the limit");
		EXPECT(c.filter.program == NULL, "a filter was returned");
		test_compiled_free(&c);
	}
	free(text.data);
}

static void a_policy_near_the_limit_leaves_room_for_what_the_shim_adds(void)
{
	struct text text = { 0 };
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	/* 1,900 values two apart: about 3,800 ranges. */
	scattered_ioctl_policy(&text, 1900, 3);
	if (text.data && compile_good_at(__LINE__, text.data, NULL, &c)) {
		struct diag_list diags = { 0 };

		EXPECT(c.filter.length > 3000, "%zu instructions", c.filter.length);
		EXPECT(c.filter.length <= BPF_MAXINSNS - PRESEAL_LOAD_PREFIX_MAX,
		       "%zu instructions leave no room for the probe and the report guard",
		       c.filter.length);
		CU_ASSERT_EQUAL(filter_add_probe(&c.filter, 0x1234, &diags), 0);
		CU_ASSERT(filter_kills_to_traps(&c.filter) >= 0);
		CU_ASSERT_EQUAL(filter_add_report_guard(&c.filter, 0x1234, &diags), 0);
		EXPECT(c.filter.length <= BPF_MAXINSNS, "%zu instructions", c.filter.length);
		diag_free(&diags);
		test_compiled_free(&c);
	}
	free(text.data);
}

static void load_prefix_max_is_what_the_probe_and_report_guard_add(void)
{
	struct test_compiled c;

	if (COMPILE_GOOD("allow = [ \"read\" ];\n", &c)) {
		struct diag_list diags = { 0 };
		size_t before = c.filter.length;

		CU_ASSERT_EQUAL(filter_add_probe(&c.filter, 0x1234, &diags), 0);
		CU_ASSERT_EQUAL(filter_add_report_guard(&c.filter, 0x1234, &diags), 0);
		CU_ASSERT_EQUAL(c.filter.length - before, PRESEAL_LOAD_PREFIX_MAX);
		diag_free(&diags);
		test_compiled_free(&c);
	}
}

/* ---- the kernel's action cache -------------------------------------------------- */

/* True when POLICY allows NAME whatever its arguments, without a rule
 * that looks at them (the kernel cannot cache what depends on them). */
static bool allowed_without_arguments(const struct policy *policy, const char *name, uint32_t nr,
				      long highest)
{
	const struct rule *end = policy_rules_end(policy);
	const struct rule *rule = policy_first_rule(policy, name);
	const uint64_t zero[6] = { 0 };

	if (enosys_applies(policy, seccomp_arch_native(), highest, nr))
		return false;
	for (; rule && rule < end && strcmp(rule->syscall, name) == 0; rule++)
		if (rule->arg_count)
			return false;
	return policy_decide(policy, name, zero, NULL).kind == ACTION_ALLOW;
}

static bool has_argument_rules(const struct policy *policy, const char *name)
{
	const struct rule *end = policy_rules_end(policy);

	for (const struct rule *rule = policy_first_rule(policy, name);
	     rule && rule < end && strcmp(rule->syscall, name) == 0; rule++)
		if (rule->arg_count)
			return true;
	return false;
}

/* For every native number: an argument-free allow is cacheable, and an
 * argument-checked call is not (which keeps the emulation honest). */
static void expect_cacheable_at(unsigned line, const char *what, struct policy *policy)
{
	const struct compile_options probe = { .probe_token = 0x1234 };
	struct diag_list diags = { 0 };
	struct filter filter;
	unsigned cacheable = 0, wrong = 0;
	long highest;

	if (compile_policy(policy, &probe, &filter, &diags) != 0) {
		EXPECT_AT(line, false, "%s does not compile", what);
		diag_free(&diags);
		return;
	}
	highest = enosys_highest_named(policy, seccomp_arch_native());
	for (uint32_t nr = 0; nr < 1024; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(seccomp_arch_native(), (int)nr);
		bool cached = const_allow(&filter, PRESEAL_NATIVE_ARCH, nr);

		if (name && allowed_without_arguments(policy, name, nr, highest)) {
			cacheable++;
			if (!cached && wrong++ < 3)
				EXPECT_AT(line, false, "%s: %s (%u) is allowed, but not cacheable",
					  what, name, nr);
		} else if (name && has_argument_rules(policy, name) && cached && wrong++ < 3) {
			EXPECT_AT(line, false, "%s: %s (%u) has argument rules, yet is cacheable",
				  what, name, nr);
		}
		free(name);
	}
	EXPECT_AT(line, cacheable > 0 || policy->default_action.kind != ACTION_ALLOW,
		  "%s: nothing cacheable", what);
	filter_free(&filter);
	diag_free(&diags);
}

static void every_profiles_argument_free_allows_are_cacheable(void)
{
	check_every_profile(__LINE__, expect_cacheable_at);
}

static void bench_policies_argument_free_allows_are_cacheable(void)
{
	check_bench_policies(__LINE__, expect_cacheable_at);
}

/* The emulation itself: a JA on the way keeps a call cacheable, an
 * argument load does not, nor does a return other than allow. */
static void const_allow_emulation_follows_the_kernels_rules(void)
{
	struct sock_filter through_ja[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 39, 0, 2),
		BPF_STMT(BPF_JMP | BPF_JA, 2),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct filter filter = { .program = through_ja, .length = COUNT(through_ja) };

	CU_ASSERT_TRUE(const_allow(&filter, AUDIT_ARCH_X86_64, 39));
	CU_ASSERT_FALSE(const_allow(&filter, AUDIT_ARCH_X86_64, 40));
	through_ja[1].jf = 1;
	CU_ASSERT_FALSE(const_allow(&filter, AUDIT_ARCH_X86_64, 40));
}

/* 200 rules that pair a0 != 2i with a1 == 1000 + i: the model's answer
 * takes some 20,000 regions of (a0, a1) and the filter's chain is walked in
 * each, past the verifier's budget.  Refused with one line at the first
 * rule, never a hang and never a filter loaded unverified. */
static void pairing_rules_beyond_the_verifiers_budget_are_refused_at_their_line(void)
{
	struct text text = { 0 };
	struct test_compiled c;
	time_t started = time(NULL);

	if (!native_is_x86_64())
		return;
	pairing_policy(&text, 200, "x86_64");
	if (!text.data)
		return;
	test_compile_at(__LINE__, NAME, text.data, NULL, &c);
	EXPECT(c.result == -EPROTO, "compile_policy = %d", c.result);
	EXPECT(c.filter.program == NULL, "a filter was returned");
	EXPECT(c.diags.count == 1 && c.diags.items[0].line == 4 &&
		       strstr(c.diags.items[0].message,
			      "the filter for 'getppid' (arch 0xc000003e) cannot be verified "
			      "completely within preseal's budget") &&
		       strstr(c.diags.items[0].message, "split the rules"),
	       "%zu diagnostics, the first at line %d: %s", c.diags.count,
	       c.diags.count ? c.diags.items[0].line : -1,
	       c.diags.count ? c.diags.items[0].message : "");
	EXPECT(time(NULL) - started < 30, "took %ld s", (long)(time(NULL) - started));
	test_compiled_free(&c);
	free(text.data);
}

static const struct test_case cases[] = {
	{ "every_builtin_profile_answers_as_libseccomps_filter",
	  every_builtin_profile_answers_as_libseccomps_filter },
	{ "every_good_test_policy_answers_as_libseccomps_filter",
	  every_good_test_policy_answers_as_libseccomps_filter },
	{ "bench_policies_answer_as_libseccomps_filter",
	  bench_policies_answer_as_libseccomps_filter },
	{ "random_policies_compile_to_what_the_model_says",
	  random_policies_compile_to_what_the_model_says },
	{ "random_policies_on_narrow_arguments_compile_to_what_the_model_says",
	  random_policies_on_narrow_arguments_compile_to_what_the_model_says },
	{ "consecutive_allowed_syscalls_share_one_range",
	  consecutive_allowed_syscalls_share_one_range },
	{ "x32_and_x86_64_listed_share_one_section", x32_and_x86_64_listed_share_one_section },
	{ "x32_alone_sends_x86_64_numbers_to_bad_arch_action",
	  x32_alone_sends_x86_64_numbers_to_bad_arch_action },
	{ "comparisons_carry_across_the_word_boundary",
	  comparisons_carry_across_the_word_boundary },
	{ "narrow_comparisons_see_only_the_low_word", narrow_comparisons_see_only_the_low_word },
	{ "masked_ne_is_one_masked_test_not_one_rule_per_bit",
	  masked_ne_is_one_masked_test_not_one_rule_per_bit },
	{ "ioctl_under_360_rules_runs_a_few_instructions_more_than_one_rule",
	  ioctl_under_360_rules_runs_a_few_instructions_more_than_one_rule },
	{ "priority_decides_the_syscalls_named_first_first",
	  priority_decides_the_syscalls_named_first_first },
	{ "every_supported_architecture_compiles_64_bit_argument_rules",
	  every_supported_architecture_compiles_64_bit_argument_rules },
	{ "a_branch_beyond_255_instructions_goes_through_a_trampoline",
	  a_branch_beyond_255_instructions_goes_through_a_trampoline },
	{ "kernel_answers_a_program_with_trampolines_as_the_policy_says",
	  kernel_answers_a_program_with_trampolines_as_the_policy_says },
	{ "rules_that_pair_arguments_become_a_chain_that_fits",
	  rules_that_pair_arguments_become_a_chain_that_fits },
	{ "pairing_rules_beyond_the_verifiers_budget_are_refused_at_their_line",
	  pairing_rules_beyond_the_verifiers_budget_are_refused_at_their_line },
	{ "rules_too_intricate_to_split_in_time_become_a_chain",
	  rules_too_intricate_to_split_in_time_become_a_chain },
	{ "a_policy_beyond_the_kernels_limit_is_refused_naming_why",
	  a_policy_beyond_the_kernels_limit_is_refused_naming_why },
	{ "a_policy_near_the_limit_leaves_room_for_what_the_shim_adds",
	  a_policy_near_the_limit_leaves_room_for_what_the_shim_adds },
	{ "load_prefix_max_is_what_the_probe_and_report_guard_add",
	  load_prefix_max_is_what_the_probe_and_report_guard_add },
	{ "every_profiles_argument_free_allows_are_cacheable",
	  every_profiles_argument_free_allows_are_cacheable },
	{ "bench_policies_argument_free_allows_are_cacheable",
	  bench_policies_argument_free_allows_are_cacheable },
	{ "const_allow_emulation_follows_the_kernels_rules",
	  const_allow_emulation_follows_the_kernels_rules },
	{ NULL, NULL },
};

const struct test_suite suite_generate = { "generate", cases };

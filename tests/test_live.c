/* test_live: real policies, compiled by preseal's compiler, loaded into the
 * kernel in forked children, answering real syscalls.
 *
 * The kernel is the oracle twice over: each test asserts the answer the
 * policy states (the errno, the signal, the directory that was or was not
 * created), and where a call is made its answer is also held to what
 * policy_decide() says the policy gives it, with the call's natural result
 * (the same call in an unconfined child) standing in for "allow".  The
 * runner never loads a filter.
 */
#include "harness.h"
#include "live.h"

#include <errno.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "load.h"
#include "support.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Exit statuses of a confined child, apart from errno values (< 200). */
#define CHILD_LOAD_FAILED   200 /* load_filter refused */
#define CHILD_TRAPPED	    250 /* SIGSYS reached the handler, for the right call */
#define CHILD_TRAPPED_WRONG 251 /* SIGSYS reached the handler with the wrong details */
#define CHILD_ODD_ERRNO	    252 /* an errno too large to report */
#define CHILD_WRONG	    253 /* the child saw something else than expected */
#define CHILD_SKIPPED	    254 /* the child cannot try what the test needs */

#define X32_SYSCALL_BIT 0x40000000L
#define I386_GETPID	20

/* A syscall with chosen arguments, made in a child. */
struct call {
	const char *name; /* as the policy names it */
	long number;
	uint64_t args[6];
};

/* ---- Children that load a filter ----------------------------------------- */

static volatile sig_atomic_t trapped_syscall = -1;
static volatile sig_atomic_t trapped_arch;

static void on_sigsys(int signal, siginfo_t *info, void *context)
{
	(void)signal;
	(void)context;
	trapped_syscall = info->si_syscall;
	trapped_arch = (sig_atomic_t)info->si_arch;
}

/* Makes CONTEXT's call: 0 when it succeeded, its errno when it failed, or
 * CHILD_TRAPPED when a trap action stopped it. */
static int make_call(void *context)
{
	const struct call *call = context;
	long result;

	trapped_syscall = -1;
	errno = 0;
	result = syscall(call->number, call->args[0], call->args[1], call->args[2], call->args[3],
			 call->args[4], call->args[5]);
	if (trapped_syscall >= 0)
		return trapped_syscall == call->number &&
				       (uint32_t)trapped_arch == seccomp_arch_native()
			       ? CHILD_TRAPPED
			       : CHILD_TRAPPED_WRONG;
	if (result != -1)
		return 0;
	return errno < CHILD_LOAD_FAILED ? errno : CHILD_ODD_ERRNO;
}

struct plan {
	const struct filter *filter;
	int (*act)(void *context); /* runs once the filter is loaded */
	void *context;
	int (*before)(void *context); /* runs before loading, or NULL */
};

static int load_then_act(void *context)
{
	const struct plan *plan = context;
	struct sigaction action = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
	struct diag_list diags = { 0 };
	int result;

	sigaction(SIGSYS, &action, NULL);
	if (plan->before && (result = plan->before(plan->context)) != 0)
		return result;
	if (load_filter(plan->filter, &diags) < 0)
		return CHILD_LOAD_FAILED;
	return plan->act(plan->context);
}

static struct live_status confined(const struct filter *filter, int (*act)(void *context),
				   void *context)
{
	struct plan plan = { .filter = filter, .act = act, .context = context };

	return live_fork(load_then_act, &plan);
}

/* The status a child making a call should end with, given the action the
 * policy decides and what the call does unconfined. */
static struct live_status expected_status(struct action decided, struct live_status natural)
{
	switch (decided.kind) {
	case ACTION_ALLOW:
	case ACTION_LOG:
		return natural;
	case ACTION_ERRNO:
		return (struct live_status){ .exited = true, .code = decided.data };
	case ACTION_KILL_PROCESS:
	case ACTION_KILL_THREAD:
		return (struct live_status){ .signal = SIGSYS };
	case ACTION_TRAP:
		return (struct live_status){ .exited = true, .code = CHILD_TRAPPED };
	case ACTION_TRACE: /* no tracer attached: the kernel answers ENOSYS */
		return (struct live_status){ .exited = true, .code = ENOSYS };
	case ACTION_USER_NOTIF:
		break;
	}
	return (struct live_status){ .exited = true, .code = -1 };
}

static bool same_status(struct live_status a, struct live_status b)
{
	if (a.timed_out || b.timed_out || a.exited != b.exited)
		return false;
	return a.exited ? a.code == b.code : a.signal == b.signal;
}

/* Makes CALL under FILTER and asserts that the kernel's answer is the one
 * policy_decide() gives.  Returns the status seen. */
static struct live_status expect_decided_at(unsigned line, const struct policy *policy,
					    const struct filter *filter, struct call *call)
{
	struct action decided = policy_decide(policy, call->name, call->args, NULL);
	struct live_status seen = confined(filter, make_call, call);
	struct live_status natural = { .exited = true, .code = -1 };
	struct live_status expected;
	char action[64], want[64], got[64];

	/* The call made unconfined, after the confined one: only an allowed
	 * call needs it, and its effects must not hide the confined call's. */
	if (decided.kind == ACTION_ALLOW || decided.kind == ACTION_LOG)
		natural = live_fork(make_call, call);
	expected = expected_status(decided, natural);

	action_format(decided, action, sizeof(action));
	LIVE_EXPECT_AT(line, same_status(seen, expected),
		       "%s(%#llx, %#llx): policy_decide says %s, so %s was expected; the child "
		       "ended with %s",
		       call->name, (unsigned long long)call->args[0],
		       (unsigned long long)call->args[1], action,
		       live_describe(expected, want, sizeof(want)),
		       live_describe(seen, got, sizeof(got)));
	return seen;
}
#define expect_decided(policy, filter, call) expect_decided_at(__LINE__, (policy), (filter), (call))

static void expect_status_at(unsigned line, struct live_status seen, struct live_status wanted,
			     const char *what)
{
	char want[64], got[64];

	LIVE_EXPECT_AT(line, same_status(seen, wanted), "%s: expected %s, the child ended with %s",
		       what, live_describe(wanted, want, sizeof(want)),
		       live_describe(seen, got, sizeof(got)));
}
#define expect_exit(seen, status, what)    \
	expect_status_at(__LINE__, (seen), \
			 (struct live_status){ .exited = true, .code = (status) }, what)
#define expect_signal(seen, number, what) \
	expect_status_at(__LINE__, (seen), (struct live_status){ .signal = (number) }, what)

/* A compiled policy and a scratch folder, for one test. */
struct fixture {
	struct policy *policy;
	struct filter filter;
	char dir[256];
	char path[300]; /* DIR/d, a directory the calls create or remove */
};

static bool setup(struct fixture *fixture, const char *text)
{
	*fixture = (struct fixture){ 0 };
	if (live_compile(text, 0, &fixture->policy, &fixture->filter) < 0)
		return false;
	if (live_temp_dir(fixture->dir, sizeof(fixture->dir)) < 0)
		return false;
	snprintf(fixture->path, sizeof(fixture->path), "%s/d", fixture->dir);
	return true;
}

static void teardown(struct fixture *fixture)
{
	live_remove_tree(fixture->dir);
	filter_free(&fixture->filter);
	policy_free(fixture->policy);
}

static struct call path_call(const char *name, long number, const char *path, uint64_t second)
{
	return (struct call){ name, number, { (uint64_t)(uintptr_t)path, second } };
}

/* ---- Allow-lists, deny-lists and actions --------------------------------- */

static const char deny_list[] = "default_action = \"allow\";\n"
				"deny = [ \"mkdir\", \"mkdirat\" ];\n"
				"deny_action = \"errno(EROFS)\";\n";

static const char allow_list[] = "default_action = \"errno(EXFULL)\";\n"
				 "allow = [ \"@default\", \"mkdir\" ];\n";

static void deny_list_answers_a_listed_call_with_deny_action(void)
{
	struct fixture fixture;
	struct call call;

	if (!setup(&fixture, deny_list))
		goto out;
	call = path_call("mkdir", SYS_mkdir, fixture.path, 0755);
	expect_exit(expect_decided(fixture.policy, &fixture.filter, &call), EROFS, "mkdir");
	LIVE_EXPECT(!live_path_exists(fixture.path), "%s was created", fixture.path);
out:
	teardown(&fixture);
}

static void deny_list_lets_an_unlisted_call_through(void)
{
	struct fixture fixture;
	struct call call;

	if (!setup(&fixture, deny_list) || mkdir(fixture.path, 0755) != 0)
		goto out;
	call = path_call("rmdir", SYS_rmdir, fixture.path, 0);
	expect_exit(confined(&fixture.filter, make_call, &call), 0, "rmdir");
	LIVE_EXPECT(!live_path_exists(fixture.path), "%s was not removed", fixture.path);
	LIVE_EXPECT(policy_decide(fixture.policy, "rmdir", call.args, NULL).kind == ACTION_ALLOW,
		    "policy_decide does not allow rmdir");
out:
	teardown(&fixture);
}

static void allow_list_lets_a_listed_call_through(void)
{
	struct fixture fixture;
	struct call call;

	if (!setup(&fixture, allow_list))
		goto out;
	call = path_call("mkdir", SYS_mkdir, fixture.path, 0755);
	expect_exit(confined(&fixture.filter, make_call, &call), 0, "mkdir");
	LIVE_EXPECT(live_path_exists(fixture.path), "%s was not created", fixture.path);
	LIVE_EXPECT(policy_decide(fixture.policy, "mkdir", call.args, NULL).kind == ACTION_ALLOW,
		    "policy_decide does not allow mkdir");
out:
	teardown(&fixture);
}

static void allow_list_gives_an_unlisted_call_the_default_action(void)
{
	struct fixture fixture;
	struct call call;

	if (!setup(&fixture, allow_list) || mkdir(fixture.path, 0755) != 0)
		goto out;
	call = path_call("rmdir", SYS_rmdir, fixture.path, 0);
	expect_exit(expect_decided(fixture.policy, &fixture.filter, &call), EXFULL, "rmdir");
	LIVE_EXPECT(live_path_exists(fixture.path), "%s was removed", fixture.path);
out:
	teardown(&fixture);
}

static const struct call own_priority = { "getpriority", SYS_getpriority, { PRIO_PROCESS, 0 } };

/* getpriority under a policy that allows everything else and gives it
 * ACTION, made by the one thread of the child. */
static struct live_status getpriority_under(const char *action)
{
	char text[256];
	struct policy *policy;
	struct filter filter;
	struct call call = own_priority;
	struct live_status seen = { .exited = true, .code = -1 };

	snprintf(text, sizeof(text),
		 "default_action = \"allow\";\n"
		 "rules = ( { syscall = \"getpriority\"; action = \"%s\"; } );\n",
		 action);
	if (live_compile(text, 0, &policy, &filter) < 0)
		return seen;
	seen = expect_decided(policy, &filter, &call);
	filter_free(&filter);
	policy_free(policy);
	return seen;
}

static void errno_action_answers_the_named_errno(void)
{
	expect_exit(getpriority_under("errno(ECHRNG)"), ECHRNG, "errno(ECHRNG)");
}

static void errno_action_answers_a_numeric_errno(void)
{
	expect_exit(getpriority_under("errno(199)"), 199, "errno(199)");
}

static void kill_process_kills_the_child_with_sigsys(void)
{
	expect_signal(getpriority_under("kill_process"), SIGSYS, "kill_process");
}

static void kill_thread_in_the_only_thread_ends_the_process_with_sigsys(void)
{
	expect_signal(getpriority_under("kill_thread"), SIGSYS, "kill_thread");
}

static void trap_delivers_sigsys_with_si_syscall_to_a_handler(void)
{
	expect_exit(getpriority_under("trap"), CHILD_TRAPPED, "trap");
}

static void log_lets_the_call_proceed(void)
{
	static const char text[] = "default_action = \"allow\";\n"
				   "rules = ( { syscall = \"mkdir\"; action = \"log\"; } );\n";
	struct fixture fixture;
	struct call call;

	if (!setup(&fixture, text))
		goto out;
	call = path_call("mkdir", SYS_mkdir, fixture.path, 0755);
	expect_exit(confined(&fixture.filter, make_call, &call), 0, "mkdir under log");
	LIVE_EXPECT(live_path_exists(fixture.path), "%s was not created", fixture.path);
	LIVE_EXPECT(policy_decide(fixture.policy, "mkdir", call.args, NULL).kind == ACTION_LOG,
		    "policy_decide does not say log");
out:
	teardown(&fixture);
}

static void trace_without_a_tracer_answers_enosys(void)
{
	expect_exit(getpriority_under("trace(7)"), ENOSYS, "trace(7)");
}

/* ---- Threads ---------------------------------------------------------- */

/* A thread that makes a call when told to, and reports what happened. */
struct worker {
	pthread_t thread;
	int go[2];
	struct call call;
	int answer;  /* make_call's answer */
	int reached; /* 1 when the thread lived past its call */
};

static void *worker_main(void *context)
{
	struct worker *worker = context;
	char byte;

	if (read(worker->go[0], &byte, 1) != 1)
		return NULL;
	worker->answer = make_call(&worker->call);
	__atomic_store_n(&worker->reached, 1, __ATOMIC_RELEASE);
	return NULL;
}

static int worker_start(void *context)
{
	struct worker *worker = context;

	worker->answer = -1;
	if (pipe(worker->go) != 0 || pthread_create(&worker->thread, NULL, worker_main, worker))
		return CHILD_WRONG;
	return 0;
}

/* Tells the worker to go and waits for it, dead or alive. */
static void worker_finish(struct worker *worker)
{
	(void)!write(worker->go[1], "g", 1);
	pthread_join(worker->thread, NULL);
}

static int worker_answer(void *context)
{
	struct worker *worker = context;

	worker_finish(worker);
	return worker->reached ? worker->answer : CHILD_WRONG;
}

static int worker_died(void *context)
{
	struct worker *worker = context;

	worker_finish(worker);
	return worker->reached ? CHILD_WRONG : 0;
}

static struct live_status with_worker(const struct filter *filter, struct worker *worker,
				      int (*act)(void *context))
{
	struct plan plan = {
		.filter = filter, .act = act, .context = worker, .before = worker_start
	};

	return live_fork(load_then_act, &plan);
}

static void kill_process_from_a_thread_kills_the_whole_process(void)
{
	static const char text[] = "default_action = \"allow\";\n"
				   "rules = ( { syscall = \"getpriority\"; "
				   "action = \"kill_process\"; } );\n";
	struct worker worker = { .call = own_priority };
	struct policy *policy;
	struct filter filter;

	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	expect_signal(with_worker(&filter, &worker, worker_died), SIGSYS,
		      "kill_process in a second thread");
	filter_free(&filter);
	policy_free(policy);
}

static void kill_thread_kills_only_the_calling_thread(void)
{
	static const char text[] = "default_action = \"allow\";\n"
				   "rules = ( { syscall = \"getpriority\"; "
				   "action = \"kill_thread\"; } );\n";
	struct worker worker = { .call = own_priority };
	struct policy *policy;
	struct filter filter;

	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	/* The main thread joins the killed one and exits 0 itself. */
	expect_exit(with_worker(&filter, &worker, worker_died), 0,
		    "kill_thread in a second thread");
	filter_free(&filter);
	policy_free(policy);
}

static void thread_started_before_the_filter_is_confined_too(void)
{
	struct fixture fixture;
	struct worker worker;

	if (!setup(&fixture, deny_list))
		goto out;
	worker = (struct worker){ .call = path_call("mkdir", SYS_mkdir, fixture.path, 0755) };
	expect_exit(with_worker(&fixture.filter, &worker, worker_answer), EROFS,
		    "mkdir in a thread started before the filter");
	LIVE_EXPECT(!live_path_exists(fixture.path), "%s was created", fixture.path);
out:
	teardown(&fixture);
}

/* The control for the test above: it shows that the worker really exists
 * before the filter, so thread-sync is what confines it. */
static void without_thread_sync_an_earlier_thread_stays_unconfined(void)
{
	char text[sizeof(deny_list) + 64];
	struct fixture fixture;
	struct worker worker;

	snprintf(text, sizeof(text), "%sthread_sync = false;\n", deny_list);
	if (!setup(&fixture, text))
		goto out;
	worker = (struct worker){ .call = path_call("mkdir", SYS_mkdir, fixture.path, 0755) };
	expect_exit(with_worker(&fixture.filter, &worker, worker_answer), 0,
		    "mkdir in an earlier thread without thread_sync");
	LIVE_EXPECT(live_path_exists(fixture.path), "%s was not created", fixture.path);
out:
	teardown(&fixture);
}

/* A thread with a filter of its own that the main thread lacks cannot be
 * synchronised: load_filter must refuse rather than leave it behind. */
static void *load_own_filter_then_wait(void *context)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog program = { 1, &allow };
	int *loaded = context;

	__atomic_store_n(loaded,
			 syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0 ? 1 : -1,
			 __ATOMIC_RELEASE);
	for (;;)
		pause();
	return NULL;
}

static int thread_with_own_filter(void)
{
	static int loaded;
	pthread_t thread;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    pthread_create(&thread, NULL, load_own_filter_then_wait, &loaded) != 0)
		return CHILD_WRONG;
	while (__atomic_load_n(&loaded, __ATOMIC_ACQUIRE) == 0)
		usleep(1000);
	return loaded == 1 ? 0 : CHILD_WRONG;
}

static int load_error(void *context)
{
	const struct filter *filter = context;
	struct diag_list diags = { 0 };
	int result = load_filter(filter, &diags);

	diag_free(&diags);
	return result < 0 ? -result : 0;
}

static int thread_then_load(void *context)
{
	int result = thread_with_own_filter();

	return result ? result : load_error(context);
}

static void thread_sync_refuses_a_thread_under_another_filter(void)
{
	static const char text[] = "default_action = \"allow\";\n";
	struct policy *policy;
	struct filter filter;

	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	expect_exit(live_fork(thread_then_load, &filter), ESRCH,
		    "load_filter with a thread under its own filter");
	filter_free(&filter);
	policy_free(policy);
}

/* ---- Arguments ----------------------------------------------------------- */

/* getpriority's `which` is an int: the kernel drops the upper half, and
 * the filter decides on what it reads (argwidth.h).  Values around each
 * rule's boundary, with and without an upper half. */
static const uint64_t which_values[] = {
	0, 1, 2, 3, 0xff, 0xffffffff, 0x100000000, 0x100000001, 0x100000002, ~0ull,
};

/* lseek's offset is an off_t: 64 bits that the kernel reads whole (fd -1:
 * EBADF when allowed). */
static const uint64_t offset_values[] = {
	0, 1, 2, 0xffffffff, 0x100000000, 0x100000001, 0x100000002, 0xffffffff00000001, ~0ull,
};

/* Gives SYSCALL (NUMBER) EXFULL where ARGS holds, and checks the kernel
 * against policy_decide for every value of argument INDEX among VALUES,
 * the others as in BASE. */
static void check_rule_on(unsigned line, const char *syscall, long number, unsigned index,
			  const uint64_t *values, size_t count, const uint64_t base[6],
			  const char *args)
{
	char text[512];
	struct policy *policy;
	struct filter filter;
	unsigned denied = 0, allowed = 0;

	snprintf(text, sizeof(text),
		 "default_action = \"allow\";\n"
		 "rules = ( { syscall = \"%s\"; action = \"errno(EXFULL)\";\n"
		 "            args = ( %s ); } );\n",
		 syscall, args);
	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	for (size_t i = 0; i < count; i++) {
		struct call call = { syscall, number, { 0 } };
		struct live_status seen;

		memcpy(call.args, base, sizeof(call.args));
		call.args[index] = values[i];
		seen = expect_decided_at(line, policy, &filter, &call);
		if (live_exited_with(seen, EXFULL))
			denied++;
		else
			allowed++;
	}
	LIVE_EXPECT_AT(line, denied > 0 && allowed > 0,
		       "rule %s: %u values denied and %u allowed; a rule test needs both", args,
		       denied, allowed);
	filter_free(&filter);
	policy_free(policy);
}

static void check_getpriority_rule(unsigned line, const char *args)
{
	static const uint64_t base[6] = { 0 };

	check_rule_on(line, "getpriority", SYS_getpriority, 0, which_values, COUNT(which_values),
		      base, args);
}

static void check_lseek_offset_rule(unsigned line, const char *args)
{
	static const uint64_t base[6] = { (uint64_t)-1, 0, SEEK_SET };

	check_rule_on(line, "lseek", SYS_lseek, 1, offset_values, COUNT(offset_values), base, args);
}

static void arg_op_eq_denies_exactly_the_value(void)
{
	check_getpriority_rule(__LINE__, "{ index = 0; op = \"eq\"; value = 1; }");
}

/* On a 64-bit argument (lseek's off_t); an int's upper half is the
 * kernel's to drop (below). */
static void arg_op_eq_compares_all_64_bits(void)
{
	check_lseek_offset_rule(__LINE__, "{ index = 1; op = \"eq\"; value = 0x100000001L; }");
}

/* getpriority(0x100000001, 0) is getpriority(PRIO_PGRP, 0) to the kernel:
 * a rule on PRIO_PGRP denies it, whatever the upper half held. */
static void arg_op_eq_on_an_int_ignores_the_upper_half(void)
{
	check_getpriority_rule(__LINE__, "{ index = 0; op = \"eq\"; value = \"PRIO_PGRP\"; }");
}

/* The premise, from the kernel's side and without any filter: an int
 * argument's upper half never reaches the syscall.  getpriority with
 * `which` 3 fails with EINVAL; 0x100000000 | PRIO_PROCESS succeeds as
 * PRIO_PROCESS does. */
static int getpriority_with_an_upper_half(void *context)
{
	(void)context;
	errno = 0;
	if (syscall(SYS_getpriority, 3L, 0L) != -1 || errno != EINVAL)
		return 1;
	errno = 0;
	if (syscall(SYS_getpriority, (long)(0x100000000ull | PRIO_PROCESS), 0L) == -1 || errno != 0)
		return 2;
	return 0;
}

static void kernel_reads_only_the_low_32_bits_of_an_int_argument(void)
{
	struct live_status status = live_fork(getpriority_with_an_upper_half, NULL);
	char shown[64];

	LIVE_EXPECT(live_exited_with(status, 0), "unconfined getpriority: %s",
		    live_describe(status, shown, sizeof(shown)));
}

/* An order comparison on an int: below 2 as the kernel reads it, so
 * 0x100000001 (1) and 0xffffffff (-1) are below, 0x100000002 is not. */
static void arg_op_lt_on_an_int_compares_what_the_kernel_reads(void)
{
	check_getpriority_rule(__LINE__, "{ index = 0; op = \"lt\"; value = 2; }");
}

/* A 64-bit value no int takes: the rule never holds, whatever the call. */
static void arg_op_eq_on_an_int_with_a_value_it_cannot_take_never_holds(void)
{
	static const char text[] =
		"default_action = \"allow\";\n"
		"rules = ( { syscall = \"getpriority\"; action = \"errno(EXFULL)\";\n"
		"            args = ( { index = 0; op = \"eq\"; value = 0x100000001L; } ); } );\n";
	struct policy *policy;
	struct filter filter;

	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	for (size_t i = 0; i < COUNT(which_values); i++) {
		struct call call = { "getpriority", SYS_getpriority, { which_values[i], 0 } };
		struct live_status seen = expect_decided(policy, &filter, &call);

		LIVE_EXPECT(!live_exited_with(seen, EXFULL), "getpriority(%#llx) was denied",
			    (unsigned long long)which_values[i]);
	}
	filter_free(&filter);
	policy_free(policy);
}

static void arg_op_ne_denies_every_other_value(void)
{
	check_getpriority_rule(__LINE__, "{ index = 0; op = \"ne\"; value = 1; }");
}

static void arg_op_lt_denies_values_below(void)
{
	check_getpriority_rule(__LINE__, "{ index = 0; op = \"lt\"; value = 2; }");
}

static void arg_op_le_denies_values_up_to(void)
{
	check_getpriority_rule(__LINE__, "{ index = 0; op = \"le\"; value = 1; }");
}

static void arg_op_gt_denies_values_above(void)
{
	check_getpriority_rule(__LINE__, "{ index = 0; op = \"gt\"; value = 1; }");
}

static void arg_op_ge_denies_values_from(void)
{
	check_getpriority_rule(__LINE__, "{ index = 0; op = \"ge\"; value = 2; }");
}

static void arg_op_gt_compares_the_upper_half(void)
{
	check_getpriority_rule(__LINE__, "{ index = 0; op = \"gt\"; value = 0x100000000L; }");
}

static void arg_op_masked_eq_tests_only_the_masked_bits(void)
{
	check_getpriority_rule(__LINE__, "{ index = 0; op = \"masked_eq\"; mask = 3; value = 2; }");
}

static void arg_op_masked_ne_denies_when_a_masked_bit_differs(void)
{
	check_getpriority_rule(__LINE__, "{ index = 0; op = \"masked_ne\"; mask = 3; value = 2; }");
}

static void arg_op_masked_ne_with_a_wide_mask_sees_the_upper_half(void)
{
	check_getpriority_rule(
		__LINE__, "{ index = 0; op = \"masked_ne\"; mask = 0x1000000ffL; value = 1; }");
}

static void args_in_one_rule_must_all_hold(void)
{
	static const char text[] =
		"default_action = \"allow\";\n"
		"rules = ( { syscall = \"getpriority\"; action = "
		"\"errno(EXFULL)\";\n"
		"            args = ( { index = 0; op = \"eq\"; value = 0; },\n"
		"                     { index = 1; op = \"eq\"; value = 0; } ); } );\n";
	static const uint64_t pairs[][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
	struct policy *policy;
	struct filter filter;

	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	for (size_t i = 0; i < COUNT(pairs); i++) {
		struct call call = { "getpriority", SYS_getpriority, { pairs[i][0], pairs[i][1] } };
		struct live_status seen = expect_decided(policy, &filter, &call);

		LIVE_EXPECT(live_exited_with(seen, EXFULL) == (i == 0),
			    "getpriority(%d, %d): only (0, 0) should be denied", (int)pairs[i][0],
			    (int)pairs[i][1]);
	}
	filter_free(&filter);
	policy_free(policy);
}

static void any_of_several_rules_for_a_syscall_may_match(void)
{
	static const char text[] =
		"default_action = \"allow\";\n"
		"rules = ( { syscall = \"getpriority\"; action = \"errno(EXFULL)\";\n"
		"            args = ( { index = 0; op = \"eq\"; value = 1; } ); },\n"
		"          { syscall = \"getpriority\"; action = \"errno(EXFULL)\";\n"
		"            args = ( { index = 0; op = \"eq\"; value = 2; } ); } );\n";
	struct policy *policy;
	struct filter filter;

	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	for (uint64_t which = 0; which <= 2; which++) {
		struct call call = { "getpriority", SYS_getpriority, { which, 0 } };
		struct live_status seen = expect_decided(policy, &filter, &call);

		LIVE_EXPECT(live_exited_with(seen, EXFULL) == (which != 0),
			    "getpriority(%d, 0): 1 and 2 should be denied, 0 allowed", (int)which);
	}
	filter_free(&filter);
	policy_free(policy);
}

static const char unix_sockets_only[] =
	"default_action = \"errno(EXFULL)\";\n"
	"allow = [ \"@default\" ];\n"
	"rules = ( { syscall = \"socket\"; action = \"allow\";\n"
	"            args = ( { index = 0; op = \"eq\"; value = \"AF_UNIX\"; } ); } );\n";

static struct live_status socket_under_unix_only(int family)
{
	struct call call = { "socket", SYS_socket, { (uint64_t)family, SOCK_STREAM, 0 } };
	struct live_status seen = { .exited = true, .code = -1 };
	struct policy *policy;
	struct filter filter;

	if (live_compile(unix_sockets_only, 0, &policy, &filter) < 0)
		return seen;
	seen = expect_decided(policy, &filter, &call);
	filter_free(&filter);
	policy_free(policy);
	return seen;
}

static void socket_family_rule_allows_af_unix(void)
{
	expect_exit(socket_under_unix_only(AF_UNIX), 0, "socket(AF_UNIX)");
}

static void socket_family_rule_denies_af_inet(void)
{
	expect_exit(socket_under_unix_only(AF_INET), EXFULL, "socket(AF_INET)");
}

static void prctl_option_rule_denies_only_that_option(void)
{
	static const char text[] = "default_action = \"allow\";\n"
				   "rules = ( { syscall = \"prctl\"; action = \"errno(EXFULL)\";\n"
				   "            args = ( { index = 0; op = \"eq\"; value = "
				   "\"PR_GET_DUMPABLE\"; } ); } );\n";
	struct call dumpable = { "prctl", SYS_prctl, { PR_GET_DUMPABLE } };
	struct call keepcaps = { "prctl", SYS_prctl, { PR_GET_KEEPCAPS } };
	struct policy *policy;
	struct filter filter;

	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	expect_exit(expect_decided(policy, &filter, &dumpable), EXFULL, "PR_GET_DUMPABLE");
	expect_exit(expect_decided(policy, &filter, &keepcaps), 0, "PR_GET_KEEPCAPS");
	filter_free(&filter);
	policy_free(policy);
}

/* ---- What the kernel shows about the loaded filter ------------------------ */

static const char allow_all[] = "default_action = \"allow\";\n";

static int read_own_status(char *text, size_t size)
{
	FILE *status = fopen("/proc/thread-self/status", "r");
	size_t length;

	if (!status)
		return -1;
	length = fread(text, 1, size - 1, status);
	fclose(status);
	text[length] = '\0';
	return 0;
}

/* True when this thread may use CAP_SYS_ADMIN (bit 21 of CapEff). */
static bool has_cap_sys_admin(void)
{
	char text[8192];
	const char *line;

	if (read_own_status(text, sizeof(text)) < 0 || !(line = strstr(text, "CapEff:")))
		return true;
	return (strtoull(line + 7, NULL, 16) >> 21) & 1;
}

/* Exits with the value of the /proc status field named by CONTEXT. */
static int own_status_field(void *context)
{
	char text[8192];

	if (read_own_status(text, sizeof(text)) < 0)
		return CHILD_WRONG;
	return (int)live_status_field(text, context);
}

static int own_no_new_privs(void *context)
{
	(void)context;
	return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
}

static struct live_status under_policy(const char *text, int (*act)(void *context), void *context)
{
	struct live_status seen = { .exited = true, .code = -1 };
	struct policy *policy;
	struct filter filter;

	if (live_compile(text, 0, &policy, &filter) < 0)
		return seen;
	seen = confined(&filter, act, context);
	filter_free(&filter);
	policy_free(policy);
	return seen;
}

static void loading_sets_no_new_privs(void)
{
	expect_exit(under_policy(allow_all, own_no_new_privs, NULL), 1,
		    "PR_GET_NO_NEW_PRIVS after loading");
}

static void loaded_filter_shows_seccomp_mode_2_in_proc_status(void)
{
	expect_exit(under_policy(allow_all, own_status_field, "Seccomp"), 2,
		    "Seccomp: in /proc/thread-self/status");
}

static void loaded_filter_shows_nonewprivs_1_in_proc_status(void)
{
	expect_exit(under_policy(allow_all, own_status_field, "NoNewPrivs"), 1,
		    "NoNewPrivs: in /proc/thread-self/status");
}

static int load_again_then_count(void *context)
{
	struct diag_list diags = { 0 };

	if (load_filter(context, &diags) < 0)
		return CHILD_LOAD_FAILED;
	return own_status_field("Seccomp_filters");
}

static void each_load_stacks_one_more_filter(void)
{
	struct policy *policy;
	struct filter filter;

	if (live_compile(allow_all, 0, &policy, &filter) < 0)
		return;
	expect_exit(confined(&filter, load_again_then_count, &filter),
		    (int)live_runner_field("Seccomp_filters") + 2,
		    "Seccomp_filters after two loads");
	filter_free(&filter);
	policy_free(policy);
}

/* no_new_privs = false means something only where the runner's parent did
 * not set the flag already: it is inherited and never cleared. */
static bool runner_free_of_no_new_privs(void)
{
	if (live_runner_field("NoNewPrivs") == 0)
		return true;
	test_skip("the runner already has no_new_privs, which no child can clear");
	return false;
}

static void no_new_privs_false_as_root_leaves_the_flag_clear(void)
{
	char text[sizeof(allow_all) + 32];

	if (geteuid() != 0 || !has_cap_sys_admin()) {
		test_skip("needs root with CAP_SYS_ADMIN");
		return;
	}
	if (!runner_free_of_no_new_privs())
		return;
	snprintf(text, sizeof(text), "%sno_new_privs = false;\n", allow_all);
	expect_exit(under_policy(text, own_no_new_privs, NULL), 0,
		    "PR_GET_NO_NEW_PRIVS with no_new_privs = false as root");
}

/* Root drops to uid 65534 first; anyone else is tried as they are. */
static int without_cap_sys_admin_load(void *context)
{
	gid_t none[1] = { 65534 };

	if (geteuid() == 0 && (setgroups(1, none) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
		return CHILD_WRONG;
	if (has_cap_sys_admin())
		return CHILD_SKIPPED;
	return load_error(context);
}

static void no_new_privs_false_without_cap_sys_admin_is_refused(void)
{
	char text[sizeof(allow_all) + 32];
	struct policy *policy;
	struct filter filter;
	struct live_status seen;

	if (!runner_free_of_no_new_privs())
		return;
	snprintf(text, sizeof(text), "%sno_new_privs = false;\n", allow_all);
	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	seen = live_fork(without_cap_sys_admin_load, &filter);
	if (live_exited_with(seen, CHILD_SKIPPED))
		test_skip("this non-root user holds CAP_SYS_ADMIN");
	else
		expect_exit(seen, EACCES,
			    "load_filter without CAP_SYS_ADMIN, no_new_privs = false");
	filter_free(&filter);
	policy_free(policy);
}

/* ---- Other architectures ------------------------------------------------- */

static struct live_status getpid_under(const char *text, long number)
{
	struct call call = { "getpid", number, { 0 } };

	return under_policy(text, make_call, &call);
}

static void x32_call_meets_bad_arch_action_kill(void)
{
	expect_signal(getpid_under(allow_all, SYS_getpid | X32_SYSCALL_BIT), SIGSYS,
		      "getpid with the x32 bit under an allow-all policy");
}

static void x32_call_meets_bad_arch_action_errno(void)
{
	static const char text[] = "default_action = \"allow\";\n"
				   "bad_arch_action = \"errno(EXFULL)\";\n";

	if (!live_runner_unconfined()) {
		test_skip("the runner's own filter decides x32 calls before this one");
		return;
	}

	expect_exit(getpid_under(text, SYS_getpid | X32_SYSCALL_BIT), EXFULL,
		    "getpid with the x32 bit, bad_arch_action errno(EXFULL)");
}

#if defined(__x86_64__)
/* getpid through the 32-bit table.  The 64-bit registers r8-r11 are not
 * preserved by the compat entry on every kernel. */
static long int80_getpid(void)
{
	long result;

	__asm__ volatile("int $0x80"
			 : "=a"(result)
			 : "a"((long)I386_GETPID)
			 : "memory", "cc", "r8", "r9", "r10", "r11");
	return result;
}

static int int80_is_getpid(void *context)
{
	(void)context;
	return int80_getpid() == getpid() ? 0 : CHILD_WRONG;
}

static bool int80_available(void)
{
	if (live_exited_with(live_fork(int80_is_getpid, NULL), 0))
		return true;
	test_skip("int $0x80 does not work here unconfined (no IA32 emulation, or the runner's "
		  "own filter refuses it)");
	return false;
}

static void int80_call_meets_bad_arch_action(void)
{
	if (!int80_available())
		return;
	expect_signal(under_policy(allow_all, int80_is_getpid, NULL), SIGSYS,
		      "int $0x80 getpid under an allow-all native policy");
}

static void int80_call_passes_when_x86_is_listed(void)
{
	static const char text[] = "default_action = \"allow\";\n"
				   "architectures = [ \"native\", \"x86\" ];\n";

	if (!int80_available())
		return;
	expect_exit(under_policy(text, int80_is_getpid, NULL), 0,
		    "int $0x80 getpid when x86 is listed");
}

/* A six-argument call through the 32-bit table.  ebp carries the sixth
 * argument: saved around the call, below the red zone. */
static long int80_call6(long nr, const long args[6])
{
	long result;
	register long sixth __asm__("r12") = args[5];

	__asm__ volatile("sub $128, %%rsp\n\t"
			 "push %%rbp\n\t"
			 "mov %%r12, %%rbp\n\t"
			 "int $0x80\n\t"
			 "pop %%rbp\n\t"
			 "add $128, %%rsp"
			 : "=a"(result)
			 : "a"(nr), "b"(args[0]), "c"(args[1]), "d"(args[2]), "S"(args[3]),
			   "D"(args[4]), "r"(sixth)
			 : "memory", "cc", "r8", "r9", "r10", "r11");
	return result;
}

#define I386_IOCTL	54
#define I386_SOCKETCALL 102
#define I386_IPC	117

struct int80_call {
	long nr;
	long args[6];
};

/* Exits with the call's errno (0 when it succeeded). */
static int int80_errno(void *context)
{
	const struct int80_call *call = context;
	long result = int80_call6(call->nr, call->args);

	return result < 0 && result > -4096 ? (int)-result : 0;
}

/* libseccomp 2.5.4 built this x86 filter wrong (ioctl(0, 2, 0, 1, 0, 0)
 * allowed though the second rule kills it) and the verifier passed it;
 * preseal's generator builds it now, and the kernel kills the call. */
static void int80_ioctl_libseccomp_got_wrong_is_killed(void)
{
	struct int80_call call = { I386_IOCTL, { 0, 2, 0, 1, 0, 0 } };

	if (!int80_available())
		return;
	expect_signal(under_policy(test_libseccomp_merged_ge_policy, int80_errno, &call), SIGSYS,
		      "int $0x80 ioctl(0, 2, 0, 1, 0, 0)");
}

static const char deny_socket_and_semop[] = "default_action = \"allow\";\n"
					    "architectures = [ \"native\", \"x86\" ];\n"
					    "deny = [ \"socket\", \"semop\" ];\n"
					    "deny_action = \"errno(EXFULL)\";\n";

/* socket through socketcall(SYS_SOCKET) meets socket's rule. */
static void int80_socketcall_meets_the_socket_rule(void)
{
	struct int80_call call = { I386_SOCKETCALL, { 1, 0 } };

	if (!int80_available())
		return;
	expect_exit(under_policy(deny_socket_and_semop, int80_errno, &call), EXFULL,
		    "int $0x80 socketcall(SYS_SOCKET)");
}

/* ipc() reads the call from the low 16 bits and ignores the version in
 * the high 16: ipc(1 << 16 | SEMOP) is semop, and meets semop's rule
 * (libseccomp compared the whole word and let it through). */
static void int80_version_shifted_ipc_meets_the_semop_rule(void)
{
	struct int80_call shifted = { I386_IPC, { 0x10001, -1, 0, 0, 0, 0 } };
	struct int80_call other = { I386_IPC, { 0x10002, -1, 0, 0, 0, 0 } };

	if (!int80_available())
		return;
	expect_exit(under_policy(deny_socket_and_semop, int80_errno, &shifted), EXFULL,
		    "int $0x80 ipc(1 << 16 | SEMOP)");
	/* semget(-1, 0, 0) is not denied: the kernel answers it */
	LIVE_EXPECT(
		!live_exited_with(under_policy(deny_socket_and_semop, int80_errno, &other), EXFULL),
		"ipc(1 << 16 | SEMGET) was denied");
}
#else
static void int80_call_meets_bad_arch_action(void)
{
	test_skip("int $0x80 exists only on x86-64");
}

static void int80_call_passes_when_x86_is_listed(void)
{
	test_skip("int $0x80 exists only on x86-64");
}

static void int80_ioctl_libseccomp_got_wrong_is_killed(void)
{
	test_skip("int $0x80 exists only on x86-64");
}

static void int80_socketcall_meets_the_socket_rule(void)
{
	test_skip("int $0x80 exists only on x86-64");
}

static void int80_version_shifted_ipc_meets_the_semop_rule(void)
{
	test_skip("int $0x80 exists only on x86-64");
}
#endif

/* ---- The probe ----------------------------------------------------------- */

#define TOKEN	    0x0123456789abcdefull
#define OTHER_TOKEN 0xfedcba9876543210ull

static const char kill_by_default[] = "default_action = \"kill_process\";\n"
				      "allow = [ \"@default\" ];\n";

static int probe_answer(void *context)
{
	const uint64_t *token = context;
	long result = syscall(PRESEAL_PROBE_NR, *token, 0, 0, 0, 0, 0);

	if (result != -1)
		return CHILD_WRONG;
	if (errno == PRESEAL_PROBE_ERRNO)
		return 0;
	return errno < CHILD_LOAD_FAILED ? errno : CHILD_ODD_ERRNO;
}

static struct live_status probe_under_token(uint64_t loaded, uint64_t asked)
{
	struct live_status seen = { .exited = true, .code = -1 };
	struct policy *policy;
	struct filter filter;

	if (live_compile(kill_by_default, loaded, &policy, &filter) < 0)
		return seen;
	seen = confined(&filter, probe_answer, &asked);
	filter_free(&filter);
	policy_free(policy);
	return seen;
}

static void probe_answers_preseal_errno_under_its_filter(void)
{
	expect_exit(probe_under_token(TOKEN, TOKEN), 0, "probe for the loaded token");
}

static int probe_loaded(void *context)
{
	return load_probe(*(const uint64_t *)context) ? 0 : 1;
}

static void load_probe_sees_its_filter(void)
{
	struct policy *policy;
	struct filter filter;
	uint64_t token = TOKEN;

	if (live_compile(kill_by_default, TOKEN, &policy, &filter) < 0)
		return;
	expect_exit(confined(&filter, probe_loaded, &token), 0, "load_probe under its filter");
	filter_free(&filter);
	policy_free(policy);
}

static void probe_is_enosys_without_a_filter(void)
{
	uint64_t token = TOKEN;

	expect_exit(live_fork(probe_answer, &token), ENOSYS, "probe with no filter");
	expect_exit(live_fork(probe_loaded, &token), 1, "load_probe with no filter");
}

static void probe_for_another_token_is_enosys_under_a_kill_by_default_filter(void)
{
	expect_exit(probe_under_token(TOKEN, OTHER_TOKEN), ENOSYS,
		    "probe for another token under a kill_process default");
}

#define CASE(test)          \
	{                   \
#test, test \
	}

static const struct test_case cases[] = {
	CASE(deny_list_answers_a_listed_call_with_deny_action),
	CASE(deny_list_lets_an_unlisted_call_through),
	CASE(allow_list_lets_a_listed_call_through),
	CASE(allow_list_gives_an_unlisted_call_the_default_action),
	CASE(errno_action_answers_the_named_errno),
	CASE(errno_action_answers_a_numeric_errno),
	CASE(kill_process_kills_the_child_with_sigsys),
	CASE(kill_thread_in_the_only_thread_ends_the_process_with_sigsys),
	CASE(trap_delivers_sigsys_with_si_syscall_to_a_handler),
	CASE(log_lets_the_call_proceed),
	CASE(trace_without_a_tracer_answers_enosys),
	CASE(kill_process_from_a_thread_kills_the_whole_process),
	CASE(kill_thread_kills_only_the_calling_thread),
	CASE(thread_started_before_the_filter_is_confined_too),
	CASE(without_thread_sync_an_earlier_thread_stays_unconfined),
	CASE(thread_sync_refuses_a_thread_under_another_filter),
	CASE(arg_op_eq_denies_exactly_the_value),
	CASE(arg_op_eq_compares_all_64_bits),
	CASE(arg_op_eq_on_an_int_ignores_the_upper_half),
	CASE(kernel_reads_only_the_low_32_bits_of_an_int_argument),
	CASE(arg_op_lt_on_an_int_compares_what_the_kernel_reads),
	CASE(arg_op_eq_on_an_int_with_a_value_it_cannot_take_never_holds),
	CASE(arg_op_ne_denies_every_other_value),
	CASE(arg_op_lt_denies_values_below),
	CASE(arg_op_le_denies_values_up_to),
	CASE(arg_op_gt_denies_values_above),
	CASE(arg_op_ge_denies_values_from),
	CASE(arg_op_gt_compares_the_upper_half),
	CASE(arg_op_masked_eq_tests_only_the_masked_bits),
	CASE(arg_op_masked_ne_denies_when_a_masked_bit_differs),
	CASE(arg_op_masked_ne_with_a_wide_mask_sees_the_upper_half),
	CASE(args_in_one_rule_must_all_hold),
	CASE(any_of_several_rules_for_a_syscall_may_match),
	CASE(socket_family_rule_allows_af_unix),
	CASE(socket_family_rule_denies_af_inet),
	CASE(prctl_option_rule_denies_only_that_option),
	CASE(loading_sets_no_new_privs),
	CASE(loaded_filter_shows_seccomp_mode_2_in_proc_status),
	CASE(loaded_filter_shows_nonewprivs_1_in_proc_status),
	CASE(each_load_stacks_one_more_filter),
	CASE(no_new_privs_false_as_root_leaves_the_flag_clear),
	CASE(no_new_privs_false_without_cap_sys_admin_is_refused),
	CASE(x32_call_meets_bad_arch_action_kill),
	CASE(x32_call_meets_bad_arch_action_errno),
	CASE(int80_call_meets_bad_arch_action),
	CASE(int80_call_passes_when_x86_is_listed),
	CASE(int80_ioctl_libseccomp_got_wrong_is_killed),
	CASE(int80_socketcall_meets_the_socket_rule),
	CASE(int80_version_shifted_ipc_meets_the_semop_rule),
	CASE(probe_answers_preseal_errno_under_its_filter),
	CASE(load_probe_sees_its_filter),
	CASE(probe_is_enosys_without_a_filter),
	CASE(probe_for_another_token_is_enosys_under_a_kill_by_default_filter),
	{ NULL, NULL },
};

const struct test_suite suite_live = { "live", cases };

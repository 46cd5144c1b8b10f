/* preload: the constructor of libpreseal.so.
 *
 * Runs inside somebody else's program, before its main: select the policy,
 * read it, compile and verify it, load it.  On any failure the program
 * never reaches main: one line on stderr, exit status 125.  On success it
 * prints nothing, leaves no descriptor open and frees what it allocated.
 *
 * After an exec the kernel keeps the filter and ld.so loads this library
 * again.  The environment then carries PRESEAL_FILTER, the token of the
 * selection in force; it is trusted only when the kernel confirms it: every
 * preseal filter answers a probe syscall for its own token.  A forged
 * marker therefore costs one ENOSYS and the policy is applied as usual.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile.h"
#include "compiled.h"
#include "load.h"
#include "policy.h"
#include "policy_internal.h"
#include "select.h"

#define EXIT_NOT_CONFINED 125
#define MARKER		  "PRESEAL_FILTER"

static int already_confined(uint64_t token)
{
	const char *marker = getenv(MARKER);
	char expected[32];

	if (!marker)
		return 0;
	snprintf(expected, sizeof(expected), "%016" PRIx64, token);
	return strcmp(marker, expected) == 0 && load_probe(token);
}

static void mark_confined(uint64_t token)
{
	char value[32];

	snprintf(value, sizeof(value), "%016" PRIx64, token);
	setenv(MARKER, value, 1);
}

/* `preseal run` waits for one byte on this pipe to know the shim really
 * loaded.  It is sent just before the filter is loaded, so no syscall the
 * policy might deny is needed for it; the program never sees the
 * descriptor or the variable. */
static void signal_ready(void)
{
	const char *text = getenv("PRESEAL_READY_FD");
	struct stat st;
	char *end;
	long fd;

	if (!text)
		return;
	fd = strtol(text, &end, 10);
	unsetenv("PRESEAL_READY_FD");
	if (*end || fd < 3 || fd > INT32_MAX || fstat((int)fd, &st) < 0 || !S_ISFIFO(st.st_mode))
		return;
	(void)!write((int)fd, "1", 1);
	close((int)fd);
}

static int compile_selected(const struct selection *selection,
			    const struct compile_options *options, struct filter *filter,
			    struct diag_list *diags)
{
	struct policy *policy = NULL;
	char *text = NULL;
	size_t length = 0;
	int result;

	if (selection->builtin) {
		policy = policy_read_string(selection->builtin->text, selection->builtin->name,
					    NULL, diags);
	} else {
		text = policy_load_file(selection->path, POLICY_TRUSTED_ONLY, &length, diags);
		if (text && compiled_is(text, length)) {
			/* Verified when it was compiled: no libconfig, no libseccomp. */
			result = compiled_read(text, length, selection->path, filter, diags);
			if (result == 0)
				result = filter_add_probe(filter, options->probe_token, diags);
			free(text);
			return result;
		}
		if (text)
			policy = policy_read_loaded(selection->path, text, length,
						    POLICY_TRUSTED_ONLY, diags);
	}
	free(text);
	result = policy ? compile_policy(policy, options, filter, diags) : -EINVAL;
	policy_free(policy);
	return result;
}

static int confine(const struct environment *environment, uint64_t token, struct diag_list *diags)
{
	struct compile_options options = { .probe_token = token };
	struct selection selection;
	struct filter filter = { 0 };
	int result;

	result = select_policy(environment, &selection, diags);
	if (result == 0 && selection.mode != MODE_ENFORCE) {
		diag_error(diags, NULL, 0, "PRESEAL_MODE=%s is not available in this build",
			   environment->mode);
		result = -ENOTSUP;
	}
	if (result == 0)
		result = compile_selected(&selection, &options, &filter, diags);
	if (result == 0) {
		/* From here the program either runs confined or exits 125. */
		signal_ready();
		result = load_filter(&filter, diags);
	}
	filter_free(&filter);
	select_free(&selection);
	return result;
}

/* One line, written straight to the descriptor that was stderr when the
 * program started; never to a file that took its number since. */
static void report_failure(const struct diag_list *diags, int stderr_open)
{
	char line[1024], first[900] = "the policy could not be applied";
	size_t extra = diags->count > 1 ? diags->count - 1 : 0;
	int length;

	if (diags->count > 0)
		diag_format(&diags->items[0], first, sizeof(first));
	else if (diags->out_of_memory)
		snprintf(first, sizeof(first), "out of memory");
	if (extra)
		length = snprintf(line, sizeof(line),
				  "preseal: %s (and %zu more; `preseal check` lists them all)\n",
				  first, extra);
	else
		length = snprintf(line, sizeof(line), "preseal: %s\n", first);
	if (stderr_open && length > 0)
		(void)!write(STDERR_FILENO, line,
			     (size_t)length < sizeof(line) ? (size_t)length : sizeof(line) - 1);
}

__attribute__((constructor)) static void preseal_constructor(void)
{
	int saved_errno = errno;
	struct environment environment;
	struct diag_list diags = { 0 };
	uint64_t token;
	int stderr_open;

	select_read_environment(&environment);
	token = select_token(&environment);
	if (already_confined(token)) {
		errno = saved_errno;
		return;
	}
	stderr_open = fcntl(STDERR_FILENO, F_GETFD) >= 0;
	if (confine(&environment, token, &diags) < 0) {
		report_failure(&diags, stderr_open);
		_exit(EXIT_NOT_CONFINED);
	}
	diag_free(&diags);
	mark_confined(token);
	errno = saved_errno;
}

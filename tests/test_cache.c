/* test_cache: the compiled-policy cache (shim/cache.c), through the shim.
 *
 * Every run is a real program started under LD_PRELOAD with PRESEAL_CACHE
 * pointing at the test's own folder.  Whether an entry was used is shown by
 * what the program may do: an entry the test writes itself, as the owner
 * could, claims that a policy refusing mkdir compiles to a filter allowing
 * everything.  Loaded, mkdir works; ignored, the policy applies and mkdir
 * fails with EROFS.  The tampered variants of that entry must all be
 * ignored, never loaded, and the policy must still apply.
 */
#include "harness.h"
#include "live.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "policy.h"
#include "compile.h"
#include "compiled.h"

#define NOBODY 65534

static const char deny_mkdir[] = "default_action = \"allow\";\n"
				 "deny = [ \"mkdir\", \"mkdirat\" ];\n"
				 "deny_action = \"errno(EROFS)\";\n";

struct cache_fixture {
	char dir[256];
	char cache[320];
	char policy[320];
	char target[320];
	char entry[400];
	struct live_env env;
	struct live_output output;
};

static bool setup(struct cache_fixture *fixture, const char *policy_text)
{
	char name[32];
	struct cache_key key;

	*fixture = (struct cache_fixture){ 0 };
	live_env_init(&fixture->env);
	if (live_env_preload(&fixture->env) < 0 ||
	    live_temp_dir(fixture->dir, sizeof(fixture->dir)) < 0)
		return false;
	snprintf(fixture->cache, sizeof(fixture->cache), "%s/cache", fixture->dir);
	snprintf(fixture->target, sizeof(fixture->target), "%s/d", fixture->dir);
	if (mkdir(fixture->cache, 0700) < 0 ||
	    live_write_file(fixture->dir, "policy.cfg", policy_text, 0644, fixture->policy,
			    sizeof(fixture->policy)) < 0)
		return false;
	key = (struct cache_key){ .path = fixture->policy };
	cache_entry_name(&key, name, sizeof(name));
	snprintf(fixture->entry, sizeof(fixture->entry), "%s/%s", fixture->cache, name);
	live_env_set(&fixture->env, "PRESEAL_PATH", "%s", fixture->dir);
	live_env_set(&fixture->env, "PRESEAL_POLICY", "%s", fixture->policy);
	live_env_set(&fixture->env, "PRESEAL_CACHE", "%s", fixture->cache);
	return true;
}

static void teardown(struct cache_fixture *fixture)
{
	live_output_free(&fixture->output);
	live_env_free(&fixture->env);
	live_remove_tree(fixture->dir);
}

/* Runs mkdir DIR/d under the shim; true when it ran at all. */
static bool run_mkdir(struct cache_fixture *fixture)
{
	const char *const argv[] = { "/bin/mkdir", fixture->target, NULL };
	struct live_command command = { .argv = argv, .env = fixture->env.items };

	rmdir(fixture->target);
	live_output_free(&fixture->output);
	return live_run(&command, &fixture->output) == 0;
}

static const char *story(const struct cache_fixture *fixture)
{
	static char text[1536];
	char status[64];

	snprintf(text, sizeof(text), "%s; stderr \"%.600s\"",
		 live_describe(fixture->output.status, status, sizeof(status)),
		 fixture->output.err);
	return text;
}

static void expect_mkdir_fails(unsigned line, struct cache_fixture *fixture, const char *error)
{
	if (!run_mkdir(fixture))
		return;
	LIVE_EXPECT_AT(line,
		       live_exited_with(fixture->output.status, 1) &&
			       strstr(fixture->output.err, error) != NULL,
		       "mkdir should fail with \"%s\": %s", error, story(fixture));
}

static void expect_mkdir_works(unsigned line, struct cache_fixture *fixture)
{
	if (!run_mkdir(fixture))
		return;
	LIVE_EXPECT_AT(line, live_exited_with(fixture->output.status, 0),
		       "mkdir should work under the cached allow-all filter: %s", story(fixture));
}

/* Writes, as the owner, an entry saying that the fixture's policy text
 * compiles to a filter that allows everything. */
static bool write_allow_all_entry(struct cache_fixture *fixture, const char *policy_text)
{
	struct cache_key key = { .dir = fixture->cache,
				 .path = fixture->policy,
				 .text = policy_text,
				 .length = strlen(policy_text) };
	struct policy *allow_policy = NULL;
	struct filter allow = { 0 };
	bool stored = false;

	if (live_compile("default_action = \"allow\";\n", 0, &allow_policy, &allow) == 0)
		stored = cache_store(&key, allow_policy, &allow) == 0;
	LIVE_EXPECT(stored, "cannot write a cache entry in %s", fixture->cache);
	filter_free(&allow);
	policy_free(allow_policy);
	return stored;
}

/* ---- The cache is used ---------------------------------------------------- */

static void first_start_stores_a_private_entry(void)
{
	struct cache_fixture fixture;
	struct stat st;

	if (setup(&fixture, deny_mkdir)) {
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		LIVE_EXPECT(stat(fixture.entry, &st) == 0, "no cache entry %s after a start",
			    fixture.entry);
		LIVE_EXPECT((st.st_mode & 0777) == 0600 && st.st_uid == geteuid(),
			    "the entry has mode %o and owner %d", (unsigned)(st.st_mode & 0777),
			    (int)st.st_uid);
	}
	teardown(&fixture);
}

static void second_start_loads_the_entry_without_rewriting_it(void)
{
	struct cache_fixture fixture;
	struct stat first, second;

	if (setup(&fixture, deny_mkdir)) {
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		if (stat(fixture.entry, &first) == 0) {
			expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
			/* A miss writes a new file and renames it over the old one. */
			LIVE_EXPECT(stat(fixture.entry, &second) == 0 &&
					    first.st_ino == second.st_ino,
				    "the entry was written again: the cache missed");
		} else {
			LIVE_EXPECT(false, "no cache entry after the first start");
		}
	}
	teardown(&fixture);
}

static void entry_written_by_the_owner_is_loaded_instead_of_compiling(void)
{
	struct cache_fixture fixture;

	if (setup(&fixture, deny_mkdir) && write_allow_all_entry(&fixture, deny_mkdir))
		expect_mkdir_works(__LINE__, &fixture);
	teardown(&fixture);
}

static void edited_policy_misses_the_entry(void)
{
	struct cache_fixture fixture;
	char path[320];

	if (setup(&fixture, deny_mkdir) && write_allow_all_entry(&fixture, deny_mkdir) &&
	    live_write_file(fixture.dir, "policy.cfg",
			    "# edited\n"
			    "default_action = \"allow\";\n"
			    "deny = [ \"mkdir\" ];\ndeny_action = \"errno(EROFS)\";\n",
			    0644, path, sizeof(path)) == 0)
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
	teardown(&fixture);
}

static void changed_include_invalidates_the_entry(void)
{
	struct cache_fixture fixture;
	char include[320];
	struct stat st;

	if (!setup(&fixture, "@include \"rules.cfg\"\ndefault_action = \"allow\";\n") ||
	    live_write_file(fixture.dir, "rules.cfg",
			    "deny = [ \"mkdir\", \"mkdirat\" ];\ndeny_action = \"errno(EROFS)\";\n",
			    0644, include, sizeof(include)) < 0) {
		teardown(&fixture);
		return;
	}
	/* An include changed within the last second is never cached (it may
	 * not be what libconfig read): let this one age. */
	sleep(2);
	expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
	LIVE_EXPECT(stat(fixture.entry, &st) == 0, "the policy with an include was not cached");
	if (live_write_file(
		    fixture.dir, "rules.cfg",
		    "deny = [ \"mkdir\", \"mkdirat\" ];\ndeny_action = \"errno(EACCES)\";\n", 0644,
		    include, sizeof(include)) == 0)
		expect_mkdir_fails(__LINE__, &fixture, "Permission denied");
	teardown(&fixture);
}

/* ---- A damaged or untrusted entry is never loaded --------------------------- */

static void corrupt_entry_is_ignored_and_the_policy_applies(void)
{
	struct cache_fixture fixture;
	int fd;

	if (setup(&fixture, deny_mkdir) && write_allow_all_entry(&fixture, deny_mkdir)) {
		struct stat st;
		char byte;

		/* Flip a byte of the last instruction: the checksum no longer holds. */
		fd = open(fixture.entry, O_RDWR);
		LIVE_EXPECT(fd >= 0 && fstat(fd, &st) == 0 &&
				    pread(fd, &byte, 1, st.st_size - 2) == 1,
			    "cannot read %s", fixture.entry);
		byte ^= 0x01;
		LIVE_EXPECT(fd >= 0 && pwrite(fd, &byte, 1, st.st_size - 2) == 1,
			    "cannot change %s", fixture.entry);
		if (fd >= 0)
			close(fd);
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
	}
	teardown(&fixture);
}

static void truncated_entry_is_ignored_and_the_policy_applies(void)
{
	struct cache_fixture fixture;
	struct stat st;

	if (setup(&fixture, deny_mkdir) && write_allow_all_entry(&fixture, deny_mkdir) &&
	    stat(fixture.entry, &st) == 0) {
		LIVE_EXPECT(truncate(fixture.entry, st.st_size - 8) == 0, "cannot truncate");
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
	}
	teardown(&fixture);
}

static void group_writable_entry_is_ignored_and_the_policy_applies(void)
{
	struct cache_fixture fixture;

	if (setup(&fixture, deny_mkdir) && write_allow_all_entry(&fixture, deny_mkdir)) {
		LIVE_EXPECT(chmod(fixture.entry, 0620) == 0, "cannot chmod the entry");
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
	}
	teardown(&fixture);
}

static void entry_owned_by_another_user_is_ignored_and_the_policy_applies(void)
{
	struct cache_fixture fixture;

	if (geteuid() != 0) {
		test_skip("giving a file to another user needs root");
		return;
	}
	if (setup(&fixture, deny_mkdir) && write_allow_all_entry(&fixture, deny_mkdir)) {
		LIVE_EXPECT(chown(fixture.entry, NOBODY, NOBODY) == 0, "cannot chown the entry");
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
	}
	teardown(&fixture);
}

static void entry_in_a_folder_others_can_enter_is_ignored(void)
{
	struct cache_fixture fixture;

	if (setup(&fixture, deny_mkdir) && write_allow_all_entry(&fixture, deny_mkdir)) {
		LIVE_EXPECT(chmod(fixture.cache, 0755) == 0, "cannot chmod the cache folder");
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
	}
	teardown(&fixture);
}

static void entry_that_is_a_symlink_is_ignored(void)
{
	struct cache_fixture fixture;
	char moved[420];

	if (setup(&fixture, deny_mkdir) && write_allow_all_entry(&fixture, deny_mkdir)) {
		snprintf(moved, sizeof(moved), "%s/elsewhere", fixture.dir);
		LIVE_EXPECT(rename(fixture.entry, moved) == 0 && symlink(moved, fixture.entry) == 0,
			    "cannot replace the entry with a symlink");
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
	}
	teardown(&fixture);
}

/* ---- The cache never makes a start fail --------------------------------------- */

static void unwritable_cache_folder_compiles_and_applies_the_policy(void)
{
	struct cache_fixture fixture;

	if (setup(&fixture, deny_mkdir)) {
		live_env_set(&fixture.env, "PRESEAL_CACHE", "/proc/preseal-no-such-folder");
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
	}
	teardown(&fixture);
}

static void cache_off_writes_nothing(void)
{
	struct cache_fixture fixture;

	if (setup(&fixture, deny_mkdir)) {
		live_env_set(&fixture.env, "PRESEAL_CACHE", "off");
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		LIVE_EXPECT(!live_path_exists(fixture.entry), "PRESEAL_CACHE=off wrote %s",
			    fixture.entry);
	}
	teardown(&fixture);
}

static void missing_cache_folder_is_created_private(void)
{
	struct cache_fixture fixture;
	struct stat st;

	if (setup(&fixture, deny_mkdir)) {
		LIVE_EXPECT(rmdir(fixture.cache) == 0, "cannot remove the cache folder");
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		LIVE_EXPECT(stat(fixture.cache, &st) == 0 && (st.st_mode & 0777) == 0700,
			    "the cache folder was not created with mode 0700");
		LIVE_EXPECT(live_path_exists(fixture.entry), "no entry in the new folder");
	}
	teardown(&fixture);
}

/* A forged marker: the shim probes, finds no filter of its own, applies the
 * policy, and leaves the cache alone, as it does under any preseal filter. */
static void cache_is_left_alone_when_a_preseal_filter_may_be_in_place(void)
{
	struct cache_fixture fixture;

	if (setup(&fixture, deny_mkdir)) {
		live_env_set(&fixture.env, "PRESEAL_FILTER", "0123456789abcdef");
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		LIVE_EXPECT(!live_path_exists(fixture.entry),
			    "the cache was written with PRESEAL_FILTER set");
	}
	teardown(&fixture);
}

/* compiled_take() reads a compiled policy where it lies in a malloc'ed
 * buffer, as a cache entry or a .pbf file arrives: the same filter as
 * compiled_read() gives, now owning the buffer; a corrupt one fails and
 * leaves the buffer to its owner (ASan and valgrind see a double free or a
 * leak here). */
static void compiled_take_reads_in_place_what_compiled_read_reads(void)
{
	static const char text[] = "default_action = \"errno(EPERM)\";\nallow = [ \"read\" ];\n";
	struct diag_list diags = { 0 };
	struct policy *policy = policy_read_string(text, "take.cfg", NULL, &diags);
	struct filter compiled = { 0 }, read = { 0 }, taken = { 0 }, rejected = { 0 };
	const size_t offset = 37; /* unaligned, as after a cache entry's key */
	int fd = memfd_create("take", MFD_CLOEXEC);
	char *bytes = NULL, *corrupt = NULL;
	off_t size = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(policy);
	CU_ASSERT_EQUAL_FATAL(compile_policy(policy, NULL, &compiled, &diags), 0);
	CU_ASSERT_EQUAL_FATAL(compiled_write(&compiled, fd), 0);
	size = lseek(fd, 0, SEEK_END);
	bytes = malloc(offset + (size_t)size);
	corrupt = malloc(offset + (size_t)size);
	CU_ASSERT_FATAL(bytes && corrupt && size > 0 &&
			pread(fd, bytes + offset, (size_t)size, 0) == size);
	memcpy(corrupt, bytes, offset + (size_t)size);
	corrupt[offset + (size_t)size - 1] ^= 1;

	CU_ASSERT_EQUAL(compiled_read(bytes + offset, (size_t)size, "take", &read, &diags), 0);
	CU_ASSERT_EQUAL(compiled_take(bytes, offset, (size_t)size, "take", &taken, &diags), 0);
	CU_ASSERT_PTR_EQUAL(taken.program, (void *)bytes);
	CU_ASSERT_EQUAL(taken.length, compiled.length);
	CU_ASSERT(taken.length == read.length &&
		  memcmp(taken.program, read.program, read.length * sizeof(*read.program)) == 0);
	CU_ASSERT(memcmp(taken.program, compiled.program,
			 compiled.length * sizeof(*compiled.program)) == 0);
	CU_ASSERT_EQUAL(taken.flags, compiled.flags);
	CU_ASSERT_EQUAL(taken.arch_count, compiled.arch_count);

	CU_ASSERT_EQUAL(compiled_take(corrupt, offset, (size_t)size, "take", &rejected, &diags),
			-EINVAL);
	CU_ASSERT_PTR_NULL(rejected.program);
	free(corrupt);
	filter_free(&taken); /* frees BYTES */
	filter_free(&read);
	filter_free(&compiled);
	policy_free(policy);
	diag_free(&diags);
	close(fd);
}

#define CASE(name)          \
	{                   \
#name, name \
	}

static const struct test_case cases[] = {
	CASE(first_start_stores_a_private_entry),
	CASE(second_start_loads_the_entry_without_rewriting_it),
	CASE(entry_written_by_the_owner_is_loaded_instead_of_compiling),
	CASE(edited_policy_misses_the_entry),
	CASE(changed_include_invalidates_the_entry),
	CASE(corrupt_entry_is_ignored_and_the_policy_applies),
	CASE(truncated_entry_is_ignored_and_the_policy_applies),
	CASE(group_writable_entry_is_ignored_and_the_policy_applies),
	CASE(entry_owned_by_another_user_is_ignored_and_the_policy_applies),
	CASE(entry_in_a_folder_others_can_enter_is_ignored),
	CASE(entry_that_is_a_symlink_is_ignored),
	CASE(unwritable_cache_folder_compiles_and_applies_the_policy),
	CASE(cache_off_writes_nothing),
	CASE(missing_cache_folder_is_created_private),
	CASE(cache_is_left_alone_when_a_preseal_filter_may_be_in_place),
	CASE(compiled_take_reads_in_place_what_compiled_read_reads),
	{ NULL, NULL },
};

const struct test_suite suite_cache = { "cache", cases };

/* test_cache: the compiled-policy cache (shim/core/cache.c), through the shim.
 *
 * Every run is a real program started under LD_PRELOAD with the cache on
 * (PRESEAL_CACHE unset), its policy in a folder of the test's own, where
 * the entry lives beside it.  Whether an entry was used is shown by
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
#include <grp.h>
#include <linux/fs.h>
#include <sched.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch.h"
#include "cache.h"
#include "hash.h"
#include "policy.h"
#include "compile.h"
#include "compiled.h"
#include "select.h"
#include "source_hash.h"
#include "text.h"

#define NOBODY 65534

static const char deny_mkdir[] = "default_action = \"allow\";\n"
				 "deny = [ \"mkdir\", \"mkdirat\" ];\n"
				 "deny_action = \"errno(EROFS)\";\n";

struct cache_fixture {
	char dir[256];
	char cache[320];
	char etc[320]; /* the folder that holds the policy */
	char policy[320];
	char target[420];
	char entry[400];
	struct live_env env;
	struct live_output output;
	int (*prepare)(void *context); /* in the started program's child, before execve */
};

static bool setup(struct cache_fixture *fixture, const char *policy_text)
{
	*fixture = (struct cache_fixture){ 0 };
	live_env_init(&fixture->env);
	if (live_env_preload(&fixture->env) < 0 ||
	    live_temp_dir(fixture->dir, sizeof(fixture->dir)) < 0)
		return false;
	snprintf(fixture->cache, sizeof(fixture->cache), "%s/cache", fixture->dir);
	snprintf(fixture->etc, sizeof(fixture->etc), "%s/etc", fixture->dir);
	snprintf(fixture->target, sizeof(fixture->target), "%s/d", fixture->dir);
	if (mkdir(fixture->cache, 0700) < 0 || mkdir(fixture->etc, 0755) < 0 ||
	    live_write_file(fixture->etc, "policy.cfg", policy_text, 0644, fixture->policy,
			    sizeof(fixture->policy)) < 0)
		return false;
	snprintf(fixture->entry, sizeof(fixture->entry), "%s/.policy.cfg.preseal-enforce",
		 fixture->etc);
	live_env_set(&fixture->env, "PRESEAL_PATH", "%s", fixture->dir);
	live_env_set(&fixture->env, "PRESEAL_POLICY", "%s", fixture->policy);
	live_env_unset(&fixture->env, "PRESEAL_CACHE");
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
	struct live_command command = { .argv = argv,
					.env = fixture->env.items,
					.prepare = fixture->prepare };

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
	struct cache_key key = { .enabled = true,
				 .path = fixture->policy,
				 .text = policy_text,
				 .length = strlen(policy_text) };
	struct policy *allow_policy = NULL;
	struct filter allow = { 0 };
	bool stored = false;
	struct stat st;

	if (stat(fixture->policy, &st) == 0) {
		key.device = st.st_dev;
		key.inode = st.st_ino;
	}
	if (live_compile("default_action = \"allow\";\n", 0, &allow_policy, &allow) == 0)
		stored = cache_store(&key, allow_policy, &allow) == 0;
	LIVE_EXPECT(stored, "cannot write a cache entry in %s", fixture->etc);
	filter_free(&allow);
	policy_free(allow_policy);
	return stored;
}

/* ---- The cache is used ---------------------------------------------------- */

/* Readable by whoever may read the policy (root's entries serve every user
 * of root's policy), writable by its owner only. */
static void first_start_stores_an_entry_beside_the_policy(void)
{
	struct cache_fixture fixture;
	struct stat st;

	if (setup(&fixture, deny_mkdir)) {
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		LIVE_EXPECT(stat(fixture.entry, &st) == 0, "no cache entry %s after a start",
			    fixture.entry);
		LIVE_EXPECT((st.st_mode & 0777) == 0644 && st.st_uid == geteuid(),
			    "the entry has mode %o and owner %d", (unsigned)(st.st_mode & 0777),
			    (int)st.st_uid);
	}
	teardown(&fixture);
}

static void entry_of_an_unreadable_policy_is_as_unreadable(void)
{
	struct cache_fixture fixture;
	struct stat st;

	if (setup(&fixture, deny_mkdir) && chmod(fixture.policy, 0600) == 0) {
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		LIVE_EXPECT(stat(fixture.entry, &st) == 0 && (st.st_mode & 0777) == 0600,
			    "the entry of a 0600 policy has mode %o",
			    (unsigned)(st.st_mode & 0777));
	}
	teardown(&fixture);
}

/* A policy its group may read: the entry too, with the policy's group. */
static void entry_of_a_group_readable_policy_takes_its_group(void)
{
	struct cache_fixture fixture;
	struct stat st;

	if (geteuid() != 0) {
		test_skip("giving a file to another group needs root");
		return;
	}
	if (setup(&fixture, deny_mkdir) && chown(fixture.policy, 0, NOBODY) == 0 &&
	    chmod(fixture.policy, 0640) == 0) {
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		LIVE_EXPECT(stat(fixture.entry, &st) == 0 && (st.st_mode & 0777) == 0640 &&
				    st.st_gid == NOBODY,
			    "the entry of a 0640 policy of group %d has mode %o and group %d",
			    NOBODY, (unsigned)(st.st_mode & 0777), (int)st.st_gid);
	}
	teardown(&fixture);
}

/* The entry is kept beside the file the policy's path leads to. */
static void entry_lives_beside_the_file_a_symlink_leads_to(void)
{
	struct cache_fixture fixture;
	char link[400], beside_link[400];

	if (setup(&fixture, deny_mkdir)) {
		snprintf(link, sizeof(link), "%s/link.cfg", fixture.dir);
		snprintf(beside_link, sizeof(beside_link), "%s/.link.cfg.preseal-enforce",
			 fixture.dir);
		LIVE_EXPECT(symlink(fixture.policy, link) == 0, "cannot make %s", link);
		live_env_set(&fixture.env, "PRESEAL_POLICY", "%s", link);
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		LIVE_EXPECT(!live_path_exists(beside_link) && live_path_exists(fixture.entry),
			    "the entry is not (only) beside the policy file itself");
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
	    live_write_file(fixture.etc, "policy.cfg",
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
	    live_write_file(fixture.etc, "rules.cfg",
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
		    fixture.etc, "rules.cfg",
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

/* ---- A program that can write a cache but not the policy cannot weaken it --
 *
 * The attacker is a confined program (root, or the policy's owner) that can
 * write a folder where entries may be looked up, but not the policy itself:
 * the policy's folder is a read-only mount in its view (systemd's
 * ProtectSystem=, a ConfigMap, a :ro volume).  It forges, with every
 * checksum right, an entry claiming that the policy compiles to a filter
 * allowing everything, wherever an entry for the policy may be read: under
 * the old central cache's name and beside the policy.  The policy's next
 * start must still refuse mkdir. */

/* How a child that plays the attacker, the service or both ends. */
enum outcome {
	DENIAL_HELD,	    /* the policy still refused mkdir (or, for a forger: it forged) */
	WEAKENED,	    /* mkdir worked: the forged entry was loaded */
	FIRST_START_FAILED, /* the start that should store an entry did not refuse mkdir */
	NO_NAMESPACE,	    /* no mount namespace or bind mount here: a skip */
	WROTE_NOTHING,	    /* the forger could write no entry anywhere */
	NOT_PREPARED,	    /* the child's own set-up failed */
	ENTRY_WRITTEN,	    /* a start wrote an entry where none may be */
};

static const char *outcome_name(struct live_status status)
{
	static const char *const names[] = { "the denial held",	       "weakened",
					     "the first start failed", "no namespace",
					     "nothing forged",	       "set-up failed",
					     "an entry was written" };
	static char other[64];

	if (status.exited && status.code >= 0 && status.code <= ENTRY_WRITTEN)
		return names[status.code];
	return live_describe(status, other, sizeof(other));
}

/* Writes the forged entry for POLICY (enforce mode, TEXT, no includes)
 * as DIR/NAME, mode 0600.  Returns 0 when written. */
static int write_forged_entry(const char *policy, const char *text, const struct filter *allow,
			      const char *dir, const char *name)
{
	struct cache_entry_header header = { .format = CACHE_ENTRY_FORMAT,
					     .mode = MODE_ENFORCE,
					     .native_arch = PRESEAL_NATIVE_ARCH,
					     .path_length = (uint32_t)strlen(policy),
					     .text_length = (uint32_t)strlen(text) };
	char build[CACHE_BUILD_SIZE] = PRESEAL_SOURCE_HASH;
	char path[700];
	int fd, result;

	memcpy(header.magic, CACHE_ENTRY_MAGIC, sizeof(header.magic));
	memcpy(header.build, build, sizeof(build));
	header.checksum =
		hash_fnv1a(hash_fnv1a(hash_fnv1a(HASH_FNV1A_START, &header, sizeof(header)), policy,
				      header.path_length),
			   text, header.text_length);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	result = write(fd, &header, sizeof(header)) == (ssize_t)sizeof(header) &&
				 write(fd, policy, header.path_length) ==
					 (ssize_t)header.path_length &&
				 write(fd, text, header.text_length) == (ssize_t)header.text_length
			 ? compiled_write(allow, fd)
			 : -1;
	close(fd);
	return result;
}

struct forgery {
	struct cache_fixture *fixture;
	const char *text;    /* the policy's text */
	const char *cache;   /* the central folder the attacker can write */
	struct filter allow; /* a filter allowing everything */
};

/* Forges the entry under every name it may be read by.  Returns 0 when at
 * least one was written. */
static int forge(struct forgery *forgery)
{
	const struct cache_fixture *fixture = forgery->fixture;
	uint32_t mode = MODE_ENFORCE;
	uint64_t hash = hash_fnv1a(HASH_FNV1A_START, &mode, sizeof(mode));
	char hex[17], old_name[32];
	int wrote = 0;

	hash = hash_fnv1a(hash, fixture->policy, strlen(fixture->policy) + 1);
	text_hex64(hex, hash);
	snprintf(old_name, sizeof(old_name), "p-%s", hex);
	mkdir(forgery->cache, 0700);
	wrote += write_forged_entry(fixture->policy, forgery->text, &forgery->allow, forgery->cache,
				    old_name) == 0;
	wrote += write_forged_entry(fixture->policy, forgery->text, &forgery->allow, fixture->etc,
				    ".policy.cfg.preseal-enforce") == 0;
	return wrote ? 0 : WROTE_NOTHING;
}

/* In a child: a mount namespace of its own, where FOLDER is read-only. */
static int make_read_only(const char *folder)
{
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount(folder, folder, NULL, MS_BIND, NULL) < 0 ||
	    mount(NULL, folder, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
		return -1;
	return 0;
}

static int forge_in_a_read_only_view(void *context)
{
	struct forgery *forgery = context;
	int fd;

	if (make_read_only(forgery->fixture->etc) < 0)
		return NO_NAMESPACE;
	/* The attacker indeed cannot touch the policy. */
	fd = open(forgery->fixture->policy, O_WRONLY | O_CLOEXEC);
	if (fd >= 0 || errno != EROFS)
		return NOT_PREPARED;
	return forge(forgery);
}

static bool forgery_init(struct forgery *forgery, struct cache_fixture *fixture, const char *text)
{
	struct policy *policy = NULL;
	int result;

	*forgery = (struct forgery){ .fixture = fixture, .text = text, .cache = fixture->cache };
	result = live_compile("default_action = \"allow\";\n", 0, &policy, &forgery->allow);
	policy_free(policy);
	return result == 0;
}

static bool namespaces_usable(void)
{
	if (geteuid() != 0) {
		test_skip("a read-only bind mount of the policy needs root");
		return false;
	}
	return true;
}

/* PRESEAL_CACHE names a folder the attacker can write (the old per-user or
 * chosen cache).  The first start stores an entry; the attacker, who sees
 * the policy's folder read-only, forges it there. */
static void forged_entry_in_a_writable_cache_cannot_weaken_a_read_only_policy(void)
{
	struct cache_fixture fixture;
	struct forgery forgery;
	struct live_status status;

	if (!namespaces_usable())
		return;
	if (setup(&fixture, deny_mkdir) && forgery_init(&forgery, &fixture, deny_mkdir)) {
		live_env_set(&fixture.env, "PRESEAL_CACHE", "%s", fixture.cache);
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		status = live_fork(forge_in_a_read_only_view, &forgery);
		if (live_exited_with(status, NO_NAMESPACE)) {
			test_skip("no mount namespace for a read-only bind mount");
		} else {
			LIVE_EXPECT(live_exited_with(status, 0), "the forger: %s",
				    outcome_name(status));
			expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		}
		filter_free(&forgery.allow);
	}
	teardown(&fixture);
}

/* Root's two services in one mount namespace whose /var/cache is the
 * test's: service B starts once with the default cache, then B's policy
 * folder becomes read-only (as systemd's ProtectSystem= makes it for both)
 * and service A, confined but root, forges B's entry.  B starts again. */
static int two_root_services(void *context)
{
	struct forgery *forgery = context;
	struct cache_fixture *fixture = forgery->fixture;
	char var_cache[400];
	bool denied;

	snprintf(var_cache, sizeof(var_cache), "%s/var-cache", fixture->dir);
	if (mkdir(var_cache, 0755) < 0)
		return NOT_PREPARED;
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount(var_cache, "/var/cache", NULL, MS_BIND, NULL) < 0)
		return NO_NAMESPACE;
	if (!run_mkdir(fixture) || !live_exited_with(fixture->output.status, 1))
		return FIRST_START_FAILED;
	if (mount(fixture->etc, fixture->etc, NULL, MS_BIND, NULL) < 0 ||
	    mount(NULL, fixture->etc, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
		return NO_NAMESPACE;
	forge(forgery);
	if (!run_mkdir(fixture))
		return NOT_PREPARED;
	denied = live_exited_with(fixture->output.status, 1) &&
		 strstr(fixture->output.err, "Read-only file system") != NULL;
	return denied ? DENIAL_HELD : WEAKENED;
}

static void root_service_cannot_weaken_another_root_service_through_the_shared_cache(void)
{
	struct cache_fixture fixture;
	struct forgery forgery;
	struct live_status status;

	if (!namespaces_usable())
		return;
	if (setup(&fixture, deny_mkdir) && forgery_init(&forgery, &fixture, deny_mkdir)) {
		/* PRESEAL_CACHE unset: root's default */
		forgery.cache = "/var/cache/preseal";
		status = live_fork(two_root_services, &forgery);
		if (live_exited_with(status, NO_NAMESPACE))
			test_skip("no mount namespace for a private /var/cache");
		else
			LIVE_EXPECT(live_exited_with(status, DENIAL_HELD),
				    "service B after A forged its entry: %s", outcome_name(status));
		filter_free(&forgery.allow);
	}
	teardown(&fixture);
}

/* ---- Where no entry is kept ---------------------------------------------------
 *
 * Each case is a place where someone could write the entry without being
 * able to replace the policy.  The first start must write nothing there;
 * an entry the test then forges there, with every checksum right and owned
 * like the policy, must be ignored. */

/* A forged entry for the fixture's policy in FOLDER, owned by OWNER. */
static bool plant_forged_entry(struct forgery *forgery, const char *policy, const char *folder,
			       uid_t owner)
{
	char entry[400];
	bool planted;

	snprintf(entry, sizeof(entry), "%s/.policy.cfg.preseal-enforce", folder);
	planted = write_forged_entry(policy, forgery->text, &forgery->allow, folder,
				     ".policy.cfg.preseal-enforce") == 0 &&
		  chown(entry, owner, owner) == 0;
	LIVE_EXPECT(planted, "cannot plant a forged entry in %s", folder);
	return planted;
}

/* In a child: the policy file alone bound, read-only, onto a file in a
 * folder the attacker can write: it cannot replace the policy there (a
 * mount point), but it could write beside it. */
static int policy_bound_alone(void *context)
{
	struct forgery *forgery = context;
	struct cache_fixture *fixture = forgery->fixture;
	char open_folder[400], bound[420], entry[460];

	snprintf(open_folder, sizeof(open_folder), "%s/open", fixture->dir);
	snprintf(bound, sizeof(bound), "%s/policy.cfg", open_folder);
	snprintf(entry, sizeof(entry), "%s/.policy.cfg.preseal-enforce", open_folder);
	if (mkdir(open_folder, 0755) < 0 || close(open(bound, O_WRONLY | O_CREAT, 0644)) < 0)
		return NOT_PREPARED;
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount(fixture->policy, bound, NULL, MS_BIND, NULL) < 0 ||
	    mount(NULL, bound, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
		return NO_NAMESPACE;
	live_env_set(&fixture->env, "PRESEAL_POLICY", "%s", bound);
	if (!run_mkdir(fixture) || !live_exited_with(fixture->output.status, 1))
		return FIRST_START_FAILED;
	if (live_path_exists(entry))
		return ENTRY_WRITTEN;
	if (write_forged_entry(bound, forgery->text, &forgery->allow, open_folder,
			       ".policy.cfg.preseal-enforce") < 0)
		return NOT_PREPARED;
	if (!run_mkdir(fixture))
		return NOT_PREPARED;
	return live_exited_with(fixture->output.status, 1) &&
			       strstr(fixture->output.err, "Read-only file system")
		       ? DENIAL_HELD
		       : WEAKENED;
}

static void policy_bound_alone_into_a_writable_folder_gets_no_entry(void)
{
	struct cache_fixture fixture;
	struct forgery forgery;
	struct live_status status;

	if (!namespaces_usable())
		return;
	if (setup(&fixture, deny_mkdir) && forgery_init(&forgery, &fixture, deny_mkdir)) {
		status = live_fork(policy_bound_alone, &forgery);
		if (live_exited_with(status, NO_NAMESPACE))
			test_skip("no mount namespace for a single-file bind mount");
		else
			LIVE_EXPECT(live_exited_with(status, DENIAL_HELD),
				    "a policy bound alone into a writable folder: %s",
				    outcome_name(status));
		filter_free(&forgery.allow);
	}
	teardown(&fixture);
}

/* FLAG (FS_IMMUTABLE_FL, FS_APPEND_FL) set on the policy: even its owner
 * cannot replace it, but could write beside it. */
static void expect_no_entry_with_attribute(unsigned line, int flag, const char *what)
{
	struct cache_fixture fixture;
	struct forgery forgery;
	int fd, flags = 0;

	if (geteuid() != 0) {
		test_skip("setting a file attribute needs root");
		return;
	}
	if (!setup(&fixture, deny_mkdir) || !forgery_init(&forgery, &fixture, deny_mkdir)) {
		teardown(&fixture);
		return;
	}
	fd = open(fixture.policy, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0 ||
	    (flags |= flag, ioctl(fd, FS_IOC_SETFLAGS, &flags)) < 0) {
		test_skip("no file attributes (chattr) on the test's file system");
	} else {
		expect_mkdir_fails(line, &fixture, "Read-only file system");
		LIVE_EXPECT_AT(line, !live_path_exists(fixture.entry),
			       "an entry was written beside an %s policy", what);
		if (plant_forged_entry(&forgery, fixture.policy, fixture.etc, geteuid()))
			expect_mkdir_fails(line, &fixture, "Read-only file system");
		flags &= ~flag;
		ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	if (fd >= 0)
		close(fd);
	filter_free(&forgery.allow);
	teardown(&fixture);
}

static void immutable_policy_gets_no_entry(void)
{
	expect_no_entry_with_attribute(__LINE__, FS_IMMUTABLE_FL, "immutable");
}

static void append_only_policy_gets_no_entry(void)
{
	expect_no_entry_with_attribute(__LINE__, FS_APPEND_FL, "append-only");
}

/* In the started program's child: become nobody. */
static int become_nobody(void *context)
{
	gid_t groups[1] = { NOBODY };

	(void)context;
	return setgroups(1, groups) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0;
}

/* A user's policy in a sticky folder that belongs to someone else (root's
 * /tmp): no entry is kept there. */
static void policy_in_a_sticky_folder_of_another_owner_gets_no_entry(void)
{
	struct cache_fixture fixture;
	struct forgery forgery;

	if (geteuid() != 0) {
		test_skip("running as another user needs root");
		return;
	}
	if (setup(&fixture, deny_mkdir) && forgery_init(&forgery, &fixture, deny_mkdir)) {
		fixture.prepare = become_nobody;
		snprintf(fixture.target, sizeof(fixture.target), "%s/d", fixture.etc);
		LIVE_EXPECT(chmod(fixture.etc, 01777) == 0 &&
				    chown(fixture.policy, NOBODY, NOBODY) == 0,
			    "cannot make the sticky folder");
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		LIVE_EXPECT(!live_path_exists(fixture.entry),
			    "an entry was written in a sticky folder of another owner");
		if (plant_forged_entry(&forgery, fixture.policy, fixture.etc, NOBODY))
			expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		filter_free(&forgery.allow);
	}
	teardown(&fixture);
}

/* Root's entry beside root's policy serves every user of that policy; no
 * user writes one. */
static void user_reads_root_entry_but_never_writes_one(void)
{
	struct cache_fixture fixture;
	char open_folder[300];

	if (geteuid() != 0) {
		test_skip("running as another user needs root");
		return;
	}
	if (setup(&fixture, deny_mkdir)) {
		fixture.prepare = become_nobody;
		snprintf(open_folder, sizeof(open_folder), "%s/open", fixture.dir);
		snprintf(fixture.target, sizeof(fixture.target), "%s/d", open_folder);
		/* The user may write the policy's folder: only the rule keeps
		 * them from writing an entry there. */
		LIVE_EXPECT(mkdir(open_folder, 0777) == 0 && chmod(open_folder, 0777) == 0 &&
				    chown(fixture.etc, NOBODY, NOBODY) == 0,
			    "cannot make %s", open_folder);
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		LIVE_EXPECT(!live_path_exists(fixture.entry),
			    "a user wrote an entry for root's policy");
		if (write_allow_all_entry(&fixture, deny_mkdir))
			expect_mkdir_works(__LINE__, &fixture);
	}
	teardown(&fixture);
}

static void entry_with_a_second_name_is_ignored(void)
{
	struct cache_fixture fixture;
	char other[400];

	if (setup(&fixture, deny_mkdir) && write_allow_all_entry(&fixture, deny_mkdir)) {
		snprintf(other, sizeof(other), "%s/other-name", fixture.dir);
		LIVE_EXPECT(link(fixture.entry, other) == 0, "cannot link the entry");
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
	}
	teardown(&fixture);
}

/* In a child: PRESEAL_PROFILEDIR on a private tmpfs, with a copy of the
 * policy in it, started once as root. */
static int start_from_the_profiles_folder(void *context)
{
	struct cache_fixture *fixture = context;
	char folder[] = PRESEAL_PROFILEDIR, copy[400], entry[400];
	char *parent = strrchr(folder, '/');
	int fd;

	*parent = '\0';
	parent = strrchr(folder, '/');
	*parent = '\0'; /* PREFIX/share */
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("preseal-test", folder, "tmpfs", 0, "mode=0755") < 0)
		return NO_NAMESPACE;
	snprintf(copy, sizeof(copy), "%s/preseal", folder);
	snprintf(entry, sizeof(entry), "%s/.policy.cfg.preseal-enforce", PRESEAL_PROFILEDIR);
	if (mkdir(copy, 0755) < 0 || mkdir(PRESEAL_PROFILEDIR, 0755) < 0)
		return NOT_PREPARED;
	snprintf(copy, sizeof(copy), "%s/policy.cfg", PRESEAL_PROFILEDIR);
	fd = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, deny_mkdir, strlen(deny_mkdir)) != (ssize_t)strlen(deny_mkdir) ||
	    close(fd) < 0)
		return NOT_PREPARED;
	live_env_set(&fixture->env, "PRESEAL_POLICY", "%s", copy);
	if (!run_mkdir(fixture) || !live_exited_with(fixture->output.status, 1))
		return FIRST_START_FAILED;
	return live_path_exists(entry) ? ENTRY_WRITTEN : DENIAL_HELD;
}

static void installed_profile_copies_get_no_entry(void)
{
	struct cache_fixture fixture;
	struct live_status status;

	if (!namespaces_usable())
		return;
	if (setup(&fixture, deny_mkdir)) {
		status = live_fork(start_from_the_profiles_folder, &fixture);
		if (live_exited_with(status, NO_NAMESPACE))
			test_skip("no mount namespace, or no folder above " PRESEAL_PROFILEDIR
				  " to mount a private tmpfs on");
		else
			LIVE_EXPECT(live_exited_with(status, DENIAL_HELD),
				    "a start from " PRESEAL_PROFILEDIR ": %s",
				    outcome_name(status));
	}
	teardown(&fixture);
}

/* ---- The cache never makes a start fail --------------------------------------- */

/* A folder, what PRESEAL_CACHE named before entries moved beside their
 * policies, turns the cache off: neither the folder nor the policy's
 * folder gets an entry. */
static void cache_set_to_a_folder_is_off(void)
{
	struct cache_fixture fixture;

	if (setup(&fixture, deny_mkdir)) {
		live_env_set(&fixture.env, "PRESEAL_CACHE", "%s", fixture.cache);
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		LIVE_EXPECT(!live_path_exists(fixture.entry) && rmdir(fixture.cache) == 0,
			    "PRESEAL_CACHE=%s wrote an entry", fixture.cache);
	}
	teardown(&fixture);
}

static void cache_on_stores_like_unset(void)
{
	struct cache_fixture fixture;

	if (setup(&fixture, deny_mkdir)) {
		live_env_set(&fixture.env, "PRESEAL_CACHE", "on");
		expect_mkdir_fails(__LINE__, &fixture, "Read-only file system");
		LIVE_EXPECT(live_path_exists(fixture.entry), "PRESEAL_CACHE=on wrote no entry");
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
	CASE(first_start_stores_an_entry_beside_the_policy),
	CASE(entry_of_an_unreadable_policy_is_as_unreadable),
	CASE(entry_of_a_group_readable_policy_takes_its_group),
	CASE(entry_lives_beside_the_file_a_symlink_leads_to),
	CASE(second_start_loads_the_entry_without_rewriting_it),
	CASE(entry_written_by_the_owner_is_loaded_instead_of_compiling),
	CASE(edited_policy_misses_the_entry),
	CASE(changed_include_invalidates_the_entry),
	CASE(corrupt_entry_is_ignored_and_the_policy_applies),
	CASE(truncated_entry_is_ignored_and_the_policy_applies),
	CASE(group_writable_entry_is_ignored_and_the_policy_applies),
	CASE(entry_owned_by_another_user_is_ignored_and_the_policy_applies),
	CASE(entry_that_is_a_symlink_is_ignored),
	CASE(forged_entry_in_a_writable_cache_cannot_weaken_a_read_only_policy),
	CASE(root_service_cannot_weaken_another_root_service_through_the_shared_cache),
	CASE(policy_bound_alone_into_a_writable_folder_gets_no_entry),
	CASE(immutable_policy_gets_no_entry),
	CASE(append_only_policy_gets_no_entry),
	CASE(policy_in_a_sticky_folder_of_another_owner_gets_no_entry),
	CASE(user_reads_root_entry_but_never_writes_one),
	CASE(entry_with_a_second_name_is_ignored),
	CASE(installed_profile_copies_get_no_entry),
	CASE(cache_set_to_a_folder_is_off),
	CASE(cache_on_stores_like_unset),
	CASE(cache_off_writes_nothing),
	CASE(cache_is_left_alone_when_a_preseal_filter_may_be_in_place),
	CASE(compiled_take_reads_in_place_what_compiled_read_reads),
	{ NULL, NULL },
};

const struct test_suite suite_cache = { "cache", cases };

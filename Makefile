# preseal — confine an unmodified program with seccomp before main.
#
#   make            build/libpreseal.so and build/preseal
#   make test       install what is missing, build, run every test
#   make demo       install what is missing, build, run a program under the baseline
#   make lint       clang-format, cppcheck and clang-tidy, warnings as errors
#   make bench      install what is missing, build, measure (scripts/bench.sh)
#   make fuzz       libFuzzer over the policy path, FUZZ_SECONDS (default 60)
#   make memcheck   every verb and the shim under valgrind (CI runs it)
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean
#
# SANITIZE=1 builds everything with AddressSanitizer and UBSan (the shim:
# UBSan only, see below).

CC       ?= gcc
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    := build
OBJ      := $(BUILD)/obj
GEN      := $(BUILD)/gen
LIBCONFIG_SRC := $(BUILD)/third_party/libconfig/lib
VERSION  := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# The installed layout; the command finds its shim through these.
LIBDIR     := $(PREFIX)/lib/preseal
BINDIR     := $(PREFIX)/bin
PROFILEDIR := $(PREFIX)/share/preseal/profiles
MANDIR     := $(PREFIX)/share/man
PROFILES   := $(notdir $(wildcard config/profiles/*.cfg))

WARNINGS := -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS   ?= -O2 -g
COMMON_CFLAGS := -std=gnu11 -D_GNU_SOURCE -fPIC -fvisibility=hidden -fno-strict-aliasing \
	-ffunction-sections -fdata-sections -fstack-protector-strong -I$(LIBCONFIG_SRC) -Ishim -I$(GEN) \
	-DPRESEAL_VERSION='"$(VERSION)"' -DPRESEAL_PROFILEDIR='"$(PROFILEDIR)"' \
	-DPRESEAL_LIBDIR='"$(LIBDIR)"'
BASE_CFLAGS := $(COMMON_CFLAGS)
LDFLAGS  ?=

# SANITIZE=1: the command, the test runner and the core they share get
# ASan and UBSan.  The shim cannot: ASan's runtime must be the first library
# a process loads, so an ASan shim cannot be preloaded into ordinary
# programs, and the runtime makes syscalls of its own after the filter is in
# place.  So libpreseal.so (its own copy of the core, in obj-shim/) gets UBSan
# in trap mode, which needs no runtime and no syscall; valgrind checks its
# memory (tests/valgrind.sh).  The small programs the tests preload it into
# are built without sanitizers for the same reason.
ifeq ($(SANITIZE),1)
SANITIZER_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SHIM_SANITIZER_FLAGS := -fsanitize=undefined -fsanitize-undefined-trap-on-error
BASE_CFLAGS += $(SANITIZER_FLAGS)
SANITIZER_LDFLAGS := $(SANITIZER_FLAGS)
endif

ALL_CFLAGS := $(BASE_CFLAGS) $(WARNINGS) $(CFLAGS)
SHIM_CFLAGS := $(COMMON_CFLAGS) $(WARNINGS) $(CFLAGS) $(SHIM_SANITIZER_FLAGS)

# Paths (PREFIX) and options (SANITIZE) are compiled in: when they change,
# everything is rebuilt.  The flags in force are kept in a file that every
# object depends on, rewritten only when they differ.
FLAGS_FILE := $(BUILD)/.flags
FLAGS_TEXT := $(ALL_CFLAGS) $(SHIM_CFLAGS) $(LDFLAGS) $(SANITIZER_LDFLAGS)
ifneq ($(FLAGS_TEXT),$(file <$(FLAGS_FILE)))
$(shell mkdir -p $(BUILD))
$(file >$(FLAGS_FILE),$(FLAGS_TEXT))
endif

LIBSECCOMP_A := $(shell $(CC) -print-file-name=libseccomp.a)
LIBCONFIG_A  := $(BUILD)/libconfig-pic.a
# jansson reads OCI/Docker profiles for `preseal import`: the command links
# it, statically like libseccomp; the shim never does (it needs only libc).
LIBJANSSON_A := $(shell $(CC) -print-file-name=libjansson.a)

# Every shim/ source except the entry points is the core that the shim, the
# command and the tests share.  precompiled.c and ready.c are the shim's
# alone (precompiled's data is made by the command); module.c is the entry
# of the shim's compiler module.
ENTRY_SRC := shim/preload.c shim/oom.c shim/arena.c shim/precompiled.c shim/ready.c \
	shim/module.c \
	$(wildcard shim/cli*.c)
CORE_SRC  := $(filter-out $(ENTRY_SRC), $(wildcard shim/*.c))
CORE_OBJ  := $(CORE_SRC:%.c=$(OBJ)/%.o)
GEN_SRC   := $(GEN)/names_data.c $(GEN)/profiles_data.c $(GEN)/sysnames_data.c \
	$(GEN)/argwidth_data.c \
	$(GEN)/source_hash.h
GEN_OBJ   := $(GEN)/profiles_data.o
# libpreseal.so: the fast path, linked without libconfig and libseccomp
# (--gc-sections keeps only what the constructor reaches).  The compiler
# module, libpreseal-compiler.so, has the rest (shim/module.h).
# Its link order is its read-only data's layout: the strings and tables a
# start touches first, then the compiled profiles (the baseline first, see
# gen-precompiled.sh), then the report handler's syscall names, touched only
# when a report is written.  The kernel maps file pages 16 at a time around
# each fault, so hot data kept together costs fewer faults.
SHIM_OBJ  := $(OBJ)/shim/preload.o $(OBJ)/shim/arena.o $(OBJ)/shim/precompiled.o \
	$(OBJ)/shim/ready.o
SHIM_ORDER = $(SHIM_OBJ) $(filter-out $(OBJ)/shim/sysnames.o,$(CORE_OBJ)) \
	$(GEN)/precompiled_data.o $(OBJ)/shim/sysnames.o $(GEN_OBJ)
MODULE_OBJ := $(OBJ)/shim/module.o $(OBJ)/shim/oom.o $(OBJ)/shim/precompiled.o \
	$(OBJ)/shim/ready.o $(GEN)/precompiled_data.o
CLI_OBJ   := $(patsubst %.c,$(OBJ)/%.o,$(wildcard shim/cli*.c))
TEST_SRC  := $(wildcard tests/*.c)
TEST_OBJ  := $(TEST_SRC:%.c=$(OBJ)/%.o)
TEST_PROGRAMS := $(patsubst tests/programs/%.c,$(BUILD)/tests/%,$(wildcard tests/programs/*.c))
STATIC_LIBS := $(LIBCONFIG_A) $(LIBSECCOMP_A)

# libconfig 1.5's own sources, built position-independent and hidden.
LIBCONFIG_PARTS := libconfig grammar scanctx scanner strbuf
LIBCONFIG_OBJ := $(LIBCONFIG_PARTS:%=$(OBJ)/libconfig/%.o)

.PHONY: all test unit live demo lint install uninstall clean deps deps-test bench bench-nginx \
	fuzz fuzz-build fuzz-replay deps-fuzz memcheck
.DELETE_ON_ERROR:

all: $(BUILD)/libpreseal.so $(BUILD)/libpreseal-compiler.so $(BUILD)/preseal

deps:
	@sh scripts/deps.sh build

deps-test:
	@sh scripts/deps.sh test

LIBCONFIG_STAMP := $(BUILD)/third_party/libconfig/.preseal-patch-$(shell cat scripts/libconfig-1.5-*.patch | cksum | cut -d" " -f1)

# The stamp's name carries the patches' checksum: new patches, a new stamp,
# a fresh unpack.  (The sources keep their 2015 mtimes from the tarball.)
$(LIBCONFIG_STAMP):
	@sh scripts/deps.sh build

$(OBJ)/libconfig/%.o: $(LIBCONFIG_STAMP) $(FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) -std=gnu99 -fPIC -fvisibility=hidden -O2 -g -w -DHAVE_NEWLOCALE -DHAVE_USELOCALE \
		-DHAVE_FREELOCALE $(SANITIZER_FLAGS) -c $(LIBCONFIG_SRC)/$*.c -o $@

$(LIBCONFIG_A): $(LIBCONFIG_OBJ)
	rm -f $@ && ar rcs $@ $^

$(GEN)/names_data.c: scripts/gen-names.sh config/errnos.list config/constants.list config/groups.list
	@mkdir -p $(@D)
	sh scripts/gen-names.sh config $@

# The width of each syscall argument (config/syscall-args.list, itself made
# from the kernel's prototypes by scripts/gen-syscall-args.sh).
$(GEN)/argwidth_data.c: scripts/gen-arg-widths.sh config/syscall-args.list
	@mkdir -p $(@D)
	sh scripts/gen-arg-widths.sh config/syscall-args.list $@

$(GEN)/profiles_data.c: scripts/gen-profiles.sh $(wildcard config/profiles/*.cfg)
	@mkdir -p $(@D)
	sh scripts/gen-profiles.sh config/profiles $@

# libseccomp's syscall names, for the SIGSYS report handler (no allocation).
$(GEN)/gen-sysnames: scripts/gen-sysnames.c $(LIBCONFIG_STAMP)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O1 -o $@ $< $(LIBSECCOMP_A)

$(GEN)/sysnames_data.c: $(GEN)/gen-sysnames
	$(GEN)/gen-sysnames $@

# Which preseal compiled a cached policy (shim/cache.c): a digest of every
# input of the compiler, so that another build never takes an old entry.
SOURCE_HASH_INPUT := $(sort $(wildcard shim/*.c shim/*.h config/*.list config/profiles/*.cfg \
	scripts/gen-names.sh scripts/gen-arg-widths.sh scripts/gen-profiles.sh \
	scripts/gen-precompiled.sh scripts/*.patch)) \
	VERSION $(LIBSECCOMP_A)
$(GEN)/source_hash.h: $(SOURCE_HASH_INPUT)
	@mkdir -p $(@D)
	printf '#define PRESEAL_SOURCE_HASH "%s"\n' "$$(cat $^ | sha256sum | cut -c1-32)" >$@

# The built-in profiles compiled and verified by the command, for the shim.
$(GEN)/precompiled_data.c: $(BUILD)/preseal scripts/gen-precompiled.sh $(wildcard config/profiles/*.cfg)
	sh scripts/gen-precompiled.sh $(BUILD)/preseal config/profiles $@

$(GEN)/%.o: $(GEN)/%.c $(FLAGS_FILE)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# In the order written: the default profile first (see SHIM_ORDER).
$(GEN)/precompiled_data.o: $(GEN)/precompiled_data.c $(FLAGS_FILE)
	$(CC) $(ALL_CFLAGS) -fno-toplevel-reorder -c $< -o $@

$(OBJ)/shim/names.o: $(GEN)/names_data.c
$(OBJ)/shim/argwidth.o: $(GEN)/argwidth_data.c
$(OBJ)/shim/sysnames.o: $(GEN)/sysnames_data.c

$(OBJ)/%.o: %.c $(LIBCONFIG_STAMP) $(FLAGS_FILE) | $(GEN_SRC)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

ifeq ($(SANITIZE),1)
SHIM_DIR := $(BUILD)/obj-shim
shim_copy = $(patsubst $(OBJ)/%,$(SHIM_DIR)/%,$(patsubst $(GEN)/%,$(SHIM_DIR)/gen/%,$(1)))
SHIM_LINK := $(call shim_copy,$(SHIM_ORDER))
MODULE_LINK := $(call shim_copy,$(MODULE_OBJ) $(CORE_OBJ) $(GEN_OBJ)) \
	$(LIBCONFIG_PARTS:%=$(SHIM_DIR)/libconfig/%.o) $(LIBSECCOMP_A)
else
SHIM_LINK := $(SHIM_ORDER)
MODULE_LINK := $(MODULE_OBJ) $(CORE_OBJ) $(GEN_OBJ) $(STATIC_LIBS)
endif

$(BUILD)/obj-shim/shim/names.o: $(GEN)/names_data.c
$(BUILD)/obj-shim/shim/argwidth.o: $(GEN)/argwidth_data.c

$(BUILD)/obj-shim/gen/%.o: $(GEN)/%.c $(FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(SHIM_CFLAGS) -fno-toplevel-reorder -c $< -o $@

$(BUILD)/obj-shim/libconfig/%.o: $(LIBCONFIG_STAMP) $(FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) -std=gnu99 -fPIC -fvisibility=hidden -O2 -g -w -DHAVE_NEWLOCALE -DHAVE_USELOCALE \
		-DHAVE_FREELOCALE $(SHIM_SANITIZER_FLAGS) -c $(LIBCONFIG_SRC)/$*.c -o $@

$(BUILD)/obj-shim/%.o: %.c $(LIBCONFIG_STAMP) $(FLAGS_FILE) | $(GEN_SRC)
	@mkdir -p $(@D)
	$(CC) $(SHIM_CFLAGS) -MMD -MP -c $< -o $@

SHIM_LDFLAGS := -shared -Wl,--gc-sections -Wl,-z,defs -Wl,--exclude-libs,ALL -Wl,-Bsymbolic \
	-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc \
	-Wl,-z,now -Wl,-z,relro -Wl,-z,noexecstack -static-libgcc

$(BUILD)/libpreseal.so: $(SHIM_LINK) shim/preload.map
	$(CC) -o $@ $(SHIM_LINK) $(LDFLAGS) $(SHIM_LDFLAGS) -Wl,--wrap=free \
		-Wl,--version-script=shim/preload.map

$(BUILD)/libpreseal-compiler.so: $(MODULE_LINK) shim/module.map
	$(CC) -o $@ $(MODULE_LINK) $(LDFLAGS) $(SHIM_LDFLAGS) -Wl,--version-script=shim/module.map

$(BUILD)/preseal: $(CLI_OBJ) $(CORE_OBJ) $(GEN_OBJ) $(STATIC_LIBS)
	$(CC) -o $@ $(CLI_OBJ) $(CORE_OBJ) $(GEN_OBJ) $(LIBJANSSON_A) $(STATIC_LIBS) $(LDFLAGS) \
		$(SANITIZER_LDFLAGS) \
		-Wl,-z,now -Wl,-z,relro

$(BUILD)/test-unit: $(TEST_OBJ) $(CORE_OBJ) $(GEN_OBJ) $(STATIC_LIBS)
	$(CC) -o $@ $(TEST_OBJ) $(CORE_OBJ) $(GEN_OBJ) $(STATIC_LIBS) $(LDFLAGS) $(SANITIZER_LDFLAGS) \
		-lcunit -lpthread

# Small real programs the live tests run under the shim (never sanitized:
# see SANITIZE above).
$(BUILD)/tests/%: tests/programs/%.c $(FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(COMMON_CFLAGS) $(WARNINGS) $(CFLAGS) $(LDFLAGS) -o $@ $< -lpthread

# The benchmark's own small programs (bench/*.c); compile_time links the core.
BENCH_PROGRAMS := $(BUILD)/bench/spawn $(BUILD)/bench/syscall_cost $(BUILD)/bench/rss \
	$(BUILD)/bench/compile_time $(BUILD)/bench/empty_preload.so $(BUILD)/bench/filter_preload.so \
	$(BUILD)/bench/landlock_policy

$(BUILD)/bench/compile_time: bench/compile_time.c $(CORE_OBJ) $(GEN_OBJ) $(STATIC_LIBS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(SANITIZER_LDFLAGS) -o $@ $< $(CORE_OBJ) $(GEN_OBJ) \
		$(STATIC_LIBS)

$(BUILD)/bench/landlock_policy: bench/landlock_policy.c $(CORE_OBJ) $(GEN_OBJ) $(STATIC_LIBS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(SANITIZER_LDFLAGS) -o $@ $< $(CORE_OBJ) $(GEN_OBJ) \
		$(STATIC_LIBS)

$(BUILD)/bench/%.so: bench/%.c $(FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(WARNINGS) $(CFLAGS) $(LDFLAGS) -shared -o $@ $<

$(BUILD)/bench/%: bench/%.c $(FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(WARNINGS) $(CFLAGS) $(LDFLAGS) $(SANITIZER_LDFLAGS) -o $@ $<

# Start-up, per-call, compile and memory costs against plain runs, bwrap and
# firejail; about a minute and a half.  BENCH_README=1 also writes the table into
# README.md.
bench:
	@sh scripts/deps.sh bench
	@$(MAKE) --no-print-directory all $(BENCH_PROGRAMS)
	@sh scripts/bench.sh $(BUILD)

# The unit tests, the install test, then the fuzzers' short form (FUZZ_SECONDS
# in all).
test: deps-test
	@$(MAKE) --no-print-directory all $(BUILD)/test-unit $(TEST_PROGRAMS)
	cd $(CURDIR) && PRESEAL_BUILD=$(CURDIR)/$(BUILD) $(BUILD)/test-unit
	sh scripts/test-install.sh "$(MAKE)" "$(PREFIX)"
	@$(MAKE) --no-print-directory fuzz

# Every verb and the preloaded shim under valgrind memcheck (and
# LeakSanitizer where valgrind cannot follow); needs a build without
# SANITIZE.  CI runs it after `make test`.
memcheck: deps-test
	@$(MAKE) --no-print-directory all
	sh tests/valgrind.sh $(BUILD)

# ---- fuzzing ---------------------------------------------------------------
# Two libFuzzer targets, built with clang under ASan and UBSan in build/fuzz
# (apart from the gcc build, whatever SANITIZE says):
#   fuzz-policy    policy text → model → lint → libseccomp → verifier
#   fuzz-compiled  the compiled-policy loader (shim/compiled.c)
# `make fuzz` replays tests/fuzz-regressions and the seeds, then fuzzes for
# FUZZ_SECONDS in all: three quarters on the policy target, the rest on the
# loader.  FUZZ_SECONDS=0 only replays.  Crashes land in build/fuzz/crashes/; the growing corpus in
# build/fuzz/corpus/, seeded from config/ and tests/.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_OBJ     := $(FUZZ_DIR)/obj
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  := $(COMMON_CFLAGS) $(WARNINGS) -Wno-error -O1 -g $(FUZZ_SAN) \
	-Wno-format-nonliteral -fsanitize=fuzzer-no-link -Itests/fuzz \
	-DFUZZ_INCLUDE_DIR='"$(CURDIR)/tests/fuzz/includes"'
FUZZ_CORE_OBJ := $(CORE_SRC:%.c=$(FUZZ_OBJ)/%.o) $(FUZZ_OBJ)/gen/profiles_data.o
FUZZ_LIBCONFIG_OBJ := $(LIBCONFIG_PARTS:%=$(FUZZ_OBJ)/libconfig/%.o)
FUZZ_OPTIONS := -timeout=60 -rss_limit_mb=2048 -print_final_stats=1
FUZZ_POLICY_SEEDS := config/profiles tests/policies tests/fuzz/includes \
	tests/fuzz-regressions/policy
FUZZ_COMPILED_SEEDS := $(FUZZ_DIR)/seeds/compiled tests/fuzz-regressions/compiled

deps-fuzz:
	@sh scripts/deps.sh fuzz

$(FUZZ_OBJ)/%.o: %.c $(LIBCONFIG_STAMP) | $(GEN_SRC)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_OBJ)/gen/%.o: $(GEN)/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

# The scanner's fopen() is fuzz_fopen(), which confines includes to
# tests/fuzz/includes (see tests/fuzz/fuzz_policy.c).
$(FUZZ_OBJ)/libconfig/scanctx.o: FUZZ_LIBCONFIG_DEFS := -Dfopen=fuzz_fopen
$(FUZZ_OBJ)/libconfig/%.o: $(LIBCONFIG_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=gnu99 -fPIC -O1 -g -w -DHAVE_NEWLOCALE -DHAVE_USELOCALE -DHAVE_FREELOCALE \
		$(FUZZ_SAN) -fsanitize=fuzzer-no-link $(FUZZ_LIBCONFIG_DEFS) \
		-c $(LIBCONFIG_SRC)/$*.c -o $@

$(FUZZ_DIR)/fuzz-%: $(FUZZ_OBJ)/tests/fuzz/fuzz_%.o $(FUZZ_OBJ)/tests/fuzz/confine.o \
		$(FUZZ_CORE_OBJ) $(FUZZ_LIBCONFIG_OBJ)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LIBSECCOMP_A)

.SECONDARY: $(FUZZ_CORE_OBJ) $(FUZZ_LIBCONFIG_OBJ) $(FUZZ_OBJ)/tests/fuzz/confine.o \
	$(FUZZ_OBJ)/tests/fuzz/fuzz_policy.o $(FUZZ_OBJ)/tests/fuzz/fuzz_compiled.o

# Compiled policies of the profiles and good test policies, behind the
# target's mode byte 0 (read the file as it is).
$(FUZZ_DIR)/seeds/compiled/.done: $(BUILD)/preseal $(wildcard config/profiles/*.cfg tests/policies/good/*.cfg)
	@rm -rf $(@D) && mkdir -p $(@D)
	@for policy in config/profiles/*.cfg tests/policies/good/*.cfg; do \
		seed=$(@D)/$$(basename $$policy .cfg); \
		$(BUILD)/preseal compile $$policy -o $$seed.pbf --format preseal || exit 1; \
		{ printf '\000'; cat $$seed.pbf; } >$$seed && rm $$seed.pbf; \
	done
	@touch $@

fuzz-build: deps-fuzz
	@$(MAKE) --no-print-directory $(BUILD)/preseal $(FUZZ_DIR)/fuzz-policy $(FUZZ_DIR)/fuzz-compiled \
		$(FUZZ_DIR)/seeds/compiled/.done

# Every kept crasher, and every seed, once: none may crash.
fuzz-replay: fuzz-build
	@mkdir -p $(FUZZ_DIR)/crashes
	$(FUZZ_DIR)/fuzz-policy $(FUZZ_OPTIONS) -artifact_prefix=$(FUZZ_DIR)/crashes/replay- -runs=0 $(FUZZ_POLICY_SEEDS) 2>$(FUZZ_DIR)/replay-policy.log || \
		{ tail -40 $(FUZZ_DIR)/replay-policy.log; exit 1; }
	$(FUZZ_DIR)/fuzz-compiled $(FUZZ_OPTIONS) -artifact_prefix=$(FUZZ_DIR)/crashes/replay- -runs=0 $(FUZZ_COMPILED_SEEDS) 2>$(FUZZ_DIR)/replay-compiled.log || \
		{ tail -40 $(FUZZ_DIR)/replay-compiled.log; exit 1; }
	@grep -h 'INITED\|DONE' $(FUZZ_DIR)/replay-*.log

fuzz: fuzz-replay
ifneq ($(FUZZ_SECONDS),0)
	@mkdir -p $(FUZZ_DIR)/corpus/policy $(FUZZ_DIR)/corpus/compiled $(FUZZ_DIR)/crashes
	$(FUZZ_DIR)/fuzz-policy $(FUZZ_OPTIONS) -max_total_time=$$(( $(FUZZ_SECONDS) * 3 / 4 + 1 )) \
		-max_len=65536 \
		-dict=tests/fuzz/policy.dict -artifact_prefix=$(FUZZ_DIR)/crashes/policy- \
		$(FUZZ_DIR)/corpus/policy $(FUZZ_POLICY_SEEDS) 2>$(FUZZ_DIR)/fuzz-policy.log || \
		{ tail -60 $(FUZZ_DIR)/fuzz-policy.log; exit 1; }
	@grep -h -o '^stat::.*\|Done [0-9]* runs in [0-9]* second(s)' $(FUZZ_DIR)/fuzz-policy.log
	$(FUZZ_DIR)/fuzz-compiled $(FUZZ_OPTIONS) -max_total_time=$$(( $(FUZZ_SECONDS) / 4 + 1 )) \
		-artifact_prefix=$(FUZZ_DIR)/crashes/compiled- \
		$(FUZZ_DIR)/corpus/compiled $(FUZZ_COMPILED_SEEDS) 2>$(FUZZ_DIR)/fuzz-compiled.log || \
		{ tail -60 $(FUZZ_DIR)/fuzz-compiled.log; exit 1; }
	@grep -h -o '^stat::.*\|Done [0-9]* runs in [0-9]* second(s)' $(FUZZ_DIR)/fuzz-compiled.log
endif

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(BUILD)

lint: $(GEN_SRC)
	clang-format --dry-run --Werror shim/*.c shim/*.h tests/*.c tests/*.h tests/fuzz/*.c tests/fuzz/*.h
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--inline-suppr --suppress=missingIncludeSystem -D__GNUC__ -Ishim -I$(GEN) shim tests
	clang-tidy --quiet --warnings-as-errors='*' \
		--checks='-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling,-clang-analyzer-valist.Uninitialized' \
		$(CORE_SRC) $(ENTRY_SRC) -- $(BASE_CFLAGS)

# Installs exactly these files.  The folders it had to create are listed in
# share/preseal/installed-dirs, so that uninstall removes those (when empty)
# and never a folder that was there before, such as /usr/local/bin.
INSTALL_MANIFEST := $(PREFIX)/share/preseal/installed-dirs
INSTALL_DIRS := $(LIBDIR) $(BINDIR) $(PROFILEDIR) $(MANDIR)/man1 $(MANDIR)/man5

install: all
	sh scripts/install-dirs.sh create "$(DESTDIR)" $(INSTALL_MANIFEST) $(PREFIX) $(INSTALL_DIRS)
	install -m 0644 $(BUILD)/libpreseal.so $(DESTDIR)$(LIBDIR)/libpreseal.so
	install -m 0644 $(BUILD)/libpreseal-compiler.so $(DESTDIR)$(LIBDIR)/libpreseal-compiler.so
	install -m 0755 $(BUILD)/preseal $(DESTDIR)$(BINDIR)/preseal
	install -m 0755 scripts/preseal-entrypoint $(DESTDIR)$(BINDIR)/preseal-entrypoint
	install -m 0644 $(addprefix config/profiles/,$(PROFILES)) $(DESTDIR)$(PROFILEDIR)/
	install -m 0644 man/preseal.1 $(DESTDIR)$(MANDIR)/man1/preseal.1
	install -m 0644 man/preseal.cfg.5 $(DESTDIR)$(MANDIR)/man5/preseal.cfg.5

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libpreseal.so $(DESTDIR)$(LIBDIR)/libpreseal-compiler.so \
		$(DESTDIR)$(BINDIR)/preseal \
		$(DESTDIR)$(BINDIR)/preseal-entrypoint \
		$(addprefix $(DESTDIR)$(PROFILEDIR)/,$(PROFILES)) \
		$(DESTDIR)$(MANDIR)/man1/preseal.1 $(DESTDIR)$(MANDIR)/man5/preseal.cfg.5
	sh scripts/install-dirs.sh remove "$(DESTDIR)" $(INSTALL_MANIFEST) $(PREFIX) \
		$(LIBDIR) $(PROFILEDIR) $(PREFIX)/share/preseal

clean:
	rm -rf $(BUILD)/obj $(BUILD)/obj-shim $(BUILD)/fuzz $(BUILD)/gen $(BUILD)/tests $(BUILD)/*.so $(BUILD)/*.a \
		$(BUILD)/preseal $(BUILD)/test-unit

-include $(shell find $(OBJ) $(BUILD)/obj-shim $(FUZZ_OBJ) -name '*.d' 2>/dev/null)

# nginx learned, then loaded by wrk unconfined and under what it learned.
bench-nginx: all deps-test
	@command -v wrk >/dev/null || apt-get install -y wrk
	sh scripts/nginx-learn.sh $(BUILD)

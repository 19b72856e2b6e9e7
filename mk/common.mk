# Shared settings for every Makefile in the workbook: paths, compiler flags, gperftools.
# Included by the top-level Makefile, labs/, tools/ and mk/step.mk.

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)

# The learner's language (lib/i18n.sh): an unknown WORKBOOK_LANG stops make with one line.
ifneq ($(filter-out en ja,$(WORKBOOK_LANG)),)
$(error WORKBOOK_LANG must be ja or en, got '$(WORKBOOK_LANG)')
endif

# gcc unless CC is set (make's own default, cc, is not on a fresh Debian).
ifeq ($(origin CC),default)
CC := gcc
endif
# Workloads are built at -O1 by default: -O2 turns the naive recursive fib into
# loops and hides it from the profile (steps/01-cpu/README.md shows both).
OPT ?= -O1
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -fno-omit-frame-pointer
CFLAGS ?= $(CFLAGS_COMMON) $(OPT)

# gperftools, linked: ProfilerStart/Stop, HeapProfilerStart/Dump and malloc hooks.
# Debian links with --as-needed, which would drop a library only used via env vars.
GPERFTOOLS_LIBS := -Wl,--no-as-needed -ltcmalloc_and_profiler -Wl,--as-needed
# gperftools, preloaded into a program that does not link it.
# (Quiet before the compiler is installed: make step-N installs it first.)
LIBPROFILER_SO := $(realpath $(shell $(CC) -print-file-name=libprofiler.so.0 2>/dev/null))
LIBTCMALLOC_SO := $(realpath $(shell $(CC) -print-file-name=libtcmalloc.so.4 2>/dev/null))

# The steps, from the step registry: "0..8" for messages.
STEP_RANGE := $(shell awk -F '\t' '!/^\#/ && NF >= 3 { if (first == "") first = $$1; last = $$1 } END { print first ".." last }' $(ROOT)/steps/steps.tsv)

# The project's own tools.
# The one way to run code built from a learner's files (lib/run-learner: fds
# closed, a clean environment, its own HOME; contained in the grader).
RUN_LEARNER := $(ROOT)/lib/run-learner
INSPECT := $(ROOT)/tools/bin/profile-inspect
DEPS := $(ROOT)/scripts/deps
BENCH_DIR := $(ROOT)/labs/harness
WORKLOADS_DIR := $(ROOT)/labs/workloads

# The tools read no configuration from outside (lib/toolenv.sh): lib/bin's valgrind and curl come first.
ifeq ($(findstring $(ROOT)/lib/bin:,$(PATH)),)
export PATH := $(ROOT)/lib/bin:$(PATH)
endif

# Quiet one-line status per build action, as the book's style asks.
Q := @
say = @printf '  %-6s %s\n' "$(1)" "$(2)"

# Rules shared by every step. A step's Makefile sets
#   STEP        its number (1, 2, ...)
#   NEEDS       tools from scripts/deps --check that its tasks use
#   BENCH_SRCS  the sources linked with the benchmark harness into out/bench (optional)
#   UI_BINARY, UI_PROFILE  what `make ui` opens
#   BUILD       the programs made from src/ (make check builds them before checking)
# then includes this file and defines `run`, the step's task.
include $(dir $(lastword $(MAKEFILE_LIST)))common.mk

STEP_NAME := $(notdir $(CURDIR))
# The files the learner edits, from the step registry (steps/steps.tsv): reset,
# restore, watch and the grader read the registry too, never the Makefile.
LEARNER_FILES := $(shell awk -F '\t' -v d=$(STEP_NAME) '!/^\#/ && $$2 == d { print $$4 }' $(ROOT)/steps/steps.tsv)
INCLUDES := -I src -I $(BENCH_DIR) -I $(WORKLOADS_DIR)
BENCH_HARNESS := $(BENCH_DIR)/bench.c $(BENCH_DIR)/bench_flags.c $(BENCH_DIR)/go_flags.c $(BENCH_DIR)/bench_alloc.c \
  $(BENCH_DIR)/heap_dump.c
BENCH_HEADERS := $(wildcard $(BENCH_DIR)/*.h $(WORKLOADS_DIR)/*.h src/*.h)
# Runs google-pprof quietly (it prints "Using local file" lines on stderr).
PPROF := google-pprof

.DEFAULT_GOAL := run

# A task kept while out/ holds what it last wrote: a step whose Makefile sets
# TASK_INPUTS and TASK_OUTPUTS, and makes out/task.sum by running the task and
# ending with $(TASK_SUM), starts `run` with $(KEEP_OR_RUN_TASK). An edited or
# missing output, a rebuilt input or make -B runs the task again. A task in two
# parts (one that your code cannot change) keeps each apart: the other part
# makes its own sum file with $(call task_sum,SUM,INPUTS,OUTPUTS) and `run`
# starts it with $(call keep_or_run,SUM,WHAT IS KEPT).
task_sum = md5sum $(2) $(3) > $(1)
define keep_or_run
	@if md5sum --quiet -c $(1) >/dev/null 2>&1; then touch $(1); else rm -f $(1); fi
	@kept=$$(cat $(1) 2>/dev/null); $(MAKE) -s $(1) || exit 1; \
	[ "$$kept" != "$$(cat $(1))" ] || echo "== $(2): kept (make -B step-$(STEP) takes it all again)"
endef
TASK_SUM = $(call task_sum,out/task.sum,$(TASK_INPUTS),$(TASK_OUTPUTS))
KEEP_OR_RUN_TASK = $(call keep_or_run,out/task.sum,out/ holds what the task wrote for this build)

# The task's settings (TASK_ARGS) as a file, rewritten only when they change (make step-8
# WINDOW=10): a step that runs its task with settings lists out/task.args among TASK_INPUTS
# and as a prerequisite of out/task.sum, so a kept task is one run with these settings.
out/task.args: FORCE | out
	@echo '$(TASK_ARGS)' | cmp -s - $@ || echo '$(TASK_ARGS)' >$@

# The learner's variant of the step's workload: a step whose workload takes numbers
# or names that differ between learners sets VARIANT_PARAMS (NAME=REF:MIN:MAX or
# NAME=A|B|C, lib/variant-mk) before including this file, and uses $(NAME). They come
# from .learner/id (the grader: the submission's name) and class.salt, through
# out/variant.mk, rewritten only when they change (so a kept task stays kept). A
# variant that cannot be worked out stops make with lib/variant-mk's one line.
# What it is made from is read here (VARIANT_KEY) and kept in the file
# (VARIANT_MADE_FOR): lib/variant-mk runs only when one of them changed, not on
# every make (it costs 70 ms of CPU).
ifneq ($(strip $(VARIANT_PARAMS)),)
VARIANT_KEY := $(strip $(WORKBOOK_LEARNER_ID)/$(file < $(ROOT)/.learner/id)/$(file < $(ROOT)/class.salt)/$(STEP)/$(VARIANT_PARAMS))
include out/variant.mk
ifeq ($(VARIANT_KEY),$(VARIANT_MADE_FOR))
out/variant.mk: ;
else
out/variant.mk: FORCE | out
	@{ $(ROOT)/lib/variant-mk $(STEP) $(foreach p,$(VARIANT_PARAMS),'$(p)') && \
	  printf 'VARIANT_MADE_FOR := %s\n' '$(VARIANT_KEY)'; } >$@.new || { rm -f $@.new; exit 1; }
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@
endif
endif

# Stop early, one line per missing tool, if the step needs something not installed.
deps-check:
	@$(DEPS) --need $(NEEDS)

# The project's profile inspector, built on first use.
$(INSPECT): $(wildcard $(ROOT)/tools/profile-inspector/*)
	@$(MAKE) -s -C $(ROOT)/tools

# A checksum of the step's src/, rewritten only when their content changes. Every
# program built from src/ depends on it, so a file copied in with an old date
# (cp -a, a restored backup) still rebuilds it.
SRC_SUM := out/src.sum
$(SRC_SUM): FORCE | out
	@cat $(sort $(wildcard src/*)) /dev/null | md5sum > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

# The benchmark binary: the step's sources linked with the harness and gperftools.
out/bench: $(BENCH_SRCS) $(BENCH_HARNESS) $(BENCH_HEADERS) $(SRC_SUM) | out
	$(call say,CC,$(STEP_NAME)/$@)
	$(Q)$(CC) $(CFLAGS) $(INCLUDES) $(BENCH_SRCS) $(BENCH_HARNESS) -o $@ $(GPERFTOOLS_LIBS) -lpthread

# Where every artifact of the step goes.
out:
	@mkdir -p out

# Build the programs made from src/ ($(BUILD)): quick, and the first thing make check does.
build: $(BUILD)

# Run this step's checks and record the result for `make progress`.
check:
	@$(ROOT)/scripts/check $(STEP)

# Show the next hint for this step.
hint:
	@$(ROOT)/scripts/hint $(STEP)

# Open this step's main profile in an interactive viewer on 127.0.0.1.
ui:
	@$(ROOT)/scripts/ui $(STEP)

# Print a variable for the scripts, e.g. make -s print-LEARNER_FILES.
print-%:
	@echo $($*)

# Remove this step's artifacts (out/).
clean:
	rm -rf out

.PHONY: run deps-check build check hint ui clean FORCE

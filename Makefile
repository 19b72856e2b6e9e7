# c-prof-labs — learn to profile C programs on Linux, one step at a time.
# `make` (or `make help`) lists the targets; each has a one-line comment above it.
include mk/common.mk

.DEFAULT_GOAL := help
SCRIPTS := $(ROOT)/scripts
export STEP

# List every target with what it does.
help:
	@echo "c-prof-labs — make targets (N is a step number $(STEP_RANGE)):"
	@awk '/^# / { doc = substr($$0, 3); next } \
	     /^[a-z][a-z0-9%-]*:/ && doc != "" { t = $$1; sub(/:.*/, "", t); sub(/%/, "N", t); printf "  %-22s %s\n", t, doc } \
	     { doc = "" }' $(firstword $(MAKEFILE_LIST))
	@echo
	@echo "Start with: make step-1   (then read steps/01-cpu/README.md)"

# Install the Debian packages the workbook needs (as root, with sudo -n, or print the command).
deps:
	@$(SCRIPTS)/deps

# Run step N's task on your current code and write steps/NN-*/out/ (make step-0 ... make step-8).
step-%:
	@$(SCRIPTS)/step $*

# Show your learner id, or set it: make id LEARNER=NAME (it picks your variant of each step).
id:
	@$(SCRIPTS)/id $(LEARNER)

# Run the checks of every step (or STEP=N) and show the progress table and what to do next.
check: tools
	@$(SCRIPTS)/check $(STEP)

# Show the progress table from the last checks, without re-running them.
progress:
	@$(SCRIPTS)/progress

# Show the next hint for step N, gentlest first (STEP=N; FROM=1 starts again).
hint:
	@$(SCRIPTS)/hint "$(STEP)" $(FROM)

# Re-run step N's task and checks each time you save one of its files (STEP=N; Ctrl-C stops).
watch:
	@$(SCRIPTS)/watch "$(STEP)"

# Restore step N's starter files; your files go to a backup that is printed (STEP=N).
reset:
	@$(SCRIPTS)/reset "$(STEP)"

# Bring back your files of step N from the latest backup made by reset (STEP=N).
restore:
	@$(SCRIPTS)/restore "$(STEP)"

# Open step N's main profile in a viewer on 127.0.0.1:18080 and return (STEP=N).
ui:
	@$(SCRIPTS)/ui "$(STEP)"

# Stop the viewer started by make ui.
ui-stop:
	@$(SCRIPTS)/ui stop

# Build the project's own tools (profile inspector, lock profiler, window merger) and the lab programs.
tools:
	@$(MAKE) -s -C tools
	@$(MAKE) -s -C labs

# The steps with variants that make test also runs as one random learner (step 08's
# scenario takes a minute a run: make test-variants covers it).
VARIANT_TEST_STEPS := 1-4,7

# The workbook's own test suite: every solution passes, every starter fails what it must,
# in the reference variants and, for the cheaper steps with variants, a random learner's.
test: tools
	@$(SCRIPTS)/deps --ensure
	@$(ROOT)/checker/selftest
	@$(ROOT)/checker/selftest --steps $(VARIANT_TEST_STEPS) --skip-own --no-corpus --learner random

# Do verdicts flip on a busy machine? Starters and solutions beside two busy loops per core, twice (many minutes).
test-under-load: tools
	@$(ROOT)/checker/repeat --runs 2 --hogs $$((2 * $$(nproc)))

# Every step solvable in every variant: starters and solutions as N random learners (N=20: hours).
test-variants: tools
	@$(ROOT)/checker/repeat --variants --runs "$(or $(N),3)"

# How far apart two learners' answers are: A's answers.md checked against B's run, per step with variants [PAIRS=N].
variant-spread: tools
	@$(ROOT)/checker/variant-spread --pairs "$(or $(PAIRS),1)" $(if $(STEPS),--steps "$(STEPS)")

# Render the book into build/book/en/ and build/book/ja/ (open build/book/index.html; also one-page HTML, EPUB, PDF), output from real runs.
book:
	@$(ROOT)/book/build
.PHONY: book

# Grade a class in a sandbox: SUBMISSIONS=dir (a directory or .tar.gz per student) [STEPS=1-3] [OUT=grades] [SHARD=i/n].
grade:
	@$(ROOT)/checker/grade/grade --steps "$(or $(STEPS),all)" --out "$(or $(OUT),grades)" $(if $(SHARD),--shard "$(SHARD)") $(GRADE_FLAGS) "$(SUBMISSIONS)"

# Build the Gradescope autograder, build/gradescope/autograder.zip [STEPS=1-3] [GRADE_FLAGS=...].
gradescope:
	@$(ROOT)/checker/gradescope/build --steps "$(or $(STEPS),all)" --grade-flags "$(GRADE_FLAGS)"

# Export the workbook for students, without solutions: build/student-kit/ and build/student-kit.tar.gz.
student-kit:
	@$(ROOT)/checker/grade/student-kit

# Remove everything the steps, tools and book generated (your edits and .learner/ stay).
clean:
	@for d in steps/*/; do [ -f $$d/Makefile ] && $(MAKE) -s -C $$d clean; done; true
	@$(MAKE) -s -C tools clean
	@$(MAKE) -s -C labs clean
	rm -rf build

.PHONY: help deps id check progress hint watch reset restore ui ui-stop tools test clean grade student-kit
.PHONY: gradescope test-under-load test-variants variant-spread

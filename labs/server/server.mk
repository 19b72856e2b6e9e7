# server.mk — how to build the profiling server. Included by labs/Makefile
# (labs/bin/server, with the open guard) and by the steps that build their own
# copy (steps/03-contention: open guard; steps/06-ops: your src/guard.c).
# A Makefile that includes it has already included mk/common.mk.

SERVER_DIR := $(ROOT)/labs/server
# Every source but the guard: the includer adds the guard it wants.
SERVER_SRCS := $(filter-out $(SERVER_DIR)/guard_open.c,$(wildcard $(SERVER_DIR)/*.c)) \
  $(WORKLOADS_DIR)/burn.c $(WORKLOADS_DIR)/memwork.c $(WORKLOADS_DIR)/contention.c
SERVER_OPEN_GUARD := $(SERVER_DIR)/guard_open.c
LOCKPROF_A := $(ROOT)/tools/bin/liblockprof.a
SERVER_DEPS := $(SERVER_SRCS) $(wildcard $(SERVER_DIR)/*.h $(WORKLOADS_DIR)/*.h) $(LOCKPROF_A)
SERVER_INCLUDES := -I$(SERVER_DIR) -I$(WORKLOADS_DIR) -I$(ROOT)/tools/lockprof
# The lock profiler comes first so its pthread wrappers stand in for libc's.
SERVER_CFLAGS = $(CFLAGS) -DHAVE_TCMALLOC $(SERVER_INCLUDES)
SERVER_LIBS := $(LOCKPROF_A) -lmicrohttpd $(GPERFTOOLS_LIBS) -lpthread -lm
# The AddressSanitizer build: no tcmalloc (both would replace malloc), so no heap profile.
SERVER_ASAN_CFLAGS = $(CFLAGS_COMMON) -O1 -fsanitize=address,undefined $(SERVER_INCLUDES)
SERVER_ASAN_LIBS := $(LOCKPROF_A) -lmicrohttpd -Wl,--no-as-needed -lprofiler -Wl,--as-needed -lpthread

# The lock profiler the server links, built by tools/Makefile.
$(LOCKPROF_A): $(wildcard $(ROOT)/tools/lockprof/*.c $(ROOT)/tools/lockprof/*.h)
	@$(MAKE) -s -C $(ROOT)/tools bin/liblockprof.a

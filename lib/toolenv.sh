# lib/toolenv.sh — the environment the workbook's tools run in: a fresh, empty
# HOME that no rc file lives in, writable caches elsewhere, none of the
# variables through which valgrind, curl, gnuplot, google-pprof, uftrace, perl,
# the compiler or the loader take configuration from outside, and lib/bin first
# on PATH (valgrind and curl there ignore ~/.valgrindrc, ./.valgrindrc,
# VALGRIND_OPTS and ~/.curlrc). The entry points (make step-N, make check, the
# self-test, the book, the grader) call tool_env once; everything they start
# inherits it. Source it after lib/workbook.sh.

# The variables a tool would read its configuration or code from, and prefixes of whole families of them.
TOOL_ENV_UNSET=(VALGRIND_OPTS VALGRIND_LIB CURL_HOME CURL_CA_BUNDLE GNUPLOT_LIB GNUPLOT_DRIVER_DIR GNUTERM
  BASH_ENV ENV CDPATH GLOBIGNORE PERL5OPT PERL5LIB PERLLIB PERL5DB PYTHONPATH PYTHONSTARTUP PYTHONHOME
  AWKPATH AWKLIBPATH LD_PRELOAD LD_LIBRARY_PATH LD_AUDIT LD_BIND_NOW GLIBC_TUNABLES MALLOC_CONF
  CFLAGS CPPFLAGS LDFLAGS LDLIBS CPATH C_INCLUDE_PATH LIBRARY_PATH GCC_EXEC_PREFIX COMPILER_PATH
  MAKEFILES GNUMAKEFLAGS PPROF_PATH PPROF_TOOLS PPROF_BINARY_PATH JQ_COLORS GOFLAGS GOPATH
  HEAPPROFILE HEAPCHECK MUTEX_PROFILE_FRACTION BLOCK_PROFILE_RATE_NS HEAP_PROFILE_RATE
  PPROF_TOKEN BENCH_PKG OUT_DIR REMOTE_TOPS PROFILE_ENV)
TOOL_ENV_UNSET_PREFIXES=(UFTRACE_ CPUPROFILE HEAP_PROFILE_ TCMALLOC_ LOCKPROF_ GC_ ALWAYS_ON_ XDG_)

# Enters the tool environment (see the top); DIR holds its HOME and caches
# (default .learner/tools; the grader and the self-test give their own).
tool_env() {
  local dir="${1:-$STATE/tools}" v p
  [ "${WORKBOOK_TOOL_ENV:-}" = "$dir" ] && return 0
  mkdir -p "$dir/home" "$dir/cache" "$dir/pprof" || return 1
  find "$dir/home" -mindepth 1 -delete 2>/dev/null
  chmod 555 "$dir/home"
  unset "${TOOL_ENV_UNSET[@]}"
  for p in "${TOOL_ENV_UNSET_PREFIXES[@]}"; do
    for v in $(compgen -v "$p"); do unset "$v"; done
  done
  export HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" XDG_DATA_HOME="$dir/home/.local/share" \
    XDG_CACHE_HOME="$dir/cache" PPROF_TMPDIR="$dir/pprof" GOCACHE="$dir/cache/go" GOENV=off GOTOOLCHAIN=local \
    WORKBOOK_TOOL_ENV="$dir"
  case ":$PATH:" in *":$ROOT/lib/bin:"*) ;; *) export PATH="$ROOT/lib/bin:$PATH" ;; esac
}

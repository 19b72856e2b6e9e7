# record.bash — sourced by this corpus's entries (not an entry itself): records
# the program with the options in src/record.opts now, as the task does, and
# writes only out/trace.json from it (the checks an entry names read no other view).
# shellcheck shell=bash
rm -rf out/uftrace.data
sh -c "$(make -s --no-print-directory print-RECORD)" >/dev/null 2>&1
uftrace dump --chrome -d out/uftrace.data >out/trace.json

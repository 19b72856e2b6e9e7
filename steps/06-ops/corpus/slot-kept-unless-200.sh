#!/usr/bin/env bash
# wrong: gives the slot back only after a 200, so a profile the server refuses keeps it for ever
# fails: a second and a third CPU profile while one runs are refused with 429 or 409, and the slot is free again after
# says: running after one the server refused with 400
. corpus/guard.bash
guard_replace 'if (r->guard_flags & HOLDS_CPU_SLOT) atomic_store(&cpu_slot, 0);' 'if ((r->guard_flags & HOLDS_CPU_SLOT) && status == 200) atomic_store(&cpu_slot, 0);'
rebuild_server

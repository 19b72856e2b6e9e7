#!/usr/bin/env bash
# wrong: every CPU-profile request gives the slot back when done, so a refused second one lets a third in
# fails: a second and a third CPU profile while one runs are refused with 429 or 409, and the slot is free again after
# says: a third profile?seconds=1 while the first still runs
. corpus/guard.bash
guard_replace 'if (r->guard_flags & HOLDS_CPU_SLOT) atomic_store(&cpu_slot, 0);' 'if (r->cpu_profile) atomic_store(&cpu_slot, 0);'
rebuild_server

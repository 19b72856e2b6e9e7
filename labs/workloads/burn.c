// burn.c — burns CPU on several threads so a profile shows where each spends it.
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "burn.h"

// Most threads one call may start; keeps a typo from starting a million.
#define MAX_WORKERS 256

// One worker's input and result.
struct burn_job {
  long rounds;
  uint64_t seed;
  uint64_t result;
};

//> burn-hot
// The expensive part: 64 rounds of multiply-xorshift mixing (most of the time).
__attribute__((noinline)) static uint64_t hash_round(uint64_t x) {
  for (int i = 0; i < 64; i++) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 29;
  }
  return x;
}

// The cheap part: folds the hash into a running sum (a few per cent of the time).
__attribute__((noinline)) static uint64_t fold_bits(uint64_t acc, uint64_t x) {
  for (int i = 0; i < 16; i++) acc += (x >> i) & 0xff;
  return acc;
}
//< burn-hot

// Thread entry: alternates the two parts for the job's number of rounds.
static void *burn_worker(void *arg) {
  struct burn_job *job = arg;
  uint64_t x = job->seed, acc = 0;
  for (long r = 0; r < job->rounds; r++) {
    x = hash_round(x + (uint64_t)r);
    acc = fold_bits(acc, x);
  }
  job->result = acc ^ x;
  return NULL;
}

//> burn-cpu
uint64_t burn_cpu(long rounds, int workers) {
  if (rounds < 0 || workers < 1 || workers > MAX_WORKERS) {
    errno = EINVAL;
    return 0;
  }
  pthread_t threads[MAX_WORKERS];
  struct burn_job jobs[MAX_WORKERS];
  int started = 0;
  for (; started < workers; started++) {
    jobs[started] = (struct burn_job){.rounds = rounds, .seed = (uint64_t)started + 1};
    if (pthread_create(&threads[started], NULL, burn_worker, &jobs[started]) != 0) break;
  }
  uint64_t sum = 0;
  for (int i = 0; i < started; i++) {
    pthread_join(threads[i], NULL);
    sum += jobs[i].result;
  }
  if (started < workers) {
    errno = EAGAIN;
    return 0;
  }
  return sum | 1;  // never 0, so 0 can mean failure
}
//< burn-cpu

// burn.c — burns CPU on several threads so a profile shows where each spends it.
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "burn.h"

// Most threads one call may start; keeps a typo from starting a million.
#define MAX_WORKERS 256

// How much of each round's work each part does: the trip counts of their inner
// loops. The default gives most of the time to hash_round; burn_use_hot moves it.
struct burn_mix {
  const char *hot;  // the part with most of the time
  int hash, fold, count;
};

// The mixes a program can ask for by the name of its hot part.
static const struct burn_mix mixes[] = {
    {"hash_round", 64, 16, 0},
    {"fold_bits", 8, 192, 0},
    {"count_ones", 8, 16, 256},
};

// The mix burn_cpu's workers use.
static const struct burn_mix *mix = &mixes[0];

// One worker's input and result.
struct burn_job {
  long rounds;
  uint64_t seed;
  uint64_t result;
};

//> burn-hot
// Multiply-xorshift mixing, LOOPS rounds of it (by default most of the time).
__attribute__((noinline)) static uint64_t hash_round(uint64_t x, int loops) {
  for (int i = 0; i < loops; i++) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 29;
  }
  return x;
}

// Folds LOOPS bytes of the hash into a running sum (by default a few per cent of the time).
__attribute__((noinline)) static uint64_t fold_bits(uint64_t acc, uint64_t x, int loops) {
  for (int i = 0; i < loops; i++) acc += (x >> (i & 15)) & 0xff;
  return acc;
}

// Counts the hash's set bits one at a time, turning it LOOPS times (no time by default).
__attribute__((noinline)) static uint64_t count_ones(uint64_t x, int loops) {
  uint64_t n = 0;
  for (int i = 0; i < loops; i++) {
    n += x & 1;
    x = x >> 1 | x << 63;
  }
  return n;
}
//< burn-hot

// Thread entry: runs the parts for the job's number of rounds, each as much as the mix says
// (count_ones only when the mix gives it loops, so the default calls two functions a round).
static void *burn_worker(void *arg) {
  struct burn_job *job = arg;
  const struct burn_mix m = *mix;
  uint64_t x = job->seed, acc = 0;
  for (long r = 0; r < job->rounds; r++) {
    x = hash_round(x + (uint64_t)r, m.hash);
    acc = fold_bits(acc, x, m.fold);
    if (m.count > 0) acc += count_ones(x, m.count);
  }
  job->result = acc ^ x;
  return NULL;
}

int burn_use_hot(const char *part) {
  for (size_t i = 0; i < sizeof mixes / sizeof mixes[0]; i++)
    if (strcmp(mixes[i].hot, part) == 0) {
      mix = &mixes[i];
      return 0;
    }
  errno = EINVAL;
  return -1;
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

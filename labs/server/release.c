// release.c — the app step 08 watches. /app/order runs five code paths for
// each order; /admin/release deploys "release 2", in which one of the paths
// (named by ?slow=, picked from a release seed by ?seed=, or at random) quietly
// does more work. Nothing in the replies or the log says which: the profiles have to.
#include <inttypes.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>

#include "params.h"
#include "release.h"

// Inner iterations in one unit of work (a fraction of a microsecond; the units
// per path below make their shares about 15, 25, 20, 30 and 10 % on x86-64).
#define UNIT 256
// How many times more work the slow path does in release 2.
#define SLOW_FACTOR 4
// Most items in one order.
#define MAX_ITEMS 64

// One order: what every path reads.
struct order {
  long items;
  uint32_t sku[MAX_ITEMS];
  uint32_t cents[MAX_ITEMS];
};

//> release-paths
// Reads the order's lines: an FNV-1a checksum over every field, as a parser touches every byte.
__attribute__((noinline)) static uint64_t parse_order(const struct order *o, long units) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (long u = 0; u < units; u++)
    for (int i = 0; i < UNIT; i++) {
      h ^= o->sku[i & (MAX_ITEMS - 1)] + (uint64_t)u;
      h *= 0x100000001b3ULL;
    }
  return h;
}

// Prices the items: fixed-point tax and discount arithmetic with rounding.
__attribute__((noinline)) static uint64_t price_items(const struct order *o, long units) {
  uint64_t total = 0;
  for (long u = 0; u < units; u++)
    for (int i = 0; i < UNIT; i++) {
      uint64_t c = o->cents[i & (MAX_ITEMS - 1)] + (uint64_t)(u & 7);
      total += (c * 1190 + 500) / 1000 - (c * 3 + 50) / 100;
    }
  return total;
}

// Checks stock: looks each item up in a small hashed table.
__attribute__((noinline)) static uint64_t check_stock(const struct order *o, long units) {
  static const uint32_t table[256] = {[7] = 3, [31] = 1, [64] = 9, [128] = 4, [200] = 2, [255] = 8};
  uint64_t found = 0;
  for (long u = 0; u < units; u++)
    for (int i = 0; i < UNIT; i++) {
      uint32_t slot = (o->sku[i & (MAX_ITEMS - 1)] * 2654435761u + (uint32_t)u) >> 24;
      found += table[slot] ^ slot;
    }
  return found;
}

// Renders the receipt: the three decimal digits of every amount's cents.
__attribute__((noinline)) static uint64_t render_receipt(const struct order *o, long units) {
  uint64_t digits = 0;
  for (long u = 0; u < units; u++)
    for (int i = 0; i < UNIT; i++) {
      uint32_t v = (o->cents[i & (MAX_ITEMS - 1)] + (uint32_t)u) % 1000;
      digits += v / 100 * 3 + v / 10 % 10 * 5 + v % 10;
    }
  return digits;
}

// Signs the receipt: rounds of multiply-xorshift mixing.
__attribute__((noinline)) static uint64_t sign_receipt(const struct order *o, long units) {
  uint64_t x = (uint64_t)o->items;
  for (long u = 0; u < units; u++)
    for (int i = 0; i < UNIT; i++) {
      x ^= x >> 31;
      x *= 0x9e3779b97f4a7c15ULL;
      x += o->sku[i & (MAX_ITEMS - 1)];
    }
  return x;
}
//< release-paths

// A code path: its name (as profiles show it), its function, and its units of work per item.
struct path {
  const char *name;
  uint64_t (*run)(const struct order *, long);
  long units;
};

static const struct path paths[] = {
    {"parse_order", parse_order, 9},       {"price_items", price_items, 12}, {"check_stock", check_stock, 18},
    {"render_receipt", render_receipt, 6}, {"sign_receipt", sign_receipt, 4},
};
#define NPATHS ((int)(sizeof paths / sizeof paths[0]))

// The live release (1 or 2) and, in release 2, the index of the slow path.
static atomic_int live_release = 1;
static atomic_int slow_path = -1;
// Counts orders, so each one differs a little.
static atomic_ulong orders;

// Fills an order of N items from the order counter.
static void make_order(struct order *o, long items) {
  unsigned long seq = atomic_fetch_add(&orders, 1);
  o->items = items;
  for (int i = 0; i < MAX_ITEMS; i++) {
    o->sku[i] = (uint32_t)(seq * 31 + (unsigned long)(i % items) * 7919 + 1);
    o->cents[i] = (uint32_t)(199 + (seq + (unsigned long)i) % 5000);
  }
}

enum MHD_Result app_order(struct request *r) {
  static const char *const allowed[] = {"items", NULL};
  long items;
  if (params_only(r, allowed) || param_long(r, "items", 1, MAX_ITEMS, 8, &items)) return r->status ? MHD_YES : MHD_NO;
  struct order o;
  make_order(&o, items);
  int slow = atomic_load(&slow_path);
  uint64_t sum = 0;
  for (int i = 0; i < NPATHS; i++) sum ^= paths[i].run(&o, items * paths[i].units * (i == slow ? SLOW_FACTOR : 1));
  return reply_text(r, MHD_HTTP_OK, "order: %ld items, release %d, checksum %016" PRIx64 "\n", items,
                    atomic_load(&live_release), sum);
}

// The index of the path called NAME, or -1.
static int path_index(const char *name) {
  for (int i = 0; i < NPATHS; i++)
    if (strcmp(paths[i].name, name) == 0) return i;
  return -1;
}

// A path picked at random (getrandom), for a release 2 deployed without ?slow=.
static int random_path(void) {
  unsigned int x = 0;
  if (getrandom(&x, sizeof x, 0) != (ssize_t)sizeof x) x = (unsigned int)atomic_load(&orders);
  return (int)(x % NPATHS);
}

// The path a release seed (hex digits, as in step 08's release.seed) slows down: a keyed
// FNV-1a hash of the seed, so that the same seed deploys the same release on every machine
// (a grader's too), while no file a learner hands in or the step's task writes says which.
static int seeded_path(const char *seed) {
  static const char key[] = "c-prof-labs: the release behind a seed";
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const char *p = key; *p; p++) h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
  for (const char *p = seed; *p; p++) h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 32;
  return (int)(h % NPATHS);
}

// True if SEED is 1 to 32 lowercase hex digits.
static int good_seed(const char *seed) {
  size_t n = strspn(seed, "0123456789abcdef");
  return n > 0 && n <= 32 && seed[n] == '\0';
}

// Answers GET: the live release and the names of the code paths.
static enum MHD_Result show_release(struct request *r) {
  static const char *const allowed[] = {NULL};
  if (params_only(r, allowed)) return MHD_YES;
  char names[200] = "";
  for (int i = 0; i < NPATHS; i++) {
    strcat(names, " ");
    strcat(names, paths[i].name);
  }
  return reply_text(r, MHD_HTTP_OK, "release %d\npaths:%s\n", atomic_load(&live_release), names);
}

enum MHD_Result admin_release(struct request *r) {
  if (strcmp(r->method, "POST") != 0) return show_release(r);
  static const char *const allowed[] = {"version", "slow", "seed", NULL};
  long version;
  if (params_only(r, allowed) || param_long(r, "version", 1, 2, 2, &version)) return MHD_YES;
  const char *slow = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "slow");
  const char *seed = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "seed");
  if (seed && (slow || version != 2 || !good_seed(seed)))
    return reply_text(r, MHD_HTTP_BAD_REQUEST,
                      "bad request: seed= is 1 to 32 hex digits (0-9a-f), for release 2, without slow=\n");
  int index = slow ? path_index(slow) : seed ? seeded_path(seed) : version == 2 ? random_path() : -1;
  if (slow && (version != 2 || index < 0))
    return reply_text(r, MHD_HTTP_BAD_REQUEST, "bad request: slow= names one path of release 2 (see GET /admin/release)\n");
  atomic_store(&slow_path, version == 2 ? index : -1);
  atomic_store(&live_release, (int)version);
  log_line("release %ld deployed", version);
  return reply_text(r, MHD_HTTP_OK, "release %ld is live\n", version);
}

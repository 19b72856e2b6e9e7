// symbol.c — /debug/pprof/symbol, the address-to-name service both pprofs use
// when they fetch a profile remotely: GET says symbols are available
// ("num_symbols: N"); POST takes "0xADDR+0xADDR..." and answers one
// "0xADDR<TAB>name" line per address it knows.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "symbols.h"

// Writes the names of the addresses in BODY (separated by '+' or blanks) to OUT.
static void name_addresses(FILE *out, const char *body, size_t len) {
  const char *p = body, *end = body + len;
  while (p < end) {
    while (p < end && (*p == '+' || *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    const char *start = p;
    while (p < end && *p != '+' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') p++;
    char word[40];
    size_t n = (size_t)(p - start);
    if (n == 0 || n >= sizeof word) continue;
    memcpy(word, start, n);
    word[n] = '\0';
    char *rest;
    unsigned long long addr = strtoull(word, &rest, 16);
    uintptr_t off;
    const char *name = *rest == '\0' ? symbols_lookup((uintptr_t)addr, &off) : NULL;
    if (name) fprintf(out, "0x%016llx\t%s\n", addr, name);
  }
}

enum MHD_Result pprof_symbol(struct request *r) {
  if (strcmp(r->method, "POST") != 0)
    return reply_text(r, MHD_HTTP_OK, "num_symbols: %zu\n", symbols_count() > 0 ? (size_t)1 : (size_t)0);
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  if (!out) return reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory\n");
  name_addresses(out, r->body ? r->body : "", r->body_len);
  if (fclose(out) != 0) {
    free(buf);
    return reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory\n");
  }
  return reply_owned(r, MHD_HTTP_OK, "text/plain; charset=utf-8", buf, len);
}

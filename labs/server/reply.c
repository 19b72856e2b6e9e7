// reply.c — answering: text bodies, owned buffers, and the log line format.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "server.h"

enum MHD_Result reply_owned_with(struct request *r, unsigned status, const char *type, char *body, size_t len,
                                 const char *const *headers) {
  struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    free(body);
    return MHD_NO;
  }
  for (; headers && headers[0]; headers += 2) MHD_add_response_header(resp, headers[0], headers[1]);
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  if (status == MHD_HTTP_TOO_MANY_REQUESTS) MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "5");
  if (status == MHD_HTTP_UNAUTHORIZED) MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
  enum MHD_Result ok = MHD_queue_response(r->conn, status, resp);
  MHD_destroy_response(resp);
  r->status = (int)status;
  return ok;
}

enum MHD_Result reply_owned(struct request *r, unsigned status, const char *type, char *body, size_t len) {
  return reply_owned_with(r, status, type, body, len, NULL);
}

enum MHD_Result reply_text(struct request *r, unsigned status, const char *fmt, ...) {
  char *body = NULL;
  va_list ap;
  va_start(ap, fmt);
  int len = vasprintf(&body, fmt, ap);
  va_end(ap);
  if (len < 0) return MHD_NO;
  return reply_owned(r, status, "text/plain; charset=utf-8", body, (size_t)len);
}

void log_line(const char *fmt, ...) {
  char stamp[32];
  time_t now = time(NULL);
  struct tm tm;
  strftime(stamp, sizeof stamp, "%Y/%m/%d %H:%M:%S", localtime_r(&now, &tm));
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s %s\n", stamp, msg);
}

// Writes through FN into a memory stream and replies with what it wrote.
enum MHD_Result reply_stream(struct request *r, const char *type, int (*fn)(FILE *, int), int arg) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory\n");
  int bad = fn(f, arg) != 0;
  if (fclose(f) != 0 || bad) {
    free(buf);
    return reply_text(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "could not write the dump\n");
  }
  return reply_owned(r, MHD_HTTP_OK, type, buf, len);
}

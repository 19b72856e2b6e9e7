// request.h — parsing one request line of the toy service step 02 profiles.
#ifndef REQUEST_H
#define REQUEST_H

// The longest method plus its NUL.
#define METHOD_MAX 8

// One query parameter; key and value point into the request's own copy of the path.
struct param {
  const char *key;
  const char *value;
};

// A parsed request: "GET /users/42/feed?page=3&limit=20 HTTP/1.1".
struct request {
  char method[METHOD_MAX];  // "GET", NUL-terminated
  char *path;               // the path and query, copied; the query is split in place
  long user_id;             // the number after /users/
  struct param *params;     // the query parameters, nparams of them
  int nparams;
};

// Parses a request line; returns NULL if it is not a valid request.
struct request *request_parse(const char *line);

// The value of a query parameter, or NULL.
const char *request_param(const struct request *req, const char *key);

// Gives back everything request_parse allocated.
void request_free(struct request *req);

#endif

/*
 * Status codes and the error record shared by every module.
 *
 * Library code never prints and never exits: a function that can fail returns a
 * cascade_status and, when given a cascade_error, fills it with the scenario key the
 * problem belongs to (empty when none) and a short lower-case message without a full
 * stop. Only the command line decides what reaches the terminal and the exit code.
 */
#ifndef CASCADE_ERROR_H
#define CASCADE_ERROR_H

#include <stddef.h>

typedef enum cascade_status {
    CASCADE_OK = 0,
    CASCADE_EINVAL = 1, /* invalid scenario or input: the user can fix it (exit 2) */
    CASCADE_ENOMEM = 2, /* out of memory (exit 1) */
    CASCADE_EIO = 3,    /* file system or other run-time failure (exit 1) */
    CASCADE_EFAIL = 4   /* a numerical failure inside a run (exit 1) */
} cascade_status;

/* Exit statuses of the program (INTERFACE.md). */
#define CASCADE_EXIT_OK 0
#define CASCADE_EXIT_FAILURE 1
#define CASCADE_EXIT_USAGE 2

typedef struct cascade_error {
    cascade_status status;
    char key[96];  /* scenario key the problem belongs to, "" when none */
    char msg[416]; /* what is wrong, lower case, no full stop */
} cascade_error;

/* Records status, key and a printf-style message in err (which may be NULL) and
 * returns status, so callers can write `return cascade_error_set(...)`. */
cascade_status cascade_error_set(cascade_error *err, cascade_status status, const char *key,
                                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Clears err to CASCADE_OK with empty key and message; NULL is accepted. */
void cascade_error_clear(cascade_error *err);

/* The exit status the command line uses for a status. */
int cascade_status_exit_code(cascade_status status);

#endif

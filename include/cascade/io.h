/*
 * Files: atomic writes (a temporary name in the same folder, renamed into place when
 * complete, so a reader never sees half a file) and the CSV tables of INTERFACE.md.
 */
#ifndef CASCADE_IO_H
#define CASCADE_IO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cascade/error.h"
#include "cascade/model.h"

typedef struct cascade_atomic_file {
    FILE *f;          /* write here between open and commit */
    char *path;       /* the final name */
    char *tmp_path;   /* the temporary name, removed by abort */
} cascade_atomic_file;

/* Opens a temporary file beside path. On failure nothing is left behind. */
cascade_status cascade_atomic_open(cascade_atomic_file *af, const char *path, cascade_error *err);
/* Flushes, closes and renames the file into place; on any failure removes it. */
cascade_status cascade_atomic_commit(cascade_atomic_file *af, cascade_error *err);
/* Closes and removes the temporary file; a zeroed or committed file is accepted. */
void cascade_atomic_abort(cascade_atomic_file *af);

/* Writes text to path atomically. */
cascade_status cascade_io_write_text(const char *path, const char *text, cascade_error *err);

/* Creates a folder and its parents (mkdir -p) and checks it is writable. */
cascade_status cascade_io_mkdirs(const char *path, cascade_error *err);

/* path = dir + "/" + name in a malloc'ed string (NULL when out of memory). */
char *cascade_io_join(const char *dir, const char *name);

/* One CSV number: shortest round-trip decimal. */
void cascade_csv_real(FILE *f, double x);

/* timeseries.csv: header line, and one row. */
void cascade_csv_timeseries_header(FILE *f);
void cascade_csv_timeseries_row(FILE *f, uint32_t replicate, const cascade_observables *o);

/* The summary columns after `seed` (final_dissent ... final_gap): header names and
 * values, comma-separated, without a leading comma or line end. */
void cascade_csv_summary_names(FILE *f);
void cascade_csv_summary_values(FILE *f, const cascade_summary *s);

/* summary.csv: header line, and one row. */
void cascade_csv_summary_header(FILE *f);
void cascade_csv_summary_row(FILE *f, uint32_t replicate, uint64_t seed, const cascade_summary *s);

#endif

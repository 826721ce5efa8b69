/*
 * Result tables read back from CSV: the files cascade itself writes (timeseries.csv,
 * summary.csv, points.csv, the analyze files), so that charts can be redrawn without
 * rerunning anything.
 *
 * The format is the one INTERFACE.md fixes: one header line of column names, then rows of
 * numbers with `.` as decimal point, comma-separated, every line ended by a newline. An
 * empty field is a missing value (NaN), as in summary.csv's cascade_tick; `true` and
 * `false` read as 1 and 0. Anything else is an error naming FILE:LINE, so a truncated or
 * hand-damaged file is reported, never drawn half: a row with the wrong number of fields,
 * a field that is not a number, a last line without its newline (a file cut short).
 *
 * Two ways in: cascade_table_read loads a whole (small) table; cascade_table_scan streams
 * the rows of a large one through a callback, converting only the columns asked for, so
 * a 1,000 x 10,000-tick timeseries never sits in memory as text or as unused columns.
 */
#ifndef CASCADE_TABLE_H
#define CASCADE_TABLE_H

#include <stddef.h>

#include "cascade/error.h"

typedef struct cascade_table {
    char *path;      /* the file read, for messages */
    size_t n_cols;   /* columns of the header */
    size_t n_rows;   /* data rows (lines after the header) */
    char **names;    /* n_cols column names */
    double *values;  /* n_rows * n_cols, row-major; NaN for an empty field */
} cascade_table;

/* Reads the whole CSV file at path. On success *out is a table the caller frees with
 * cascade_table_free; on failure *out is NULL and err says FILE:LINE: what (EINVAL for a
 * malformed file, EIO when it cannot be read, ENOMEM). */
cascade_status cascade_table_read(const char *path, cascade_table **out, cascade_error *err);

/* Frees a table; NULL is accepted. */
void cascade_table_free(cascade_table *t);

/* The index of the column called name, or -1. */
long cascade_table_column(const cascade_table *t, const char *name);

/* Like cascade_table_column, but a missing column is an EINVAL error "FILE:1: no column
 * NAME". */
cascade_status cascade_table_need(const cascade_table *t, const char *name, size_t *col,
                                  cascade_error *err);

/* The value at (row, col); both must be in range. */
double cascade_table_at(const cascade_table *t, size_t row, size_t col);

/* One data row of a scan: values[i] is the row's value of columns[i]; line is the
 * row's line number in the file (the header is line 1). A callback that fails sets err
 * (naming path and line as it sees fit) and returns its status, which ends the scan. */
typedef cascade_status (*cascade_table_row_fn)(void *ctx, const char *path, size_t line,
                                               const double *values, cascade_error *err);

/* Streams the rows of the CSV file at path through fn, with the values of the n named
 * columns in that order (each must be in the header, else EINVAL "FILE:1: no column
 * NAME"). Every row is checked as cascade_table_read checks it. */
cascade_status cascade_table_scan(const char *path, const char *const *columns, size_t n,
                                  cascade_table_row_fn fn, void *ctx, cascade_error *err);

#endif

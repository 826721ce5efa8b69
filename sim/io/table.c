/*
 * CSV result tables: a strict reader for the files of INTERFACE.md. Lines are read with
 * getline, fields split on commas in place; only the requested columns go through
 * strtod, the others are only counted. Costs: one pass, O(bytes); memory: one line plus,
 * for cascade_table_read, the table's doubles.
 *
 * Every error names FILE:LINE (line 1 is the header). A file must end with a newline:
 * cascade writes files whole and renames them into place, so a last line without one
 * means the file was cut short.
 */
#include "cascade/table.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Field as a number: NaN when empty, true/false as 1/0, else the whole field must be a
 * decimal number. */
static bool parse_field(const char *s, double *v)
{
    if (*s == '\0') {
        *v = NAN;
        return true;
    }
    if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
        *v = s[0] == 't' ? 1.0 : 0.0;
        return true;
    }
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && errno != ERANGE;
}

/* Splits line (no newline) on commas in place into at most max fields; returns the
 * number of fields found (which may exceed max: the extra ones are only counted). */
static size_t split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *c = line;
    for (;;) {
        char *comma = strchr(c, ',');
        if (n < max) {
            fields[n] = c;
        }
        n++;
        if (comma == NULL) {
            break;
        }
        *comma = '\0';
        c = comma + 1;
    }
    return n;
}

typedef struct reader {
    const char *path;
    FILE *f;
    char *line;
    size_t cap;
    size_t lineno;
    char **fields;
    size_t n_fields; /* columns of the header */
    char *header;    /* the header line, fields point into it */
} reader;

static void reader_release(reader *r)
{
    if (r->f != NULL) {
        fclose(r->f);
    }
    free(r->line);
    free(r->fields);
    free(r->header);
    memset(r, 0, sizeof *r);
}

/* Reads the next line into r->line without its newline. Returns 1 for a line, 0 at end of
 * file, -1 on error (err set). */
static int next_line(reader *r, cascade_error *err)
{
    errno = 0;
    ssize_t len = getline(&r->line, &r->cap, r->f);
    if (len < 0) {
        if (ferror(r->f)) {
            cascade_error_set(err, CASCADE_EIO, "", "%s: cannot read: %s", r->path,
                              strerror(errno));
            return -1;
        }
        return 0;
    }
    r->lineno++;
    if (len == 0 || r->line[len - 1] != '\n') {
        cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: the last line has no line end: "
                          "the file looks truncated", r->path, r->lineno);
        return -1;
    }
    r->line[--len] = '\0';
    if (len > 0 && r->line[len - 1] == '\r') {
        r->line[--len] = '\0';
    }
    return 1;
}

static cascade_status reader_open(reader *r, const char *path, cascade_error *err)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->f = fopen(path, "r");
    if (r->f == NULL) {
        return cascade_error_set(err, CASCADE_EIO, "", "cannot read %s: %s", path,
                                 strerror(errno));
    }
    int got = next_line(r, err);
    if (got < 0) {
        return err ? err->status : CASCADE_EINVAL;
    }
    if (got == 0 || r->line[0] == '\0') {
        return cascade_error_set(err, CASCADE_EINVAL, "", "%s:1: empty file: expected a header "
                                 "line of column names", path);
    }
    r->header = strdup(r->line);
    if (r->header == NULL) {
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    r->n_fields = split(r->line, NULL, 0);
    r->fields = malloc(r->n_fields * sizeof *r->fields);
    if (r->fields == NULL) {
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    split(r->header, r->fields, r->n_fields);
    for (size_t i = 0; i < r->n_fields; i++) {
        if (r->fields[i][0] == '\0') {
            return cascade_error_set(err, CASCADE_EINVAL, "", "%s:1: column %zu has no name",
                                     path, i + 1);
        }
    }
    return CASCADE_OK;
}

/* Reads the next row into fields; returns 1, 0 at end, -1 on error. */
static int next_row(reader *r, char **fields, cascade_error *err)
{
    int got = next_line(r, err);
    if (got <= 0) {
        return got;
    }
    size_t n = split(r->line, fields, r->n_fields);
    if (n != r->n_fields) {
        cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: expected %zu fields, got %zu",
                          r->path, r->lineno, r->n_fields, n);
        return -1;
    }
    return 1;
}

static bool convert(const reader *r, char *const *fields, const size_t *cols, size_t n,
                    double *values, cascade_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!parse_field(fields[cols[i]], &values[i])) {
            cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: %s: not a number: \"%.40s\"",
                              r->path, r->lineno, r->fields[cols[i]], fields[cols[i]]);
            return false;
        }
    }
    return true;
}

static long find(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) {
            return (long)i;
        }
    }
    return -1;
}

cascade_status cascade_table_scan(const char *path, const char *const *columns, size_t n,
                                  cascade_table_row_fn fn, void *ctx, cascade_error *err)
{
    reader r;
    size_t *cols = NULL;
    char **fields = NULL;
    double *values = NULL;
    cascade_status s = reader_open(&r, path, err);
    if (s != CASCADE_OK) {
        goto done;
    }
    cols = malloc((n + 1) * sizeof *cols);
    fields = malloc(r.n_fields * sizeof *fields);
    values = malloc((n + 1) * sizeof *values);
    if (cols == NULL || fields == NULL || values == NULL) {
        s = cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        long c = find(r.fields, r.n_fields, columns[i]);
        if (c < 0) {
            s = cascade_error_set(err, CASCADE_EINVAL, "", "%s:1: no column %s", path,
                                  columns[i]);
            goto done;
        }
        cols[i] = (size_t)c;
    }
    int got;
    while ((got = next_row(&r, fields, err)) > 0) {
        if (!convert(&r, fields, cols, n, values, err)) {
            got = -1;
            break;
        }
        s = fn(ctx, path, r.lineno, values, err);
        if (s != CASCADE_OK) {
            goto done;
        }
    }
    s = got < 0 ? (err ? err->status : CASCADE_EINVAL) : CASCADE_OK;
done:
    free(values);
    free(fields);
    free(cols);
    reader_release(&r);
    return s;
}

void cascade_table_free(cascade_table *t)
{
    if (t == NULL) {
        return;
    }
    if (t->names != NULL) {
        for (size_t i = 0; i < t->n_cols; i++) {
            free(t->names[i]);
        }
    }
    free(t->names);
    free(t->values);
    free(t->path);
    free(t);
}

typedef struct read_ctx {
    cascade_table *t;
    size_t cap; /* rows allocated */
} read_ctx;

static cascade_status append_row(void *vctx, const char *path, size_t line,
                                 const double *values, cascade_error *err)
{
    (void)path;
    (void)line;
    read_ctx *ctx = vctx;
    cascade_table *t = ctx->t;
    if (t->n_rows == ctx->cap) {
        size_t cap = ctx->cap ? 2 * ctx->cap : 64;
        double *grown = realloc(t->values, cap * (t->n_cols ? t->n_cols : 1) * sizeof *grown);
        if (grown == NULL) {
            return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
        }
        t->values = grown;
        ctx->cap = cap;
    }
    memcpy(t->values + t->n_rows * t->n_cols, values, t->n_cols * sizeof *values);
    t->n_rows++;
    return CASCADE_OK;
}

cascade_status cascade_table_read(const char *path, cascade_table **out, cascade_error *err)
{
    *out = NULL;
    reader r;
    cascade_status s = reader_open(&r, path, err);
    cascade_table *t = NULL;
    if (s != CASCADE_OK) {
        reader_release(&r);
        return s;
    }
    t = calloc(1, sizeof *t);
    if (t == NULL || (t->path = strdup(path)) == NULL ||
        (t->names = calloc(r.n_fields, sizeof *t->names)) == NULL) {
        s = cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
        goto fail;
    }
    t->n_cols = r.n_fields;
    for (size_t i = 0; i < r.n_fields; i++) {
        if ((t->names[i] = strdup(r.fields[i])) == NULL) {
            s = cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
            goto fail;
        }
    }
    reader_release(&r);
    read_ctx ctx = {t, 0};
    s = cascade_table_scan(path, (const char *const *)t->names, t->n_cols, append_row, &ctx,
                           err);
    if (s != CASCADE_OK) {
        goto fail;
    }
    *out = t;
    return CASCADE_OK;
fail:
    reader_release(&r);
    cascade_table_free(t);
    return s;
}

long cascade_table_column(const cascade_table *t, const char *name)
{
    return find(t->names, t->n_cols, name);
}

cascade_status cascade_table_need(const cascade_table *t, const char *name, size_t *col,
                                  cascade_error *err)
{
    long c = cascade_table_column(t, name);
    if (c < 0) {
        return cascade_error_set(err, CASCADE_EINVAL, "", "%s:1: no column %s", t->path, name);
    }
    *col = (size_t)c;
    return CASCADE_OK;
}

double cascade_table_at(const cascade_table *t, size_t row, size_t col)
{
    return t->values[row * t->n_cols + col];
}

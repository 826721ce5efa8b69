/*
 * The sweep journal (append-only, one flushed line per run) and the final tables built
 * from it. See include/cascade/journal.h for the guarantees.
 *
 * A journal line is "point,replicate,seed," followed by the summary.csv columns after
 * seed, written by the same formatter, so sweep.csv can copy the text verbatim. A line
 * is valid only when complete (ends in a newline) and has every field: a kill -9 can
 * tear only the last line, which resume cuts off.
 */
#include "cascade/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "cascade/format.h"
#include "cascade/io.h"

#define JOURNAL_FIELDS 13 /* point, replicate, seed and ten summary fields */
#define LINE_MAX_BYTES 1024

struct cascade_journal {
    FILE *f;       /* NULL until cascade_journal_start */
    char *path;
    bool existed;  /* the file was there when loaded: start writes no header */
    long size;     /* its size after load (a torn last line cut) */
    uint64_t fingerprint;
    size_t n_points;
    uint32_t replicates;
    uint8_t *done; /* bitmap over tasks, task = replicate * n_points + point */
    uint64_t count;
};

uint64_t cascade_fnv1a(uint64_t h, const char *text)
{
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        h ^= *c;
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t cascade_journal_fingerprint(const char *scenario_text, const char *plan_text)
{
    return cascade_fnv1a(cascade_fnv1a(CASCADE_FNV_OFFSET, scenario_text), plan_text);
}

static uint64_t task_of(size_t n_points, uint32_t point, uint32_t replicate)
{
    return (uint64_t)replicate * n_points + point;
}

/* Splits a journal line into its fields; returns whether it has exactly the fields a
 * journal line needs, with point and replicate in range. */
static bool parse_line(const char *line, size_t n_points, uint32_t replicates, uint32_t *point,
                       uint32_t *replicate)
{
    size_t fields = 1;
    for (const char *c = line; *c && *c != '\n'; c++) {
        fields += *c == ',';
    }
    if (fields != JOURNAL_FIELDS) {
        return false;
    }
    char *end;
    unsigned long p = strtoul(line, &end, 10);
    if (*end != ',') {
        return false;
    }
    unsigned long r = strtoul(end + 1, &end, 10);
    if (*end != ',' || p >= n_points || r >= replicates) {
        return false;
    }
    *point = (uint32_t)p;
    *replicate = (uint32_t)r;
    return true;
}

static const char *header_format = "# cascade sweep journal v1; fingerprint=%016" PRIx64
                                   "; points=%zu; replicates=%" PRIu32 "\n";

static void free_journal(cascade_journal *j)
{
    if (j != NULL) {
        if (j->f) {
            fclose(j->f);
        }
        free(j->path);
        free(j->done);
        free(j);
    }
}

cascade_status cascade_journal_header(const char *path, uint64_t *fingerprint, size_t *n_points,
                                      uint32_t *replicates, cascade_error *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return cascade_error_set(err, CASCADE_EINVAL, "", "cannot open %s: %s", path,
                                 strerror(errno));
    }
    char line[LINE_MAX_BYTES];
    bool ok = fgets(line, sizeof line, f) != NULL &&
              sscanf(line, "# cascade sweep journal v1; fingerprint=%" SCNx64 "; points=%zu; "
                           "replicates=%" SCNu32,
                     fingerprint, n_points, replicates) == 3;
    fclose(f);
    if (!ok) {
        return cascade_error_set(err, CASCADE_EINVAL, "", "%s: line 1: not a cascade sweep journal",
                                 path);
    }
    return CASCADE_OK;
}

/* Marks the runs of an existing journal and cuts a torn last line. */
static cascade_status replay(cascade_journal *j, cascade_error *err)
{
    uint64_t fp;
    size_t np;
    uint32_t nr;
    cascade_status s = cascade_journal_header(j->path, &fp, &np, &nr, err);
    if (s != CASCADE_OK) {
        return s;
    }
    if (fp != j->fingerprint || np != j->n_points || nr != j->replicates) {
        return cascade_error_set(err, CASCADE_EINVAL, "",
                                 "%s belongs to a different sweep (another scenario, grid or "
                                 "replicate count); use another output folder",
                                 j->path);
    }
    FILE *f = fopen(j->path, "r");
    if (f == NULL) {
        return cascade_error_set(err, CASCADE_EIO, "", "cannot read %s: %s", j->path,
                                 strerror(errno));
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long good_end = 0;
    unsigned line_no = 0;
    bool torn = false;
    while ((len = getline(&line, &cap, f)) > 0) {
        line_no++;
        uint32_t p, r;
        if (line[0] == '#' || strncmp(line, "point,", 6) == 0) {
            good_end = ftell(f);
            continue;
        }
        if (line[len - 1] != '\n' || !parse_line(line, j->n_points, j->replicates, &p, &r)) {
            torn = true;
            break;
        }
        uint64_t t = task_of(j->n_points, p, r);
        if (!(j->done[t / 8] & (1u << (t % 8)))) {
            j->done[t / 8] |= (uint8_t)(1u << (t % 8));
            j->count++;
        }
        good_end = ftell(f);
    }
    bool more = torn && getline(&line, &cap, f) > 0;
    free(line);
    fclose(f);
    if (more) {
        return cascade_error_set(err, CASCADE_EINVAL, "", "%s: line %u: damaged journal line",
                                 j->path, line_no);
    }
    if (torn && truncate(j->path, good_end) != 0) {
        return cascade_error_set(err, CASCADE_EIO, "", "cannot repair %s: %s", j->path,
                                 strerror(errno));
    }
    j->size = good_end;
    return CASCADE_OK;
}

cascade_status cascade_journal_load(cascade_journal **out, const char *path, uint64_t fingerprint,
                                    size_t n_points, uint32_t replicates, bool resume,
                                    cascade_error *err)
{
    *out = NULL;
    cascade_journal *j = calloc(1, sizeof *j);
    uint64_t tasks = (uint64_t)n_points * replicates;
    if (j == NULL || (j->path = strdup(path)) == NULL ||
        (j->done = calloc(tasks / 8 + 1, 1)) == NULL) {
        free_journal(j);
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    j->fingerprint = fingerprint;
    j->n_points = n_points;
    j->replicates = replicates;
    j->existed = access(path, F_OK) == 0;
    cascade_status s = CASCADE_OK;
    if (j->existed && !resume) {
        s = cascade_error_set(err, CASCADE_EINVAL, "",
                              "%s already holds a sweep; add --resume to finish it, or choose "
                              "another folder with -o",
                              path);
    } else if (j->existed) {
        s = replay(j, err);
    }
    if (s != CASCADE_OK) {
        free_journal(j);
        return s;
    }
    *out = j;
    return CASCADE_OK;
}

cascade_status cascade_journal_start(cascade_journal *j, cascade_error *err)
{
    /* A new journal is created exclusively and an old one must be as load left it: a
     * sweep started into the same folder since load (it may have built a network in
     * between) is refused, not interleaved with this one. */
    int fd = open(j->path, j->existed ? O_WRONLY | O_APPEND : O_WRONLY | O_APPEND | O_CREAT | O_EXCL,
                  0666);
    struct stat st;
    if (fd < 0 && errno == EEXIST) {
        return cascade_error_set(err, CASCADE_EINVAL, "",
                                 "%s already holds a sweep (another sweep started into this "
                                 "folder meanwhile); choose another folder with -o",
                                 j->path);
    }
    if (fd >= 0 && j->existed && (fstat(fd, &st) != 0 || st.st_size != (off_t)j->size)) {
        close(fd);
        return cascade_error_set(err, CASCADE_EINVAL, "",
                                 "%s changed while this sweep was starting (another sweep is "
                                 "writing to it?); rerun with --resume when it has stopped",
                                 j->path);
    }
    if (fd < 0 || (j->f = fdopen(fd, "a")) == NULL) {
        cascade_status s = cascade_error_set(err, CASCADE_EIO, "", "cannot write %s: %s", j->path,
                                             strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return s;
    }
    if (!j->existed) {
        fprintf(j->f, header_format, j->fingerprint, j->n_points, j->replicates);
        fputs("point,replicate,seed,", j->f);
        cascade_csv_summary_names(j->f);
        fputc('\n', j->f);
        if (fflush(j->f) != 0) {
            return cascade_error_set(err, CASCADE_EIO, "", "cannot write %s: %s", j->path,
                                     strerror(errno));
        }
    }
    return CASCADE_OK;
}

cascade_status cascade_journal_open(cascade_journal **out, const char *path, uint64_t fingerprint,
                                    size_t n_points, uint32_t replicates, bool resume,
                                    cascade_error *err)
{
    cascade_status s = cascade_journal_load(out, path, fingerprint, n_points, replicates, resume,
                                            err);
    if (s == CASCADE_OK && (s = cascade_journal_start(*out, err)) != CASCADE_OK) {
        free_journal(*out);
        *out = NULL;
    }
    return s;
}

bool cascade_journal_has(const cascade_journal *j, uint32_t point, uint32_t replicate)
{
    uint64_t t = task_of(j->n_points, point, replicate);
    return (j->done[t / 8] >> (t % 8)) & 1u;
}

uint64_t cascade_journal_count(const cascade_journal *j)
{
    return j->count;
}

cascade_status cascade_journal_append(cascade_journal *j, uint32_t point, uint32_t replicate,
                                      uint64_t seed, const cascade_summary *summary,
                                      cascade_error *err)
{
    fprintf(j->f, "%" PRIu32 ",%" PRIu32 ",%" PRIu64 ",", point, replicate, seed);
    cascade_csv_summary_values(j->f, summary);
    fputc('\n', j->f);
    if (fflush(j->f) != 0 || ferror(j->f)) {
        return cascade_error_set(err, CASCADE_EIO, "", "cannot write %s: %s", j->path,
                                 strerror(errno));
    }
    uint64_t t = task_of(j->n_points, point, replicate);
    j->done[t / 8] |= (uint8_t)(1u << (t % 8));
    j->count++;
    return CASCADE_OK;
}

cascade_status cascade_journal_close(cascade_journal *j, cascade_error *err)
{
    if (j == NULL) {
        return CASCADE_OK;
    }
    cascade_status s = CASCADE_OK;
    if (j->f != NULL && (fflush(j->f) != 0 || fsync(fileno(j->f)) != 0)) {
        s = cascade_error_set(err, CASCADE_EIO, "", "cannot write %s: %s", j->path,
                              strerror(errno));
    }
    free_journal(j);
    return s;
}

/* ---- the final tables ---- */

typedef struct plan_text {
    char *header;   /* the key names, comma-separated */
    char **values;  /* per point: its key values, comma-separated */
    size_t n;
} plan_text;

static void plan_text_release(plan_text *pt)
{
    for (size_t i = 0; i < pt->n; i++) {
        free(pt->values[i]);
    }
    free(pt->values);
    free(pt->header);
}

static char *chomp_dup(const char *s)
{
    size_t len = strcspn(s, "\n");
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

static cascade_status read_plan(const char *path, size_t n_points, plan_text *pt,
                                cascade_error *err)
{
    memset(pt, 0, sizeof *pt);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return cascade_error_set(err, CASCADE_EINVAL, "", "cannot open %s: %s", path,
                                 strerror(errno));
    }
    pt->values = calloc(n_points ? n_points : 1, sizeof *pt->values);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t line_no = 0;
    cascade_status s = CASCADE_OK;
    while (pt->values && (len = getline(&line, &cap, f)) > 0) {
        line_no++;
        char *comma = strchr(line, ',');
        if (comma == NULL || line[len - 1] != '\n') {
            s = cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: malformed plan line", path,
                                  line_no);
            break;
        }
        if (line_no == 1) {
            pt->header = chomp_dup(comma + 1);
            continue;
        }
        if (pt->n >= n_points || strtoul(line, NULL, 10) != pt->n) {
            s = cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: unexpected point", path,
                                  line_no);
            break;
        }
        pt->values[pt->n++] = chomp_dup(comma + 1);
    }
    free(line);
    fclose(f);
    if (s == CASCADE_OK && (pt->values == NULL || pt->header == NULL || pt->n != n_points)) {
        s = cascade_error_set(err, CASCADE_EINVAL, "", "%s: expected %zu points, found %zu", path,
                              n_points, pt->n);
    }
    if (s != CASCADE_OK) {
        plan_text_release(pt);
    }
    return s;
}

/* Index of every run's line: journal number in the top 16 bits, offset below. */
#define NO_LINE UINT64_MAX
#define OFFSET_BITS 48

static cascade_status index_journal(const char *path, size_t number, size_t n_points,
                                    uint32_t replicates, uint64_t *index, cascade_error *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return cascade_error_set(err, CASCADE_EINVAL, "", "cannot open %s: %s", path,
                                 strerror(errno));
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long offset = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        uint32_t p, r;
        if (line[0] != '#' && line[len - 1] == '\n' &&
            parse_line(line, n_points, replicates, &p, &r)) {
            uint64_t t = task_of(n_points, p, r);
            if (index[t] == NO_LINE) {
                index[t] = ((uint64_t)number << OFFSET_BITS) | (uint64_t)offset;
            }
        }
        offset += len;
    }
    free(line);
    fclose(f);
    return CASCADE_OK;
}

typedef struct point_stats {
    double *final_dissent, *peak_dissent; /* replicates entries each */
    size_t n;
    double cascades, collapses, cascade_ticks, n_cascade_ticks, defected, purged, gap;
} point_stats;

static void write_stat_block(FILE *f, double *x, size_t n)
{
    if (n == 0) {
        fputs(",,,,,", f);
        return;
    }
    gsl_sort(x, 1, n);
    double v[5] = {gsl_stats_mean(x, 1, n), n > 1 ? gsl_stats_sd(x, 1, n) : 0.0,
                   gsl_stats_quantile_from_sorted_data(x, 1, n, 0.1),
                   gsl_stats_quantile_from_sorted_data(x, 1, n, 0.5),
                   gsl_stats_quantile_from_sorted_data(x, 1, n, 0.9)};
    for (int i = 0; i < 5; i++) {
        fputc(',', f);
        cascade_csv_real(f, v[i]);
    }
}

static void write_point_row(FILE *f, const char *values, point_stats *st)
{
    fprintf(f, "%s,%zu", values, st->n);
    write_stat_block(f, st->final_dissent, st->n);
    write_stat_block(f, st->peak_dissent, st->n);
    if (st->n == 0) {
        fputs(",,,,,,\n", f);
        return;
    }
    double n = (double)st->n;
    fputc(',', f);
    cascade_csv_real(f, st->cascades / n);
    fputc(',', f);
    cascade_csv_real(f, st->collapses / n);
    fputc(',', f);
    if (st->n_cascade_ticks > 0) {
        cascade_csv_real(f, st->cascade_ticks / st->n_cascade_ticks);
    }
    fputc(',', f);
    cascade_csv_real(f, st->defected / n);
    fputc(',', f);
    cascade_csv_real(f, st->purged / n);
    fputc(',', f);
    cascade_csv_real(f, st->gap / n);
    fputc('\n', f);
}

/* Adds one journal line's summary (the text after point,replicate,seed) to st. */
static void accumulate(point_stats *st, const char *summary)
{
    double v[10];
    const char *c = summary;
    for (int i = 0; i < 10; i++) {
        v[i] = (*c == ',' || *c == '\n' || *c == '\0') ? NAN : strtod(c, NULL);
        c = strchr(c, ',');
        c = c ? c + 1 : "";
    }
    st->final_dissent[st->n] = v[0];
    st->peak_dissent[st->n] = v[1];
    st->cascades += v[3];
    if (!isnan(v[4])) {
        st->cascade_ticks += v[4];
        st->n_cascade_ticks += 1;
    }
    st->collapses += v[5];
    st->defected += v[7];
    st->purged += v[8];
    st->gap += v[9];
    st->n++;
}

cascade_status cascade_sweep_tables_write(const char *dir, const char *plan_path,
                                          const char *const *journals, size_t n_journals,
                                          size_t n_points, uint32_t replicates,
                                          uint64_t *n_missing, cascade_error *err)
{
    plan_text pt;
    cascade_status s = read_plan(plan_path, n_points, &pt, err);
    if (s != CASCADE_OK) {
        return s;
    }
    uint64_t tasks = (uint64_t)n_points * replicates;
    uint64_t *index = malloc((tasks ? tasks : 1) * sizeof *index);
    int *fds = calloc(n_journals ? n_journals : 1, sizeof *fds);
    point_stats st = {0};
    st.final_dissent = malloc((replicates ? replicates : 1) * sizeof(double));
    st.peak_dissent = malloc((replicates ? replicates : 1) * sizeof(double));
    char *sweep_path = cascade_io_join(dir, "sweep.csv");
    char *points_path = cascade_io_join(dir, "points.csv");
    cascade_atomic_file sweep = {0}, points = {0};
    *n_missing = 0;
    for (size_t j = 0; j < n_journals && fds; j++) {
        fds[j] = -1;
    }
    if (!index || !fds || !st.final_dissent || !st.peak_dissent || !sweep_path || !points_path) {
        s = cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
        goto done;
    }
    for (uint64_t t = 0; t < tasks; t++) {
        index[t] = NO_LINE;
    }
    for (size_t j = 0; j < n_journals && s == CASCADE_OK; j++) {
        s = index_journal(journals[j], j, n_points, replicates, index, err);
        fds[j] = open(journals[j], O_RDONLY);
    }
    if (s != CASCADE_OK ||
        (s = cascade_atomic_open(&sweep, sweep_path, err)) != CASCADE_OK ||
        (s = cascade_atomic_open(&points, points_path, err)) != CASCADE_OK) {
        goto done;
    }
    fprintf(sweep.f, "point,%s,replicate,seed,", pt.header);
    cascade_csv_summary_names(sweep.f);
    fprintf(points.f, "%s,n", pt.header);
    for (int b = 0; b < 2; b++) {
        const char *name = b ? "peak_dissent" : "final_dissent";
        fprintf(points.f, ",%s_mean,%s_sd,%s_q10,%s_q50,%s_q90", name, name, name, name, name);
    }
    fputs(",cascade_prob,collapse_prob,cascade_tick_mean,defected_mean,purged_mean,final_gap_mean\n",
          points.f);
    fputc('\n', sweep.f);
    char line[LINE_MAX_BYTES];
    for (size_t p = 0; p < n_points; p++) {
        st.n = 0;
        st.cascades = st.collapses = st.cascade_ticks = st.n_cascade_ticks = 0;
        st.defected = st.purged = st.gap = 0;
        for (uint32_t r = 0; r < replicates; r++) {
            uint64_t at = index[task_of(n_points, (uint32_t)p, r)];
            if (at == NO_LINE) {
                (*n_missing)++;
                continue;
            }
            int fd = fds[at >> OFFSET_BITS];
            off_t offset = (off_t)(at & ((UINT64_C(1) << OFFSET_BITS) - 1));
            ssize_t got = pread(fd, line, sizeof line - 1, offset);
            if (got <= 0) {
                s = cascade_error_set(err, CASCADE_EIO, "", "cannot read %s",
                                      journals[at >> OFFSET_BITS]);
                goto done;
            }
            line[got] = '\0';
            line[strcspn(line, "\n")] = '\0';
            /* skip point and replicate; keep seed and the summary */
            const char *rest = strchr(strchr(line, ',') + 1, ',') + 1;
            fprintf(sweep.f, "%zu,%s,%" PRIu32 ",%s\n", p, pt.values[p], r, rest);
            accumulate(&st, strchr(rest, ',') + 1);
        }
        write_point_row(points.f, pt.values[p], &st);
    }
    if ((s = cascade_atomic_commit(&sweep, err)) != CASCADE_OK ||
        (s = cascade_atomic_commit(&points, err)) != CASCADE_OK) {
        goto done;
    }
done:
    cascade_atomic_abort(&sweep);
    cascade_atomic_abort(&points);
    for (size_t j = 0; j < n_journals && fds; j++) {
        if (fds[j] >= 0) {
            close(fds[j]);
        }
    }
    free(fds);
    free(index);
    free(st.final_dissent);
    free(st.peak_dissent);
    free(sweep_path);
    free(points_path);
    plan_text_release(&pt);
    return s;
}

/*
 * Atomic files and CSV rows. A file is written under "NAME.tmp.PID" in its own folder
 * and renamed over NAME only after every byte was written, flushed and synced, so an
 * interrupted or failed run leaves the previous files (or none), never half of one.
 */
#include "cascade/io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cascade/format.h"

char *cascade_io_join(const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *p = malloc(len);
    if (p != NULL) {
        snprintf(p, len, "%s/%s", dir, name);
    }
    return p;
}

cascade_status cascade_atomic_open(cascade_atomic_file *af, const char *path, cascade_error *err)
{
    memset(af, 0, sizeof *af);
    size_t len = strlen(path) + 32;
    af->path = strdup(path);
    af->tmp_path = malloc(len);
    if (af->path == NULL || af->tmp_path == NULL) {
        cascade_atomic_abort(af);
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    snprintf(af->tmp_path, len, "%s.tmp.%ld", path, (long)getpid());
    af->f = fopen(af->tmp_path, "w");
    if (af->f == NULL) {
        cascade_status s = cascade_error_set(err, CASCADE_EIO, "", "cannot write %s: %s", path,
                                             strerror(errno));
        free(af->path);
        free(af->tmp_path);
        memset(af, 0, sizeof *af);
        return s;
    }
    return CASCADE_OK;
}

void cascade_atomic_abort(cascade_atomic_file *af)
{
    if (af->f != NULL) {
        fclose(af->f);
        remove(af->tmp_path);
    }
    free(af->path);
    free(af->tmp_path);
    memset(af, 0, sizeof *af);
}

cascade_status cascade_atomic_commit(cascade_atomic_file *af, cascade_error *err)
{
    bool ok = fflush(af->f) == 0 && !ferror(af->f) && fsync(fileno(af->f)) == 0;
    int saved = errno;
    if (fclose(af->f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    af->f = NULL;
    if (ok && rename(af->tmp_path, af->path) != 0) {
        ok = false;
        saved = errno;
    }
    cascade_status s = CASCADE_OK;
    if (!ok) {
        remove(af->tmp_path);
        s = cascade_error_set(err, CASCADE_EIO, "", "cannot write %s: %s", af->path,
                              strerror(saved));
    }
    free(af->path);
    free(af->tmp_path);
    memset(af, 0, sizeof *af);
    return s;
}

cascade_status cascade_io_write_text(const char *path, const char *text, cascade_error *err)
{
    cascade_atomic_file af;
    cascade_status s = cascade_atomic_open(&af, path, err);
    if (s != CASCADE_OK) {
        return s;
    }
    fputs(text, af.f);
    return cascade_atomic_commit(&af, err);
}

cascade_status cascade_io_mkdirs(const char *path, cascade_error *err)
{
    if (path[0] == '\0') {
        return cascade_error_set(err, CASCADE_EINVAL, "", "an output folder needs a name (got "
                                 "\"\")");
    }
    char *p = strdup(path);
    if (p == NULL) {
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    for (char *c = p + 1;; c++) {
        if (*c == '/' || *c == '\0') {
            char keep = *c;
            *c = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                cascade_status s = cascade_error_set(err, CASCADE_EIO, "",
                                                     "cannot create folder %s: %s", p,
                                                     strerror(errno));
                free(p);
                return s;
            }
            *c = keep;
            if (keep == '\0') {
                break;
            }
        }
    }
    free(p);
    struct stat st;
    if (stat(path, &st) != 0) {
        return cascade_error_set(err, CASCADE_EIO, "", "cannot use %s as output folder: %s",
                                 path, strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
        return cascade_error_set(err, CASCADE_EIO, "", "cannot use %s as output folder: it is "
                                 "a file, not a folder", path);
    }
    if (access(path, W_OK | X_OK) != 0) {
        return cascade_error_set(err, CASCADE_EIO, "", "cannot write to folder %s: %s", path,
                                 strerror(errno));
    }
    return CASCADE_OK;
}

void cascade_csv_real(FILE *f, double x)
{
    char buf[40];
    cascade_format_real(buf, sizeof buf, x);
    fputs(buf, f);
}

void cascade_csv_timeseries_header(FILE *f)
{
    fputs("replicate,tick,public_dissent,private_opposition,falsification_gap,mean_discontent,"
          "defected,purged,mean_fear,security_active,security_barracks,security_defected,"
          "collapsed\n",
          f);
}

void cascade_csv_timeseries_row(FILE *f, uint32_t replicate, const cascade_observables *o)
{
    const double v[] = {o->public_dissent, o->private_opposition, o->falsification_gap,
                        o->mean_discontent, o->defected, o->purged, o->mean_fear,
                        o->security_active, o->security_barracks, o->security_defected};
    fprintf(f, "%u,%u", replicate, o->tick);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        fputc(',', f);
        cascade_csv_real(f, v[i]);
    }
    fprintf(f, ",%d\n", o->collapsed ? 1 : 0);
}

void cascade_csv_summary_names(FILE *f)
{
    fputs("final_dissent,peak_dissent,peak_tick,cascade,cascade_tick,collapsed,collapse_tick,"
          "defected,purged,final_gap",
          f);
}

static void tick_field(FILE *f, uint32_t tick)
{
    if (tick != CASCADE_NO_TICK) {
        fprintf(f, "%u", tick);
    }
}

void cascade_csv_summary_values(FILE *f, const cascade_summary *s)
{
    cascade_csv_real(f, s->final_dissent);
    fputc(',', f);
    cascade_csv_real(f, s->peak_dissent);
    fprintf(f, ",%u,%d,", s->peak_tick, s->cascade ? 1 : 0);
    tick_field(f, s->cascade_tick);
    fprintf(f, ",%d,", s->collapsed ? 1 : 0);
    tick_field(f, s->collapse_tick);
    fputc(',', f);
    cascade_csv_real(f, s->defected);
    fputc(',', f);
    cascade_csv_real(f, s->purged);
    fputc(',', f);
    cascade_csv_real(f, s->final_gap);
}

void cascade_csv_summary_header(FILE *f)
{
    fputs("replicate,seed,", f);
    cascade_csv_summary_names(f);
    fputc('\n', f);
}

void cascade_csv_summary_row(FILE *f, uint32_t replicate, uint64_t seed, const cascade_summary *s)
{
    fprintf(f, "%u,%llu,", replicate, (unsigned long long)seed);
    cascade_csv_summary_values(f, s);
    fputc('\n', f);
}

/*
 * cascade analyze SCENARIO: the mean-field theory of a scenario's initial state
 * (include/cascade/analyze.h).
 *
 * Writes into the output folder (default out/NAME), each file under a temporary name
 * renamed into place only when everything has been computed:
 *   scenario.cfg           the resolved scenario (and the --vary specification);
 *   threshold_map.csv      x,F,F_sampled: F is the theory map where there is one, else
 *                          the sampled one; F_sampled the population of replicate 0;
 *   fixed_points.csv       x,stable: the fixed points of F;
 *   cobweb.csv             step,x: iterates of F from the seed share;
 *   bifurcation.csv        KEY,x,stable: the fixed points at each value (--vary);
 *   hysteresis.csv         KEY,up,down: the equilibrium followed up and back down (--vary);
 *   cascade_condition.csv  for explicit fractional thresholds on a random network: Watts's
 *                          condition and Gleeson and Cahalane's expected cascade size;
 *   cobweb.*, bifurcation.* the charts (cascade_plot_dir), unless --no-plot.
 * The command only parses, calls the analyze library and writes; no theory lives here.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cascade/analyze.h"
#include "cascade/io.h"
#include "cascade/network.h"
#include "cascade/rng.h"
#include "cascade/run.h"
#include "cli.h"

#define MAP_POINTS 1001      /* rows of threshold_map.csv: x = 0, 0.001, ..., 1 */
#define MAX_FIXED 256        /* fixed points kept per map */
#define MAX_COBWEB 1000      /* iterates kept in cobweb.csv */
#define MAX_VARY_POINTS 10000
#define WINDOW_Z_MAX 50.0    /* mean degrees searched for Watts's window */
#define DEGREE_CAP 4096      /* degree probabilities kept (Poisson, empirical) */

enum { F_SCENARIO, F_MAP, F_FIXED, F_COBWEB, F_BIFURCATION, F_HYSTERESIS, F_CONDITION, N_FILES };
static const char *const file_names[N_FILES] = {
    "scenario.cfg", "threshold_map.csv", "fixed_points.csv", "cobweb.csv",
    "bifurcation.csv", "hysteresis.csv", "cascade_condition.csv"};

/* One analysed scenario: its maps, fixed points and the network of replicate 0. Once
 * sampled, a point keeps only what the files read: its sampled map when that is its map
 * or the scenario's own (F_sampled), its network when cascade_condition.csv counts its
 * degrees; so the points of --vary do not each hold a population's arrays. */
typedef struct point {
    cascade_scenario *sc;
    cascade_analyze_map *theory;   /* NULL when there is no theory */
    cascade_analyze_map *sampled;  /* NULL once dropped (keep_sampled false) */
    cascade_analyze_map *map;      /* theory, else sampled (borrowed) */
    cascade_fixed_point fps[MAX_FIXED];
    size_t n_fps;
    cascade_network net;           /* empty once dropped (keep_network false) */
    double value;                  /* the varied key's value */
    bool keep_sampled;
    bool keep_network;
} point;

static void point_release(point *pt)
{
    cascade_analyze_map_free(pt->theory);
    cascade_analyze_map_free(pt->sampled);
    cascade_network_release(&pt->net);
    cascade_scenario_free(pt->sc);
    memset(pt, 0, sizeof *pt);
}

/* The sampled map: the population replicate 0 of `cascade run` draws, on its network. */
static cascade_status sample(const cascade_params *p, point *pt, cascade_error *err)
{
    const gsl_rng_type *type = cascade_rng_type_find(p->rng);
    if (type == NULL) {
        return cascade_error_set(err, CASCADE_EINVAL, "run.rng", "unknown GSL generator \"%s\"",
                                 p->rng);
    }
    gsl_rng *rng = cascade_rng_alloc(type, cascade_rng_derive(p->seed, 0, 0, CASCADE_RNG_RUN));
    cascade_model *model = NULL;
    cascade_status s = CASCADE_OK;
    if (rng == NULL) {
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    /* as cascade_run_one builds it (the build also checks a network file) */
    s = cascade_network_is_fixed(&p->network)
            ? cascade_run_build_fixed(p, 0, &pt->net, err)
            : cascade_network_build(&p->network, p->size, rng, &pt->net, err);
    if (s != CASCADE_OK) {
        goto done;
    }
    model = cascade_model_alloc(p, &pt->net, rng);
    if (model == NULL) {
        s = cascade_error_set(err, CASCADE_ENOMEM, "population.size",
                              "out of memory for %u elites", p->size);
        goto done;
    }
    s = cascade_analyze_map_sampled(model, &pt->net, &pt->sampled, err);
done:
    cascade_model_free(model);
    gsl_rng_free(rng);
    return s;
}

/* Loads the scenario, or point `index` of --vary when extra (its setting) is given, and
 * its theory map when wanted and there is one. Returns an exit status, or -1 when all
 * went well. */
static int load_point(const cli_options *o, const char *extra, long index, bool want_theory,
                      point *pt)
{
    int status;
    if (extra == NULL) {
        if ((pt->sc = cli_load(o, &status)) == NULL) {
            return status;
        }
    } else {
        if ((pt->sc = cli_load_with(o, &extra, 1)) == NULL) {
            fprintf(stderr, "cascade analyze: out of memory\n");
            return CASCADE_EXIT_FAILURE;
        }
        if (!cascade_scenario_ok(pt->sc)) {
            cli_print_point_problems(pt->sc, (size_t)index);
            return CASCADE_EXIT_USAGE;
        }
    }
    if (want_theory) {
        cascade_error ignored = {0};
        if (cascade_analyze_map_theory(cascade_scenario_params(pt->sc), false, &pt->theory,
                                       &ignored) != CASCADE_OK &&
            ignored.status == CASCADE_ENOMEM) {
            return cli_report(pt->sc, &ignored);
        }
    }
    return -1;
}

/* Bytes sampling a point takes at its peak: the network of replicate 0 (or its build), the
 * model and the sampled map, all held at once by sample(). */
static double peak_bytes(const cascade_params *p)
{
    return cascade_run_bytes(p, true, false) + cascade_analyze_map_sampled_bytes(p);
}

/* Bytes a sampled point keeps. */
static double kept_bytes(const point *pt)
{
    const cascade_params *p = cascade_scenario_params(pt->sc);
    return (pt->keep_sampled ? cascade_analyze_map_sampled_bytes(p) : 0.0) +
           (pt->keep_network ? cascade_network_expected_bytes(&p->network, p->size) : 0.0);
}

/* Whether the scenario and then the n points of --vary, sampled one after the other while
 * the earlier ones keep what they keep, fit in this machine's memory; the first that
 * does not is reported, a point of --vary by its value (as sweep does). Nothing is
 * allocated before this check. Returns an exit status, or -1 when all fit. */
static int check_memory(const point *base, const point *pts, long n, const char *key)
{
    double kept = 0.0;
    for (long i = -1; i < n; i++) {
        const point *pt = i < 0 ? base : &pts[i];
        const cascade_params *p = cascade_scenario_params(pt->sc);
        char detail[128];
        snprintf(detail, sizeof detail, "replicate 0's network, model and sampled map%s",
                 i < 0 ? "" : ", and what the earlier points keep");
        cascade_error err = {0};
        if (cascade_run_check_bytes(p, kept + peak_bytes(p), detail, &err) != CASCADE_OK) {
            if (i < 0) {
                return cli_report(base->sc, &err);
            }
            char msg[sizeof err.msg];
            snprintf(msg, sizeof msg, "%s", err.msg);
            cascade_error_set(&err, err.status, "", "--vary point %ld (%s=%.17g): %s", i, key,
                              pt->value, msg);
            return cli_report(NULL, &err);
        }
        kept += kept_bytes(pt);
    }
    return -1;
}

/* Samples a loaded point, finds the fixed points of its map and drops what it need not
 * keep. Returns an exit status, or -1 when all went well. */
static int analyze_point(point *pt, cascade_error *err)
{
    assert(pt->keep_sampled || pt->theory != NULL);
    if (sample(cascade_scenario_params(pt->sc), pt, err) != CASCADE_OK) {
        return cli_report(pt->sc, err);
    }
    pt->map = pt->theory ? pt->theory : pt->sampled;
    pt->n_fps = cascade_analyze_fixed_points(pt->map, pt->fps, MAX_FIXED);
    if (pt->n_fps > MAX_FIXED) {
        pt->n_fps = MAX_FIXED;
    }
    if (!pt->keep_sampled) {
        cascade_analyze_map_free(pt->sampled);
        pt->sampled = NULL;
    }
    if (!pt->keep_network) {
        cascade_network_release(&pt->net);
    }
    return -1;
}

/* --vary KEY=A:B:N into its parts; false (with a message printed) when malformed. */
static bool parse_vary(const char *spec, char *key, size_t key_len, double *a, double *b,
                       long *n)
{
    const char *eq = strchr(spec, '=');
    if (eq == NULL || eq == spec || (size_t)(eq - spec) >= key_len) {
        cli_usage_error("analyze", "--vary: expected KEY=A:B:N, got \"%s\"", spec);
        return false;
    }
    memcpy(key, spec, (size_t)(eq - spec));
    key[eq - spec] = '\0';
    char extra;
    if (sscanf(eq + 1, "%lf:%lf:%ld%c", a, b, n, &extra) != 3 || !isfinite(*a) ||
        !isfinite(*b) || *n < 2 || *n > MAX_VARY_POINTS || !(*b > *a)) {
        cli_usage_error("analyze", "--vary: expected KEY=A:B:N with A < B and 2 <= N <= %d, "
                                   "got \"%s\"", MAX_VARY_POINTS, spec);
        return false;
    }
    return true;
}

static void write_map(FILE *f, point *pt)
{
    fputs("x,F,F_sampled\n", f);
    for (size_t i = 0; i < MAP_POINTS; i++) {
        double x = (double)i / (double)(MAP_POINTS - 1);
        cascade_csv_real(f, x);
        fputc(',', f);
        cascade_csv_real(f, cascade_analyze_map_eval(pt->map, x));
        fputc(',', f);
        cascade_csv_real(f, cascade_analyze_map_eval(pt->sampled, x));
        fputc('\n', f);
    }
}

static void write_fixed(FILE *f, const point *pt, const char *key)
{
    for (size_t i = 0; i < pt->n_fps; i++) {
        if (key) {
            cascade_csv_real(f, pt->value);
            fputc(',', f);
        }
        cascade_csv_real(f, pt->fps[i].x);
        fprintf(f, ",%d\n", pt->fps[i].stable ? 1 : 0);
    }
}

/* Whether Watts's theory applies: explicit fractional thresholds on a stored network. */
static bool network_theory(const cascade_params *p)
{
    return p->has_threshold && p->threshold_unit == CASCADE_UNIT_FRACTION &&
           p->network.type != CASCADE_NET_COMPLETE;
}

static void write_condition_header(FILE *f, const char *key)
{
    if (key) {
        fprintf(f, "%s,", key);
    }
    fputs("degrees,mean_degree,watts_sum,global_possible,vulnerable,cascade_probability,"
          "seed_fraction,expected_size,window_lo,window_hi\n", f);
}

/* One row of cascade_condition.csv; returns false when out of memory. */
static bool write_condition(FILE *f, const point *pt, const char *key, double *pk, double *win)
{
    const cascade_params *p = cascade_scenario_params(pt->sc);
    size_t n_k;
    bool poisson = p->network.type == CASCADE_NET_ERDOS_RENYI;
    if (poisson) {
        n_k = cascade_analyze_poisson(p->network.mean_degree, pk, DEGREE_CAP);
    } else { /* the configuration model of the degrees replicate 0's network has */
        memset(pk, 0, DEGREE_CAP * sizeof *pk);
        n_k = 1;
        for (uint32_t i = 0; i < p->size; i++) {
            uint32_t k = cascade_network_degree(&pt->net, i);
            k = k < DEGREE_CAP - 1 ? k : DEGREE_CAP - 1;
            pk[k] += 1.0 / (double)p->size;
            n_k = k + 1 > n_k ? k + 1 : n_k;
        }
    }
    cascade_analyze_threshold t = {&p->threshold, p->size};
    cascade_watts w;
    cascade_analyze_watts(pk, n_k, cascade_analyze_threshold_cdf, &t, &w);
    double seed = cascade_analyze_map_seed(pt->map);
    double size = cascade_analyze_gleeson(pk, n_k, cascade_analyze_threshold_cdf, &t, seed);
    if (isnan(size)) {
        return false;
    }
    bool has_window = poisson && cascade_analyze_watts_window(cascade_analyze_threshold_cdf, &t,
                                                              WINDOW_Z_MAX, &win[0], &win[1]);
    if (key) {
        cascade_csv_real(f, pt->value);
        fputc(',', f);
    }
    fprintf(f, "%s,", poisson ? "poisson" : "empirical");
    double cols[5] = {w.mean_degree, w.watts_sum, 0, w.vulnerable, w.cascade_probability};
    for (size_t i = 0; i < 5; i++) {
        if (i == 2) {
            fprintf(f, "%d,", w.global_possible ? 1 : 0);
            continue;
        }
        cascade_csv_real(f, cols[i]);
        fputc(',', f);
    }
    cascade_csv_real(f, seed);
    fputc(',', f);
    cascade_csv_real(f, size);
    fputc(',', f);
    if (has_window) {
        cascade_csv_real(f, win[0]);
        fputc(',', f);
        cascade_csv_real(f, win[1]);
    } else {
        fputc(',', f);
    }
    fputc('\n', f);
    if (!key) {
        win[2] = has_window;
    }
    return true;
}

static void print_fixed(const point *pt)
{
    printf("fixed points:");
    for (size_t i = 0; i < pt->n_fps; i++) {
        printf("%s %.6g (%s)", i ? "," : "", pt->fps[i].x,
               pt->fps[i].stable ? "stable" : (pt->fps[i].tangent ? "tangent" : "unstable"));
    }
    printf("%s\n", pt->n_fps ? "" : " none");
}

/* Where the followed branches part: the values of the varied key at which up and down
 * differ (bistability, hysteresis). */
static void print_hysteresis(const char *key, const point *pts, const double *up,
                             const double *down, size_t n)
{
    size_t first = n, last = n;
    for (size_t i = 0; i < n; i++) {
        if (fabs(up[i] - down[i]) > 1e-6) {
            first = first == n ? i : first;
            last = i;
        }
    }
    if (first == n) {
        printf("no hysteresis: the branch followed up and down is the same\n");
        return;
    }
    printf("hysteresis: the branches followed up and down differ for %s in [%.6g, %.6g]\n",
           key, pts[first].value, pts[last].value);
}

/* Removes the optional files (and the bifurcation chart) an earlier analysis left in out
 * that this one did not write (paths[i] NULL), so the folder holds one analysis only. */
static void remove_stale(const char *out, char *const *paths)
{
    static const char *const charts[] = {"bifurcation.png", "bifurcation.pdf",
                                         "bifurcation.svg"};
    const char *stale[N_FILES + 3];
    size_t n = 0;
    for (int i = F_BIFURCATION; i < N_FILES; i++) {
        if (paths[i] == NULL) {
            stale[n++] = file_names[i];
        }
    }
    for (size_t c = 0; paths[F_BIFURCATION] == NULL && c < 3; c++) {
        stale[n++] = charts[c];
    }
    for (size_t k = 0; k < n; k++) {
        char *path = cascade_io_join(out, stale[k]);
        if (path != NULL) {
            (void)unlink(path);
        }
        free(path);
    }
}

int cmd_analyze(int argc, char **argv)
{
    cli_options o;
    int status = cli_parse(argc, argv, cli_find("analyze"), &o);
    if (status >= 0) {
        cli_options_release(&o);
        return status;
    }
    char key[96] = "";
    double va = 0, vb = 0;
    long vn = 0;
    if (o.n_varies > 1) {
        cli_options_release(&o);
        return cli_usage_error("analyze", "--vary: analyze takes one varied key");
    }
    if (o.n_varies == 1 && !parse_vary(o.varies[0], key, sizeof key, &va, &vb, &vn)) {
        cli_options_release(&o);
        return CASCADE_EXIT_USAGE;
    }
    bool varied = o.n_varies == 1;
    point base = {0};
    point *pts = NULL;
    double *up = NULL, *down = NULL, *pk = NULL, *xs = NULL;
    char *out = NULL, *resolved = NULL, *paths[N_FILES] = {NULL};
    cascade_atomic_file files[N_FILES];
    memset(files, 0, sizeof files);
    cascade_error err = {0};
    status = load_point(&o, NULL, 0, true, &base);
    if (status >= 0) {
        goto done;
    }
    const cascade_params *p = cascade_scenario_params(base.sc);
    bool theory = base.theory != NULL;
    bool condition = network_theory(p);
    base.keep_sampled = true;
    base.keep_network = !varied && condition && p->network.type != CASCADE_NET_ERDOS_RENYI;
    if (varied) {
        pts = calloc((size_t)vn, sizeof *pts);
        if (pts == NULL) {
            cascade_error_set(&err, CASCADE_ENOMEM, "", "out of memory");
            goto fail;
        }
        for (long i = 0; i < vn; i++) {
            double v = i == vn - 1 ? vb : va + (vb - va) * (double)i / (double)(vn - 1);
            char set[160];
            snprintf(set, sizeof set, "%s=%.17g", key, v);
            status = load_point(&o, set, i, theory, &pts[i]);
            if (status >= 0) {
                goto done;
            }
            const cascade_params *pi = cascade_scenario_params(pts[i].sc);
            pts[i].value = v;
            pts[i].keep_sampled = pts[i].theory == NULL;
            pts[i].keep_network = condition && pi->network.type != CASCADE_NET_ERDOS_RENYI;
        }
    }
    if ((status = check_memory(&base, pts, varied ? vn : 0, key)) >= 0) {
        goto done;
    }
    out = cli_out_dir(&o, base.sc);
    if (out != NULL && cli_check_folder(out, "analyze", &err) != CASCADE_OK) {
        goto fail;
    }
    if ((status = analyze_point(&base, &err)) >= 0) {
        goto done;
    }
    resolved = cascade_scenario_format(base.sc);
    xs = malloc(MAX_COBWEB * sizeof *xs);
    pk = malloc(DEGREE_CAP * sizeof *pk);
    if (out == NULL || resolved == NULL || xs == NULL || pk == NULL) {
        cascade_error_set(&err, CASCADE_ENOMEM, "", "out of memory");
        goto fail;
    }
    /* the varied points */
    if (varied) {
        up = malloc((size_t)vn * sizeof *up);
        down = malloc((size_t)vn * sizeof *down);
        if (up == NULL || down == NULL) {
            cascade_error_set(&err, CASCADE_ENOMEM, "", "out of memory");
            goto fail;
        }
        for (long i = 0; i < vn; i++) {
            if ((status = analyze_point(&pts[i], &err)) >= 0) {
                goto done;
            }
        }
        cascade_analyze_map **maps = malloc((size_t)vn * sizeof *maps);
        const cascade_fixed_point **fps = malloc((size_t)vn * sizeof *fps);
        size_t *n_fps = malloc((size_t)vn * sizeof *n_fps);
        if (maps == NULL || fps == NULL || n_fps == NULL) {
            free(maps);
            free(fps);
            free(n_fps);
            cascade_error_set(&err, CASCADE_ENOMEM, "", "out of memory");
            goto fail;
        }
        for (long i = 0; i < vn; i++) {
            maps[i] = pts[i].map;
            fps[i] = pts[i].fps;
            n_fps[i] = pts[i].n_fps;
        }
        cascade_analyze_follow(maps, fps, n_fps, (size_t)vn, cascade_analyze_map_seed(maps[0]),
                               up, down);
        free(maps);
        free(fps);
        free(n_fps);
    }
    if (cascade_io_mkdirs(out, &err) != CASCADE_OK) {
        goto fail;
    }
    for (int i = 0; i < N_FILES; i++) {
        if ((i == F_BIFURCATION || i == F_HYSTERESIS) && !varied) {
            continue;
        }
        if (i == F_CONDITION && !condition) {
            continue;
        }
        paths[i] = cascade_io_join(out, file_names[i]);
        if (paths[i] == NULL) {
            cascade_error_set(&err, CASCADE_ENOMEM, "", "out of memory");
            goto fail;
        }
        if (cascade_atomic_open(&files[i], paths[i], &err) != CASCADE_OK) {
            goto fail;
        }
    }
    fputs(resolved, files[F_SCENARIO].f);
    if (varied) {
        fprintf(files[F_SCENARIO].f, "# cascade analyze --vary %s\n", o.varies[0]);
    }
    write_map(files[F_MAP].f, &base);
    fputs("x,stable\n", files[F_FIXED].f);
    write_fixed(files[F_FIXED].f, &base, NULL);
    double seed = cascade_analyze_map_seed(base.map);
    size_t n_xs = cascade_analyze_iterate(base.map, seed, xs, MAX_COBWEB);
    fputs("step,x\n", files[F_COBWEB].f);
    for (size_t t = 0; t < n_xs; t++) {
        fprintf(files[F_COBWEB].f, "%zu,", t);
        cascade_csv_real(files[F_COBWEB].f, xs[t]);
        fputc('\n', files[F_COBWEB].f);
    }
    double win[3] = {0, 0, 0};
    if (condition) {
        write_condition_header(files[F_CONDITION].f, varied ? key : NULL);
        for (long i = 0; i < (varied ? vn : 1); i++) {
            if (!write_condition(files[F_CONDITION].f, varied ? &pts[i] : &base,
                                 varied ? key : NULL, pk, win)) {
                cascade_error_set(&err, CASCADE_ENOMEM, "", "out of memory");
                goto fail;
            }
        }
    }
    if (varied) {
        fprintf(files[F_BIFURCATION].f, "%s,x,stable\n", key);
        fprintf(files[F_HYSTERESIS].f, "%s,up,down\n", key);
        for (long i = 0; i < vn; i++) {
            write_fixed(files[F_BIFURCATION].f, &pts[i], key);
            cascade_csv_real(files[F_HYSTERESIS].f, pts[i].value);
            fputc(',', files[F_HYSTERESIS].f);
            cascade_csv_real(files[F_HYSTERESIS].f, up[i]);
            fputc(',', files[F_HYSTERESIS].f);
            cascade_csv_real(files[F_HYSTERESIS].f, down[i]);
            fputc('\n', files[F_HYSTERESIS].f);
        }
    }
    for (int i = 0; i < N_FILES; i++) {
        if (files[i].f && ferror(files[i].f)) {
            cascade_error_set(&err, CASCADE_EIO, "", "cannot write %s", paths[i]);
            goto fail;
        }
    }
    for (int i = 0; i < N_FILES; i++) {
        if (files[i].f && cascade_atomic_commit(&files[i], &err) != CASCADE_OK) {
            goto fail;
        }
    }
    remove_stale(out, paths);
    char *charts;
    bool plotted = cli_draw_charts("analyze", out, &o, o.scenario, &charts);
    if (!o.quiet) {
        double eq = cascade_analyze_equilibrium(base.map, base.fps, base.n_fps, seed);
        double eq_s = cascade_analyze_equilibrium(base.sampled, NULL, 0,
                                                  cascade_analyze_map_seed(base.sampled));
        printf("map: %s (N = %u, seed share %.6g)\n",
               cascade_analyze_method_name(cascade_analyze_map_method(base.map)), p->size, seed);
        print_fixed(&base);
        printf("equilibrium from the seed share: %.6g (%zu steps)\n", eq, n_xs - 1);
        printf("sampled population (replicate 0): equilibrium %.6g\n", eq_s);
        if (condition && win[2] > 0.0) {
            printf("Watts's cascade window (Erdos-Renyi): %.6g < z < %.6g\n", win[0], win[1]);
        }
        if (varied) {
            print_hysteresis(key, pts, up, down, (size_t)vn);
        }
        printf("wrote");
        for (int i = 0, first = 1; i < N_FILES; i++) {
            if (paths[i]) {
                printf("%s %s", first ? "" : ",", paths[i]);
                first = 0;
            }
        }
        if (charts && charts[0]) {
            printf(", %s", charts);
        }
        printf("\n");
    }
    free(charts);
    status = plotted ? CASCADE_EXIT_OK : CASCADE_EXIT_FAILURE;
    goto done;
fail:
    for (int i = 0; i < N_FILES; i++) {
        cascade_atomic_abort(&files[i]);
    }
    status = cli_report(base.sc, &err);
done:
    if (pts) {
        for (long i = 0; i < vn; i++) {
            point_release(&pts[i]);
        }
    }
    for (int i = 0; i < N_FILES; i++) {
        free(paths[i]);
    }
    free(pts);
    free(up);
    free(down);
    free(pk);
    free(xs);
    free(resolved);
    free(out);
    point_release(&base);
    cli_options_release(&o);
    return status;
}

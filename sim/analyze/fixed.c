/*
 * Fixed points x = G(x) of a threshold map, their stability, the equilibrium reached by
 * iteration, cobwebs, and branches followed across a parameter (hysteresis).
 *
 * G is non-decreasing and maps [0, 1] into itself, so h(x) = G(x) - x is >= 0 at 0 and
 * <= 0 at 1, and iterates of G move monotonically towards the next fixed point in the
 * direction h points to, never crossing one. A fixed point is stable when h goes from
 * + to - across it, unstable from - to +, and a tangency (semi-stable) when h touches 0
 * without changing sign, as at Granovetter's critical spread of thresholds.
 *
 * Continuous maps: h on a grid, sign changes refined by Brent's method, local extrema
 * of h refined by Brent minimisation (a tangency, or a dip across the diagonal narrower
 * than the grid, which yields two roots). Sampled maps live on the lattice k/N, where
 * G takes values k/N: the stable points are exact lattice zeros of integer counts, and
 * the tipping points between lattice points are located by bisection on the jump.
 */
#include "cascade/analyze.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_roots.h>

#define ROOT_TOL 1e-14
#define MAX_ITER 200
#define ITERATE_TOL 1e-12
#define FALLBACK_STEPS 100000

typedef struct hctx {
    cascade_analyze_fn G;
    void *ctx;
    double sign; /* h or -h, for the minimiser */
} hctx;

static double h_of(double x, void *v)
{
    const hctx *c = v;
    return c->sign * (c->G(x, c->ctx) - x);
}

static void emit(cascade_fixed_point *out, size_t cap, size_t *n, double x, bool stable,
                 bool tangent)
{
    if (*n < cap) {
        out[*n] = (cascade_fixed_point){x, stable, tangent};
    }
    (*n)++;
}

/* A root of h in [a, b] where h(a) and h(b) differ in sign. */
static double brent_root(hctx *c, double a, double b)
{
    c->sign = 1.0;
    gsl_function f = {h_of, c};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (s == NULL) {
        return 0.5 * (a + b);
    }
    double r = 0.5 * (a + b);
    if (gsl_root_fsolver_set(s, &f, a, b) == GSL_SUCCESS) {
        for (int i = 0; i < MAX_ITER; i++) {
            gsl_root_fsolver_iterate(s);
            r = gsl_root_fsolver_root(s);
            double lo = gsl_root_fsolver_x_lower(s), hi = gsl_root_fsolver_x_upper(s);
            if (gsl_root_test_interval(lo, hi, ROOT_TOL, 0.0) == GSL_SUCCESS) {
                break;
            }
        }
    }
    gsl_root_fsolver_free(s);
    return r;
}

/* The minimum of sign * h in [a, b] with m inside and sign * h(m) below both ends. */
static double brent_min(hctx *c, double sign, double a, double m, double b, double *at)
{
    c->sign = sign;
    gsl_function f = {h_of, c};
    gsl_min_fminimizer *s = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    *at = m;
    if (s == NULL) {
        return h_of(m, c);
    }
    if (gsl_min_fminimizer_set(s, &f, m, a, b) == GSL_SUCCESS) {
        for (int i = 0; i < MAX_ITER; i++) {
            gsl_min_fminimizer_iterate(s);
            double lo = gsl_min_fminimizer_x_lower(s), hi = gsl_min_fminimizer_x_upper(s);
            if (gsl_min_test_interval(lo, hi, 1e-13, 0.0) == GSL_SUCCESS) {
                break;
            }
        }
        *at = gsl_min_fminimizer_x_minimum(s);
    }
    double v = h_of(*at, c);
    gsl_min_fminimizer_free(s);
    return v;
}

static int sign_of(double h)
{
    return fabs(h) <= CASCADE_ANALYZE_ZERO_TOL ? 0 : (h > 0.0 ? 1 : -1);
}

/* A run of grid zeros [xa, xb] between signs left and right (0: the interval's end). */
static void emit_run(cascade_fixed_point *out, size_t cap, size_t *n, double xa, double xb,
                     int left, int right)
{
    bool stable = (left > 0 || left == 0) && (right < 0 || right == 0) && !(left == 0 && right == 0);
    bool tangent = left != 0 && left == right;
    emit(out, cap, n, xa, stable, tangent);
    if (xb > xa) {
        emit(out, cap, n, xb, stable, tangent);
    }
}

size_t cascade_analyze_fixed_points_fn(cascade_analyze_fn G, void *ctx, size_t grid,
                                       cascade_fixed_point *out, size_t cap)
{
    hctx c = {G, ctx, 1.0};
    size_t n = 0;
    grid = grid < 2 ? 2 : grid;
    int last = 0;           /* last nonzero sign */
    long run = -1;          /* first grid index of the zero run under way */
    double hm2 = 0, hm1 = 0; /* h at the two previous grid points */
    int same = 0;           /* how many previous points in a row have sign `last` */
    for (size_t j = 0; j <= grid; j++) {
        double x = (double)j / (double)grid;
        double h = G(x, ctx) - x;
        int s = sign_of(h);
        if (s == 0) {
            if (run < 0) {
                run = (long)j;
            }
            same = 0;
        } else if (run >= 0) {
            emit_run(out, cap, &n, (double)run / (double)grid, (double)(j - 1) / (double)grid,
                     last, s);
            run = -1;
            same = 1;
        } else if (last != 0 && last != s) {
            double r = brent_root(&c, (double)(j - 1) / (double)grid, x);
            emit(out, cap, &n, r, last > 0, false);
            same = 1;
        } else {
            /* same sign as before: a local extremum of |h| at j - 1 may hide a tangency
             * or a dip across the diagonal narrower than the grid */
            if (same >= 2 && fabs(hm1) < fabs(hm2) && fabs(hm1) < fabs(h)) {
                double a = (double)(j - 2) / (double)grid, m = (double)(j - 1) / (double)grid;
                double at;
                double v = brent_min(&c, (double)s, a, m, x, &at); /* min of s * h */
                if (fabs(v) <= CASCADE_ANALYZE_ZERO_TOL) {
                    emit(out, cap, &n, at, false, true);
                } else if (v < 0.0) {
                    double r1 = brent_root(&c, a, at), r2 = brent_root(&c, at, x);
                    emit(out, cap, &n, r1, s < 0 ? false : true, false);
                    emit(out, cap, &n, r2, s < 0 ? true : false, false);
                }
            }
            same++;
        }
        if (s != 0) {
            last = s;
        }
        hm2 = hm1;
        hm1 = h;
    }
    if (run >= 0) {
        emit_run(out, cap, &n, (double)run / (double)grid, 1.0, last, 0);
    }
    return n;
}

static double map_fn(double x, void *ctx)
{
    return cascade_analyze_map_eval(ctx, x);
}

/* Lattice fixed points of a sampled map: h_k = count(k/N) - k in integers. */
static size_t lattice_fixed_points(cascade_analyze_map *map, size_t N, cascade_fixed_point *out,
                                   size_t cap)
{
    hctx c = {map_fn, map, 1.0};
    size_t n = 0;
    double dn = (double)N;
    long prev_h = 0;
    int last = 0;
    long run = -1;
    for (size_t k = 0; k <= N; k++) {
        double x = (double)k / dn;
        long h = lround(cascade_analyze_map_eval(map, x) * dn) - (long)k;
        int s = h == 0 ? 0 : (h > 0 ? 1 : -1);
        if (s == 0) {
            if (run < 0) {
                run = (long)k;
            }
        } else {
            if (run >= 0) {
                emit_run(out, cap, &n, (double)run / dn, (double)(k - 1) / dn, last, s);
                run = -1;
            } else if (k > 0 && prev_h < 0 && h > 0) {
                /* a tipping point: the jump of G across the diagonal inside the cell */
                double r = brent_root(&c, (double)(k - 1) / dn, x);
                emit(out, cap, &n, r, false, false);
            }
            last = s;
        }
        prev_h = h;
    }
    if (run >= 0) {
        emit_run(out, cap, &n, (double)run / dn, 1.0, last, 0);
    }
    return n;
}

size_t cascade_analyze_fixed_points(cascade_analyze_map *map, cascade_fixed_point *out,
                                    size_t cap)
{
    size_t N = cascade_analyze_map_lattice(map);
    if (N > 0) {
        return lattice_fixed_points(map, N, out, cap);
    }
    return cascade_analyze_fixed_points_fn(map_fn, map, CASCADE_ANALYZE_GRID, out, cap);
}

size_t cascade_analyze_iterate(cascade_analyze_map *map, double x0, double *xs,
                               size_t max_points)
{
    if (max_points == 0) {
        return 0;
    }
    size_t n = 0;
    xs[n++] = x0;
    while (n < max_points) {
        double next = cascade_analyze_map_eval(map, xs[n - 1]);
        if (fabs(next - xs[n - 1]) <= ITERATE_TOL) {
            break;
        }
        xs[n++] = next;
    }
    return n;
}

double cascade_analyze_equilibrium(cascade_analyze_map *map, const cascade_fixed_point *fps,
                                   size_t n_fps, double x0)
{
    double h0 = cascade_analyze_map_eval(map, x0) - x0;
    if (fabs(h0) <= CASCADE_ANALYZE_ZERO_TOL) {
        return x0;
    }
    if (cascade_analyze_map_lattice(map) > 0) {
        /* exact: the lattice dynamics reach a fixed point in at most N + 1 steps */
        double x = x0;
        for (size_t t = 0; t <= cascade_analyze_map_lattice(map) + 1; t++) {
            double next = cascade_analyze_map_eval(map, x);
            if (next == x) {
                break;
            }
            x = next;
        }
        return x;
    }
    /* the first fixed point in the direction of h that is not an upward crossing */
    if (h0 > 0.0) {
        for (size_t i = 0; i < n_fps; i++) {
            if (fps[i].x > x0 && (fps[i].stable || fps[i].tangent)) {
                return fps[i].x;
            }
        }
    } else {
        for (size_t i = n_fps; i-- > 0;) {
            if (fps[i].x < x0 && (fps[i].stable || fps[i].tangent)) {
                return fps[i].x;
            }
        }
    }
    double x = x0; /* none found (missed by the grid): iterate */
    for (size_t t = 0; t < FALLBACK_STEPS; t++) {
        double next = cascade_analyze_map_eval(map, x);
        if (fabs(next - x) <= ITERATE_TOL) {
            return next;
        }
        x = next;
    }
    return x;
}

void cascade_analyze_follow(cascade_analyze_map *const *maps,
                            const cascade_fixed_point *const *fps, const size_t *n_fps,
                            size_t n, double x0, double *up, double *down)
{
    if (n == 0) {
        return;
    }
    double x = x0;
    for (size_t i = 0; i < n; i++) {
        x = cascade_analyze_equilibrium(maps[i], fps[i], n_fps[i], x);
        up[i] = x;
    }
    down[n - 1] = up[n - 1];
    for (size_t i = n - 1; i-- > 0;) {
        down[i] = cascade_analyze_equilibrium(maps[i], fps[i], n_fps[i], down[i + 1]);
    }
}

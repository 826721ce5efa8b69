/*
 * Threshold cascades on random networks with given degree probabilities p_k (the
 * configuration model; Poisson p_k for Erdos-Renyi graphs) and explicit fractional
 * thresholds with distribution function F: an elite of degree k with m public
 * neighbours goes public when m / k >= tau, with probability F(m / k).
 *
 * Watts (2002), PNAS 99(9) 5766: an elite of degree k is *vulnerable* when one public
 * neighbour suffices, with probability rho_k = F(1/k). Global cascades from a single
 * seed are possible when the vulnerable cluster percolates, i.e. when the generating
 * function G0(x) = sum_k rho_k p_k x^k has G0''(1) > z = sum_k k p_k (his eq. 4:
 * sum_k k (k - 1) rho_k p_k = z marks the edges of the cascade window). A single random
 * seed triggers one when it touches the giant vulnerable cluster (his "extended
 * vulnerable cluster"): with u the probability that an edge does not lead into it,
 *
 *     u = sum_k (k p_k / z) (1 - rho_k + rho_k u^(k-1)),   P(cascade) = 1 - sum_k p_k u^k,
 *
 * u the smallest root in [0, 1] (iteration from 0 increases to it).
 *
 * Gleeson and Cahalane (2007), Phys. Rev. E 75, 056103, eqs. (1)-(2): with a random
 * seed fraction rho0 on a tree-like network, the probability q_n that a neighbour is
 * public after n steps and the public share rho_n obey
 *
 *     q_{n+1}   = rho0 + (1 - rho0) sum_k (k p_k / z) sum_{m=0}^{k-1} B(k-1, m, q_n) F(m/k)
 *     rho_{n+1} = rho0 + (1 - rho0) sum_k p_k sum_{m=0}^{k} B(k, m, q_n) F(m/k)
 *
 * with q_0 = rho0 and B the binomial probabilities; the expected cascade size is the
 * limit of rho_n. An isolated elite (k = 0) goes public only with threshold <= 0
 * (openness 0: it perceives nothing), so F(0/0) is taken as F(0).
 */
#include "cascade/analyze.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>

#include "internal.h"

#define FIXED_POINT_TOL 1e-14
#define MAX_STEPS 200000
#define POISSON_TAIL 1e-16
#define WINDOW_STEP 0.005
#define WINDOW_CAP 4096

double cascade_analyze_threshold_cdf(double phi, const void *ctx)
{
    const cascade_analyze_threshold *t = ctx;
    return analyze_cdf_le(t->dist, phi + CASCADE_THRESHOLD_TOLERANCE, t->n_elites);
}

size_t cascade_analyze_poisson(double z, double *pk, size_t cap)
{
    if (cap == 0) {
        return 0;
    }
    if (!(z > 0.0)) {
        pk[0] = 1.0;
        return 1;
    }
    double lz = log(z);
    size_t n = 0;
    for (size_t k = 0; k < cap; k++) {
        pk[k] = exp(-z + (double)k * lz - gsl_sf_lngamma((double)k + 1.0));
        n = k + 1;
        /* beyond k > z the terms fall at least geometrically with ratio z / (k + 1) */
        double ratio = z / ((double)k + 2.0);
        if ((double)k > z && ratio < 1.0 && pk[k] * ratio / (1.0 - ratio) < POISSON_TAIL) {
            break;
        }
    }
    return n;
}

static double mean_degree(const double *pk, size_t n_k)
{
    double z = 0.0;
    for (size_t k = 1; k < n_k; k++) {
        z += (double)k * pk[k];
    }
    return z;
}

void cascade_analyze_watts(const double *pk, size_t n_k, cascade_analyze_cdf F,
                           const void *ctx, cascade_watts *out)
{
    double z = mean_degree(pk, n_k), sum = 0.0, vul = 0.0;
    for (size_t k = 1; k < n_k; k++) {
        double rho = F(1.0 / (double)k, ctx);
        sum += (double)k * (double)(k - 1) * rho * pk[k];
        vul += rho * pk[k];
    }
    out->mean_degree = z;
    out->watts_sum = sum;
    out->global_possible = sum > z;
    out->vulnerable = vul;
    out->cascade_probability = 0.0;
    if (!(z > 0.0)) {
        return;
    }
    double u = 0.0;
    for (int step = 0; step < MAX_STEPS; step++) {
        double next = 0.0, upow = 1.0; /* u^(k-1) */
        for (size_t k = 1; k < n_k; k++) {
            double rho = F(1.0 / (double)k, ctx);
            next += (double)k * pk[k] / z * (1.0 - rho + rho * upow);
            upow *= u;
        }
        if (fabs(next - u) < FIXED_POINT_TOL) {
            u = next;
            break;
        }
        u = next;
    }
    double g0 = 0.0, upow = 1.0;
    for (size_t k = 0; k < n_k; k++) {
        g0 += pk[k] * upow;
        upow *= u;
    }
    out->cascade_probability = 1.0 - g0 > 0.0 ? 1.0 - g0 : 0.0;
}

/* sum_{m=0}^{n} B(n, m, q) F(m / k) with F(m / k) from the row table fk[0..k]. */
static double binomial_response(size_t n, double q, const double *fk)
{
    if (q <= 0.0) {
        return fk[0];
    }
    if (q >= 1.0) {
        return fk[n];
    }
    /* B(n, m, q) by the ratio recurrence, started in log space for large n */
    double b = exp((double)n * log1p(-q));
    double ratio = q / (1.0 - q), sum = 0.0;
    if (b > 0.0) {
        for (size_t m = 0; m <= n; m++) {
            sum += b * fk[m];
            b *= (double)(n - m) / (double)(m + 1) * ratio;
        }
        return sum;
    }
    for (size_t m = 0; m <= n; m++) { /* (1 - q)^n underflowed: direct terms */
        double lb = gsl_sf_lnchoose((unsigned)n, (unsigned)m) + (double)m * log(q) +
                    (double)(n - m) * log1p(-q);
        sum += exp(lb) * fk[m];
    }
    return sum;
}

double cascade_analyze_gleeson(const double *pk, size_t n_k, cascade_analyze_cdf F,
                               const void *ctx, double rho0)
{
    /* table[k] row: F(m / k), m = 0..k (row 0: F(0)) */
    size_t cells = n_k * (n_k + 1) / 2;
    double *table = malloc((cells ? cells : 1) * sizeof *table);
    if (table == NULL) {
        return NAN;
    }
    for (size_t k = 0, at = 0; k < n_k; at += k + 1, k++) {
        for (size_t m = 0; m <= k; m++) {
            table[at + m] = F(k == 0 ? 0.0 : (double)m / (double)k, ctx);
        }
    }
#define ROW(k) (table + (k) * ((k) + 1) / 2)
    double z = mean_degree(pk, n_k);
    double q = rho0;
    if (z > 0.0) {
        for (int step = 0; step < MAX_STEPS; step++) {
            double sum = 0.0;
            for (size_t k = 1; k < n_k; k++) {
                if (pk[k] > 0.0) {
                    sum += (double)k * pk[k] / z * binomial_response(k - 1, q, ROW(k));
                }
            }
            double next = rho0 + (1.0 - rho0) * sum;
            if (fabs(next - q) < FIXED_POINT_TOL) {
                q = next;
                break;
            }
            q = next;
        }
    }
    double sum = 0.0;
    for (size_t k = 0; k < n_k; k++) {
        if (pk[k] > 0.0) {
            sum += pk[k] * binomial_response(k, q, ROW(k));
        }
    }
#undef ROW
    free(table);
    return rho0 + (1.0 - rho0) * sum;
}

typedef struct window_ctx {
    cascade_analyze_cdf F;
    const void *ctx;
    double *pk; /* WINDOW_CAP entries */
} window_ctx;

/* Watts's condition at mean degree z: sum_k k (k - 1) rho_k p_k - z. */
static double condition(double z, void *v)
{
    window_ctx *w = v;
    size_t n = cascade_analyze_poisson(z, w->pk, WINDOW_CAP);
    double sum = 0.0;
    for (size_t k = 2; k < n; k++) {
        sum += (double)k * (double)(k - 1) * w->F(1.0 / (double)k, w->ctx) * w->pk[k];
    }
    return sum - z;
}

static double edge(window_ctx *w, double a, double b)
{
    gsl_function f = {condition, w};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    double r = 0.5 * (a + b);
    if (s == NULL) {
        return r;
    }
    if (gsl_root_fsolver_set(s, &f, a, b) == GSL_SUCCESS) {
        for (int i = 0; i < 200; i++) {
            gsl_root_fsolver_iterate(s);
            r = gsl_root_fsolver_root(s);
            if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                       1e-12, 0.0) == GSL_SUCCESS) {
                break;
            }
        }
    }
    gsl_root_fsolver_free(s);
    return r;
}

bool cascade_analyze_watts_window(cascade_analyze_cdf F, const void *ctx, double z_max,
                                  double *lo, double *hi)
{
    window_ctx w = {F, ctx, malloc(WINDOW_CAP * sizeof(double))};
    if (w.pk == NULL) {
        return false;
    }
    bool inside = false, found = false;
    double prev_z = 0.0;
    double prev = condition(prev_z, &w);
    if (prev > 0.0) {
        inside = found = true;
        *lo = 0.0;
    }
    for (double z = WINDOW_STEP; z <= z_max + 1e-12; z += WINDOW_STEP) {
        double c = condition(z, &w);
        if (!inside && c > 0.0) {
            *lo = prev > 0.0 ? prev_z : edge(&w, prev_z, z);
            inside = found = true;
        } else if (inside && !(c > 0.0)) {
            *hi = edge(&w, prev_z, z);
            free(w.pk);
            return true;
        }
        prev_z = z;
        prev = c;
    }
    if (found) {
        *hi = z_max;
    }
    free(w.pk);
    return found;
}

/*
 * Probabilities of the scenario distributions for the mean-field theory: survival and
 * distribution functions and quantiles through gsl_cdf_*, and exact counts for lists
 * (elite i gets values[i mod n], so among n_list elites value j occurs
 * floor(n_list / n) times, once more when j < n_list mod n).
 */
#include "internal.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

bool analyze_discrete(const cascade_dist *dist)
{
    return dist->kind == CASCADE_DIST_CONST || dist->kind == CASCADE_DIST_LIST;
}

/* Share of the list's n_list elites whose value v satisfies cmp(v, y): 0 >, 1 <, 2 <=. */
static double list_share(const cascade_dist *dist, double y, size_t n_list, int cmp)
{
    size_t n = dist->n_values;
    if (n == 0 || n_list == 0) {
        return 0.0;
    }
    size_t hits = 0;
    for (size_t j = 0; j < n && j < n_list; j++) {
        double v = dist->values[j];
        bool hit = cmp == 0 ? v > y : (cmp == 1 ? v < y : v <= y);
        if (hit) {
            hits += n_list / n + (j < n_list % n);
        }
    }
    return (double)hits / (double)n_list;
}

static double uniform_cdf(double lo, double hi, double y)
{
    if (!(hi > lo)) {
        return y >= lo ? 1.0 : 0.0;
    }
    return y <= lo ? 0.0 : (y >= hi ? 1.0 : (y - lo) / (hi - lo));
}

/* P(X <= y) of a continuous distribution (also P(X < y)). */
static double continuous_cdf(const cascade_dist *dist, double y)
{
    const double *p = dist->p;
    switch (dist->kind) {
    case CASCADE_DIST_UNIFORM:
        return uniform_cdf(p[0], p[1], y);
    case CASCADE_DIST_NORMAL:
        return p[1] > 0.0 ? gsl_cdf_gaussian_P(y - p[0], p[1]) : (y >= p[0] ? 1.0 : 0.0);
    case CASCADE_DIST_BETA:
        return y <= 0.0 ? 0.0 : (y >= 1.0 ? 1.0 : gsl_cdf_beta_P(y, p[0], p[1]));
    case CASCADE_DIST_LOGNORMAL:
        return y <= 0.0 ? 0.0 : gsl_cdf_lognormal_P(y, p[0], p[1]);
    default:
        return NAN;
    }
}

/* P(X > y) of a continuous distribution, accurate in the upper tail. */
static double continuous_surv(const cascade_dist *dist, double y)
{
    const double *p = dist->p;
    switch (dist->kind) {
    case CASCADE_DIST_NORMAL:
        return p[1] > 0.0 ? gsl_cdf_gaussian_Q(y - p[0], p[1]) : (y < p[0] ? 1.0 : 0.0);
    case CASCADE_DIST_BETA:
        return y <= 0.0 ? 1.0 : (y >= 1.0 ? 0.0 : gsl_cdf_beta_Q(y, p[0], p[1]));
    case CASCADE_DIST_LOGNORMAL:
        return y <= 0.0 ? 1.0 : gsl_cdf_lognormal_Q(y, p[0], p[1]);
    default:
        return 1.0 - continuous_cdf(dist, y);
    }
}

double analyze_surv(const cascade_dist *dist, double y, size_t n_list)
{
    switch (dist->kind) {
    case CASCADE_DIST_CONST:
        return dist->p[0] > y ? 1.0 : 0.0;
    case CASCADE_DIST_LIST:
        return list_share(dist, y, n_list, 0);
    default:
        return continuous_surv(dist, y);
    }
}

double analyze_cdf_lt(const cascade_dist *dist, double y, size_t n_list)
{
    switch (dist->kind) {
    case CASCADE_DIST_CONST:
        return dist->p[0] < y ? 1.0 : 0.0;
    case CASCADE_DIST_LIST:
        return list_share(dist, y, n_list, 1);
    default:
        return continuous_cdf(dist, y);
    }
}

double analyze_cdf_le(const cascade_dist *dist, double y, size_t n_list)
{
    switch (dist->kind) {
    case CASCADE_DIST_CONST:
        return dist->p[0] <= y ? 1.0 : 0.0;
    case CASCADE_DIST_LIST:
        return list_share(dist, y, n_list, 2);
    default:
        return continuous_cdf(dist, y);
    }
}

double analyze_quantile(const cascade_dist *dist, double u)
{
    const double *p = dist->p;
    switch (dist->kind) {
    case CASCADE_DIST_UNIFORM:
        return p[0] + u * (p[1] - p[0]);
    case CASCADE_DIST_NORMAL:
        return p[0] + gsl_cdf_gaussian_Pinv(u, p[1]);
    case CASCADE_DIST_BETA:
        return gsl_cdf_beta_Pinv(u, p[0], p[1]);
    case CASCADE_DIST_LOGNORMAL:
        return gsl_cdf_lognormal_Pinv(u, p[0], p[1]);
    default:
        return p[0];
    }
}

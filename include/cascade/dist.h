/*
 * Distributions of elite attributes (discontent, risk aversion, thresholds, officers'
 * loyalty), as scenario files write them: const(value), uniform(lo, hi),
 * normal(mean, sd), beta(a, b), lognormal(mu, sigma), list(values = [...]).
 *
 * Draws come from gsl_ran_* with the generator passed in. A list is not sampled: elite i
 * gets values[i mod n_values], so a list as long as the population assigns each value to
 * exactly one elite (Granovetter's riot needs exactly that).
 */
#ifndef CASCADE_DIST_H
#define CASCADE_DIST_H

#include <stdbool.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

typedef enum cascade_dist_kind {
    CASCADE_DIST_CONST = 0,
    CASCADE_DIST_UNIFORM,
    CASCADE_DIST_NORMAL,
    CASCADE_DIST_BETA,
    CASCADE_DIST_LOGNORMAL,
    CASCADE_DIST_LIST,
    CASCADE_DIST_N_KINDS
} cascade_dist_kind;

typedef struct cascade_dist {
    cascade_dist_kind kind;
    double p[2];           /* parameters in the order of cascade_dist_param_names */
    const double *values;  /* list: borrowed, owned by whoever built the distribution */
    size_t n_values;       /* list: number of values (>= 1) */
} cascade_dist;

/* Draws the value for elite `index` (used by list; others ignore it). */
double cascade_dist_draw(const cascade_dist *dist, gsl_rng *rng, size_t index);

/* The scenario name of a kind ("beta"), and the kind with a name (or N_KINDS). */
const char *cascade_dist_kind_name(cascade_dist_kind kind);
cascade_dist_kind cascade_dist_kind_find(const char *name);

/* The names of a kind's numeric parameters ("a", "b" for beta; "value" for const;
 * none for list), and how many there are (0, 1 or 2). */
size_t cascade_dist_param_count(cascade_dist_kind kind);
const char *cascade_dist_param_name(cascade_dist_kind kind, size_t i);

/* Checks the parameters; on a problem writes which parameter and why into
 * param/why (static strings or into buf) and returns false. */
bool cascade_dist_check(const cascade_dist *dist, const char **param, char *why, size_t why_len);

/* Mean of the distribution before any clipping (for descriptions and defaults). */
double cascade_dist_mean(const cascade_dist *dist);

#endif

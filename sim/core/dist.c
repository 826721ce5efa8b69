/*
 * Distributions of elite attributes: drawing, names and parameter checks.
 *
 * Parameters are positional (p[0], p[1]) in the order the names table gives, so the
 * scenario module can map `population.discontent.a` to p[0] of a beta without special
 * cases. Draws use gsl_ran_* only; the caller clips to the attribute's range.
 */
#include "cascade/dist.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_randist.h>

static const struct {
    const char *name;
    size_t n_params;
    const char *params[2];
} kinds[CASCADE_DIST_N_KINDS] = {
    [CASCADE_DIST_CONST] = {"const", 1, {"value", NULL}},
    [CASCADE_DIST_UNIFORM] = {"uniform", 2, {"lo", "hi"}},
    [CASCADE_DIST_NORMAL] = {"normal", 2, {"mean", "sd"}},
    [CASCADE_DIST_BETA] = {"beta", 2, {"a", "b"}},
    [CASCADE_DIST_LOGNORMAL] = {"lognormal", 2, {"mu", "sigma"}},
    [CASCADE_DIST_LIST] = {"list", 0, {NULL, NULL}},
};

double cascade_dist_draw(const cascade_dist *dist, gsl_rng *rng, size_t index)
{
    switch (dist->kind) {
    case CASCADE_DIST_CONST:
        return dist->p[0];
    case CASCADE_DIST_UNIFORM:
        return dist->p[0] + (dist->p[1] - dist->p[0]) * gsl_rng_uniform(rng);
    case CASCADE_DIST_NORMAL:
        return dist->p[0] + gsl_ran_gaussian_ziggurat(rng, dist->p[1]);
    case CASCADE_DIST_BETA:
        return gsl_ran_beta(rng, dist->p[0], dist->p[1]);
    case CASCADE_DIST_LOGNORMAL:
        return gsl_ran_lognormal(rng, dist->p[0], dist->p[1]);
    case CASCADE_DIST_LIST:
        return dist->values[index % dist->n_values];
    case CASCADE_DIST_N_KINDS:
        break;
    }
    return NAN;
}

const char *cascade_dist_kind_name(cascade_dist_kind kind)
{
    return kind < CASCADE_DIST_N_KINDS ? kinds[kind].name : "?";
}

cascade_dist_kind cascade_dist_kind_find(const char *name)
{
    for (int k = 0; k < CASCADE_DIST_N_KINDS; k++) {
        if (strcmp(kinds[k].name, name) == 0) {
            return (cascade_dist_kind)k;
        }
    }
    return CASCADE_DIST_N_KINDS;
}

size_t cascade_dist_param_count(cascade_dist_kind kind)
{
    return kind < CASCADE_DIST_N_KINDS ? kinds[kind].n_params : 0;
}

const char *cascade_dist_param_name(cascade_dist_kind kind, size_t i)
{
    return i < cascade_dist_param_count(kind) ? kinds[kind].params[i] : NULL;
}

bool cascade_dist_check(const cascade_dist *dist, const char **param, char *why, size_t why_len)
{
    const double *p = dist->p;
    for (size_t i = 0; i < cascade_dist_param_count(dist->kind); i++) {
        if (!isfinite(p[i])) {
            *param = kinds[dist->kind].params[i];
            snprintf(why, why_len, "must be a finite number");
            return false;
        }
    }
    switch (dist->kind) {
    case CASCADE_DIST_UNIFORM:
        if (p[1] < p[0]) {
            *param = "hi";
            snprintf(why, why_len, "must be >= lo (got lo = %g, hi = %g)", p[0], p[1]);
            return false;
        }
        break;
    case CASCADE_DIST_NORMAL:
    case CASCADE_DIST_LOGNORMAL:
        if (p[1] < 0) {
            *param = kinds[dist->kind].params[1];
            snprintf(why, why_len, "must be >= 0 (got %g)", p[1]);
            return false;
        }
        break;
    case CASCADE_DIST_BETA:
        for (size_t i = 0; i < 2; i++) {
            if (!(p[i] > 0)) {
                *param = kinds[dist->kind].params[i];
                snprintf(why, why_len, "must be > 0 (got %g)", p[i]);
                return false;
            }
        }
        break;
    case CASCADE_DIST_LIST:
        if (dist->n_values == 0) {
            *param = "values";
            snprintf(why, why_len, "must hold at least one number");
            return false;
        }
        for (size_t i = 0; i < dist->n_values; i++) {
            if (!isfinite(dist->values[i])) {
                *param = "values";
                snprintf(why, why_len, "must hold finite numbers (element %zu is not)", i);
                return false;
            }
        }
        break;
    default:
        break;
    }
    return true;
}

double cascade_dist_mean(const cascade_dist *dist)
{
    const double *p = dist->p;
    switch (dist->kind) {
    case CASCADE_DIST_CONST:
        return p[0];
    case CASCADE_DIST_UNIFORM:
        return 0.5 * (p[0] + p[1]);
    case CASCADE_DIST_NORMAL:
        return p[0];
    case CASCADE_DIST_BETA:
        return p[0] / (p[0] + p[1]);
    case CASCADE_DIST_LOGNORMAL:
        return exp(p[0] + 0.5 * p[1] * p[1]);
    case CASCADE_DIST_LIST: {
        double s = 0;
        for (size_t i = 0; i < dist->n_values; i++) {
            s += dist->values[i];
        }
        return dist->n_values ? s / (double)dist->n_values : NAN;
    }
    default:
        return NAN;
    }
}

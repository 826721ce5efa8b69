/*
 * Sweep plans: parsing --vary and --sample, and building the table of points.
 *
 * A:B:N gives N values A + i (B - A) / (N - 1), the last exactly B (N = 1 only when
 * A = B); integer keys round each value to the nearest integer, and a grid whose rounded
 * values repeat is refused (it would run the same points twice).
 * Sobol points come from GSL's gsl_qrng_sobol (at most 40 dimensions); a Latin
 * hypercube puts one point in each of N strata of every key, strata matched by random
 * permutations, positions uniform within each stratum.
 */
#include "cascade/sweep.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>

#include "cascade/format.h"
#include "cascade/rng.h"

#define MAX_SOBOL_KEYS 40
#define MAX_POINTS 100000000.0

static bool parse_number(const char *s, size_t len, double *out)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf) {
        return false;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end != '\0' || errno != 0 || !isfinite(v)) {
        return false;
    }
    *out = v;
    return true;
}

void cascade_vary_release(cascade_vary *v)
{
    if (v != NULL) {
        free(v->values);
        memset(v, 0, sizeof *v);
    }
}

cascade_status cascade_vary_parse(const char *arg, bool integer, bool sampled, cascade_vary *out,
                                  cascade_error *err)
{
    memset(out, 0, sizeof *out);
    const char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg || (size_t)(eq - arg) >= sizeof out->key) {
        return cascade_error_set(err, CASCADE_EINVAL, "--vary",
                                 "expected KEY=SPEC, e.g. regime.purge_rate=0:0.01:11 (got \"%s\")",
                                 arg);
    }
    snprintf(out->key, sizeof out->key, "%.*s", (int)(eq - arg), arg);
    out->integer = integer;
    const char *spec = eq + 1;
    size_t colons = 0, commas = 0;
    for (const char *c = spec; *c; c++) {
        colons += *c == ':';
        commas += *c == ',';
    }
    const char *hint = sampled ? "expected A:B with --sample" : "expected A:B:N or V1,V2,...";
    if (colons > 0 && commas > 0) {
        goto bad;
    }
    if (sampled) {
        if (colons != 1) {
            goto bad;
        }
        const char *c = strchr(spec, ':');
        if (!parse_number(spec, (size_t)(c - spec), &out->a) ||
            !parse_number(c + 1, strlen(c + 1), &out->b)) {
            goto bad;
        }
        if (out->b < out->a) {
            return cascade_error_set(err, CASCADE_EINVAL, out->key,
                                     "range %s: B must not be below A", spec);
        }
        out->kind = CASCADE_VARY_RANGE;
        return CASCADE_OK;
    }
    if (colons == 2) {
        const char *c1 = strchr(spec, ':');
        const char *c2 = strchr(c1 + 1, ':');
        double n;
        if (!parse_number(spec, (size_t)(c1 - spec), &out->a) ||
            !parse_number(c1 + 1, (size_t)(c2 - c1 - 1), &out->b) ||
            !parse_number(c2 + 1, strlen(c2 + 1), &n)) {
            goto bad;
        }
        if (n < 1 || n != floor(n) || n > MAX_POINTS) {
            return cascade_error_set(err, CASCADE_EINVAL, out->key,
                                     "%s: N must be a whole number of values >= 1 (got %s)", spec,
                                     c2 + 1);
        }
        if (n == 1 && out->a != out->b) {
            return cascade_error_set(err, CASCADE_EINVAL, out->key,
                                     "%s: one value (N = 1) from A to B needs A = B; use N >= 2, "
                                     "or the value alone", spec);
        }
        out->kind = CASCADE_VARY_GRID;
        out->n = (uint32_t)n;
        out->n_values = out->n;
        out->values = malloc(out->n_values * sizeof *out->values);
        if (out->values == NULL) {
            return cascade_error_set(err, CASCADE_ENOMEM, out->key, "out of memory");
        }
        for (uint32_t i = 0; i < out->n; i++) {
            double v = out->n == 1 ? out->a
                                   : (i + 1 == out->n ? out->b
                                                      : out->a + (out->b - out->a) * ((double)i / (out->n - 1)));
            out->values[i] = integer ? round(v) : v;
            if (i > 0 && out->values[i] == out->values[i - 1]) {
                char key[sizeof out->key], why[160];
                memcpy(key, out->key, sizeof key);
                double twice = out->values[i], most = fabs(round(out->b) - round(out->a)) + 1;
                if (out->a == out->b) {
                    snprintf(why, sizeof why, "A = B gives one value %s times; use the value "
                             "alone", c2 + 1);
                } else if (integer && most == 1) {
                    snprintf(why, sizeof why, "an integer key takes whole values, and A and B "
                             "round to the same one, %.0f; use it alone", twice);
                } else if (integer) {
                    snprintf(why, sizeof why, "an integer key takes whole values, and %s of them "
                             "rounded give %.0f twice; use N <= %.0f, or a list", c2 + 1, twice,
                             most);
                } else {
                    snprintf(why, sizeof why, "%s values give %.17g twice; use fewer, or a list",
                             c2 + 1, twice);
                }
                cascade_vary_release(out);
                return cascade_error_set(err, CASCADE_EINVAL, key, "%s: %s", spec, why);
            }
        }
        return CASCADE_OK;
    }
    if (colons == 0) {
        out->kind = CASCADE_VARY_LIST;
        out->n_values = commas + 1;
        out->values = malloc(out->n_values * sizeof *out->values);
        if (out->values == NULL) {
            return cascade_error_set(err, CASCADE_ENOMEM, out->key, "out of memory");
        }
        const char *c = spec;
        for (size_t i = 0; i < out->n_values; i++) {
            size_t len = strcspn(c, ",");
            if (!parse_number(c, len, &out->values[i])) {
                goto bad;
            }
            if (integer && out->values[i] != floor(out->values[i])) {
                char key[sizeof out->key];
                memcpy(key, out->key, sizeof key);
                cascade_vary_release(out);
                return cascade_error_set(err, CASCADE_EINVAL, key,
                                         "an integer key takes whole numbers (got %.*s)",
                                         (int)len, c);
            }
            c += len + 1;
        }
        return CASCADE_OK;
    }
bad: {
    char key[sizeof out->key];
    memcpy(key, out->key, sizeof key);
    cascade_vary_release(out);
    return cascade_error_set(err, CASCADE_EINVAL, key, "%s (got \"%s\")", hint, spec);
}
}

cascade_status cascade_sample_parse(const char *arg, cascade_sample_kind *kind, size_t *n,
                                    cascade_error *err)
{
    const char *colon = strchr(arg, ':');
    double v;
    if (colon == NULL || !parse_number(colon + 1, strlen(colon + 1), &v) || v < 1 ||
        v != floor(v) || v > MAX_POINTS) {
        return cascade_error_set(err, CASCADE_EINVAL, "--sample",
                                 "expected sobol:N or lhs:N with N >= 1 (got \"%s\")", arg);
    }
    size_t len = (size_t)(colon - arg);
    if (len == 5 && strncmp(arg, "sobol", 5) == 0) {
        *kind = CASCADE_SAMPLE_SOBOL;
    } else if (len == 3 && strncmp(arg, "lhs", 3) == 0) {
        *kind = CASCADE_SAMPLE_LHS;
    } else {
        return cascade_error_set(err, CASCADE_EINVAL, "--sample",
                                 "unknown sampling \"%.*s\" (sobol or lhs)", (int)len, arg);
    }
    *n = (size_t)v;
    return CASCADE_OK;
}

void cascade_sweep_plan_release(cascade_sweep_plan *plan)
{
    if (plan == NULL) {
        return;
    }
    for (size_t k = 0; k < plan->n_keys; k++) {
        cascade_vary_release(&plan->keys[k]);
    }
    free(plan->keys);
    free(plan->values);
    memset(plan, 0, sizeof *plan);
}

static double place(const cascade_vary *v, double u)
{
    double x = v->a + (v->b - v->a) * u;
    return v->integer ? round(x) : x;
}

cascade_status cascade_sweep_plan_build(cascade_sweep_plan *plan, cascade_vary *keys,
                                        size_t n_keys, cascade_sample_kind sample,
                                        size_t n_samples, uint64_t seed, cascade_error *err)
{
    memset(plan, 0, sizeof *plan);
    plan->keys = keys;
    plan->n_keys = n_keys;
    double points = 1;
    if (sample == CASCADE_SAMPLE_NONE) {
        for (size_t k = 0; k < n_keys; k++) {
            points *= (double)keys[k].n_values;
        }
    } else {
        points = (double)n_samples;
        if (sample == CASCADE_SAMPLE_SOBOL && n_keys > MAX_SOBOL_KEYS) {
            cascade_sweep_plan_release(plan);
            return cascade_error_set(err, CASCADE_EINVAL, "--sample",
                                     "sobol takes at most %d keys (got %zu)", MAX_SOBOL_KEYS,
                                     n_keys);
        }
    }
    if (points > MAX_POINTS) {
        cascade_sweep_plan_release(plan);
        return cascade_error_set(err, CASCADE_EINVAL, "--vary",
                                 "the grid has %.0f points, more than %.0f", points, MAX_POINTS);
    }
    plan->n_points = (size_t)points;
    plan->values = malloc((plan->n_points * n_keys + 1) * sizeof *plan->values);
    if (plan->values == NULL) {
        cascade_sweep_plan_release(plan);
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory for the sweep plan");
    }
    if (sample == CASCADE_SAMPLE_NONE) {
        for (size_t p = 0; p < plan->n_points; p++) {
            size_t rest = p;
            for (size_t k = n_keys; k-- > 0;) {
                size_t i = rest % keys[k].n_values;
                rest /= keys[k].n_values;
                plan->values[p * n_keys + k] = keys[k].values[i];
            }
        }
    } else if (sample == CASCADE_SAMPLE_SOBOL) {
        gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)n_keys);
        double u[MAX_SOBOL_KEYS];
        if (q == NULL) {
            cascade_sweep_plan_release(plan);
            return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
        }
        for (size_t p = 0; p < plan->n_points; p++) {
            gsl_qrng_get(q, u);
            for (size_t k = 0; k < n_keys; k++) {
                plan->values[p * n_keys + k] = place(&keys[k], u[k]);
            }
        }
        gsl_qrng_free(q);
    } else {
        gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937,
                                         cascade_rng_derive(seed, 0, 0, CASCADE_RNG_SAMPLE));
        size_t *perm = malloc(plan->n_points * sizeof *perm);
        if (rng == NULL || perm == NULL) {
            gsl_rng_free(rng);
            free(perm);
            cascade_sweep_plan_release(plan);
            return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
        }
        for (size_t k = 0; k < n_keys; k++) {
            for (size_t p = 0; p < plan->n_points; p++) {
                perm[p] = p;
            }
            gsl_ran_shuffle(rng, perm, plan->n_points, sizeof *perm);
            for (size_t p = 0; p < plan->n_points; p++) {
                double u = ((double)perm[p] + gsl_rng_uniform(rng)) / (double)plan->n_points;
                plan->values[p * n_keys + k] = place(&keys[k], u);
            }
        }
        free(perm);
        gsl_rng_free(rng);
    }
    return CASCADE_OK;
}

bool cascade_sweep_plan_varies_network(const cascade_sweep_plan *plan)
{
    for (size_t k = 0; k < plan->n_keys; k++) {
        const char *key = plan->keys[k].key;
        if (strncmp(key, "network.", 8) == 0 || strcmp(key, "population.size") == 0) {
            return true;
        }
    }
    return false;
}

void cascade_sweep_setting(const cascade_sweep_plan *plan, size_t p, size_t k, char *buf,
                           size_t len)
{
    double v = cascade_sweep_value(plan, p, k);
    if (plan->keys[k].integer) {
        snprintf(buf, len, "%s=%.0f", plan->keys[k].key, v);
    } else {
        char num[40];
        cascade_format_real(num, sizeof num, v);
        /* a real key needs a real literal in scenario syntax */
        snprintf(buf, len, "%s=%s%s", plan->keys[k].key, num, strpbrk(num, ".eEn") ? "" : ".0");
    }
}

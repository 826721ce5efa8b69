/*
 * Shared by the files of sim/analyze: probabilities of the scenario distributions
 * (cascade_dist) as the model draws them, before the model's own clipping. A list is
 * not random: elite i gets values[i mod n], so its probabilities count elites
 * 0..n_list-1 exactly.
 */
#ifndef CASCADE_ANALYZE_INTERNAL_H
#define CASCADE_ANALYZE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "cascade/dist.h"

/* P(X > y), P(X < y), P(X <= y) for X drawn from dist (n_list elites for a list). */
double analyze_surv(const cascade_dist *dist, double y, size_t n_list);
double analyze_cdf_lt(const cascade_dist *dist, double y, size_t n_list);
double analyze_cdf_le(const cascade_dist *dist, double y, size_t n_list);
/* The u-quantile of a continuous distribution (uniform, normal, beta, lognormal). */
double analyze_quantile(const cascade_dist *dist, double u);
/* Whether dist has no density (const or list). */
bool analyze_discrete(const cascade_dist *dist);

#endif

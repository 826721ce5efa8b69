/*
 * Mean-field theory of a scenario's initial state: the threshold map, its fixed points,
 * the equilibrium reached from the seed share, branches followed across a parameter,
 * and the network theory of Watts (2002) and Gleeson and Cahalane (2007).
 *
 * The threshold map. Let x be the public dissent share. An elite goes public at x when
 * its rule says so with the perceived opposition o(x) of a loyal elite who sees a share
 * x dissenting: on the complete graph exactly o(x) = (1 - g) N x / (N - 1) + g x (count
 * thresholds: a = N x others), elsewhere the annealed approximation o(x) = x. The map is
 *
 *     G(x) = (share of elites public at x),
 *
 * counting the seeds of the tick-0 dissent shocks as public whatever x (threshold 0),
 * so G(x) = s + (1 - s) F(x) with F the share of the others whose threshold is at most
 * x. In the derived rule the cost is (r + fear) P C(x) (1 - o(x))^gamma with the
 * repression capacity C(x) = share of officers with sigma > x + security.wait_band
 * (1 when security.size = 0). Exits, purges, decay and co-optation are left out: this
 * is the theory of the initial state. Synchronous dynamics on the complete graph then
 * follow x_{t+1} = G(x_t) exactly (for the sampled population).
 *
 * Two versions of the map:
 *  - sampled: the population a run draws (the model at tick 0, drawn with the run's own
 *    generator, so it is replicate 0 of `cascade run`), a step function on the lattice
 *    x = k/N;
 *  - theory: the infinite population, in closed form where the distributions allow
 *    (explicit thresholds; derived thresholds with constant or list risk aversion or
 *    discontent, or beta discontent with uniform risk aversion), else by adaptive
 *    quadrature (gsl_integration_qagp) over the quantiles of risk aversion.
 *
 * Everything here is pure computation: no I/O, no globals. GSL errors go to the
 * handler the program installed (main installs one that records instead of aborting).
 * A map holds a quadrature workspace, so one map must not be evaluated from two threads
 * at once.
 */
#ifndef CASCADE_ANALYZE_H
#define CASCADE_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>

#include "cascade/error.h"
#include "cascade/model.h"
#include "cascade/network.h"

/* Grid on which fixed points of a continuous map are bracketed: two fixed points closer
 * than 1/GRID may be missed (a dip of G - x narrower than the grid). */
#define CASCADE_ANALYZE_GRID 2000
/* |G(x) - x| at or below this counts as a fixed point (exact zeros, tangencies). */
#define CASCADE_ANALYZE_ZERO_TOL 1e-10
/* Absolute and relative error asked of the quadrature. */
#define CASCADE_ANALYZE_QUAD_TOL 1e-11

typedef enum cascade_analyze_method {
    CASCADE_ANALYZE_CLOSED_FORM = 0,
    CASCADE_ANALYZE_QUADRATURE,
    CASCADE_ANALYZE_SAMPLED
} cascade_analyze_method;

/* "closed form", "quadrature", "sampled" */
const char *cascade_analyze_method_name(cascade_analyze_method method);

typedef struct cascade_analyze_map cascade_analyze_map;

/* The theory map of params (after the set and grievance shocks of tick 0). Fails with
 * CASCADE_EINVAL (err says why) when there is no theory: count thresholds on a network
 * other than the complete graph. force_quadrature uses quadrature even where a closed
 * form exists (for tests). The caller owns *out. */
cascade_status cascade_analyze_map_theory(const cascade_params *params, bool force_quadrature,
                                          cascade_analyze_map **out, cascade_error *err);

/* The sampled map of a model at tick 0 on its network (borrowed only during the call).
 * The caller owns *out. */
cascade_status cascade_analyze_map_sampled(const cascade_model *model,
                                           const cascade_network *net,
                                           cascade_analyze_map **out, cascade_error *err);

/* Bytes of the sampled map of params' population: a number per elite and per officer
 * (for memory checks; the model and network it is sampled from are not counted). */
double cascade_analyze_map_sampled_bytes(const cascade_params *params);

void cascade_analyze_map_free(cascade_analyze_map *map);

/* G(x) for x in [0, 1]. */
double cascade_analyze_map_eval(cascade_analyze_map *map, double x);
/* The share forced public at tick 0 (G's floor). */
double cascade_analyze_map_seed(const cascade_analyze_map *map);
cascade_analyze_method cascade_analyze_map_method(const cascade_analyze_map *map);
/* The lattice size N of a sampled map (0 for a theory map). */
size_t cascade_analyze_map_lattice(const cascade_analyze_map *map);

/* A fixed point x = G(x). stable: iterates nearby return to it from both sides;
 * tangent: G touches the diagonal without crossing (semi-stable, not stable). */
typedef struct cascade_fixed_point {
    double x;
    bool stable;
    bool tangent;
} cascade_fixed_point;

typedef double (*cascade_analyze_fn)(double x, void *ctx);

/* Fixed points of a non-decreasing map G of [0, 1] into itself: sign changes of
 * G(x) - x on a grid of `grid` intervals refined by Brent's method
 * (gsl_root_fsolver_brent), exact zeros, and tangencies (a local extremum of G(x) - x
 * within CASCADE_ANALYZE_ZERO_TOL of 0, located by gsl_min_fminimizer_brent). For a
 * discontinuous map an upward jump across the diagonal is reported as an unstable point
 * (a tipping point). Writes up to cap points in increasing x; returns how many exist. */
size_t cascade_analyze_fixed_points_fn(cascade_analyze_fn G, void *ctx, size_t grid,
                                       cascade_fixed_point *out, size_t cap);

/* The fixed points of a map: on the lattice k/N (exact) for a sampled map, with
 * tipping points refined between lattice points; by cascade_analyze_fixed_points_fn on
 * CASCADE_ANALYZE_GRID for a theory map. Same return convention. */
size_t cascade_analyze_fixed_points(cascade_analyze_map *map, cascade_fixed_point *out,
                                    size_t cap);

/* The equilibrium iteration x_{t+1} = G(x_t) reaches from x0: the first fixed point in
 * the direction G(x0) - x0 points to (G is non-decreasing, so iterates never cross a
 * fixed point). fps are the map's fixed points as found above. */
double cascade_analyze_equilibrium(cascade_analyze_map *map, const cascade_fixed_point *fps,
                                   size_t n_fps, double x0);

/* The cobweb: xs[0] = x0, xs[t+1] = G(xs[t]), until two iterates agree within 1e-12 or
 * max_points are written. Returns the number written (>= 1 when max_points >= 1). */
size_t cascade_analyze_iterate(cascade_analyze_map *map, double x0, double *xs,
                               size_t max_points);

/* Hysteresis: the equilibrium branch followed across maps[0..n) (a parameter swept
 * upwards) from x0, then back down. up[i] is reached from up[i-1] (up[-1] = x0);
 * down[n-1] = up[n-1] and down[i] is reached from down[i+1]. fps[i], n_fps[i]: the
 * fixed points of maps[i]. */
void cascade_analyze_follow(cascade_analyze_map *const *maps,
                            const cascade_fixed_point *const *fps, const size_t *n_fps,
                            size_t n, double x0, double *up, double *down);

/* ---- random networks: Watts (2002), Gleeson and Cahalane (2007) ---- */

/* P(threshold <= phi) for explicit fractional thresholds. */
typedef double (*cascade_analyze_cdf)(double phi, const void *ctx);

/* P(tau <= phi + CASCADE_THRESHOLD_TOLERANCE) for tau drawn from dist, as the model
 * compares; a list counts elites 0..n_elites-1. ctx is a cascade_analyze_threshold. */
typedef struct cascade_analyze_threshold {
    const cascade_dist *dist;
    size_t n_elites;
} cascade_analyze_threshold;
double cascade_analyze_threshold_cdf(double phi, const void *ctx);

/* Poisson degree probabilities p_0..p_{n-1} of mean z into pk, with n the smallest
 * length whose tail beyond is below 1e-16 (at most cap). Returns n. */
size_t cascade_analyze_poisson(double z, double *pk, size_t cap);

typedef struct cascade_watts {
    double mean_degree;         /* z = sum k p_k */
    double watts_sum;           /* sum_k k (k - 1) rho_k p_k, rho_k = F(1/k) */
    bool global_possible;       /* watts_sum > z: the vulnerable cluster percolates */
    double vulnerable;          /* sum_{k >= 1} rho_k p_k: share of vulnerable elites */
    double cascade_probability; /* share of the extended vulnerable cluster: a single
                                   random seed triggers a global cascade */
} cascade_watts;

/* Watts's cascade condition and single-seed cascade probability for degree
 * probabilities pk[0..n_k) and fractional thresholds F. */
void cascade_analyze_watts(const double *pk, size_t n_k, cascade_analyze_cdf F,
                           const void *ctx, cascade_watts *out);

/* Gleeson and Cahalane's (2007) expected final active share for a random seed fraction
 * rho0 on a tree-like network with degree probabilities pk[0..n_k). Returns the limit
 * of their recursion (iterated until two iterates agree within 1e-14). */
double cascade_analyze_gleeson(const double *pk, size_t n_k, cascade_analyze_cdf F,
                               const void *ctx, double rho0);

/* Watts's cascade window on Erdos-Renyi graphs: the first interval (lo, hi) of mean
 * degree in (0, z_max] where the condition holds. Returns false when there is none;
 * hi = z_max when the window reaches it. */
bool cascade_analyze_watts_window(cascade_analyze_cdf F, const void *ctx, double z_max,
                                  double *lo, double *hi);

#endif

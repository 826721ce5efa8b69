/*
 * The threshold map G(x) of a scenario's initial state (see include/cascade/analyze.h):
 * the theory map of the infinite population and the sampled map of a run's population.
 *
 * Derived rule (MODEL.md): a loyal elite goes public at dissent share x when
 *
 *     d - theta > (r + fear) * c(x),   c(x) = P * C(x) * (1 - o(x))^gamma,
 *
 * so in the theory, with fear 0 at the start and r clipped below at 0,
 *
 *     F(x) = P(d - theta > r+ c(x)),
 *
 * taken over the joint distribution of discontent and risk aversion (independent draws;
 * two lists are paired by index as the model pairs them). Closed forms: r constant or a
 * list (average of survival functions of d); d constant or a list (average of
 * distribution functions of r); d ~ beta(a, b) with r ~ uniform(lo, hi), through
 *
 *     integral_0^Z (1 - I_z(a, b)) dz = Z - Z I_Z(a, b) + a / (a + b) * I_Z(a + 1, b),
 *
 * (I the regularized incomplete beta function; integrate z f(z) by parts). Otherwise
 * adaptive quadrature over the quantiles u of r, with breakpoints where the integrand
 * has kinks (gsl_integration_qagp). Explicit thresholds: F(x) = P(tau <= o(x) + 1e-9)
 * (fraction) or P(tau <= N x + 1e-9) (count, complete graph), as the model compares.
 *
 * Sampled map: each loyal elite of the tick-0 model is reduced to one number, sorted
 * once, so G(x) costs a binary search: for explicit thresholds the x at which it goes
 * public, for the derived rule its key (d - theta) / (r + fear), public when the key
 * exceeds c(x). On the lattice x = k/N of the complete graph this is the synchronous
 * dynamics exactly, up to rounding in the last bit of the derived rule's comparison.
 */
#include "cascade/analyze.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>

#include "internal.h"

#define QUAD_LIMIT 1000
#define MAX_BREAKS 12
#define SPAN_MIDPOINT 1e-6 /* below this width of theta + r c, the midpoint rule */

enum map_kind {
    THEORY_EXPLICIT = 0,
    THEORY_DERIVED,
    SAMPLED_XSPACE, /* public when x >= val */
    SAMPLED_KEYS    /* public when key > c(x) */
};

enum derived_case { BOTH_LISTS = 0, R_DISCRETE, D_DISCRETE, BETA_UNIFORM, QUADRATURE };

struct cascade_analyze_map {
    enum map_kind kind;
    cascade_analyze_method method;
    double seed;          /* s: share forced public at tick 0 */
    /* perception and cost */
    bool complete;
    bool count_unit;
    double n;             /* N */
    double g;             /* information.openness */
    double P;             /* punishment * (1 + family_punishment) */
    double theta, gamma, band;
    /* theory */
    cascade_params p;     /* in force at tick 0; distributions borrow the scenario's lists */
    double *shifts;       /* grievance shocks of tick 0, in order */
    size_t n_shifts;
    enum derived_case dcase;
    gsl_integration_workspace *ws;
    double c_now;         /* c(x) of the evaluation under way (quadrature integrand) */
    /* sampled */
    double *vals;         /* sorted ascending */
    size_t n_vals;
    size_t n_seed;
    double *sigma;        /* officers' loyalty, sorted ascending */
    size_t n_sigma;
};

const char *cascade_analyze_method_name(cascade_analyze_method method)
{
    switch (method) {
    case CASCADE_ANALYZE_CLOSED_FORM:
        return "closed form";
    case CASCADE_ANALYZE_QUADRATURE:
        return "quadrature";
    case CASCADE_ANALYZE_SAMPLED:
        return "sampled";
    }
    return "?";
}

void cascade_analyze_map_free(cascade_analyze_map *m)
{
    if (m == NULL) {
        return;
    }
    if (m->ws) {
        gsl_integration_workspace_free(m->ws);
    }
    free(m->shifts);
    free(m->vals);
    free(m->sigma);
    free(m);
}

double cascade_analyze_map_seed(const cascade_analyze_map *m)
{
    return m->seed;
}

cascade_analyze_method cascade_analyze_map_method(const cascade_analyze_map *m)
{
    return m->method;
}

/* Whether a theory map is a step function with steps of 1/N: every distribution it
 * draws from is discrete (const or list), and there are no seeds to mix in. */
static bool discrete_theory(const cascade_analyze_map *m)
{
    if (m->seed != 0.0) {
        return false;
    }
    if (m->kind == THEORY_EXPLICIT) {
        return analyze_discrete(&m->p.threshold);
    }
    return m->kind == THEORY_DERIVED && analyze_discrete(&m->p.discontent) &&
           analyze_discrete(&m->p.risk_aversion) &&
           (m->p.security_size == 0 || analyze_discrete(&m->p.loyalty));
}

size_t cascade_analyze_map_lattice(const cascade_analyze_map *m)
{
    bool lattice = m->kind == SAMPLED_XSPACE || m->kind == SAMPLED_KEYS || discrete_theory(m);
    return lattice ? (size_t)m->n : 0;
}

/* ---- perception and cost, shared by both maps ---- */

/* o(x) of a loyal elite when a share x of all N is public (see analyze.h). */
static double perceived(const cascade_analyze_map *m, double x)
{
    if (!m->complete) {
        return x;
    }
    if (m->n <= 1.0) {
        return m->g * x;
    }
    double a = m->n * x;
    double k = nearbyint(a);
    if (fabs(a - k) < 1e-9 && k >= 0.0) { /* on the lattice: the model's own formula */
        return cascade_perceived((uint32_t)k, 0, (uint32_t)m->n - 1, 0.0, m->g, x);
    }
    return (1.0 - m->g) * a / (m->n - 1.0) + m->g * x;
}

static double safety(double o, double gamma)
{
    double open = 1.0 - o;
    if (open <= 0.0) {
        return 0.0;
    }
    return gamma == 1.0 ? open : pow(open, gamma);
}

/* Index of the first element of sorted v[0..n) greater than y. */
static size_t upper_bound(const double *v, size_t n, double y)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] > y) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

/* Repression capacity C(x): the share of officers still active at dissent share x. */
static double capacity_at(const cascade_analyze_map *m, double x)
{
    if (m->kind == SAMPLED_KEYS || m->kind == SAMPLED_XSPACE) {
        if (m->n_sigma == 0) {
            return 1.0;
        }
        size_t below = upper_bound(m->sigma, m->n_sigma, x + m->band);
        return (double)(m->n_sigma - below) / (double)m->n_sigma;
    }
    if (m->p.security_size == 0) {
        return 1.0;
    }
    return analyze_surv(&m->p.loyalty, x + m->band, m->p.security_size);
}

static double cost_at(const cascade_analyze_map *m, double x)
{
    return m->P * capacity_at(m, x) * safety(perceived(m, x), m->gamma);
}

/* ---- theory ---- */

static double clip01(double v)
{
    return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
}

/* P(d > y) for discontent d = clip(D) shifted by the grievance shocks 0..k-1, each
 * followed by clipping to [0, 1]. */
static double surv_d_upto(const cascade_analyze_map *m, double y, size_t k)
{
    if (y < 0.0) {
        return 1.0;
    }
    if (y >= 1.0) {
        return 0.0;
    }
    if (k == 0) {
        return analyze_surv(&m->p.discontent, y, m->p.size);
    }
    return surv_d_upto(m, y - m->shifts[k - 1], k - 1);
}

static double surv_d(const cascade_analyze_map *m, double y)
{
    return surv_d_upto(m, y, m->n_shifts);
}

/* A discontent value after clipping and the grievance shocks. */
static double shifted_d(const cascade_analyze_map *m, double v)
{
    v = clip01(v);
    for (size_t k = 0; k < m->n_shifts; k++) {
        v = clip01(v + m->shifts[k]);
    }
    return v;
}

/* integral_0^Z of P(beta(a, b) > z) dz for Z in [0, 1]. */
static double beta_surv_integral(double Z, double a, double b)
{
    if (Z <= 0.0) {
        return 0.0;
    }
    if (Z >= 1.0) {
        return a / (a + b); /* the mean: integral of the survival function */
    }
    return Z - Z * gsl_cdf_beta_P(Z, a, b) + a / (a + b) * gsl_cdf_beta_P(Z, a + 1.0, b);
}

/* integral_A^B P(d > y) dy for beta discontent with at most one shift. */
static double beta_surv_span(const cascade_analyze_map *m, double A, double B)
{
    double delta = m->n_shifts ? m->shifts[0] : 0.0;
    double a = m->p.discontent.p[0], b = m->p.discontent.p[1];
    double cuts[6] = {A, 0.0, 1.0, delta, 1.0 + delta, B};
    /* sort the cuts inside [A, B] */
    double pts[6];
    size_t n = 0;
    for (size_t i = 0; i < 6; i++) {
        if (cuts[i] >= A && cuts[i] <= B) {
            pts[n++] = cuts[i];
        }
    }
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i; j > 0 && pts[j - 1] > pts[j]; j--) {
            double t = pts[j];
            pts[j] = pts[j - 1];
            pts[j - 1] = t;
        }
    }
    double sum = 0.0;
    for (size_t i = 0; i + 1 < n; i++) {
        double u = pts[i], v = pts[i + 1];
        if (!(v > u)) {
            continue;
        }
        double mid = 0.5 * (u + v);
        double zm = mid - delta;
        if (mid < 0.0 || zm < 0.0) {
            sum += v - u;
        } else if (mid >= 1.0 || zm >= 1.0) {
            /* survival 0 */
        } else {
            sum += beta_surv_integral(v - delta, a, b) - beta_surv_integral(u - delta, a, b);
        }
    }
    return sum;
}

static double quad_integrand(double u, void *ctx)
{
    const cascade_analyze_map *m = ctx;
    double r = analyze_quantile(&m->p.risk_aversion, u);
    return surv_d(m, m->theta + (r > 0.0 ? r : 0.0) * m->c_now);
}

static double derived_share(cascade_analyze_map *m, double c)
{
    const cascade_dist *dd = &m->p.discontent, *rd = &m->p.risk_aversion;
    double theta = m->theta;
    if (!(c > 0.0)) {
        return surv_d(m, theta);
    }
    switch (m->dcase) {
    case BOTH_LISTS: {
        size_t n = m->p.size, hits = 0;
        for (size_t i = 0; i < n; i++) {
            double d = shifted_d(m, cascade_dist_draw(dd, NULL, i));
            double r = cascade_dist_draw(rd, NULL, i);
            hits += d - theta > (r > 0.0 ? r : 0.0) * c;
        }
        return (double)hits / (double)n;
    }
    case R_DISCRETE: {
        if (rd->kind == CASCADE_DIST_CONST) {
            double r = rd->p[0];
            return surv_d(m, theta + (r > 0.0 ? r : 0.0) * c);
        }
        double sum = 0.0;
        size_t n = rd->n_values, n_list = m->p.size;
        for (size_t j = 0; j < n && j < n_list; j++) {
            double r = rd->values[j];
            double w = (double)(n_list / n + (j < n_list % n)) / (double)n_list;
            sum += w * surv_d(m, theta + (r > 0.0 ? r : 0.0) * c);
        }
        return sum;
    }
    case D_DISCRETE: {
        size_t n = dd->kind == CASCADE_DIST_CONST ? 1 : dd->n_values;
        size_t n_list = m->p.size;
        double sum = 0.0;
        for (size_t j = 0; j < n && j < n_list; j++) {
            double d = shifted_d(m, dd->kind == CASCADE_DIST_CONST ? dd->p[0] : dd->values[j]);
            double w = dd->kind == CASCADE_DIST_CONST
                           ? 1.0
                           : (double)(n_list / n + (j < n_list % n)) / (double)n_list;
            if (d - theta > 0.0) {
                sum += w * analyze_cdf_lt(rd, (d - theta) / c, n_list);
            }
        }
        return sum;
    }
    case BETA_UNIFORM: {
        double lo = rd->p[0], hi = rd->p[1];
        if (hi <= 0.0) {
            return surv_d(m, theta);
        }
        double clipped = lo < 0.0 ? (0.0 - lo) * surv_d(m, theta) : 0.0;
        double a = lo > 0.0 ? lo : 0.0;
        /* for a tiny c the span is shorter than the rounding of its ends: midpoint rule
         * (error of order ((hi - a) c)^2 times the density's slope) */
        double span = (hi - a) * c < SPAN_MIDPOINT
                          ? (hi - a) * surv_d(m, theta + 0.5 * (a + hi) * c)
                          : beta_surv_span(m, theta + a * c, theta + hi * c) / c;
        return (clipped + span) / (hi - lo);
    }
    case QUADRATURE:
        break;
    }
    /* breakpoints in u where theta + r c crosses 0, 1 and the shifted edges */
    double pts[MAX_BREAKS];
    size_t n = 0;
    pts[n++] = 0.0;
    double edges[3 + 2 * 4];
    size_t n_edges = 0;
    edges[n_edges++] = 0.0; /* r = 0: the clipping of r */
    double y_edges[2] = {0.0, 1.0};
    for (size_t e = 0; e < 2; e++) {
        double y = y_edges[e];
        edges[n_edges++] = (y - theta) / c;
        double acc = 0.0;
        for (size_t k = 0; k < m->n_shifts && k < 4; k++) {
            acc += m->shifts[m->n_shifts - 1 - k];
            edges[n_edges++] = (y + acc - theta) / c;
        }
    }
    for (size_t e = 0; e < n_edges && n + 1 < MAX_BREAKS; e++) {
        double u = analyze_cdf_le(rd, edges[e], m->p.size);
        if (u > 0.0 && u < 1.0) {
            pts[n++] = u;
        }
    }
    pts[n++] = 1.0;
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i; j > 0 && pts[j - 1] > pts[j]; j--) {
            double t = pts[j];
            pts[j] = pts[j - 1];
            pts[j - 1] = t;
        }
    }
    size_t k = 1; /* drop duplicates: qagp wants increasing points */
    for (size_t i = 1; i < n; i++) {
        if (pts[i] > pts[k - 1]) {
            pts[k++] = pts[i];
        }
    }
    m->c_now = c;
    gsl_function f = {quad_integrand, m};
    double result = 0.0, abserr = 0.0;
    gsl_integration_qagp(&f, pts, k, CASCADE_ANALYZE_QUAD_TOL, CASCADE_ANALYZE_QUAD_TOL,
                         QUAD_LIMIT, m->ws, &result, &abserr);
    return clip01(result);
}

static double theory_share(cascade_analyze_map *m, double x)
{
    if (m->kind == THEORY_EXPLICIT) {
        double v = m->count_unit ? m->n * x : perceived(m, x);
        return analyze_cdf_le(&m->p.threshold, v + CASCADE_THRESHOLD_TOLERANCE, m->p.size);
    }
    return derived_share(m, cost_at(m, x));
}

/* The share forced public by the dissent shocks of tick 0 (random seeds: a later shock
 * may pick an elite already forced). */
static double seed_share(const cascade_params *p)
{
    double s = 0.0, n = (double)p->size;
    for (size_t i = 0; i < p->n_shocks && p->shocks[i].tick == 0; i++) {
        const cascade_shock *sh = &p->shocks[i];
        if (sh->kind != CASCADE_SHOCK_DISSENT) {
            continue;
        }
        double k = sh->by_count ? (double)sh->count : (double)lround(sh->fraction * n);
        k = k < n ? k : n;
        s += (k / n) * (1.0 - s);
    }
    return s;
}

static void set_common(cascade_analyze_map *m, const cascade_params *p)
{
    m->complete = p->network.type == CASCADE_NET_COMPLETE;
    m->count_unit = p->has_threshold && p->threshold_unit == CASCADE_UNIT_COUNT;
    m->n = (double)p->size;
    m->g = p->openness;
    m->P = p->punishment * (1.0 + p->family_punishment);
    m->theta = p->min_grievance;
    m->gamma = p->safety_in_numbers;
    m->band = p->wait_band;
}

cascade_status cascade_analyze_map_theory(const cascade_params *params, bool force_quadrature,
                                          cascade_analyze_map **out, cascade_error *err)
{
    *out = NULL;
    if (params->has_threshold && params->threshold_unit == CASCADE_UNIT_COUNT &&
        params->network.type != CASCADE_NET_COMPLETE) {
        return cascade_error_set(err, CASCADE_EINVAL, "population.threshold_unit",
                                 "no mean-field theory for count thresholds on a network "
                                 "other than the complete graph");
    }
    cascade_analyze_map *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    m->p = *params;
    m->shifts = malloc((params->n_shocks ? params->n_shocks : 1) * sizeof *m->shifts);
    if (m->shifts == NULL) {
        goto fail;
    }
    for (size_t i = 0; i < params->n_shocks && params->shocks[i].tick == 0; i++) {
        const cascade_shock *s = &params->shocks[i];
        if (s->kind == CASCADE_SHOCK_SET) {
            cascade_params_apply_set(&m->p, s);
        } else if (s->kind == CASCADE_SHOCK_GRIEVANCE) {
            m->shifts[m->n_shifts++] = s->delta;
        }
    }
    set_common(m, &m->p);
    m->seed = seed_share(&m->p);
    m->method = CASCADE_ANALYZE_CLOSED_FORM;
    if (m->p.has_threshold) {
        m->kind = THEORY_EXPLICIT;
    } else {
        m->kind = THEORY_DERIVED;
        const cascade_dist *dd = &m->p.discontent, *rd = &m->p.risk_aversion;
        if (dd->kind == CASCADE_DIST_LIST && rd->kind == CASCADE_DIST_LIST) {
            m->dcase = BOTH_LISTS;
        } else if (analyze_discrete(rd)) {
            m->dcase = R_DISCRETE;
        } else if (analyze_discrete(dd)) {
            m->dcase = D_DISCRETE;
        } else if (dd->kind == CASCADE_DIST_BETA && rd->kind == CASCADE_DIST_UNIFORM &&
                   rd->p[1] > rd->p[0] && m->n_shifts <= 1 && !force_quadrature) {
            m->dcase = BETA_UNIFORM;
        } else {
            m->dcase = QUADRATURE;
        }
        if (force_quadrature && !analyze_discrete(rd) && m->dcase != BOTH_LISTS) {
            m->dcase = QUADRATURE;
        }
        if (m->dcase == QUADRATURE) {
            m->method = CASCADE_ANALYZE_QUADRATURE;
            m->ws = gsl_integration_workspace_alloc(QUAD_LIMIT);
            if (m->ws == NULL) {
                goto fail;
            }
        }
    }
    *out = m;
    return CASCADE_OK;
fail:
    cascade_analyze_map_free(m);
    return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
}

/* ---- sampled ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The x at which loyal elite i with explicit threshold tau goes public. */
static double explicit_x(const cascade_analyze_map *m, double tau, uint32_t degree)
{
    double need = tau - CASCADE_THRESHOLD_TOLERANCE;
    if (m->count_unit) {
        double k = m->complete ? m->n : (double)degree;
        return k > 0.0 ? need / k : (need <= 0.0 ? 0.0 : INFINITY);
    }
    if (!m->complete) {
        return degree > 0 ? need : (need <= 0.0 ? 0.0 : INFINITY);
    }
    double kappa = m->n > 1.0 ? (1.0 - m->g) * m->n / (m->n - 1.0) + m->g : m->g;
    return kappa > 0.0 ? need / kappa : (need <= 0.0 ? 0.0 : INFINITY);
}

cascade_status cascade_analyze_map_sampled(const cascade_model *model,
                                           const cascade_network *net,
                                           cascade_analyze_map **out, cascade_error *err)
{
    const cascade_params *p = cascade_model_params(model);
    *out = NULL;
    cascade_analyze_map *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    m->p = *p;
    set_common(m, p);
    m->method = CASCADE_ANALYZE_SAMPLED;
    m->kind = p->has_threshold ? SAMPLED_XSPACE : SAMPLED_KEYS;
    m->vals = malloc((size_t)p->size * sizeof *m->vals);
    m->sigma = malloc((p->security_size ? p->security_size : 1) * sizeof *m->sigma);
    if (m->vals == NULL || m->sigma == NULL) {
        cascade_analyze_map_free(m);
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory for %u elites",
                                 p->size);
    }
    for (uint32_t i = 0; i < p->size; i++) {
        cascade_elite_state s = cascade_model_state(model, i);
        if (s == CASCADE_DISSENT) {
            m->n_seed++;
            continue;
        }
        if (s != CASCADE_LOYAL) {
            continue; /* purged or fled at tick 0: never public */
        }
        if (p->has_threshold) {
            uint32_t k = net->complete ? p->size - 1 : cascade_network_degree(net, i);
            m->vals[m->n_vals++] = explicit_x(m, cascade_model_threshold(model, i), k);
            continue;
        }
        double grievance = cascade_model_discontent(model, i) - p->min_grievance;
        if (grievance <= 0.0) {
            continue;
        }
        double w = cascade_model_risk_aversion(model, i) + cascade_model_fear(model, i);
        m->vals[m->n_vals++] = w > 0.0 && m->P > 0.0 ? grievance / w : INFINITY;
    }
    for (uint32_t o = 0; o < p->security_size; o++) {
        m->sigma[o] = cascade_model_loyalty(model, o);
    }
    m->n_sigma = p->security_size;
    qsort(m->vals, m->n_vals, sizeof *m->vals, cmp_double);
    qsort(m->sigma, m->n_sigma, sizeof *m->sigma, cmp_double);
    m->seed = (double)m->n_seed / m->n;
    *out = m;
    return CASCADE_OK;
}

double cascade_analyze_map_sampled_bytes(const cascade_params *p)
{
    return sizeof(cascade_analyze_map) +
           ((double)p->size + (p->security_size ? p->security_size : 1)) * sizeof(double);
}

/* Elites public at x in the sampled map (seeds included). */
static size_t sampled_count(const cascade_analyze_map *m, double x)
{
    size_t count = m->n_seed;
    if (m->kind == SAMPLED_XSPACE) {
        return count + upper_bound(m->vals, m->n_vals, x);
    }
    double c = cost_at(m, x);
    return count + (m->n_vals - upper_bound(m->vals, m->n_vals, c));
}

double cascade_analyze_map_eval(cascade_analyze_map *m, double x)
{
    if (m->kind == SAMPLED_XSPACE || m->kind == SAMPLED_KEYS) {
        return (double)sampled_count(m, x) / m->n;
    }
    return m->seed + (1.0 - m->seed) * theory_share(m, x);
}

/*
 * The model of MODEL.md: N elites with hidden discontent on a network, the regime's
 * purges, exits, security forces and shocks, advanced one tick at a time.
 *
 * A run is parameters (plain data, validated by the scenario module, then const), state
 * (owned by the model, changed only by cascade_model_step) and a gsl_rng passed in. The
 * model does no I/O and allocates nothing after cascade_model_alloc.
 *
 * State layout (structure of arrays, 32-bit ids): per elite d (8 bytes), fear (8), r or
 * tau (8: risk aversion in derived mode, the explicit threshold otherwise), state and
 * abroad flag (1), counts of dissenting and defected neighbours (4 + 4, absent on the
 * complete graph), the tick a forced dissent ends (4) and one scratch id (4): 41 bytes,
 * plus the network's 4 bytes of offsets per elite and 8 bytes per undirected edge.
 * Neighbour counts are updated when an elite changes state, so a tick costs O(N) plus
 * the degrees of the elites that changed; edges are never rescanned.
 */
#ifndef CASCADE_MODEL_H
#define CASCADE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "cascade/dist.h"
#include "cascade/error.h"
#include "cascade/network.h"

/* Tolerance of explicit-threshold comparisons: 2/100 of 99 neighbours means 2. */
#define CASCADE_THRESHOLD_TOLERANCE 1e-9

/* hold value meaning "for good" */
#define CASCADE_HOLD_FOREVER UINT32_MAX

typedef enum cascade_elite_state {
    CASCADE_LOYAL = 0,
    CASCADE_DISSENT = 1,
    CASCADE_DEFECTED = 2,
    CASCADE_PURGED = 3
} cascade_elite_state;

typedef enum cascade_threshold_unit { CASCADE_UNIT_FRACTION = 0, CASCADE_UNIT_COUNT } cascade_threshold_unit;
typedef enum cascade_update { CASCADE_UPDATE_SYNCHRONOUS = 0, CASCADE_UPDATE_RANDOM_ORDER } cascade_update;
typedef enum cascade_shock_kind {
    CASCADE_SHOCK_DISSENT = 0,
    CASCADE_SHOCK_GRIEVANCE,
    CASCADE_SHOCK_PURGE,
    CASCADE_SHOCK_SET
} cascade_shock_kind;
typedef enum cascade_shock_where { CASCADE_WHERE_RANDOM = 0, CASCADE_WHERE_CLUSTER, CASCADE_WHERE_HUBS } cascade_shock_where;
typedef enum cascade_value_type { CASCADE_TYPE_REAL = 0, CASCADE_TYPE_INT, CASCADE_TYPE_BOOL } cascade_value_type;

/* One event of the `shocks` list. */
typedef struct cascade_shock {
    uint32_t tick;
    cascade_shock_kind kind;
    /* dissent */
    bool by_count;            /* count given (else fraction) */
    double fraction;          /* share of present elites, [0, 1] */
    uint32_t count;           /* number of present elites (dissent, purge) */
    cascade_shock_where where;
    uint32_t hold;            /* ticks held in DISSENT, CASCADE_HOLD_FOREVER for good */
    /* grievance */
    double delta;             /* added to every d_i, then clipped to [0, 1] */
    /* set: the parameter's place in cascade_params, resolved by the scenario module */
    const char *key;          /* the key's name (borrowed) */
    size_t offset;            /* offsetof(cascade_params, field) */
    cascade_value_type type;  /* the field's type */
    double value;             /* new value (an int or bool field gets it converted) */
} cascade_shock;

/* Every parameter of MODEL.md; names follow the scenario keys. */
typedef struct cascade_params {
    /* population */
    uint32_t size;                 /* N >= 1 */
    double abroad_fraction;        /* [0, 1] */
    double opposed_above;          /* privately opposed when d > this, [0, 1] */
    cascade_dist discontent;       /* d_i, clipped to [0, 1] */
    cascade_dist risk_aversion;    /* r_i, clipped below at 0 */
    bool has_threshold;            /* explicit thresholds */
    cascade_dist threshold;        /* tau_i when has_threshold */
    cascade_threshold_unit threshold_unit;
    /* network */
    cascade_network_spec network;
    /* information */
    double openness;               /* g in [0, 1] */
    double exit_visibility;        /* w >= 0 */
    /* dissent */
    double min_grievance;          /* theta */
    double safety_in_numbers;      /* gamma > 0 */
    bool reversible;
    /* regime */
    double punishment;             /* >= 0 */
    double family_punishment;      /* >= 0 */
    double purge_rate;             /* expected purges per present elite per tick, [0, 1] */
    double targeting;              /* [0, 1] */
    double surveillance;           /* >= 0 */
    double fear_shock;             /* >= 0 */
    double alienation;             /* [0, 1] */
    double crackdown;              /* [0, 1] */
    double fear_decay;             /* [0, 1] */
    double cooptation;             /* [0, 1] */
    double collapse_dissent;       /* collapse when D >= this */
    /* exit */
    double rate_abroad;            /* >= 0 */
    double rate_home;              /* >= 0 */
    double base_fear;              /* f0 >= 0 */
    double family_deterrence;      /* >= 0 */
    double flee_on_recall;         /* [0, 1] */
    double flee_on_purge;          /* [0, 1] */
    /* security */
    uint32_t security_size;        /* M >= 0 */
    cascade_dist loyalty;          /* sigma_m */
    double wait_band;              /* >= 0 */
    double crackdown_alienation;   /* >= 0 */
    double collapse_capacity;      /* collapse when C < this, [0, 1] */
    /* run */
    uint32_t ticks;                /* T: ticks 1..T follow the initial state, tick 0 */
    uint32_t replicates;
    uint64_t seed;
    const char *rng;               /* gsl_rng type name (borrowed) */
    cascade_update update;
    uint32_t record_every;         /* >= 1 */
    double cascade_level;          /* a cascade when peak D >= this */
    bool stop_on_collapse;
    /* shocks, sorted by tick (stable) */
    const cascade_shock *shocks;   /* borrowed */
    size_t n_shocks;
} cascade_params;

/* What is observed after each tick (shares of N unless noted). */
typedef struct cascade_observables {
    uint32_t tick;
    double public_dissent;
    double private_opposition;
    double falsification_gap;
    double mean_discontent;   /* mean d over present elites (0 when none) */
    double defected;          /* cumulative */
    double purged;            /* cumulative */
    double mean_fear;         /* mean fear over present elites */
    double security_active;   /* shares of M (active = 1 when M = 0) */
    double security_barracks;
    double security_defected;
    bool collapsed;
} cascade_observables;

#define CASCADE_NO_TICK UINT32_MAX

/* What a run is summarised by. */
typedef struct cascade_summary {
    double final_dissent;
    double peak_dissent;
    uint32_t peak_tick;       /* first tick the peak was reached */
    bool cascade;
    uint32_t cascade_tick;    /* first tick D >= cascade_level, or CASCADE_NO_TICK */
    bool collapsed;
    uint32_t collapse_tick;   /* or CASCADE_NO_TICK */
    double defected;
    double purged;
    double final_gap;
} cascade_summary;

typedef struct cascade_model cascade_model;

/* Bytes the model's state takes for params (excluding the network). */
double cascade_model_state_bytes(const cascade_params *params);

/* Allocates a model at tick 0: draws the population and officers from rng, then applies
 * the shocks of tick 0. params and net are borrowed and must outlive the model; rng is
 * borrowed and is used by every later step. Returns NULL when out of memory. */
cascade_model *cascade_model_alloc(const cascade_params *params, const cascade_network *net,
                                   gsl_rng *rng);
void cascade_model_free(cascade_model *model);

/* Advances one tick in the order of MODEL.md. Does nothing once the run is over. */
void cascade_model_step(cascade_model *model);

/* Whether the run is over: T ticks done, or collapsed with run.stop_on_collapse. */
bool cascade_model_done(const cascade_model *model);

/* The tick last completed (0 after alloc). */
uint32_t cascade_model_tick(const cascade_model *model);

/* The observables of the current state (O(N)). */
void cascade_model_observe(const cascade_model *model, cascade_observables *obs);

/* The summary so far: peak, cascade and collapse ticks use every tick. O(N). */
void cascade_model_summarize(const cascade_model *model, cascade_summary *summary);

/* Whether every count the model keeps agrees with the elites' states, recomputed from
 * scratch: the elites per state and each elite's neighbours in DISSENT (read through
 * its bias, when counts are biased) and DEFECTED. For tests; O(N + edges). */
bool cascade_model_consistent(const cascade_model *model);

/* Read access for tests and tools. */
cascade_elite_state cascade_model_state(const cascade_model *model, uint32_t i);
double cascade_model_discontent(const cascade_model *model, uint32_t i);
double cascade_model_fear(const cascade_model *model, uint32_t i);
bool cascade_model_abroad(const cascade_model *model, uint32_t i);
uint32_t cascade_model_count(const cascade_model *model, cascade_elite_state state);
double cascade_model_capacity(const cascade_model *model);
/* Risk aversion r_i in derived mode (NAN with explicit thresholds). */
double cascade_model_risk_aversion(const cascade_model *model, uint32_t i);
/* tau_i: the explicit threshold, or the derived one from the current d, fear and C. */
double cascade_model_threshold(const cascade_model *model, uint32_t i);
/* sigma_m of officer m < security.size (as drawn, less crackdown alienation). */
double cascade_model_loyalty(const cascade_model *model, uint32_t m);
/* The parameters in force now (set shocks change the model's copy). */
const cascade_params *cascade_model_params(const cascade_model *model);

/* Applies a `set` shock to parameters: the field at s->offset takes s->value. */
void cascade_params_apply_set(cascade_params *params, const cascade_shock *s);

/* Decision rules: pure functions, no allocation, no randomness. */

/* Perceived opposition o_i from counts: a dissenting and e defected neighbours among k,
 * exit visibility w, openness g, public dissent share D. Inline: the hot loop of
 * threshold cascades calls it once per judged elite. */
static inline double cascade_perceived(uint32_t a, uint32_t e, uint32_t k, double w, double g,
                                       double D)
{
    if (k == 0) {
        return g * D;
    }
    return (1.0 - g) * ((double)a + w * (double)e) / (double)k + g * D;
}

/* B_i of the derived rule; the elite goes public when it is > 0. */
double cascade_benefit(double d, double r, double fear, double theta, double P, double C,
                       double o, double gamma);

/* tau_i of the derived rule (0 when the elite dissents alone, +inf when never). */
double cascade_derived_threshold(double d, double r, double fear, double theta, double P,
                                 double C, double gamma);

/* Explicit threshold test: value >= tau within CASCADE_THRESHOLD_TOLERANCE. */
static inline bool cascade_reaches(double value, double tau)
{
    return value >= tau - CASCADE_THRESHOLD_TOLERANCE;
}

/* The exit hazard h_i. */
double cascade_exit_hazard(double x, double d, double fear, double f0, double family_deterrence,
                           double family_punishment);

#endif

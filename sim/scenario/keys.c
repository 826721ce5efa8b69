/*
 * The key table. Defaults here are what a scenario gets for a key it does not set;
 * scenarios/default.cfg sets and explains every one of them for the default story.
 * Bounds are inclusive unless min_exclusive. Sizes stop below 2^31 so that ids fit
 * 32 bits with room for sentinels.
 */
#include "keys.h"

#include <float.h>
#include <stddef.h>
#include <string.h>

#define P(field) offsetof(cascade_params, field)
#define NO_HAS ((size_t)-1)
#define BIG 2147483647.0
#define INF DBL_MAX

static const char *const threshold_units[] = {"fraction", "count", NULL};
static const char *const network_types[] = {"complete", "erdos_renyi", "watts_strogatz",
                                            "barabasi_albert", "factions", "ring", "file", NULL};
static const char *const network_generators[] = {"igraph", "direct", NULL};
static const char *const network_formats[] = {"edgelist", "graphml", "gml", "pajek", NULL};
static const char *const updates[] = {"synchronous", "random_order", NULL};

const char *const cascade_shock_kind_names[] = {"dissent", "grievance", "purge", "set", NULL};
const char *const cascade_shock_where_names[] = {"random", "cluster", "hubs", NULL};
const char *const cascade_shock_keys[] = {"tick", "kind", "fraction", "count", "where",
                                          "hold", "delta", "key", "value", NULL};

#define REAL(n, f, lo, hi, d, dyn, h) \
    {n, KEY_REAL, lo, hi, false, d, NULL, {0}, P(f), NO_HAS, false, dyn, NULL, h}
#define REALX(n, f, lo, hi, d, dyn, h) \
    {n, KEY_REAL, lo, hi, true, d, NULL, {0}, P(f), NO_HAS, false, dyn, NULL, h}
#define UINT(n, f, lo, hi, d, dyn, h) \
    {n, KEY_UINT, lo, hi, false, d, NULL, {0}, P(f), NO_HAS, false, dyn, NULL, h}
#define BOOL(n, f, d, dyn, h) {n, KEY_BOOL, 0, 1, false, d, NULL, {0}, P(f), NO_HAS, false, dyn, NULL, h}
#define ENUM(n, f, ch, d, h) {n, KEY_ENUM, 0, 0, false, d, NULL, {0}, P(f), NO_HAS, false, false, ch, h}
#define DIST(n, f, k, a, b, h) \
    {n, KEY_DIST, 0, 0, false, 0, NULL, {k, {a, b}, NULL, 0}, P(f), NO_HAS, false, false, NULL, h}

/* Grouped as in MODEL.md; `cascade check` prints them in this order. */
const key cascade_keys[] = {
    UINT("population.size", size, 1, BIG, 1000, false, "N, the number of elites"),
    REAL("population.abroad_fraction", abroad_fraction, 0, 1, 0.1, false,
         "share of elites posted abroad"),
    REAL("population.opposed_above", opposed_above, 0, 1, 0.5, true,
         "an elite is privately opposed when its discontent d exceeds this"),
    DIST("population.discontent", discontent, CASCADE_DIST_BETA, 2, 3,
         "private discontent d, clipped to [0, 1]"),
    DIST("population.risk_aversion", risk_aversion, CASCADE_DIST_UNIFORM, 0.5, 1.5,
         "risk aversion r, clipped below at 0 (derived thresholds only)"),
    {"population.threshold", KEY_DIST, 0, 0, false, 0, NULL, {CASCADE_DIST_CONST, {0.5, 0}, NULL, 0},
     P(threshold), P(has_threshold), true, false, NULL,
     "explicit thresholds tau, drawn once; absent: thresholds derived from d, r and fear"},
    ENUM("population.threshold_unit", threshold_unit, threshold_units, 0,
         "fraction: compare perceived opposition o; count: compare a + w e"),

    ENUM("network.type", network.type, network_types, 1, "who sees whom"),
    REAL("network.mean_degree", network.mean_degree, 0, BIG, 8, false,
         "expected degree (erdos_renyi, watts_strogatz, factions, ring)"),
    REAL("network.rewire", network.rewire, 0, 1, 0.1, false,
         "rewiring probability (watts_strogatz)"),
    UINT("network.attach", network.attach, 1, BIG, 3, false,
         "ties of each newcomer (barabasi_albert)"),
    UINT("network.factions", network.factions, 1, BIG, 4, false, "number of factions (factions)"),
    REAL("network.homophily", network.homophily, 0, 1, 0.8, false,
         "expected share of ties inside one's faction (factions)"),
    {"network.path", KEY_PATH, 0, 0, false, 0, "", {0}, P(network.path), NO_HAS, false, false, NULL,
     "network file (file), relative to the scenario's folder"},
    ENUM("network.format", network.format, network_formats, 0, "network file format (file)"),
    ENUM("network.generator", network.generator, network_generators, 1,
         "direct: our generators, 10-55x faster than igraph's at 1e6-1e7 elites, in "
         "parallel, without igraph's memory; igraph: igraph's generators, the same models "
         "(other random graphs for the same seed; the same ring). Files are read by igraph "
         "either way"),
    {"network.seed", KEY_SEED, 0, 0, false, 0, NULL, {0}, P(network.seed), P(network.has_seed),
     true, false, NULL, "fixes one random network for every run; absent: built from each run's seed"},

    REAL("information.openness", openness, 0, 1, 0.05, true,
         "g: weight of the elite-wide public dissent share in what each elite perceives"),
    REAL("information.exit_visibility", exit_visibility, 0, 1, 0.5, true,
         "w: how much a defected neighbour counts as revealed opposition"),

    REAL("dissent.min_grievance", min_grievance, -INF, INF, 0.3, true,
         "theta: discontent below which an elite never goes public"),
    REALX("dissent.safety_in_numbers", safety_in_numbers, 0, INF, 2, true,
          "gamma: how fast the risk of dissent falls as perceived opposition grows"),
    BOOL("dissent.reversible", reversible, 0, true,
         "whether a dissenter whose benefit turns negative goes back to loyal (derived rule)"),

    REAL("regime.punishment", punishment, 0, INF, 1, true, "punishment of dissent"),
    REAL("regime.family_punishment", family_punishment, 0, INF, 0.5, true,
         "extra punishment of families: P = punishment * (1 + family_punishment)"),
    REAL("regime.purge_rate", purge_rate, 0, 1, 0.0005, true,
         "expected purges per present elite per tick"),
    REAL("regime.targeting", targeting, 0, 1, 0.5, true,
         "share of purges aimed by suspicion rather than at random"),
    REAL("regime.surveillance", surveillance, 0, INF, 1, true,
         "suspicion of a loyal elite per unit of discontent (a dissenter's is 1)"),
    REAL("regime.fear_shock", fear_shock, 0, INF, 0.1, true,
         "fear added to each associate of a purged elite"),
    REAL("regime.alienation", alienation, 0, 1, 0.05, true,
         "share of the remaining distance to full discontent an associate moves per purge"),
    REAL("regime.crackdown", crackdown, 0, 1, 0, true,
         "probability a dissenter is arrested per tick, times repression capacity"),
    REAL("regime.fear_decay", fear_decay, 0, 1, 0.05, true, "share of fear that fades per tick"),
    REAL("regime.cooptation", cooptation, 0, 1, 0, true,
         "share of a loyal elite's discontent bought off per tick"),
    REAL("regime.collapse_dissent", collapse_dissent, 0, INF, 0.5, true,
         "the regime collapses when public dissent reaches this share"),

    REAL("exit.rate_abroad", rate_abroad, 0, INF, 0.02, true, "exit rate x of elites abroad"),
    REAL("exit.rate_home", rate_home, 0, INF, 0.001, true, "exit rate x of elites at home"),
    REAL("exit.base_fear", base_fear, 0, INF, 0.1, true, "f0: fear-independent part of the exit hazard"),
    REAL("exit.family_deterrence", family_deterrence, 0, INF, 0.5, true,
         "how much family punishment deters exit"),
    REAL("exit.flee_on_recall", flee_on_recall, 0, 1, 0.5, true,
         "probability a recalled elite abroad flees instead of returning"),
    REAL("exit.flee_on_purge", flee_on_purge, 0, 1, 0.1, true,
         "probability an associate abroad flees when an elite is purged"),

    UINT("security.size", security_size, 0, BIG, 0, false, "M, the number of officers (0: none)"),
    DIST("security.loyalty", loyalty, CASCADE_DIST_NORMAL, 0.4, 0.15,
         "sigma: the public dissent share at which an officer defects"),
    REAL("security.wait_band", wait_band, 0, INF, 0.1, true,
         "officers wait in barracks when D is within this of their sigma"),
    REAL("security.crackdown_alienation", crackdown_alienation, 0, INF, 0, true,
         "each crackdown arrest lowers the sigma of every active officer by this"),
    REAL("security.collapse_capacity", collapse_capacity, 0, 1, 0.5, true,
         "the regime collapses when the active share of officers falls below this"),

    UINT("run.ticks", ticks, 0, BIG, 200, false, "T: ticks after the initial state (tick 0)"),
    UINT("run.replicates", replicates, 1, BIG, 20, false, "independent runs of the scenario"),
    {"run.seed", KEY_SEED, 0, 0, false, 1, NULL, {0}, P(seed), NO_HAS, false, false, NULL,
     "master seed: each run's seed is derived from (seed, point, replicate)"},
    {"run.rng", KEY_STRING, 0, 0, false, 0, "mt19937", {0}, P(rng), NO_HAS, false, false, NULL,
     "GSL generator type (gsl_rng), e.g. mt19937, ranlxd2, taus2"},
    ENUM("run.update", update, updates, 0,
         "synchronous: all decide from the last tick; random_order: one by one"),
    UINT("run.record_every", record_every, 1, BIG, 1, false,
         "write every k-th tick to timeseries.csv (summaries use every tick)"),
    REAL("run.cascade_level", cascade_level, 0, 1, 0.5, true,
         "a run is a cascade when its peak public dissent reaches this"),
    BOOL("run.stop_on_collapse", stop_on_collapse, 0, false, "end a run at its collapse"),
};

const size_t cascade_n_keys = sizeof cascade_keys / sizeof cascade_keys[0];

const key *cascade_key_find(const char *name)
{
    for (size_t i = 0; i < cascade_n_keys; i++) {
        if (strcmp(cascade_keys[i].name, name) == 0) {
            return &cascade_keys[i];
        }
    }
    return NULL;
}

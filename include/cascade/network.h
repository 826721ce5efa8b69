/*
 * Who sees whom: the undirected network among elites, in compressed sparse row form
 * with 32-bit ids, built once per run (or once for all runs when it is deterministic).
 *
 * Invariants: the neighbours of i are adj[offsets[i] .. offsets[i+1]); the graph is
 * simple (no self-loops, no multi-edges) and symmetric (j in N(i) iff i in N(j)); each
 * undirected edge is stored twice, so adjacency costs 8 bytes per undirected edge plus
 * 4 bytes per elite of offsets. The complete graph is implicit: no arrays, every elite
 * has degree n_elites - 1, and the model counts neighbours from global totals.
 *
 * Random networks are drawn from the gsl_rng passed in, by our own generators or by
 * igraph's (network.generator), so one seed fixes network and dynamics; igraph also
 * reads network files. The Debian build of igraph is not thread-safe:
 * cascade_network_build serialises its igraph calls with a lock of its own, so it may
 * be called from several threads.
 */
#ifndef CASCADE_NETWORK_H
#define CASCADE_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "cascade/error.h"

typedef enum cascade_network_type {
    CASCADE_NET_COMPLETE = 0,
    CASCADE_NET_ERDOS_RENYI,
    CASCADE_NET_WATTS_STROGATZ,
    CASCADE_NET_BARABASI_ALBERT,
    CASCADE_NET_FACTIONS,
    CASCADE_NET_RING,
    CASCADE_NET_FILE
} cascade_network_type;

typedef enum cascade_network_format {
    CASCADE_NETFMT_EDGELIST = 0, /* whitespace-separated 0-based id pairs, one per line */
    CASCADE_NETFMT_GRAPHML,
    CASCADE_NETFMT_GML,
    CASCADE_NETFMT_PAJEK /* 1-based ids in the file, as Pajek writes them */
} cascade_network_format;

/* Who generates a random network (network.generator; the scenario's default is
 * direct). igraph: igraph's generators. direct: our own generators straight into the
 * CSR arrays: the same models, 10-55x faster than igraph at 1e6-1e7 elites and without
 * igraph's 50 bytes or so per edge while building, but a different graph for the same seed
 * (the ring has no randomness: the same graph). Files are read by igraph either way. */
typedef enum cascade_network_generator {
    CASCADE_NETGEN_IGRAPH = 0,
    CASCADE_NETGEN_DIRECT
} cascade_network_generator;

/* The network.* keys of a scenario: plain data, validated by the scenario module. */
typedef struct cascade_network_spec {
    cascade_network_type type;
    double mean_degree; /* erdos_renyi, watts_strogatz, factions, ring: expected degree (>= 0) */
    double rewire;      /* watts_strogatz: rewiring probability in [0, 1] */
    uint32_t attach;    /* barabasi_albert: edges each new elite attaches with (>= 1) */
    uint32_t factions;  /* factions: number of blocks (>= 1), as equal as possible */
    double homophily;   /* factions: expected share of ties inside one's faction, [0, 1] */
    char path[4096];    /* file: path to the network file, resolved against the scenario */
    cascade_network_format format; /* file: its format */
    cascade_network_generator generator; /* network.generator */
    bool has_seed;      /* network.seed given: one network for every run */
    uint64_t seed;      /* network.seed */
} cascade_network_spec;

typedef struct cascade_network {
    uint32_t n_elites; /* number of vertices (= population.size) */
    bool complete;     /* implicit complete graph: offsets and adj are NULL */
    size_t n_edges;    /* undirected edges (for complete: n(n-1)/2, never stored) */
    uint32_t *offsets; /* n_elites + 1 entries, offsets[n_elites] = 2 * n_edges */
    uint32_t *adj;     /* 2 * n_edges neighbour ids, each list sorted ascending */
} cascade_network;

/* Builds the network of spec for n_elites elites into *net, drawing from rng (unused
 * for complete, ring and file networks). On failure *net is left released and err
 * names the key at fault: CASCADE_EINVAL for a bad file or impossible parameters
 * (e.g. a file naming an elite beyond the population), CASCADE_ENOMEM, CASCADE_EIO. */
cascade_status cascade_network_build(const cascade_network_spec *spec, uint32_t n_elites,
                                     gsl_rng *rng, cascade_network *net, cascade_error *err);

/* Frees the arrays of net and zeroes it; a zeroed network is accepted. */
void cascade_network_release(cascade_network *net);

/* Degree of elite i. */
static inline uint32_t cascade_network_degree(const cascade_network *net, uint32_t i)
{
    return net->complete ? net->n_elites - 1 : net->offsets[i + 1] - net->offsets[i];
}

/* Whether spec gives the same network in every run (no randomness, or network.seed). */
bool cascade_network_is_fixed(const cascade_network_spec *spec);

/* The checks of spec for n_elites that a build makes before it draws anything (a
 * feasible homophily, a mean degree below n_elites, ...), without building; a network
 * file is only checked to be named. CASCADE_EINVAL with err naming the key. */
cascade_status cascade_network_check(const cascade_network_spec *spec, uint32_t n_elites,
                                     cascade_error *err);

/* Expected bytes of the built arrays for spec and n_elites (for memory checks). A
 * file's edges are counted from above by a pass over it (remembered for the next call
 * while the file's size and time of change stay the same); a file that cannot be read
 * counts none. */
double cascade_network_expected_bytes(const cascade_network_spec *spec, uint32_t n_elites);

/* Expected peak bytes while building: the arrays and the generator's temporaries (8
 * per elite and 5 per edge for ours, with a bucket of pairs per OpenMP thread for
 * Erdos-Renyi and factions; 24 and 56 for igraph's generators, 40 and 104 for its
 * Watts-Strogatz; for a file, 48 and 100 for igraph's edge-list reader, 120 and 88 for
 * Pajek, 176 and 100 for GraphML, 560 and 600 for GML; measured in docs/PERFORMANCE.md,
 * with room). */
double cascade_network_build_bytes(const cascade_network_spec *spec, uint32_t n_elites);

/* Name of a type or format as written in scenario files ("erdos_renyi", "graphml"). */
const char *cascade_network_type_name(cascade_network_type type);
const char *cascade_network_format_name(cascade_network_format format);

#endif

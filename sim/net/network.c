/*
 * Building the elite network into compact CSR arrays: our own generators (the default,
 * network.generator = direct), or igraph's generators and file readers.
 *
 * Every network but the complete one ends as 32-bit CSR (offsets[n + 1], adj[2m]) with
 * sorted, symmetric, loop-free and duplicate-free neighbour lists. With igraph it is
 * made as an igraph_t, converted at once (to_csr) and freed before returning; network
 * files always go that way. Our generators write the arrays directly (below: Erdos-
 * Renyi and factions, the ring, Watts-Strogatz and Barabasi-Albert): the same models,
 * other graphs for the same seed. The models:
 *   erdos_renyi      G(n, p) with p = mean_degree / (n - 1), no loops. Ours: geometric
 *                    skipping straight into CSR (build_gnp_direct below), the same
 *                    distribution of graphs. Likewise factions.
 *   watts_strogatz   a ring where each elite is tied to nei = round(mean_degree / 2)
 *                    neighbours on each side (half away from zero, so mean_degree 5
 *                    gives degree 6), then rewired by igraph_watts_strogatz_game,
 *                    never creating loops or multi-edges. igraph moves each END of
 *                    each edge with probability q, so a share 1 - (1 - q)^2 of edges
 *                    move; Watts and Strogatz (1998) move a share `rewire` of edges, so
 *                    we pass q = 1 - sqrt(1 - rewire). The edge count stays n * nei.
 *                    Ours: the same two-pass rewiring, symmetric around the ring
 *                    (build_ws_direct below).
 *   barabasi_albert  preferential attachment, power 1, offset A = 1, PSUMTREE, so the
 *                    graph is simple: elite i > 0 ties to min(i, attach) earlier elites,
 *                    giving attach * n - attach * (attach + 1) / 2 edges and every
 *                    degree >= attach (igraph 0.10.2; pinned by a test). Ours: the
 *                    same process (build_ba_direct below).
 *   factions         a stochastic block model with as-equal-as-possible blocks. With W
 *                    within-block pairs and B between-block pairs, p_in = h * n * d / (2W)
 *                    and p_out = (1 - h) * n * d / (2B) make the expected number of edges
 *                    n * d / 2 and the expected share of edges inside a block exactly h
 *                    (d = mean_degree, h = homophily). A combination that needs a
 *                    probability above 1 is refused, never silently clamped.
 *   ring             the watts_strogatz lattice without rewiring; no randomness. Ours
 *                    writes it straight into CSR (build_ring_direct below): the same
 *                    graph.
 *   file             edgelist, GraphML, GML or Pajek, made undirected and simple
 *                    (directed edges collapse; loops and multi-edges are dropped). Elites
 *                    of GraphML and GML files are numbered in the order the file lists
 *                    its nodes; a file with fewer elites than the population leaves the
 *                    rest isolated, one with more is refused.
 *
 * igraph draws its random numbers from the caller's gsl_rng through a bridge RNG type
 * (below), installed as igraph's default for one build and then restored, so a seed
 * fixes the network. igraph 0.10.2 as Debian builds it is not thread-safe (its default
 * RNG, error handlers and "finally" stack are process globals), so every igraph call,
 * including handler and RNG swaps, runs under one static mutex. Its default error
 * handler aborts; for the duration of a build we install one that records the first
 * message and frees igraph's temporaries, and we silence warnings.
 *
 * Costs: memory 4 (n + 1) + 8 m bytes kept, plus while building about 5 bytes per edge
 * with our generators, about 50 with igraph's (its graph and vectors; 100 for its
 * Watts-Strogatz), 70-80 with its file readers (500 for GML) and more per elite:
 * cascade_network_build_bytes, which counts a file's edges first. Time O(n + m log d).
 * Edge lists are scanned once before igraph reads them, so a file naming elite 10^12 is
 * refused instead of making igraph allocate for it; likewise a Pajek *Vertices count.
 *
 * Nothing else in the process may call igraph: the lock is private to this file, and
 * only this library links igraph (CMakeLists.txt), so the rule is enforced by the build.
 */
#define _DEFAULT_SOURCE 1 /* for MADV_HUGEPAGE: the build defines _XOPEN_SOURCE only */

#include "cascade/network.h"
#include "cascade/rng.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <omp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <igraph.h>

/* Above this many factions the k x k preference matrix igraph_sbm_game needs (8 k^2
 * bytes) and its O(k^2) loop over block pairs stop being negligible. */
#define MAX_FACTIONS 4096u

/* Slack for rounding when a computed probability should be exactly 1. */
#define PROB_SLACK 1e-9

/* Largest edge count whose 2m adjacency entries fit in uint32_t offsets. */
#define MAX_EDGES (UINT32_MAX / 2u)

/* Serialises all igraph use, and guards the recorded error message below. */
static pthread_mutex_t igraph_lock = PTHREAD_MUTEX_INITIALIZER;
static char igraph_reason[256];

/* What check_spec derives from the spec, for generate to use. */
typedef struct plan {
    double p;          /* erdos_renyi edge probability */
    uint32_t nei;      /* watts_strogatz, ring: neighbours on each side */
    double q;          /* watts_strogatz: probability that each end of an edge moves */
    double p_in;       /* factions: within-block edge probability */
    double p_out;      /* factions: between-block edge probability */
} plan;

/* ---- the gsl_rng bridge ---------------------------------------------------------- */

/* The state is the caller's gsl_rng itself: nothing to allocate or free. */
static igraph_error_t bridge_init(void **state)
{
    *state = NULL;
    return IGRAPH_SUCCESS;
}

static void bridge_destroy(void *state)
{
    (void)state;
}

static igraph_error_t bridge_seed(void *state, igraph_uint_t seed)
{
    gsl_rng_set(state, (unsigned long)seed);
    return IGRAPH_SUCCESS;
}

/* 32 uniformly random bits. mt19937 and other full-range generators give them in one
 * draw; generators with a smaller range (ranlux: 24 bits, rand: 31) are asked for
 * 16- or 8-bit chunks with gsl_rng_uniform_int, which rejects rather than folds, so
 * the bits stay unbiased. */
static igraph_uint_t bridge_get(void *state)
{
    gsl_rng *rng = state;
    unsigned long min = gsl_rng_min(rng);
    unsigned long range = gsl_rng_max(rng) - min;
    if (range == 0xffffffffUL) {
        return (igraph_uint_t)((gsl_rng_get(rng) - min) & 0xffffffffUL);
    }
    unsigned int chunk = range >= 0x10000UL ? 16 : 8;
    assert(range >= (1UL << chunk));
    igraph_uint_t bits = 0;
    for (unsigned int got = 0; got < 32; got += chunk) {
        bits = (bits << chunk) | gsl_rng_uniform_int(rng, 1UL << chunk);
    }
    return bits;
}

/* [0, 1), as gsl_rng_uniform promises; same precision as igraph 0.10.2's default
 * (one 32-bit draw scaled by 2^-32 for mt19937). */
static igraph_real_t bridge_get_real(void *state)
{
    return gsl_rng_uniform(state);
}

static const igraph_rng_type_t bridge_type = {
    .name = "cascade-gsl",
    .bits = 32,
    .init = bridge_init,
    .destroy = bridge_destroy,
    .seed = bridge_seed,
    .get = bridge_get,
    .get_real = bridge_get_real,
};

/* ---- igraph error handling ------------------------------------------------------- */

/* igraph calls the handler once where an error starts and again, with an empty
 * reason, at each level it propagates through; the first non-empty reason is the
 * useful one. Freeing the finally stack is the handler's duty (igraph_error.h). */
static void record_error(const char *reason, const char *file, int line,
                         igraph_error_t igraph_errno)
{
    (void)file;
    (void)line;
    (void)igraph_errno;
    if (igraph_reason[0] == '\0' && reason != NULL && reason[0] != '\0') {
        snprintf(igraph_reason, sizeof igraph_reason, "%s", reason);
    }
    IGRAPH_FINALLY_FREE();
}

/* igraph's message in house style: lower-case first letter, no full stop. */
static const char *igraph_message(igraph_error_t code)
{
    if (igraph_reason[0] == '\0') {
        snprintf(igraph_reason, sizeof igraph_reason, "%s", igraph_strerror(code));
    }
    size_t len = strlen(igraph_reason);
    while (len > 0 && (igraph_reason[len - 1] == '.' ||
                       isspace((unsigned char)igraph_reason[len - 1]))) {
        igraph_reason[--len] = '\0';
    }
    if (isupper((unsigned char)igraph_reason[0]) && !isupper((unsigned char)igraph_reason[1])) {
        igraph_reason[0] = (char)tolower((unsigned char)igraph_reason[0]);
    }
    return igraph_reason;
}

static cascade_status from_igraph(igraph_error_t code, const cascade_network_spec *spec,
                                  cascade_error *err)
{
    const char *msg = igraph_message(code);
    if (code == IGRAPH_ENOMEM) {
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory building the %s network",
                                 cascade_network_type_name(spec->type));
    }
    if (spec->type == CASCADE_NET_FILE) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.path", "cannot read %s as %s: %s",
                                 spec->path, cascade_network_format_name(spec->format), msg);
    }
    return cascade_error_set(err, CASCADE_EINVAL, "network.type",
                             "igraph cannot build the %s network: %s",
                             cascade_network_type_name(spec->type), msg);
}

/* ---- parameters ------------------------------------------------------------------ */

static cascade_status check_mean_degree(const cascade_network_spec *spec, uint32_t n,
                                        cascade_error *err)
{
    double max = n > 0 ? (double)n - 1.0 : 0.0;
    if (!(spec->mean_degree >= 0.0) || !isfinite(spec->mean_degree)) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.mean_degree",
                                 "must be a finite number >= 0 (got %g)", spec->mean_degree);
    }
    if (spec->mean_degree > max) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.mean_degree",
                                 "must be at most population.size - 1 = %.0f (got %g)", max,
                                 spec->mean_degree);
    }
    return CASCADE_OK;
}

static cascade_status check_lattice(const cascade_network_spec *spec, uint32_t n, plan *pl,
                                    cascade_error *err)
{
    cascade_status status = check_mean_degree(spec, n, err);
    if (status != CASCADE_OK) {
        return status;
    }
    pl->nei = (uint32_t)lround(spec->mean_degree / 2.0);
    if (2.0 * pl->nei > (double)n - 1.0 && pl->nei > 0) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.mean_degree",
                                 "mean_degree %g rounds to %" PRIu32 " neighbours a side, "
                                 "which needs population.size >= %.0f (got %" PRIu32 ")",
                                 spec->mean_degree, pl->nei, 2.0 * pl->nei + 1.0, n);
    }
    if (spec->type == CASCADE_NET_WATTS_STROGATZ && !(spec->rewire >= 0.0 && spec->rewire <= 1.0)) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.rewire",
                                 "must be in [0, 1] (got %g)", spec->rewire);
    }
    pl->q = 1.0 - sqrt(1.0 - spec->rewire); /* a share `rewire` of edges moves: see above */
    return CASCADE_OK;
}

/* The derivation is in the essay at the top. W and B are exact in double up to
 * n = 2^26 and relatively accurate to 1e-16 beyond, far inside PROB_SLACK. */
static cascade_status check_factions(const cascade_network_spec *spec, uint32_t n, plan *pl,
                                     cascade_error *err)
{
    uint32_t k = spec->factions;
    double h = spec->homophily;
    if (k < 1 || k > n || k > MAX_FACTIONS) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.factions",
                                 "must be between 1 and %" PRIu32 " (got %" PRIu32 ")",
                                 n < MAX_FACTIONS ? n : MAX_FACTIONS, k);
    }
    if (!(h >= 0.0 && h <= 1.0)) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.homophily",
                                 "must be in [0, 1] (got %g)", h);
    }
    cascade_status status = check_mean_degree(spec, n, err);
    if (status != CASCADE_OK) {
        return status;
    }
    double small = (double)(n / k), n_large = (double)(n % k);
    double within = (k - n_large) * small * (small - 1.0) / 2.0 +
                    n_large * (small + 1.0) * small / 2.0;
    double between = (double)n * ((double)n - 1.0) / 2.0 - within;
    double edges = (double)n * spec->mean_degree / 2.0;
    double want_in = h * edges, want_out = (1.0 - h) * edges;
    if (want_in > 0.0 && within == 0.0) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.homophily",
                                 "homophily %g is impossible with %" PRIu32 " factions of one "
                                 "elite each: no tie can lie inside a faction (use 0)", h, k);
    }
    if (want_out > 0.0 && between == 0.0) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.homophily",
                                 "homophily %g is impossible with a single faction: every tie "
                                 "lies inside it (use 1)", h);
    }
    pl->p_in = within > 0.0 ? want_in / within : 0.0;
    pl->p_out = between > 0.0 ? want_out / between : 0.0;
    if (pl->p_in > 1.0 + PROB_SLACK) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.homophily",
                                 "homophily %g is impossible with %" PRIu32 " elites in %" PRIu32
                                 " factions and mean_degree %g: at most %.4g of ties can lie "
                                 "inside factions", h, n, k, spec->mean_degree, within / edges);
    }
    if (pl->p_out > 1.0 + PROB_SLACK) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.homophily",
                                 "homophily %g is impossible with %" PRIu32 " elites in %" PRIu32
                                 " factions and mean_degree %g: at least %.4g of ties must lie "
                                 "inside factions", h, n, k, spec->mean_degree,
                                 1.0 - between / edges);
    }
    pl->p_in = fmin(fmax(pl->p_in, 0.0), 1.0);
    pl->p_out = fmin(fmax(pl->p_out, 0.0), 1.0);
    return CASCADE_OK;
}

static cascade_status check_spec(const cascade_network_spec *spec, uint32_t n, plan *pl,
                                 cascade_error *err)
{
    cascade_status status;
    if ((unsigned)spec->generator > CASCADE_NETGEN_DIRECT) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.generator",
                                 "unknown generator %d", (int)spec->generator);
    }
    switch (spec->type) {
    case CASCADE_NET_ERDOS_RENYI:
        status = check_mean_degree(spec, n, err);
        pl->p = n > 1 ? spec->mean_degree / ((double)n - 1.0) : 0.0;
        pl->p = fmin(pl->p, 1.0);
        return status;
    case CASCADE_NET_WATTS_STROGATZ:
    case CASCADE_NET_RING:
        return check_lattice(spec, n, pl, err);
    case CASCADE_NET_BARABASI_ALBERT:
        if (spec->attach < 1 || (n > 0 && spec->attach >= n)) {
            return cascade_error_set(err, CASCADE_EINVAL, "network.attach",
                                     "must be between 1 and population.size - 1 = %" PRIu32
                                     " (got %" PRIu32 ")", n > 0 ? n - 1 : 0, spec->attach);
        }
        return CASCADE_OK;
    case CASCADE_NET_FACTIONS:
        return check_factions(spec, n, pl, err);
    case CASCADE_NET_FILE:
        if (spec->path[0] == '\0') {
            return cascade_error_set(err, CASCADE_EINVAL, "network.path",
                                     "a file network needs network.path");
        }
        if ((unsigned)spec->format > CASCADE_NETFMT_PAJEK) {
            return cascade_error_set(err, CASCADE_EINVAL, "network.format",
                                     "unknown network format %d", (int)spec->format);
        }
        return CASCADE_OK;
    case CASCADE_NET_COMPLETE:
        return CASCADE_OK;
    }
    return cascade_error_set(err, CASCADE_EINVAL, "network.type", "unknown network type %d",
                             (int)spec->type);
}

cascade_status cascade_network_check(const cascade_network_spec *spec, uint32_t n_elites,
                                     cascade_error *err)
{
    plan pl;
    return check_spec(spec, n_elites, &pl, err);
}

/* ---- files ----------------------------------------------------------------------- */

static void describe_errno(int errnum, char *why, size_t size)
{
    if (strerror_r(errnum, why, size) != 0) {
        snprintf(why, size, "error %d", errnum);
    }
}

static cascade_status open_failed(const char *path, int errnum, cascade_error *err)
{
    char why[128];
    describe_errno(errnum, why, sizeof why);
    return cascade_error_set(err, errnum == ENOMEM ? CASCADE_ENOMEM : CASCADE_EINVAL,
                             "network.path", "cannot open %s: %s", path, why);
}

static cascade_status read_failed(const char *path, cascade_error *err)
{
    char why[128];
    describe_errno(errno != 0 ? errno : EIO, why, sizeof why);
    return cascade_error_set(err, CASCADE_EIO, "network.path", "cannot read %s: %s", path, why);
}

/* Checks an edge list before igraph reads it, so that its problems name their line:
 * every line holds two elite ids or nothing (igraph pairs the ids across lines, so a
 * weighted "0 1 1" would silently make other edges), each a whole number, and none >=
 * n_elites (igraph would allocate for every elite up to it). */
static cascade_status scan_edgelist(FILE *file, const char *path, uint32_t n_elites,
                                    cascade_error *err)
{
    char token[24], bad[sizeof token + 3] = ""; /* bad: the line's first token not an id */
    size_t len = 0;
    bool digits = true, huge = false;
    uint64_t value = 0;
    unsigned long line = 1, fields = 0;
    int c;
    errno = 0;
    do {
        c = getc(file);
        if (c == EOF || isspace(c)) {
            if (len > 0) {
                token[len < sizeof token ? len : sizeof token - 1] = '\0';
                const char *more = len < sizeof token ? "" : "...";
                fields++;
                digits = digits && !(len == 1 && token[0] == '+'); /* a sign alone */
                if (!digits && bad[0] == '\0') {
                    snprintf(bad, sizeof bad, "%s%s", token, more);
                }
                if (digits && (huge || value >= n_elites)) {
                    return cascade_error_set(err, CASCADE_EINVAL, "network.path",
                                             "network file names elite %s%s but population.size "
                                             "is %" PRIu32 " (%s line %lu)",
                                             token, more, n_elites, path, line);
                }
            }
            if ((c == '\n' || c == EOF) && fields != 0 && fields != 2) {
                return cascade_error_set(err, CASCADE_EINVAL, "network.path",
                                         "cannot read %s as edgelist: line %lu has %lu field%s, "
                                         "but an edge list has two elite ids a line (no weights)",
                                         path, line, fields, fields == 1 ? "" : "s");
            }
            if ((c == '\n' || c == EOF) && bad[0] != '\0') {
                return cascade_error_set(err, CASCADE_EINVAL, "network.path",
                                         "cannot read %s as edgelist: line %lu: \"%s\" is not an "
                                         "elite id (a whole number from 0)", path, line, bad);
            }
            len = 0;
            digits = true;
            huge = false;
            value = 0;
            if (c == '\n') {
                line++;
                fields = 0;
            }
            continue;
        }
        if (len < sizeof token - 1) {
            token[len] = (char)c;
        }
        len++;
        if (c == '+' && len == 1) {
            continue;
        }
        if (!isdigit(c)) {
            digits = false;
        } else if (value > (UINT64_MAX - 9) / 10) {
            huge = true;
        } else {
            value = value * 10 + (uint64_t)(c - '0');
        }
    } while (c != EOF);
    if (ferror(file)) {
        return read_failed(path, err);
    }
    rewind(file);
    return CASCADE_OK;
}

/* Refuses a Pajek "*Vertices N" line with N > n_elites before igraph allocates N. */
static cascade_status scan_pajek(FILE *file, const char *path, uint32_t n_elites,
                                 cascade_error *err)
{
    char line[256];
    errno = 0;
    while (fgets(line, sizeof line, file) != NULL) {
        const char *s = line;
        while (isspace((unsigned char)*s)) {
            s++;
        }
        if (strncasecmp(s, "*vertices", 9) == 0) {
            unsigned long long count = strtoull(s + 9, NULL, 10);
            if (count > n_elites) {
                return cascade_error_set(err, CASCADE_EINVAL, "network.path",
                                         "network file has %llu elites but population.size "
                                         "is %" PRIu32 " (%s)", count, n_elites, path);
            }
            break;
        }
    }
    if (ferror(file)) {
        return read_failed(path, err);
    }
    rewind(file);
    return CASCADE_OK;
}

static cascade_status open_file(const cascade_network_spec *spec, uint32_t n_elites,
                                FILE **out, cascade_error *err)
{
    FILE *file = fopen(spec->path, "r");
    if (file == NULL) {
        return open_failed(spec->path, errno, err);
    }
    cascade_status status = CASCADE_OK;
    struct stat st;
    if (fstat(fileno(file), &st) == 0 && S_ISDIR(st.st_mode)) {
        status = open_failed(spec->path, EISDIR, err);
    } else if (spec->format == CASCADE_NETFMT_EDGELIST) {
        status = scan_edgelist(file, spec->path, n_elites, err);
    } else if (spec->format == CASCADE_NETFMT_PAJEK) {
        status = scan_pajek(file, spec->path, n_elites, err);
    }
    if (status != CASCADE_OK) {
        fclose(file);
        return status;
    }
    *out = file;
    return CASCADE_OK;
}

/* ---- igraph ---------------------------------------------------------------------- */

static igraph_error_t read_file(const cascade_network_spec *spec, uint32_t n_elites,
                                FILE *file, igraph_t *graph)
{
    switch (spec->format) {
    case CASCADE_NETFMT_EDGELIST:
        return igraph_read_graph_edgelist(graph, file, n_elites, false);
    case CASCADE_NETFMT_GRAPHML:
        return igraph_read_graph_graphml(graph, file, 0);
    case CASCADE_NETFMT_GML:
        return igraph_read_graph_gml(graph, file);
    case CASCADE_NETFMT_PAJEK:
        return igraph_read_graph_pajek(graph, file);
    }
    return IGRAPH_EINVAL;
}

static igraph_error_t make_lattice(igraph_integer_t n, igraph_integer_t nei, igraph_t *graph)
{
    igraph_vector_int_t dims;
    igraph_vector_bool_t periodic;
    igraph_error_t code = igraph_vector_int_init(&dims, 1);
    if (code != IGRAPH_SUCCESS) {
        return code;
    }
    code = igraph_vector_bool_init(&periodic, 1);
    if (code == IGRAPH_SUCCESS) {
        VECTOR(dims)[0] = n;
        VECTOR(periodic)[0] = true;
        code = igraph_square_lattice(graph, &dims, nei, false, false, &periodic);
        igraph_vector_bool_destroy(&periodic);
    }
    igraph_vector_int_destroy(&dims);
    return code;
}

static igraph_error_t make_sbm(igraph_integer_t n, uint32_t k, const plan *pl,
                               igraph_t *graph)
{
    igraph_matrix_t pref;
    igraph_vector_int_t sizes;
    igraph_error_t code = igraph_matrix_init(&pref, k, k);
    if (code != IGRAPH_SUCCESS) {
        return code;
    }
    code = igraph_vector_int_init(&sizes, k);
    if (code == IGRAPH_SUCCESS) {
        for (uint32_t a = 0; a < k; a++) {
            VECTOR(sizes)[a] = n / k + (a < (uint32_t)(n % k));
            for (uint32_t b = 0; b < k; b++) {
                MATRIX(pref, a, b) = a == b ? pl->p_in : pl->p_out;
            }
        }
        code = igraph_sbm_game(graph, n, &pref, &sizes, false, false);
        igraph_vector_int_destroy(&sizes);
    }
    igraph_matrix_destroy(&pref);
    return code;
}

/* Makes *graph (initialised only on success). */
static igraph_error_t generate(const cascade_network_spec *spec, uint32_t n_elites,
                               const plan *pl, FILE *file, igraph_t *graph)
{
    igraph_integer_t n = n_elites;
    if (n == 0 && spec->type != CASCADE_NET_FILE) {
        return igraph_empty(graph, 0, false);
    }
    switch (spec->type) {
    case CASCADE_NET_ERDOS_RENYI:
        return igraph_erdos_renyi_game_gnp(graph, n, pl->p, false, false);
    case CASCADE_NET_WATTS_STROGATZ:
        /* igraph treats nei = 0 as 1; an odd mean_degree below 1 rounds to 0 here. */
        if (pl->nei == 0) {
            return igraph_empty(graph, n, false);
        }
        return igraph_watts_strogatz_game(graph, 1, n, pl->nei, pl->q, false, false);
    case CASCADE_NET_RING:
        if (pl->nei == 0) {
            return igraph_empty(graph, n, false);
        }
        return make_lattice(n, pl->nei, graph);
    case CASCADE_NET_BARABASI_ALBERT:
        return igraph_barabasi_game(graph, n, 1.0, spec->attach, NULL, false, 1.0, false,
                                    IGRAPH_BARABASI_PSUMTREE, NULL);
    case CASCADE_NET_FACTIONS:
        return make_sbm(n, spec->factions, pl, graph);
    case CASCADE_NET_FILE: {
        igraph_error_t code = read_file(spec, n_elites, file, graph);
        if (code != IGRAPH_SUCCESS) {
            return code;
        }
        code = igraph_to_undirected(graph, IGRAPH_TO_UNDIRECTED_COLLAPSE, NULL);
        if (code == IGRAPH_SUCCESS) {
            code = igraph_simplify(graph, true, true, NULL);
        }
        if (code != IGRAPH_SUCCESS) {
            igraph_destroy(graph);
        }
        return code;
    }
    case CASCADE_NET_COMPLETE:
        break;
    }
    return IGRAPH_EINVAL;
}

/* ---- CSR ------------------------------------------------------------------------- */

static int compare_ids(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Sorts one neighbour list: by insertion when short (lists come nearly sorted), else
 * with qsort. */
static void sort_list(uint32_t *list, size_t degree)
{
    if (degree > 64) {
        qsort(list, degree, sizeof *list, compare_ids);
        return;
    }
    for (size_t j = 1; j < degree; j++) {
        uint32_t x = list[j];
        size_t k = j;
        for (; k > 0 && list[k - 1] > x; k--) {
            list[k] = list[k - 1];
        }
        list[k] = x;
    }
}

/* Errors of the builds: too many edges for 32-bit arrays (for the keys that set the
 * edge count from mean_degree), no memory for the arrays. */
static cascade_status too_many_edges(cascade_error *err)
{
    return cascade_error_set(err, CASCADE_EINVAL, "network.mean_degree",
                             "the network has more than %" PRIu32 " edges, which do not fit "
                             "in 32-bit adjacency arrays", MAX_EDGES);
}

static cascade_status out_of_memory(cascade_error *err, uint32_t n, uint64_t m)
{
    return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory for a network of %" PRIu32
                             " elites and %" PRIu64 " edges", n, m);
}

/* Fills net from a simple undirected graph: counts degrees into offsets[i], turns them
 * into running ends, then places each endpoint by decrementing its end, which leaves
 * offsets[i] at the start of i's list. */
static cascade_status to_csr(const igraph_t *graph, const cascade_network_spec *spec,
                             uint32_t n, cascade_network *net, cascade_error *err)
{
    igraph_integer_t n_vertices = igraph_vcount(graph);
    igraph_integer_t n_edges = igraph_ecount(graph);
    if (n_vertices > (igraph_integer_t)n) {
        assert(spec->type == CASCADE_NET_FILE);
        if (spec->format == CASCADE_NETFMT_EDGELIST) {
            return cascade_error_set(err, CASCADE_EINVAL, "network.path",
                                     "network file names elite %" PRId64 " but population.size "
                                     "is %" PRIu32 " (%s)", (int64_t)n_vertices - 1, n,
                                     spec->path);
        }
        return cascade_error_set(err, CASCADE_EINVAL, "network.path",
                                 "network file has %" PRId64 " elites but population.size is "
                                 "%" PRIu32 " (%s)", (int64_t)n_vertices, n, spec->path);
    }
    if ((uint64_t)n_edges > MAX_EDGES) {
        const char *key = spec->type == CASCADE_NET_FILE              ? "network.path"
                          : spec->type == CASCADE_NET_BARABASI_ALBERT ? "network.attach"
                                                                      : "network.mean_degree";
        return cascade_error_set(err, CASCADE_EINVAL, key,
                                 "the network has %" PRId64 " edges; at most %" PRIu32
                                 " fit in 32-bit adjacency arrays", (int64_t)n_edges, MAX_EDGES);
    }
    net->offsets = calloc((size_t)n + 1, sizeof *net->offsets);
    net->adj = malloc(n_edges > 0 ? 2 * (size_t)n_edges * sizeof *net->adj : 1);
    if (net->offsets == NULL || net->adj == NULL) {
        return out_of_memory(err, n, (uint64_t)n_edges);
    }
    for (igraph_integer_t e = 0; e < n_edges; e++) {
        net->offsets[IGRAPH_FROM(graph, e)]++;
        net->offsets[IGRAPH_TO(graph, e)]++;
    }
    for (uint32_t i = 1; i < n; i++) {
        net->offsets[i] += net->offsets[i - 1];
    }
    net->offsets[n] = (uint32_t)(2 * n_edges);
    for (igraph_integer_t e = 0; e < n_edges; e++) {
        uint32_t u = (uint32_t)IGRAPH_FROM(graph, e), v = (uint32_t)IGRAPH_TO(graph, e);
        net->adj[--net->offsets[u]] = v;
        net->adj[--net->offsets[v]] = u;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t *list = net->adj + net->offsets[i];
        size_t degree = net->offsets[i + 1] - net->offsets[i];
        sort_list(list, degree);
        for (size_t j = 0; j < degree; j++) {
            assert(list[j] != i);
            assert(j == 0 || list[j] > list[j - 1]);
        }
    }
    net->n_edges = (size_t)n_edges;
    return CASCADE_OK;
}

/* Everything igraph touches, under the lock: handlers and RNG in, graph made and
 * converted and freed, handlers and RNG restored. */
static cascade_status build_locked(const cascade_network_spec *spec, uint32_t n_elites,
                                   const plan *pl, gsl_rng *rng, FILE *file,
                                   cascade_network *net, cascade_error *err)
{
    pthread_mutex_lock(&igraph_lock);
    igraph_error_handler_t *old_error = igraph_set_error_handler(record_error);
    igraph_warning_handler_t *old_warning =
        igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_reason[0] = '\0';
    /* igraph_rng_set_default copies the struct (0.10.2), so keep a copy to restore. */
    igraph_rng_t old_rng = *igraph_rng_default();
    igraph_rng_t bridge = {.type = &bridge_type, .state = rng, .is_seeded = true};
    if (rng != NULL) {
        igraph_rng_set_default(&bridge);
    }

    cascade_status status;
    igraph_t graph;
    igraph_error_t code = generate(spec, n_elites, pl, file, &graph);
    if (code == IGRAPH_SUCCESS) {
        status = to_csr(&graph, spec, n_elites, net, err);
        igraph_destroy(&graph);
    } else if (spec->type == CASCADE_NET_FILE && ferror(file)) {
        status = read_failed(spec->path, err);
    } else {
        status = from_igraph(code, spec, err);
    }

    igraph_rng_set_default(&old_rng);
    igraph_set_warning_handler(old_warning);
    igraph_set_error_handler(old_error);
    pthread_mutex_unlock(&igraph_lock);
    return status;
}

/* ---- the direct generator: Erdos-Renyi and factions ------------------------------ */

/* G(n, p) and the stochastic block model of factions straight into CSR by geometric
 * skipping (Batagelj and Brandes 2005, "Efficient generation of large random networks",
 * Phys. Rev. E 71). Row v holds the candidate pairs (v, w), w < v. For factions (k
 * contiguous blocks as equal as possible, the first n mod k one elite larger, as igraph
 * lays them out), the row splits at the start s of v's faction: pairs with w < s are
 * drawn with p_out, the rest with p_in; Erdos-Renyi is one faction. Within a faction's
 * rows the p_out pairs form a rectangle (rows times s) and the p_in pairs a triangle;
 * each is numbered in row-major order and skipped through on its own: before each edge
 * floor(log(1 - r) / log(1 - p)) non-edges are jumped over, one uniform r and one
 * logarithm per edge, and the two are merged row by row (n + m steps in all). (1 - r is
 * exact: r has at most 53 bits; r < 1, so the logarithm is finite.)
 *
 * The rows are cut into blocks of about GNP_BLOCK_EDGES expected edges (at most
 * GNP_MAX_BLOCKS), a function of the model only. Each block skips through its own pairs
 * with its own generator, of the caller's type, seeded from two draws of the caller's
 * rng and the block's number, so blocks run in parallel (OpenMP) and the graph depends
 * on the seed, never on the number of threads. A block writes its rows' lower
 * neighbours, ascending, to its own list, counts them in low[v] and counts how many of
 * them fall in each bucket: a range of 2^shift elites, about GNP_BUCKET_EDGES pairs
 * each (at most GNP_MAX_BUCKETS buckets).
 *
 * Each list of the CSR holds the elite's lower neighbours, then its higher ones, both
 * ascending. The lower ones are copied from the block lists. The higher ones are a
 * transpose: v goes to the list of every lower neighbour w. Written straight from the
 * block lists, each entry is two cache misses (w's cursor and its slot), so the
 * transpose goes through the buckets instead: every (w, v) is first appended to w's
 * bucket (one sequential stream per bucket), in the adjacency array itself, which has
 * room for m pairs; then each bucket, whose cursors and lists fit in cache, counts its
 * elites' higher neighbours and, once the offsets are known, writes its elites' lists
 * over the pairs (in waves: see below). Within a bucket the pairs are in block order,
 * then row order, so v ascends in every list. Every step but the offsets runs in
 * parallel, over blocks or buckets, and gives the same arrays on any number of threads.
 *
 * Peak memory: the CSR arrays plus 4 bytes per edge (the block lists), 4 per elite and
 * one bucket's pairs per thread, freed on return. On an error, what net holds is the
 * caller's to release. */
#define GNP_BLOCK_EDGES 65536.0

/* Below this many edges a build runs on the calling thread alone: starting a team cost
 * 60-70 us on 2 threads here, about a third of building 10,000 edges
 * (docs/PERFORMANCE.md), and a network this small gains nothing from a second core. */
#define PARALLEL_MIN_EDGES 65536
#define GNP_MAX_BLOCKS 256
#define GNP_BUCKET_EDGES 65536.0 /* expected pairs in a bucket, if not too many buckets */
#define GNP_MAX_BUCKETS 256
#define SKIP_BATCH 64    /* skips drawn at a time, apart from their use */

/* A block's place in the shared array of lower neighbours: its expected edge count plus
 * GNP_ROOM_SD standard deviations plus GNP_ROOM_MIN. A block that outgrows it moves to
 * a list of its own; tests/CMakeLists.txt builds a variant with no room to spare, so
 * that every block does. */
#ifndef GNP_ROOM_SD
#define GNP_ROOM_SD 8.0
#endif
#ifndef GNP_ROOM_MIN
#define GNP_ROOM_MIN 64.0
#endif

typedef struct gnp_block {
    uint32_t first_row, end_row; /* rows [first_row, end_row) */
    uint32_t *lower;             /* the rows' lower neighbours, row after row: in the
                                    shared array, or the block's own if it outgrew its
                                    place there (own) */
    size_t m, cap;
    bool own;
    size_t *at;                  /* per bucket: how many of lower fall in it, then where
                                    the next of them goes in the pairs */
    cascade_status status;
} gnp_block;

typedef struct gnp_pair {
    uint32_t w, v; /* the edge (v, w), w < v, in w's bucket */
} gnp_pair;

typedef struct gnp_cursor {
    size_t block, pos; /* a place in a block's lower neighbours */
} gnp_cursor;

/* Pairs in the rows before row v: v (v - 1) / 2. */
static inline uint64_t pairs_before(uint64_t v)
{
    return v * (v - (v > 0)) / 2;
}

/* The random graph: n elites in k factions, the first r of q + 1 elites, the others of
 * q; edges within a faction with p_in, between factions with p_out (Erdos-Renyi: k = 1,
 * p_in = p). before[b]: the expected number of lower neighbours in the rows before
 * faction b (k + 1 entries). */
typedef struct gnp_model {
    uint32_t n, k, q, r;
    double p_in, p_out;
    double *before;
} gnp_model;

static inline uint32_t faction_start(const gnp_model *g, uint32_t b)
{
    return b * g->q + (b < g->r ? b : g->r);
}

static inline uint32_t faction_of(const gnp_model *g, uint32_t v)
{
    uint32_t large = g->r * (g->q + 1);
    return v < large ? v / (g->q + 1) : g->r + (v - large) / g->q;
}

/* The expected number of lower neighbours in the rows before row v. */
static double expect_before(const gnp_model *g, uint32_t v)
{
    if (v >= g->n) {
        return g->before[g->k];
    }
    uint32_t b = faction_of(g, v), s = faction_start(g, b);
    return g->before[b] + (double)(v - s) * s * g->p_out + (double)pairs_before(v - s) * g->p_in;
}

/* The last row v whose expectation before it is at most x (0 if none). */
static uint32_t row_at_expect(const gnp_model *g, double x)
{
    uint32_t lo = 0, hi = g->n; /* expect_before(lo) <= x, or lo = 0 */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if (expect_before(g, mid) <= x) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    return lo;
}

/* One stream of geometric skips through a numbered pair space [0, end): next is the
 * next edge, end if none is left. */
typedef struct skip_stream {
    uint64_t next, end;
    double inv_log_q; /* 1 / log(1 - p): -0 when p = 1 (every skip 0), -inf when p = 0 */
} skip_stream;

/* Skips drawn SKIP_BATCH at a time, apart from their use (as log(1 - r), to be scaled by
 * a stream's 1 / log(1 - p)); shared by the streams of a block in the order they use
 * them. */
typedef struct skip_batch {
    gsl_rng *rng;
    size_t used;
    double logs[SKIP_BATCH];
} skip_batch;

/* The first edge at or after pair from, or end. */
static inline uint64_t stream_after(skip_stream *st, skip_batch *sb, uint64_t from)
{
    if (from >= st->end) {
        return st->end;
    }
    if (sb->used == SKIP_BATCH) {
        for (size_t t = 0; t < SKIP_BATCH; t++) {
            sb->logs[t] = log(1.0 - gsl_rng_uniform(sb->rng));
        }
        sb->used = 0;
    }
    double skip = sb->logs[sb->used++] * st->inv_log_q; /* >= 0, or NaN when p = 0 */
    if (!(skip < (double)(st->end - from))) {
        return st->end;
    }
    return from + (uint64_t)skip;
}

/* Appends the lower neighbour w to block b's list (lower, m, cap), moving the list to
 * one of the block's own when it outgrows its room. */
static inline bool block_append(gnp_block *b, uint32_t **lower, size_t *m, size_t *cap,
                                uint32_t w)
{
    if (*m == *cap) { /* beyond its room: a list of its own, half longer */
        if (*m > MAX_EDGES) {
            b->status = CASCADE_EINVAL;
            return false;
        }
        size_t grown = *cap + *cap / 2 + 64;
        uint32_t *more = b->own ? realloc(*lower, grown * sizeof **lower)
                                : malloc(grown * sizeof **lower);
        if (more == NULL) {
            b->status = CASCADE_ENOMEM;
            return false;
        }
        if (!b->own) {
            memcpy(more, *lower, *m * sizeof **lower);
        }
        b->own = true;
        *lower = more;
        *cap = grown;
    }
    (*lower)[(*m)++] = w;
    return true;
}

/* Draws block b's edges; low[v] for its rows only, b->at[bucket] counts. Faction by
 * faction within the block's rows, the rectangle (w below the faction's start s, p_out)
 * and the triangle (w from s, p_in) are skipped through row by row. */
static void gnp_draw(gnp_block *b, const gnp_model *g, const gsl_rng_type *type,
                     uint64_t seed, unsigned shift, uint32_t *low)
{
    skip_batch sb;
    sb.rng = cascade_rng_alloc(type, seed);
    sb.used = SKIP_BATCH;
    if (sb.rng == NULL) {
        b->status = CASCADE_ENOMEM;
        return;
    }
    size_t *at = b->at;
    uint32_t *lower = b->lower;
    size_t m = 0, cap = b->cap;
    double inv_out = 1.0 / log1p(-g->p_out), inv_in = 1.0 / log1p(-g->p_in);
    bool ok = true;
    for (uint32_t a0 = b->first_row; ok && a0 < b->end_row;) {
        uint32_t f = faction_of(g, a0), s = faction_start(g, f);
        uint32_t e = faction_start(g, f + 1) < b->end_row ? faction_start(g, f + 1)
                                                           : b->end_row;
        skip_stream rect = {0, (uint64_t)(e - a0) * s, inv_out};
        skip_stream tri = {0, pairs_before(e - s), inv_in};
        rect.next = stream_after(&rect, &sb, 0);
        tri.next = stream_after(&tri, &sb, pairs_before(a0 - s));
        for (uint32_t v = a0; ok && v < e; v++) {
            uint64_t row_begin = (uint64_t)(v - a0) * s, row_end = row_begin + s;
            while (rect.next < row_end) {
                uint32_t w = (uint32_t)(rect.next - row_begin);
                if (!(ok = block_append(b, &lower, &m, &cap, w))) {
                    break;
                }
                low[v]++;
                at[w >> shift]++;
                rect.next = stream_after(&rect, &sb, rect.next + 1);
            }
            row_begin = pairs_before(v - s);
            row_end = row_begin + (v - s);
            while (ok && tri.next < row_end) {
                uint32_t w = s + (uint32_t)(tri.next - row_begin);
                if (!(ok = block_append(b, &lower, &m, &cap, w))) {
                    break;
                }
                low[v]++;
                at[w >> shift]++;
                tri.next = stream_after(&tri, &sb, tri.next + 1);
            }
        }
        a0 = e;
    }
    b->lower = lower;
    b->m = m;
    b->cap = cap;
    gsl_rng_free(sb.rng);
}

/* Appends block b's edges to the buckets of their lower ends, at b->at. */
static void gnp_bucket(gnp_block *b, const uint32_t *low, unsigned shift, gnp_pair *pairs)
{
    size_t *at = b->at;
    const uint32_t *lower = b->lower;
    size_t e = 0;
    for (uint32_t v = b->first_row; v < b->end_row; v++) {
        for (size_t row_end = e + low[v]; e < row_end; e++) {
            uint32_t w = lower[e];
            pairs[at[w >> shift]++] = (gnp_pair){w, v};
        }
    }
}

/* A large array the direct generator writes in full: on 2 MiB pages where the kernel
 * gives them on request (transparent huge pages in "madvise" mode; in "always" mode it
 * does anyway), so the first writes fault once per 2 MiB instead of once per 4 KiB. At
 * N = 1e6 the build faults in 40 MB of fresh memory, and on 4 KiB pages the faults took
 * a sixth of its time (docs/PERFORMANCE.md). Arrays below HUGE_MIN keep malloc, so a
 * small network does not take a 2 MiB page; madvise failing changes nothing. Freed
 * with free. */
#define HUGE_PAGE ((size_t)2 << 20)
#define HUGE_MIN ((size_t)8 << 20)

static void *big_alloc(size_t bytes)
{
    if (bytes < HUGE_MIN) {
        return malloc(bytes);
    }
    size_t size = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    void *p = aligned_alloc(HUGE_PAGE, size);
    if (p != NULL) {
        (void)madvise(p, size, MADV_HUGEPAGE);
    }
    return p;
}

static cascade_status build_gnp_direct(const gnp_model *g, gsl_rng *rng, cascade_network *net,
                                       cascade_error *err)
{
    uint32_t n = g->n;
    double expect = expect_before(g, n);
    size_t n_blocks = n < 2 || !(expect > 0.0) ? 0 : (size_t)(expect / GNP_BLOCK_EDGES) + 1;
    if (n_blocks > GNP_MAX_BLOCKS) {
        n_blocks = GNP_MAX_BLOCKS;
    }
    if (n_blocks > (size_t)n - 1) {
        n_blocks = (size_t)n - 1; /* at least one row (with pairs) per block */
    }
    unsigned shift = 0; /* buckets of 2^shift elites: about GNP_BUCKET_EDGES pairs each */
    while (shift < 31 && (((uint64_t)n >> shift) >= GNP_MAX_BUCKETS ||
                          expect * ldexp(1.0, (int)shift + 1) <= GNP_BUCKET_EDGES * n)) {
        shift++;
    }
    size_t n_buckets = ((size_t)n >> shift) + 1;
    uint64_t base = (uint64_t)gsl_rng_get(rng) << 32 ^ (uint64_t)gsl_rng_get(rng);
    net->offsets = big_alloc(((size_t)n + 1) * sizeof *net->offsets);
    uint32_t *low = big_alloc(((size_t)n + 1) * sizeof *low);
    gnp_block *blocks = calloc(n_blocks + 1, sizeof *blocks);
    size_t *at = calloc((n_blocks + 1) * n_buckets, sizeof *at);
    size_t *bucket_start = malloc((n_buckets + 1) * sizeof *bucket_start);
    gnp_cursor *bucket_lower = malloc(n_buckets * sizeof *bucket_lower);
    gnp_pair *pairs = NULL;
    uint32_t *lower_all = NULL;
    cascade_status status = CASCADE_OK;
    uint64_t m = 0;
    if (net->offsets == NULL || low == NULL || blocks == NULL || at == NULL ||
        bucket_start == NULL || bucket_lower == NULL) {
        status = CASCADE_ENOMEM;
        goto done;
    }
    memset(low, 0, ((size_t)n + 1) * sizeof *low);
    /* block k: from the row where the expectation reaches k / n_blocks of the total
     * (row 1 for k = 0: row 0 has no pairs) */
    for (size_t k = 0; k < n_blocks; k++) {
        uint32_t row = k == 0 ? 1 : row_at_expect(g, expect * (double)k / (double)n_blocks);
        row = row < 1 ? 1 : row;
        blocks[k].first_row = row;
        blocks[k].at = at + k * n_buckets;
        if (k > 0) {
            blocks[k - 1].end_row = row;
        }
    }
    if (n_blocks > 0) {
        blocks[n_blocks - 1].end_row = n;
    }
    size_t room = 0;
    for (size_t k = 0; k < n_blocks; k++) {
        double expect_k = expect_before(g, blocks[k].end_row) -
                          expect_before(g, blocks[k].first_row);
        expect_k = expect_k > 0.0 ? expect_k : 0.0;
        double cap = expect_k + GNP_ROOM_SD * sqrt(expect_k) + GNP_ROOM_MIN;
        blocks[k].cap = cap > 1.0 ? (size_t)cap : 1;
        room += blocks[k].cap;
    }
    lower_all = big_alloc(room * sizeof *lower_all + 1);
    if (lower_all == NULL) {
        status = CASCADE_ENOMEM;
        goto done;
    }
    room = 0;
    for (size_t k = 0; k < n_blocks; k++) {
        blocks[k].lower = lower_all + room;
        room += blocks[k].cap;
    }
    const gsl_rng_type *type = rng->type;
#pragma omp parallel for schedule(dynamic, 1) if (expect >= PARALLEL_MIN_EDGES)
    for (size_t k = 0; k < n_blocks; k++) {
        if (blocks[k].first_row < blocks[k].end_row) {
            gnp_draw(&blocks[k], g, type, cascade_rng_derive(base, k, 0, CASCADE_RNG_NETWORK),
                     shift, low);
        }
    }
    for (size_t k = 0; k < n_blocks; k++) {
        if (blocks[k].status != CASCADE_OK) {
            status = blocks[k].status;
            goto done;
        }
        m += blocks[k].m;
    }
    if (m > MAX_EDGES) {
        status = CASCADE_EINVAL;
        goto done;
    }
    /* where each block's pairs go: bucket after bucket, block after block within one */
    size_t start = 0;
    for (size_t c = 0; c < n_buckets; c++) {
        bucket_start[c] = start;
        for (size_t k = 0; k < n_blocks; k++) {
            size_t count = blocks[k].at[c];
            blocks[k].at[c] = start;
            start += count;
        }
    }
    bucket_start[n_buckets] = start;
    assert(start == m);
    net->adj = big_alloc(m > 0 ? 2 * (size_t)m * sizeof *net->adj : 1);
    pairs = (gnp_pair *)net->adj; /* m pairs of two entries: see the lists below */
    if (net->adj == NULL) {
        status = CASCADE_ENOMEM;
        goto done;
    }
#pragma omp parallel for schedule(dynamic, 1) if (expect >= PARALLEL_MIN_EDGES)
    for (size_t k = 0; k < n_blocks; k++) {
        gnp_bucket(&blocks[k], low, shift, pairs);
    }
    /* the higher degrees, counted in offsets, then the offsets; low[i] becomes the
     * cursor of i's higher neighbours (its lower ones are between the two) */
    uint32_t *offsets = net->offsets, *adj = net->adj;
    memset(offsets, 0, ((size_t)n + 1) * sizeof *offsets);
#pragma omp parallel for schedule(dynamic, 1) if (expect >= PARALLEL_MIN_EDGES)
    for (size_t c = 0; c < n_buckets; c++) {
        for (size_t e = bucket_start[c]; e < bucket_start[c + 1]; e++) {
            offsets[pairs[e].w]++;
        }
    }
    uint32_t offset = 0;
    size_t blk = 0, pos = 0; /* the block of row i and where its lower neighbours start */
    uint32_t next_block = n_blocks > 1 ? blocks[1].first_row : n; /* where blk + 1 starts */
    uint32_t mask = (UINT32_C(1) << shift) - 1;
    for (uint32_t i = 0; i < n; i++) {
        while (i == next_block) {
            blk++;
            pos = 0;
            next_block = blk + 1 < n_blocks ? blocks[blk + 1].first_row : n;
        }
        if ((i & mask) == 0) {
            bucket_lower[i >> shift] = (gnp_cursor){blk, pos};
        }
        uint32_t higher = offsets[i];
        offsets[i] = offset;
        pos += low[i];
        low[i] += offset;
        offset = low[i] + higher;
    }
    offsets[n] = offset;
    assert(offset == 2 * m);
    /* Each bucket's lists, lower neighbours then higher ones, while they are in cache.
     * The pairs are in adj itself, which the lists overwrite: bucket c's lists lie below
     * the pairs of bucket c + 1 (the entries before them number L + H, where L, the
     * edges with both ends in earlier buckets, is at most H, the edges with the lower
     * end there, and the pairs before bucket c + 1 take 2 H entries), but may cover
     * bucket c's own pairs and those of the buckets just before it. So the threads take
     * the buckets in waves, one each: copy their bucket's pairs, wait for one another,
     * write their lists, wait again. */
    size_t most = 0;
    for (size_t c = 0; c < n_buckets; c++) {
        size_t count = bucket_start[c + 1] - bucket_start[c];
        most = count > most ? count : most;
    }
    int failed = 0;
#pragma omp parallel if (expect >= PARALLEL_MIN_EDGES)
    {
        size_t t = (size_t)omp_get_thread_num(), team = (size_t)omp_get_num_threads();
        gnp_pair *mine = malloc((most > 0 ? most : 1) * sizeof *mine);
        if (mine == NULL) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp barrier
        int give_up;
#pragma omp atomic read
        give_up = failed;
        for (size_t wave = 0; !give_up && wave < n_buckets; wave += team) {
            size_t c = wave + t, count = 0;
            if (c < n_buckets) {
                count = bucket_start[c + 1] - bucket_start[c];
                memcpy(mine, pairs + bucket_start[c], count * sizeof *mine);
            }
#pragma omp barrier
            if (c < n_buckets) {
                uint32_t lo = (uint32_t)(c << shift);
                uint32_t hi = c + 1 < n_buckets ? (uint32_t)((c + 1) << shift) : n;
                size_t b = bucket_lower[c].block;
                const uint32_t *lower = n_blocks > 0 ? blocks[b].lower + bucket_lower[c].pos
                                                     : NULL;
                for (uint32_t v = lo; v < hi; v++) {
                    while (b + 1 < n_blocks && blocks[b + 1].first_row <= v) {
                        lower = blocks[++b].lower;
                    }
                    for (uint32_t e = offsets[v]; e < low[v]; e++) {
                        adj[e] = *lower++;
                    }
                }
                for (size_t e = 0; e < count; e++) {
                    adj[low[mine[e].w]++] = mine[e].v;
                }
            }
#pragma omp barrier
        }
        free(mine);
    }
    if (failed) {
        status = CASCADE_ENOMEM;
        goto done;
    }
    net->n_edges = (size_t)m;

done:
    for (size_t k = 0; blocks != NULL && k < n_blocks; k++) {
        if (blocks[k].own) {
            free(blocks[k].lower);
        }
    }
    free(lower_all);
    free(blocks);
    free(at);
    free(bucket_start);
    free(bucket_lower);
    free(low);
    if (status == CASCADE_EINVAL) {
        return too_many_edges(err);
    }
    if (status == CASCADE_ENOMEM) {
        return out_of_memory(err, n, m);
    }
    return CASCADE_OK;
}

/* The ring lattice straight into CSR: elite i is tied to the nei elites on each side,
 * modulo n. check_lattice ensures n >= 2 nei + 1, so the 2 nei neighbours are
 * distinct; each list is written in ascending order: the ones that wrap past n - 1,
 * then those below i, then those above, then the ones that wrap below 0. No randomness:
 * the same graph as igraph's lattice (tested), 20-50 times faster at 1e6-1e7. */
static cascade_status build_ring_direct(uint32_t n, uint32_t nei, cascade_network *net,
                                        cascade_error *err)
{
    uint64_t m = (uint64_t)n * nei;
    if (m > MAX_EDGES) {
        return too_many_edges(err);
    }
    net->offsets = big_alloc(((size_t)n + 1) * sizeof *net->offsets);
    net->adj = big_alloc(m > 0 ? 2 * (size_t)m * sizeof *net->adj : 1);
    if (net->offsets == NULL || net->adj == NULL) {
        return out_of_memory(err, n, m);
    }
    uint32_t *offsets = net->offsets, *adj = net->adj;
    uint32_t k = 2 * nei;
#pragma omp parallel for schedule(static) if (m >= PARALLEL_MIN_EDGES)
    for (uint32_t i = 0; i < n; i++) {
        uint32_t *out = adj + (size_t)i * k;
        offsets[i] = i * k;
        for (uint32_t d = n - i; d <= nei; d++) { /* i + d wraps past n - 1 */
            *out++ = i + d - n;
        }
        for (uint32_t d = nei < i ? nei : i; d >= 1; d--) {
            *out++ = i - d;
        }
        for (uint32_t d = 1; d <= nei && d < n - i; d++) {
            *out++ = i + d;
        }
        for (uint32_t d = nei; d > i; d--) { /* i - d wraps below 0 */
            *out++ = i - d + n;
        }
    }
    offsets[n] = n * k;
    net->n_edges = (size_t)m;
    return CASCADE_OK;
}

/* The direct generator's model of an erdos_renyi or factions spec, then the build. */
static cascade_status build_direct(const cascade_network_spec *spec, uint32_t n, const plan *pl,
                                   gsl_rng *rng, cascade_network *net, cascade_error *err)
{
    bool factions = spec->type == CASCADE_NET_FACTIONS;
    gnp_model g = {n, factions ? spec->factions : 1, 0, 0, factions ? pl->p_in : pl->p,
                   factions ? pl->p_out : 0.0, NULL};
    g.k = g.k < 1 ? 1 : g.k;
    g.q = n / g.k;
    g.r = n % g.k;
    g.before = malloc(((size_t)g.k + 1) * sizeof *g.before);
    if (g.before == NULL) {
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    g.before[0] = 0.0;
    for (uint32_t b = 0; b < g.k; b++) {
        uint32_t start = faction_start(&g, b), size = faction_start(&g, b + 1) - start;
        g.before[b + 1] = g.before[b] + (double)size * start * g.p_out +
                          (double)pairs_before(size) * g.p_in;
    }
    cascade_status status = build_gnp_direct(&g, rng, net, err);
    free(g.before);
    return status;
}

/* ---- the direct generator: Watts-Strogatz and Barabasi-Albert -------------------- */

/* A uniform integer in [0, k), 1 <= k <= 2^33, from 32 random bits a draw of any GSL
 * generator (bridge_get). Up to 2^32, Lemire's multiply-shift with rejection of the few
 * low products that would favour some values; beyond, 64 bits with rejection of the
 * 2^64 mod k lowest. Both exact. */
static inline uint64_t uniform_below(gsl_rng *rng, uint64_t k)
{
    if (k <= ((uint64_t)1 << 32)) {
        uint64_t x = (uint64_t)bridge_get(rng) * k;
        if ((uint32_t)x < k) {
            uint32_t floor = (uint32_t)(((uint64_t)1 << 32) % k); /* (2^32 - k) mod k */
            while ((uint32_t)x < floor) {
                x = (uint64_t)bridge_get(rng) * k;
            }
        }
        return x >> 32;
    }
    uint64_t floor = (0 - k) % k, x;
    do {
        uint64_t high = bridge_get(rng); /* two statements: the order of the draws is fixed */
        x = high << 32 | bridge_get(rng);
    } while (x < floor);
    return x % k;
}

/* A uniform elite other than u, 0 <= u < n. */
static inline uint32_t other_than(gsl_rng *rng, uint32_t n, uint32_t u)
{
    uint32_t r = (uint32_t)uniform_below(rng, (uint64_t)n - 1);
    return r < u ? r : r + 1;
}

/* CSR arrays of a simple graph given as groups: the edges {g, partner[k]} for k in
 * [goff[g], goff[g + 1]), g < n, no loop and no edge twice. Degrees are counted into
 * offsets as running ends; going through the edges backwards, each end is placed by
 * decrementing its end, which leaves offsets[i] at the start of i's list and the
 * entries in the order of the edges; each list is then sorted (in parallel). */
static cascade_status csr_from_groups(uint32_t n, const uint32_t *goff, const uint32_t *partner,
                                      cascade_network *net, cascade_error *err)
{
    size_t m = goff[n];
    net->offsets = big_alloc(((size_t)n + 1) * sizeof *net->offsets);
    net->adj = big_alloc(m > 0 ? 2 * m * sizeof *net->adj : 1);
    if (net->offsets == NULL || net->adj == NULL) {
        return out_of_memory(err, n, m);
    }
    uint32_t *offsets = net->offsets, *adj = net->adj;
    memset(offsets, 0, ((size_t)n + 1) * sizeof *offsets);
    for (uint32_t g = 0; g < n; g++) {
        offsets[g] += goff[g + 1] - goff[g];
        for (uint32_t k = goff[g]; k < goff[g + 1]; k++) {
            offsets[partner[k]]++;
        }
    }
    for (uint32_t i = 0; i < n; i++) { /* (i <= n would never end for n = 2^32 - 1) */
        offsets[i + 1] += offsets[i];
    }
    for (uint32_t g = n; g-- > 0;) {
        for (uint32_t k = goff[g + 1]; k-- > goff[g];) {
            adj[--offsets[g]] = partner[k];
            adj[--offsets[partner[k]]] = g;
        }
    }
#pragma omp parallel for schedule(dynamic, 4096) if (m >= PARALLEL_MIN_EDGES)
    for (uint32_t i = 0; i < n; i++) {
        sort_list(adj + offsets[i], offsets[i + 1] - offsets[i]);
    }
    net->n_edges = m;
    return CASCADE_OK;
}

/* Whether the Watts-Strogatz graph being rewired ties u and v; far holds, for each u,
 * the current far ends of the nei edges u started with (pass I). */
static inline bool ws_tied_by_far(const uint32_t *far, uint32_t nei, uint32_t u, uint32_t v)
{
    const uint32_t *a = far + (size_t)u * nei, *b = far + (size_t)v * nei;
    bool tied = false;
    for (uint32_t j = 0; j < nei; j++) {
        tied |= (a[j] == v) | (b[j] == u);
    }
    return tied;
}

/* The same in pass II: near[k], k in [toff[b], toff[b + 1]), are the current near ends
 * of the edges whose far end is b. */
static inline bool ws_tied_by_near(const uint32_t *toff, const uint32_t *near, uint32_t u,
                                   uint32_t v)
{
    for (uint32_t k = toff[u]; k < toff[u + 1]; k++) {
        if (near[k] == v) {
            return true;
        }
    }
    for (uint32_t k = toff[v]; k < toff[v + 1]; k++) {
        if (near[k] == u) {
            return true;
        }
    }
    return false;
}

/* Watts-Strogatz straight into CSR, by the rewiring igraph_watts_strogatz_game does
 * (igraph_rewire_edges without loops or multi-edges): the ring
 * lattice's edges (u, u + j mod n), j = 1..nei, then two passes. Pass I, in order of
 * u, moves each edge's far end with probability q; pass II, in order of the far ends
 * as they now are, moves each edge's near end with probability q. A moved end goes to
 * an elite drawn uniformly among those other than the end that stays, drawn again while
 * it is already tied to that end, unless it is the end being moved (which then stays):
 * never a loop nor an edge twice. The edges to move are found by geometric skipping
 * (one uniform and one logarithm per moved end).
 *
 * Not quite igraph's distribution for small n: igraph keeps the smaller id of every
 * edge in pass I, so of the nei (nei + 1) / 2 edges that wrap around past n - 1 it
 * moves the other end than we do, and it takes a vertex's edges last-listed first.
 * Both matter only where ends conflict or both ends of one edge move, and mostly near
 * the wrap point: igraph's graphs are not quite symmetric under rotation (at n = 20,
 * mean degree 4, rewire 0.5, elite 0 has mean degree 3.96 and elite 19 4.03 in
 * igraph's, against 4.005 and 3.99 here; over 1e6 graphs of 20 elites the degree of
 * elite 0 tells the two apart beyond doubt). Here every elite plays the same part (up
 * to the order of conflicts). From n = 1000 on, tests/unit/test_network_direct.c sees
 * no difference in any statistic it compares.
 *
 * Sequential: the rewiring of one edge depends on the ones before. What costs is the
 * look into the drawn elite's edges (a cache miss), so the next WS_AHEAD edges to move
 * and their first draws are taken ahead and their edges requested (prefetch) before
 * the first of them is judged; a draw is independent of the judgements before it, so
 * this changes nothing but the order of the draws. Peak memory: the CSR arrays plus 4
 * bytes per edge and per elite. */
#define WS_AHEAD 32

typedef struct ws_ahead {
    size_t n;
    uint64_t slot[WS_AHEAD];
    uint32_t stay[WS_AHEAD], draw[WS_AHEAD];
} ws_ahead;

static cascade_status build_ws_direct(uint32_t n, uint32_t nei, double q, gsl_rng *rng,
                                      cascade_network *net, cascade_error *err)
{
    size_t m = (size_t)n * nei;
    if (m > MAX_EDGES) {
        return too_many_edges(err);
    }
    uint32_t *far = big_alloc(m > 0 ? m * sizeof *far : 1);
    uint32_t *toff = calloc((size_t)n + 1, sizeof *toff);
    uint32_t *near = big_alloc(m > 0 ? m * sizeof *near : 1);
    if (far == NULL || toff == NULL || near == NULL) {
        free(far);
        free(toff);
        free(near);
        return out_of_memory(err, n, m);
    }
    for (uint32_t u = 0; u < n; u++) {
        for (uint32_t j = 1; j <= nei; j++) {
            far[(size_t)u * nei + j - 1] = j < n - u ? u + j : u + j - n;
        }
    }
    skip_batch sb = {.rng = rng, .used = SKIP_BATCH};
    skip_stream st = {0, m, 1.0 / log1p(-q)};
    ws_ahead a;
    for (st.next = stream_after(&st, &sb, 0); st.next < m;) {
        for (a.n = 0; a.n < WS_AHEAD && st.next < m; a.n++) {
            uint32_t u = (uint32_t)(st.next / nei);
            a.slot[a.n] = st.next;
            a.stay[a.n] = u;
            a.draw[a.n] = other_than(rng, n, u);
            __builtin_prefetch(far + (size_t)a.draw[a.n] * nei, 0);
            st.next = stream_after(&st, &sb, st.next + 1);
        }
        for (size_t k = 0; k < a.n; k++) {
            uint32_t u = a.stay[k], v = far[a.slot[k]], w = a.draw[k];
            while (w != v && ws_tied_by_far(far, nei, u, w)) {
                w = other_than(rng, n, u);
            }
            far[a.slot[k]] = w;
        }
    }
    /* Group the edges by far end: toff[b] ends up at the start of b's group, whose near
     * ends are in order of u. */
    for (size_t e = 0; e < m; e++) {
        toff[far[e]]++;
    }
    for (uint32_t b = 0; b < n; b++) {
        toff[b + 1] += toff[b];
    }
    for (uint32_t u = n; u-- > 0;) {
        for (uint32_t j = nei; j-- > 0;) {
            near[--toff[far[(size_t)u * nei + j]]] = u;
        }
    }
    free(far);
    uint32_t b = 0;
    for (st.next = stream_after(&st, &sb, 0); st.next < m;) {
        for (a.n = 0; a.n < WS_AHEAD && st.next < m; a.n++) {
            while (toff[b + 1] <= st.next) {
                b++;
            }
            a.slot[a.n] = st.next;
            a.stay[a.n] = b;
            a.draw[a.n] = other_than(rng, n, b);
            __builtin_prefetch(toff + a.draw[a.n], 0);
            st.next = stream_after(&st, &sb, st.next + 1);
        }
        for (size_t k = 0; k < a.n; k++) {
            __builtin_prefetch(near + toff[a.draw[k]], 0);
        }
        for (size_t k = 0; k < a.n; k++) {
            uint32_t u = a.stay[k], v = near[a.slot[k]], w = a.draw[k];
            while (w != v && ws_tied_by_near(toff, near, u, w)) {
                w = other_than(rng, n, u);
            }
            near[a.slot[k]] = w;
        }
    }
    cascade_status status = csr_from_groups(n, toff, near, net, err);
    free(toff);
    free(near);
    return status;
}

/* The first elite of Barabasi-Albert edge e (see build_ba_direct). */
static inline uint32_t ba_source(uint64_t e, uint32_t attach)
{
    uint64_t full = (uint64_t)attach * (attach - 1) / 2; /* edges of elites 1..attach-1 */
    if (e >= full) {
        return attach + (uint32_t)((e - full) / attach);
    }
    uint32_t i = (uint32_t)((1.0 + sqrt(1.0 + 8.0 * (double)e)) / 2.0);
    while ((uint64_t)i * (i - 1) / 2 > e) {
        i--;
    }
    while ((uint64_t)(i + 1) * i / 2 <= e) {
        i++;
    }
    return i;
}

/* The elite a draw r < 2E + i names (see build_ba_direct). */
static inline uint32_t ba_named(uint64_t r, uint64_t ends, const uint32_t *target,
                                uint32_t attach)
{
    return r >= ends ? (uint32_t)(r - ends) : r & 1 ? target[r >> 1] : ba_source(r >> 1, attach);
}

/* Elite i's first draws into r[0 .. attach), the edges they name requested. */
static inline void ba_first_draws(gsl_rng *rng, uint64_t ends, uint32_t i,
                                  const uint32_t *target, uint32_t attach, uint64_t *r)
{
    for (uint32_t j = 0; j < attach; j++) {
        r[j] = uniform_below(rng, ends + i);
        __builtin_prefetch(target + (r[j] < ends ? r[j] >> 1 : 0), 0);
    }
}

/* Barabasi-Albert straight into CSR, the model igraph_barabasi_game builds with
 * PSUMTREE, power 1 and A = 1 (generate above): elite i > 0 ties to min(i, attach)
 * distinct earlier elites, each drawn with probability proportional to degree + 1
 * among those not drawn yet, degrees as they were before i came. igraph draws from a
 * partial-sum tree and takes each drawn elite out of it; here (Batagelj and Brandes
 * 2005) an integer r uniform below 2E + i, E the edges so far, names an end of one of
 * the edges so far if r < 2E (so an elite of degree d is named d times) and elite
 * r - 2E otherwise (once each), and an elite already drawn for i is drawn again, which
 * gives the same probabilities. Elite i's edges are edges goff[i] .. goff[i + 1]; an
 * elite already drawn is found among them, or, for attach above BA_SCAN, marked in
 * drawn_for.
 *
 * O(n + m) time, sequential. What costs is reading the edge a draw names (a cache
 * miss), so elite i + 1's first draws are made, and those edges requested (prefetch),
 * before elite i's are looked at; each draw is independent of the ones before, so this
 * changes nothing but the order of the draws. Memory: the CSR arrays plus 4 bytes per
 * edge and 4 per elite (8 for attach above BA_SCAN). */
#define BA_SCAN 32

static cascade_status build_ba_direct(uint32_t n, uint32_t attach, gsl_rng *rng,
                                      cascade_network *net, cascade_error *err)
{
    uint64_t m = n > attach ? (uint64_t)attach * (attach - 1) / 2 + (uint64_t)(n - attach) * attach
                            : (uint64_t)n * (n > 0 ? n - 1 : 0) / 2;
    if (m > MAX_EDGES) {
        return cascade_error_set(err, CASCADE_EINVAL, "network.attach",
                                 "the network has %" PRIu64 " edges; at most %" PRIu32
                                 " fit in 32-bit adjacency arrays", m, MAX_EDGES);
    }
    uint32_t *goff = big_alloc(((size_t)n + 1) * sizeof *goff);
    uint32_t *target = big_alloc(m > 0 ? (size_t)m * sizeof *target : 1);
    uint32_t *drawn_for = attach > BA_SCAN ? calloc(n > 0 ? n : 1, sizeof *drawn_for) : NULL;
    uint64_t *draws = malloc(2 * (size_t)attach * sizeof *draws);
    if (goff == NULL || target == NULL || (attach > BA_SCAN && drawn_for == NULL) ||
        draws == NULL) {
        free(goff);
        free(target);
        free(drawn_for);
        free(draws);
        return out_of_memory(err, n, m);
    }
    goff[0] = 0;
    for (uint32_t i = 0; i < n; i++) {
        goff[i + 1] = goff[i] + (i < attach ? i : attach);
    }
    for (uint32_t i = 1; i < n && i <= attach; i++) { /* every earlier elite */
        for (uint32_t j = 0; j < i; j++) {
            target[goff[i] + j] = j;
        }
    }
    uint64_t *now = draws, *next = draws + attach;
    if (attach + 1 < n) {
        ba_first_draws(rng, 2 * (uint64_t)goff[attach + 1], attach + 1, target, attach, now);
    }
    for (uint32_t i = attach + 1; i < n; i++) {
        if (i + 1 < n) {
            ba_first_draws(rng, 2 * (uint64_t)goff[i + 1], i + 1, target, attach, next);
        }
        uint64_t ends = 2 * (uint64_t)goff[i];
        uint32_t *out = target + goff[i];
        for (uint32_t j = 0; j < attach; j++) {
            uint32_t v = ba_named(now[j], ends, target, attach);
            for (;;) {
                bool drawn = false;
                if (drawn_for != NULL) {
                    drawn = drawn_for[v] == i;
                } else {
                    for (uint32_t k = 0; k < j; k++) {
                        drawn |= out[k] == v;
                    }
                }
                if (!drawn) {
                    break;
                }
                v = ba_named(uniform_below(rng, ends + i), ends, target, attach);
            }
            if (drawn_for != NULL) {
                drawn_for[v] = i;
            }
            out[j] = v;
        }
        uint64_t *t = now;
        now = next;
        next = t;
    }
    free(drawn_for);
    free(draws);
    cascade_status status = csr_from_groups(n, goff, target, net, err);
    free(goff);
    free(target);
    return status;
}

/* ---- public ---------------------------------------------------------------------- */

cascade_status cascade_network_build(const cascade_network_spec *spec, uint32_t n_elites,
                                     gsl_rng *rng, cascade_network *net, cascade_error *err)
{
    assert(spec != NULL && net != NULL);
    FILE *file = NULL;
    plan pl = {0};
    memset(net, 0, sizeof *net);
    cascade_status status = check_spec(spec, n_elites, &pl, err);
    if (status != CASCADE_OK) {
        return status;
    }
    if (spec->type == CASCADE_NET_COMPLETE) {
        net->n_elites = n_elites;
        net->complete = true;
        net->n_edges = (size_t)n_elites * (n_elites > 0 ? n_elites - 1 : 0) / 2;
        return CASCADE_OK;
    }
    if (rng == NULL && spec->type != CASCADE_NET_RING && spec->type != CASCADE_NET_FILE) {
        return cascade_error_set(err, CASCADE_EFAIL, "network.type",
                                 "the %s network needs a random number generator",
                                 cascade_network_type_name(spec->type));
    }
    if (spec->type == CASCADE_NET_FILE) {
        status = open_file(spec, n_elites, &file, err);
        if (status != CASCADE_OK) {
            return status;
        }
    }
    net->n_elites = n_elites;
    if (spec->type == CASCADE_NET_FILE || spec->generator == CASCADE_NETGEN_IGRAPH) {
        status = build_locked(spec, n_elites, &pl, rng, file, net, err); /* and every file */
    } else if (spec->type == CASCADE_NET_RING) {
        status = build_ring_direct(n_elites, pl.nei, net, err);
    } else if (spec->type == CASCADE_NET_WATTS_STROGATZ) {
        status = build_ws_direct(n_elites, pl.nei, pl.q, rng, net, err);
    } else if (spec->type == CASCADE_NET_BARABASI_ALBERT) {
        status = build_ba_direct(n_elites, spec->attach, rng, net, err);
    } else {
        status = build_direct(spec, n_elites, &pl, rng, net, err);
    }
    if (status != CASCADE_OK) {
        goto fail;
    }
    if (file != NULL) {
        fclose(file);
    }
    return CASCADE_OK;

fail:
    if (file != NULL) {
        fclose(file);
    }
    cascade_network_release(net);
    return status;
}

void cascade_network_release(cascade_network *net)
{
    if (net == NULL) {
        return;
    }
    free(net->offsets);
    free(net->adj);
    memset(net, 0, sizeof *net);
}

bool cascade_network_is_fixed(const cascade_network_spec *spec)
{
    switch (spec->type) {
    case CASCADE_NET_COMPLETE:
    case CASCADE_NET_RING:
    case CASCADE_NET_FILE:
        return true;
    default:
        return spec->has_seed;
    }
}

/* Counting the edges of a network file, for the memory check, in one pass that knows
 * just enough of each format to count from above (a file igraph then refuses may be
 * counted anyhow): an edge list's whitespace-separated tokens over two; a Pajek file's
 * tokens after its "*Edges" or "*Arcs" lines over two, and after "*Edgeslist",
 * "*Arcslist" or "*Matrix" lines every token (a line names one elite and its neighbours,
 * or a matrix row's entries); the "edge" tokens of a GML file (delimited by whitespace
 * and brackets: an unquoted key or value edge anywhere counts); the edge elements of a
 * GraphML file (<edge ...> or, with a namespace, <g:edge ...>). */
typedef struct edge_counter {
    cascade_network_format format;
    char token[16];     /* the start of the current token (edge list, Pajek, GML); for
                           GraphML, the last five characters of an element's name */
    size_t len;         /* its length so far; 0 between tokens */
    bool line_start;    /* Pajek: the token starts a line */
    double per_token;   /* Pajek: edges each token of the current section counts */
    double tokens;      /* edge list: tokens; Pajek: edges so far, as tokens weigh */
    double edges;       /* GML, GraphML */
    bool in_name;       /* GraphML: reading an element's name, after '<' */
} edge_counter;

static bool token_delimiter(const edge_counter *c, int ch)
{
    return isspace(ch) || (c->format == CASCADE_NETFMT_GML && (ch == '[' || ch == ']'));
}

/* The token that has just ended, c->token[0, c->len) (its start, for a long one). */
static void end_token(edge_counter *c)
{
    size_t len = c->len < sizeof c->token ? c->len : sizeof c->token - 1;
    c->token[len] = '\0';
    if (c->format == CASCADE_NETFMT_GML) {
        c->edges += c->len == 4 && strcmp(c->token, "edge") == 0;
    } else if (c->format == CASCADE_NETFMT_PAJEK && c->line_start && c->token[0] == '*') {
        bool lists = strncasecmp(c->token, "*edgeslist", 10) == 0 ||
                     strncasecmp(c->token, "*arcslist", 9) == 0 ||
                     strncasecmp(c->token, "*matrix", 7) == 0;
        bool pairs = !lists && (strncasecmp(c->token, "*edges", 6) == 0 ||
                                strncasecmp(c->token, "*arcs", 5) == 0);
        c->per_token = lists ? 1.0 : (pairs ? 0.5 : 0.0);
    } else if (c->format == CASCADE_NETFMT_PAJEK) {
        c->tokens += c->per_token;
    } else {
        c->tokens += 0.5;
    }
    c->len = 0;
    c->line_start = false;
}

/* GraphML: the element name has ended; c->token holds its last five characters, most
 * recent last (a namespace prefix may be any length). */
static void end_element(edge_counter *c)
{
    c->edges += (c->len == 4 && memcmp(c->token + 1, "edge", 4) == 0) ||
                (c->len > 4 && memcmp(c->token, ":edge", 5) == 0);
    c->in_name = false;
    c->len = 0;
}

static void count_chars(edge_counter *c, const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ch = (unsigned char)buf[i];
        if (c->format == CASCADE_NETFMT_GRAPHML) {
            if (ch == '<') {
                c->in_name = true;
                c->len = 0;
                memset(c->token, 0, 5);
            } else if (c->in_name && (isspace(ch) || ch == '/' || ch == '>')) {
                end_element(c); /* "</edge>" ends an empty name at once: not counted */
            } else if (c->in_name) {
                memmove(c->token, c->token + 1, 4);
                c->token[4] = (char)ch;
                c->len++;
            }
            continue;
        }
        if (token_delimiter(c, ch)) {
            if (c->len > 0) {
                end_token(c);
            }
            c->line_start |= ch == '\n';
            continue;
        }
        if (c->len < sizeof c->token - 1) {
            c->token[c->len] = (char)ch;
        }
        c->len++;
    }
}

/* The edges the file at spec->path holds, counted from above; -1 if it cannot be read.
 * The last count is remembered with the file's size and time of change, as the memory
 * checks ask more than once before a build. */
#define COUNT_CHUNK ((size_t)1 << 16)

static double count_file_edges(const cascade_network_spec *spec)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static struct {
        char path[sizeof ((cascade_network_spec *)NULL)->path];
        cascade_network_format format;
        off_t size;
        struct timespec changed;
        double edges;
    } last;
    FILE *file = fopen(spec->path, "r");
    struct stat st;
    if (file == NULL || fstat(fileno(file), &st) != 0 || S_ISDIR(st.st_mode)) {
        if (file != NULL) {
            fclose(file);
        }
        return -1;
    }
    pthread_mutex_lock(&lock);
    bool known = strcmp(last.path, spec->path) == 0 && last.format == spec->format &&
                 last.size == st.st_size && last.changed.tv_sec == st.st_mtim.tv_sec &&
                 last.changed.tv_nsec == st.st_mtim.tv_nsec;
    double edges = last.edges;
    pthread_mutex_unlock(&lock);
    if (known) {
        fclose(file);
        return edges;
    }
    edge_counter c = {.format = spec->format, .line_start = true};
    char *chunk = malloc(COUNT_CHUNK);
    size_t got;
    while (chunk != NULL && (got = fread(chunk, 1, COUNT_CHUNK, file)) > 0) {
        count_chars(&c, chunk, got);
    }
    bool failed = chunk == NULL || ferror(file);
    free(chunk);
    fclose(file);
    if (failed) {
        return -1;
    }
    if (c.len > 0 && c.format != CASCADE_NETFMT_GRAPHML) {
        end_token(&c);
    }
    edges = ceil(c.format == CASCADE_NETFMT_EDGELIST || c.format == CASCADE_NETFMT_PAJEK
                     ? c.tokens : c.edges);
    pthread_mutex_lock(&lock);
    snprintf(last.path, sizeof last.path, "%s", spec->path);
    last.format = spec->format;
    last.size = st.st_size;
    last.changed = st.st_mtim;
    last.edges = edges;
    pthread_mutex_unlock(&lock);
    return edges;
}

/* Expected undirected edges. A file's are counted (count_file_edges); one that cannot
 * be read counts none here, and its build says why. */
static double expected_edges(const cascade_network_spec *spec, uint32_t n_elites)
{
    double n = n_elites, all = n * (n > 0 ? n - 1 : 0) / 2;
    double m = spec->attach;
    switch (spec->type) {
    case CASCADE_NET_COMPLETE:
        return 0;
    case CASCADE_NET_ERDOS_RENYI:
    case CASCADE_NET_FACTIONS:
        return fmin(n * spec->mean_degree / 2, all);
    case CASCADE_NET_WATTS_STROGATZ:
    case CASCADE_NET_RING:
        return fmin(n * (double)lround(spec->mean_degree / 2), all);
    case CASCADE_NET_BARABASI_ALBERT:
        return m < n ? m * n - m * (m + 1) / 2 : all;
    case CASCADE_NET_FILE:
        return fmin(fmax(count_file_edges(spec), 0), all);
    }
    return 0;
}

double cascade_network_expected_bytes(const cascade_network_spec *spec, uint32_t n_elites)
{
    if (spec->type == CASCADE_NET_COMPLETE) {
        return 0;
    }
    return 4.0 * ((double)n_elites + 1) + 8.0 * expected_edges(spec, n_elites);
}

/* What a build holds beyond its final arrays at its peak, per elite and per edge,
 * fitted to peak RSS at N = 1e6 with mean degree 2 and 40 and rounded up
 * (docs/PERFORMANCE.md, "Memory of a build"): our generators keep 4-5 bytes per edge
 * and 5-7 per elite of lists (the ring none); igraph's keep its graph, vectors and the
 * copy into our arrays, 48-49 bytes per edge and 19-21 per elite, and its
 * Watts-Strogatz rewiring 96 and 37 (counted with room: 56 and 24, 104 and 40). Our
 * Erdos-Renyi and factions builds also take a bucket of pairs per OpenMP thread.
 * igraph's file readers, fitted to files of 2e5 elites and 1e6 edges and of 1e6
 * elites and 1e5 edges without attributes: an edge list 37 per elite and 81 per
 * edge, Pajek 99 and 68 (its elites' labels), GraphML 143 and 79, GML 463 and 491 (its
 * parser keeps the whole file as a tree); counted with about a fifth more. */
double cascade_network_build_bytes(const cascade_network_spec *spec, uint32_t n_elites)
{
    double arrays = cascade_network_expected_bytes(spec, n_elites);
    if (spec->type == CASCADE_NET_COMPLETE) {
        return arrays;
    }
    /* a file's reader holds every edge the file lists, repeated ones too, so its share is
     * counted on the edges counted, not on at most every pair as the arrays are */
    double edges = spec->type == CASCADE_NET_FILE ? fmax(count_file_edges(spec), 0)
                                                  : expected_edges(spec, n_elites);
    double per_elite = 8, per_edge = 5, per_thread = 0;
    if (spec->type == CASCADE_NET_FILE) {
        static const double reader[][2] = {
            [CASCADE_NETFMT_EDGELIST] = {48, 100},
            [CASCADE_NETFMT_GRAPHML] = {176, 100},
            [CASCADE_NETFMT_GML] = {560, 600},
            [CASCADE_NETFMT_PAJEK] = {120, 88},
        };
        size_t f = (size_t)spec->format < sizeof reader / sizeof reader[0] ? spec->format : 0;
        per_elite = reader[f][0];
        per_edge = reader[f][1];
    } else if (spec->generator == CASCADE_NETGEN_IGRAPH) {
        bool rewire = spec->type == CASCADE_NET_WATTS_STROGATZ;
        per_elite = rewire ? 40 : 24;
        per_edge = rewire ? 104 : 56;
    } else if (spec->type == CASCADE_NET_RING) {
        per_elite = per_edge = 0; /* written in place */
    } else if (spec->type == CASCADE_NET_ERDOS_RENYI || spec->type == CASCADE_NET_FACTIONS) {
        /* each thread copies the largest bucket of pairs (8 bytes each): about
         * GNP_BUCKET_EDGES, more when GNP_MAX_BUCKETS caps the count; 25% for its luck */
        per_thread = 1.25 * 8 * fmax(GNP_BUCKET_EDGES, edges / GNP_MAX_BUCKETS);
    }
    return arrays + per_elite * (double)n_elites + per_edge * edges +
           per_thread * omp_get_max_threads();
}

const char *cascade_network_type_name(cascade_network_type type)
{
    switch (type) {
    case CASCADE_NET_COMPLETE:
        return "complete";
    case CASCADE_NET_ERDOS_RENYI:
        return "erdos_renyi";
    case CASCADE_NET_WATTS_STROGATZ:
        return "watts_strogatz";
    case CASCADE_NET_BARABASI_ALBERT:
        return "barabasi_albert";
    case CASCADE_NET_FACTIONS:
        return "factions";
    case CASCADE_NET_RING:
        return "ring";
    case CASCADE_NET_FILE:
        return "file";
    }
    return "unknown";
}

const char *cascade_network_format_name(cascade_network_format format)
{
    switch (format) {
    case CASCADE_NETFMT_EDGELIST:
        return "edgelist";
    case CASCADE_NETFMT_GRAPHML:
        return "graphml";
    case CASCADE_NETFMT_GML:
        return "gml";
    case CASCADE_NETFMT_PAJEK:
        return "pajek";
    }
    return "unknown";
}

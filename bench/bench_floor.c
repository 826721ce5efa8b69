/*
 * A floor under W1's cascade (docs/PERFORMANCE.md, "How close a cascade can come to the
 * scatter"): the fastest ways we found to do the work every synchronous cascade does on
 * W1's graph, timed beside the scatter reference, with the order in which the elites
 * fire handed over for free. An empirical floor, not a bound: other code may do better.
 * Not a test: figures are medians of several repetitions in one process.
 *
 * It builds W1's graph (bench/w1.cfg, the direct generator and seed of bench_w1.c, so the
 * same graph), runs the model once, untimed, to learn the round in which each elite
 * fired (round 0: the seeds), and times, each REPS times, with every array warm:
 *  - scatter: bench_w1.c's reference, one increment per adjacency entry;
 *  - gather: the fired elites' lists, round by round, in index order within a round (the
 *    order a bitmap frontier gives, the kindest to the caches), copied into a 16 KiB
 *    buffer (a list of at most eight entries as one fixed eight-entry move); when the
 *    adjacency array is larger than FAR_BYTES, each elite's offsets requested 128
 *    elites ahead and its list 64 ahead. Reading alone (a hub longer than the buffer,
 *    which W1's graphs lack, is not read);
 *  - lists: the same, one increment per entry of each buffer with the count requested
 *    64 entries ahead. These are the increments of a push cascade, and nothing else: no
 *    threshold test, no state, no frontier to find;
 *  - crossing: the same with the least threshold test: each count starts biased by
 *    2^31 - need_j and an elite whose count reaches 2^31 is appended to a list,
 *    branch-free. That list is then exactly the next rounds' elites (checked: the count
 *    of crossings by unseeded elites must equal the final size less the seeds);
 *  - signs: the increments alone, each round followed by a pass over every count that
 *    collects the sign bits: the crossings without a test per entry;
 *  - per round, that push against a pull (direction-optimizing BFS, Beamer, Asanovic and
 *    Patterson 2012): every elite not yet fired reads its own list and counts the
 *    neighbours marked in a bitmap of the round's firings. Reported: the sum of the pull
 *    rounds, and the sum, over rounds, of the faster of push and pull, which is what the
 *    best choice of direction in every round would cost.
 *
 * It also reports push_lines_ratio: the 64-byte lines of the adjacency array that the
 * fired lists span, summed over rounds, over the lines of the whole array (which the
 * reference streams once): what any push cascade touches, whatever its code.
 *
 * Output: one line per figure, "FLOOR<TAB>N<TAB>figure<TAB>median<TAB>min<TAB>max".
 *
 * usage: cascade_floor N [--reps R]
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "cascade/model.h"
#include "cascade/rng.h"
#include "cascade/scenario.h"
#include "bench_util.h"

#define MAX_REPS 32
#define MAX_ROUNDS 256
#define BUF 4096   /* entries gathered before one flat scatter: 16 KiB, as in the model */
#define SHORT 8    /* a list this short is copied as SHORT entries in one move */
#define AHEAD 64   /* entries ahead a count is requested, as in the model */
#define OFFSETS_AHEAD 128 /* fired elites ahead a push requests their offsets */
#define LIST_AHEAD 64     /* and their lists (1e6, three interleaved pairs: gathering
                             12-16% faster, the increments 2-15%, with the test 3-14%) */
#define FAR_BYTES ((size_t)2 << 20) /* only for an adjacency array larger than this (twice
                             the L2), as in the model: at 1e5 (1.6 MB) they cost 10-18% */
#define CROSS UINT32_C(0x80000000)

static unsigned long n_elites;
static bool far; /* the adjacency array is larger than FAR_BYTES */

static void report(const char *figure, double *x, int reps)
{
    bench_report("FLOOR", n_elites, figure, x, reps);
}

static void report_one(const char *figure, double x)
{
    bench_report_one("FLOOR", n_elites, figure, x);
}

/* The elites in firing order: order[start[r] .. start[r + 1]) fired in round r, in index
 * order. */
typedef struct firing {
    uint32_t *order;
    uint32_t start[MAX_ROUNDS + 1];
    uint32_t rounds;
} firing;

/* Runs the model from its seeded state until a tick changes nothing, recording the
 * round of every elite, and the biased counts every elite starts with (2^31 - need_i,
 * need_i the least number of dissenting neighbours with which the rule fires). */
static int record(const cascade_params *p, const cascade_network *net, firing *f,
                  uint32_t *biased)
{
    gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, cascade_rng_derive(2002, 0, 0,
                                                                          CASCADE_RNG_RUN));
    cascade_model *m = cascade_model_alloc(p, net, rng);
    uint8_t *fired = calloc(p->size, 1);
    if (m == NULL || fired == NULL) {
        fprintf(stderr, "cascade_floor: out of memory\n");
        return 1;
    }
    uint32_t n = 0;
    f->rounds = 0;
    for (;;) {
        uint32_t before = n;
        for (uint32_t i = 0; i < p->size; i++) {
            if (!fired[i] && cascade_model_state(m, i) == CASCADE_DISSENT) {
                fired[i] = 1;
                f->order[n++] = i;
            }
        }
        if (n == before) {
            break;
        }
        f->start[f->rounds++] = before;
        if (f->rounds == MAX_ROUNDS || cascade_model_done(m)) {
            break;
        }
        cascade_model_step(m);
    }
    f->start[f->rounds] = n;
    for (uint32_t i = 0; i < p->size; i++) {
        uint32_t k = cascade_network_degree(net, i);
        double tau = cascade_model_threshold(m, i);
        uint32_t need = 0;
        while (need <= k && !cascade_reaches(cascade_perceived(need, 0, k, 0.0, 0.0, 0.0), tau)) {
            need++;
        }
        biased[i] = CROSS - need;
    }
    free(fired);
    cascade_model_free(m);
    gsl_rng_free(rng);
    return 0;
}

/* One increment per entry of buf[0, n), each count requested AHEAD entries before. */
static void bump(uint32_t *count, const uint32_t *buf, size_t n)
{
    for (size_t e = 0; e < n; e++) {
        if (e + AHEAD < n) {
            __builtin_prefetch(count + buf[e + AHEAD], 1);
        }
        count[buf[e]]++;
    }
}

/* The same with the crossing test: appends to hit every elite whose count reaches
 * CROSS; returns the new length of hit. */
static size_t bump_crossing(uint32_t *count, const uint32_t *buf, size_t n, uint32_t *hit,
                            size_t n_hit)
{
    for (size_t e = 0; e < n; e++) {
        if (e + AHEAD < n) {
            __builtin_prefetch(count + buf[e + AHEAD], 1);
        }
        uint32_t j = buf[e];
        uint32_t w = ++count[j];
        hit[n_hit] = j;
        n_hit += w == CROSS;
    }
    return n_hit;
}

/* Without counts, one entry of each gathered buffer, so that the gathering stays. */
static uint32_t gathered;

/* bump or bump_crossing, as hit is NULL or not; without counts, nothing but a read. */
static size_t scatter(uint32_t *count, const uint32_t *ids, size_t n, uint32_t *hit,
                      size_t n_hit)
{
    if (count == NULL) {
        gathered ^= n > 0 ? ids[n - 1] : 0;
        return n_hit;
    }
    if (hit == NULL) {
        bump(count, ids, n);
        return 0;
    }
    return bump_crossing(count, ids, n, hit, n_hit);
}

/* Pushes the lists of the elites order[from, to), gathered into buffers of BUF entries;
 * with hit, tests crossings too; without counts, only gathers. Returns the number of
 * crossings. */
static size_t push(const cascade_network *net, const uint32_t *order, uint32_t from,
                   uint32_t to, uint32_t *count, uint32_t *hit)
{
    static uint32_t buf[BUF + SHORT];
    uint32_t n_entries = net->offsets[n_elites];
    size_t fill = 0, n_hit = 0;
    for (uint32_t q = from; q < to; q++) {
        if (far && q + OFFSETS_AHEAD < to) {
            __builtin_prefetch(&net->offsets[order[q + OFFSETS_AHEAD]], 0);
        }
        if (far && q + LIST_AHEAD < to) {
            __builtin_prefetch(&net->adj[net->offsets[order[q + LIST_AHEAD]]], 0);
        }
        uint32_t i = order[q];
        uint32_t begin = net->offsets[i];
        size_t k = net->offsets[i + 1] - begin;
        if (fill + k > BUF) {
            n_hit = scatter(count, buf, fill, hit, n_hit);
            fill = 0;
        }
        if (k > BUF) { /* a hub: in place */
            n_hit = scatter(count, net->adj + begin, k, hit, n_hit);
            continue;
        }
        if (k <= SHORT && n_entries - begin >= SHORT) {
            memcpy(buf + fill, net->adj + begin, SHORT * sizeof *buf); /* one fixed move */
        } else {
            memcpy(buf + fill, net->adj + begin, k * sizeof *buf);
        }
        fill += k;
    }
    return scatter(count, buf, fill, hit, n_hit);
}

/* Increments only, round by round, each round followed by a pass over every count that
 * collects the sign bits (count >= 2^31: the threshold reached) into the bitmap reached,
 * eight counts to a byte (the form GCC vectorises best of the three tried): the
 * crossings without a test per entry. Returns the number of elites that reached their
 * thresholds. */
static size_t push_signs(const cascade_network *net, const firing *f, uint32_t *count,
                         uint8_t *reached)
{
    size_t n_bytes = n_elites / 8, n_reached = 0;
    for (uint32_t r = 0; r < f->rounds; r++) {
        push(net, f->order, f->start[r], f->start[r + 1], count, NULL);
        for (size_t b = 0; b < n_bytes; b++) {
            uint32_t bits = 0;
            for (unsigned t = 0; t < 8; t++) {
                bits += (count[b * 8 + t] >> 31) << t;
            }
            reached[b] = (uint8_t)bits;
        }
        uint32_t bits = 0;
        for (size_t i = n_bytes * 8; i < n_elites; i++) {
            bits += (count[i] >> 31) << (i & 7);
        }
        reached[n_bytes] = (uint8_t)bits;
    }
    for (size_t b = 0; b <= n_bytes; b++) {
        n_reached += (size_t)__builtin_popcount(reached[b]);
    }
    return n_reached;
}

/* One pull round over left[0, n_left), the elites not yet fired in index order: each
 * reads its list (a short one as SHORT entries, masked, branch-free) and adds the number
 * of its neighbours marked in last; those whose count reaches CROSS go to hit. Offsets
 * and lists are requested 128 and 64 elites ahead, at every size (without it, three
 * times slower at 1e6 in the late rounds, where the elites left are scattered; 32 and
 * 16 ahead the same). */
static size_t pull(const cascade_network *net, const uint32_t *left, size_t n_left,
                   const uint64_t *last, uint32_t *count, uint32_t *hit)
{
    const uint32_t *offsets = net->offsets, *adj = net->adj;
    uint32_t n_entries = offsets[n_elites];
    size_t n_hit = 0;
    for (size_t q = 0; q < n_left; q++) {
        if (q + OFFSETS_AHEAD < n_left) {
            __builtin_prefetch(&offsets[left[q + OFFSETS_AHEAD]], 0);
        }
        if (q + LIST_AHEAD < n_left) {
            __builtin_prefetch(&adj[offsets[left[q + LIST_AHEAD]]], 0);
        }
        uint32_t i = left[q];
        uint32_t begin = offsets[i], k = offsets[i + 1] - begin, c = 0;
        if (k <= SHORT && n_entries - begin >= SHORT) {
            for (uint32_t t = 0; t < SHORT; t++) {
                uint32_t j = adj[begin + t];
                c += ((uint32_t)(last[j >> 6] >> (j & 63)) & 1) & (t < k);
            }
        } else {
            for (uint32_t e = begin; e < begin + k; e++) {
                uint32_t j = adj[e];
                c += (uint32_t)(last[j >> 6] >> (j & 63)) & 1;
            }
        }
        uint32_t w = count[i] + c;
        count[i] = w;
        hit[n_hit] = i;
        n_hit += w >= CROSS;
    }
    return n_hit;
}

/* The 64-byte lines (16 entries, counted from the array's start) of the adjacency
 * array that the fired elites' lists span, summed over rounds (a line two lists of one
 * round share counts once), as a ratio to the lines of the whole array, which the
 * scatter reference streams once: what a push cascade touches, whatever its code. */
static double lines_ratio(const cascade_network *net, const firing *f)
{
    const uint32_t per_line = 64 / sizeof *net->adj;
    uint64_t lines = 0;
    for (uint32_t r = 0; r < f->rounds; r++) {
        uint64_t last = UINT64_MAX;
        for (uint32_t q = f->start[r]; q < f->start[r + 1]; q++) { /* index order */
            uint32_t i = f->order[q], begin = net->offsets[i], end = net->offsets[i + 1];
            for (uint64_t l = begin / per_line; begin < end && l <= (end - 1) / per_line; l++) {
                lines += l != last;
                last = l;
            }
        }
    }
    uint64_t whole = (net->offsets[n_elites] + per_line - 1) / per_line;
    return (double)lines / (double)whole;
}

int main(int argc, char **argv)
{
    int reps = 5;
    if (argc < 2) {
        fprintf(stderr, "usage: cascade_floor N [--reps R]\n");
        return 2;
    }
    n_elites = strtoul(argv[1], NULL, 10);
    for (int a = 2; a < argc; a++) {
        if (strcmp(argv[a], "--reps") == 0 && a + 1 < argc) {
            reps = atoi(argv[++a]);
        } else {
            fprintf(stderr, "cascade_floor: unknown option %s\n", argv[a]);
            return 2;
        }
    }
    reps = reps < 1 ? 1 : (reps > MAX_REPS ? MAX_REPS : reps);
    char size[64];
    snprintf(size, sizeof size, "population.size=%lu", n_elites);
    const char *sets[] = {size};
    cascade_scenario *sc = cascade_scenario_load(CASCADE_SOURCE_DIR "/bench/w1.cfg", sets, 1);
    if (sc == NULL || !cascade_scenario_ok(sc)) {
        fprintf(stderr, "cascade_floor: cannot load bench/w1.cfg\n");
        cascade_scenario_free(sc);
        return 1;
    }
    const cascade_params *p = cascade_scenario_params(sc);
    cascade_network_spec spec = p->network;
    spec.generator = CASCADE_NETGEN_DIRECT;
    gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, cascade_rng_derive(2002, 0, 0,
                                                                          CASCADE_RNG_NETWORK));
    cascade_network net = {0};
    cascade_error err = {0};
    if (cascade_network_build(&spec, p->size, rng, &net, &err) != CASCADE_OK) {
        fprintf(stderr, "cascade_floor: %s\n", err.msg);
        return 1;
    }
    gsl_rng_free(rng);

    size_t n = p->size;
    far = (size_t)net.offsets[n] * sizeof *net.adj > FAR_BYTES;
    firing f;
    f.order = malloc(n * sizeof *f.order);
    uint32_t *biased = malloc(n * sizeof *biased);
    uint32_t *count = malloc(n * sizeof *count);
    uint32_t *before = malloc(n * sizeof *before);
    uint32_t *hit = malloc((n + 1) * sizeof *hit); /* + 1: the branch-free append's slot */
    uint32_t *left = malloc(n * sizeof *left);
    uint8_t *done = malloc(n);
    uint64_t *last = malloc(((n + 63) / 64 + 1) * sizeof *last); /* + 1: push_signs */
    if (f.order == NULL || biased == NULL || count == NULL || before == NULL || hit == NULL ||
        left == NULL ||
        done == NULL || last == NULL || record(p, &net, &f, biased) != 0) {
        fprintf(stderr, "cascade_floor: out of memory\n");
        return 1;
    }
    if (f.rounds < 2) {
        fprintf(stderr, "cascade_floor: no cascade to measure (%u rounds)\n", f.rounds);
        return 1;
    }
    uint32_t seeds = f.start[1], final = f.start[f.rounds];
    report_one("rounds", f.rounds);
    report_one("final_size", final);

    /* The crossings by unseeded elites are exactly the elites that fired after tick 0. */
    memcpy(count, biased, n * sizeof *count);
    push(&net, f.order, 0, final, count, NULL); /* warm-up; its counts are thrown away */
    memcpy(count, biased, n * sizeof *count);
    size_t n_hit = push(&net, f.order, 0, final, count, hit);
    memset(done, 0, n);
    for (uint32_t s = 0; s < seeds; s++) {
        done[f.order[s]] = 1;
    }
    size_t unseeded = 0;
    for (size_t h = 0; h < n_hit; h++) {
        unseeded += !done[hit[h]];
    }
    if (unseeded != final - seeds) {
        fprintf(stderr, "cascade_floor: %zu crossings, but %u elites fired after the seeds\n",
                unseeded, final - seeds);
        return 1;
    }

    report_one("push_lines_ratio", lines_ratio(&net, &f));

    double t_scatter[MAX_REPS], t_gather[MAX_REPS], t_lists[MAX_REPS], t_crossing[MAX_REPS];
    double t_signs[MAX_REPS];
    size_t n_entries = net.offsets[n];
    uint64_t check = 0;
    for (int r = 0; r < reps; r++) {
        memset(count, 0, n * sizeof *count);
        double t0 = now();
        for (size_t e = 0; e < n_entries; e++) {
            count[net.adj[e]]++;
        }
        t_scatter[r] = now() - t0;
        check += count[(size_t)r % n];
        t0 = now();
        push(&net, f.order, 0, final, NULL, NULL);
        t_gather[r] = now() - t0;
        memcpy(count, biased, n * sizeof *count);
        t0 = now();
        push(&net, f.order, 0, final, count, NULL);
        t_lists[r] = now() - t0;
        memcpy(count, biased, n * sizeof *count);
        t0 = now();
        push(&net, f.order, 0, final, count, hit);
        t_crossing[r] = now() - t0;
        memcpy(count, biased, n * sizeof *count);
        t0 = now();
        push_signs(&net, &f, count, (uint8_t *)last);
        t_signs[r] = now() - t0;
    }
    if (check == UINT64_MAX || gathered == UINT32_MAX) {
        printf("#\n"); /* keeps the scatter and the gathering from being optimised away */
    }
    report("scatter_s", t_scatter, reps);
    report("gather_s", t_gather, reps);
    report("lists_s", t_lists, reps);
    report("crossing_s", t_crossing, reps);
    report("signs_s", t_signs, reps);

    /* Round by round: the counts and the fired elites as they stand before round r
     * pushes (or its successors pull). */
    double sum_push = 0, sum_pull = 0, sum_best = 0;
    memcpy(before, biased, n * sizeof *before);
    memset(done, 0, n);
    for (uint32_t r = 0; r < f.rounds; r++) {
        uint32_t from = f.start[r], to = f.start[r + 1];
        memset(last, 0, (n + 63) / 64 * sizeof *last);
        for (uint32_t q = from; q < to; q++) {
            done[f.order[q]] = 1;
            last[f.order[q] >> 6] |= UINT64_C(1) << (f.order[q] & 63);
        }
        size_t n_left = 0;
        for (uint32_t i = 0; i < n; i++) {
            left[n_left] = i;
            n_left += !done[i];
        }
        double t_push[MAX_REPS], t_pull[MAX_REPS];
        for (int k = 0; k < reps; k++) {
            memcpy(count, before, n * sizeof *count);
            double t0 = now();
            push(&net, f.order, from, to, count, hit);
            t_push[k] = now() - t0;
            memcpy(count, before, n * sizeof *count);
            t0 = now();
            pull(&net, left, n_left, last, count, hit);
            t_pull[k] = now() - t0;
        }
        double a = bench_median(t_push, reps), b = bench_median(t_pull, reps);
        sum_push += a;
        sum_pull += b;
        sum_best += a < b ? a : b;
        push(&net, f.order, from, to, before, NULL);
    }
    report_one("rounds_push_s", sum_push);
    report_one("rounds_pull_s", sum_pull);
    report_one("rounds_best_s", sum_best);

    free(f.order);
    free(biased);
    free(count);
    free(before);
    free(hit);
    free(left);
    free(done);
    free(last);
    cascade_network_release(&net);
    cascade_scenario_free(sc);
    return 0;
}

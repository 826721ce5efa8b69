/*
 * The tick of MODEL.md: shocks, decisions, exits, purges and crackdown, security forces,
 * decay and co-optation, in that order.
 *
 * Invariants (checked with assert in debug builds):
 *  - counts[s] is the number of elites in state s; they sum to N;
 *  - on a stored network, dissent_count(m, i) and n_def[i] are the numbers of i's
 *    neighbours in DISSENT and DEFECTED; every state change goes through set_state,
 *    apply_crossing or fire_frontier, which keep them exact in every marking mode;
 *  - n_dis[i] is that count a_i, except while biased: then it is a_i + CROSS - need_i,
 *    so that it reaches CROSS exactly when a_i reaches need_i and the scatter's crossing
 *    test reads no second array;
 *  - PURGED and DEFECTED are final;
 *  - hold_until[i] is 0 (no hold), a tick from which the rule applies again to a forced
 *    dissenter, or CASCADE_HOLD_FOREVER.
 *
 * Costs per tick: one pass over the elites for decisions, one for exits, one for decay;
 * a purge costs the purged elite's degree (N - 1 on the implicit complete graph); a state
 * change costs the changed elite's degree. Weighted purge targets are drawn in one pass
 * from sorted uniforms generated in descending order (no storage).
 *
 * Documented choices where MODEL.md is silent:
 *  - tick 0 is the initial state: shocks of tick 0, then the security forces look at D;
 *  - weighted purge targets are drawn with replacement from the suspicion at the start
 *    of the purge step; a duplicate, or a target no longer present, is skipped;
 *  - a crackdown arrest purges the dissenter where it is (no recall);
 *  - a forced dissenter whose hold ends is judged by the rule once, in every mode; after
 *    that, only reversible derived dissent can go back to LOYAL.
 */
#include "cascade/model.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#define STATE_MASK 0x3u
#define ABROAD_BIT 0x4u
#define MARK_BIT 0x8u

enum { SEC_ACTIVE = 0, SEC_BARRACKS = 1, SEC_DEFECTED = 2 };

/* What set_state marks in dirty for the next synchronous decision: nothing (it will
 * judge every elite), every neighbour whose counts changed, or only a neighbour whose
 * count a_i has just risen to need_i (the only change that can make a LOYAL elite fire
 * when exit_visibility is 0). */
enum { MARK_NONE = 0, MARK_ANY, MARK_CROSSING };

struct cascade_model {
    cascade_params p;        /* the parameters in force (set shocks write here) */
    const cascade_network *net;
    gsl_rng *rng;
    uint32_t n;
    double *d;               /* private discontent, [0, 1] */
    double *fear;            /* >= 0 */
    double *rt;              /* r_i (derived mode) or tau_i (explicit mode) */
    uint8_t *st;             /* state in bits 0-1, abroad in bit 2, BFS mark in bit 3 */
    uint32_t *n_dis;         /* neighbours in DISSENT, biased or not (NULL on the
                                complete graph): read with dissent_count */
    uint32_t *n_def;         /* neighbours DEFECTED (NULL on the complete graph) */
    uint32_t *hold_until;
    uint32_t *scratch;       /* N ids: changers, orders, BFS queues */
    uint64_t *dirty;         /* bitmap: neighbour counts changed since the last synchronous
                                decision (explicit thresholds on a stored network, else NULL) */
    uint64_t *dirty_next;    /* all clear: where fire_frontier marks, then the two swap */
    bool biased;             /* n_dis[i] = a_i + CROSS - need_i (explicit thresholds on a
                                stored network, exit_visibility 0: need_for) */
    uint8_t marking;         /* which changes set_state marks in dirty: MARK_* */
    bool rescan;             /* the next decision must judge every elite */
    bool dis_fell;           /* some count a_i fell since the dirty marks were cleared: a
                                crossing mark no longer implies a_i >= need_i */
    uint32_t last_release;   /* last tick a finite hold of a forced dissenter ends */
    uint32_t counts[4];
    /* security forces */
    uint32_t m;
    double *sigma;
    uint8_t *sec;
    uint32_t sec_counts[3];
    uint32_t arrests;        /* crackdown arrests this tick, applied in the security step */
    /* progress and running summary */
    uint32_t tick;
    size_t next_shock;
    bool over;
    double peak;
    uint32_t peak_tick;
    uint32_t cascade_tick;
    uint32_t collapse_tick;
};

static inline cascade_elite_state state_of(const cascade_model *m, uint32_t i)
{
    return (cascade_elite_state)(m->st[i] & STATE_MASK);
}

static inline bool present(const cascade_model *m, uint32_t i)
{
    return (m->st[i] & STATE_MASK) <= CASCADE_DISSENT;
}

static inline bool is_abroad(const cascade_model *m, uint32_t i)
{
    return (m->st[i] & ABROAD_BIT) != 0;
}

/* While biased, n_dis[i] = a_i + CROSS - need_i: the count reaches need_i exactly when
 * the word reaches CROSS, and a_i >= need_i exactly when the word is >= CROSS (as a_i
 * and need_i are at most N < 2^31, the biased word never wraps). Adding or removing a
 * dissenting neighbour adds or subtracts 1 either way, so only the reads differ, and
 * need_i is not stored: the rare reads of a_i recompute it. The hot array of a
 * threshold cascade is then 4 bytes per elite, the same as a bare counter, where
 * {count, need} pairs took 8 (W1: docs/PERFORMANCE.md). */
#define CROSS UINT32_C(0x80000000)

static uint32_t need_for(const cascade_model *m, uint32_t k, double tau);

static inline uint32_t degree_of(const cascade_model *m, uint32_t i)
{
    return m->net->offsets[i + 1] - m->net->offsets[i];
}

/* The number of i's neighbours in DISSENT (stored network). */
static inline uint32_t dissent_count(const cascade_model *m, uint32_t i)
{
    uint32_t w = m->n_dis[i];
    return m->biased ? w - CROSS + need_for(m, degree_of(m, i), m->rt[i]) : w;
}

static uint32_t n_present(const cascade_model *m)
{
    return m->counts[CASCADE_LOYAL] + m->counts[CASCADE_DISSENT];
}

static double public_dissent(const cascade_model *m)
{
    return (double)m->counts[CASCADE_DISSENT] / (double)m->n;
}

static double capacity(const cascade_model *m)
{
    return m->m == 0 ? 1.0 : (double)m->sec_counts[SEC_ACTIVE] / (double)m->m;
}

/* How many entries ahead scatter_crossing requests a count (W1 at N = 1e6: 8 slower than
 * no prefetch, 32 to 256 faster, 64 best at 1e5 and 1e6; docs/PERFORMANCE.md). */
#define SCATTER_AHEAD 64

/* The hot loop of threshold cascades: one more dissenting neighbour for each of the n
 * elites at ids (biased counts), and a crossing mark for those whose count has just
 * reached need_j. One word per entry, so one miss; the loop is flat and branch-free (a
 * mispredicted branch would serialise the misses) and requests each count
 * SCATTER_AHEAD entries before it needs it, so many misses are in flight. */
static inline void scatter_crossing(uint32_t *n_dis, uint64_t *dirty, const uint32_t *ids,
                                    size_t n)
{
    for (size_t e = 0; e < n; e++) {
        uint32_t j = ids[e];
        if (e + SCATTER_AHEAD < n) {
            __builtin_prefetch(n_dis + ids[e + SCATTER_AHEAD], 1);
        }
        uint32_t w = ++n_dis[j];
        dirty[j >> 6] |= (uint64_t)(w == CROSS) << (j & 63);
    }
}

/* Moves elite i to state s, keeping global and neighbour counts, and marks in dirty the
 * neighbours the next decision must judge (m->marking). A move that changes no
 * neighbour count (LOYAL to PURGED) skips the adjacency list. */
static void set_state(cascade_model *m, uint32_t i, cascade_elite_state s)
{
    cascade_elite_state old = state_of(m, i);
    if (old == s) {
        return;
    }
    assert(old != CASCADE_PURGED && old != CASCADE_DEFECTED);
    m->counts[old]--;
    m->counts[s]++;
    m->st[i] = (uint8_t)((m->st[i] & ~STATE_MASK) | (uint8_t)s);
    if (m->net->complete) {
        return;
    }
    int dis = (s == CASCADE_DISSENT) - (old == CASCADE_DISSENT);
    int def = (s == CASCADE_DEFECTED);
    const uint32_t *begin = m->net->adj + m->net->offsets[i];
    const uint32_t *end = m->net->adj + m->net->offsets[i + 1];
    uint32_t *n_dis = m->n_dis;
    uint64_t *dirty = m->dirty;
    if (dis > 0 && m->marking == MARK_CROSSING) {
        scatter_crossing(n_dis, dirty, begin, (size_t)(end - begin));
        return;
    }
    if (dis != 0) {
        m->dis_fell |= dis < 0;
        for (const uint32_t *nb = begin; nb < end; nb++) {
            n_dis[*nb] += (uint32_t)dis;
        }
    }
    if (def != 0) {
        uint32_t *n_def = m->n_def;
        for (const uint32_t *nb = begin; nb < end; nb++) {
            n_def[*nb]++;
        }
    }
    if ((dis != 0 || def != 0) && m->marking == MARK_ANY) {
        for (const uint32_t *nb = begin; nb < end; nb++) {
            dirty[*nb >> 6] |= UINT64_C(1) << (*nb & 63);
        }
    }
}

/* Perceived opposition of elite i from the current counts. */
static double perceived_of(const cascade_model *m, uint32_t i, double D)
{
    uint32_t a, e, k;
    if (m->net->complete) {
        a = m->counts[CASCADE_DISSENT] - (state_of(m, i) == CASCADE_DISSENT);
        e = m->counts[CASCADE_DEFECTED];
        k = m->n - 1;
    } else {
        a = dissent_count(m, i);
        e = m->n_def[i];
        k = degree_of(m, i);
    }
    return cascade_perceived(a, e, k, m->p.exit_visibility, m->p.openness, D);
}

/* What an explicit threshold is compared with, from a_i, e_i and k_i. */
static inline double explicit_value(const cascade_model *m, uint32_t a, uint32_t e, uint32_t k,
                                    double D)
{
    if (m->p.threshold_unit == CASCADE_UNIT_COUNT) {
        return (double)a + m->p.exit_visibility * (double)e;
    }
    return cascade_perceived(a, e, k, m->p.exit_visibility, m->p.openness, D);
}

/* +1: wants to be public, -1: wants to be loyal, 0: indifferent (keeps its state). */
static int judge(const cascade_model *m, uint32_t i, double D, double PC)
{
    if (m->p.has_threshold) {
        uint32_t a, e, k;
        if (m->net->complete) {
            a = m->counts[CASCADE_DISSENT] - (state_of(m, i) == CASCADE_DISSENT);
            e = m->counts[CASCADE_DEFECTED];
            k = m->n - 1;
        } else {
            a = dissent_count(m, i);
            e = m->n_def[i];
            k = degree_of(m, i);
        }
        return cascade_reaches(explicit_value(m, a, e, k, D), m->rt[i]) ? 1 : -1;
    }
    double grievance = m->d[i] - m->p.min_grievance;
    if (grievance <= 0.0) {
        return -1; /* never public, whatever it perceives: skip the neighbour count */
    }
    double o = perceived_of(m, i, D);
    double B = cascade_benefit(m->d[i], m->rt[i], m->fear[i], m->p.min_grievance, 1.0, PC, o,
                               m->p.safety_in_numbers);
    return B > 0.0 ? 1 : (B < 0.0 ? -1 : 0);
}

/* Whether the rule applies to elite i this tick, and if so which way it may move. */
static bool eligible(cascade_model *m, uint32_t i)
{
    cascade_elite_state s = state_of(m, i);
    if (s == CASCADE_LOYAL) {
        return true;
    }
    if (s != CASCADE_DISSENT) {
        return false;
    }
    uint32_t h = m->hold_until[i];
    if (h == CASCADE_HOLD_FOREVER || h > m->tick) {
        return false;
    }
    return h != 0 || (m->p.reversible && !m->p.has_threshold);
}

/* The state elite i moves to under verdict v (its own state when it does not move). */
static cascade_elite_state verdict_state(cascade_model *m, uint32_t i, int v)
{
    cascade_elite_state s = state_of(m, i);
    if (s == CASCADE_LOYAL) {
        return v > 0 ? CASCADE_DISSENT : CASCADE_LOYAL;
    }
    if (m->hold_until[i] != 0) {
        m->hold_until[i] = 0; /* a released forced dissenter is judged once */
        return v > 0 ? CASCADE_DISSENT : CASCADE_LOYAL;
    }
    return v < 0 ? CASCADE_LOYAL : CASCADE_DISSENT;
}

static double cost_factor(const cascade_model *m)
{
    return m->p.punishment * (1.0 + m->p.family_punishment) * capacity(m);
}

/* Whether the synchronous decisions may judge only the elites marked in dirty. With
 * explicit thresholds an elite's verdict depends only on its state, its hold, its counts
 * a_i and e_i, its degree and tau_i, and the parameters -- and on D only through
 * openness in fraction units. An elite that was judged, stayed LOYAL and whose counts
 * have not changed since would stay LOYAL again; explicit dissent is never withdrawn. */
static bool frontier_possible(const cascade_model *m)
{
    return m->dirty != NULL && m->p.has_threshold && m->p.update == CASCADE_UPDATE_SYNCHRONOUS &&
           (m->p.threshold_unit == CASCADE_UNIT_COUNT || m->p.openness == 0.0);
}

/* Every elite is judged instead on the first decision (unless start_crossing marked
 * what it must judge), after a set shock (it may change the rule) and while a finite
 * hold may end (a released dissenter is judged once and may become LOYAL). Other shocks
 * move elites through set_state, which marks as usual: their forced dissenters are not
 * judged while held, and grievance, fear and discontent play no part in an explicit
 * threshold. */
static bool frontier_applies(const cascade_model *m)
{
    return frontier_possible(m) && !m->rescan && m->tick > m->last_release &&
           m->marking != MARK_NONE;
}

/* need_i for elite i of degree k with threshold tau: the least a with which the rule
 * fires when exit_visibility is 0 (so e_i plays no part, nor D, as openness is 0 or the
 * unit is count), found with the rule itself; the value is monotone in a. */
static uint32_t need_for(const cascade_model *m, uint32_t k, double tau)
{
    double guess = m->p.threshold_unit == CASCADE_UNIT_COUNT ? ceil(tau) : ceil(tau * k);
    uint32_t a = !(guess > 0.0) ? 0 : (guess > (double)k ? k + 1 : (uint32_t)guess);
    while (a > 0 && cascade_reaches(explicit_value(m, a - 1, 0, k, 0.0), tau)) {
        a--;
    }
    while (a <= k && !cascade_reaches(explicit_value(m, a, 0, k, 0.0), tau)) {
        a++;
    }
    return a;
}

/* need_i for each elite in turn. need_for depends only on (k, tau) and the parameters,
 * and thresholds are often shared (a constant distribution), so for each degree below
 * NEED_CACHE the last (tau, need) is kept: the same values, far fewer divisions. (Only
 * 0.0 and -0.0 compare equal with different bits, and they give the same need.) */
#define NEED_CACHE 64

typedef struct need_cache {
    double tau[NEED_CACHE];
    uint32_t need[NEED_CACHE];
} need_cache;

static void need_cache_init(need_cache *c)
{
    for (size_t k = 0; k < NEED_CACHE; k++) {
        c->tau[k] = NAN; /* equal to no tau: the first lookup misses */
        c->need[k] = 0;
    }
}

static inline uint32_t cached_need(const cascade_model *m, need_cache *c, uint32_t i)
{
    uint32_t k = degree_of(m, i);
    double tau = m->rt[i];
    if (k >= NEED_CACHE) {
        return need_for(m, k, tau);
    }
    if (!(c->tau[k] == tau)) {
        c->tau[k] = tau;
        c->need[k] = need_for(m, k, tau);
    }
    return c->need[k];
}

/* With crossing marks possible from the start (frontier_possible, exit_visibility 0),
 * before any shock: the counts, all 0, are born biased (CROSS - need_i) and every elite
 * that fires with no dissenting neighbour (need_i = 0) is marked, so the first decision
 * too judges only marked elites; tick 0's shocks mark the others they tip. */
static void start_crossing(cascade_model *m)
{
    need_cache c;
    need_cache_init(&c);
    for (uint32_t i = 0; i < m->n; i++) {
        uint32_t need = cached_need(m, &c, i);
        m->n_dis[i] = CROSS - need;
        m->dirty[i >> 6] |= (uint64_t)(need == 0) << (i & 63);
    }
    m->biased = true;
    m->dis_fell = false;
    m->marking = MARK_CROSSING;
    m->rescan = false;
}

/* Takes the bias away from every count; before the parameters change. */
static void unbias_counts(cascade_model *m)
{
    if (!m->biased) {
        return;
    }
    need_cache c;
    need_cache_init(&c);
    for (uint32_t i = 0; i < m->n; i++) {
        m->n_dis[i] -= CROSS - cached_need(m, &c, i);
    }
    m->biased = false;
}

/* Whether elite i changes its public state in this synchronous decision. With crossing
 * (biased counts, exit_visibility 0), a LOYAL elite fires when a_i >= need_i: the rule
 * itself as need_for tabulated it (debug builds check it against judge). */
static inline bool moves(cascade_model *m, uint32_t i, bool crossing, double D, double PC)
{
    if (crossing && state_of(m, i) == CASCADE_LOYAL) {
        bool fires = m->n_dis[i] >= CROSS;
        assert(fires == (judge(m, i, D, PC) > 0));
        return fires;
    }
    if (!eligible(m, i)) {
        return false;
    }
    return verdict_state(m, i, judge(m, i, D, PC)) != state_of(m, i);
}

/* Judges every elite when crossing marks are to follow (frontier_possible,
 * exit_visibility 0), biasing the counts first if they are not (in the same pass), and
 * a LOYAL elite by its biased count, as in judge_frontier: the same verdict (asserted
 * against the rule in debug builds, so the tests compare the frontier with the rule)
 * and one evaluation fewer. The elites to move go to scratch; returns their number. */
static uint32_t scan_crossing(cascade_model *m, double D, double PC)
{
    bool bias = !m->biased;
    need_cache c;
    need_cache_init(&c);
    m->biased = true; /* each elite's count is biased before it is judged */
    uint32_t *n_dis = m->n_dis;
    const uint8_t *st = m->st;
    uint32_t *scratch = m->scratch;
    uint32_t n_changes = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        if (bias) {
            n_dis[i] += CROSS - cached_need(m, &c, i);
        }
        if ((st[i] & STATE_MASK) == CASCADE_LOYAL) {
            assert((n_dis[i] >= CROSS) == (judge(m, i, D, PC) > 0));
            scratch[n_changes] = i;
            n_changes += n_dis[i] >= CROSS;
        } else if (moves(m, i, true, D, PC)) {
            scratch[n_changes++] = i;
        }
    }
    return n_changes;
}

/* Judges the elites marked in dirty, in index order, clearing the marks; the elites to
 * move go to scratch. Returns their number. (With crossing marks and no count fallen
 * since they were set, fire_frontier does this instead.) */
static uint32_t judge_frontier(cascade_model *m, double D, double PC)
{
    uint32_t n_changes = 0;
    size_t n_words = ((size_t)m->n + 63) / 64;
    uint64_t *dirty = m->dirty;
    bool crossing = m->marking == MARK_CROSSING;
    for (size_t w = 0; w < n_words; w++) {
        uint64_t bits = dirty[w];
        if (bits == 0) {
            continue;
        }
        dirty[w] = 0;
        do {
            uint32_t i = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
            bits &= bits - 1;
            if (moves(m, i, crossing, D, PC)) {
                m->scratch[n_changes++] = i;
            }
        } while (bits != 0);
    }
    m->dis_fell = false;
    return n_changes;
}

/* Moves the n elites at scratch[0..n) to the other public state. The cost is cache
 * misses: for a sparse round, the changed elite's offsets and adjacency entries, then
 * one neighbour count per entry (random ids over N elites). A miss caught behind a
 * mispredicted loop exit cannot overlap the next, so the misses are requested in a
 * pipeline over the changers ahead: offsets (and state) PREFETCH_AHEAD * 3 places on,
 * adjacency entries PREFETCH_AHEAD * 2 on, neighbour counts PREFETCH_AHEAD on (the
 * count loop then finds offsets and entries in cache). The order of the moves is the
 * order of scratch, so the result is the same with or without the prefetches. */
#define PREFETCH_AHEAD 8

/* Adjacency entries gathered before one flat scatter (16 KiB, on the stack). */
#define GATHER 4096

/* A list of at most SHORT_LIST entries (not the last list of adj) is copied as
 * SHORT_LIST entries in one fixed-size move: a call to memcpy per changer took a fifth
 * of W1's cascade time at N = 1e6 (mean degree 4). The entries past the list land in
 * the buffer's slack or are overwritten by the next list. */
#define SHORT_LIST 8

/* Adjacency lists gathered for one flat scatter_crossing, so that the per-elite loop
 * exits (mispredicted branches) do not sit between the count misses: the lists are
 * copied into buf, which is scattered whenever it is full; a hub longer than the buffer
 * is scattered in place. The crossing marks go to marks. */
typedef struct gather {
    const uint32_t *offsets, *adj;
    uint32_t n_entries;
    uint32_t *n_dis;
    uint64_t *marks;
    size_t fill;
    uint32_t buf[GATHER + SHORT_LIST];
} gather;

static void gather_init(gather *g, cascade_model *m, uint64_t *marks)
{
    g->offsets = m->net->offsets;
    g->adj = m->net->adj;
    g->n_entries = g->offsets[m->n];
    g->n_dis = m->n_dis;
    g->marks = marks;
    g->fill = 0;
}

static inline void gather_flush(gather *g)
{
    scatter_crossing(g->n_dis, g->marks, g->buf, g->fill);
    g->fill = 0;
}

/* One more dissenting neighbour for each neighbour of i. */
static inline void gather_list(gather *g, uint32_t i)
{
    uint32_t begin = g->offsets[i];
    size_t k = g->offsets[i + 1] - begin;
    if (g->fill + k > GATHER) {
        gather_flush(g);
    }
    if (k > GATHER) {
        scatter_crossing(g->n_dis, g->marks, g->adj + begin, k); /* a hub: in place */
        return;
    }
    if (k <= SHORT_LIST && g->n_entries - begin >= SHORT_LIST) {
        memcpy(g->buf + g->fill, g->adj + begin, SHORT_LIST * sizeof *g->buf);
    } else {
        memcpy(g->buf + g->fill, g->adj + begin, k * sizeof *g->buf);
    }
    g->fill += k;
}

/* apply_changes with crossing marks (explicit thresholds on a stored network,
 * exit_visibility 0), where nearly every changer goes from LOYAL to DISSENT: their
 * lists are gathered in the order of scratch. A changer that goes back to LOYAL (a
 * released forced dissenter) empties the buffer first and moves through set_state, so
 * every count changes in the order of scratch, exactly as one set_state per changer
 * would. */
static void apply_crossing(cascade_model *m, uint32_t n)
{
    const uint32_t *offsets = m->net->offsets;
    const uint32_t *adj = m->net->adj;
    const uint32_t *scratch = m->scratch;
    gather g;
    gather_init(&g, m, m->dirty);
    uint32_t n_fired = 0;
    for (uint32_t c = 0; c < n; c++) {
        if (c + 2 * PREFETCH_AHEAD < n) {
            uint32_t f = scratch[c + 2 * PREFETCH_AHEAD];
            __builtin_prefetch(&offsets[f], 0);
            __builtin_prefetch(&m->st[f], 1);
        }
        if (c + PREFETCH_AHEAD < n) {
            uint32_t f = scratch[c + PREFETCH_AHEAD];
            __builtin_prefetch(&adj[offsets[f]], 0);
            __builtin_prefetch(&adj[offsets[f + 1]], 0); /* the list may cross a line */
        }
        uint32_t i = scratch[c];
        if (state_of(m, i) != CASCADE_LOYAL) {
            gather_flush(&g);
            set_state(m, i, CASCADE_LOYAL);
            continue;
        }
        m->st[i] = (uint8_t)((m->st[i] & ~STATE_MASK) | CASCADE_DISSENT);
        n_fired++;
        gather_list(&g, i);
    }
    gather_flush(&g);
    m->counts[CASCADE_LOYAL] -= n_fired;
    m->counts[CASCADE_DISSENT] += n_fired;
}

/* fire_frontier requests the lists of the elites marked FIRE_AHEAD words on, when the
 * adjacency array is too large to stay in cache (FIRE_PREFETCH_BYTES, twice this
 * machine's 1 MiB L2): W1 at N = 1e6 (16 MB) about 10% faster with 2 words ahead; at
 * 1e5 (1.6 MB) the same requests made it about 10% slower. */
#define FIRE_AHEAD 2
#define FIRE_PREFETCH_BYTES ((size_t)2 << 20)

/* judge_frontier and apply_crossing in one pass, when every marked LOYAL elite fires:
 * crossing marks and no count fallen since they were cleared, so a mark says a_i
 * reached need_i and the count need not be read. As the scan of dirty, in index order,
 * reaches a marked LOYAL elite, it moves to DISSENT and its list is gathered; the
 * crossing marks this sets go to the other bitmap, which becomes dirty afterwards, so
 * no elite marked now is judged before the next decision. A marked
 * elite not LOYAL does not move (a DISSENT elite is judged only while a finite hold may
 * end, and then the frontier does not apply), so the verdicts are those of
 * judge_frontier and the counts change in the order apply_crossing would change them. */
static void fire_frontier(cascade_model *m, double D, double PC)
{
    size_t n_words = ((size_t)m->n + 63) / 64;
    uint64_t *dirty = m->dirty;
    uint8_t *st = m->st;
    gather g;
    gather_init(&g, m, m->dirty_next);
    uint32_t n_fired = 0;
    (void)D;
    (void)PC;
    const uint32_t *offsets = m->net->offsets, *adj = m->net->adj;
    size_t ahead_end = (size_t)offsets[m->n] * sizeof *adj > FIRE_PREFETCH_BYTES ? n_words : 0;
    for (size_t w = 0; w < n_words; w++) {
        uint64_t bits = dirty[w];
        if (bits == 0) {
            continue;
        }
        dirty[w] = 0;
        if (w + FIRE_AHEAD < ahead_end) {
            for (uint64_t ahead = dirty[w + FIRE_AHEAD]; ahead != 0; ahead &= ahead - 1) {
                size_t f = (w + FIRE_AHEAD) * 64 + (size_t)__builtin_ctzll(ahead);
                __builtin_prefetch(&adj[offsets[f]], 0);
            }
        }
        do {
            uint32_t i = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
            bits &= bits - 1;
            if ((st[i] & STATE_MASK) != CASCADE_LOYAL) {
                assert(!moves(m, i, true, D, PC));
                continue;
            }
            assert(judge(m, i, D, PC) > 0);
            st[i] = (uint8_t)((st[i] & ~STATE_MASK) | CASCADE_DISSENT);
            n_fired++;
            gather_list(&g, i);
        } while (bits != 0);
    }
    gather_flush(&g);
    m->dirty = m->dirty_next;
    m->dirty_next = dirty;
    m->counts[CASCADE_LOYAL] -= n_fired;
    m->counts[CASCADE_DISSENT] += n_fired;
}

static void apply_changes(cascade_model *m, uint32_t n)
{
    const uint32_t *offsets = m->net->complete ? NULL : m->net->offsets;
    if (offsets != NULL && m->marking == MARK_CROSSING) {
        apply_crossing(m, n);
        return;
    }
    const uint32_t *adj = m->net->adj;
    const uint32_t *scratch = m->scratch;
    for (uint32_t c = 0; c < n; c++) {
        if (offsets != NULL) {
            if (c + 3 * PREFETCH_AHEAD < n) {
                uint32_t f = scratch[c + 3 * PREFETCH_AHEAD];
                __builtin_prefetch(&offsets[f], 0);
                __builtin_prefetch(&m->st[f], 1);
            }
            if (c + 2 * PREFETCH_AHEAD < n) {
                uint32_t f = scratch[c + 2 * PREFETCH_AHEAD];
                __builtin_prefetch(&adj[offsets[f]], 0);
                __builtin_prefetch(&adj[offsets[f + 1]], 0); /* the list may cross a line */
            }
            if (c + PREFETCH_AHEAD < n) {
                uint32_t f = scratch[c + PREFETCH_AHEAD];
                for (uint32_t e = offsets[f]; e < offsets[f + 1]; e++) {
                    __builtin_prefetch(&m->n_dis[adj[e]], 1);
                }
            }
        }
        uint32_t i = scratch[c];
        set_state(m, i, state_of(m, i) == CASCADE_LOYAL ? CASCADE_DISSENT : CASCADE_LOYAL);
    }
}

static void decide_synchronous(cascade_model *m)
{
    double D = public_dissent(m);
    double PC = cost_factor(m);
    uint32_t n_changes = 0;
    if (frontier_applies(m) && m->marking == MARK_CROSSING && !m->dis_fell) {
        fire_frontier(m, D, PC);
        return;
    }
    if (frontier_applies(m)) {
        n_changes = judge_frontier(m, D, PC);
    } else {
        bool crossing = frontier_possible(m) && m->p.exit_visibility == 0.0;
        if (crossing) {
            n_changes = scan_crossing(m, D, PC);
        } else {
            for (uint32_t i = 0; i < m->n; i++) {
                if (moves(m, i, false, D, PC)) {
                    m->scratch[n_changes++] = i;
                }
            }
        }
        m->rescan = false;
        m->marking = MARK_NONE;
        if (frontier_possible(m)) {
            memset(m->dirty, 0, ((size_t)m->n + 63) / 64 * sizeof *m->dirty);
            m->dis_fell = false;
            m->marking = crossing ? MARK_CROSSING : MARK_ANY;
        }
    }
    apply_changes(m, n_changes);
}

static void decide_random_order(cascade_model *m)
{
    uint32_t n_eligible = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        if (eligible(m, i)) {
            m->scratch[n_eligible++] = i;
        }
    }
    if (n_eligible > 1) { /* gsl_ran_shuffle with n = 0 underflows and aborts */
        gsl_ran_shuffle(m->rng, m->scratch, n_eligible, sizeof *m->scratch);
    }
    double PC = cost_factor(m);
    for (uint32_t c = 0; c < n_eligible; c++) {
        uint32_t i = m->scratch[c];
        int v = judge(m, i, public_dissent(m), PC);
        set_state(m, i, verdict_state(m, i, v));
    }
}

static void exits(cascade_model *m)
{
    double deter = m->p.family_deterrence;
    double family = m->p.family_punishment;
    if (m->p.rate_abroad == 0.0 && m->p.rate_home == 0.0) {
        return; /* every hazard is 0: no draws, no moves */
    }
    for (uint32_t i = 0; i < m->n; i++) {
        if (!present(m, i)) {
            continue;
        }
        double x = is_abroad(m, i) ? m->p.rate_abroad : m->p.rate_home;
        double h = cascade_exit_hazard(x, m->d[i], m->fear[i], m->p.base_fear, deter, family);
        if (h > 0.0 && gsl_rng_uniform(m->rng) < h) {
            set_state(m, i, CASCADE_DEFECTED);
        }
    }
}

/* Purge effects on one associate k of a purged elite. */
static void frighten(cascade_model *m, uint32_t k)
{
    if (!present(m, k)) {
        return;
    }
    m->fear[k] += m->p.fear_shock;
    m->d[k] += m->p.alienation * (1.0 - m->d[k]);
    if (is_abroad(m, k) && m->p.flee_on_purge > 0.0 &&
        gsl_rng_uniform(m->rng) < m->p.flee_on_purge) {
        set_state(m, k, CASCADE_DEFECTED);
    }
}

/* Removes elite j and frightens and alienates its associates. */
static void remove_elite(cascade_model *m, uint32_t j)
{
    set_state(m, j, CASCADE_PURGED);
    if (m->net->complete) {
        for (uint32_t k = 0; k < m->n; k++) {
            frighten(m, k);
        }
        return;
    }
    for (uint32_t e = m->net->offsets[j]; e < m->net->offsets[j + 1]; e++) {
        frighten(m, m->net->adj[e]);
    }
}

/* A purge target: an elite abroad is recalled and may flee instead. */
static void purge(cascade_model *m, uint32_t j)
{
    if (!present(m, j)) {
        return;
    }
    if (is_abroad(m, j) && gsl_rng_uniform(m->rng) < m->p.flee_on_recall) {
        set_state(m, j, CASCADE_DEFECTED);
        return;
    }
    remove_elite(m, j);
}

static double suspicion(const cascade_model *m, uint32_t j)
{
    switch (state_of(m, j)) {
    case CASCADE_LOYAL:
        return m->p.surveillance * m->d[j];
    case CASCADE_DISSENT:
        return 1.0;
    default:
        return 0.0;
    }
}

/* Draws k targets with probability proportional to suspicion, in one descending pass:
 * the largest of k uniforms is U^(1/k), the next the previous times U^(1/(k-1)), ... */
static void purge_weighted(cascade_model *m, uint32_t k)
{
    double total = 0.0;
    for (uint32_t j = 0; j < m->n; j++) {
        total += suspicion(m, j);
    }
    if (!(total > 0.0)) {
        return;
    }
    /* Targets are collected first, then purged, so effects do not shift the weights. */
    uint32_t n_targets = 0;
    double u = 1.0;
    double cum = total;
    uint32_t j = m->n;
    for (uint32_t left = k; left > 0; left--) {
        u *= pow(gsl_rng_uniform_pos(m->rng), 1.0 / (double)left);
        double x = u * total;
        while (j > 0 && cum - suspicion(m, j - 1) > x) {
            cum -= suspicion(m, j - 1);
            j--;
        }
        if (j == 0) {
            break;
        }
        uint32_t target = j - 1;
        if (n_targets == 0 || m->scratch[n_targets - 1] != target) {
            m->scratch[n_targets++] = target;
        }
    }
    for (uint32_t t = 0; t < n_targets; t++) {
        purge(m, m->scratch[t]);
    }
}

/* A uniformly random present elite (rejection, then a scan when few are present). */
static bool random_present(cascade_model *m, uint32_t *out)
{
    uint32_t np = n_present(m);
    if (np == 0) {
        return false;
    }
    for (int attempt = 0; attempt < 64; attempt++) {
        uint32_t j = (uint32_t)gsl_rng_uniform_int(m->rng, m->n);
        if (present(m, j)) {
            *out = j;
            return true;
        }
    }
    uint32_t pick = (uint32_t)gsl_rng_uniform_int(m->rng, np);
    for (uint32_t j = 0; j < m->n; j++) {
        if (present(m, j) && pick-- == 0) {
            *out = j;
            return true;
        }
    }
    return false;
}

static void purge_some(cascade_model *m, uint32_t k)
{
    if (k == 0) {
        return;
    }
    uint32_t k_weighted = m->p.targeting >= 1.0 ? k
                          : m->p.targeting <= 0.0
                              ? 0
                              : gsl_ran_binomial(m->rng, m->p.targeting, k);
    if (k_weighted > 0) {
        purge_weighted(m, k_weighted);
    }
    for (uint32_t t = k_weighted; t < k; t++) {
        uint32_t j;
        if (!random_present(m, &j)) {
            break;
        }
        purge(m, j);
    }
}

static void crackdown(cascade_model *m)
{
    double p = m->p.crackdown * capacity(m);
    if (!(p > 0.0) || m->counts[CASCADE_DISSENT] == 0) {
        return;
    }
    for (uint32_t i = 0; i < m->n; i++) {
        if (state_of(m, i) == CASCADE_DISSENT && gsl_rng_uniform(m->rng) < p) {
            remove_elite(m, i);
            m->arrests++;
        }
    }
}

static void purges(cascade_model *m)
{
    uint32_t np = n_present(m);
    if (m->p.purge_rate > 0.0 && np > 0) {
        uint32_t k = gsl_ran_poisson(m->rng, m->p.purge_rate * (double)np);
        purge_some(m, k < np ? k : np);
    }
    crackdown(m);
}

static void security(cascade_model *m)
{
    double D = public_dissent(m);
    double lower = (double)m->arrests * m->p.crackdown_alienation;
    m->arrests = 0;
    memset(m->sec_counts, 0, sizeof m->sec_counts);
    for (uint32_t o = 0; o < m->m; o++) {
        if (m->sec[o] == SEC_ACTIVE) {
            m->sigma[o] -= lower;
        }
        if (m->sec[o] != SEC_DEFECTED) {
            if (D >= m->sigma[o]) {
                m->sec[o] = SEC_DEFECTED;
            } else if (D >= m->sigma[o] - m->p.wait_band) {
                m->sec[o] = SEC_BARRACKS;
            } else {
                m->sec[o] = SEC_ACTIVE;
            }
        }
        m->sec_counts[m->sec[o]]++;
    }
}

static void decay(cascade_model *m)
{
    double keep_fear = 1.0 - m->p.fear_decay;
    double keep_d = 1.0 - m->p.cooptation;
    if (keep_fear == 1.0 && keep_d == 1.0) {
        return; /* multiplying by 1 changes nothing */
    }
    for (uint32_t i = 0; i < m->n; i++) {
        m->fear[i] *= keep_fear;
        if (state_of(m, i) == CASCADE_LOYAL) {
            m->d[i] *= keep_d;
        }
    }
}

/* Collapse, peak and cascade bookkeeping after a tick, over every tick. */
static void track(cascade_model *m)
{
    double D = public_dissent(m);
    if (D > m->peak || m->tick == 0) {
        m->peak = D;
        m->peak_tick = m->tick;
    }
    if (m->cascade_tick == CASCADE_NO_TICK && D >= m->p.cascade_level) {
        m->cascade_tick = m->tick;
    }
    if (m->collapse_tick == CASCADE_NO_TICK &&
        (capacity(m) < m->p.collapse_capacity || D >= m->p.collapse_dissent)) {
        m->collapse_tick = m->tick;
        if (m->p.stop_on_collapse) {
            m->over = true;
        }
    }
    if (m->tick >= m->p.ticks) {
        m->over = true;
    }
}

/* ---- shocks ---- */

static uint32_t collect_present(cascade_model *m)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        if (present(m, i)) {
            m->scratch[n++] = i;
        }
    }
    return n;
}

/* Puts k present elites chosen uniformly at scratch[0..k). */
static void choose_random(cascade_model *m, uint32_t k)
{
    uint32_t n = collect_present(m);
    for (uint32_t c = 0; c < k && c < n; c++) {
        uint32_t pick = c + (uint32_t)gsl_rng_uniform_int(m->rng, n - c);
        uint32_t tmp = m->scratch[c];
        m->scratch[c] = m->scratch[pick];
        m->scratch[pick] = tmp;
    }
}

/* Puts k present elites at scratch[0..k): breadth-first balls around random present
 * elites, through present elites, until k are taken. */
static uint32_t choose_cluster(cascade_model *m, uint32_t k)
{
    uint32_t taken = 0;
    while (taken < k) {
        uint32_t root;
        do {
            if (!random_present(m, &root)) {
                goto done;
            }
        } while (m->st[root] & MARK_BIT);
        m->st[root] |= MARK_BIT;
        uint32_t head = taken;
        m->scratch[taken++] = root;
        while (head < taken && taken < k) {
            uint32_t i = m->scratch[head++];
            for (uint32_t e = m->net->offsets[i]; e < m->net->offsets[i + 1] && taken < k; e++) {
                uint32_t j = m->net->adj[e];
                if (present(m, j) && !(m->st[j] & MARK_BIT)) {
                    m->st[j] |= MARK_BIT;
                    m->scratch[taken++] = j;
                }
            }
        }
    }
done:
    for (uint32_t c = 0; c < taken; c++) {
        m->st[m->scratch[c]] &= (uint8_t)~MARK_BIT;
    }
    return taken;
}

/* Puts the k present elites of highest degree at scratch[0..k), ties to lower ids:
 * binary search for the k-th largest degree, then one pass. */
static uint32_t choose_hubs(cascade_model *m, uint32_t k)
{
    uint32_t lo = 0, hi = m->n; /* answer: the largest x with #(deg >= x) >= k */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        uint32_t c = 0;
        for (uint32_t i = 0; i < m->n; i++) {
            c += present(m, i) && cascade_network_degree(m->net, i) >= mid;
        }
        if (c >= k) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    uint32_t taken = 0;
    for (uint32_t i = 0; i < m->n && taken < k; i++) {
        if (present(m, i) && cascade_network_degree(m->net, i) > lo) {
            m->scratch[taken++] = i;
        }
    }
    for (uint32_t i = 0; i < m->n && taken < k; i++) {
        if (present(m, i) && cascade_network_degree(m->net, i) == lo) {
            m->scratch[taken++] = i;
        }
    }
    return taken;
}

static void shock_dissent(cascade_model *m, const cascade_shock *s)
{
    uint32_t np = n_present(m);
    uint32_t k = s->by_count ? s->count : (uint32_t)lround(s->fraction * (double)np);
    if (k > np) {
        k = np;
    }
    uint32_t taken = k;
    if (s->where == CASCADE_WHERE_CLUSTER && !m->net->complete) {
        taken = choose_cluster(m, k);
    } else if (s->where == CASCADE_WHERE_HUBS) {
        taken = choose_hubs(m, k);
    } else {
        choose_random(m, k);
    }
    /* hold_until 0 means "no hold", so a release due at tick 0 is due at tick 1, the
     * first tick with decisions anyway. */
    uint32_t until = s->hold == CASCADE_HOLD_FOREVER ? CASCADE_HOLD_FOREVER : m->tick + s->hold;
    if (until == 0) {
        until = 1;
    }
    if (until != CASCADE_HOLD_FOREVER && until > m->last_release) {
        m->last_release = until;
    }
    for (uint32_t c = 0; c < taken; c++) {
        uint32_t i = m->scratch[c];
        set_state(m, i, CASCADE_DISSENT);
        m->hold_until[i] = until;
    }
}

void cascade_params_apply_set(cascade_params *p, const cascade_shock *s)
{
    assert(s->kind == CASCADE_SHOCK_SET);
    char *field = (char *)p + s->offset;
    switch (s->type) {
    case CASCADE_TYPE_REAL:
        memcpy(field, &s->value, sizeof(double));
        break;
    case CASCADE_TYPE_INT: {
        uint32_t v = (uint32_t)s->value;
        memcpy(field, &v, sizeof v);
        break;
    }
    case CASCADE_TYPE_BOOL: {
        bool v = s->value != 0.0;
        memcpy(field, &v, sizeof v);
        break;
    }
    }
}

static void apply_shocks(cascade_model *m)
{
    while (m->next_shock < m->p.n_shocks && m->p.shocks[m->next_shock].tick == m->tick) {
        const cascade_shock *s = &m->p.shocks[m->next_shock++];
        if (s->kind == CASCADE_SHOCK_SET) {
            unbias_counts(m);
            m->rescan = true;
        }
        switch (s->kind) {
        case CASCADE_SHOCK_DISSENT:
            shock_dissent(m, s);
            break;
        case CASCADE_SHOCK_GRIEVANCE:
            for (uint32_t i = 0; i < m->n; i++) {
                double d = m->d[i] + s->delta;
                m->d[i] = d < 0.0 ? 0.0 : (d > 1.0 ? 1.0 : d);
            }
            break;
        case CASCADE_SHOCK_PURGE: {
            uint32_t np = n_present(m);
            purge_some(m, s->count < np ? s->count : np);
            break;
        }
        case CASCADE_SHOCK_SET:
            cascade_params_apply_set(&m->p, s);
            break;
        }
    }
}

/* ---- lifecycle ---- */

double cascade_model_state_bytes(const cascade_params *params)
{
    double n = (double)params->size;
    double per_elite = 3 * sizeof(double) + 1 + 2 * sizeof(uint32_t);
    if (params->network.type != CASCADE_NET_COMPLETE) {
        per_elite += 2 * sizeof(uint32_t);
        if (params->has_threshold) {
            per_elite += 2.0 / 8.0; /* the two dirty bitmaps */
        }
    }
    return n * per_elite + (double)params->security_size * (sizeof(double) + 1);
}

static double clip(double x, double lo, double hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

static void populate(cascade_model *m)
{
    const cascade_params *p = &m->p;
    for (uint32_t i = 0; i < m->n; i++) {
        m->d[i] = clip(cascade_dist_draw(&p->discontent, m->rng, i), 0.0, 1.0);
    }
    for (uint32_t i = 0; i < m->n; i++) {
        double x = p->has_threshold ? cascade_dist_draw(&p->threshold, m->rng, i)
                                    : cascade_dist_draw(&p->risk_aversion, m->rng, i);
        m->rt[i] = p->has_threshold ? x : (x > 0.0 ? x : 0.0);
    }
    for (uint32_t i = 0; i < m->n; i++) {
        bool abroad = p->abroad_fraction > 0.0 && gsl_rng_uniform(m->rng) < p->abroad_fraction;
        m->st[i] = (uint8_t)(CASCADE_LOYAL | (abroad ? ABROAD_BIT : 0u));
    }
    for (uint32_t o = 0; o < m->m; o++) {
        m->sigma[o] = cascade_dist_draw(&p->loyalty, m->rng, o);
    }
    m->counts[CASCADE_LOYAL] = m->n;
}

cascade_model *cascade_model_alloc(const cascade_params *params, const cascade_network *net,
                                   gsl_rng *rng)
{
    assert(params->size >= 1 && net->n_elites == params->size);
    cascade_model *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return NULL;
    }
    m->p = *params;
    m->net = net;
    m->rng = rng;
    m->n = params->size;
    m->m = params->security_size;
    size_t n = m->n;
    m->d = malloc(n * sizeof *m->d);
    m->fear = calloc(n, sizeof *m->fear);
    m->rt = malloc(n * sizeof *m->rt);
    m->st = malloc(n);
    m->hold_until = calloc(n, sizeof *m->hold_until);
    m->scratch = malloc(n * sizeof *m->scratch);
    m->sigma = malloc((m->m ? m->m : 1) * sizeof *m->sigma);
    m->sec = calloc(m->m ? m->m : 1, 1);
    if (!net->complete) {
        /* written now rather than left to calloc's lazy zero pages, so the page faults
         * are paid here and not in the first ticks */
        m->n_dis = malloc(n * sizeof *m->n_dis);
        m->n_def = malloc(n * sizeof *m->n_def);
        if (m->n_dis == NULL || m->n_def == NULL) {
            goto fail;
        }
        memset(m->n_dis, 0, n * sizeof *m->n_dis);
        memset(m->n_def, 0, n * sizeof *m->n_def);
        if (params->has_threshold) {
            m->dirty = calloc(((size_t)n + 63) / 64, sizeof *m->dirty);
            m->dirty_next = calloc(((size_t)n + 63) / 64, sizeof *m->dirty_next);
            if (m->dirty == NULL || m->dirty_next == NULL) {
                goto fail;
            }
        }
    }
    if (!m->d || !m->fear || !m->rt || !m->st || !m->hold_until || !m->scratch || !m->sigma ||
        !m->sec) {
        goto fail;
    }
    populate(m);
    m->cascade_tick = CASCADE_NO_TICK;
    m->collapse_tick = CASCADE_NO_TICK;
    m->rescan = true;
    if (frontier_possible(m) && m->p.exit_visibility == 0.0) {
        start_crossing(m);
    }
    apply_shocks(m);
    security(m);
    track(m);
    return m;
fail:
    cascade_model_free(m);
    return NULL;
}

void cascade_model_free(cascade_model *m)
{
    if (m == NULL) {
        return;
    }
    free(m->d);
    free(m->fear);
    free(m->rt);
    free(m->st);
    free(m->n_dis);
    free(m->n_def);
    free(m->hold_until);
    free(m->scratch);
    free(m->dirty);
    free(m->dirty_next);
    free(m->sigma);
    free(m->sec);
    free(m);
}

void cascade_model_step(cascade_model *m)
{
    if (m->over) {
        return;
    }
    m->tick++;
    apply_shocks(m);
    if (m->p.update == CASCADE_UPDATE_RANDOM_ORDER) {
        decide_random_order(m);
    } else {
        decide_synchronous(m);
    }
    exits(m);
    purges(m);
    security(m);
    decay(m);
    assert(m->counts[0] + m->counts[1] + m->counts[2] + m->counts[3] == m->n);
    track(m);
}

bool cascade_model_consistent(const cascade_model *m)
{
    uint32_t counts[4] = {0};
    for (uint32_t i = 0; i < m->n; i++) {
        counts[state_of(m, i)]++;
    }
    if (memcmp(counts, m->counts, sizeof counts) != 0) {
        return false;
    }
    if (m->net->complete) {
        return true;
    }
    for (uint32_t i = 0; i < m->n; i++) {
        uint32_t dis = 0, def = 0;
        uint32_t begin = m->net->offsets[i], end = m->net->offsets[i + 1];
        for (uint32_t e = begin; e < end; e++) {
            cascade_elite_state s = state_of(m, m->net->adj[e]);
            dis += s == CASCADE_DISSENT;
            def += s == CASCADE_DEFECTED;
        }
        if (dissent_count(m, i) != dis || m->n_def[i] != def) {
            return false;
        }
    }
    return true;
}

bool cascade_model_done(const cascade_model *m)
{
    return m->over;
}

uint32_t cascade_model_tick(const cascade_model *m)
{
    return m->tick;
}

void cascade_model_observe(const cascade_model *m, cascade_observables *obs)
{
    double opposed = 0, gap = 0, sum_d = 0, sum_fear = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        cascade_elite_state s = state_of(m, i);
        if (s > CASCADE_DISSENT) {
            continue;
        }
        bool against = m->d[i] > m->p.opposed_above;
        opposed += against;
        gap += against && s == CASCADE_LOYAL;
        sum_d += m->d[i];
        sum_fear += m->fear[i];
    }
    double n = (double)m->n;
    uint32_t np = n_present(m);
    obs->tick = m->tick;
    obs->public_dissent = public_dissent(m);
    obs->private_opposition = opposed / n;
    obs->falsification_gap = gap / n;
    obs->mean_discontent = np ? sum_d / np : 0.0;
    obs->defected = m->counts[CASCADE_DEFECTED] / n;
    obs->purged = m->counts[CASCADE_PURGED] / n;
    obs->mean_fear = np ? sum_fear / np : 0.0;
    obs->security_active = capacity(m);
    obs->security_barracks = m->m ? (double)m->sec_counts[SEC_BARRACKS] / m->m : 0.0;
    obs->security_defected = m->m ? (double)m->sec_counts[SEC_DEFECTED] / m->m : 0.0;
    obs->collapsed = m->collapse_tick != CASCADE_NO_TICK;
}

void cascade_model_summarize(const cascade_model *m, cascade_summary *s)
{
    cascade_observables obs;
    cascade_model_observe(m, &obs);
    s->final_dissent = obs.public_dissent;
    s->peak_dissent = m->peak;
    s->peak_tick = m->peak_tick;
    s->cascade_tick = m->cascade_tick;
    s->cascade = m->cascade_tick != CASCADE_NO_TICK;
    s->collapse_tick = m->collapse_tick;
    s->collapsed = m->collapse_tick != CASCADE_NO_TICK;
    s->defected = obs.defected;
    s->purged = obs.purged;
    s->final_gap = obs.falsification_gap;
}

cascade_elite_state cascade_model_state(const cascade_model *m, uint32_t i)
{
    return state_of(m, i);
}

double cascade_model_discontent(const cascade_model *m, uint32_t i)
{
    return m->d[i];
}

double cascade_model_fear(const cascade_model *m, uint32_t i)
{
    return m->fear[i];
}

bool cascade_model_abroad(const cascade_model *m, uint32_t i)
{
    return is_abroad(m, i);
}

uint32_t cascade_model_count(const cascade_model *m, cascade_elite_state s)
{
    return m->counts[s];
}

double cascade_model_capacity(const cascade_model *m)
{
    return capacity(m);
}

double cascade_model_risk_aversion(const cascade_model *m, uint32_t i)
{
    return m->p.has_threshold ? NAN : m->rt[i];
}

double cascade_model_threshold(const cascade_model *m, uint32_t i)
{
    if (m->p.has_threshold) {
        return m->rt[i];
    }
    return cascade_derived_threshold(m->d[i], m->rt[i], m->fear[i], m->p.min_grievance,
                                     m->p.punishment * (1.0 + m->p.family_punishment),
                                     capacity(m), m->p.safety_in_numbers);
}

double cascade_model_loyalty(const cascade_model *m, uint32_t o)
{
    assert(o < m->m);
    return m->sigma[o];
}

const cascade_params *cascade_model_params(const cascade_model *m)
{
    return &m->p;
}

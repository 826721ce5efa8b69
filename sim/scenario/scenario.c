/*
 * Scenario loading. Parameters start at the key table's defaults; then units are walked
 * in order, each overriding what came before: every file named by an `@include` line
 * (recursively, before the including file), the scenario file itself, and last the
 * --set overrides. We handle @include ourselves rather than through libconfig, because
 * libconfig rejects a setting defined twice, while a scenario that builds on another
 * must be able to override it. Each unit is parsed on its own, so every problem is
 * located in the file (and line) it comes from; --set problems are located as "--set".
 * Every problem is collected as "LOCATION: KEY: message".
 *
 * A distribution group overrides only what it names: one that omits `dist` keeps the
 * current kind and parameters it does not give, so `--set population.discontent.a=3`
 * changes one parameter of the beta in force; one that changes the kind must give all
 * of the new kind's parameters. A `shocks` list replaces the list in force.
 */
#include "cascade/scenario.h"

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "cascade/format.h"
#include "cascade/rng.h"
#include "keys.h"

#define N_DIST_SLOTS 8
#define MAX_SHOCK_TICK 1000000000u

extern const char cascade_default_scenario[];

#define MAX_INCLUDE_DEPTH 16

struct cascade_scenario {
    char *path;             /* as given, or "(built-in default)" */
    const char *unit;       /* file of the unit being walked; NULL for --set */
    char *name;
    char *description;
    cascade_params params;
    char rng_name[64];
    double *lists[N_DIST_SLOTS]; /* storage of list distributions, by key index slot */
    size_t n_lists;
    cascade_shock *shocks;
    char **shock_where;     /* per shock (in tick order): where its count was set */
    size_t *shock_index;    /* per shock (in tick order): its position in the file's list */
    size_t n_shock_where;
    char **where;           /* per key row: "FILE:LINE" or "--set", NULL when defaulted */
    char **diag;
    size_t n_diag, cap_diag;
    bool oom;
};

/* ---- diagnostics ---- */

static void diag(cascade_scenario *sc, const char *where, const char *keyname, const char *fmt,
                 ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (sc->n_diag == sc->cap_diag) {
        size_t cap = sc->cap_diag ? 2 * sc->cap_diag : 8;
        char **d = realloc(sc->diag, cap * sizeof *d);
        if (d == NULL) {
            sc->oom = true;
            return;
        }
        sc->diag = d;
        sc->cap_diag = cap;
    }
    size_t len = strlen(where) + strlen(keyname) + strlen(msg) + 8;
    char *line = malloc(len);
    if (line == NULL) {
        sc->oom = true;
        return;
    }
    if (*keyname) {
        snprintf(line, len, "%s: %s: %s", where, keyname, msg);
    } else {
        snprintf(line, len, "%s: %s", where, msg);
    }
    sc->diag[sc->n_diag++] = line;
}

static void locate(const cascade_scenario *sc, const config_setting_t *s, char *buf, size_t len)
{
    unsigned line = s ? config_setting_source_line(s) : 0;
    const char *file = sc->unit;
    if (line == 0 || file == NULL) {
        snprintf(buf, len, "--set");
    } else {
        snprintf(buf, len, "%s:%u", file, line);
    }
}

#define DIAG_AT(sc, setting, key, ...)                 \
    do {                                               \
        char where_[4200];                             \
        locate(sc, setting, where_, sizeof where_);        \
        diag(sc, where_, key, __VA_ARGS__);            \
    } while (0)

/* ---- suggestions ---- */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 126 || lb > 126) {
        return SIZE_MAX;
    }
    size_t row[128];
    for (size_t j = 0; j <= lb; j++) {
        row[j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        size_t diag_prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag_prev + (a[i - 1] != b[j - 1]);
            if (row[j - 1] + 1 < best) {
                best = row[j - 1] + 1;
            }
            if (up + 1 < best) {
                best = up + 1;
            }
            row[j] = best;
            diag_prev = up;
        }
    }
    return row[lb];
}

/* The nearest of the candidates (full key names), or NULL if none is close. */
static const char *nearest(const char *name, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(name, cands[i]);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    size_t limit = strlen(name) / 3 + 1;
    return best_d <= (limit > 2 ? limit : 2) ? best : NULL;
}

static const char *nearest_key(const char *name)
{
    const char *names[128];
    size_t n = 0;
    for (size_t i = 0; i < cascade_n_keys && n < 126; i++) {
        names[n++] = cascade_keys[i].name;
    }
    names[n++] = "name";
    names[n++] = "description";
    const char *best = nearest(name, names, n);
    if (best == NULL) {
        /* a misspelt group with a right key: match on the last part */
        const char *dot = strrchr(name, '.');
        for (size_t i = 0; dot && i < cascade_n_keys; i++) {
            const char *kd = strrchr(cascade_keys[i].name, '.');
            if (kd && strcmp(kd, dot) == 0) {
                return cascade_keys[i].name;
            }
        }
    }
    return best;
}

/* The group nearest to name (a misspelt group: `regim = {...}`), copied to buf. */
static bool nearest_group(const char *name, char *buf, size_t size)
{
    char groups[32][32];
    const char *names[32];
    size_t n = 0;
    for (size_t i = 0; i < cascade_n_keys && n < sizeof names / sizeof names[0]; i++) {
        const char *kname = cascade_keys[i].name;
        size_t len = strcspn(kname, ".");
        bool known = kname[len] == '\0' || len >= sizeof groups[0];
        for (size_t g = 0; g < n && !known; g++) {
            known = strncmp(groups[g], kname, len) == 0 && groups[g][len] == '\0';
        }
        if (!known) {
            snprintf(groups[n], sizeof groups[0], "%.*s", (int)len, kname);
            names[n] = groups[n];
            n++;
        }
    }
    const char *best = nearest(name, names, n);
    if (best != NULL) {
        snprintf(buf, size, "%s", best);
    }
    return best != NULL;
}

static void unknown_key(cascade_scenario *sc, const config_setting_t *s, const char *path)
{
    const char *near = nearest_key(path);
    char group[32];
    if (near == NULL && strchr(path, '.') == NULL && nearest_group(path, group, sizeof group)) {
        near = group;
    }
    if (near) {
        DIAG_AT(sc, s, path, "unknown key; did you mean %s?", near);
    } else {
        DIAG_AT(sc, s, path, "unknown key");
    }
}

/* ---- small helpers ---- */

static char *dup_str(cascade_scenario *sc, const char *s)
{
    char *d = strdup(s);
    if (d == NULL) {
        sc->oom = true;
    }
    return d;
}

static bool is_number(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

static bool is_integer(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64;
}

static double number_of(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
        return config_setting_get_int(s);
    case CONFIG_TYPE_INT64:
        return (double)config_setting_get_int64(s);
    default:
        return config_setting_get_float(s);
    }
}

static const char *type_word(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        return "an integer";
    case CONFIG_TYPE_FLOAT:
        return "a real number";
    case CONFIG_TYPE_STRING:
        return "a string";
    case CONFIG_TYPE_BOOL:
        return "a boolean";
    case CONFIG_TYPE_GROUP:
        return "a group";
    case CONFIG_TYPE_ARRAY:
        return "an array";
    case CONFIG_TYPE_LIST:
        return "a list";
    default:
        return "something else";
    }
}

static void fmt_num(char *buf, size_t len, double x)
{
    if (x >= 1e300) {
        snprintf(buf, len, "inf");
    } else if (x <= -1e300) {
        snprintf(buf, len, "-inf");
    } else {
        cascade_format_real(buf, len, x);
    }
}

static void bounds_text(const key *k, char *buf, size_t len)
{
    char lo[40], hi[40];
    fmt_num(lo, sizeof lo, k->min);
    fmt_num(hi, sizeof hi, k->max);
    if (k->max >= 1e300) {
        snprintf(buf, len, "must be %s %s", k->min_exclusive ? ">" : ">=", lo);
    } else {
        snprintf(buf, len, "must be in %s%s, %s]", k->min_exclusive ? "(" : "[", lo, hi);
    }
}

static bool in_bounds(const key *k, double v)
{
    if (!isfinite(v)) {
        return false;
    }
    if (k->min_exclusive ? !(v > k->min) : !(v >= k->min)) {
        return false;
    }
    return v <= k->max;
}

static const char *choices_text(const char *const *choices, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; choices[i]; i++) {
        used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
                                 i ? ", " : "", choices[i]);
    }
    return buf;
}

static int choice_index(const char *const *choices, const char *s)
{
    for (int i = 0; choices[i]; i++) {
        if (strcmp(choices[i], s) == 0) {
            return i;
        }
    }
    return -1;
}

static void unknown_choice(cascade_scenario *sc, const config_setting_t *s, const char *path,
                           const char *what, const char *value, const char *const *choices)
{
    char list[256];
    size_t n = 0;
    while (choices[n]) {
        n++;
    }
    const char *near = nearest(value, choices, n);
    if (near) {
        DIAG_AT(sc, s, path, "unknown %s \"%s\"; did you mean %s?", what, value, near);
    } else {
        DIAG_AT(sc, s, path, "unknown %s \"%s\" (one of %s)", what, value,
                choices_text(choices, list, sizeof list));
    }
}

/* ---- values ---- */

static void *field(cascade_scenario *sc, size_t offset)
{
    return (char *)&sc->params + offset;
}

static bool read_dist(cascade_scenario *sc, const key *k, const config_setting_t *s,
                      cascade_dist *out)
{
    if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
        DIAG_AT(sc, s, k->name, "must be a distribution group like { dist = \"beta\"; a = 2.0; "
                                "b = 3.0; } (got %s)", type_word(s));
        return false;
    }
    cascade_dist d = *(const cascade_dist *)field(sc, k->offset);
    if (k->optional && !*(const bool *)field(sc, k->has_offset)) {
        d = k->def_dist;
    }
    bool kind_given = false;
    const config_setting_t *ds = config_setting_get_member(s, "dist");
    if (ds) {
        if (config_setting_type(ds) != CONFIG_TYPE_STRING) {
            DIAG_AT(sc, ds, k->name, "dist must be a string (got %s)", type_word(ds));
            return false;
        }
        const char *kind = config_setting_get_string(ds);
        cascade_dist_kind kk = cascade_dist_kind_find(kind);
        if (kk == CASCADE_DIST_N_KINDS) {
            const char *names[CASCADE_DIST_N_KINDS];
            for (int i = 0; i < CASCADE_DIST_N_KINDS; i++) {
                names[i] = cascade_dist_kind_name((cascade_dist_kind)i);
            }
            const char *near = nearest(kind, names, CASCADE_DIST_N_KINDS);
            char path[160];
            snprintf(path, sizeof path, "%s.dist", k->name);
            if (near) {
                DIAG_AT(sc, ds, path, "unknown distribution \"%s\"; did you mean %s?", kind, near);
            } else {
                DIAG_AT(sc, ds, path,
                        "unknown distribution \"%s\" (one of const, uniform, normal, beta, "
                        "lognormal, list)", kind);
            }
            return false;
        }
        kind_given = kk != d.kind;
        d.kind = kk;
    }
    bool ok = true;
    bool given[2] = {false, false};
    for (int i = 0; i < config_setting_length(s); i++) {
        const config_setting_t *m = config_setting_get_elem(s, (unsigned)i);
        const char *mn = config_setting_name(m);
        char path[160];
        snprintf(path, sizeof path, "%s.%s", k->name, mn);
        if (strcmp(mn, "dist") == 0) {
            continue;
        }
        if (d.kind == CASCADE_DIST_LIST && strcmp(mn, "values") == 0) {
            int t = config_setting_type(m);
            if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
                DIAG_AT(sc, m, path, "must be an array of numbers like [0.1, 0.2] (got %s)",
                        type_word(m));
                ok = false;
                continue;
            }
            int n = config_setting_length(m);
            if (sc->n_lists == N_DIST_SLOTS) {
                ok = false;
                continue;
            }
            double *v = malloc((n > 0 ? (size_t)n : 1) * sizeof *v);
            if (v == NULL) {
                sc->oom = true;
                return false;
            }
            sc->lists[sc->n_lists++] = v;
            for (int j = 0; j < n; j++) {
                const config_setting_t *e = config_setting_get_elem(m, (unsigned)j);
                if (!is_number(e)) {
                    DIAG_AT(sc, e, path, "element %d must be a number (got %s)", j, type_word(e));
                    ok = false;
                    v[j] = NAN;
                } else {
                    v[j] = number_of(e);
                }
            }
            d.values = v;
            d.n_values = (size_t)n;
            given[0] = true;
            continue;
        }
        size_t slot = SIZE_MAX;
        for (size_t p = 0; p < cascade_dist_param_count(d.kind); p++) {
            if (strcmp(cascade_dist_param_name(d.kind, p), mn) == 0) {
                slot = p;
            }
        }
        if (slot == SIZE_MAX) {
            char takes[64] = "";
            size_t np = cascade_dist_param_count(d.kind);
            if (d.kind == CASCADE_DIST_LIST) {
                snprintf(takes, sizeof takes, "values");
            } else if (np == 1) {
                snprintf(takes, sizeof takes, "%s", cascade_dist_param_name(d.kind, 0));
            } else {
                snprintf(takes, sizeof takes, "%s, %s", cascade_dist_param_name(d.kind, 0),
                         cascade_dist_param_name(d.kind, 1));
            }
            DIAG_AT(sc, m, path, "unknown key; %s takes %s", cascade_dist_kind_name(d.kind), takes);
            ok = false;
            continue;
        }
        if (!is_number(m)) {
            DIAG_AT(sc, m, path, "must be a number (got %s)", type_word(m));
            ok = false;
            continue;
        }
        d.p[slot] = number_of(m);
        given[slot] = true;
    }
    if (!ok) {
        return false;
    }
    /* a kind other than the default's needs all of its parameters */
    size_t np = d.kind == CASCADE_DIST_LIST ? 1 : cascade_dist_param_count(d.kind);
    if (kind_given || (d.kind == CASCADE_DIST_LIST && d.values == NULL)) {
        for (size_t p = 0; p < np; p++) {
            if (!given[p]) {
                const char *pn = d.kind == CASCADE_DIST_LIST ? "values"
                                                             : cascade_dist_param_name(d.kind, p);
                DIAG_AT(sc, s, k->name, "%s needs %s", cascade_dist_kind_name(d.kind), pn);
                ok = false;
            }
        }
        if (!ok) {
            return false;
        }
    }
    const char *bad = NULL;
    char why[200];
    if (!cascade_dist_check(&d, &bad, why, sizeof why)) {
        char path[160];
        snprintf(path, sizeof path, "%s.%s", k->name, bad);
        const config_setting_t *at = config_setting_get_member(s, bad);
        DIAG_AT(sc, at ? at : s, path, "%s", why);
        return false;
    }
    *out = d;
    return true;
}

/* Reads one setting for key k into params; reports problems. */
static void read_value(cascade_scenario *sc, const key *k, const config_setting_t *s)
{
    char b[128];
    void *f = field(sc, k->offset);
    switch (k->type) {
    case KEY_REAL: {
        if (!is_number(s)) {
            DIAG_AT(sc, s, k->name, "must be a number (got %s)", type_word(s));
            return;
        }
        double v = number_of(s);
        if (!in_bounds(k, v)) {
            char got[40];
            cascade_format_real(got, sizeof got, v);
            bounds_text(k, b, sizeof b);
            DIAG_AT(sc, s, k->name, "%s (got %s)", b, got);
            return;
        }
        *(double *)f = v;
        break;
    }
    case KEY_UINT: {
        if (!is_integer(s)) {
            DIAG_AT(sc, s, k->name, "must be an integer (got %s)", type_word(s));
            return;
        }
        double v = number_of(s);
        if (!in_bounds(k, v)) {
            bounds_text(k, b, sizeof b);
            DIAG_AT(sc, s, k->name, "%s (got %.0f)", b, v);
            return;
        }
        *(uint32_t *)f = (uint32_t)v;
        break;
    }
    case KEY_SEED: {
        if (!is_integer(s)) {
            DIAG_AT(sc, s, k->name, "must be an integer (got %s)", type_word(s));
            return;
        }
        long long v = config_setting_get_int64(s);
        if (config_setting_type(s) == CONFIG_TYPE_INT) {
            v = config_setting_get_int(s);
        }
        if (v < 0) {
            DIAG_AT(sc, s, k->name, "must be >= 0 (got %lld)", v);
            return;
        }
        *(uint64_t *)f = (uint64_t)v;
        if (k->optional) {
            *(bool *)field(sc, k->has_offset) = true;
        }
        break;
    }
    case KEY_BOOL:
        if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
            DIAG_AT(sc, s, k->name, "must be true or false (got %s)", type_word(s));
            return;
        }
        *(bool *)f = config_setting_get_bool(s);
        break;
    case KEY_ENUM: {
        if (config_setting_type(s) != CONFIG_TYPE_STRING) {
            DIAG_AT(sc, s, k->name, "must be a string, one of %s (got %s)",
                    choices_text(k->choices, b, sizeof b), type_word(s));
            return;
        }
        const char *v = config_setting_get_string(s);
        int idx = choice_index(k->choices, v);
        if (idx < 0) {
            const char *last = strrchr(k->name, '.');
            unknown_choice(sc, s, k->name, last ? last + 1 : k->name, v, k->choices);
            return;
        }
        *(int *)f = idx;
        break;
    }
    case KEY_STRING: {
        if (config_setting_type(s) != CONFIG_TYPE_STRING) {
            DIAG_AT(sc, s, k->name, "must be a string (got %s)", type_word(s));
            return;
        }
        const char *v = config_setting_get_string(s);
        if (cascade_rng_type_find(v) == NULL) {
            const char *names[128];
            size_t n = 0;
            for (const gsl_rng_type **t = gsl_rng_types_setup(); *t && n < 128; t++) {
                names[n++] = (*t)->name;
            }
            const char *near = nearest(v, names, n);
            if (near) {
                DIAG_AT(sc, s, k->name, "unknown GSL generator \"%s\"; did you mean %s?", v, near);
            } else {
                DIAG_AT(sc, s, k->name, "unknown GSL generator \"%s\" (e.g. mt19937, ranlxd2, taus2)",
                        v);
            }
            return;
        }
        snprintf(sc->rng_name, sizeof sc->rng_name, "%s", v);
        break;
    }
    case KEY_PATH: {
        if (config_setting_type(s) != CONFIG_TYPE_STRING) {
            DIAG_AT(sc, s, k->name, "must be a string (got %s)", type_word(s));
            return;
        }
        const char *v = config_setting_get_string(s);
        char *dst = f;
        size_t cap = sizeof sc->params.network.path;
        int n;
        if (v[0] == '\0' || v[0] == '/') {
            n = snprintf(dst, cap, "%s", v);
        } else {
            /* relative to the file that set it; from --set, to the working folder */
            char *copy = sc->unit ? strdup(sc->unit) : NULL;
            const char *dir = copy ? dirname(copy) : ".";
            char joined[8192];
            snprintf(joined, sizeof joined, "%s/%s", dir, v);
            char real[PATH_MAX];
            n = snprintf(dst, cap, "%s", realpath(joined, real) ? real : joined);
            free(copy);
        }
        if (n < 0 || (size_t)n >= cap) {
            DIAG_AT(sc, s, k->name, "path too long");
        }
        break;
    }
    case KEY_DIST:
        if (read_dist(sc, k, s, f) && k->optional) {
            *(bool *)field(sc, k->has_offset) = true;
        }
        break;
    }
}

static void set_default(cascade_scenario *sc, const key *k)
{
    void *f = field(sc, k->offset);
    switch (k->type) {
    case KEY_REAL:
        *(double *)f = k->def;
        break;
    case KEY_UINT:
        *(uint32_t *)f = (uint32_t)k->def;
        break;
    case KEY_SEED:
        *(uint64_t *)f = (uint64_t)k->def;
        break;
    case KEY_BOOL:
        *(bool *)f = k->def != 0;
        break;
    case KEY_ENUM:
        *(int *)f = (int)k->def;
        break;
    case KEY_STRING:
        snprintf(sc->rng_name, sizeof sc->rng_name, "%s", k->def_str);
        break;
    case KEY_PATH:
        snprintf((char *)f, sizeof sc->params.network.path, "%s", k->def_str);
        break;
    case KEY_DIST:
        *(cascade_dist *)f = k->def_dist;
        break;
    }
    if (k->optional) {
        *(bool *)field(sc, k->has_offset) = false;
    }
}

/* ---- shocks ---- */

static bool shock_uint(cascade_scenario *sc, const config_setting_t *m, const char *path,
                       double lo, double hi, uint32_t *out)
{
    if (!is_integer(m)) {
        DIAG_AT(sc, m, path, "must be an integer (got %s)", type_word(m));
        return false;
    }
    double v = number_of(m);
    if (v < lo || v > hi) {
        DIAG_AT(sc, m, path, "must be in [%.0f, %.0f] (got %.0f)", lo, hi, v);
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

static bool shock_real(cascade_scenario *sc, const config_setting_t *m, const char *path,
                       double lo, double hi, double *out)
{
    if (!is_number(m)) {
        DIAG_AT(sc, m, path, "must be a number (got %s)", type_word(m));
        return false;
    }
    double v = number_of(m);
    if (!(v >= lo && v <= hi)) {
        char got[40];
        cascade_format_real(got, sizeof got, v);
        DIAG_AT(sc, m, path, "must be in [%g, %g] (got %s)", lo, hi, got);
        return false;
    }
    *out = v;
    return true;
}

static bool read_shock(cascade_scenario *sc, const config_setting_t *g, size_t idx,
                       cascade_shock *out)
{
    char base[64];
    snprintf(base, sizeof base, "shocks.%zu", idx);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
        DIAG_AT(sc, g, base, "must be a group like { tick = 10; kind = \"dissent\"; ... } (got %s)",
                type_word(g));
        return false;
    }
    memset(out, 0, sizeof *out);
    out->hold = CASCADE_HOLD_FOREVER;
    bool ok = true;
    bool has_tick = false, has_kind = false, has_fraction = false, has_count = false;
    bool has_delta = false, has_key = false, has_value = false;
    const config_setting_t *value_setting = NULL, *key_setting = NULL;
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *mn = config_setting_name(m);
        char path[96];
        snprintf(path, sizeof path, "%s.%s", base, mn);
        if (strcmp(mn, "tick") == 0) {
            ok &= has_tick = shock_uint(sc, m, path, 0, MAX_SHOCK_TICK, &out->tick);
        } else if (strcmp(mn, "kind") == 0 || strcmp(mn, "where") == 0) {
            bool is_kind = mn[0] == 'k';
            const char *const *choices =
                is_kind ? cascade_shock_kind_names : cascade_shock_where_names;
            if (config_setting_type(m) != CONFIG_TYPE_STRING) {
                char b[128];
                DIAG_AT(sc, m, path, "must be a string, one of %s (got %s)",
                        choices_text(choices, b, sizeof b), type_word(m));
                ok = false;
                continue;
            }
            int c = choice_index(choices, config_setting_get_string(m));
            if (c < 0) {
                unknown_choice(sc, m, path, is_kind ? "shock kind" : "where",
                               config_setting_get_string(m), choices);
                ok = false;
            } else if (is_kind) {
                out->kind = (cascade_shock_kind)c;
                has_kind = true;
            } else {
                out->where = (cascade_shock_where)c;
            }
        } else if (strcmp(mn, "fraction") == 0) {
            ok &= has_fraction = shock_real(sc, m, path, 0, 1, &out->fraction);
        } else if (strcmp(mn, "count") == 0) {
            ok &= has_count = shock_uint(sc, m, path, 0, 2147483647.0, &out->count);
        } else if (strcmp(mn, "hold") == 0) {
            ok &= shock_uint(sc, m, path, 0, MAX_SHOCK_TICK, &out->hold);
        } else if (strcmp(mn, "delta") == 0) {
            ok &= has_delta = shock_real(sc, m, path, -1, 1, &out->delta);
        } else if (strcmp(mn, "key") == 0) {
            key_setting = m;
            has_key = true;
        } else if (strcmp(mn, "value") == 0) {
            value_setting = m;
            has_value = true;
        } else {
            size_t n = 0;
            while (cascade_shock_keys[n]) {
                n++;
            }
            const char *near = nearest(mn, cascade_shock_keys, n);
            if (near) {
                DIAG_AT(sc, m, path, "unknown key; did you mean %s.%s?", base, near);
            } else {
                DIAG_AT(sc, m, path, "unknown key (a shock takes tick, kind, fraction, count, "
                                     "where, hold, delta, key, value)");
            }
            ok = false;
        }
    }
    if (!ok) {
        return false;
    }
    if (!has_tick) {
        DIAG_AT(sc, g, base, "needs a tick");
        ok = false;
    }
    if (!has_kind) {
        DIAG_AT(sc, g, base, "needs a kind (dissent, grievance, purge or set)");
        return false;
    }
    switch (out->kind) {
    case CASCADE_SHOCK_DISSENT:
        if (has_fraction == has_count) {
            DIAG_AT(sc, g, base, "a dissent shock needs exactly one of fraction and count");
            ok = false;
        }
        out->by_count = has_count;
        break;
    case CASCADE_SHOCK_GRIEVANCE:
        if (!has_delta) {
            DIAG_AT(sc, g, base, "a grievance shock needs delta");
            ok = false;
        }
        break;
    case CASCADE_SHOCK_PURGE:
        if (!has_count) {
            DIAG_AT(sc, g, base, "a purge shock needs count");
            ok = false;
        }
        break;
    case CASCADE_SHOCK_SET: {
        if (!has_key || !has_value) {
            DIAG_AT(sc, g, base, "a set shock needs key and value");
            return false;
        }
        char path[96];
        snprintf(path, sizeof path, "%s.key", base);
        if (config_setting_type(key_setting) != CONFIG_TYPE_STRING) {
            DIAG_AT(sc, key_setting, path, "must be a string naming a key (got %s)",
                    type_word(key_setting));
            return false;
        }
        const char *kn = config_setting_get_string(key_setting);
        const key *k = cascade_key_find(kn);
        if (k == NULL) {
            const char *near = nearest_key(kn);
            if (near) {
                DIAG_AT(sc, key_setting, path, "unknown key \"%s\"; did you mean %s?", kn, near);
            } else {
                DIAG_AT(sc, key_setting, path, "unknown key \"%s\"", kn);
            }
            return false;
        }
        if (!k->dynamic) {
            DIAG_AT(sc, key_setting, path, "%s cannot change during a run", kn);
            return false;
        }
        snprintf(path, sizeof path, "%s.value", base);
        out->key = k->name;
        out->offset = k->offset;
        if (k->type == KEY_BOOL) {
            if (config_setting_type(value_setting) != CONFIG_TYPE_BOOL) {
                DIAG_AT(sc, value_setting, path, "%s must be true or false (got %s)", kn,
                        type_word(value_setting));
                return false;
            }
            out->type = CASCADE_TYPE_BOOL;
            out->value = config_setting_get_bool(value_setting);
        } else {
            if (!is_number(value_setting)) {
                DIAG_AT(sc, value_setting, path, "%s must be a number (got %s)", kn,
                        type_word(value_setting));
                return false;
            }
            double v = number_of(value_setting);
            if (!in_bounds(k, v)) {
                char b[128], got[40];
                bounds_text(k, b, sizeof b);
                cascade_format_real(got, sizeof got, v);
                DIAG_AT(sc, value_setting, path, "%s %s (got %s)", kn, b, got);
                return false;
            }
            out->type = CASCADE_TYPE_REAL;
            out->value = v;
        }
        break;
    }
    }
    return ok;
}

/* Insertion sort by tick: stable, so shocks of one tick keep the file's order; the
 * locations move with their shocks. */
static void sort_shocks(cascade_shock *s, char **where, size_t *index, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        cascade_shock x = s[i];
        char *w = where[i];
        size_t k = index[i];
        size_t j = i;
        for (; j > 0 && s[j - 1].tick > x.tick; j--) {
            s[j] = s[j - 1];
            where[j] = where[j - 1];
            index[j] = index[j - 1];
        }
        s[j] = x;
        where[j] = w;
        index[j] = k;
    }
}

static void free_shock_where(cascade_scenario *sc)
{
    for (size_t i = 0; i < sc->n_shock_where; i++) {
        free(sc->shock_where[i]);
    }
    free(sc->shock_where);
    free(sc->shock_index);
    sc->shock_where = NULL;
    sc->shock_index = NULL;
    sc->n_shock_where = 0;
}

static void read_shocks(cascade_scenario *sc, const config_setting_t *s)
{
    int t = config_setting_type(s);
    if (t != CONFIG_TYPE_LIST && !(t == CONFIG_TYPE_ARRAY && config_setting_length(s) == 0)) {
        DIAG_AT(sc, s, "shocks", "must be a list like ( { tick = 10; kind = \"dissent\"; "
                                 "fraction = 0.01; } ) (got %s)", type_word(s));
        return;
    }
    size_t n = (size_t)config_setting_length(s);
    free(sc->shocks); /* a later unit's list replaces an earlier one */
    free_shock_where(sc);
    sc->params.shocks = NULL;
    sc->params.n_shocks = 0;
    sc->shocks = calloc(n ? n : 1, sizeof *sc->shocks);
    sc->shock_where = calloc(n ? n : 1, sizeof *sc->shock_where);
    sc->shock_index = calloc(n ? n : 1, sizeof *sc->shock_index);
    if (sc->shocks == NULL || sc->shock_where == NULL || sc->shock_index == NULL) {
        sc->oom = true;
        return;
    }
    sc->n_shock_where = n;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(s, (unsigned)i);
        const config_setting_t *count = config_setting_get_member(g, "count");
        char where[4200];
        locate(sc, count ? count : g, where, sizeof where);
        sc->shock_where[i] = dup_str(sc, where);
        sc->shock_index[i] = i;
        ok &= read_shock(sc, g, i, &sc->shocks[i]);
    }
    if (!ok) {
        return;
    }
    sort_shocks(sc->shocks, sc->shock_where, sc->shock_index, n);
    sc->params.shocks = sc->shocks;
    sc->params.n_shocks = n;
}

/* ---- the tree walk ---- */

static bool is_group_prefix(const char *path)
{
    size_t len = strlen(path);
    for (size_t i = 0; i < cascade_n_keys; i++) {
        if (strncmp(cascade_keys[i].name, path, len) == 0 && cascade_keys[i].name[len] == '.') {
            return true;
        }
    }
    return false;
}

/* Whether name, which names the default output folder out/NAME, names one inside out/:
 * not absolute, no ".." part, and some part other than "." ("studies/baseline" is fine). */
static bool folder_under_out(const char *name)
{
    bool some = false;
    if (name[0] == '/') {
        return false;
    }
    for (const char *part = name; *part != '\0';) {
        size_t len = strcspn(part, "/");
        if (len == 2 && strncmp(part, "..", 2) == 0) {
            return false;
        }
        some = some || (len > 0 && !(len == 1 && part[0] == '.'));
        part += len + (part[len] == '/');
    }
    return some;
}

static void walk(cascade_scenario *sc, const config_setting_t *g, const char *prefix,
                 bool *seen)
{
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
        char path[256];
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", config_setting_name(s));
        const key *k = cascade_key_find(path);
        if (k) {
            seen[k - cascade_keys] = true;
            char where[4200];
            locate(sc, s, where, sizeof where);
            free(sc->where[k - cascade_keys]);
            sc->where[k - cascade_keys] = dup_str(sc, where);
            read_value(sc, k, s);
        } else if (*prefix == '\0' && (strcmp(path, "name") == 0 ||
                                       strcmp(path, "description") == 0)) {
            if (config_setting_type(s) != CONFIG_TYPE_STRING) {
                DIAG_AT(sc, s, path, "must be a string (got %s)", type_word(s));
                continue;
            }
            const char *text = config_setting_get_string(s);
            if (path[0] == 'n' && !folder_under_out(text)) {
                DIAG_AT(sc, s, path, "must name a folder under out/: not empty, not absolute, "
                        "and without \"..\" (got \"%s\")", text);
                continue;
            }
            char **dst = path[0] == 'n' ? &sc->name : &sc->description;
            free(*dst);
            *dst = dup_str(sc, text);
        } else if (*prefix == '\0' && strcmp(path, "shocks") == 0) {
            read_shocks(sc, s);
        } else if (config_setting_type(s) == CONFIG_TYPE_GROUP && is_group_prefix(path)) {
            walk(sc, s, path, seen);
        } else {
            unknown_key(sc, s, path);
        }
    }
}

/* ---- integers beyond 32 bits ---- */

/* libconfig 1.5 reads an integer literal with atoi, so one beyond 32 bits wraps without
 * a word: `size = 3000000000` reads as -1294967296 and `seed = 99999999999` as
 * 1215752191. Only a literal with an L suffix is read as 64 bits. widen_integers copies
 * text with an L after every integer literal outside the 32-bit range that lacks one,
 * outside strings, comments and names, so such values mean what they say. A literal
 * beyond 64 bits is marked too, and the first one's line goes to *bad_line (0 when
 * none), for the caller to refuse. Returns NULL when out of memory. */

static bool name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '*' || c == '-';
}

#define INT64_MAX_TEXT "9223372036854775807"

/* Whether the literal text[start, end) (digits, or 0x and hex digits), negative when a
 * '-' precedes it, fits in `bits` (32 or 64) bits as a signed integer. */
static bool literal_fits(const char *text, size_t start, size_t end, bool hex, int bits)
{
    bool negative = start > 0 && text[start - 1] == '-';
    uint64_t most = bits == 32 ? (uint64_t)INT32_MAX : (uint64_t)INT64_MAX;
    if (hex) { /* libconfig reads hex as unsigned: 0xFFFFFFFF is -1 in 32 bits */
        most = bits == 32 ? (uint64_t)INT32_MAX : UINT64_MAX;
        negative = false;
    }
    most += negative;
    uint64_t value = 0;
    for (size_t i = start + (hex ? 2 : 0); i < end; i++) {
        unsigned digit = isdigit((unsigned char)text[i])
                             ? (unsigned)(text[i] - '0')
                             : (unsigned)(tolower((unsigned char)text[i]) - 'a' + 10);
        unsigned base = hex ? 16 : 10;
        if (value > (most - digit) / base) {
            return false;
        }
        value = value * base + digit;
    }
    return true;
}

static char *widen_integers(const char *text, unsigned *bad_line)
{
    size_t len = strlen(text);
    char *out = malloc(2 * len + 1); /* a literal that needs an L has 10 digits or more */
    if (out == NULL) {
        return NULL;
    }
    size_t o = 0, i = 0;
    unsigned line = 1;
    *bad_line = 0;
    while (i < len) {
        char c = text[i];
        size_t start = i;
        bool widen = false;
        if (c == '"') { /* a string, with backslash escapes */
            for (i++; i < len && text[i] != '"'; i++) {
                i += text[i] == '\\' && i + 1 < len;
            }
            i += i < len;
        } else if (c == '#' || (c == '/' && text[i + 1] == '/')) {
            while (i < len && text[i] != '\n') {
                i++;
            }
        } else if (c == '/' && text[i + 1] == '*') {
            const char *close = strstr(text + i + 2, "*/");
            i = close ? (size_t)(close - text) + 2 : len;
        } else if (isalpha((unsigned char)c) || c == '_' || c == '*') {
            while (i < len && name_char(text[i])) {
                i++;
            }
        } else if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)text[i + 1]))) {
            bool hex = c == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X');
            i += hex ? 2 : 0;
            while (i < len && (hex ? isxdigit((unsigned char)text[i])
                                   : isdigit((unsigned char)text[i]))) {
                i++;
            }
            bool real = !hex && (c == '.' || text[i] == '.' || text[i] == 'e' || text[i] == 'E');
            if (real) { /* the rest of a real: fraction and exponent */
                while (i < len && (isdigit((unsigned char)text[i]) || text[i] == '.' ||
                                   text[i] == 'e' || text[i] == 'E' ||
                                   ((text[i] == '-' || text[i] == '+') &&
                                    (text[i - 1] == 'e' || text[i - 1] == 'E')))) {
                    i++;
                }
            } else if (text[i] != 'L' && !literal_fits(text, start, i, hex, 32)) {
                widen = true;
                if (!literal_fits(text, start, i, hex, 64) && *bad_line == 0) {
                    *bad_line = line;
                }
            }
        } else {
            i++;
        }
        for (size_t k = start; k < i; k++) {
            line += text[k] == '\n';
        }
        memcpy(out + o, text + start, i - start);
        o += i - start;
        if (widen) {
            out[o++] = 'L';
        }
    }
    out[o] = '\0';
    return out;
}

/* ---- --set ---- */

static bool copy_setting(config_setting_t *dst, const config_setting_t *src)
{
    switch (config_setting_type(src)) {
    case CONFIG_TYPE_INT:
        return config_setting_set_int(dst, config_setting_get_int(src));
    case CONFIG_TYPE_INT64:
        return config_setting_set_int64(dst, config_setting_get_int64(src));
    case CONFIG_TYPE_FLOAT:
        return config_setting_set_float(dst, config_setting_get_float(src));
    case CONFIG_TYPE_BOOL:
        return config_setting_set_bool(dst, config_setting_get_bool(src));
    case CONFIG_TYPE_STRING:
        return config_setting_set_string(dst, config_setting_get_string(src));
    default:
        for (int i = 0; i < config_setting_length(src); i++) {
            const config_setting_t *e = config_setting_get_elem(src, (unsigned)i);
            config_setting_t *c = config_setting_add(dst, config_setting_name(e),
                                                     config_setting_type(e));
            if (c == NULL || !copy_setting(c, e)) {
                return false;
            }
        }
        return true;
    }
}

static bool valid_name(const char *s, size_t len)
{
    if (len == 0 || !isalpha((unsigned char)s[0])) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-' && s[i] != '*') {
            return false;
        }
    }
    return true;
}

/* Adds one KEY=VALUE override to the --set unit cfg. */
static void apply_set(cascade_scenario *sc, config_t *cfg, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg) {
        diag(sc, "--set", arg, "expected KEY=VALUE");
        return;
    }
    char keyname[256];
    snprintf(keyname, sizeof keyname, "%.*s", (int)(eq - arg), arg);
    const char *raw = eq + 1;
    unsigned bad_line;
    char *value = widen_integers(raw, &bad_line); /* numbers beyond 32 bits read as 64 */
    if (value == NULL) {
        sc->oom = true;
        return;
    }
    size_t digits = strspn(raw + (*raw == '-' || *raw == '+'), "0123456789");
    if (bad_line != 0 && digits > 0 && raw[digits + (*raw == '-' || *raw == '+')] == '\0') {
        diag(sc, "--set", keyname, "integer out of range: more than 64 bits (at most %s)",
             INT64_MAX_TEXT);
        free(value);
        return;
    }
    /* parse the value with libconfig; a bare word (a path, a name) is a string */
    config_t tmp;
    config_init(&tmp);
    size_t len = strlen(value) + strlen(raw) + 16;
    char *text = malloc(len);
    if (text == NULL) {
        sc->oom = true;
        free(value);
        config_destroy(&tmp);
        return;
    }
    snprintf(text, len, "v = %s;", value);
    free(value);
    if (!config_read_string(&tmp, text)) {
        bool bare = *raw != '\0' && strpbrk(raw, "\"\\;={}()[],") == NULL;
        snprintf(text, len, "v = \"%s\";", raw);
        config_destroy(&tmp);
        config_init(&tmp);
        if (!bare || !config_read_string(&tmp, text)) {
            diag(sc, "--set", keyname, "cannot read value \"%s\" (numbers like 0.3, strings, "
                 "true/false, a group, or a list of numbers all integers or all reals)", raw);
            free(text);
            config_destroy(&tmp);
            return;
        }
    }
    free(text);
    const config_setting_t *src = config_lookup(&tmp, "v");
    /* walk or create the groups of the key's path */
    config_setting_t *g = config_root_setting(cfg);
    const char *part = keyname;
    bool ok = true;
    for (;;) {
        const char *dot = strchr(part, '.');
        size_t plen = dot ? (size_t)(dot - part) : strlen(part);
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)plen, part);
        if (!valid_name(part, plen)) {
            diag(sc, "--set", keyname, "not a valid key name");
            ok = false;
            break;
        }
        if (dot == NULL) {
            if (config_setting_get_member(g, name)) {
                config_setting_remove(g, name);
            }
            config_setting_t *leaf = config_setting_add(g, name, config_setting_type(src));
            if (leaf == NULL || !copy_setting(leaf, src)) {
                diag(sc, "--set", keyname, "cannot set this value here");
                ok = false;
            }
            break;
        }
        config_setting_t *next = config_setting_get_member(g, name);
        if (next == NULL) {
            next = config_setting_add(g, name, CONFIG_TYPE_GROUP);
        } else if (config_setting_type(next) != CONFIG_TYPE_GROUP) {
            diag(sc, "--set", keyname, "%.*s is not a group", (int)(dot - keyname), keyname);
            ok = false;
            break;
        }
        if (next == NULL) {
            sc->oom = true;
            ok = false;
            break;
        }
        g = next;
        part = dot + 1;
    }
    (void)ok;
    config_destroy(&tmp);
}

/* ---- cross-field checks ---- */

static const char *where_of(const cascade_scenario *sc, const char *keyname)
{
    const key *k = cascade_key_find(keyname);
    const char *w = k ? sc->where[k - cascade_keys] : NULL;
    return w ? w : sc->path;
}

static void check_combinations(cascade_scenario *sc)
{
    cascade_params *p = &sc->params;
    const cascade_network_spec *net = &p->network;
    size_t before = sc->n_diag;
    if (net->type == CASCADE_NET_FILE && net->path[0] != '\0') {
        FILE *f = fopen(net->path, "r");
        if (f == NULL) {
            diag(sc, where_of(sc, "network.path"), "network.path", "cannot open %s: %s",
                 net->path, strerror(errno));
        } else {
            fclose(f);
        }
    }
    if ((net->type == CASCADE_NET_WATTS_STROGATZ || net->type == CASCADE_NET_RING) &&
        p->size >= 3 && net->mean_degree < 2) {
        diag(sc, where_of(sc, "network.mean_degree"), "network.mean_degree",
             "a %s lattice needs mean_degree >= 2 (got %g)",
             cascade_key_find("network.type")->choices[net->type], net->mean_degree);
    }
    /* what a build would refuse before drawing anything: a mean degree or attach beyond
     * the population, more factions than elites, a homophily their sizes rule out, ... */
    cascade_error err = {0};
    if (sc->n_diag == before && cascade_network_check(net, p->size, &err) != CASCADE_OK) {
        diag(sc, where_of(sc, err.key), err.key, "%s", err.msg);
    }
    for (size_t i = 0; i < p->n_shocks; i++) {
        const cascade_shock *s = &p->shocks[i];
        if ((s->kind == CASCADE_SHOCK_DISSENT && s->by_count) || s->kind == CASCADE_SHOCK_PURGE) {
            if (s->count > p->size) {
                char keyname[64];
                snprintf(keyname, sizeof keyname, "shocks.%zu.count", sc->shock_index[i]);
                diag(sc, sc->shock_where[i] ? sc->shock_where[i] : sc->path, keyname,
                     "must be at most population.size = %u (got %u)", p->size, s->count);
            }
        }
    }
}

/* ---- public ---- */

/* Reads a whole file into a malloc'ed string; NULL with errno set on failure. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    while (text != NULL) {
        len += fread(text + len, 1, cap - len - 1, f);
        if (len < cap - 1) {
            break;
        }
        char *grown = realloc(text, 2 * cap);
        if (grown == NULL) {
            free(text);
            text = NULL;
            errno = ENOMEM;
            break;
        }
        text = grown;
        cap *= 2;
    }
    bool bad = text != NULL && ferror(f);
    int saved = errno;
    fclose(f);
    if (bad) {
        free(text);
        errno = saved ? saved : EIO;
        return NULL;
    }
    if (text != NULL) {
        text[len] = '\0';
    }
    return text;
}

/* The quoted file name of an `@include "FILE"` line, or NULL. */
static bool include_line(char *line, char **name, size_t *name_len)
{
    while (*line == ' ' || *line == '\t') {
        line++;
    }
    if (strncmp(line, "@include", 8) != 0) {
        return false;
    }
    char *q = strchr(line + 8, '"');
    char *end = q ? strchr(q + 1, '"') : NULL;
    if (end == NULL) {
        return false;
    }
    *name = q + 1;
    *name_len = (size_t)(end - q - 1);
    return true;
}

static void walk_config(cascade_scenario *sc, config_t *cfg, bool *seen)
{
    walk(sc, config_root_setting(cfg), "", seen);
}

/* Walks the unit of file `path` (text given, or read from path), after its includes. */
static void load_unit(cascade_scenario *sc, const char *path, char *text, int depth,
                      bool *seen)
{
    char *own = NULL;
    if (text == NULL) {
        text = own = slurp(path);
        if (text == NULL) {
            diag(sc, path, "", "cannot open scenario: %s", strerror(errno));
            return;
        }
    }
    /* includes first, each line blanked so line numbers stay right */
    unsigned line_no = 1;
    for (char *line = text; *line; line_no++) {
        char *eol = strchr(line, '\n');
        char *name;
        size_t name_len;
        if (include_line(line, &name, &name_len)) {
            char where[4200];
            snprintf(where, sizeof where, "%s:%u", path, line_no);
            char file[4096];
            if (name[0] == '/' || own == NULL) {
                snprintf(file, sizeof file, "%.*s", (int)name_len, name);
            } else {
                char *copy = strdup(path);
                snprintf(file, sizeof file, "%s/%.*s", copy ? dirname(copy) : ".", (int)name_len,
                         name);
                free(copy);
            }
            if (depth >= MAX_INCLUDE_DEPTH) {
                diag(sc, where, "@include", "includes nested deeper than %d (a cycle?)",
                     MAX_INCLUDE_DEPTH);
            } else {
                FILE *probe = fopen(file, "r");
                if (probe == NULL) {
                    diag(sc, where, "@include", "cannot open %s: %s", file, strerror(errno));
                } else {
                    fclose(probe);
                    load_unit(sc, file, NULL, depth + 1, seen);
                }
            }
            for (char *c = line; c < (eol ? eol : line + strlen(line)); c++) {
                *c = ' ';
            }
        }
        if (eol == NULL) {
            break;
        }
        line = eol + 1;
    }
    unsigned bad_line;
    char *wide = widen_integers(text, &bad_line);
    if (wide == NULL) {
        sc->oom = true;
        free(own);
        return;
    }
    if (bad_line != 0) {
        char where[4200];
        snprintf(where, sizeof where, "%s:%u", path, bad_line);
        diag(sc, where, "", "integer out of range: more than 64 bits (at most %s)",
             INT64_MAX_TEXT);
        free(wide);
        free(own);
        return;
    }
    config_t cfg;
    config_init(&cfg);
    if (!config_read_string(&cfg, wide)) {
        char where[4200];
        snprintf(where, sizeof where, "%s:%d", path, config_error_line(&cfg));
        const char *text_ = config_error_text(&cfg);
        if (strcmp(text_, "syntax error") == 0) {
            diag(sc, where, "", "syntax error");
        } else if (strstr(text_, "mismatched element type") != NULL) {
            diag(sc, where, "", "syntax error: %s (the numbers of a list are all integers or "
                 "all reals: write [0.0, 1.5], not [0, 1.5])", text_);
        } else {
            diag(sc, where, "", "syntax error: %s", text_);
        }
    } else {
        sc->unit = path;
        walk_config(sc, &cfg, seen);
        sc->unit = NULL;
    }
    config_destroy(&cfg);
    free(wide);
    free(own);
}

cascade_scenario *cascade_scenario_load(const char *path, const char *const *sets, size_t n_sets)
{
    cascade_scenario *sc = calloc(1, sizeof *sc);
    if (sc == NULL) {
        return NULL;
    }
    sc->where = calloc(cascade_n_keys, sizeof *sc->where);
    sc->path = strdup(path ? path : "(built-in default)");
    bool *seen = calloc(cascade_n_keys, sizeof *seen);
    char *builtin = path ? NULL : strdup(cascade_default_scenario);
    if (sc->where == NULL || sc->path == NULL || seen == NULL || (!path && !builtin)) {
        free(seen);
        free(builtin);
        cascade_scenario_free(sc);
        return NULL;
    }
    for (size_t i = 0; i < cascade_n_keys; i++) {
        set_default(sc, &cascade_keys[i]);
    }
    load_unit(sc, sc->path, builtin, 0, seen);
    free(builtin);
    if (n_sets > 0) { /* reported with the file's problems, all at once */
        size_t file_diags = sc->n_diag;
        config_t cfg;
        config_init(&cfg);
        for (size_t i = 0; i < n_sets; i++) {
            apply_set(sc, &cfg, sets[i]);
        }
        if (sc->n_diag == file_diags) {
            walk_config(sc, &cfg, seen);
        }
        config_destroy(&cfg);
    }
    free(seen);
    if (sc->name == NULL) {
        /* the file name without folder and extension */
        const char *base = strrchr(sc->path, '/');
        base = base ? base + 1 : sc->path;
        sc->name = dup_str(sc, path ? base : "default");
        char *dot = sc->name ? strrchr(sc->name, '.') : NULL;
        if (dot && dot != sc->name) {
            *dot = '\0';
        }
        if (sc->name != NULL && !folder_under_out(sc->name)) { /* a file called ..cfg */
            free(sc->name);
            sc->name = dup_str(sc, "default");
        }
    }
    if (sc->description == NULL) {
        sc->description = dup_str(sc, "");
    }
    sc->params.rng = sc->rng_name;
    if (sc->n_diag == 0) {
        check_combinations(sc);
    }
    if (sc->oom) {
        cascade_scenario_free(sc);
        return NULL;
    }
    return sc;
}

void cascade_scenario_free(cascade_scenario *sc)
{
    if (sc == NULL) {
        return;
    }
    free(sc->path);
    free(sc->name);
    free(sc->description);
    for (size_t i = 0; i < sc->n_lists; i++) {
        free(sc->lists[i]);
    }
    free(sc->shocks);
    free_shock_where(sc);
    if (sc->where) {
        for (size_t i = 0; i < cascade_n_keys; i++) {
            free(sc->where[i]);
        }
    }
    free(sc->where);
    for (size_t i = 0; i < sc->n_diag; i++) {
        free(sc->diag[i]);
    }
    free(sc->diag);
    free(sc);
}

bool cascade_scenario_ok(const cascade_scenario *sc)
{
    return sc->n_diag == 0;
}

size_t cascade_scenario_n_diagnostics(const cascade_scenario *sc)
{
    return sc->n_diag;
}

const char *cascade_scenario_diagnostic(const cascade_scenario *sc, size_t i)
{
    return i < sc->n_diag ? sc->diag[i] : NULL;
}

const cascade_params *cascade_scenario_params(const cascade_scenario *sc)
{
    return &sc->params;
}

const char *cascade_scenario_name(const cascade_scenario *sc)
{
    return sc->name;
}

const char *cascade_scenario_description(const cascade_scenario *sc)
{
    return sc->description;
}

const char *cascade_scenario_path(const cascade_scenario *sc)
{
    return sc->path;
}

void cascade_scenario_where(const cascade_scenario *sc, const char *keyname, char *buf, size_t len)
{
    snprintf(buf, len, "%s", where_of(sc, keyname));
}

cascade_key_kind cascade_scenario_key_kind(const char *keyname, const char **suggestion)
{
    if (suggestion) {
        *suggestion = NULL;
    }
    const key *k = cascade_key_find(keyname);
    if (k != NULL) {
        switch (k->type) {
        case KEY_REAL:
            return CASCADE_KEY_REAL;
        case KEY_UINT:
        case KEY_SEED:
            return CASCADE_KEY_INTEGER;
        default:
            return CASCADE_KEY_OTHER;
        }
    }
    const char *dot = strrchr(keyname, '.');
    if (dot != NULL) {
        char parent[128];
        snprintf(parent, sizeof parent, "%.*s", (int)(dot - keyname), keyname);
        const key *d = cascade_key_find(parent);
        if (d != NULL && d->type == KEY_DIST) {
            for (int kind = 0; kind < CASCADE_DIST_N_KINDS; kind++) {
                for (size_t i = 0; i < cascade_dist_param_count((cascade_dist_kind)kind); i++) {
                    if (strcmp(cascade_dist_param_name((cascade_dist_kind)kind, i), dot + 1) ==
                        0) {
                        return CASCADE_KEY_REAL;
                    }
                }
            }
            return strcmp(dot + 1, "dist") == 0 || strcmp(dot + 1, "values") == 0
                       ? CASCADE_KEY_OTHER
                       : CASCADE_KEY_UNKNOWN;
        }
    }
    if (suggestion) {
        *suggestion = nearest_key(keyname);
    }
    return CASCADE_KEY_UNKNOWN;
}

char *cascade_scenario_peek_description(const char *path)
{
    cascade_scenario *sc = cascade_scenario_load(path, NULL, 0);
    char *out = sc && sc->description && *sc->description ? strdup(sc->description) : NULL;
    cascade_scenario_free(sc);
    return out;
}

/* ---- the resolved scenario as text ---- */

typedef struct strbuf {
    char *s;
    size_t len, cap;
    bool oom;
} strbuf;

static void sb_printf(strbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void sb_printf(strbuf *b, const char *fmt, ...)
{
    if (b->oom) {
        return;
    }
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = true;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = 2 * b->cap + (size_t)n + 256;
        char *s = realloc(b->s, cap);
        if (s == NULL) {
            b->oom = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

/* A real number as libconfig reads it back as a float: always with '.' or exponent. */
static void real_text(char *buf, size_t len, double x)
{
    cascade_format_real(buf, len, x);
    if (strpbrk(buf, ".eEn") == NULL) {
        strncat(buf, ".0", len - strlen(buf) - 1);
    }
}

static void quoted(strbuf *b, const char *s)
{
    sb_printf(b, "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') {
            sb_printf(b, "\\%c", *s);
        } else {
            sb_printf(b, "%c", *s);
        }
    }
    sb_printf(b, "\"");
}

static void dist_text(strbuf *b, const cascade_dist *d)
{
    char x[40];
    sb_printf(b, "{ dist = \"%s\";", cascade_dist_kind_name(d->kind));
    if (d->kind == CASCADE_DIST_LIST) {
        sb_printf(b, " values = [");
        for (size_t i = 0; i < d->n_values; i++) {
            real_text(x, sizeof x, d->values[i]);
            sb_printf(b, "%s%s", i ? ", " : "", x);
        }
        sb_printf(b, "];");
    }
    for (size_t i = 0; i < cascade_dist_param_count(d->kind); i++) {
        real_text(x, sizeof x, d->p[i]);
        sb_printf(b, " %s = %s;", cascade_dist_param_name(d->kind, i), x);
    }
    sb_printf(b, " }");
}

static void value_text(strbuf *b, const cascade_params *p, const key *k)
{
    const void *f = (const char *)p + k->offset;
    char x[40];
    switch (k->type) {
    case KEY_REAL:
        real_text(x, sizeof x, *(const double *)f);
        sb_printf(b, "%s", x);
        break;
    case KEY_UINT:
        sb_printf(b, "%u", *(const uint32_t *)f);
        break;
    case KEY_SEED: {
        uint64_t v = *(const uint64_t *)f;
        sb_printf(b, v > INT32_MAX ? "%lluL" : "%llu", (unsigned long long)v);
        break;
    }
    case KEY_BOOL:
        sb_printf(b, "%s", *(const bool *)f ? "true" : "false");
        break;
    case KEY_ENUM:
        sb_printf(b, "\"%s\"", k->choices[*(const int *)f]);
        break;
    case KEY_STRING:
        quoted(b, *(const char *const *)f);
        break;
    case KEY_PATH:
        quoted(b, (const char *)f);
        break;
    case KEY_DIST:
        dist_text(b, (const cascade_dist *)f);
        break;
    }
}

static bool key_present(const cascade_params *p, const key *k)
{
    return !k->optional || *(const bool *)((const char *)p + k->has_offset);
}

static void shock_text(strbuf *b, const cascade_shock *s)
{
    char x[40];
    sb_printf(b, "  { tick = %u; kind = \"%s\";", s->tick, cascade_shock_kind_names[s->kind]);
    switch (s->kind) {
    case CASCADE_SHOCK_DISSENT:
        if (s->by_count) {
            sb_printf(b, " count = %u;", s->count);
        } else {
            real_text(x, sizeof x, s->fraction);
            sb_printf(b, " fraction = %s;", x);
        }
        sb_printf(b, " where = \"%s\";", cascade_shock_where_names[s->where]);
        if (s->hold != CASCADE_HOLD_FOREVER) {
            sb_printf(b, " hold = %u;", s->hold);
        }
        break;
    case CASCADE_SHOCK_GRIEVANCE:
        real_text(x, sizeof x, s->delta);
        sb_printf(b, " delta = %s;", x);
        break;
    case CASCADE_SHOCK_PURGE:
        sb_printf(b, " count = %u;", s->count);
        break;
    case CASCADE_SHOCK_SET:
        if (s->type == CASCADE_TYPE_BOOL) {
            sb_printf(b, " key = \"%s\"; value = %s;", s->key, s->value != 0 ? "true" : "false");
        } else {
            real_text(x, sizeof x, s->value);
            sb_printf(b, " key = \"%s\"; value = %s;", s->key, x);
        }
        break;
    }
    sb_printf(b, " }");
}

char *cascade_scenario_format(const cascade_scenario *sc)
{
    strbuf b = {0};
    const cascade_params *p = &sc->params;
    sb_printf(&b, "# Resolved by cascade %s: every key with its value; run it to rerun exactly.\n",
              CASCADE_VERSION);
    sb_printf(&b, "name = ");
    quoted(&b, sc->name);
    sb_printf(&b, ";\ndescription = ");
    quoted(&b, sc->description);
    sb_printf(&b, ";\n");
    char group[64] = "";
    for (size_t i = 0; i < cascade_n_keys; i++) {
        const key *k = &cascade_keys[i];
        const char *dot = strchr(k->name, '.');
        size_t glen = (size_t)(dot - k->name);
        if (strlen(group) != glen || strncmp(group, k->name, glen) != 0) {
            if (group[0]) {
                sb_printf(&b, "};\n");
            }
            snprintf(group, sizeof group, "%.*s", (int)glen, k->name);
            sb_printf(&b, "%s = {\n", group);
        }
        if (!key_present(p, k)) {
            sb_printf(&b, "  # %s: not set; %s\n", dot + 1, k->help);
            continue;
        }
        sb_printf(&b, "  %s = ", dot + 1);
        value_text(&b, p, k);
        sb_printf(&b, "; # %s\n", k->help);
    }
    sb_printf(&b, "};\nshocks = (\n");
    for (size_t i = 0; i < p->n_shocks; i++) {
        shock_text(&b, &p->shocks[i]);
        sb_printf(&b, "%s\n", i + 1 < p->n_shocks ? "," : "");
    }
    sb_printf(&b, ");\n");
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

static const char *type_name(const key *k)
{
    switch (k->type) {
    case KEY_REAL:
        return "real";
    case KEY_UINT:
        return "integer";
    case KEY_SEED:
        return "integer (64-bit)";
    case KEY_BOOL:
        return "boolean";
    case KEY_ENUM:
        return "string";
    case KEY_STRING:
        return "string";
    case KEY_PATH:
        return "path";
    case KEY_DIST:
        return "distribution";
    }
    return "?";
}

char *cascade_scenario_describe_keys(void)
{
    strbuf b = {0};
    cascade_scenario tmp;
    memset(&tmp, 0, sizeof tmp);
    for (size_t i = 0; i < cascade_n_keys; i++) {
        set_default(&tmp, &cascade_keys[i]);
    }
    tmp.params.rng = tmp.rng_name;
    for (size_t i = 0; i < cascade_n_keys; i++) {
        const key *k = &cascade_keys[i];
        sb_printf(&b, "%-30s %-13s ", k->name, type_name(k));
        if (k->optional) {
            sb_printf(&b, "(optional)");
        } else {
            sb_printf(&b, "default ");
            value_text(&b, &tmp.params, k);
        }
        if ((k->type == KEY_REAL || k->type == KEY_UINT) && (k->min > -1e300 || k->max < 1e300)) {
            char bt[128];
            bounds_text(k, bt, sizeof bt);
            sb_printf(&b, "; %s", bt + strlen("must be "));
        } else if (k->type == KEY_REAL) {
            sb_printf(&b, "; any finite number");
        } else if (k->type == KEY_SEED) {
            sb_printf(&b, "; 0 to %s", INT64_MAX_TEXT);
        }
        if (k->type == KEY_ENUM) {
            char ch[256];
            sb_printf(&b, "; one of %s", choices_text(k->choices, ch, sizeof ch));
        }
        sb_printf(&b, "%s\n    %s\n", k->dynamic ? "; may change in a set shock" : "", k->help);
    }
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/*
 * The table of scenario keys (private to the scenario module). Every key a scenario
 * file can set is one row: its name as written (`group.key`), type, bounds, default,
 * the cascade_params field it fills, whether a `set` shock may change it during a run,
 * and one line of help. Parsing, validation, suggestions, `--set`, `cascade check` and
 * `cascade help keys` all read this table; nothing else names keys.
 */
#ifndef CASCADE_SCENARIO_KEYS_H
#define CASCADE_SCENARIO_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "cascade/model.h"

typedef enum key_type {
    KEY_REAL,   /* double; an integer is accepted */
    KEY_UINT,   /* uint32_t; integers only */
    KEY_SEED,   /* uint64_t in [0, 2^63 - 1]; integers only */
    KEY_BOOL,   /* bool */
    KEY_ENUM,   /* int field, one of choices */
    KEY_STRING, /* run.rng: const char * into scenario storage */
    KEY_PATH,   /* network.path: char[4096], resolved against the scenario's folder */
    KEY_DIST    /* cascade_dist group */
} key_type;

typedef struct key {
    const char *name;
    key_type type;
    double min, max;          /* inclusive bounds (REAL, UINT) */
    bool min_exclusive;       /* > min rather than >= min */
    double def;               /* default of REAL, UINT, SEED, BOOL, ENUM (index) */
    const char *def_str;      /* default of STRING, PATH */
    cascade_dist def_dist;    /* default of DIST */
    size_t offset;            /* field in cascade_params */
    size_t has_offset;        /* bool field set when an optional key is given */
    bool optional;            /* may be absent (then has_offset is false) */
    bool dynamic;             /* may change during a run through a `set` shock */
    const char *const *choices; /* ENUM names, NULL-terminated, index = enum value */
    const char *help;
} key;

extern const key cascade_keys[];
extern const size_t cascade_n_keys;

/* The row of a key name, or NULL. */
const key *cascade_key_find(const char *name);

extern const char *const cascade_shock_kind_names[];
extern const char *const cascade_shock_where_names[];
extern const char *const cascade_shock_keys[];

#endif

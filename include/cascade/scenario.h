/*
 * Scenario files: libconfig text -> validated cascade_params.
 *
 * One table of keys (sim/scenario/keys.c: name, type, bounds, default, field, help)
 * drives parsing, validation, unknown-key suggestions, `--set`, `cascade check` and the
 * key reference. Problems are collected, not stopped at the first, and reported like a
 * compiler: `scenarios/nk.cfg:14: regime.targeting: must be in [0, 1] (got 1.5)`; a
 * problem in a `--set` value is located as `--set: KEY: ...`.
 *
 * A scenario owns everything its params point to (distribution lists, shocks, strings)
 * and must outlive every model that borrows those params.
 */
#ifndef CASCADE_SCENARIO_H
#define CASCADE_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "cascade/error.h"
#include "cascade/model.h"

typedef struct cascade_scenario cascade_scenario;

/* Loads a scenario from path (NULL: the built-in default scenario), applies the
 * overrides ("KEY=VALUE", libconfig value syntax; a bare word is taken as a string) in
 * order, fills defaults and validates. Returns NULL only when out of memory; otherwise
 * check cascade_scenario_ok and read the diagnostics. The caller owns the result. */
cascade_scenario *cascade_scenario_load(const char *path, const char *const *sets,
                                        size_t n_sets);
void cascade_scenario_free(cascade_scenario *sc);

/* Whether the scenario is valid (no diagnostics). */
bool cascade_scenario_ok(const cascade_scenario *sc);
size_t cascade_scenario_n_diagnostics(const cascade_scenario *sc);
/* Diagnostic i, "LOCATION: KEY: what is wrong"; valid while sc lives. */
const char *cascade_scenario_diagnostic(const cascade_scenario *sc, size_t i);

/* The validated parameters (only when ok); valid while sc lives. */
const cascade_params *cascade_scenario_params(const cascade_scenario *sc);
const char *cascade_scenario_name(const cascade_scenario *sc);
const char *cascade_scenario_description(const cascade_scenario *sc);
/* The file it was loaded from ("(built-in default)" for the default). */
const char *cascade_scenario_path(const cascade_scenario *sc);

/* Where key was set, for problems found later (e.g. in a network file): "FILE:LINE",
 * "--set", or the scenario file when the key took its default. Writes into buf. */
void cascade_scenario_where(const cascade_scenario *sc, const char *key, char *buf, size_t len);

/* The fully resolved scenario in scenario syntax (every default filled in, network
 * paths absolute), loading back to identical params. Returns a malloc'ed string the
 * caller frees, or NULL when out of memory. */
char *cascade_scenario_format(const cascade_scenario *sc);

/* What kind of value a key takes, for sweeps: a real number (also the numeric
 * parameters of distributions, e.g. population.discontent.a), an integer, something
 * else (a string, a boolean, a whole distribution), or an unknown key, in which case
 * *suggestion (may be NULL) receives the nearest known key or NULL. */
typedef enum cascade_key_kind {
    CASCADE_KEY_UNKNOWN = 0,
    CASCADE_KEY_REAL,
    CASCADE_KEY_INTEGER,
    CASCADE_KEY_OTHER
} cascade_key_kind;
cascade_key_kind cascade_scenario_key_kind(const char *key, const char **suggestion);

/* The key reference: one line per key with type, default and meaning (malloc'ed). */
char *cascade_scenario_describe_keys(void);

/* Reads a scenario's `description` without validating it (for `cascade list`);
 * returns a malloc'ed string or NULL. */
char *cascade_scenario_peek_description(const char *path);

#endif

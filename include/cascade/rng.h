/*
 * Seeds and generators. Every run owns one GSL generator, seeded from
 * (master seed, sweep point, replicate, purpose) through a SplitMix64 finaliser, so a
 * run's numbers depend on what it is, never on thread count or execution order.
 *
 * GSL's generators take 32-bit seeds (mt19937 keeps 32 bits and maps 0 to 4357); with
 * 100,000 runs in a sweep, 32-bit seeds collide with probability above 2/3. For the
 * mt19937 family we therefore fill the whole 624-word state from the 64-bit derived
 * seed (a SplitMix64 stream), so distinct 64-bit seeds give distinct streams. Other
 * generator types are seeded with the 64-bit seed folded to 32 bits (documented in
 * the README: prefer mt19937 for large sweeps).
 */
#ifndef CASCADE_RNG_H
#define CASCADE_RNG_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

/* Purposes mixed into derived seeds, so that streams for different uses differ. */
enum {
    CASCADE_RNG_RUN = 0,     /* a run's own generator */
    CASCADE_RNG_NETWORK = 1, /* the generator behind network.seed */
    CASCADE_RNG_SAMPLE = 2   /* sweep sampling (Latin hypercube) */
};

/* The SplitMix64 finaliser: a bijection on 64-bit integers with good avalanche. */
uint64_t cascade_rng_mix64(uint64_t x);

/* The seed of run (point, replicate) for a purpose, from the master seed. */
uint64_t cascade_rng_derive(uint64_t master, uint64_t point, uint64_t replicate,
                            uint64_t purpose);

/* The gsl_rng_type with that name (any of gsl_rng_types_setup()), or NULL. */
const gsl_rng_type *cascade_rng_type_find(const char *name);

/* Allocates a generator of the given type seeded from seed64 as described above.
 * Returns NULL when out of memory. The caller owns it (gsl_rng_free). */
gsl_rng *cascade_rng_alloc(const gsl_rng_type *type, uint64_t seed64);

/* Reseeds an existing generator from seed64, exactly as cascade_rng_alloc does. */
void cascade_rng_seed(gsl_rng *rng, uint64_t seed64);

/* Whether generators of this type get their whole state from the 64-bit seed. */
bool cascade_rng_full_state(const gsl_rng_type *type);

#endif

/*
 * Seed derivation and generator creation.
 *
 * Derived seeds: mix64(master ^ mix64(point ^ mix64(replicate ^ mix64(purpose)))) with
 * distinct odd constants folded in, so that neighbouring (point, replicate) pairs give
 * unrelated 64-bit seeds. Seeds are never formed as seed + i.
 *
 * mt19937 family: GSL keeps only 32 bits of a seed. We seed it the ordinary way (so the
 * generator is valid) and then overwrite its 624 state words with a SplitMix64 stream
 * from the 64-bit seed, setting the position so the next draw regenerates the block.
 * The layout (unsigned long mt[624]; int mti;) is GSL's mt_state_t, stable since 1.0;
 * gsl_rng_size() is checked so a different layout is never written to.
 */
#include "cascade/rng.h"

#include <string.h>

#define MT_N 624

typedef struct mt_state {
    unsigned long mt[MT_N];
    int mti;
} mt_state;

uint64_t cascade_rng_mix64(uint64_t x)
{
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

uint64_t cascade_rng_derive(uint64_t master, uint64_t point, uint64_t replicate,
                            uint64_t purpose)
{
    uint64_t h = cascade_rng_mix64(purpose ^ UINT64_C(0x243F6A8885A308D3));
    h = cascade_rng_mix64(replicate ^ h);
    h = cascade_rng_mix64(point ^ (h * UINT64_C(0x13198A2E03707345)));
    return cascade_rng_mix64(master ^ h);
}

const gsl_rng_type *cascade_rng_type_find(const char *name)
{
    for (const gsl_rng_type **t = gsl_rng_types_setup(); *t != NULL; t++) {
        if (strcmp((*t)->name, name) == 0) {
            return *t;
        }
    }
    return NULL;
}

bool cascade_rng_full_state(const gsl_rng_type *type)
{
    return (type == gsl_rng_mt19937 || type == gsl_rng_mt19937_1999 ||
            type == gsl_rng_mt19937_1998) &&
           type->size == sizeof(mt_state);
}

void cascade_rng_seed(gsl_rng *rng, uint64_t seed64)
{
    uint64_t folded = (seed64 ^ (seed64 >> 32)) & UINT64_C(0xFFFFFFFF);
    gsl_rng_set(rng, (unsigned long)folded);
    if (!cascade_rng_full_state(rng->type)) {
        return;
    }
    mt_state *s = gsl_rng_state(rng);
    uint64_t x = seed64;
    bool any = false;
    for (int i = 0; i < MT_N; i++) {
        x += UINT64_C(0x9E3779B97F4A7C15);
        uint64_t z = cascade_rng_mix64(x);
        s->mt[i] = (unsigned long)(z >> 32);
        any = any || s->mt[i] != 0;
    }
    if (!any) {
        s->mt[0] = 0x80000000UL; /* an all-zero state would be a fixed point */
    }
    s->mti = MT_N;
}

gsl_rng *cascade_rng_alloc(const gsl_rng_type *type, uint64_t seed64)
{
    gsl_rng *rng = gsl_rng_alloc(type);
    if (rng != NULL) {
        cascade_rng_seed(rng, seed64);
    }
    return rng;
}

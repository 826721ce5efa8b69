/*
 * Numbers as text: the shortest decimal that reads back to the same double, so CSV
 * files and resolved scenarios round-trip exactly and stay readable (0.1, not
 * 0.10000000000000001).
 */
#ifndef CASCADE_FORMAT_H
#define CASCADE_FORMAT_H

#include <stddef.h>

/* Writes x into buf (at least 32 bytes) as the shortest of %.15g, %.16g, %.17g that
 * reads back exactly; returns the length. */
int cascade_format_real(char *buf, size_t len, double x);

#endif

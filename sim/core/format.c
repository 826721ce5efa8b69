/*
 * Shortest round-trip formatting of doubles. %.17g always round-trips; most values
 * written here (shares k/N, parameters typed by people) already do at 15 digits.
 */
#include "cascade/format.h"

#include <stdio.h>
#include <stdlib.h>

int cascade_format_real(char *buf, size_t len, double x)
{
    int n = 0;
    for (int digits = 15; digits <= 17; digits++) {
        n = snprintf(buf, len, "%.*g", digits, x);
        if (strtod(buf, NULL) == x) {
            break;
        }
    }
    return n;
}

/*
 * The decision rules of MODEL.md as small pure functions: no allocation, no randomness,
 * no globals, so tests can check them with literal inputs.
 *
 * Derived rule (after Kuran 1991 and Epstein 2002): an elite goes public when its
 * grievance beyond theta outweighs the expected cost of dissent, (r + fear) * P * C,
 * discounted by safety in numbers, (1 - o)^gamma. Explicit thresholds (Granovetter 1978,
 * Watts 2002) compare with a tolerance so that shares computed as a/k never fall one ulp
 * short of a threshold written as a decimal.
 */
#include "cascade/model.h"

#include <math.h>

/* cascade_perceived and cascade_reaches are inline in model.h. */

static double safety(double o, double gamma)
{
    double open = 1.0 - o;
    if (open <= 0.0) {
        return 0.0;
    }
    return gamma == 1.0 ? open : pow(open, gamma);
}

double cascade_benefit(double d, double r, double fear, double theta, double P, double C,
                       double o, double gamma)
{
    return d - theta - (r + fear) * P * C * safety(o, gamma);
}

double cascade_derived_threshold(double d, double r, double fear, double theta, double P,
                                 double C, double gamma)
{
    double grievance = d - theta;
    if (grievance <= 0.0) {
        return INFINITY;
    }
    double cost = (r + fear) * P * C;
    if (grievance > cost) {
        return 0.0;
    }
    return 1.0 - pow(grievance / cost, 1.0 / gamma);
}

double cascade_exit_hazard(double x, double d, double fear, double f0, double family_deterrence,
                           double family_punishment)
{
    double h = x * d * (fear + f0) * (1.0 - family_deterrence * family_punishment);
    if (h <= 0.0) {
        return 0.0;
    }
    return h < 1.0 ? h : 1.0;
}

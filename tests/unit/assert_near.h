/*
 * assert_near(a, b, tol): a cmocka check that |a - b| <= tol in double precision
 * (cmocka's assert_float_equal converts to float), naming the expression on failure.
 * Include after <cmocka.h> and <math.h>.
 */
#ifndef CASCADE_TEST_ASSERT_NEAR_H
#define CASCADE_TEST_ASSERT_NEAR_H

#define assert_near(a, b, tol)                                                           \
    do {                                                                                 \
        double got_ = (a), want_ = (b);                                                  \
        if (!(fabs(got_ - want_) <= (tol))) {                                            \
            fail_msg("%s = %.17g, expected %.17g within %g", #a, got_, want_, (double)(tol)); \
        }                                                                                \
    } while (0)

#endif

/*
 * cascade check: validate a scenario and print it fully resolved.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cascade/run.h"
#include "cli.h"

int cmd_check(int argc, char **argv)
{
    cli_options o;
    int status = cli_parse(argc, argv, cli_find("check"), &o);
    if (status >= 0) {
        cli_options_release(&o);
        return status;
    }
    cascade_scenario *sc = cli_load(&o, &status);
    cli_options_release(&o);
    if (sc == NULL) {
        return status;
    }
    cascade_error err = {0};
    if (cascade_run_validate(cascade_scenario_params(sc), &err) != CASCADE_OK) {
        status = cli_report(sc, &err);
        cascade_scenario_free(sc);
        return status;
    }
    char *text = cascade_scenario_format(sc);
    cascade_scenario_free(sc);
    if (text == NULL) {
        fprintf(stderr, "cascade: out of memory\n");
        return CASCADE_EXIT_FAILURE;
    }
    fputs(text, stdout);
    free(text);
    return CASCADE_EXIT_OK;
}

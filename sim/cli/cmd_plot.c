/*
 * cascade plot DIR: draws (again) the charts of a run, sweep or analyze folder from its
 * CSV files, so charts can be restyled or converted without rerunning anything. Which
 * charts, from which files: cascade/chart.h, cascade_plot_dir.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cascade/chart.h"
#include "cli.h"

_Static_assert((unsigned)CLI_FORMAT_PNG == (unsigned)CASCADE_FORMAT_PNG &&
                   (unsigned)CLI_FORMAT_PDF == (unsigned)CASCADE_FORMAT_PDF &&
                   (unsigned)CLI_FORMAT_SVG == (unsigned)CASCADE_FORMAT_SVG,
               "--format bits are the chart library's format bits");

int cmd_plot(int argc, char **argv)
{
    cli_options o;
    int status = cli_parse(argc, argv, cli_find("plot"), &o);
    if (status >= 0) {
        cli_options_release(&o);
        return status;
    }
    if (o.n_args != 1) {
        cli_options_release(&o);
        return cli_usage_error("plot", "expected the folder to draw, e.g. cascade plot out/default");
    }
    const char *dir = o.args[0];
    cascade_error err = {0};
    cascade_status st = cascade_plot_dir(dir, o.formats, o.metric, NULL, &err);
    if (st != CASCADE_OK) {
        /* messages of malformed files already read FILE:LINE: what */
        fprintf(stderr, "%s\n", err.msg);
        cli_options_release(&o);
        return cascade_status_exit_code(err.status);
    }
    if (!o.quiet) {
        char *written = cascade_plot_dir_outputs(dir, o.formats);
        if (written != NULL && written[0] != '\0') {
            printf("wrote %s\n", written);
        }
        free(written);
    }
    cli_options_release(&o);
    return CASCADE_EXIT_OK;
}

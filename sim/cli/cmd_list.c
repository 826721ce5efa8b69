/*
 * cascade list: the scenarios shipped in scenarios/, one line each with its
 * description. The folder is $CASCADE_SCENARIOS, else ./scenarios, else the source
 * tree's scenarios/ the program was built from.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cascade/io.h"
#include "cli.h"

static const char *scenario_dir(void)
{
    const char *env = getenv("CASCADE_SCENARIOS");
    struct stat st;
    if (env && *env) {
        return env;
    }
    if (stat("scenarios", &st) == 0 && S_ISDIR(st.st_mode)) {
        return "scenarios";
    }
    return CASCADE_SOURCE_DIR "/scenarios";
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_list(int argc, char **argv)
{
    if (argc > 1) {
        if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
            cli_print_help(cli_find("list"));
            return CASCADE_EXIT_OK;
        }
        return cli_usage_error("list", "unexpected argument \"%s\"", argv[1]);
    }
    const char *dir = scenario_dir();
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "cascade list: cannot open %s: %s\n", dir, strerror(errno));
        return CASCADE_EXIT_FAILURE;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".cfg") == 0) {
            char **grown = realloc(names, (n + 1) * sizeof *names);
            if (grown == NULL || (grown[n] = strdup(e->d_name)) == NULL) {
                free(grown ? grown : names);
                closedir(d);
                fprintf(stderr, "cascade: out of memory\n");
                return CASCADE_EXIT_FAILURE;
            }
            names = grown;
            n++;
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    size_t width = 0; /* the longest path, so the descriptions line up */
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(dir) + 1 + strlen(names[i]);
        width = len > width ? len : width;
    }
    for (size_t i = 0; i < n; i++) {
        char *path = cascade_io_join(dir, names[i]);
        char *desc = path ? cascade_scenario_peek_description(path) : NULL;
        printf("%-*s  %s\n", (int)width, path ? path : names[i], desc ? desc : "");
        free(desc);
        free(path);
        free(names[i]);
    }
    free(names);
    return CASCADE_EXIT_OK;
}

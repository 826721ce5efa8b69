/*
 * The sweep journal and the sweep's final tables.
 *
 * A sweep streams each finished run to DIR/journal.csv, one line per run, flushed, so
 * kill -9 loses only the runs in flight and memory never holds the results. The first
 * line carries a fingerprint of the sweep (scenario, points, replicates); --resume
 * accepts only a journal with the same fingerprint, drops a torn last line and skips
 * every run already written. DIR/plan.csv lists the points (point, one column per varied
 * key, values as text). At the end, sweep.csv and points.csv are written sorted by
 * (point, replicate) from the journals, reading each line once through an index of
 * 8 bytes per run, so they are byte-identical however the runs were scheduled.
 */
#ifndef CASCADE_JOURNAL_H
#define CASCADE_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cascade/error.h"
#include "cascade/model.h"

typedef struct cascade_journal cascade_journal;

/* Opens path for appending. resume = false: the file must not exist (CASCADE_EINVAL,
 * "use --resume") and is created with its header. resume = true: an existing journal
 * must carry this fingerprint (CASCADE_EINVAL otherwise); its runs are marked done; a
 * missing one is created. n_points and replicates bound the tasks. */
cascade_status cascade_journal_open(cascade_journal **journal, const char *path,
                                    uint64_t fingerprint, size_t n_points, uint32_t replicates,
                                    bool resume, cascade_error *err);
/* cascade_journal_open in two steps, so that a sweep can learn what is left to do, and
 * refuse a folder, before it writes anything: load makes the same checks and marks the
 * runs done (it may cut a torn last line) but neither creates nor opens the file; start
 * opens it for appending, writing the header if load found no file. */
cascade_status cascade_journal_load(cascade_journal **journal, const char *path,
                                    uint64_t fingerprint, size_t n_points, uint32_t replicates,
                                    bool resume, cascade_error *err);
cascade_status cascade_journal_start(cascade_journal *journal, cascade_error *err);
/* Whether the run (point, replicate) is in the journal. */
bool cascade_journal_has(const cascade_journal *journal, uint32_t point, uint32_t replicate);
/* Number of runs in the journal. */
uint64_t cascade_journal_count(const cascade_journal *journal);
/* Appends one run and flushes it to the operating system. */
cascade_status cascade_journal_append(cascade_journal *journal, uint32_t point,
                                      uint32_t replicate, uint64_t seed,
                                      const cascade_summary *summary, cascade_error *err);
/* Closes (fsyncs) the journal, started or only loaded; NULL is accepted. */
cascade_status cascade_journal_close(cascade_journal *journal, cascade_error *err);

/* Reads the fingerprint, points and replicates from a journal's first line. */
cascade_status cascade_journal_header(const char *path, uint64_t *fingerprint, size_t *n_points,
                                      uint32_t *replicates, cascade_error *err);

/* 64-bit FNV-1a of text, continuing from h (start with CASCADE_FNV_OFFSET). */
#define CASCADE_FNV_OFFSET UINT64_C(0xcbf29ce484222325)
uint64_t cascade_fnv1a(uint64_t h, const char *text);
/* The fingerprint a sweep writes in its journal: of the whole text of its scenario.cfg,
 * then of its plan.csv. A folder whose files no longer give its journal's fingerprint was
 * written into by something else since (a `cascade run -o` over a shard). */
uint64_t cascade_journal_fingerprint(const char *scenario_text, const char *plan_text);

/* Writes dir/sweep.csv and dir/points.csv from plan.csv and the journals (atomically).
 * *n_missing receives the number of runs no journal holds (they are left out). */
cascade_status cascade_sweep_tables_write(const char *dir, const char *plan_path,
                                          const char *const *journals, size_t n_journals,
                                          size_t n_points, uint32_t replicates,
                                          uint64_t *n_missing, cascade_error *err);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zxbench: microbenchmarks of /dev/zircon against Linux's own primitives.
 *
 * Each benchmark is a loop body run n times between two clock reads. The
 * harness picks n so that one sample lasts about as long as the mode's
 * sample time, takes several samples and reports their median, the
 * interquartile spread and the extremes, one CSV row per result:
 *
 *   kind,group,name,param,unit,median,spread_pct,min,max,samples,iters,null_ns
 *
 * kind:   micro (one figure), curve (one point of a scaling curve, at
 *         x = param), memory (bytes per object).
 * group:  zircon or linux (the baseline a zircon figure is read against).
 * unit:   ns/op, ns/round, bytes/object.
 * null_ns: the median of null syscalls timed just before each sample, so
 *         a ratio to Syscall/Null is taken at the same moment as the
 *         figure itself (the host's speed drifts during a run under TCG);
 *         0 for readings that are not timings.
 *
 * The host side (tools/bench) turns the rows into the table, ratios to
 * Syscall/Null and plots.
 */
#ifndef ZXBENCH_H
#define ZXBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Run the body of a benchmark @n times. */
typedef void (*bench_fn)(void *state, uint64_t n);

struct bench_opts {
	bool quick;		/* fewer samples, shorter ones, shorter curves */
	unsigned int samples;	/* per result */
	uint64_t sample_ns;	/* target length of one sample */
	const char *filter;	/* run only names containing this, or NULL */
};

extern struct bench_opts bench_opts;

struct bench_result {
	double median, q1, q3, min, max;	/* per op (or per round) */
	unsigned int samples;
	uint64_t iters;				/* ops per sample */
	double null_ns;				/* null syscall, same moments */
};

/* The null syscall (getppid), Syscall/Null's body and every ratio's base. */
void bench_null_syscall(void *state, uint64_t n);

uint64_t bench_now_ns(void);

/* Whether @name passes the --filter. */
bool bench_wanted(const char *name);

/* Calibrate n for @fn and take bench_opts.samples samples into @r. */
void bench_measure(bench_fn fn, void *state, struct bench_result *r);

/*
 * The same with a fixed n per sample, for bodies too slow or too stateful
 * to calibrate (scaling rounds). @per: ops in one call of fn(state, 1), to
 * report ns per op.
 */
void bench_measure_fixed(bench_fn fn, void *state, uint64_t n, double per,
			 struct bench_result *r);

/*
 * Fill @r (iters and null_ns zero) from @samples per-op figures a caller
 * timed itself, when only part of each round may be timed. Sorts @v.
 */
void bench_summarize(double *v, unsigned int samples, struct bench_result *r);

/* Print one CSV row. */
void bench_report(const char *kind, const char *group, const char *name,
		  long long param, const char *unit,
		  const struct bench_result *r);

/* Report one figure that is a single reading, not a timing (memory). */
void bench_report_value(const char *kind, const char *group, const char *name,
			long long param, const char *unit, double value);

/* Measure @fn and report it as a micro benchmark (ns/op). */
void bench_micro(const char *group, const char *name, bench_fn fn, void *state);

/* Fail loudly: a benchmark whose calls fail measures nothing. */
#define bench_check(cond, ...)                                          \
	do {                                                            \
		if (!(cond))                                            \
			bench_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

__attribute__((noreturn, format(printf, 4, 5)))
void bench_fail(const char *file, int line, const char *cond,
		const char *fmt, ...);

/* Each family file exports one entry point, run in this order. */
void bench_micro_zircon(void);
void bench_micro_linux(void);
void bench_roundtrips(void);
void bench_scaling(void);
void bench_memory(void);

#endif /* ZXBENCH_H */

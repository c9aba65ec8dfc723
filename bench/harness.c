// SPDX-License-Identifier: GPL-2.0
/*
 * zxbench's harness: argument parsing, calibration, statistics and the CSV
 * rows described in bench.h.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

struct bench_opts bench_opts = {
	.samples = 11,
	.sample_ns = 20 * 1000 * 1000,
};

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

bool bench_wanted(const char *name)
{
	return !bench_opts.filter || strstr(name, bench_opts.filter);
}

void bench_fail(const char *file, int line, const char *cond,
		const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "zxbench: %s:%d: %s failed: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (errno %d)\n", errno);
	exit(1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Quantile by linear interpolation between the closest ranks. */
static double quantile(const double *sorted, unsigned int n, double q)
{
	double pos = q * (n - 1);
	unsigned int i = (unsigned int)pos;

	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
}

void bench_null_syscall(void *state, uint64_t n)
{
	(void)state;
	while (n--)
		syscall(SYS_getppid);
}

/* ns per call of the null syscall, over about a quarter of a sample. */
static double null_sample(void)
{
	static uint64_t n;
	uint64_t t0, t;

	if (!n) {
		for (n = 64;; n *= 2) {
			t0 = bench_now_ns();
			bench_null_syscall(NULL, n);
			t = bench_now_ns() - t0;
			if (t >= bench_opts.sample_ns / 4)
				break;
		}
	}
	t0 = bench_now_ns();
	bench_null_syscall(NULL, n);
	return (double)(bench_now_ns() - t0) / n;
}

void bench_summarize(double *v, unsigned int samples, struct bench_result *r)
{
	*r = (struct bench_result){ 0 };
	qsort(v, samples, sizeof(v[0]), cmp_double);
	r->median = quantile(v, samples, 0.5);
	r->q1 = quantile(v, samples, 0.25);
	r->q3 = quantile(v, samples, 0.75);
	r->min = v[0];
	r->max = v[samples - 1];
	r->samples = samples;
}

void bench_measure_fixed(bench_fn fn, void *state, uint64_t n, double per,
			 struct bench_result *r)
{
	unsigned int samples = bench_opts.samples;
	double v[64], null[64];
	unsigned int i;

	if (samples > 64)
		samples = 64;
	fn(state, n < 16 ? n : 16);	/* warm caches and lazy setup */
	for (i = 0; i < samples; i++) {
		uint64_t t0;

		null[i] = null_sample();
		t0 = bench_now_ns();
		fn(state, n);
		v[i] = (double)(bench_now_ns() - t0) / ((double)n * per);
	}
	bench_summarize(v, samples, r);
	qsort(null, samples, sizeof(null[0]), cmp_double);
	r->null_ns = quantile(null, samples, 0.5);
	r->iters = n;
}

void bench_measure(bench_fn fn, void *state, struct bench_result *r)
{
	uint64_t target = bench_opts.sample_ns, n = 1, t;

	/* The first calls pay for cold caches, faults and thread start-up. */
	fn(state, 1);
	fn(state, 1);
	/* Grow n until one run takes a quarter of a sample, then scale. */
	for (;;) {
		uint64_t t0 = bench_now_ns();

		fn(state, n);
		t = bench_now_ns() - t0;
		if ((t >= target / 4 && n >= 4) || n >= (1ull << 40))
			break;
		n *= t < target / 64 ? 8 : 2;
	}
	n = t ? (uint64_t)((double)n * target / t) : n;
	bench_measure_fixed(fn, state, n ? n : 1, 1.0, r);
}

void bench_report(const char *kind, const char *group, const char *name,
		  long long param, const char *unit,
		  const struct bench_result *r)
{
	double spread = r->median > 0 ? 100.0 * (r->q3 - r->q1) / r->median : 0;

	printf("%s,%s,%s,%lld,%s,%.1f,%.1f,%.1f,%.1f,%u,%llu,%.1f\n", kind,
	       group, name, param, unit, r->median, spread, r->min, r->max,
	       r->samples, (unsigned long long)r->iters, r->null_ns);
	fflush(stdout);
}

void bench_report_value(const char *kind, const char *group, const char *name,
			long long param, const char *unit, double value)
{
	struct bench_result r = {
		.median = value, .q1 = value, .q3 = value,
		.min = value, .max = value, .samples = 1, .iters = 1,
	};

	bench_report(kind, group, name, param, unit, &r);
}

void bench_micro(const char *group, const char *name, bench_fn fn, void *state)
{
	struct bench_result r;

	if (!bench_wanted(name))
		return;
	bench_measure(fn, state, &r);
	bench_report("micro", group, name, 0, "ns/op", &r);
}

__attribute__((noreturn)) static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: zxbench [--quick] [--samples N] [--sample-ms MS] [--filter TEXT]\n"
		"Prints CSV rows: kind,group,name,param,unit,median,spread_pct,min,max,samples,iters,null_ns\n");
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quick", no_argument, NULL, 'q' },
		{ "samples", required_argument, NULL, 's' },
		{ "sample-ms", required_argument, NULL, 'm' },
		{ "filter", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	long samples = 0, sample_ms = 0;
	int c;

	while ((c = getopt_long(argc, argv, "qs:m:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			bench_opts.quick = true;
			break;
		case 's':
			samples = strtol(optarg, NULL, 10);
			if (samples < 1 || samples > 64)
				usage(2);
			break;
		case 'm':
			sample_ms = strtol(optarg, NULL, 10);
			if (sample_ms < 1)
				usage(2);
			break;
		case 'f':
			bench_opts.filter = optarg;
			break;
		case 'h':
			usage(0);
		default:
			usage(2);
		}
	}
	if (optind != argc)
		usage(2);
	if (bench_opts.quick) {
		bench_opts.samples = 3;
		bench_opts.sample_ns = 2 * 1000 * 1000;
	}
	if (samples)
		bench_opts.samples = samples;
	if (sample_ms)
		bench_opts.sample_ns = (uint64_t)sample_ms * 1000 * 1000;

	printf("kind,group,name,param,unit,median,spread_pct,min,max,samples,iters,null_ns\n");
	bench_micro_zircon();
	bench_micro_linux();
	bench_roundtrips();
	bench_scaling();
	bench_memory();
	return 0;
}

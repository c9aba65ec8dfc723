# SPDX-License-Identifier: GPL-2.0
#
# zircon-lkm: the only entry point people type.
#
#   make            module (for KVER), libzircon, selftests, examples and
#                   the benchmark program (build/bench/zxbench)
#   make check      build for Debian's 6.1 and 6.12 cloud kernels, run
#                   every selftest in a VM on each, then a quick benchmark
#                   run on 6.12 (fails only if the run itself fails)
#   make check-debug  the same on a debug kernel (KASAN, lockdep, kmemleak,
#                   UBSAN, fault injection) built once from linux-source-6.12
#   make demo       run the examples in a VM
#   make lint       checkpatch --strict and sparse on module/ and uapi/, the
#                   kernel's uapi header checks (make check runs it too)
#   make bench      run the benchmarks in a VM (tools/bench; options in
#                   BENCH_ARGS, e.g. BENCH_ARGS="--quick --kernel 6.1");
#                   table, CSV and plots in build/bench-results
#   make man        manual pages into build/man/man{3,4,7} (tools/gen-man:
#                   man/*.txt, prototypes and ioctls read from the headers)
#   make check-man  host only, no VM, the first step of "make check": every
#                   export has a page, pages render warning-free, synopses
#                   match the headers (man/check-man); the syzkaller
#                   descriptions match the uapi header (tools/syzkaller/check)
#
# KVER: kernel release to build the module for; default the running
# kernel if its headers are installed, else the newest Debian cloud
# headers installed. MODULE_KDIR: a kernel build tree to use instead of
# /lib/modules/$(KVER)/build (the debug kernel's).

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD := $(TOP)/build

KVER ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then uname -r; else \
	  ls -d /usr/src/linux-headers-*-cloud-amd64 2>/dev/null | \
	  sed 's|.*/linux-headers-||' | sort -V | tail -n 1; fi)
KDIR ?= /lib/modules/$(KVER)/build

# The two kernels CI tests: the newest installed of each series.
KVER_6_1 = $(shell ls /lib/modules 2>/dev/null | grep -E '^6\.1\.[0-9].*-cloud-amd64$$' | sort -V | tail -n 1)
KVER_6_12 = $(shell ls /lib/modules 2>/dev/null | grep -E '^6\.12\.[0-9].*-cloud-amd64$$' | sort -V | tail -n 1)

MODULE_SRCS := Kbuild $(wildcard module/*.c module/*.h) uapi/linux/zircon.h

.PHONY: all module modules lib lib32 selftests selftests32 examples \
	bench-build bench check check-debug demo lint deps clean man check-man

all: module lib selftests examples bench-build

deps:
	@$(TOP)/tools/install-deps

# Out-of-tree builds write objects next to their sources, so each kernel
# gets its own copy of the sources under build/kernel/<release>/. Any
# compiler or modpost warning fails the build.
module: $(BUILD)/kernel/$(KVER)/zircon.ko

$(BUILD)/kernel/%/zircon.ko: $(MODULE_SRCS)
	@mkdir -p $(@D)/module $(@D)/uapi/linux
	@cp Kbuild $(@D)/
	@cp module/*.c module/*.h $(@D)/module/
	@cp uapi/linux/zircon.h $(@D)/uapi/linux/
	@echo "  KMOD    $*"
	@$(MAKE) -C $(or $(MODULE_KDIR),/lib/modules/$*/build) M=$(@D) W=1 modules \
		> $(@D)/build.log 2>&1 || \
		{ cat $(@D)/build.log; exit 1; }
	@if grep -iE 'warning|error' $(@D)/build.log; then \
		echo "module build for $* is not warning-free"; rm -f $@; exit 1; fi

modules:
	@$(MAKE) --no-print-directory module KVER=$(KVER_6_1)
	@$(MAKE) --no-print-directory module KVER=$(KVER_6_12)

lib:
	@$(MAKE) --no-print-directory -C lib O=$(BUILD)/lib

lib32:
	@$(MAKE) --no-print-directory -C lib O=$(BUILD)/lib32 M32=1

selftests: lib
	@$(MAKE) --no-print-directory -C selftests O=$(BUILD)/selftests \
		LIBZIRCON=$(BUILD)/lib/libzircon.a

selftests32: lib32
	@$(MAKE) --no-print-directory -C selftests O=$(BUILD)/selftests32 M32=1 \
		LIBZIRCON=$(BUILD)/lib32/libzircon.a

examples: lib
	@$(MAKE) --no-print-directory -C examples O=$(BUILD)/examples \
		LIBDIR=$(BUILD)/lib

# zxbench, static against libzircon.a so the VM needs only the binary.
bench-build: lib
	@$(MAKE) --no-print-directory -C bench O=$(BUILD)/bench \
		LIBZIRCON=$(BUILD)/lib/libzircon.a

bench: deps
	@$(TOP)/tools/bench $(BENCH_ARGS)

MAN_INPUTS := tools/gen-man $(wildcard man/*.txt) lib/libzircon.map \
	$(wildcard lib/*.c lib/include/zircon/*.h lib/include/zircon/*/*.h) \
	uapi/linux/zircon.h module/main.c

man: $(BUILD)/man/.stamp

$(BUILD)/man/.stamp: $(MAN_INPUTS)
	@$(TOP)/tools/gen-man -o $(BUILD)/man
	@touch $@

check-man: man
	@$(TOP)/man/check-man $(BUILD)/man
	@$(TOP)/tools/syzkaller/check

# The quick benchmark run goes to its own directory so that it does not
# replace the results of a full "make bench".
check: deps
	@$(MAKE) --no-print-directory check-man
	@$(MAKE) --no-print-directory modules selftests selftests32 examples \
		bench-build
	@$(MAKE) --no-print-directory -C lib O=$(BUILD)/lib check-headers
	@$(TOP)/tools/lint
	@$(TOP)/tools/check $(KVER_6_1) $(KVER_6_12)
	@echo "== quick benchmark run on $(KVER_6_12)"
	@$(TOP)/tools/bench --quick --kernel 6.12 --out $(BUILD)/bench-quick

check-debug: deps
	@$(MAKE) --no-print-directory selftests selftests32
	@$(TOP)/tools/check-debug

demo: deps
	@$(MAKE) --no-print-directory module KVER=$(KVER_6_12) examples
	@$(TOP)/tools/vm/run --kernel 6.12 --add $(BUILD)/examples -- ./examples/run-all

lint:
	@$(TOP)/tools/lint

clean:
	rm -rf $(BUILD)

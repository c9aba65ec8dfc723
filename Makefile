# SPDX-License-Identifier: GPL-2.0
#
# zircon-lkm: the only entry point people type.
#
#   make            module (for KVER), libzircon, selftests, examples and
#                   the benchmark program (build/bench/zxbench)
#   make check      build for Debian's 6.1 and 6.12 cloud kernels, run
#                   check-packaging (below), every selftest in a VM on
#                   each, then a quick benchmark run on 6.12 (fails only
#                   if the run itself fails)
#   make check-debug  the same on a debug kernel (KASAN, lockdep, kmemleak,
#                   UBSAN, fault injection) built once from linux-source-6.12
#   make soak       a long fuzzer run on the debug kernel (tools/soak):
#                   SOAK_OPS operations (1000000) over 2 processes x 4
#                   threads, at most SOAK_SECONDS (10800), seed SOAK_SEED
#                   (random, printed), then unload and kmemleak; prints
#                   the seed, duration, operations and their mix. Not part
#                   of make check or .ci/run
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
#   make install    the module for KVER into /lib/modules/KVER/updates
#                   (then depmod, unless DESTDIR is set), libzircon, its
#                   headers and zircon.pc, the man pages in build/man if
#                   any, a udev rule and a modules-load.d entry
#                   (install-module and install-lib do either half)
#   make uninstall  remove exactly what "make install" installs (same
#                   PREFIX, DESTDIR, KVER)
#   make dkms-install  register the module with DKMS (sources copied to
#                   /usr/src/zircon-VERSION), build and install it for KVER;
#                   DKMS rebuilds it for each kernel installed later
#   make dkms-uninstall  remove it from DKMS, every kernel, and /usr/src
#   make check-packaging  host-only checks: modinfo (tools/check-modinfo), install and uninstall
#                   into a staging directory (tools/check-install), DKMS
#                   builds for both cloud kernels in a private DKMS tree
#                   (tools/check-dkms); "make check" runs it
#
# KVER: kernel release to build the module for; default the running
# kernel if its headers are installed, else the newest Debian cloud
# headers installed. MODULE_KDIR: a kernel build tree to use instead of
# /lib/modules/$(KVER)/build (the debug kernel's).
#
# Installation directories (Documentation/packaging.rst): PREFIX
# (/usr/local), LIBDIR ($(PREFIX)/lib), INCLUDEDIR ($(PREFIX)/include),
# PKGCONFIGDIR ($(LIBDIR)/pkgconfig), MANDIR ($(PREFIX)/share/man),
# UDEVRULESDIR ($(PREFIX)/lib/udev/rules.d), MODULESLOADDIR
# ($(PREFIX)/lib/modules-load.d), MODULEDIR (/lib/modules/$(KVER)/updates),
# all below DESTDIR (empty) when staging a package. udev and
# systemd-modules-load read both /usr/lib and /usr/local/lib. MANBUILD
# (build/man): where the man pages to install are. DKMS:
# DKMS_SOURCETREE (/usr/src), DKMS_FLAGS (extra dkms options, such as
# --dkmstree, --installtree and --no-depmod for a private tree).

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

# The one version number: MODULE_VERSION in module/main.c. zircon.pc
# carries it too (tools/check-install checks), and so does dkms.conf
# (tools/check-dkms checks).
VERSION := $(shell sed -n 's/^MODULE_VERSION("\(.*\)");$$/\1/p' $(TOP)/module/main.c)

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
MANDIR ?= $(PREFIX)/share/man
UDEVRULESDIR ?= $(PREFIX)/lib/udev/rules.d
MODULESLOADDIR ?= $(PREFIX)/lib/modules-load.d
MODULEDIR ?= /lib/modules/$(KVER)/updates
INSTALL ?= install
MANBUILD ?= $(BUILD)/man
DKMS ?= dkms
DKMS_SOURCETREE ?= /usr/src
DKMS_FLAGS ?=
HEADERS := $(shell cd $(TOP)/lib/include && find zircon -name '*.h' | sort)

.PHONY: all module modules lib lib32 selftests selftests32 examples \
	bench-build bench check check-debug check-packaging soak demo lint deps \
	install install-module install-lib uninstall uninstall-module \
	uninstall-lib dkms-install dkms-uninstall clean man check-man

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
	@$(MAKE) --no-print-directory check-packaging
	@$(TOP)/tools/check $(KVER_6_1) $(KVER_6_12)
	@echo "== quick benchmark run on $(KVER_6_12)"
	@$(TOP)/tools/bench --quick --kernel 6.12 --out $(BUILD)/bench-quick

check-debug: deps
	@$(MAKE) --no-print-directory selftests selftests32
	@$(TOP)/tools/check-debug

# Builds what it needs itself (the fuzzer with the harness timeout raised).
soak: deps
	@$(TOP)/tools/soak

# Host-side; a few minutes, mostly the two DKMS builds (Documentation/packaging.rst).
check-packaging: lib man
	@$(MAKE) --no-print-directory modules
	@$(TOP)/tools/check-modinfo $(BUILD)/kernel/$(KVER_6_1)/zircon.ko \
		$(BUILD)/kernel/$(KVER_6_12)/zircon.ko
	@$(TOP)/tools/check-install $(KVER_6_12)
	@$(TOP)/tools/check-dkms $(KVER_6_1) $(KVER_6_12)

demo: deps
	@$(MAKE) --no-print-directory module KVER=$(KVER_6_12) examples
	@$(TOP)/tools/vm/run --kernel 6.12 --add $(BUILD)/examples -- ./examples/run-all

lint:
	@$(TOP)/tools/lint

# Installation. Without DESTDIR, depmod and ldconfig run afterwards.
install: install-module install-lib

install-module: module
	$(INSTALL) -d $(DESTDIR)$(MODULEDIR) $(DESTDIR)$(UDEVRULESDIR) \
		$(DESTDIR)$(MODULESLOADDIR)
	$(INSTALL) -m 0644 $(BUILD)/kernel/$(KVER)/zircon.ko $(DESTDIR)$(MODULEDIR)/
	$(INSTALL) -m 0644 packaging/60-zircon.rules $(DESTDIR)$(UDEVRULESDIR)/
	$(INSTALL) -m 0644 packaging/zircon.conf $(DESTDIR)$(MODULESLOADDIR)/
	$(if $(DESTDIR),,depmod -a $(KVER))

# Man pages: whatever "make man" left in build/man/manN (MANBUILD).
install-lib: lib man
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR)
	$(INSTALL) -m 0755 $(BUILD)/lib/libzircon.so.0 $(DESTDIR)$(LIBDIR)/
	ln -sfn libzircon.so.0 $(DESTDIR)$(LIBDIR)/libzircon.so
	$(INSTALL) -m 0644 $(BUILD)/lib/libzircon.a $(DESTDIR)$(LIBDIR)/
	for h in $(HEADERS); do \
		$(INSTALL) -D -m 0644 lib/include/$$h $(DESTDIR)$(INCLUDEDIR)/$$h || exit; \
	done
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		packaging/zircon.pc.in > $(BUILD)/zircon.pc
	$(INSTALL) -m 0644 $(BUILD)/zircon.pc $(DESTDIR)$(PKGCONFIGDIR)/
	for f in $(MANBUILD)/man[1-9]/*; do \
		[ -f "$$f" ] || continue; \
		d=$(DESTDIR)$(MANDIR)/$$(basename $$(dirname $$f)); \
		$(INSTALL) -d $$d && $(INSTALL) -m 0644 $$f $$d/ || exit; \
	done
	$(if $(DESTDIR),,ldconfig)

uninstall: uninstall-module uninstall-lib

uninstall-module:
	rm -f $(DESTDIR)$(MODULEDIR)/zircon.ko \
		$(DESTDIR)$(UDEVRULESDIR)/60-zircon.rules \
		$(DESTDIR)$(MODULESLOADDIR)/zircon.conf
	$(if $(DESTDIR),,[ ! -d /lib/modules/$(KVER) ] || depmod -a $(KVER))

# Man pages are removed by the names in build/man (MANBUILD): uninstall
# before "make clean", or run "make man" first.
uninstall-lib: man
	rm -f $(DESTDIR)$(LIBDIR)/libzircon.so.0 $(DESTDIR)$(LIBDIR)/libzircon.so \
		$(DESTDIR)$(LIBDIR)/libzircon.a $(DESTDIR)$(PKGCONFIGDIR)/zircon.pc \
		$(addprefix $(DESTDIR)$(INCLUDEDIR)/,$(HEADERS))
	for d in $$(printf '%s\n' $(sort $(dir $(HEADERS))) | sort -r); do \
		rmdir $(DESTDIR)$(INCLUDEDIR)/$$d 2>/dev/null || true; \
	done
	for f in $(MANBUILD)/man[1-9]/*; do \
		[ -f "$$f" ] || continue; \
		rm -f $(DESTDIR)$(MANDIR)/$$(basename $$(dirname $$f))/$$(basename $$f); \
	done
	$(if $(DESTDIR),,ldconfig)

# DKMS. The sources DKMS builds from: dkms.conf, Kbuild, module/ and the
# uapi header, copied to $(DKMS_SOURCETREE)/zircon-$(VERSION). A version
# already registered is removed first, so this also reinstalls after a
# change; it is then installed for KVER only (DKMS adds other kernels as
# they are installed).
DKMS_DIR = $(DKMS_SOURCETREE)/zircon-$(VERSION)
DKMS_RUN = $(DKMS) $(1) -m zircon -v $(VERSION) --sourcetree $(DKMS_SOURCETREE) $(DKMS_FLAGS)

dkms-install:
	@if [ -n "$$($(call DKMS_RUN,status))" ]; then \
		echo "$(call DKMS_RUN,remove) --all"; \
		$(call DKMS_RUN,remove) --all; fi
	rm -rf $(DKMS_DIR)
	$(INSTALL) -d $(DKMS_DIR)/module $(DKMS_DIR)/uapi/linux
	$(INSTALL) -m 0644 dkms.conf Kbuild $(DKMS_DIR)/
	$(INSTALL) -m 0644 module/*.c module/*.h $(DKMS_DIR)/module/
	$(INSTALL) -m 0644 uapi/linux/zircon.h $(DKMS_DIR)/uapi/linux/
	$(call DKMS_RUN,add)
	$(call DKMS_RUN,build) -k $(KVER)
	$(call DKMS_RUN,install) -k $(KVER)

dkms-uninstall:
	@if [ -n "$$($(call DKMS_RUN,status))" ]; then \
		echo "$(call DKMS_RUN,remove) --all"; \
		$(call DKMS_RUN,remove) --all; fi
	rm -rf $(DKMS_DIR)

clean:
	rm -rf $(BUILD)

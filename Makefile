# SPDX-License-Identifier: GPL-3.0-or-later
#
#   make run     install what is missing, build, start Lalan from the build tree
#   make check   install, build, run every test suite (display tests under Xvfb)
#   make bench   run the benchmarks in tests/bench/ and print their figures

BUILDDIR ?= build
MESON_ARGS ?=
XVFB = xvfb-run -a -s "-screen 0 1280x800x24"

# Running from the build tree: compiled schemas, catalogs and the bundled
# lesson packs found there.
RUN_ENV = GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data LALAN_LOCALEDIR=$(BUILDDIR)/po LALAN_LESSONS_DIR=data/lessons

.PHONY: all deps setup build run check bench clean

all: build

deps:
	@./build-aux/install-deps.sh

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) $(MESON_ARGS)

setup: deps $(BUILDDIR)/build.ninja

build: setup
	meson compile -C $(BUILDDIR)

run: build
	$(RUN_ENV) $(BUILDDIR)/src/gui/lalan

check: build
	$(XVFB) meson test -C $(BUILDDIR) --print-errorlogs --num-processes 2

bench: build
	$(XVFB) /usr/bin/python3 tests/bench/run-benchmarks.py $(BUILDDIR)

clean:
	rm -rf $(BUILDDIR)

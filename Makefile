# tlbvisor -- one non-recursive Makefile.
#
#   make            build ./tlbvisor
#   make check      run every test (unit suites, golden programs, differential)
#   make run        run the demo
#   make bench      measure the interpreter (guest MIPS)
#   make experiments  shadow against nested paging: docs/experiments.md
#   make install    PREFIX=/usr/local
#   make clean
#
# SAN=1 builds everything with AddressSanitizer + UndefinedBehaviorSanitizer
# into build-san/ (CI runs "make check SAN=1" after the plain run).

# ---- settings ----------------------------------------------------------------
CC       ?= cc
PREFIX   ?= /usr/local
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Werror
OPT      ?= -O2
CFLAGS   ?= -g
SAN      ?=
ifeq ($(SAN),1)
BUILD    := build-san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      := -O1
else
BUILD    := build
SANFLAGS :=
endif
ALL_CFLAGS = $(CSTD) $(WARN) $(OPT) $(CFLAGS) $(SANFLAGS) -I. -I$(BUILD) -MMD -MP
LDFLAGS  ?=
LDLIBS   := -lreadline
CHECK_CFLAGS  := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS    := $(shell pkg-config --libs check 2>/dev/null)
# What to install on Debian when a tool or library is missing.
DEBIAN_PACKAGES := build-essential pkg-config check libsubunit-dev \
                   libreadline-dev binutils-mipsel-linux-gnu spim

# ---- sources, a list per component ------------------------------------------
CPU_SRCS  := $(wildcard cpu/*.c)
VMM_SRCS  := $(wildcard vmm/*.c)
ASM_SRCS  := $(wildcard asm/*.c)
DBG_SRCS  := $(filter-out debugger/main.c,$(wildcard debugger/*.c))
TEST_SRCS := $(wildcard tests/check_*.c)

CPU_OBJS  := $(CPU_SRCS:%.c=$(BUILD)/%.o)
VMM_OBJS  := $(VMM_SRCS:%.c=$(BUILD)/%.o)
ASM_OBJS  := $(ASM_SRCS:%.c=$(BUILD)/%.o)
DBG_OBJS  := $(DBG_SRCS:%.c=$(BUILD)/%.o)
LIB_OBJS  := $(CPU_OBJS) $(VMM_OBJS) $(ASM_OBJS) $(DBG_OBJS)
TESTS     := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)

TLBVISOR  := $(BUILD)/tlbvisor

# The guest OS: assembled by tlbvisor's own assembler (guestos/mkimage, a
# build tool linked with asm/) into an ELF whose bytes are compiled into
# tlbvisor, together with a C header generated from guestos/abi.inc.
GUESTOS_SRCS  := $(wildcard guestos/*.s guestos/*.inc)
MKIMAGE       := $(BUILD)/guestos/mkimage
GUESTOS_ELF   := $(BUILD)/guestos/guestos.elf
GUESTOS_IMAGE := $(BUILD)/guestos/image.c
GUESTOS_ABI   := $(BUILD)/guestos_abi.h

# ---- build -------------------------------------------------------------------
.PHONY: all check unit e2e run bench experiments install clean
all: tlbvisor

tlbvisor: $(TLBVISOR)
ifeq ($(SAN),1)
	@true
else
	cp $(TLBVISOR) tlbvisor
endif

$(TLBVISOR): $(BUILD)/debugger/main.o $(LIB_OBJS) $(BUILD)/guestos/image.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(MKIMAGE): $(BUILD)/guestos/mkimage.o $(ASM_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS)

$(GUESTOS_ELF) $(GUESTOS_IMAGE) $(GUESTOS_ABI) &: $(MKIMAGE) $(GUESTOS_SRCS)
	$(MKIMAGE) guestos/kernel.s guestos/abi.inc $(GUESTOS_ELF) $(GUESTOS_IMAGE) $(GUESTOS_ABI)

$(BUILD)/guestos/image.o: $(GUESTOS_IMAGE)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The boot loader includes the generated header: make it first.
$(DBG_OBJS) $(TESTS:%=%.o): | $(GUESTOS_ABI)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c | check-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -c -o $@ $<

# A suite links only the component it tests: check_cpu* links cpu/ alone
# (cpu/ builds and is tested without the rest), check_asm* links asm/ alone.
$(BUILD)/tests/check_cpu%: $(BUILD)/tests/check_cpu%.o $(CPU_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(CHECK_LIBS)

$(BUILD)/tests/check_asm%: $(BUILD)/tests/check_asm%.o $(ASM_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(CHECK_LIBS)

# check_vmm* links the VMM and the machine it runs on (vmm/ depends on cpu/ only).
$(BUILD)/tests/check_vmm%: $(BUILD)/tests/check_vmm%.o $(VMM_OBJS) $(CPU_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(CHECK_LIBS)

# check_dbg* links the debugger's parsers alone (they know nothing of the machine).
$(BUILD)/tests/check_dbg%: $(BUILD)/tests/check_dbg%.o $(BUILD)/debugger/expr.o $(BUILD)/debugger/cmdparse.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(CHECK_LIBS)

$(BUILD)/tests/check_%: $(BUILD)/tests/check_%.o $(LIB_OBJS) $(BUILD)/guestos/image.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS) $(CHECK_LIBS)

# ---- tests -------------------------------------------------------------------
# The unit suites need Check; say how to get it rather than fail on a header.
.PHONY: check-deps
check-deps:
	@pkg-config --exists check 2>/dev/null || { \
	    echo "tlbvisor: the unit tests need the Check library. On Debian:"; \
	    echo "    sudo apt-get install -y $(DEBIAN_PACKAGES)"; exit 1; }

# Unit suites run in Check's fork mode: one crash fails one test.
E2E_SCRIPTS := $(sort $(wildcard tests/*/run.sh))

check: unit e2e

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; CK_FORK=yes $$t; done

e2e: $(TLBVISOR)
	@set -e; for s in $(E2E_SCRIPTS); do echo "== $$s"; sh $$s $(abspath $(TLBVISOR)); done

# ---- demo, benchmark, install -----------------------------------------------
# The demo: the guest OS with four processes: hello, a fork/wait tree of 15
# processes, and two processes taking turns with yield.
DEMO_PROGRAMS := hello.s forktree.s yield.s yield.s

run: $(TLBVISOR)
	$(TLBVISOR) run --stats $(DEMO_PROGRAMS:%=guestos/programs/%)

bench: $(TLBVISOR)
	sh tests/bench/bench.sh $(abspath $(TLBVISOR))

# The shadow/nested experiments: docs/experiments.md, .csv and .svg from real runs.
experiments: $(TLBVISOR)
	sh tests/experiments/experiments.sh $(abspath $(TLBVISOR)) docs

install: tlbvisor
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 tlbvisor $(DESTDIR)$(PREFIX)/bin/tlbvisor

clean:
	rm -rf build build-san tlbvisor

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# SPDX-License-Identifier: BSD-3-Clause
#
# The front door. CMake + Ninja do the work underneath.
#   make          build (build/)
#   make run      install missing packages, build, run the main job
#   make test     install missing packages, build, run every test
#   make test-asan / test-tsan   the suite under ASan+UBSan / ThreadSanitizer
#   make format   clang-format every C file in place (scripts/check-format
#                 checks the same files under make test)
#   make bench    benchmarks (clang -O2 in build-bench): table, CSV and PNG
#                 plots in build/bench (docs/performance.md)
#   make bench-instr  instructions per call under callgrind, same outputs
#   make perf-docs    every benchmark, then rewrite the generated tables of
#                     docs/performance.md (and its plots) from that run
#   make verify   spin: exhaustive check of model/delivery.pml (docs/security.md)
#   make fuzz     each libFuzzer target for FUZZ_SECONDS (clang, build-fuzz)
#   make test-aarch64  cross build for aarch64, tests under qemu-aarch64
#   make stress-tsan   1,000,000 notifications with VM churn and ID reuse
#                      under ThreadSanitizer (examples/scenarios/stress.scn)
#   make qemu-test  the EL3 firmware on QEMU driven by Linux's own FF-A
#                   driver: no hypervisor, pKVM, Xen (docs/qemu-linux.md)
#   make xen-test   Xen's own FF-A mediator and ffa-notify's inside Xen,
#                   side by side (XEN_SRC=Xen tree or tarball; docs/xen.md)
#   make perf-e2e   one notification end to end on QEMU, in guest instructions
#                   per EL, every world (XEN_SRC for Xen), then rewrite
#                   docs/performance-e2e.md from that run
#   make perf-e2e-check  a short run of the same: its EL3 and FF-A counts
#                   within 2 % of the committed run's (not part of make test)

BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
CTEST_FLAGS ?=

.PHONY: all build deps run test test-asan test-tsan format clean bench bench-instr perf-docs \
	verify fuzz test-aarch64 stress-tsan qemu-test xen-test perf-e2e perf-e2e-check

all: build

deps:
	@scripts/deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

run: deps
	@$(MAKE) --no-print-directory build
	$(BUILD)/tools/ffa-notify run

test: deps
	@$(MAKE) --no-print-directory build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_FLAGS)

# A Debug build: the SPMC also checks its invariants after every call.
test-asan: deps
	@$(MAKE) --no-print-directory test BUILD=build-asan \
		CMAKE_FLAGS="-DCMAKE_C_COMPILER=clang -DFFN_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug"

test-tsan: deps
	@$(MAKE) --no-print-directory test BUILD=build-tsan \
		CMAKE_FLAGS="-DCMAKE_C_COMPILER=clang -DFFN_SANITIZE=thread" \
		CTEST_FLAGS="$(CTEST_FLAGS)"

STRESS_COUNT ?= 1000000
stress-tsan: deps
	@$(MAKE) --no-print-directory build BUILD=build-tsan \
		CMAKE_FLAGS="-DCMAKE_C_COMPILER=clang -DFFN_SANITIZE=thread"
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" build-tsan/tools/ffa-notify \
		run examples/scenarios/stress.scn --count $(STRESS_COUNT)

format:
	scripts/check-format --fix

bench: deps
	bench/run.sh

bench-instr: deps
	bench/run.sh --instr

perf-docs: deps
	bench/run.sh --docs

clean:
	rm -rf build build-*

verify: deps
	scripts/verify build-verify

FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz build-fuzz

test-aarch64: deps
	scripts/test-aarch64 build-aarch64

qemu-test: deps
	scripts/qemu-test build-qemu

xen-test: deps
	scripts/xen-test build-qemu

perf-e2e: deps
	bench/e2e.sh build-qemu

perf-e2e-check: deps
	FFN_E2E_CHECK=1 bench/e2e.sh build-qemu

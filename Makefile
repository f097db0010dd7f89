# Thin wrapper over CMake, as neovim does. `make run` and `make test` work on a fresh Debian 12 machine.
BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD?= build-bench
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = validators config catalog payload escpos pinyin_cache reader
JOBS       ?= $(shell nproc)
# The ASan pass leaves out the browser-driven tests (labels desk, e2e): there most of the time is chromium's,
# not ours, and the intake's code they reach runs under ASan in test_server's desk API cases over real
# HTTPS. It also leaves out the tests labelled plain_only: screen flows whose code paths the flows it keeps
# already walk, and the TLS scan (docs/TESTING.md). ASAN_CTEST_FLAGS= runs them all.
ASAN_CTEST_FLAGS ?= -LE 'desk|e2e|plain_only'

CMAKE_FLAGS?=
# Ninja where it is installed (scripts/install-deps installs it): it keeps both cores busy through the link
# steps and logs each step's time in .ninja_log. A build folder keeps the generator it was made with.
export CMAKE_GENERATOR ?= $(if $(shell command -v ninja),Ninja,Unix Makefiles)

.PHONY: all deps build run test test-asan asan-build asan-ctest test-fuzz fuzz-build fuzz-ctest fuzz bench tour package clean

all: build

deps:
	@scripts/install-deps

# The benchmarks are built by `make bench` (build-bench, Release), not here: no test runs them, and they
# were 7 % of this build's compile time (docs/TESTING.md).
$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_BUILD_BENCH=OFF $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	@date -u +'== %T plain build'
	cmake --build $(BUILD) -j $(JOBS)

# The demo: dev PKI, a local intake server on 127.0.0.1, the kiosk windowed (FULLSCREEN=1 for full screen).
run: build
	@scripts/run-demo $(BUILD)

# The whole CTest suite, then again under ASan+UBSan, then the libFuzzer targets' bounded runs (clang).
# Each next build runs beside the tests before it, at nice 19 (scripts/beside): the tests spend much of their
# time waiting on browsers, timers and sockets, and the build takes only the CPU they leave. Each phase prints
# the time it starts, so a CI log shows where its minutes went (the budget is 30 minutes; docs/TESTING.md).
test: build
	@date -u +'== %T plain ctest; beside it (nice 19) the ASan/UBSan build, log in $(ASAN_BUILD)/build.log'
	@scripts/beside $(ASAN_BUILD)/build.log '$(MAKE) --no-print-directory asan-build' \
	  ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	@date -u +'== %T ASan/UBSan ctest; beside it (nice 19) the fuzz build, log in $(FUZZ_BUILD)/build.log'
	@scripts/beside $(FUZZ_BUILD)/build.log '$(MAKE) --no-print-directory fuzz-build' \
	  $(MAKE) --no-print-directory asan-ctest
	@date -u +'== %T fuzz bounded runs'
	$(MAKE) --no-print-directory fuzz-ctest
	@date -u +'== %T make test done'

test-asan: asan-build
	$(MAKE) --no-print-directory asan-ctest

asan-build: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKIOSK_SANITIZE=ON -DKIOSK_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)

asan-ctest:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) $(ASAN_CTEST_FLAGS)

# The fuzz targets built with clang + libFuzzer (Debian's default compiler is GCC, which has no libFuzzer):
# tests/fuzz is its own small CMake project (the core and the targets only). docs/FUZZING.md.
fuzz-build: deps
	CC=clang CXX=clang++ cmake -S tests/fuzz -B $(FUZZ_BUILD) $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

test-fuzz: fuzz-build
	$(MAKE) --no-print-directory fuzz-ctest

fuzz-ctest:
	ctest --test-dir $(FUZZ_BUILD) --output-on-failure -j $(JOBS)

# Each target for FUZZ_SECONDS (default 60) from its corpus; new inputs go to $(FUZZ_BUILD)/new-inputs/,
# crashes to $(FUZZ_BUILD)/crashes/ (copy one into tests/fuzz/corpus/<target>/ once it is fixed).
fuzz: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/crashes
	@for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/crashes/$$t- $(FUZZ_BUILD)/new-inputs/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

bench: deps
	cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release -DKIOSK_BUILD_TESTS=OFF $(CMAKE_FLAGS)
	cmake --build $(BENCH_BUILD) -j $(JOBS)
	@scripts/run-bench $(BENCH_BUILD)

# The two Debian packages, build/kiosk_VERSION_amd64.deb and build/kiosk-intake_VERSION_amd64.deb (CPack;
# cmake/packaging.cmake, docs/PACKAGING.md). The install test (ctest -L package, as root) checks them.
package: build
	cmake --build $(BUILD) --target package

# Every screen in zh and en, normal and elderly, as PNGs in docs/screenshots.
tour: build
	@scripts/tour $(BUILD) docs/screenshots

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD) $(FUZZ_BUILD)

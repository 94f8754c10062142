# kompat: build, test and measure. `make test` is what CI runs (.ci/run calls it).
GO        ?= go
BIN       ?= bin/kompat
BENCH_DIR ?= $(CURDIR)/bench-out
GOFLAGS_TEST ?= -count=1 -timeout 25m
# staticcheck is installed through the Go module proxy into bin/tools/<version> on first use.
STATICCHECK_VERSION ?= v0.8.2
STATICCHECK = $(CURDIR)/bin/tools/$(STATICCHECK_VERSION)/staticcheck

.PHONY: all build test vet demo bench bench-source bench-jars bench-cache fuzz docs screenshot clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/kompat

vet: $(STATICCHECK)
	$(GO) vet ./...
	$(STATICCHECK) ./...
	@test -z "$$(gofmt -l cmd scanner rules adapters harness reports internal)" || { echo "gofmt needed:"; gofmt -l cmd scanner rules adapters harness reports internal; exit 1; }

$(STATICCHECK):
	GOBIN=$(dir $(STATICCHECK)) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

# Every test: unit, rule fixtures through both frontends, CLI exit codes, the real-JVM harness and
# (where a Docker engine runs) the container runtime.
test: vet
	$(GO) test $(GOFLAGS_TEST) ./...

# The README quick start: scan the bundled demo module.
demo: build
	./$(BIN) scan testdata/demo || test $$? -eq 1

# Benchmarks (numbers, not pass/fail): source scan of the JDK's own sources vs tree-sitter
# parse-only, the jar corpus vs jdeps, and the harness cycle.
bench: bench-source bench-jars bench-cache
	$(GO) test -run '^$$' -bench . -benchtime 3x ./harness/... | tee $(BENCH_DIR)/harness.txt

bench-source:
	@mkdir -p $(BENCH_DIR)
	./scripts/fetch-jdk-src.sh $(BENCH_DIR)/jdk-src
	KOMPAT_BENCH_SRC=$(BENCH_DIR)/jdk-src $(GO) test -run '^$$' -bench 'BenchmarkSourceCorpus' -benchtime 1x ./scanner/ | tee $(BENCH_DIR)/source.txt

# Re-scan of an unchanged tree from the scan cache vs the first scan (the JDK's java.util).
bench-cache:
	@mkdir -p $(BENCH_DIR)
	./scripts/fetch-jdk-src.sh $(BENCH_DIR)/jdk-src
	KOMPAT_BENCH_CACHE_SRC=$(BENCH_DIR)/jdk-src/java.base/java/util $(GO) test -run '^$$' -bench 'BenchmarkRescanCached' -benchtime 3x ./scanner/ | tee $(BENCH_DIR)/cache.txt

bench-jars:
	@mkdir -p $(BENCH_DIR)
	$(GO) test -run '^$$' -bench 'BenchmarkJarScan|BenchmarkJarCorpus' -benchtime 1x ./scanner/... | tee $(BENCH_DIR)/jars.txt

# Coverage-guided fuzzing of the class-file reader, the archive walker and the Java source frontend,
# 60 s each (not in CI). The source fuzzer's new inputs are minimized for at most 200 runs: the
# generated seeds are kilobytes long and a full minimization would take the whole minute.
FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) ./scanner/classfile/
	$(GO) test -run '^$$' -fuzz FuzzWalk -fuzztime $(FUZZTIME) ./scanner/archive/
	$(GO) test -run '^$$' -fuzz FuzzLower -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./scanner/javasrc/

# Regenerates the rule table in README.md from the rule definitions.
docs:
	@t=$$(mktemp) && $(GO) run ./cmd/kompat rules markdown > $$t && \
		$(GO) run ./cmd/kompat rules docs > docs/rules.md && \
		./scripts/update-readme-rules.sh $$t README.md; s=$$?; rm -f $$t; exit $$s

# The README's picture of the HTML report: the demo scan rendered by headless Chromium.
screenshot: build
	./$(BIN) scan --root . --format html -o $(CURDIR)/bin/demo-report.html testdata/demo || test $$? -eq 1
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1400 \
		--screenshot=$(CURDIR)/docs/report.png file://$(CURDIR)/bin/demo-report.html

clean:
	rm -rf bin $(BENCH_DIR)

# Shortcuts for the README's commands: make run (the server), make test (the
# suite with the race detector), make build (bin/specwright), make fuzz.

.PHONY: run test build fuzz bench

run:
	go run ./cmd/specwright serve

test:
	go test -race -count=1 ./...

build:
	go build -o bin/specwright ./cmd/specwright

# Short fuzzing passes over every fuzz target (longer runs: FUZZTIME=5m).
FUZZTIME ?= 20s
fuzz:
	go test ./internal/sandbox -run '^$$' -fuzz FuzzRel -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	go test ./internal/spec -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	go test ./internal/spec -run '^$$' -fuzz FuzzLinePrefilters -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	go test ./internal/spec -run '^$$' -fuzz FuzzScanWellFormed -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	go test ./internal/httpapi -run '^$$' -fuzz FuzzGuardHostOrigin -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	go test ./internal/httpapi -run '^$$' -fuzz FuzzFrame -fuzztime $(FUZZTIME) -fuzzminimizetime 5s

# The load comparison of issue 13: specwright and the relay (the floor of
# what a Go server must do to relay the stream), same fake provider, same
# run, medians of three runs and their ratios. BENCH_FLAGS passes more
# flags to the load tool (see `go run ./cmd/specwright-load -h`).
RELAY_SRC ?= /work/shared/bench
BENCH_FLAGS ?=
bench: build
	cd $(RELAY_SRC) && go build -o $(CURDIR)/bin/relay ./relay
	go build -o bin/specwright-load ./cmd/specwright-load
	./bin/specwright-load -specwright bin/specwright -relay bin/relay $(BENCH_FLAGS)

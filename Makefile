# Shortcuts for the README's commands: make run (the server), make test (the
# suite with the race detector), make build (bin/specwright), make fuzz.

.PHONY: run test build fuzz

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
	go test ./internal/httpapi -run '^$$' -fuzz FuzzGuardHostOrigin -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	go test ./internal/httpapi -run '^$$' -fuzz FuzzFrame -fuzztime $(FUZZTIME) -fuzzminimizetime 5s

# The two commands a user needs: `make dev` runs the whole sign-in path locally, `make test` tests it.
SHELL := /bin/bash
.DEFAULT_GOAL := help

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

.PHONY: help install build lint test run dev bench
help:
	@echo "make dev     run the local stand-in ALB and Cognito, Redis and two web instances"
	@echo "make test    lint, type-check, build and run every test"
	@echo "make run     run one web instance against a local Redis"
	@echo "make bench   run the benchmarks"
	@echo "make synth   write the AWS stack as Terraform JSON to cdktf.out/ (no AWS access)"
	@echo "make deploy  build the bundle and deploy to AWS (also: make plan, make destroy)"

install: node_modules/.installed

build: install
	npm run build

lint: install
	npx eslint .
	npx prettier --check .
	npx tsc -p tsconfig.json --noEmit

test: lint build
	npx mocha

# Loopback benchmarks of the web service (BENCH_SECONDS per route, default 5), then synth time
# and memory with provider imports from lib/ against the package root (3 runs each).
bench: install
	npx tsx scripts/bench/web.ts
	npx tsx scripts/bench/infra-synth.ts 3

# One instance on :8080 against the Redis on 127.0.0.1:6379, for a quick look without sign-in.
run: build
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379} node dist/web/src/server.js

# The whole sign-in path: the stand-in ALB on http://localhost:8000 (or DEV_PORT), the stand-in
# Cognito, a private Redis and two web instances. Ctrl-C stops them all. The settings and the
# port are checked before the build, which takes several seconds.
dev: install
	@command -v redis-server >/dev/null || { echo "redis-server is not on PATH; install it" \
	  "(Debian or Ubuntu: apt-get install redis-server; macOS: brew install redis)"; exit 1; }
	@node --import tsx scripts/dev.ts --check
	npm run build
	exec node --import tsx scripts/dev.ts

# AWS deployment (README, "Deploy to AWS"). Each target first runs a preflight that names what
# is missing, before the build and the bundle, which take about half a minute.
# CHECKPOINT_DISABLE stops the cdktf CLI from checking for updates.
.PHONY: synth plan deploy destroy bundle
PREFLIGHT := npx tsx scripts/preflight.ts
CDKTF := CHECKPOINT_DISABLE=1 npx cdktf
BUILD_BUNDLE := npm run build && npx tsx scripts/bundle.ts

# Runs the cdktf app directly, as `cdktf synth` would, without the CLI.
synth: install
	@$(PREFLIGHT) synth
	npx tsx infra/main.ts

bundle: install
	@$(PREFLIGHT) bundle
	$(BUILD_BUNDLE)

plan: install
	@$(PREFLIGHT) plan
	$(BUILD_BUNDLE)
	$(CDKTF) plan

deploy: install
	@$(PREFLIGHT) deploy
	$(BUILD_BUNDLE)
	$(CDKTF) deploy

destroy: install
	@$(PREFLIGHT) destroy
	$(CDKTF) destroy

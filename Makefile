# The commands of docs/ARCHITECTURE.md ("Commands"); each installs what it needs first.
.PHONY: dev test format synth deploy bench load scale clean

dev:    ## run the whole product locally on http://localhost:8080 (PORT, EMULATOR_PORT override)
	@scripts/dev.sh

test:   ## every test: Java + emulator, CDK, recorder and console in headless Chromium
	@scripts/test.sh

format: ## every formatter over the whole tree: Spotless, Prettier, ESLint --fix (CONTRIBUTING.md, "Habits")
	@scripts/format.sh

synth:  ## build the recorder, the console and the functions jar; write the templates to infra-cdk/cdk.out/ (CONTEXT="-c key=value …")
	@scripts/setup.sh && infra-cdk/synth.sh $(CONTEXT)

deploy: ## make synth, then deploy exactly that assembly with your AWS credentials (docs/DEPLOY.md)
	@scripts/setup.sh && infra-cdk/synth.sh $(CONTEXT) && infra-cdk/deploy.sh

bench:  ## every benchmark, with baselines, printed as a table (docs/PERFORMANCE.md)
	@scripts/bench.sh

load:   ## N simulated sessions for M minutes against the local runner (docs/INGEST.md)
	@scripts/load.sh

clean:
	mvn -q clean
	rm -rf recorder-sdk/dist web-console/dist infra-cdk/cdk.out .emulator

scale:  ## the scheduled jobs at scale on the emulator: 5,000 tenants, 50,000 sessions (docs/SCALE.md)
	@scripts/scale.sh

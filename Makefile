# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
#
# make run    install what is missing, build, serve on http://127.0.0.1:8080
# make test   install what is missing, build, run the whole test suite
# make sanitize-test   the same tests under AddressSanitizer and UBSan (build-asan/)

BUILD_DIR    ?= build
BUILD_TYPE   ?= RelWithDebInfo
FORGE_WERROR ?= OFF
JOBS         ?= $(shell nproc)

# Debian 12 packages needed to build, test and run the forge.
DEBIAN_PACKAGES := cmake g++ make pkg-config git curl ca-certificates python3 \
	libgit2-dev libboost-dev libboost-system-dev libsqlite3-dev libssl-dev \
	libargon2-dev libtomlplusplus-dev zlib1g-dev catch2 \
	libcmark-gfm-dev libcmark-gfm-extensions-dev nlohmann-json3-dev \
	chromium nodejs

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps configure build run test sanitize-test clean

all: build

# Installs only what is missing, so a second run costs one dpkg-query.
deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# Debian's npm comes apart from its nodejs; other nodejs builds bring their own.
	@command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends npm

configure: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DFORGE_WERROR=$(FORGE_WERROR)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Builds only the server, so the first start does not wait for the test suite.
run: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target forge
	$(BUILD_DIR)/forge/forge serve

# The npm packages of the browser tests and of the e2e mail test's SMTP server
# (tests/browser/package.json), installed again when the lock file changes.
BROWSER_STAMP := tests/browser/node_modules/.installed
$(BROWSER_STAMP): tests/browser/package-lock.json tests/browser/package.json | deps
	cd tests/browser && npm ci --no-audit --no-fund
	touch $@

test: build $(BROWSER_STAMP)
	cd $(BUILD_DIR) && ctest --output-on-failure

sanitize-test: deps $(BROWSER_STAMP)
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DFORGE_WERROR=$(FORGE_WERROR) \
		-DFORGE_SANITIZE=address,undefined
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure

clean:
	rm -rf $(BUILD_DIR) build-asan

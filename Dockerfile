# promkit's container image: the sidecar (`promkit serve --fold`) or the
# source of the binary for an app image that runs under `promkit run`.
#
#   docker build -t promkit .
#   docker run --rm promkit --version
#
# Build stage: the release binary, Swift runtime linked in (`make release`),
# stripped. Run stage: Debian 12 slim, which has what the binary links to
# (glibc 2.35 or later, libstdc++, libgcc_s, zlib; the wheel's tag names the
# same needs) and nothing of the Swift toolchain; a non-root user.
#
# Not built by this repository's CI (it has no container engine): what is
# tested is the binary itself (make install-check, make test, make
# wheel-check), not this file.

FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends zlib1g-dev binutils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --static-swift-stdlib --product promkit \
    && install -D -s -m 755 "$(swift build -c release --show-bin-path)/promkit" /out/promkit \
    && /out/promkit --version

FROM debian:bookworm-slim
COPY --from=build /out/promkit /usr/local/bin/promkit
# The sidecar must run as the app's user (the same uid in the pod) to read
# the workers' /proc/PID/maps and to fold their files; 65532 is a default.
USER 65532:65532
ENV PROMETHEUS_MULTIPROC_DIR=/run/prometheus
EXPOSE 9464
ENTRYPOINT ["/usr/local/bin/promkit"]
CMD ["serve", "/run/prometheus", "--fold", "--listen", "0.0.0.0:9464", "--skip-invalid"]

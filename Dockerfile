# syntax=docker/dockerfile:1

# ---- build ---------------------------------------------------------------
# SQLite comes through mattn/go-sqlite3, which needs cgo and a C compiler;
# the bookworm image has gcc.
FROM golang:1.26-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=1
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags="-s -w" -o /out/forum ./cmd/forum

# ---- run -----------------------------------------------------------------
# Same Debian release as the builder, so the glibc the binary links against
# is there.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 forum \
 && useradd --system --uid 10001 --gid forum --home-dir /data --no-create-home --shell /usr/sbin/nologin forum \
 && mkdir -p /data \
 && chown forum:forum /data
COPY --from=build /out/forum /usr/local/bin/forum

# The SQLite database (and its WAL files) live in /data; with PostgreSQL
# (see docker-compose.yml) the volume stays empty.
WORKDIR /data
VOLUME /data
USER forum:forum
ENV FORUM_ADDR=:8080 \
    FORUM_DATABASE_URL=sqlite:/data/forum.db
EXPOSE 8080

# No HEALTHCHECK: the slim image has no HTTP client. Probe /healthz and
# /readyz from the orchestrator instead.
ENTRYPOINT ["/usr/local/bin/forum"]
CMD ["serve"]

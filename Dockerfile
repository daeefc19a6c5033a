# Production image: a static binary on a distroless base, run as a non-root user.
# It expects MONGODB_URI (and SECRET_KEY, SMTP_HOST) from the environment: the embedded
# development store is not meant for containers.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/folkhalsa-events .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/folkhalsa-events /usr/local/bin/folkhalsa-events
ENV APP_ENV=production \
    LISTEN_ADDR=:8080 \
    LOG_FORMAT=json \
    DATA_DIR=/tmp/folkhalsa
USER nonroot:nonroot
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/folkhalsa-events", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/folkhalsa-events"]

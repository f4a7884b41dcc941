# Sourced by the benchmark scripts: writes the server configuration they share.
#   bench_config FILE DATA_DIR PORT  → plain c2s on 127.0.0.1:PORT, no direct TLS, no TLS requirement, and an
#   address-failure limit high enough for thousands of logins from one address.
bench_config() {
  cat > "$1" <<YAML
domain: localhost
data-dir: $2
c2s:
  bind-address: 127.0.0.1
  port: $3
  direct-tls-port: 0
  tls-required: false
auth:
  max-failures-per-address: 1000
YAML
}

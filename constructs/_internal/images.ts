/**
 * Container images the constructs run directly (not through a chart), pinned.
 * @internal
 */
export const IMAGES = {
  /** Valkey: the Linux Foundation fork maintained upstream since Redis' licence change. */
  valkey: "docker.io/valkey/valkey:8.1.4",
  /** Apache Kafka's official image, same version the test broker runs; used for topic provisioning jobs. */
  kafka: "docker.io/apache/kafka:4.3.1",
} as const;

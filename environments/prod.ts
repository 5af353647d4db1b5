/** prod: Neon branch 'production', AWS MSK, AWS ElastiCache, Dapr HA + mTLS, S3 state, larger sizes. */
import { defineEnvironment } from "./define-environment.js";
import { s3State } from "./s3-state.js";

const large = { replicas: { min: 3, max: 12 }, cpuMillis: 1000, memoryMiB: 1024 };

export const prod = defineEnvironment({
  name: "prod",
  stage: "production",
  kubernetes: { configPath: "~/.kube/config", context: "todo-prod", namespace: "todo" },
  backend: s3State("prod"),
  aws: {
    region: "eu-central-1",
    vpcId: "vpc-0a1b2c3d4e5f60718",
    subnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"],
    clientCidr: "10.0.0.0/16",
  },
  images: { registry: "ghcr.io/todo-platform", tag: "0.1.0" },
  kafka: {
    kind: "msk",
    brokers: 3,
    instanceType: "kafka.m7g.large",
    storageGiB: 500,
    version: "4.1.x.kraft",
  },
  topics: {
    partitions: 12,
    replicationFactor: 3,
    retentionHours: 168,
    deadLetterRetentionHours: 720,
  },
  postgres: {
    kind: "neon",
    projectName: "todo-platform-prod",
    regionId: "aws-eu-central-1",
    branch: "production",
    computeMinCu: 1,
    computeMaxCu: 8,
  },
  redis: { kind: "elasticache", nodeType: "cache.r7g.large", replicas: 2 },
  dapr: { ha: true, mtls: true, logLevel: "warn" },
  notificationWebhookUrl: "https://hooks.todo.example.com/notify",
  frontDoor: {
    host: "todo.example.com",
    tls: { secretName: "todo-tls", clusterIssuer: "letsencrypt" },
  },
  observability: { enabled: true, traceSamplingRatio: 0.1 },
  services: {
    "task-api": { replicas: { min: 3, max: 20 }, cpuMillis: 1000, memoryMiB: 1024 },
    recurrence: large,
    notification: large,
    audit: large,
    realtime: { replicas: { min: 3, max: 12 }, cpuMillis: 500, memoryMiB: 1024 },
  },
});

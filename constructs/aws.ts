/**
 * The AWS constructs (MSK, ElastiCache): the only part of the library that needs the optional
 * peer `@cdktf/provider-aws`.
 *
 * @packageDocumentation
 * @module aws
 */
export { MskKafkaCluster, type MskKafkaClusterProps } from "./kafka/msk-kafka-cluster.js";
export { ElastiCacheRedis, type ElastiCacheRedisProps } from "./redis/elasticache-redis.js";

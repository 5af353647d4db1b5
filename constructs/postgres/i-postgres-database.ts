/**
 * What consumers of a Postgres database need, whichever kind it is (Neon, CloudNativePG, existing):
 * its connection URI, as a sensitive Terraform value, to be written into consumers' Secrets.
 */
export interface IPostgresDatabase {
  /**
   * `postgresql://user:password@host/db?...`. A Terraform expression, never a literal: it holds
   * the password, so write it only into a Kubernetes Secret (cdktf passes it between stacks as a
   * sensitive output).
   */
  readonly connectionUri: string;
  /** Database name. */
  readonly databaseName: string;
}

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

/** Attributes of a database that exists outside this app. */
export interface PostgresDatabaseAttributes {
  /** A Terraform expression yielding the URI, e.g. a sensitive variable's `stringValue`. */
  readonly connectionUri: string;
  /** @default "app" */
  readonly databaseName?: string;
}

/** Imports an existing database by its connection URI (pass a sensitive variable, not a literal). */
export function postgresDatabaseFromAttributes(
  attributes: PostgresDatabaseAttributes,
): IPostgresDatabase {
  return {
    connectionUri: attributes.connectionUri,
    databaseName: attributes.databaseName ?? "app",
  };
}

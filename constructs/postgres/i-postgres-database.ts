/**
 * What consumers of a Postgres database need, whichever kind it is (Neon, CloudNativePG, existing):
 * the name of a Kubernetes Secret in the app namespace holding the connection string.
 */
export interface IPostgresDatabase {
  /** Kubernetes Secret (in the app namespace) holding the connection URI. */
  readonly connectionSecretName: string;
  /** Key of the URI inside that Secret. */
  readonly connectionSecretKey: string;
  /** Database name. */
  readonly databaseName: string;
}

/** Attributes of a database that exists outside this app. */
export interface PostgresDatabaseAttributes {
  readonly connectionSecretName: string;
  /** @default "uri" */
  readonly connectionSecretKey?: string;
  /** @default "todo" */
  readonly databaseName?: string;
}

/** Imports an existing database whose connection string is already in a Kubernetes Secret. */
export function postgresDatabaseFromAttributes(
  attributes: PostgresDatabaseAttributes,
): IPostgresDatabase {
  return {
    connectionSecretName: attributes.connectionSecretName,
    connectionSecretKey: attributes.connectionSecretKey ?? "uri",
    databaseName: attributes.databaseName ?? "todo",
  };
}

import type { IPostgresDatabase } from "./i-postgres-database.js";

/** Attributes of a database that exists outside this app. */
export interface PostgresDatabaseAttributes {
  /** A Terraform expression yielding the URI, e.g. a sensitive variable's `stringValue`. */
  readonly connectionUri: string;
  /** @default "app" */
  readonly databaseName?: string;
}

/** A Postgres database managed elsewhere, imported by its connection URI. */
export class ExternalPostgresDatabase implements IPostgresDatabase {
  /** Imports an existing database (pass a sensitive variable as the URI, not a literal). */
  static fromAttributes(attributes: PostgresDatabaseAttributes): IPostgresDatabase {
    return new ExternalPostgresDatabase(attributes.connectionUri, attributes.databaseName ?? "app");
  }

  private constructor(
    /** The connection URI given: a Terraform expression, sensitive. */
    readonly connectionUri: string,
    /** The database name given, or `app`. */
    readonly databaseName: string,
  ) {}
}

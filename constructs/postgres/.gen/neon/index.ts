// The Neon resource bindings, exported by the library as the `neon` namespace (NeonPostgres
// exposes its project, branch, endpoint, role and database); the provider is exported on its own.
export * from "./_resource.js";
export * from "./branch.js";
export * from "./database.js";
export * from "./endpoint.js";
export * from "./project.js";
export * from "./role.js";

/**
 * Finds secret values written in plain text into synthesized Terraform JSON. Secrets must come
 * from Terraform expressions (random_password, provider attributes, sensitive variables), reach
 * Dapr through secretKeyRef, and leave a stack only through sensitive outputs.
 */
type Json = Record<string, unknown>;

/** Attribute names whose value is a secret. */
const SECRET_ATTRIBUTE =
  /^(password|passwd|auth_token|api_key|apikey|secret|client_secret|token|private_key|master_password|jwt-secret|access_key|secret_key)$/i;
/** Dapr Component metadata names whose value is a secret. */
const SECRET_METADATA = /(password|secret|token|apikey|api_key|accesskey|secretkey|credential)/i;
/** Well-known credential shapes that must never appear anywhere. */
const CREDENTIAL_PATTERNS: [string, RegExp][] = [
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["AWS access key id", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  // A format() template such as postgresql://%s:%s@... fills the password in from an expression.
  ["URI with inline password", /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@${}]+:[^\s@${}%]+@/i],
  ["Redis requirepass literal", /requirepass [^%$\s]/],
];
/** Keys of Secret data that are identifiers, not secrets (e.g. a basic-auth Secret's username). */
const NON_SECRET_DATA_KEYS = new Set(["username", "user", "host", "port", "database", "dbname"]);
/** Resources whose results are secret: an output referencing them must be sensitive. */
const SENSITIVE_SOURCES =
  /\b(random_password\.|neon_role\.[^.]+\.password|neon_project\.[^.]+\.(connection_uri|database_password)|kubernetes_secret_v1\.)/;

const isExpression = (v: string) => /^\$\{[\s\S]*\}$/.test(v);

function walk(
  value: unknown,
  path: string,
  visit: (path: string, key: string, value: unknown) => void,
): void {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      visit(`${path}.${k}`, k, v);
      walk(v, `${path}.${k}`, visit);
    }
}

/** One line per plaintext secret found in `config` (a parsed cdk.tf.json). */
export function findPlaintextSecrets(config: Json): string[] {
  const findings: string[] = [];
  walk(config, "", (path, key, value) => {
    if (typeof value === "string") {
      if (SECRET_ATTRIBUTE.test(key) && value !== "" && !isExpression(value))
        findings.push(`${path}: literal value for '${key}'`);
      for (const [what, pattern] of CREDENTIAL_PATTERNS)
        if (pattern.test(value)) findings.push(`${path}: ${what}`);
    }
  });
  const resources = (config.resource ?? {}) as Record<string, Record<string, Json>>;
  for (const [name, secret] of Object.entries(resources.kubernetes_secret_v1 ?? {}))
    for (const field of ["data", "binary_data"] as const)
      for (const [key, value] of Object.entries((secret[field] ?? {}) as Record<string, unknown>))
        if (!NON_SECRET_DATA_KEYS.has(key) && (typeof value !== "string" || !isExpression(value)))
          findings.push(
            `kubernetes_secret_v1.${name}.${field}.${key}: literal value (use random_password or a provider attribute)`,
          );
  for (const [name, manifest] of Object.entries(resources.kubernetes_manifest ?? {})) {
    const body = manifest.manifest as {
      kind?: string;
      spec?: { metadata?: { name: string; value?: unknown }[] };
    };
    if (body.kind !== "Component") continue;
    for (const item of body.spec?.metadata ?? [])
      if (SECRET_METADATA.test(item.name) && item.value !== undefined)
        findings.push(
          `kubernetes_manifest.${name}: Dapr metadata '${item.name}' has a value; use secretKeyRef`,
        );
  }
  for (const [name, release] of Object.entries(resources.helm_release ?? {}))
    for (const set of (release.set ?? []) as { name: string; value?: string }[])
      if (SECRET_METADATA.test(set.name))
        findings.push(
          `helm_release.${name}: '${set.name}' passed with set (use set_sensitive from an expression)`,
        );
  for (const [name, output] of Object.entries((config.output ?? {}) as Record<string, Json>))
    if (SENSITIVE_SOURCES.test(JSON.stringify(output.value)) && output.sensitive !== true)
      findings.push(`output.${name}: exposes a secret without sensitive = true`);
  return findings;
}

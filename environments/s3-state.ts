/**
 * The remote environments' state: one S3 bucket, a key per environment
 * (`<environment>/terraform.tfstate`, each stack's state beside it), encrypted, and locked with
 * an S3 lock file.
 */
export function s3State(environment: string) {
  return {
    kind: "s3",
    bucket: "todo-platform-tfstate",
    key: `${environment}/terraform.tfstate`,
    region: "eu-central-1",
    useLockfile: true,
    encrypt: true,
  } as const;
}

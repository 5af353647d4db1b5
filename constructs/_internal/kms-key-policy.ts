/**
 * Key policy for the customer-managed KMS keys of the AWS constructs: the account administers the
 * key (the AWS default, written out so it is reviewable), and optionally CloudWatch Logs may use
 * it to encrypt a log group.
 * @internal
 */
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity/index.js";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region/index.js";
import { Fn } from "cdktf";
import type { Construct } from "constructs";

export function kmsKeyPolicy(
  scope: Construct,
  options: { allowCloudWatchLogs?: boolean } = {},
): string {
  const account = new DataAwsCallerIdentity(scope, "Account");
  const statements: Record<string, unknown>[] = [
    {
      Sid: "AccountAdministersKey",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${account.accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ];
  if (options.allowCloudWatchLogs) {
    const region = new DataAwsRegion(scope, "Region");
    statements.push({
      Sid: "CloudWatchLogsEncrypts",
      Effect: "Allow",
      Principal: { Service: `logs.${region.region}.amazonaws.com` },
      Action: [
        "kms:Encrypt*",
        "kms:Decrypt*",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:Describe*",
      ],
      Resource: "*",
    });
  }
  return Fn.jsonencode({ Version: "2012-10-17", Statement: statements });
}

/**
 * What a shell needs for `cdktf synth/diff/deploy` against the local control plane with no
 * registry reachable: the kubeconfig (for kubectl and, as KUBE_CONFIG_PATH, for the Kubernetes
 * and Helm providers), the built kubectl on PATH, the Terraform CLI cdktf runs
 * (TERRAFORM_BINARY_NAME) and the CLI configuration that installs providers from the local mirror.
 */
import { delimiter } from "node:path";
import { ensureTerraform } from "../terraform/terraform.js";
import type { RunningCluster } from "../kubernetes/kubernetes-cluster.js";

export async function deployEnvironment(
  cluster: Pick<RunningCluster, "kubeconfig" | "install">,
): Promise<Record<string, string>> {
  const terraform = await ensureTerraform({ build: false });
  return {
    ...terraform.env,
    KUBECONFIG: cluster.kubeconfig,
    KUBE_CONFIG_PATH: cluster.kubeconfig,
    TERRAFORM_BINARY_NAME: terraform.bin,
    PATH: `${cluster.install.binDir}${delimiter}${process.env.PATH ?? ""}`,
  };
}

/** `export NAME='value'` lines for a POSIX shell; PATH keeps the shell's own `$PATH`. */
export function shellExports(env: Record<string, string>): string {
  const quote = (v: string) => `'${v.replaceAll("'", `'\\''`)}'`;
  return Object.entries(env)
    .map(([name, value]) =>
      name === "PATH"
        ? `export PATH=${quote(value.split(delimiter)[0]!)}:"$PATH"`
        : `export ${name}=${quote(value)}`,
    )
    .join("\n");
}

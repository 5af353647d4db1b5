/** Kubernetes and Helm providers configured from an environment's kubeconfig/context. */
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { Construct } from "constructs";
import type { Environment } from "../../environments/schema.js";

export function kubernetesProvider(scope: Construct, env: Environment): KubernetesProvider {
  return new KubernetesProvider(scope, "kubernetes", {
    configPath: env.kubernetes.configPath,
    configContext: env.kubernetes.context,
  });
}

export function helmProvider(scope: Construct, env: Environment): HelmProvider {
  return new HelmProvider(scope, "helm", {
    kubernetes: { configPath: env.kubernetes.configPath, configContext: env.kubernetes.context },
  });
}

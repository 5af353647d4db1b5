/**
 * The Restricted Pod Security Standard as the kubernetes provider's `securityContext` blocks:
 * every pod the constructs run themselves meets it, so the namespace can enforce it.
 * @internal
 */

/** A pod that runs as `uid` (and group `uid`, also owning its volumes when `fsGroup`). */
export function restrictedPodSecurityContext(uid: number, options: { fsGroup?: boolean } = {}) {
  const id = String(uid);
  return {
    runAsNonRoot: true,
    runAsUser: id,
    runAsGroup: id,
    ...(options.fsGroup ? { fsGroup: id } : {}),
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** A container that cannot escalate, write its root filesystem, or use any capability. */
export function restrictedContainerSecurityContext() {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
  };
}

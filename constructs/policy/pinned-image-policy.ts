import { Annotations, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { workloadOf } from "./_workloads.js";

/** Splits `registry/repo:tag@digest` into its tag and digest (the registry may carry a port). */
export function imageReference(image: string): { tag?: string; digest?: string } {
  const [withoutDigest, digest] = image.split("@");
  const lastSegment = withoutDigest.split("/").pop() ?? "";
  const tag = lastSegment.includes(":") ? lastSegment.split(":").pop() : undefined;
  return { tag, digest };
}

/** Fails synth when a container image is untagged or tagged `latest` (unless pinned by digest). */
export class PinnedImagePolicy implements IAspect {
  visit(node: IConstruct): void {
    for (const container of workloadOf(node)?.containers ?? []) {
      if (!container.image) continue; // computed at apply time (token); nothing to check here
      const { tag, digest } = imageReference(container.image);
      if (digest) continue;
      if (!tag || tag === "latest")
        Annotations.of(node).addError(
          `container '${container.name}': image '${container.image}' is ${tag ? "tagged 'latest'" : "untagged"}; pin a version tag (e.g. :1.4.2) or a digest`,
        );
    }
  }
}

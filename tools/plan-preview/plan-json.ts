/**
 * The part of `terraform show -json <saved plan>` a plan preview reads: which resources change
 * and how. Values are never read, so nothing sensitive can reach a comment from here.
 */

/** What a plan does to one resource, as a reviewer reads it. */
export type ChangeAction = "create" | "update" | "replace" | "delete";

export interface ResourceChange {
  readonly address: string;
  readonly action: ChangeAction;
  /** For a replacement: the attributes that force it (e.g. `metadata.0.name`). */
  readonly replacedBecause?: readonly string[];
}

/** The fields of the plan JSON format this module reads (format_version 1.x). */
export interface PlanJson {
  readonly format_version?: string;
  /** The release that made the plan, e.g. `1.11.4`. */
  readonly terraform_version?: string;
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly replace_paths?: readonly (readonly (string | number)[])[];
    };
  }[];
}

/** Plan actions → reviewer action; no-op and data source reads are not changes. */
function actionOf(actions: readonly string[]): ChangeAction | undefined {
  const key = actions.join(",");
  switch (key) {
    case "create":
    case "update":
    case "delete":
      return key;
    case "delete,create":
    case "create,delete":
      return "replace";
    case "no-op":
    case "read":
    case "":
      return undefined;
    default:
      throw new Error(`unknown plan actions [${key}]`);
  }
}

/** The resource changes of a parsed `terraform show -json` plan, in the plan's order. */
export function resourceChanges(plan: PlanJson): ResourceChange[] {
  if (!plan.format_version?.startsWith("1."))
    throw new Error(
      `unsupported plan JSON format_version ${JSON.stringify(plan.format_version)}: expected 1.x`,
    );
  const changes: ResourceChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const action = actionOf(rc.change.actions);
    if (!action) continue;
    const paths = rc.change.replace_paths?.map((p) => p.join("."));
    changes.push({
      address: rc.address,
      action,
      ...(action === "replace" && paths?.length ? { replacedBecause: paths } : {}),
    });
  }
  return changes;
}

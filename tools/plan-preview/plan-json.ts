/**
 * The part of `terraform show -json <saved plan>` a plan preview reads: which resources change,
 * how, and at which attribute paths. Values are compared here and never leave this module (no
 * field of a {@link ResourceChange} holds one), so nothing sensitive can reach a comment.
 */

/**
 * What a plan does to one resource, as a reviewer reads it; `no-op` only for a resource that is
 * moved or imported and otherwise unchanged.
 */
export type ChangeAction = "create" | "update" | "replace" | "delete" | "no-op";

/** One attribute path that changes, e.g. `spec[0].replicas`; never its value. */
export interface ChangedAttribute {
  readonly path: string;
  /** `sensitive`: the value is hidden; `known after apply`: the plan cannot know it yet. */
  readonly note?: "sensitive" | "known after apply";
}

export interface ResourceChange {
  readonly address: string;
  readonly action: ChangeAction;
  /** For a replacement: the attributes that force it (e.g. `metadata.0.name`). */
  readonly replacedBecause?: readonly string[];
  /** For an update or a replacement: the attribute paths that change. */
  readonly changed?: readonly ChangedAttribute[];
  /** Moved here from this address (a `moved` block, cdktf's `moveTo`/`moveFromId`). */
  readonly movedFrom?: string;
  /** Brought under management by an `import` block. */
  readonly imported?: boolean;
  /**
   * A create whose every known attribute equals those of a destroyed resource of the same type:
   * most likely a renamed construct id (the resource would be destroyed and created again).
   */
  readonly likelyRenameOf?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** Terraform's marker trees (`after_unknown`, `*_sensitive`): `true` where the marker holds. */
type Marks = boolean | Marks[] | { [key: string]: Marks } | undefined;

/** The fields of the plan JSON format this module reads (format_version 1.x). */
export interface PlanJson {
  readonly format_version?: string;
  /** The release that made the plan, e.g. `1.11.4`. */
  readonly terraform_version?: string;
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly type?: string;
    readonly previous_address?: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly replace_paths?: readonly (readonly (string | number)[])[];
      readonly before?: Json;
      readonly after?: Json;
      readonly after_unknown?: Marks;
      readonly before_sensitive?: Marks;
      readonly after_sensitive?: Marks;
      readonly importing?: unknown;
    };
  }[];
}

/** Plan actions → reviewer action; no-op and data source reads are not changes. */
function actionOf(actions: readonly string[]): Exclude<ChangeAction, "no-op"> | undefined {
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

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const child = (marks: Marks, key: string | number): Marks =>
  Array.isArray(marks) ? marks[key as number] : isObject(marks) ? marks[key] : undefined;
const join = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/**
 * The paths where `before` and `after` differ, as deep as both are objects or lists of the
 * same length; a sensitive or unknown subtree is one path with its note, never descended.
 */
function changedAttributes(
  before: Json | undefined,
  after: Json | undefined,
  marks: { unknown: Marks; beforeSensitive: Marks; afterSensitive: Marks },
  path = "",
): ChangedAttribute[] {
  if (marks.unknown === true) return [{ path, note: "known after apply" }];
  if (marks.beforeSensitive === true || marks.afterSensitive === true)
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, note: "sensitive" }];
  const sameShape =
    (isObject(before) && isObject(after)) ||
    (Array.isArray(before) && Array.isArray(after) && before.length === after.length);
  if (!sameShape) return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path }];
  const keys = Array.isArray(before)
    ? before.map((_, i) => i)
    : [...new Set([...Object.keys(before as object), ...Object.keys(after as object)])].sort();
  return keys.flatMap((key) =>
    changedAttributes(
      (before as Record<string | number, Json>)[key],
      (after as Record<string | number, Json>)[key],
      {
        unknown: child(marks.unknown, key),
        beforeSensitive: child(marks.beforeSensitive, key),
        afterSensitive: child(marks.afterSensitive, key),
      },
      join(path, key),
    ),
  );
}

/**
 * True when every attribute `after` sets and knows equals the same attribute of `before`. A
 * null in `after` is an attribute the configuration leaves unset: the destroyed resource's
 * state holds the provider's default there (`false`, `{}`), which says nothing of a rename.
 */
function knownAttributesEqual(
  before: Json | undefined,
  after: Json | undefined,
  unknown: Marks,
): boolean {
  if (unknown === true || after === null || after === undefined) return true;
  if (Array.isArray(after))
    return (
      Array.isArray(before) &&
      before.length === after.length &&
      after.every((a, i) => knownAttributesEqual(before[i], a, child(unknown, i)))
    );
  if (isObject(after))
    return (
      isObject(before) &&
      Object.entries(after).every(([key, a]) =>
        knownAttributesEqual((before as Record<string, Json>)[key], a, child(unknown, key)),
      )
    );
  return before === after;
}

/** The resource changes of a parsed `terraform show -json` plan, in the plan's order. */
export function resourceChanges(plan: PlanJson): ResourceChange[] {
  if (!plan.format_version?.startsWith("1."))
    throw new Error(
      `unsupported plan JSON format_version ${JSON.stringify(plan.format_version)}: expected 1.x`,
    );
  const relevant = (plan.resource_changes ?? []).flatMap((rc) => {
    const action = actionOf(rc.change.actions);
    const moved = rc.previous_address !== undefined && rc.previous_address !== rc.address;
    const imported = rc.change.importing !== undefined && rc.change.importing !== null;
    return action || moved || imported ? [{ rc, action: action ?? ("no-op" as const) }] : [];
  });
  const deletes = relevant.filter((r) => r.action === "delete");
  const claimed = new Set<string>();
  return relevant.map(({ rc, action }) => {
    const c = rc.change;
    const paths = c.replace_paths?.map((p) => p.join("."));
    const changed =
      action === "update" || action === "replace"
        ? changedAttributes(c.before, c.after, {
            unknown: c.after_unknown,
            beforeSensitive: c.before_sensitive,
            afterSensitive: c.after_sensitive,
          })
        : [];
    const renamed =
      action === "create"
        ? deletes.find(
            (d) =>
              d.rc.type === rc.type &&
              !claimed.has(d.rc.address) &&
              knownAttributesEqual(d.rc.change.before, c.after, c.after_unknown),
          )
        : undefined;
    if (renamed) claimed.add(renamed.rc.address);
    return {
      address: rc.address,
      action,
      ...(action === "replace" && paths?.length ? { replacedBecause: paths } : {}),
      ...(changed.length ? { changed } : {}),
      ...(rc.previous_address && rc.previous_address !== rc.address
        ? { movedFrom: rc.previous_address }
        : {}),
      ...(c.importing !== undefined && c.importing !== null ? { imported: true } : {}),
      ...(renamed ? { likelyRenameOf: renamed.rc.address } : {}),
    };
  });
}

/** One Prometheus alerting rule (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/). */
export interface PrometheusAlertRule {
  /** CamelCase alert name, e.g. `OutboxEventsStale`. */
  readonly alert: string;
  /** PromQL condition; every series it returns is one firing alert. */
  readonly expr: string;
  /** How long the condition must hold before the alert fires. @default - fires at once */
  readonly for?: string;
  /** `severity` is required (`page` or `ticket`): it routes the alert. */
  readonly labels: { readonly severity: "page" | "ticket" } & Readonly<Record<string, string>>;
  /** `summary` and `runbook_url` are required: the person paged needs both. */
  readonly annotations: { readonly summary: string; readonly runbook_url: string } & Readonly<
    Record<string, string>
  >;
}

/** A named group of alerting rules, evaluated together. */
export interface PrometheusRuleGroup {
  /** Group name, unique in the rules file. */
  readonly name: string;
  /** Its rules, evaluated in order every evaluation interval. */
  readonly rules: readonly PrometheusAlertRule[];
}

/** Rejects what Prometheus would refuse or what leaves the person paged without help. */
export function validateRuleGroups(groups: readonly PrometheusRuleGroup[]): void {
  const names = new Set<string>();
  for (const group of groups) {
    for (const rule of group.rules) {
      const where = `alert rule '${rule.alert}' (group '${group.name}')`;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(rule.alert))
        throw new Error(`${where}: the alert name must match [A-Za-z_][A-Za-z0-9_]*`);
      if (names.has(rule.alert)) throw new Error(`${where}: the alert name is used twice`);
      names.add(rule.alert);
      if (rule.for !== undefined && !/^(\d+(ms|s|m|h|d|w|y))+$/.test(rule.for))
        throw new Error(`${where}: for '${rule.for}' is not a Prometheus duration such as 5m`);
      if (!rule.annotations.runbook_url)
        throw new Error(`${where}: annotations.runbook_url is required`);
    }
  }
}

/** The `alerting_rules.yml` document Prometheus loads. */
export function alertingRulesFile(groups: readonly PrometheusRuleGroup[]) {
  return { groups: groups.map((g) => ({ name: g.name, rules: g.rules.map((r) => ({ ...r })) })) };
}

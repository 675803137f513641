// The Sources tab's targets: people, or organizations with title phrases, as `sources_rank`
// takes them.
import type { SourceTarget } from "../../bindings/commands";
import type { Target } from "../paths/query";

export interface SourceTargetItem {
  target: Target;
  /** Title phrases, for an organization. */
  title: string;
}

export function targetKey(t: Target): string {
  return t.kind === "person" ? `p${t.person.id}` : `o${t.id}`;
}

export function sourceTargets(items: readonly SourceTargetItem[]): SourceTarget[] {
  return items.map(({ target, title }) => {
    if (target.kind === "person") return { person: target.person.id };
    const t: SourceTarget = { organization: target.id };
    if (title.trim()) t.title = title.trim();
    return t;
  });
}

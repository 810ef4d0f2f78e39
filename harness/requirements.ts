// The requirements catalogue (XAPI-nnnnn ids and texts), copied into generated/ by the build so the
// installed package is self-contained. This file sits directly under harness/ so that the relative
// URL resolves both from source (harness/ -> generated/) and from dist (dist/harness/ -> dist/generated/).
import { readFileSync } from 'node:fs';

export interface Requirement {
  id: string;
  section: string;
  spec: string;
  text: string;
}

let catalogue: Map<string, Requirement> | undefined;

export function requirementCatalogue(): Map<string, Requirement> {
  if (!catalogue) {
    const file = new URL('../generated/requirements-1.0.3.json', import.meta.url);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { requirements: Requirement[] };
    catalogue = new Map(parsed.requirements.map((r) => [r.id, r]));
  }
  return catalogue;
}

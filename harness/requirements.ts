// The requirements catalogue (XAPI-nnnnn ids and texts), copied into generated/ by the build so the
// installed package is self-contained. This file sits directly under harness/ so that the relative
// URL resolves both from source (harness/ -> generated/) and from dist (dist/harness/ -> dist/generated/).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from './options.js';

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
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new UsageError(`the requirements catalogue ${fileURLToPath(file)} is missing: run "npm run build" (or "node scripts/build.mjs --copy-only") first`);
    }
    const parsed = JSON.parse(text) as { requirements: Requirement[] };
    catalogue = new Map(parsed.requirements.map((r) => [r.id, r]));
  }
  return catalogue;
}

// The requirements catalogue (XAPI-nnnnn ids and texts), kept as data in spec/; the compiler copies it to
// dist/spec/, so the installed package reads it exactly as a source run does.
import catalogueFile from '../spec/requirements-1.0.3.json' with { type: 'json' };

export interface Requirement {
  id: string;
  section: string;
  spec: string;
  text: string;
}

const catalogue = new Map<string, Requirement>(catalogueFile.requirements.map((r) => [r.id, r]));

export function requirementCatalogue(): Map<string, Requirement> {
  return catalogue;
}

// Every XAPI-nnnnn id the data model names exists in the catalogue and belongs to the Data part
// (sections 2.2-2.6 and 4.x of requirements-1.0.3.json), so an issue never cites a wrong rule.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requirementCatalogue } from '../../harness/requirements.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sections = new Map([...requirementCatalogue().values()].map((r) => [r.id, r.section]));

describe('validation: requirement ids', () => {
  const files = readdirSync(join(root, 'validation')).filter((f) => f.endsWith('.ts'));
  const cited = new Set(files.flatMap((f) => readFileSync(join(root, 'validation', f), 'utf8').match(/XAPI-\d{5}/g) ?? []));

  it('cites many requirements', () => expect(cited.size).to.be.greaterThan(80));

  for (const id of [...cited].sort()) {
    it(`${id} exists and is a Data-part requirement`, () => {
      const section = sections.get(id);
      expect(section, `${id} is not in the catalogue`).to.be.a('string');
      expect(Number(id.slice(5))).to.be.lessThanOrEqual(124, `${id} (${section}) is not a Data-part requirement`);
    });
  }
});

// The statement fixture files checked against their JSON schema, plus the rules a schema cannot say:
// unique case names per version, known requirement ids, patches that touch the template.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { validationFixtures } from '../../suites/statements/lib/fixtures.js';
import { requirementCatalogue } from '../../harness/requirements.js';

const read = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/statements/${name}`, import.meta.url), 'utf8'));

describe('statement fixtures', () => {
  const schema = read('validation.schema.json');
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('validation.json follows validation.schema.json', () => {
    const ok = validate(read('validation.json'));
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).to.deep.equal([]);
    expect(ok).to.equal(true);
  });

  it('the schema rejects an invalid case that names no requirement', () => {
    const broken = read('validation.json');
    broken.cases.push({ name: 'nameless-rule', valid: false, requirements: [], section: 'Data 2.2 Formatting Requirements', set: { '/x': 1 } });
    expect(validate(broken)).to.equal(false);
  });

  it('the schema rejects a case with an unknown property or a bad pointer', () => {
    const extra = read('validation.json');
    extra.cases[0].expectedStatus = 400;
    expect(validate(extra)).to.equal(false);
    const pointer = read('validation.json');
    pointer.cases[0].unset = ['actor'];
    expect(validate(pointer)).to.equal(false);
  });

  it('case names are unique per xAPI version', () => {
    const seen = new Set<string>();
    const duplicates: string[] = [];
    for (const c of validationFixtures.cases) {
      for (const v of c.versions ?? ['1.0.3', '2.0.0']) {
        const key = `${c.name}@${v}`;
        if (seen.has(key)) duplicates.push(key);
        seen.add(key);
      }
    }
    expect(duplicates).to.deep.equal([]);
  });

  it('every requirement id exists in the catalogue and its text is copied exactly', () => {
    const texts = new Map([...requirementCatalogue().values()].map((r) => [r.id, r.text]));
    for (const c of validationFixtures.cases) for (const id of c.requirements) expect(texts.has(id), `${c.name}: ${id}`).to.equal(true);
    for (const [id, text] of Object.entries(validationFixtures.requirementText)) expect(text, id).to.equal(texts.get(id));
  });

  it('every pointer a case removes exists in the template', () => {
    const missing: string[] = [];
    for (const c of validationFixtures.cases) {
      for (const pointer of c.unset ?? []) {
        let node: any = validationFixtures.template;
        for (const token of pointer.split('/').slice(1)) node = node?.[token];
        if (node === undefined) missing.push(`${c.name}: ${pointer}`);
      }
    }
    expect(missing).to.deep.equal([]);
  });
});

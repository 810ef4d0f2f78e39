// The suites' layout is the check ids' layout: a folder per spec area (the suite), one file per spec
// section, and every check's id starts with its file's path (suites/http/head.ts holds http.head.*),
// so an id in a report leads straight to the code that judged it.
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Check } from '../../harness/check.js';
import { allChecks } from '../../suites/index.js';

const suitesDir = fileURLToPath(new URL('../../suites/', import.meta.url));

async function checksByFile(): Promise<Map<string, Check[]>> {
  const byFile = new Map<string, Check[]>();
  for (const area of readdirSync(suitesDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(`${suitesDir}${area.name}`).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
      const module = (await import(`${suitesDir}${area.name}/${file}`)) as { checks?: Check[] };
      if (module.checks) byFile.set(`${area.name}/${file.slice(0, -3)}`, module.checks);
    }
  }
  return byFile;
}

describe('suites layout', () => {
  it('every check id starts with the path of the file that exports it, and its suite is its folder', async () => {
    const byFile = await checksByFile();
    const misplaced = [...byFile].flatMap(([path, checks]) =>
      checks.filter((c) => !c.id.startsWith(`${path.replace('/', '.')}.`) || c.suite !== path.split('/')[0]).map((c) => `${c.id} (suite ${c.suite}) in suites/${path}.ts`),
    );
    expect(misplaced).to.deep.equal([]);
  });

  it('the suite files export exactly the checks the harness runs', async () => {
    const exported = [...(await checksByFile()).values()].flat().map((c) => c.id).sort();
    expect(exported).to.deep.equal(allChecks.map((c) => c.id).sort());
  });
});

// The published package stands alone: `npm pack` (which builds), installed into an empty project,
// runs the full conformance job against its embedded reference LRS with nothing but its own files.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('npm package', function () {
  this.timeout(300_000);
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xapi-conform-pack-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('installs from its tarball into an empty project, and `npx xapi-conform run` passes', async () => {
    const packed = await run(npm, ['pack', '--json', '--pack-destination', dir], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    const [{ filename, files }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [{ filename: string; files: { path: string }[] }];
    const paths = files.map((f) => f.path);
    expect(paths).to.include('dist/spec/requirements-1.0.3.json');
    expect(paths.filter((p) => p.startsWith('dist/test/') || (p.endsWith('.ts') && !p.endsWith('.d.ts')))).to.deep.equal([]);

    const project = join(dir, 'project');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'empty', version: '1.0.0', private: true }));
    await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, filename)], { cwd: project });

    const out = join(project, 'out');
    const ran = await run('npx', ['--no-install', 'xapi-conform', 'run', '--reporter', 'json', '--out', out], { cwd: project, maxBuffer: 64 * 1024 * 1024 });
    const report = JSON.parse(await readFile(join(out, 'xapi-conform.json'), 'utf8')) as { summary: Record<string, number> };
    expect(report.summary.failed, ran.stdout).to.equal(0);
    expect(report.summary.passed).to.be.greaterThan(500);
  });
});

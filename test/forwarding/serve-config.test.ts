// `xapi-conform serve` refuses to start with an invalid forwarding configuration, naming entry and key,
// from --forwardings FILE and from XAPI_CONFORM_FORWARDINGS.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const good = { is_active: true, url: 'http://127.0.0.1:9/sink', basic_username: 'u', basic_password: 'secret-pw', max_retries: 1, timeout: 1 };

function serve(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'bin', 'xapi-conform.ts'), 'serve', '--port', '0', ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 20_000 },
      (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

describe('serve: invalid forwarding configuration refuses to start', function () {
  this.timeout(30_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xapi-conform-fwd-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('from --forwardings FILE: names the entry and the missing key', async () => {
    const { timeout: _dropped, ...missing } = good;
    const file = join(dir, 'forwardings.json');
    await writeFile(file, JSON.stringify([good, missing]));
    const { code, stderr } = await serve(['--forwardings', file, '--data', join(dir, 'data')]);
    expect(code).to.not.equal(0);
    expect(stderr).to.contain('entry 1: missing required key "timeout"');
    expect(stderr).to.not.contain('secret-pw');
  });

  it('from XAPI_CONFORM_FORWARDINGS: names the entry and the mistyped key', async () => {
    const { code, stderr } = await serve(['--data', join(dir, 'data')], {
      XAPI_CONFORM_FORWARDINGS: JSON.stringify([{ ...good, is_active: 'yes' }]),
    });
    expect(code).to.not.equal(0);
    expect(stderr).to.contain('entry 0: key "is_active" must be a boolean');
  });
});

// `xapi-conform serve` as a user runs it: a child process with a credentials file, options from the
// command line, the URL printed on stdout, and a clean exit on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { expect } from 'chai';
import { writeAuthFile } from '../../reference-lrs/auth/index.js';
import { send, statement } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('reference-lrs: xapi-conform serve', function () {
  this.timeout(40_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xapi-conform-serve-'));
    await writeAuthFile(join(dir, 'auth.json'), [{ username: 'cli', hash: await bcrypt.hash('cli-pass', 4), scopes: ['all'] }]);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('serves with the given options, prints its URL, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'bin', 'xapi-conform.ts'), 'serve', '--port', '0', '--data', join(dir, 'data'),
        '--auth-file', join(dir, 'auth.json'), '--base-path', '/lrs', '--xapi-versions', '1.0.3', '--body-limit', '4096'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let output = '';
      for await (const chunk of child.stdout) {
        output += chunk;
        if (output.includes('\n')) break;
      }
      const url = output.trim();
      expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/lrs$/);
      const auth = `Basic ${Buffer.from('cli:cli-pass').toString('base64')}`;
      const about = await send(`${url}/about`, 'GET', { as: null, version: null });
      expect(about.json().version).to.deep.equal(['1.0.3']);
      const post = await send(`${url}/statements`, 'POST', { as: null, headers: { Authorization: auth }, body: statement() });
      expect(post.status).to.equal(200);
      const big = await send(`${url}/statements`, 'POST', { as: null, headers: { Authorization: auth }, body: statement({ result: { response: 'x'.repeat(5000) } }) });
      expect(big.status).to.equal(413);
      expect((await send(`${url}/statements`, 'GET', { as: null, headers: { Authorization: auth }, version: '2.0.0' })).status).to.equal(400);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).to.equal(0);
  });
});

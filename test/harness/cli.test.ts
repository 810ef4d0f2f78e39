import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type TestServer } from './helpers/server.js';
import { main } from '../../harness/cli.js';
import { runCommand } from '../../bin/commands/run.js';
import { listCommand } from '../../bin/commands/list.js';
import { reportCommand } from '../../bin/commands/report.js';
import { serveCommand } from '../../bin/commands/serve.js';
import { authCommand } from '../../bin/commands/auth.js';

/** The CLI in-process, output captured; `env` is set for the duration of the call. */
async function inProcess(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const state = await main(args, [runCommand, listCommand, reportCommand, serveCommand, authCommand], {
      io: { out: (t) => void (stdout += t), err: (t) => void (stderr += t), tty: false },
    });
    return { code: state.exitCode, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source; `onStdout` may react to output (e.g. send SIGINT). */
function cli(args: string[], env: Record<string, string> = {}, onStart?: (kill: (signal: NodeJS.Signals) => void) => void): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/xapi-conform.ts', ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    onStart?.((signal) => child.kill(signal));
  });
}

describe('CLI: exit codes, usage errors, env, --config, --help', function () {
  this.timeout(60_000);
  let dir: string;
  let refused: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xc-cli-'));
    const s = await startServer(() => {});
    refused = `${s.url}/xapi`;
    await s.close();
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('usage errors exit 2 with one line naming the option', async () => {
    await writeFile(join(dir, 'bad.json'), '{ not json');
    const runs: Ran[] = [];
    for (const args of [
      ['run', '--endpoint', 'not a url', '--user', 'u', '--password', 'p'],
      ['run', '--bogus-option'],
      ['run', '--config', join(dir, 'missing.json')],
      ['run', '--config', join(dir, 'bad.json')],
      ['run', '--endpoint', 'http://x/xapi', '--user', 'u', '--password', 'p', '--token', 't'],
      ['run', '--endpoint', 'http://x/xapi', '--baseline', join(dir, 'none.json')],
      ['frobnicate'],
    ]) {
      runs.push(await inProcess(args));
    }
    for (const r of runs) expect(r.code, r.stderr).to.equal(2);
    expect(runs[0]!.stderr).to.match(/^xapi-conform: --endpoint not a url: not a valid URL/);
    expect(runs[1]!.stderr).to.match(/Unknown arguments?: bogus-option/);
    expect(runs[2]!.stderr).to.match(/^xapi-conform: --config .*missing\.json: cannot read it as a JSON file/);
    expect(runs[3]!.stderr).to.match(/^xapi-conform: --config .*bad\.json: cannot read it as a JSON file/);
    expect(runs[4]!.stderr).to.contain('conflicting auth options: --user/--password and --token');
    expect(runs[5]!.stderr).to.match(/--baseline .*none\.json: cannot read the file \(ENOENT\)/);
    for (const r of runs) expect(r.stderr.split('\n')[0]).not.to.match(/^\s+at /);
  });

  it('an unreachable target exits 3 with one message; the endpoint may come from XAPI_CONFORM_* or --config', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ endpoint: refused, user: 'u', password: 'p', retries: 0 }));
    const fromEnv = await inProcess(['run', '--reporter', 'console'], { XAPI_CONFORM_ENDPOINT: refused, XAPI_CONFORM_USER: 'u', XAPI_CONFORM_PASSWORD: 'p', XAPI_CONFORM_RETRIES: '0' });
    const fromConfig = await inProcess(['run', '--config', join(dir, 'config.json'), '--reporter', 'console']);
    for (const r of [fromEnv, fromConfig]) {
      expect(r.code, r.stderr).to.equal(3);
      expect(r.stdout).to.contain(`preflight failed: cannot reach the target ${refused} (GET about): connection refused by ${new URL(refused).host}`);
    }
  });

  it('XAPI_CONFORM_* variables of other commands or of the tool itself do not break strict parsing', async () => {
    const r = await inProcess(['run', '--list', '--suite', 'forwarding'], { XAPI_CONFORM_FORWARDINGS: '[]', XAPI_CONFORM_DEBUG: '1', XAPI_CONFORM_XAPI_VERSION: '2.0.0' });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/\d+ checks\n$/);
    expect(r.stderr, 'the tool\'s own variables are not warned about').to.not.include('XAPI_CONFORM_DEBUG');
    expect(r.stderr).to.include('warning: XAPI_CONFORM_FORWARDINGS is set, but `xapi-conform run` has no --forwardings option: ignored');
    const unknownFlag = await inProcess(['run', '--list', '--forwardings', 'x']);
    expect(unknownFlag.code).to.equal(2);
  });

  it('a misspelt XAPI_CONFORM_* variable is warned about once and ignored', async () => {
    const r = await inProcess(['auth', 'list', '--auth-file', join(tmpdir(), 'xapi-conform-no-such-auth.json')], { XAPI_CONFORM_ENDPONT: 'https://lrs.example/xapi' });
    expect(r.stderr.match(/XAPI_CONFORM_ENDPONT/g)).to.have.length(1);
    expect(r.stderr).to.include('warning: XAPI_CONFORM_ENDPONT is set, but `xapi-conform auth list` has no --endpont option: ignored');
  });

  it('--help on every command shows examples', async () => {
    const runs: Ran[] = [];
    for (const args of [['--help'], ['run', '--help'], ['list', '--help'], ['report', 'merge', '--help']]) runs.push(await inProcess(args));
    for (const r of runs) {
      expect(r.code).to.equal(0);
      expect(r.stdout).to.contain('Examples:');
    }
    expect(runs[0]!.stdout).to.contain('Exit codes: 0 passed');
    expect(runs[1]!.stdout).to.contain('--forwarding-sink').and.contain('--write-baseline');
  });

  it('run --list and list print the selected checks without contacting anything', async () => {
    const [dry, listed, asJson] = [
      await inProcess(['run', '--list', '--suite', 'statements', '--xapi-version', '1.0.3', '--endpoint', refused]),
      await inProcess(['list', '--suite', 'statements', '--xapi-version', '1.0.3']),
      await inProcess(['list', '--suite', 'statements', '--json']),
    ];
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.equal(listed.stdout);
    expect(dry.stdout).to.match(/^statements\.\S+ {2}\[1\.0\.3/m);
    expect(dry.stdout).to.match(/\n\d+ checks\n$/);
    const rows = JSON.parse(asJson.stdout) as Array<{ id: string; suite: string }>;
    expect(rows.length).to.be.greaterThan(0);
    expect(rows.every((r) => r.suite === 'statements')).to.equal(true);
  });

  it('report merge writes one report of each kind from shard reports, with the merged exit code', async () => {
    const { run } = await import('../../index.js');
    const { sampleCheck } = await import('./helpers/sample-checks.js');
    const { startMiniLrs } = await import('./helpers/mini-lrs.js');
    const lrs = await startMiniLrs();
    try {
      const checks = [sampleCheck('ok', async () => {}), sampleCheck('bad', async (ctx) => ctx.expect.fail('bad'))];
      for (const shard of [1, 2]) {
        await run({ endpoint: lrs.url, user: lrs.user, password: lrs.password, checks, shard: `${shard}/2`, reporter: ['json'], out: join(dir, `shard-${shard}`), write: () => {} });
      }
      const out = join(dir, 'merged');
      const merged = await inProcess(['report', 'merge', join(dir, 'shard-1', 'xapi-conform.json'), join(dir, 'shard-2', 'xapi-conform.json'), '--out', out]);
      expect(merged.code, merged.stderr).to.equal(1);
      expect(merged.stdout).to.contain('Summary: 2 results: 1 passed, 1 failed');
      const report = JSON.parse(await readFile(join(out, 'xapi-conform.json'), 'utf8'));
      expect(report.results.map((r: { id: string }) => r.id).sort()).to.deep.equal(['sample.bad', 'sample.ok']);
      expect(await readFile(join(out, 'junit.xml'), 'utf8')).to.contain('<testsuites');
      expect(await readFile(join(out, 'summary.md'), 'utf8')).to.contain('1 failed');
      const bad = await inProcess(['report', 'merge', join(dir, 'nope.json')]);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.match(/nope\.json: cannot read the file \(ENOENT\)/);
    } finally {
      await lrs.close();
    }
  });

  it('list --coverage --json gives totals over the whole catalogue', async () => {
    const r = await inProcess(['list', '--coverage', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const c = JSON.parse(r.stdout);
    expect(c.total).to.equal(335);
    expect(c.covered + c.untestable + c.missing).to.equal(335);
  });

  describe('Ctrl-C', () => {
    let server: TestServer;
    let gotCheckRequest: () => void;
    const checkRequest = new Promise<void>((resolve) => (gotCheckRequest = resolve));
    before(async () => {
      server = await startServer((req, res) => {
        const url = new URL(req.url!, 'http://x');
        if (url.pathname === '/xapi/about') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"version":["1.0.3"]}');
        if (url.searchParams.get('limit') === '1') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"statements":[]}');
        gotCheckRequest(); // and never answer: the checks hang until interrupted
      });
    });
    after(async () => server.close());

    it('stops the run, writes the reports of what ran and exits 130 (the real process, from source)', async () => {
      const out = join(dir, 'sigint');
      const r = await cli(['run', '--endpoint', `${server.url}/xapi`, '--user', 'u', '--password', 'p', '--suite', 'statements', '--timeout', '60000', '--out', out], {}, (kill) => {
        void checkRequest.then(() => kill('SIGINT'));
      });
      expect(r.code, r.stderr).to.equal(130);
      expect(r.stderr).to.contain('interrupted');
      const report = JSON.parse(await readFile(join(out, 'xapi-conform.json'), 'utf8'));
      expect(report.interrupted).to.equal(true);
      expect(report.exitCode).to.equal(130);
      expect(report.notRun).to.be.greaterThan(0);
    });
  });
});

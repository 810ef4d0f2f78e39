import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { run } from '../../index.js';
import { sampleCheck } from './helpers/sample-checks.js';

const certFile = fileURLToPath(new URL('./helpers/tls/cert.pem', import.meta.url));
const keyFile = fileURLToPath(new URL('./helpers/tls/key.pem', import.meta.url));

describe('TLS: --insecure and --ca against a self-signed HTTPS target', () => {
  let server: Server;
  let endpoint: string;
  before(async () => {
    server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
      const body = req.url!.endsWith('/about') ? '{"version":["1.0.3"]}' : '{"statements":[]}';
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}/xapi`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const check = sampleCheck('tls', async (ctx) => ctx.expect.status(await ctx.client.request({ method: 'GET', path: 'about' }), 200));
  const base = () => ({ endpoint, user: 'u', password: 'p', checks: [check], retries: 0, write: () => {} });

  it('refuses the untrusted certificate with advice, in preflight (exit 3)', async () => {
    const result = await run(base());
    expect(result.exitCode).to.equal(3);
    expect(result.preflightError).to.match(/TLS certificate rejected \(DEPTH_ZERO_SELF_SIGNED_CERT\); use --ca FILE to trust it, or --insecure/);
  });

  it('--insecure accepts it; curl lines carry -k', async () => {
    const result = await run({ ...base(), insecure: true });
    expect(result.results[0]!.outcome).to.equal('passed');
    expect(result.results[0]!.exchanges[0]!.curl).to.contain(' -k');
  });

  it('--ca FILE trusts it; curl lines carry --cacert', async () => {
    const result = await run({ ...base(), ca: certFile });
    expect(result.results[0]!.outcome).to.equal('passed');
    expect(result.results[0]!.exchanges[0]!.curl).to.contain(`--cacert '${certFile}'`);
  });
});

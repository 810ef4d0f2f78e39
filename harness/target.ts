// The target of a run: an external LRS (--endpoint), or the reference LRS started in-process on a free
// loopback port with a temporary data folder and random credentials, always closed and removed after.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AuthMode } from './client.js';
import type { EmbeddedLrs, ExtraCredentialName, ResolvedOptions } from './options.js';
import { PreflightError } from './preflight.js';
import { UsageError } from './options.js';
import { sinkForwardingConfig, startSink, type RunningSink } from './forwarding-sink.js';
import type { Scope, UserSpec } from '../reference-lrs/options.js';

export interface Target {
  endpoint: string;
  auth: AuthMode;
  credentials: Partial<Record<ExtraCredentialName, { username: string; password: string }>>;
  sink?: RunningSink['handle'] & { url: string; username: string; password: string };
  close(): Promise<void>;
}

/** Scopes of the embedded run's credentials: the primary has `all`; the extras serve ctx.as(name). */
export const EMBEDDED_SCOPES: Record<'primary' | ExtraCredentialName, Scope[]> = {
  primary: ['all'],
  read: ['statements/read'],
  mine: ['statements/read/mine', 'statements/write'],
  state: ['state'],
};

export async function startTarget(options: ResolvedOptions, write: (text: string) => void, embedded: EmbeddedLrs = {}): Promise<Target> {
  const sink = options.forwardingSink || !options.endpoint ? await startSinkAt(options.forwardingSink ?? { host: '127.0.0.1', port: 0 }) : undefined;
  const sinkForChecks = sink && { ...sink.handle, url: sink.url, username: sink.username, password: sink.password };
  if (options.endpoint) {
    if (sink) {
      write(
        `Forwarding sink listening at ${sink.url}. Give the target this forwarding configuration:\n` +
          `${JSON.stringify(sinkForwardingConfig(sink), null, 2)}\n`,
      );
    }
    return {
      endpoint: options.endpoint,
      auth: options.auth,
      credentials: options.credentials,
      sink: sinkForChecks,
      close: async () => sink?.close(),
    };
  }
  return startEmbedded(sink!, sinkForChecks!, embedded);
}

async function startSinkAt(at: { host: string; port: number }): Promise<RunningSink> {
  try {
    return await startSink(at);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--forwarding-sink ${at.host}:${at.port}: cannot listen there (${code ?? (err as Error).message})`);
  }
}

async function startEmbedded(sink: RunningSink, sinkForChecks: NonNullable<Target['sink']>, embedded: EmbeddedLrs): Promise<Target> {
  const dataDir = await mkdtemp(join(embedded.dataParent ?? tmpdir(), 'xapi-conform-embedded-'));
  const secret = () => randomBytes(18).toString('base64url');
  const prefix = `xc-${randomBytes(4).toString('hex')}`;
  const users: Record<'primary' | ExtraCredentialName, UserSpec> = {
    primary: { username: `${prefix}-primary`, password: secret(), scopes: EMBEDDED_SCOPES.primary },
    read: { username: `${prefix}-read`, password: secret(), scopes: EMBEDDED_SCOPES.read },
    mine: { username: `${prefix}-mine`, password: secret(), scopes: EMBEDDED_SCOPES.mine },
    state: { username: `${prefix}-state`, password: secret(), scopes: EMBEDDED_SCOPES.state },
  };
  const cleanup = async () => {
    await sink.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  let lrs;
  try {
    const { start } = await import('../reference-lrs/index.js');
    const startOptions = { port: 0, host: '127.0.0.1', dataDir, users: Object.values(users), forwardings: sinkForwardingConfig(sink) };
    lrs = await start(embedded.adjust ? embedded.adjust(startOptions) : startOptions, embedded.overrides);
  } catch (err) {
    await cleanup();
    throw new PreflightError(`the embedded reference LRS did not start: ${(err as Error).message}`);
  }
  const pair = (u: UserSpec) => ({ username: u.username, password: u.password });
  return {
    endpoint: lrs.url,
    auth: { kind: 'basic', ...pair(users.primary) },
    credentials: { read: pair(users.read), mine: pair(users.mine), state: pair(users.state) },
    sink: sinkForChecks,
    close: async () => {
      try {
        await lrs.close();
      } finally {
        await cleanup();
      }
    },
  };
}

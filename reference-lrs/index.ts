// The reference LRS: `start(options, overrides?)` opens the durable stores under dataDir, builds the
// express app and listens. Used by `xapi-conform serve` and embedded by the harness.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuth } from './auth/index.js';
import { createApp } from './app.js';
import type { RunningLrs, StartOptions } from './options.js';
import type { LrsOverrides } from './overrides.js';
import { StatementStore, type StoredEvent } from './store/statement-store.js';
import { AttachmentStore } from './store/attachment-store.js';
import { ActivityRegistry, AgentRegistry } from './statements/registries.js';
import { validateStatement } from './validation-adapter.js';
import { createForwarder, type Forwarder } from './forwarding/index.js';
import { createDocumentsRouter } from './documents/index.js';
import type { XapiVersion } from './http/version.js';

export type { RunningLrs, StartOptions } from './options.js';
export type { LrsOverrides } from './overrides.js';

export const DEFAULT_BODY_LIMIT = 64 * 1024 * 1024;
const SUPPORTED_VERSIONS = ['1.0.3', '2.0.0'];

/** A running LRS plus what FORWARDING and tests use: the statement store (readFrom, onStored). */
export interface ReferenceLrs extends RunningLrs {
  statements: Pick<StatementStore, 'readFrom' | 'readAfter' | 'lastPosition' | 'onStored' | 'size'>;
  /** Present when forwardings were configured. */
  forwarder?: Forwarder;
}

export async function start(options: StartOptions, overrides?: LrsOverrides): Promise<ReferenceLrs> {
  const log = options.log ?? (() => undefined);
  const versions = options.xapiVersions ?? SUPPORTED_VERSIONS;
  const unknown = versions.filter((v) => !SUPPORTED_VERSIONS.includes(v));
  if (unknown.length || versions.length === 0) {
    throw new Error(`xapiVersions: supported versions are ${SUPPORTED_VERSIONS.join(', ')} (got ${versions.join(', ') || 'none'})`);
  }
  const basePath = (options.basePath ?? '/xapi').replace(/\/+$/, '');
  if (basePath !== '' && !basePath.startsWith('/')) throw new Error(`basePath must start with "/" (got ${options.basePath})`);
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const host = options.host ?? '127.0.0.1';

  // Credentials first: a bad auth file stops the start before any store is opened.
  let url = '';
  const auth = await createAuth({ authFile: options.authFile, users: options.users, homePage: () => url });
  const store = await StatementStore.open(options.dataDir);
  let forwarder: Forwarder | undefined;
  let documents: Awaited<ReturnType<typeof createDocumentsRouter>> | undefined;
  let server: Server | undefined;
  try {
    const activities = new ActivityRegistry(store);
    const agents = new AgentRegistry(store);
    const attachments = await AttachmentStore.open(options.dataDir);
    if (options.forwardings?.length) {
      forwarder = await createForwarder({ entries: options.forwardings, statements: store, attachments, dataDir: options.dataDir, log, editBody: overrides?.forwardedBody });
      store.onStored((event) => event.ends.forEach((end) => forwarder!.statementsStored(end)));
    }
    documents = await createDocumentsRouter({ dataDir: options.dataDir, log, overrides: overrides?.documents });

    const standard = (statement: unknown, version: XapiVersion) => validateStatement(statement, version);
    const validate = overrides?.validateStatement
      ? (statement: unknown, version: XapiVersion) => overrides.validateStatement!(statement, version, standard)
      : standard;

    const app = createApp({
      basePath,
      versions,
      bodyLimit,
      auth,
      statements: { store, attachments, activities, validate },
      agents,
      routers: forwarder ? [documents.router, forwarder.router] : [documents.router],
      consistentThrough: () => new Date(store.consistentThrough()).toISOString(),
      log,
      overrides,
    });

    server = createServer(app);
    server.listen(options.port ?? 0, host);
    await once(server, 'listening');
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    url = `http://${shownHost}:${address.port}${basePath}`;
    log(`reference LRS listening on ${url} (data in ${options.dataDir}, ${store.size} statements)`);
  } catch (err) {
    // Release what was opened (the data folder lock above all) so that a corrected start can follow.
    server?.close(() => undefined);
    await forwarder?.close().catch(() => undefined);
    await Promise.all([store.close(), documents?.close()]).catch(() => undefined);
    throw err;
  }
  const openServer = server;
  const openDocuments = documents;
  let closing: Promise<void> | undefined;
  return {
    url,
    statements: store,
    forwarder,
    close() {
      closing ??= (async () => {
        openServer.closeAllConnections();
        await new Promise<void>((resolve) => openServer.close(() => resolve()));
        await forwarder?.close();
        await Promise.all([store.close(), openDocuments.close()]);
      })();
      return closing;
    },
  };
}

export type { StoredEvent };

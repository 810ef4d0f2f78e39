// The document resources of the reference LRS: State (/activities/state), Activity Profile
// (/activities/profile) and Agent Profile (/agents/profile), Communication 2.2, 2.3, 2.6, 2.7, 3.1.
// Mounted by the app under the base path, after authentication and authorization.
import express, { type Request, type Response, type Router } from 'express';
import { LrsError, sendError } from '../http/errors.js';
import { jsonLimitRefusal, refuseOversizedJson } from '../http/limits.js';
import { checkJsonLimits } from '../validation-adapter.js';
import { parseDocumentRequest, type DocumentRequest } from './params.js';
import { checkPreconditions, type PreconditionFailure, type PreconditionInput } from './preconditions.js';
import { DocumentStore, etagOf, keyOf, type DocumentAddress, type DocumentKind, type DocumentMeta } from './store.js';
import type { XapiVersion } from './validators.js';

/** Injection points for deliberately broken LRSs in tests (see reference-lrs/overrides.ts). */
export interface DocumentsOverrides {
  /** Merges a POSTed JSON object into the stored one (default: top-level properties replaced). */
  merge?: (stored: Record<string, unknown>, posted: Record<string, unknown>) => Record<string, unknown>;
  /** Decides 409 / 412 for PUT, POST and DELETE (default: checkPreconditions). */
  checkPreconditions?: (input: PreconditionInput) => PreconditionFailure | undefined;
}

export interface DocumentsOptions {
  dataDir: string;
  log?: (line: string) => void;
  overrides?: DocumentsOverrides;
}

export interface DocumentsRouter {
  router: Router;
  /** Waits for writes in progress. */
  close(): Promise<void>;
}

const RESOURCES: Array<[string, DocumentKind]> = [
  ['/activities/state', 'state'],
  ['/activities/profile', 'activity-profile'],
  ['/agents/profile', 'agent-profile'],
];

export async function createDocumentsRouter(options: DocumentsOptions): Promise<DocumentsRouter> {
  const store = await DocumentStore.open(options.dataDir);
  options.log?.(`documents: ${store.size} stored`);
  const merge = options.overrides?.merge ?? mergeTopLevel;
  const preconditions = options.overrides?.checkPreconditions ?? checkPreconditions;
  const router = express.Router({ caseSensitive: true, strict: false });

  for (const [path, kind] of RESOURCES) {
    router.all(path, async (req, res, next) => {
      if (req.method === 'OPTIONS') return next();
      try {
        await handle(kind, req, res);
      } catch (error) {
        if (!(error instanceof LrsError)) return next(error);
        for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
        sendError(res, error.status, error.message);
      }
    });
  }

  async function handle(kind: DocumentKind, req: Request, res: Response): Promise<void> {
    const version: XapiVersion = res.locals.xapiVersion === '2.0.0' ? '2.0.0' : '1.0.3';
    const request = parseDocumentRequest(kind, req.method, req.query as Record<string, unknown>, version);
    switch (req.method) {
      case 'GET':
      case 'HEAD':
        return request.address ? getOne(request.address, res) : getIds(request, res);
      case 'PUT':
        return put(request.address!, version, req, res);
      case 'POST':
        return post(request.address!, version, req, res);
      case 'DELETE':
        return request.address ? deleteOne(request.address, version, req, res) : deleteMany(request, res);
    }
  }

  async function getOne(address: DocumentAddress, res: Response): Promise<void> {
    const document = await store.read(keyOf(address));
    if (!document) throw new LrsError(404, `No document with ${address.kind === 'state' ? 'stateId' : 'profileId'} ${JSON.stringify(address.id)} here.`);
    res.setHeader('Content-Type', document.meta.contentType);
    res.setHeader('ETag', `"${document.meta.etag}"`);
    res.setHeader('Last-Modified', new Date(document.meta.updated).toUTCString());
    res.status(200).send(document.content);
  }

  async function getIds(request: DocumentRequest, res: Response): Promise<void> {
    const context = store.list({ group: request.group, ...(request.registration ? { registration: request.registration } : {}) });
    const ids = context.filter((meta) => request.since === undefined || meta.updated > request.since).map((meta) => meta.id);
    const body = JSON.stringify(ids);
    const latest = context.at(-1);
    if (latest) res.setHeader('Last-Modified', new Date(latest.updated).toUTCString());
    res.setHeader('ETag', `"${etagOf(Buffer.from(body))}"`);
    res.status(200).type('application/json').send(body);
  }

  async function put(address: DocumentAddress, version: XapiVersion, req: Request, res: Response): Promise<void> {
    const content = await readBody(req);
    const contentType = req.get('content-type') ?? 'application/octet-stream';
    if (isJsonType(contentType)) parseJson(content, 'The document');
    const key = keyOf(address);
    await store.lock.run(key, async () => {
      refuseOnPrecondition('PUT', address, version, store.meta(key), req);
      await store.write(address, contentType, content);
    });
    res.status(204).end();
  }

  async function post(address: DocumentAddress, version: XapiVersion, req: Request, res: Response): Promise<void> {
    const content = await readBody(req);
    const contentType = req.get('content-type') ?? 'application/octet-stream';
    const posted = isJsonType(contentType) ? jsonObject(content, 'The posted document') : undefined;
    const key = keyOf(address);
    await store.lock.run(key, async () => {
      const current = store.meta(key);
      refuseOnPrecondition('POST', address, version, current, req);
      if (!current) {
        // XAPI-00233: a POST for a document not in the LRS is treated as a PUT.
        await store.write(address, contentType, content);
        return;
      }
      // Communication 2.2.s8.b1: either side not application/json or not a JSON Object -> 400, no change.
      if (!posted) throw new LrsError(400, `Cannot merge: the posted document's Content-Type is "${contentType}", not application/json.`);
      if (!isJsonType(current.contentType)) {
        throw new LrsError(400, `Cannot merge: the stored document's Content-Type is "${current.contentType}", not application/json.`);
      }
      const stored = await store.read(key);
      if (!stored) throw new Error('document vanished while its lock was held');
      const merged = merge(storedObject(stored.content), posted);
      await store.write(address, current.contentType, Buffer.from(JSON.stringify(merged), 'utf8'));
    });
    res.status(204).end();
  }

  async function deleteOne(address: DocumentAddress, version: XapiVersion, req: Request, res: Response): Promise<void> {
    const key = keyOf(address);
    await store.lock.run(key, async () => {
      refuseOnPrecondition('DELETE', address, version, store.meta(key), req);
      await store.remove(key);
    });
    res.status(204).end();
  }

  async function deleteMany(request: DocumentRequest, res: Response): Promise<void> {
    const filter = { group: request.group, ...(request.registration ? { registration: request.registration } : {}) };
    const targets = store.list(request.since === undefined ? filter : { ...filter, since: request.since });
    for (const meta of targets) await store.lock.run(meta.key, () => store.remove(meta.key));
    res.status(204).end();
  }

  function refuseOnPrecondition(
    method: PreconditionInput['method'],
    address: DocumentAddress,
    version: XapiVersion,
    current: DocumentMeta | undefined,
    req: Request,
  ): void {
    const input: PreconditionInput = { method, kind: address.kind, version };
    if (current) input.current = { etag: current.etag };
    const ifMatch = req.get('if-match');
    const ifNoneMatch = req.get('if-none-match');
    if (ifMatch !== undefined) input.ifMatch = ifMatch;
    if (ifNoneMatch !== undefined) input.ifNoneMatch = ifNoneMatch;
    const failure = preconditions(input);
    if (failure) throw new LrsError(failure.status, failure.message);
  }

  return { router, close: () => store.close() };
}

/** Communication 2.2.s7: "for each property directly defined on the Object being posted, set the
 *  corresponding property on the existing Object equal to the value from the posted Object." */
export function mergeTopLevel(stored: Record<string, unknown>, posted: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = Object.create(null);
  for (const source of [stored, posted]) {
    for (const [name, value] of Object.entries(source)) {
      Object.defineProperty(merged, name, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return merged;
}

function isJsonType(contentType: string): boolean {
  return contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** Within JSON_LIMITS, which also keeps the merge's JSON.stringify off deep recursion; duplicate keys are
 *  allowed (XAPI-00021 is about Statements). */
function parseJson(content: Buffer, what: string): unknown {
  refuseOversizedJson(content, what);
  const text = content.toString('utf8');
  try {
    checkJsonLimits(text);
    return JSON.parse(text);
  } catch (error) {
    throw jsonLimitRefusal(error, what) ?? new LrsError(400, `${what} has Content-Type application/json but is not valid JSON (${(error as Error).message}).`);
  }
}

function jsonObject(content: Buffer, what: string): Record<string, unknown> {
  return asMergeable(parseJson(content, what), what);
}

/** The stored side of a merge: its parts were within JSON_LIMITS when they arrived, but merges may have
 *  grown it past them, and that must not refuse the next small POST. */
function storedObject(content: Buffer): Record<string, unknown> {
  const what = 'The stored document';
  try {
    return asMergeable(JSON.parse(content.toString('utf8')), what);
  } catch (error) {
    if (error instanceof LrsError) throw error;
    throw new LrsError(400, `${what} has Content-Type application/json but is not valid JSON, so it cannot be merged.`);
  }
}

function asMergeable(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LrsError(400, `${what} is not a JSON Object, so it cannot be merged.`);
  }
  return value as Record<string, unknown>;
}

/** The raw request body: as an earlier raw parser left it, or read from the stream here. */
async function readBody(req: Request): Promise<Buffer> {
  if (Buffer.isBuffer(req.body)) return req.body;
  if (typeof req.body === 'string') return Buffer.from(req.body, 'utf8');
  if (req.readableEnded) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

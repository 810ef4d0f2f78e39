// The Statement resource (Communication 2.1): PUT, POST, GET (single and query), HEAD via GET.
import express, { type Request, type Response } from 'express';
import { LrsError, badRequest, notFound } from '../http/errors.js';
import type { XapiVersion } from '../http/version.js';
import { authorityKey } from './keys.js';
import { VerbRegistry, type ActivityRegistry } from './registries.js';
import { formatStatement, parseAcceptLanguage } from './format.js';
import {
  ALL_PARAMS,
  checkParameterNames,
  decodeCursor,
  encodeCursor,
  parseFormat,
  parseQuery,
  runQuery,
  type PageCursor,
} from './query.js';
import { readStatementsBody } from './request-body.js';
import { attachmentParts, multipartMixed } from './multipart.js';
import { asStatementList, commitStatements, prepareStatements, type WriteContext } from './write.js';
import type { StoredRecord } from '../store/statement-store.js';
import { isUuid } from '../validation-adapter.js';

export interface StatementsRouterOptions extends WriteContext {
  activities: ActivityRegistry;
  basePath: string;
  bodyLimit: number;
  /** Statement reads limited to the credential's own authority (statements/read/mine). */
  readsOnlyOwn(res: Response): boolean;
}

type Json = Record<string, any>;

const version = (res: Response): XapiVersion => res.locals.xapiVersion as XapiVersion;
const params = (req: Request): Record<string, string> => req.query as Record<string, string>;

function credentialAuthority(res: Response): Record<string, unknown> {
  const credential = res.locals.credential as { authority?: Record<string, unknown> } | undefined;
  if (!credential?.authority) throw new LrsError(401, 'No authenticated credential to record as the statement authority.');
  return credential.authority;
}

function setLastModified(res: Response, storedMs: number | undefined): void {
  if (storedMs !== undefined) res.setHeader('Last-Modified', new Date(storedMs).toUTCString());
}

export function statementsRouter(options: StatementsRouterOptions): express.Router {
  const router = express.Router({ caseSensitive: true });
  const { store, attachments, activities } = options;
  const canonical = { activities, verbs: new VerbRegistry(store) };

  /** Validates, completes and durably stores a request's statements; returns their ids in order. */
  async function storeStatements(res: Response, statements: unknown[], parts: ReturnType<typeof readStatementsBody>['parts']): Promise<string[]> {
    const { prepared, received } = await prepareStatements(options, {
      statements,
      parts,
      version: version(res),
      authority: credentialAuthority(res),
    });
    await commitStatements(options, prepared, received, parts);
    return prepared.map((s) => String(s.id));
  }

  router.put('/statements', async (req, res) => {
    checkParameterNames(params(req), ['statementId']);
    const statementId = params(req).statementId;
    if (statementId === undefined) throw badRequest('PUT /statements requires the statementId parameter.');
    if (!isUuid(statementId)) throw badRequest('Parameter statementId must be a UUID.');
    const body = readStatementsBody(req, options.bodyLimit);
    const [statement] = asStatementList(body.payload, false) as Json[];
    if (statement.id !== undefined && String(statement.id).toLowerCase() !== statementId.toLowerCase()) {
      throw badRequest(`The statement id ${statement.id} does not match the statementId parameter ${statementId}.`);
    }
    await storeStatements(res, [{ ...statement, id: statement.id ?? statementId }], body.parts);
    res.status(204).end();
  });

  router.post('/statements', async (req, res) => {
    checkParameterNames(params(req), []);
    const body = readStatementsBody(req, options.bodyLimit);
    res.status(200).json(await storeStatements(res, asStatementList(body.payload, true), body.parts));
  });

  router.get('/statements', async (req, res) => {
    const query = params(req);
    checkParameterNames(query, ALL_PARAMS);
    const ownAuthority = options.readsOnlyOwn(res) ? authorityKey(credentialAuthority(res)) : undefined;
    const ranges = parseAcceptLanguage(req.get('Accept-Language'));
    if (query.statementId !== undefined || query.voidedStatementId !== undefined) {
      if (query.statementId !== undefined && query.voidedStatementId !== undefined) {
        throw badRequest('statementId and voidedStatementId cannot be used together.');
      }
      const extra = Object.keys(query).filter((k) => !['statementId', 'voidedStatementId', 'attachments', 'format'].includes(k));
      if (extra.length) throw badRequest(`With statementId or voidedStatementId only attachments and format may be given (got ${extra.join(', ')}).`);
      const format = parseFormat(query.format);
      const wantAttachments = query.attachments === undefined ? false : query.attachments === 'true' ? true : query.attachments === 'false' ? false : undefined;
      if (wantAttachments === undefined) throw badRequest('Parameter attachments must be true or false.');
      const voided = query.voidedStatementId !== undefined;
      const id = (query.statementId ?? query.voidedStatementId)!;
      if (!isUuid(id)) throw badRequest(`${voided ? 'voidedStatementId' : 'statementId'} must be a UUID.`);
      const record = store.get(id);
      if (!record || store.isVoided(record) !== voided || (ownAuthority !== undefined && record.authority !== ownAuthority)) {
        throw notFound(
          voided ? `No voided statement with id ${id}.` : record && store.isVoided(record) ? `Statement ${id} is voided; fetch it with voidedStatementId.` : `No statement with id ${id}.`,
        );
      }
      setLastModified(res, record.storedMs);
      await send(res, [record], format, ranges, wantAttachments, undefined, true);
      return;
    }
    let cursor: PageCursor;
    if (query.more !== undefined) {
      if (Object.keys(query).length > 1) throw badRequest('A more link cannot be combined with other parameters.');
      cursor = decodeCursor(query.more, store.size);
      checkParameterNames(cursor.params, ALL_PARAMS);
    } else {
      cursor = { params: query, snapshot: store.size, after: 0 };
    }
    const statementQuery = parseQuery(cursor.params, version(res));
    const page = runQuery(store, statementQuery, cursor, version(res), ownAuthority);
    const newest = page.records.reduce<number | undefined>((max, r) => (max === undefined || r.storedMs > max ? r.storedMs : max), undefined);
    setLastModified(res, newest ?? (store.lastStored || undefined));
    const more = page.next ? `${options.basePath}/statements?more=${encodeCursor(page.next)}` : '';
    await send(res, page.records, statementQuery.format, ranges, statementQuery.attachments, more, false);
  });

  router.all('/statements', (_req, _res) => {
    throw new LrsError(405, 'The Statement resource supports GET, HEAD, PUT and POST.', { Allow: 'GET, HEAD, PUT, POST' });
  });

  async function send(
    res: Response,
    records: StoredRecord[],
    format: ReturnType<typeof parseFormat>,
    ranges: string[],
    withAttachments: boolean,
    more: string | undefined,
    single: boolean,
  ): Promise<void> {
    const texts = records.map((r) => formatStatement(store.text(r), format, canonical, ranges));
    const json = single ? texts[0] : `{"statements":[${texts.join(',')}],"more":${JSON.stringify(more ?? '')}}`;
    if (!withAttachments) {
      res.status(200).type('application/json').send(json);
      return;
    }
    const statements = records.map((r) => JSON.parse(store.text(r)) as Json);
    const { contentType, data } = multipartMixed(json, await attachmentParts(statements, attachments));
    res.status(200).type(contentType).send(data);
  }

  return router;
}

// HTTP Basic authentication and xAPI scope authorization for the reference LRS (Communication 4).
// Passwords exist only as bcrypt hashes; a verified Authorization header is remembered by its SHA-256
// so bcrypt runs once per credential, not once per request.
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Request, RequestHandler, Response } from 'express';
import type { Scope, UserSpec } from '../options.js';
import { sendError } from '../http/errors.js';
import { parseAuthEntries, readAuthFile, type AuthFileEntry } from './file.js';
import { allows, readsOnlyOwnStatements, requirementFor, resourceOf } from './scopes.js';

export { SCOPES, readAuthFile, writeAuthFile, type AuthFileEntry } from './file.js';

export interface Credential {
  username: string;
  scopes: Scope[];
  /** The Agent recorded as the authority of statements this credential writes. */
  authority: Record<string, unknown>;
}

export interface Auth {
  /** 401 + WWW-Authenticate for missing or refused credentials; otherwise sets res.locals.credential. */
  authenticate: RequestHandler;
  /** 403 when the credential's scopes do not allow req.method on the resource. */
  authorize: RequestHandler;
  /** GET /whoami: { username, scopes }. */
  whoami: RequestHandler;
  /** True when statement reads must be limited to the credential's own authority (statements/read/mine). */
  readsOnlyOwn(credential: Credential): boolean;
}

export interface CreateAuthOptions {
  authFile?: string;
  users?: UserSpec[];
  /**
   * homePage of the default authority account, { homePage, name: username }: the LRS base URL.
   * A function because the URL is known only once the server listens. Without it the base URL is
   * taken from each request (scheme, Host header, base path).
   */
  homePage?: string | (() => string);
  /** bcrypt cost for users given in clear; low by default so that startup stays fast. */
  inMemoryCost?: number;
}

const CHALLENGE = 'Basic realm="xAPI", charset="UTF-8"';
/** bcrypt hash of a random, discarded password: the decoy when there are no users at all. */
const DECOY_HASH = '$2b$10$laWRJOai3qTfooM5s70/NO27sMcHILZ6C1NTj99CnbvLapn43t0eu';
const CACHE_LIMIT = 10_000;

interface User {
  username: string;
  hash: string;
  scopes: Scope[];
  agent?: Record<string, unknown>;
}

export async function createAuth(options: CreateAuthOptions = {}): Promise<Auth> {
  const users = await loadUsers(options);
  // Unknown usernames are checked against a real user's hash so that they take as long as a known one.
  const decoy = users.values().next().value?.hash ?? DECOY_HASH;
  // Users are fixed for the life of the process, so a refused header stays refused: remembering it
  // keeps repeated bad requests from costing a bcrypt run each. Separate maps, so that a flood of
  // bad headers can only evict other bad headers.
  const verified = new Map<string, User>();
  const refused = new Set<string>();
  const pending = new Map<string, Promise<User | undefined>>();

  async function verify(header: string): Promise<User | undefined> {
    const key = createHash('sha256').update(header).digest('hex');
    const known = verified.get(key);
    if (known) return known;
    if (refused.has(key)) return undefined;
    let check = pending.get(key);
    if (!check) {
      check = checkBasic(header, users, decoy).finally(() => pending.delete(key));
      pending.set(key, check);
    }
    const user = await check;
    const cache = user ? verified : refused;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    if (user) verified.set(key, user);
    else refused.add(key);
    return user;
  }

  const authenticate: RequestHandler = async (req, res, next) => {
    if (requirementFor(req.method, req.path).kind === 'public') return next();
    const header = req.get('authorization');
    if (!header) return refuse(res, 'This resource needs HTTP Basic authentication.');
    let user: User | undefined;
    try {
      user = await verify(header);
    } catch (error) {
      return next(error);
    }
    if (!user) return refuse(res, 'The credentials given were refused.');
    const credential: Credential = {
      username: user.username,
      scopes: [...user.scopes],
      authority: user.agent ?? defaultAuthority(user.username, homePageFor(req, options.homePage)),
    };
    res.locals.credential = credential;
    next();
  };

  const authorize: RequestHandler = (req, res, next) => {
    const requirement = requirementFor(req.method, req.path);
    if (requirement.kind === 'public') return next();
    const credential = res.locals.credential as Credential | undefined;
    if (!credential) return refuse(res, 'This resource needs HTTP Basic authentication.');
    if (allows(credential.scopes, requirement)) return next();
    const needed = requirement.kind === 'scopes' ? requirement.anyOf.join(', ') : 'any';
    sendError(
      res,
      403,
      `Credential "${credential.username}" (scopes: ${credential.scopes.join(', ')}) may not ${req.method} ` +
        `${resourceOf(req.path) ?? req.path}; one of these scopes is needed: ${needed}.`,
    );
  };

  const whoami: RequestHandler = (_req, res) => {
    const credential = res.locals.credential as Credential | undefined;
    if (!credential) return refuse(res, 'This resource needs HTTP Basic authentication.');
    res.json({ username: credential.username, scopes: credential.scopes });
  };

  return {
    authenticate,
    authorize,
    whoami,
    readsOnlyOwn: (credential) => readsOnlyOwnStatements(credential.scopes),
  };
}

async function loadUsers(options: CreateAuthOptions): Promise<Map<string, User>> {
  const entries: AuthFileEntry[] = options.authFile ? await readAuthFile(options.authFile).catch(explainMissing) : [];
  const users = new Map<string, User>(entries.map((entry) => [entry.username, entry]));
  const cost = options.inMemoryCost ?? 4;
  const given = options.users ?? [];
  // Same checks as the file, so a bad scope in clear is caught the same way.
  parseAuthEntries(
    given.map((user) => ({ username: user.username, hash: DECOY_HASH, scopes: user.scopes, agent: user.agent })),
    'users option',
  );
  const hashed = await Promise.all(
    given.map(async (user): Promise<User> => {
      if (typeof user.password !== 'string') throw new Error(`users option: "${user.username}" has no password`);
      const hash = await bcrypt.hash(user.password, cost);
      return { username: user.username, hash, scopes: [...user.scopes], ...(user.agent ? { agent: user.agent } : {}) };
    }),
  );
  for (const user of hashed) {
    if (users.has(user.username)) throw new Error(`users option: "${user.username}" is also in the auth file`);
    users.set(user.username, user);
  }
  return users;
}

/** Decodes "Basic base64(user:password)" and checks the password with bcrypt (constant-time compare). */
async function checkBasic(header: string, users: Map<string, User>, decoy: string): Promise<User | undefined> {
  const match = /^basic\s+([A-Za-z0-9+/=_-]*)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const user = users.get(username);
  const matches = await bcrypt.compare(password, user?.hash ?? decoy);
  return user && matches ? user : undefined;
}

function explainMissing(error: NodeJS.ErrnoException): never {
  if (error.code !== 'ENOENT') throw error;
  throw new Error(`auth file ${error.path} does not exist; create it with: xapi-conform auth add --auth-file ${error.path} --user U --password P --scope all`);
}

function refuse(res: Response, message: string): void {
  res.setHeader('WWW-Authenticate', CHALLENGE);
  sendError(res, 401, message);
}

function defaultAuthority(username: string, homePage: string): Record<string, unknown> {
  return { objectType: 'Agent', account: { homePage, name: username } };
}

function homePageFor(req: Request, homePage: CreateAuthOptions['homePage']): string {
  if (typeof homePage === 'function') return homePage();
  if (typeof homePage === 'string') return homePage;
  const path = (req.originalUrl.split('?')[0] ?? '').replace(/\/+$/, '');
  const resource = resourceOf(path);
  const base = resource ? path.slice(0, path.length - resource.length - 1).replace(/\/$/, '') : '';
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${base}`;
}

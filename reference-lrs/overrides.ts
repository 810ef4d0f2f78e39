// Injection points for deliberately broken ("mutant") reference LRSs in tests: they prove a check can fail.
// The normal code paths never set any of these. LRS-DOCS-AUTH and FORWARDING may add fields additively.
import type { RequestHandler } from 'express';
import type { XapiVersion } from './http/version.js';
import type { ValidationIssue } from './validation-adapter.js';
import type { DocumentsOverrides } from './documents/index.js';
import type { DeliveryBody } from './forwarding/body.js';

export interface LrsOverrides {
  /** Replaces the statement validator; `standard` is the real one, so a mutant can weaken a single rule. */
  validateStatement?: (
    statement: unknown,
    version: XapiVersion,
    standard: (statement: unknown, version: XapiVersion) => ValidationIssue[],
  ) => ValidationIssue[];
  /** Middleware run after authentication and authorization, before any resource route (may answer itself). */
  beforeRoutes?: RequestHandler[];
  /** Middleware run first, before CORS and the version check (e.g. to drop or rewrite headers). */
  beforeAll?: RequestHandler[];
  /** Replaces the About document's version list. */
  aboutVersions?: string[];
  /** Document resources (LRS-DOCS-AUTH): replacement merge or precondition (409/412) logic. */
  documents?: DocumentsOverrides;
  /** Rewrites the body (content type and bytes) of each statement-forwarding delivery before it is sent. */
  forwardedBody?: (body: DeliveryBody) => DeliveryBody;
}

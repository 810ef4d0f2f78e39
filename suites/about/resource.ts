// Communication 2.8 About Resource.
import type { Check, Untestable } from '../../harness/check.js';
import { presenceCheckOf } from '../../harness/resources.js';
import type { CheckContext, XapiResponse } from '../../harness/context.js';
import { V1, V2, check } from '../documents/lib.js';

const section = 'Communication 2.8 About Resource';
const tags = (...t: string[]) => ['about', ...t];
const DETAILS =
  'Returns: 200 OK, JSON object containing basic metadata about this LRS. version: Array of version strings. xAPI versions this LRS supports. Required. extensions: Object. A map of other properties as needed. Optional. (Communication 2.8.s4)';

async function getAbout(ctx: CheckContext, headers: Record<string, string | undefined> = {}, version?: string | null): Promise<XapiResponse> {
  return ctx.client.request({ method: 'GET', path: 'about', headers, ...(version === undefined ? {} : { version }) });
}

function aboutBody(ctx: CheckContext, r: XapiResponse): { version?: unknown; extensions?: unknown; [k: string]: unknown } {
  const body = r.json<unknown>();
  ctx.expect.ok(typeof body === 'object' && body !== null && !Array.isArray(body), '/about must return a JSON object', { actual: body });
  return body as Record<string, unknown>;
}

/** Duplicate property names at the top level of a JSON object text (JSON.parse silently keeps the last). */
function duplicateTopLevelKeys(text: string): string[] {
  const seen = new Set<string>();
  const dupes: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i, j + 1);
      let k = j + 1;
      while (/\s/.test(text[k] ?? '')) k++;
      if (depth === 1 && text[k] === ':') {
        const key = JSON.parse(raw) as string;
        if (seen.has(key)) dupes.push(key);
        seen.add(key);
      }
      i = j;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return dupes;
}

export const checks: Check[] = [
  presenceCheckOf('about.resource.present'),
  check({
    suite: 'about',
    section,
    id: 'about.resource.get',
    title: 'About: GET /about answers 200 with a "version" array of strings',
    requirements: ['XAPI-00315', 'XAPI-00318', 'XAPI-00319'],
    quote: `${DETAILS} An LRS MUST return the JSON document described above, with a "version" property [...] (Communication 2.8.s5.b1)`,
    tags: tags(),
    async run(ctx: CheckContext) {
      const r = await getAbout(ctx);
      ctx.expect.status(r, 200, 'GET /about');
      const body = aboutBody(ctx, r);
      ctx.expect.ok(Array.isArray(body.version) && body.version.length > 0 && body.version.every((v) => typeof v === 'string'), '"version" must be a non-empty array of strings', {
        actual: body.version,
      });
    },
  }),

  check({
    suite: 'about',
    section,
    id: 'about.resource.version-values',
    title: 'About: "version" lists only xAPI version strings, including the version under test',
    requirements: ['XAPI-00316', 'XAPI-00317'],
    quote:
      'An LRS MUST return the JSON document described above, with a "version" property that includes the latest minor and patch version the LRS conforms to, for each major version. For version 1.0.0 of this specification, this means that 1.0.0 MUST be included; 0.9 and 0.95 MAY be included. (Communication 2.8.s5.b1)',
    tags: tags('versioning'),
    async run(ctx: CheckContext) {
      const r = await getAbout(ctx);
      ctx.expect.status(r, 200, 'GET /about');
      const versions = aboutBody(ctx, r).version;
      ctx.expect.ok(Array.isArray(versions), '"version" must be an array', { actual: versions });
      const bad = versions.filter((v) => typeof v !== 'string' || !/^(0\.9|0\.95|1\.0\.\d+|2\.0\.\d+)$/.test(v));
      ctx.expect.ok(bad.length === 0, 'every "version" entry must be 0.9, 0.95, 1.0.x or 2.0.x', { expected: '0.9 | 0.95 | 1.0.x | 2.0.x', actual: bad });
      const major = ctx.version === '1.0.3' ? /^1\.0\.\d+$/ : /^2\.0\.\d+$/;
      ctx.expect.ok(
        versions.some((v) => typeof v === 'string' && major.test(v)),
        `"version" must include a ${ctx.version === '1.0.3' ? '1.0.x' : '2.0.x'} entry when the LRS is tested as ${ctx.version}`,
        { expected: ctx.version === '1.0.3' ? '1.0.x' : '2.0.x', actual: versions },
      );
    },
  }),

  check({
    suite: 'about',
    section,
    id: 'about.resource.extensions-object',
    title: 'About: "extensions", when present, is an object',
    requirements: ['XAPI-00320'],
    quote: `${DETAILS}`,
    tags: tags('extensions'),
    async run(ctx: CheckContext) {
      const r = await getAbout(ctx);
      ctx.expect.status(r, 200, 'GET /about');
      const body = aboutBody(ctx, r);
      if (!('extensions' in body)) {
        ctx.note('/about carries no "extensions" (optional).');
        return;
      }
      const ext = body.extensions;
      ctx.expect.ok(typeof ext === 'object' && ext !== null && !Array.isArray(ext), '"extensions" must be a JSON object', { actual: ext });
      const notIris = Object.keys(ext).filter((k) => !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(k));
      if (notIris.length > 0) ctx.warn(`extension keys that are not IRIs: ${notIris.join(', ')}`, 'Extensions are defined by a map and logically relate to the part of the Statement where they are present. The keys of an extensions map MUST be IRIs. (Data 4.1)');
    },
  }),

  check({
    suite: 'about',
    section,
    id: 'about.resource.no-extra-properties',
    title: 'About: no properties other than "version" and "extensions", each once',
    requirements: [],
    quote: 'Additional properties MUST NOT be added to this object outside of extensions and each property MUST occur only once. (Communication 2.8.s5.b2)',
    tags: tags(),
    async run(ctx: CheckContext) {
      const r = await getAbout(ctx);
      ctx.expect.status(r, 200, 'GET /about');
      const extra = Object.keys(aboutBody(ctx, r)).filter((k) => k !== 'version' && k !== 'extensions');
      ctx.expect.ok(extra.length === 0, '/about must have no properties besides "version" and "extensions"', { expected: ['version', 'extensions'], actual: extra });
      const dupes = duplicateTopLevelKeys(r.text());
      ctx.expect.ok(dupes.length === 0, 'each /about property must occur only once', { actual: dupes });
    },
  }),

  check({
    suite: 'about',
    section,
    id: 'about.resource.any-version-header',
    title: 'About: GET /about is answered without a version header and with any version header',
    requirements: ['XAPI-00321'],
    quote: 'An LRS MUST NOT reject requests based on their version header as would otherwise be required by Versioning. (Communication 2.8.s5.b4)',
    tags: tags('versioning'),
    async run(ctx: CheckContext) {
      for (const version of [null, '0.9', '1.0.0', '1.1.0', '3.0.0', 'not-a-version']) {
        const r = await getAbout(ctx, {}, version);
        ctx.expect.status(r, 200, `GET /about with ${version === null ? 'no X-Experience-API-Version header' : `X-Experience-API-Version: ${version}`}`);
      }
    },
  }),

  check({
    suite: 'about',
    section,
    id: 'about.resource.unauthenticated-1.0.3',
    title: 'About: GET /about is allowed without credentials',
    requirements: [],
    quote: 'An LRS SHOULD allow unauthenticated access to this resource. (Communication 2.8.s5.b3)',
    level: 'SHOULD',
    versions: V1,
    tags: tags('auth'),
    async run(ctx: CheckContext) {
      const r = await ctx.anonymous.request({ method: 'GET', path: 'about' });
      ctx.expect.status(r, 200, 'GET /about without credentials');
    },
  }),

  check({
    suite: 'about',
    section,
    id: 'about.resource.unauthenticated',
    title: 'About (2.0): GET /about needs no authentication and no version header',
    requirements: [],
    quote: 'xAPI 2.0: GET /about needs no version header and no authentication; it lists version and may list extensions. (xapi-2.0-delta)',
    versions: V2,
    tags: tags('auth', 'versioning'),
    async run(ctx: CheckContext) {
      const r = await ctx.anonymous.request({ method: 'GET', path: 'about', version: null });
      ctx.expect.status(r, 200, 'GET /about without credentials and without X-Experience-API-Version');
    },
  }),
];

export const untestable: Untestable[] = [];

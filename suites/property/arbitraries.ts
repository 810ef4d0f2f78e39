// fast-check arbitraries for valid xAPI statements across the whole Data model (xAPI-Data.md 2.4, 4.x),
// for 1.0.3 and 2.0.0. Generated values are templates: IRIs, e-mail domains and account home pages
// carry SCOPE tokens that `instantiate` (scope.ts) replaces per property execution, so every
// execution writes under fresh, check-namespaced identifiers and a replay never collides with an
// earlier run. Every instantiated statement is then checked with validation's validateStatement
// before it is sent (scope.ts), so a generator bug is never blamed on the LRS.
//
// Conservative by design (a false failure is the worst bug): only forms the spec plainly allows,
// IRIs already in RFC 3987 normal form, lowercase e-mail domains, canonical-case language tags,
// numbers that survive IEEE 754 single precision, no empty strings or empty objects.
import fc from 'fast-check';
import type { XapiVersion } from '../../harness/check.js';

/** Replaced by a check-namespaced IRI prefix (no trailing slash) per execution. */
export const SCOPE_IRI = 'https://xapi-conform.example/zzscopezz';
/** Replaced by a DNS-label-safe unique token per execution (e-mail domains, account home pages). */
export const SCOPE_LABEL = 'zzscopezz';
/** `zzsha1zz<text>` becomes the SHA-1 hex of `mailto:<text>` after scoping. */
export const SHA1_PREFIX = 'zzsha1zz';
/** `zzstmtzz<n>` becomes the id of population member n (queries, stateful model). */
export const STMT_REF_PREFIX = 'zzstmtzz';
/** Replaced by the execution's registration UUID (query populations). */
export const REGISTRATION_TOKEN = 'zzregistrationzz';

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';
export const CMI_INTERACTION = 'http://adlnet.gov/expapi/activities/cmi.interaction';
export const INTERACTION_TYPES = [
  'true-false',
  'choice',
  'fill-in',
  'long-fill-in',
  'matching',
  'performance',
  'sequencing',
  'likert',
  'numeric',
  'other',
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Statement = Record<string, any>;

/** Options shaping generated statements. */
export interface StatementOptions {
  version: XapiVersion;
  /** Pool sizes: small pools make filters hit (query oracle); default gives near-unique names. */
  pools?: { agents: number; verbs: number; activities: number };
  /** Registration for every statement (query populations); otherwise random or absent. */
  registration?: string;
  /** Population member indexes a StatementRef may target (`zzstmtzz<n>`); otherwise random UUIDs. */
  refTargets?: number[];
  /** Leave out attachments (e.g. populations where size matters). */
  noAttachments?: boolean;
}

// ---------------------------------------------------------------- scalars

// Building a stringMatching arbitrary parses its regex: build each once, never inside chain().
const matchingCache = new Map<string, fc.Arbitrary<string>>();
function matching(re: RegExp): fc.Arbitrary<string> {
  let arb = matchingCache.get(re.source);
  if (!arb) matchingCache.set(re.source, (arb = fc.stringMatching(re)));
  return arb;
}

const LANGUAGE_TAGS = ['en', 'en-US', 'en-GB', 'es', 'es-MX', 'fr', 'fr-CA', 'de', 'de-CH', 'zh-Hans-CN', 'ja', 'ar', 'sr-Latn-RS', 'und', 'en-US-x-twain'];
export const languageTag = fc.constantFrom(...LANGUAGE_TAGS);

/** Non-empty, not only whitespace, real Unicode (no lone surrogates). */
export const text = (maxLength = 12) =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength }).filter((s) => s.trim().length > 0);

export const languageMap = fc.dictionary(languageTag, text(16), { minKeys: 1, maxKeys: 3, noNullPrototype: true });

const segment = fc.oneof(
  { weight: 4, arbitrary: matching(/^[a-z][a-z0-9-]{0,10}$/) },
  { weight: 1, arbitrary: fc.constantFrom('été', 'خواندن', '%C3%A9t%C3%A9', 'a_b~c', 'ü-1') },
);

/** A scoped IRI: `<scope>/<kind>/<segment>[#frag]`, or a pooled one when `pool` is given. */
function scopedIri(kind: string, pool?: number): fc.Arbitrary<string> {
  if (pool !== undefined) return fc.nat({ max: pool - 1 }).map((n) => `${SCOPE_IRI}/${kind}/${n}`);
  return fc
    .tuple(segment, fc.option(matching(/^[a-z0-9]{1,6}$/), { nil: undefined }))
    .map(([s, frag]) => `${SCOPE_IRI}/${kind}/${s}${frag ? `#${frag}` : ''}`);
}

/** IRIs in other schemes that are still valid absolute IRIs (urn, tag), scoped. */
const otherSchemeIri = (kind: string) =>
  matching(/^[a-z0-9]{1,8}$/).chain((s) =>
    fc.constantFrom(`urn:${SCOPE_LABEL}:${kind}:${s}`, `tag:${SCOPE_LABEL}.example.com,2024:${kind}/${s}`),
  );

const iriCache = new Map<string, fc.Arbitrary<string>>();
export function iri(kind: string): fc.Arbitrary<string> {
  let arb = iriCache.get(kind);
  if (!arb) iriCache.set(kind, (arb = fc.oneof({ weight: 5, arbitrary: scopedIri(kind) }, { weight: 1, arbitrary: otherSchemeIri(kind) })));
  return arb;
}
/** IRLs (resolvable locators): http(s) only. */
export const irl = (kind: string) => scopedIri(kind);

export const uuid = fc.uuid({ version: [1, 3, 4, 5] });

/** A decimal that IEEE 754 single precision keeps recognisably (≤ 6 significant digits). */
const decimal = (min: number, max: number) =>
  fc.integer({ min: Math.ceil(min * 100), max: Math.floor(max * 100) }).map((n) => n / 100);

// ---------------------------------------------------------------- timestamps and durations

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A past instant (2000 - 2024) with a time zone, in the textual forms each version allows (4.5; 2.0: RFC 3339). */
export function timestamp(version: XapiVersion): fc.Arbitrary<string> {
  const offsets = fc.oneof(
    { weight: 3, arbitrary: fc.constant('Z') },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 12 }), fc.constantFrom(0, 30, 45))
        .filter(([sign, h, m]) => !(sign === '-' && h === 0 && m === 0)) // -00:00 is not ISO 8601 (and invalid in 2.0)
        .map(([sign, h, m]) => `${sign}${pad(h)}:${pad(m)}`),
    },
  );
  const fraction = fc.oneof(
    fc.constant(''),
    matching(/^[0-9]{1,3}$/).map((d) => `.${d}`),
    matching(/^[0-9]{4,9}$/).map((d) => `.${d}`), // beyond milliseconds: accepted, may be truncated (XAPI-00122)
  );
  const base = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2024-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 19));
  // Always with a zone: 1.0.3 only says a Timestamp "SHOULD* include the time zone" (4.5.s1.b4), so whether an
  // LRS must accept a zone-less one is unclear, and these timestamps feed MUST properties.
  return fc.tuple(base, fraction, offsets).map(([b, f, z]) => `${b}${f}${z}`);
}

/**
 * Seconds for a duration. 1.0.3 only says the LRS "SHOULD* NOT reject" a Duration finer than 0.01 s
 * (4.6.s1.b4), so MUST properties stay at 0.01 s there; 2.0 accepts finer precision (2.0 delta).
 */
function durationSeconds(version: XapiVersion): fc.Arbitrary<string> {
  const forms = [
    fc.integer({ min: 0, max: 100 }).map(String),
    fc.tuple(fc.integer({ min: 0, max: 59 }), matching(/^[0-9]{1,2}$/)).map(([s, f]) => `${s}.${f}`),
  ];
  if (version === '2.0.0') forms.push(fc.tuple(fc.integer({ min: 0, max: 59 }), matching(/^[0-9]{3,5}$/)).map(([s, f]) => `${s}.${f}`)); // finer than 0.01 s
  return fc.oneof(...forms);
}

const durationCache = new Map<XapiVersion, fc.Arbitrary<string>>();
/** ISO 8601:2004 4.4.3.2 durations: PnW alone, or PnYnMnDTnHnMnS with at least one component. */
export function duration(version: XapiVersion): fc.Arbitrary<string> {
  const cached = durationCache.get(version);
  if (cached) return cached;
  const arb = fc.oneof(
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 60 }).map((w) => `P${w}W`) },
    {
      weight: 6,
      arbitrary: fc
        .record(
          {
            Y: fc.integer({ min: 0, max: 5 }),
            M: fc.integer({ min: 0, max: 11 }),
            D: fc.integer({ min: 0, max: 40 }),
            H: fc.integer({ min: 0, max: 30 }),
            Mi: fc.integer({ min: 0, max: 90 }),
            S: durationSeconds(version),
          },
          { requiredKeys: [] },
        )
        .filter((p) => Object.keys(p).length > 0)
        .map((p) => {
          const date = `${p.Y !== undefined ? `${p.Y}Y` : ''}${p.M !== undefined ? `${p.M}M` : ''}${p.D !== undefined ? `${p.D}D` : ''}`;
          const time = `${p.H !== undefined ? `${p.H}H` : ''}${p.Mi !== undefined ? `${p.Mi}M` : ''}${p.S !== undefined ? `${p.S}S` : ''}`;
          return `P${date}${time ? `T${time}` : ''}`;
        }),
    },
  );
  durationCache.set(version, arb);
  return arb;
}

// ---------------------------------------------------------------- agents and groups

type Pools = NonNullable<StatementOptions['pools']>;

/** Inverse Functional Identifier of one of the four kinds (2.4.2.3). `who` distinguishes pool members. */
function ifi(kind: 'agent' | 'group', pool?: number): fc.Arbitrary<Record<string, Json>> {
  const who = pool !== undefined ? fc.nat({ max: pool - 1 }).map((n) => `${kind}${n}`) : matching(/^[a-z][a-z0-9]{0,7}$/).map((s) => `${kind}-${s}`);
  return fc.tuple(who, fc.constantFrom('mbox', 'mbox_sha1sum', 'openid', 'account')).map(([name, which]): Record<string, Json> => {
    switch (which) {
      case 'mbox':
        return { mbox: `mailto:${name}@${SCOPE_LABEL}.example.com` };
      case 'mbox_sha1sum':
        return { mbox_sha1sum: `${SHA1_PREFIX}${name}.sha@${SCOPE_LABEL}.example.com` };
      case 'openid':
        return { openid: `https://openid.${SCOPE_LABEL}.example.com/${name}` };
      default:
        return { account: { homePage: `https://lms.${SCOPE_LABEL}.example.com`, name } };
    }
  });
}

export function agent(opts: { objectType?: 'always' | 'maybe'; pool?: number } = {}): fc.Arbitrary<Statement> {
  const objectType = opts.objectType === 'always' ? fc.constant(true) : fc.boolean();
  return fc.tuple(ifi('agent', opts.pool), fc.option(text(20), { nil: undefined }), objectType).map(([id, name, withType]) => ({
    ...(withType ? { objectType: 'Agent' } : {}),
    ...(name !== undefined ? { name } : {}),
    ...id,
  }));
}

/** Anonymous (members only) or Identified (IFI, members optional) Group; members are Agents (2.4.2.2). */
export function group(opts: { identified?: boolean; pool?: number } = {}): fc.Arbitrary<Statement> {
  const members = fc.uniqueArray(agent({ pool: opts.pool }), { minLength: 1, maxLength: 3, selector: ifiKey });
  const anonymous = fc.tuple(members, fc.option(text(20), { nil: undefined })).map(([member, name]) => ({
    objectType: 'Group',
    ...(name !== undefined ? { name } : {}),
    member,
  }));
  const identified = fc
    .tuple(ifi('group', opts.pool), fc.option(members, { nil: undefined }), fc.option(text(20), { nil: undefined }))
    .map(([id, member, name]) => ({ objectType: 'Group', ...(name !== undefined ? { name } : {}), ...id, ...(member ? { member } : {}) }));
  if (opts.identified === true) return identified;
  if (opts.identified === false) return anonymous;
  return fc.oneof(anonymous, identified);
}

/** A stable key for an Agent/Group IFI (used for uniqueness and by the query oracle). */
export function ifiKey(actor: Statement): string {
  if (actor.mbox) return `mbox:${actor.mbox}`;
  if (actor.mbox_sha1sum) return `sha1:${actor.mbox_sha1sum}`;
  if (actor.openid) return `openid:${actor.openid}`;
  if (actor.account) return `account:${actor.account.homePage}|${actor.account.name}`;
  return 'anonymous';
}

export const actor = (pools?: Pools) =>
  fc.oneof({ weight: 3, arbitrary: agent({ pool: pools?.agents }) }, { weight: 1, arbitrary: group({ pool: pools?.agents }) });

// ---------------------------------------------------------------- verb, activity

export const verb = (pools?: Pools) =>
  fc
    .tuple(pools ? scopedIri('verb', pools.verbs) : iri('verb'), fc.option(languageMap, { nil: undefined }))
    .map(([id, display]) => ({ id, ...(display ? { display } : {}) }));

const componentId = matching(/^[a-z][a-z0-9_]{0,5}$/);
const components = fc.uniqueArray(
  fc.tuple(componentId, fc.option(languageMap, { nil: undefined })).map(([id, description]) => ({ id, ...(description ? { description } : {}) })),
  { minLength: 1, maxLength: 4, selector: (c) => c.id },
);

/** Pattern strings consistent with the interaction's components (2.4.4.1 Response Patterns). */
function pattern(type: (typeof INTERACTION_TYPES)[number], def: Record<string, any>): fc.Arbitrary<string> {
  const ids = (list: Array<{ id: string }>) => list.map((c) => c.id);
  const subset = (list: string[]) => fc.subarray(list, { minLength: 1 }).map((xs) => xs.join('[,]'));
  const word = matching(/^[A-Za-z][A-Za-z ]{0,10}$/);
  switch (type) {
    case 'true-false':
      return fc.constantFrom('true', 'false');
    case 'choice':
      return subset(ids(def.choices));
    case 'sequencing':
      return fc.shuffledSubarray(ids(def.choices), { minLength: def.choices.length }).map((xs) => xs.join('[,]'));
    case 'likert':
      return fc.constantFrom(...ids(def.scale));
    case 'matching':
      return fc
        .uniqueArray(fc.tuple(fc.constantFrom(...ids(def.source)), fc.constantFrom(...ids(def.target))), { minLength: 1, maxLength: 3, selector: (p) => p.join('.') })
        .map((pairs) => pairs.map(([s, t]) => `${s}[.]${t}`).join('[,]'));
    case 'performance':
      return fc
        .subarray(ids(def.steps), { minLength: 1 })
        .chain((steps) => fc.tuple(...steps.map((s) => fc.oneof(word, fc.constant('1[:]5')).map((r) => `${s}[.]${r}`))))
        .map((xs) => xs.join('[,]'));
    case 'numeric':
      return fc.constantFrom('4', '1[:]5', '[:]4', '2.5[:]');
    case 'fill-in':
      return fc.tuple(fc.constantFrom('', '{case_matters=true}', '{order_matters=false}'), fc.array(word, { minLength: 1, maxLength: 3 })).map(([p, ws]) => p + ws.join('[,]'));
    case 'long-fill-in':
      return fc.tuple(fc.constantFrom('', '{lang=en}'), fc.string({ minLength: 1, maxLength: 60 })).map(([p, s]) => p + s);
    default:
      return fc.string({ minLength: 0, maxLength: 20 });
  }
}

/** Every interaction type with exactly the component lists it supports (2.4.4.1 Interaction Components). */
export const interaction: fc.Arbitrary<Record<string, any>> = fc.constantFrom(...INTERACTION_TYPES).chain((interactionType) => {
  const lists: Record<string, fc.Arbitrary<unknown>> = {};
  if (interactionType === 'choice' || interactionType === 'sequencing') lists.choices = components;
  if (interactionType === 'likert') lists.scale = components;
  if (interactionType === 'matching') Object.assign(lists, { source: components, target: components });
  if (interactionType === 'performance') lists.steps = components;
  return fc.record(lists).chain((def) =>
    fc
      .option(fc.array(pattern(interactionType, def), { minLength: 0, maxLength: 2 }), { nil: undefined })
      .map((correctResponsesPattern) => ({
        type: CMI_INTERACTION,
        interactionType,
        ...def,
        ...(correctResponsesPattern ? { correctResponsesPattern } : {}),
      })),
  );
});

/** Extension values: any JSON (including null and empty objects, 4.1), numbers float32-safe. */
const extensionValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -100000, max: 100000 }),
    decimal(-1000, 1000),
    fc.string({ unit: 'grapheme', maxLength: 10 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(matching(/^[a-z][a-zA-Z0-9]{0,6}$/), tie('value'), { maxKeys: 3, noNullPrototype: true }),
  ),
})).value;

export const extensions = fc.dictionary(iri('extension'), extensionValue, { minKeys: 1, maxKeys: 3, noNullPrototype: true });

export const activityDefinition: fc.Arbitrary<Record<string, any>> = fc
  .record(
    {
      name: languageMap,
      description: languageMap,
      type: iri('activity-type'),
      moreInfo: irl('info'),
      extensions,
      interaction: fc.option(interaction, { nil: undefined, freq: 2 }),
    },
    { requiredKeys: [] },
  )
  .map(({ interaction: inter, ...rest }) => ({ ...rest, ...(inter ?? {}) }))
  .filter((d) => Object.keys(d).length > 0);

export const activity = (opts: { pool?: number; objectType?: 'always' | 'maybe' } = {}) =>
  fc
    .tuple(
      opts.pool !== undefined ? scopedIri('activity', opts.pool) : iri('activity'),
      fc.option(activityDefinition, { nil: undefined }),
      opts.objectType === 'always' ? fc.constant(true) : fc.boolean(),
    )
    .map(([id, definition, withType]) => ({ ...(withType ? { objectType: 'Activity' } : {}), id, ...(definition ? { definition } : {}) }));

// ---------------------------------------------------------------- result, context, attachments

export const score = fc
  .record(
    {
      scaled: decimal(-1, 1),
      bounds: fc.tuple(decimal(-100, 100), decimal(0.01, 100), fc.double({ min: 0, max: 1, noNaN: true })),
      raw: decimal(-1000, 1000),
    },
    { requiredKeys: [] },
  )
  .map(({ scaled, bounds, raw }) => {
    const out: Record<string, number> = {};
    if (scaled !== undefined) out.scaled = scaled;
    if (bounds) {
      const [min, span, at] = bounds;
      const max = Math.round((min + span) * 100) / 100;
      out.min = min;
      out.max = max;
      out.raw = Math.round((min + (max - min) * at) * 100) / 100;
    } else if (raw !== undefined) out.raw = raw;
    return out;
  })
  .filter((s) => Object.keys(s).length > 0);

const resultCache = new Map<XapiVersion, fc.Arbitrary<Statement>>();
export function result(version: XapiVersion): fc.Arbitrary<Statement> {
  const cached = resultCache.get(version);
  if (cached) return cached;
  const arb = fc
    .record(
      { score, success: fc.boolean(), completion: fc.boolean(), response: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), duration: duration(version), extensions },
      { requiredKeys: [] },
    )
    .filter((r) => Object.keys(r).length > 0);
  resultCache.set(version, arb);
  return arb;
}

const contextActivityList = (pools?: Pools) =>
  fc.oneof(
    { weight: 1, arbitrary: activity({ pool: pools?.activities }) }, // a single Activity Object is allowed (2.4.6.2)
    { weight: 3, arbitrary: fc.array(activity({ pool: pools?.activities }), { minLength: 1, maxLength: 2 }) },
  );

const contextActivities = (pools?: Pools) =>
  fc
    .record(
      { parent: contextActivityList(pools), grouping: contextActivityList(pools), category: contextActivityList(pools), other: contextActivityList(pools) },
      { requiredKeys: [] },
    )
    .filter((c) => Object.keys(c).length > 0);

const relevantTypes = fc.array(iri('relevant-type'), { minLength: 1, maxLength: 2 });

export function context(opts: StatementOptions, objectIsActivity: boolean, refTarget: fc.Arbitrary<string>): fc.Arbitrary<Statement> {
  const pools = opts.pools;
  const model: Record<string, fc.Arbitrary<unknown>> = {
    registration: opts.registration ? fc.constant(opts.registration) : uuid,
    instructor: fc.oneof(agent({ pool: pools?.agents }), group({ pool: pools?.agents })),
    team: group({ pool: pools?.agents }),
    contextActivities: contextActivities(pools),
    language: languageTag,
    statement: refTarget.map((id) => ({ objectType: 'StatementRef', id })),
    extensions,
  };
  if (objectIsActivity) {
    // "revision" and "platform" MUST only be used if the Statement's Object is an Activity (2.4.6).
    model.revision = text(10);
    model.platform = text(10);
  }
  if (opts.version === '2.0.0') {
    model.contextAgents = fc.array(
      fc.tuple(agent({ pool: pools?.agents }), fc.option(relevantTypes, { nil: undefined })).map(([a, types]) => ({
        objectType: 'contextAgent',
        agent: a,
        ...(types ? { relevantTypes: types } : {}),
      })),
      { minLength: 1, maxLength: 2 },
    );
    model.contextGroups = fc.array(
      fc.tuple(group({ pool: pools?.agents }), fc.option(relevantTypes, { nil: undefined })).map(([g, types]) => ({
        objectType: 'contextGroup',
        group: g,
        ...(types ? { relevantTypes: types } : {}),
      })),
      { minLength: 1, maxLength: 2 },
    );
  }
  const required = opts.registration ? ['registration'] : [];
  return fc.record(model, { requiredKeys: required }).filter((c) => Object.keys(c).length > 0) as fc.Arbitrary<Statement>;
}

/** Attachment metadata (2.4.11). Sent as application/json, so each names a fileUrl (no multipart part needed). */
export const attachment = fc
  .record(
    {
      usageType: iri('attachment-usage'),
      display: languageMap,
      description: fc.option(languageMap, { nil: undefined }),
      contentType: fc.constantFrom('application/pdf', 'image/png', 'text/plain; charset=utf-8', 'application/octet-stream'),
      length: fc.integer({ min: 0, max: 10_000_000 }),
      sha2: matching(/^[0-9a-f]{64}$/),
      fileUrl: irl('file'),
    },
    { requiredKeys: ['usageType', 'display', 'contentType', 'length', 'sha2', 'fileUrl'] },
  )
  .map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)));

// ---------------------------------------------------------------- statements

function refTargetArb(opts: StatementOptions): fc.Arbitrary<string> {
  return opts.refTargets && opts.refTargets.length > 0 ? fc.constantFrom(...opts.refTargets).map((n) => `${STMT_REF_PREFIX}${n}`) : uuid;
}

type ObjectKind = 'Activity' | 'Agent' | 'Group' | 'StatementRef' | 'SubStatement';

function statementObject(opts: StatementOptions, nested: boolean): fc.Arbitrary<[ObjectKind, Statement]> {
  const pools = opts.pools;
  const kinds: Array<{ weight: number; arbitrary: fc.Arbitrary<[ObjectKind, Statement]> }> = [
    { weight: 6, arbitrary: activity({ pool: pools?.activities }).map((o) => ['Activity', o] as [ObjectKind, Statement]) },
    { weight: 1, arbitrary: agent({ objectType: 'always', pool: pools?.agents }).map((o) => ['Agent', o] as [ObjectKind, Statement]) },
    { weight: 1, arbitrary: group({ pool: pools?.agents }).map((o) => ['Group', o] as [ObjectKind, Statement]) },
    { weight: 1, arbitrary: refTargetArb(opts).map((id) => ['StatementRef', { objectType: 'StatementRef', id }] as [ObjectKind, Statement]) },
  ];
  if (!nested) {
    // A SubStatement MUST NOT contain a SubStatement, nor id/stored/version/authority (2.4.4.3).
    kinds.push({ weight: 1, arbitrary: statementBody(opts, true).map((s) => ['SubStatement', { objectType: 'SubStatement', ...s }] as [ObjectKind, Statement]) });
  }
  return fc.oneof(...kinds);
}

/** actor, verb, object, result?, context?, timestamp? (attachments only at top level). */
function statementBody(opts: StatementOptions, nested: boolean): fc.Arbitrary<Statement> {
  const parts = (objectIsActivity: boolean) =>
    fc.record(
      {
        actor: actor(opts.pools),
        verb: verb(opts.pools),
        result: result(opts.version),
        context: context(opts, objectIsActivity, refTargetArb(opts)),
        timestamp: timestamp(opts.version),
      },
      { requiredKeys: opts.registration ? ['actor', 'verb', 'context'] : ['actor', 'verb'] },
    );
  const withActivity = parts(true);
  const withOther = parts(false);
  return statementObject(opts, nested).chain(([kind, object]) => (kind === 'Activity' ? withActivity : withOther).map((p) => ({ ...p, object })));
}

/** A complete, valid statement without `id` (ids are assigned per execution by scope.ts). */
export function statement(opts: StatementOptions): fc.Arbitrary<Statement> {
  const extras: Record<string, fc.Arbitrary<unknown>> = {
    version: fc.constant(opts.version === '1.0.3' ? '1.0.0' : '2.0.0'),
  };
  if (!opts.noAttachments) extras.attachments = fc.array(attachment, { minLength: 1, maxLength: 2 });
  return fc.tuple(statementBody(opts, false), fc.record(extras, { requiredKeys: [] })).map(([body, more]) => orderLikeSpec({ ...body, ...more }));
}

/** A voiding statement (2.3.2) for population member `target`. */
export function voiding(target: number, opts: StatementOptions): fc.Arbitrary<Statement> {
  return actor(opts.pools).map((a) => ({
    actor: a,
    verb: { id: VOIDED_VERB, display: { 'en-US': 'voided' } },
    object: { objectType: 'StatementRef', id: `${STMT_REF_PREFIX}${target}` },
    ...(opts.registration ? { context: { registration: opts.registration } } : {}),
  }));
}

const KEY_ORDER = ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'version', 'attachments'];
function orderLikeSpec(s: Statement): Statement {
  return Object.fromEntries(Object.entries(s).sort(([a], [b]) => KEY_ORDER.indexOf(a) - KEY_ORDER.indexOf(b)));
}

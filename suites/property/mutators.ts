// Mutators: each breaks exactly one rule of a valid statement and names the requirement it violates.
// `prepare` first adds (valid) structure the rule needs, e.g. a score for the score-bound rules, so
// any generated statement can host any mutator; `mutate` then breaks that one rule in place.
import type { Level, XapiVersion } from '../../harness/check.js';
import { SCOPE_IRI, SCOPE_LABEL, type Statement } from './arbitraries.js';

export interface Mutator {
  /** Stable slug shown in failures. */
  name: string;
  /** The requirement(s) the mutant violates (XAPI-nnnnn); empty for xAPI 2.0 rules, which have no ids. */
  requirements: string[];
  /** Other requirement ids a validator may also cite for this same single change (how it reads it). */
  consequences?: string[];
  /** What the spec says, quoted. */
  quote: string;
  level: Level;
  versions: readonly XapiVersion[];
  prepare?(s: Statement, version: XapiVersion): void;
  mutate(s: Statement, version: XapiVersion): void;
}

const BOTH = ['1.0.3', '2.0.0'] as const;
const V2 = ['2.0.0'] as const;

const activityObject = (s: Statement) => {
  if (!(s.object && (s.object.objectType === undefined || s.object.objectType === 'Activity'))) {
    s.object = { objectType: 'Activity', id: `${SCOPE_IRI}/activity/mutant` };
    if (s.context) {
      delete s.context.revision;
      delete s.context.platform;
    }
  }
  return s.object;
};
const definition = (s: Statement) => (activityObject(s).definition ??= { name: { en: 'mutant' } });
const ensureResult = (s: Statement) => (s.result ??= { completion: true });
const ensureScore = (s: Statement) => {
  ensureResult(s).score = { raw: 5, min: 0, max: 10, scaled: 0.5 };
  return s.result.score;
};
const ensureContext = (s: Statement) => (s.context ??= { language: 'en' });
const interactionWith = (type: 'choice' | 'likert' | 'matching' | 'performance' | 'sequencing', list: string) => (s: Statement) => {
  const d = definition(s);
  for (const k of ['interactionType', 'correctResponsesPattern', 'choices', 'scale', 'source', 'target', 'steps']) delete d[k];
  d.type = 'http://adlnet.gov/expapi/activities/cmi.interaction';
  d.interactionType = type;
  d[list] = [{ id: 'a' }, { id: 'b', description: { en: 'b' } }];
  if (type === 'matching') d[list === 'source' ? 'target' : 'source'] = [{ id: 'x' }];
};
const ensureAttachment = (s: Statement) => {
  if (!Array.isArray(s.attachments) || s.attachments.length === 0) {
    s.attachments = [
      {
        usageType: `${SCOPE_IRI}/attachment-usage/mutant`,
        display: { en: 'mutant' },
        contentType: 'text/plain',
        length: 5,
        sha2: 'a'.repeat(64),
        fileUrl: `${SCOPE_IRI}/file/mutant`,
      },
    ];
  }
  return s.attachments[0];
};
const agentActor = (s: Statement) => {
  s.actor = { objectType: 'Agent', name: 'Mutant', mbox: `mailto:mutant@${SCOPE_LABEL}.example.com` };
  return s.actor;
};
const subStatement = (s: Statement) => {
  s.object = {
    objectType: 'SubStatement',
    actor: { mbox: `mailto:sub@${SCOPE_LABEL}.example.com` },
    verb: { id: `${SCOPE_IRI}/verb/sub` },
    object: { id: `${SCOPE_IRI}/activity/sub` },
  };
  if (s.context) {
    delete s.context.revision;
    delete s.context.platform;
  }
  return s.object;
};

export const mutators: Mutator[] = [
  // ---- 2.2 Formatting
  { name: 'missing-actor', requirements: ['XAPI-00003'], quote: 'A Statement MUST use "actor", "verb", and "object". (Data 2.2.s2.b3)', level: 'MUST', versions: BOTH, mutate: (s) => void delete s.actor },
  { name: 'missing-verb', requirements: ['XAPI-00004'], quote: 'A Statement MUST use "actor", "verb", and "object". (Data 2.2.s2.b3)', level: 'MUST', versions: BOTH, mutate: (s) => void delete s.verb },
  { name: 'missing-object', requirements: ['XAPI-00005'], quote: 'A Statement MUST use "actor", "verb", and "object". (Data 2.2.s2.b3)', level: 'MUST', versions: BOTH, mutate: (s) => void delete s.object },
  {
    name: 'null-value',
    requirements: ['XAPI-00001'],
    quote: 'The LRS MUST reject Statements with any null values (except inside extensions). (Data 2.2.s4.b1.b1)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void ensureResult(s),
    mutate: (s) => void (s.result.completion = null),
  },
  {
    name: 'string-for-boolean',
    requirements: ['XAPI-00006', 'XAPI-00074'],
    quote: 'The LRS MUST reject Statements … with strings where booleans are required, even if those strings contain booleans. (Data 2.2.s4.b1.b3)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void ensureResult(s),
    mutate: (s) => void (s.result.success = 'true'),
  },
  {
    name: 'string-for-number',
    requirements: ['XAPI-00006', 'XAPI-00082'],
    quote: 'The LRS MUST reject Statements … with strings where numbers are required, even if those strings contain numbers. (Data 2.2.s4.b1.b2)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void ensureScore(s),
    mutate: (s) => void (s.result.score.raw = '5'),
  },
  {
    name: 'key-case',
    requirements: ['XAPI-00008'],
    quote: 'The LRS MUST reject Statements where the case of a key does not match the case specified in this specification. (Data 2.2.s4.b1.b5)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void ensureResult(s),
    mutate: (s) => {
      s.Result = s.result;
      delete s.result;
    },
  },
  {
    name: 'enum-case',
    requirements: ['XAPI-00009', 'XAPI-00031'],
    quote: 'The LRS MUST reject Statements where the case of a value restricted to enumerated values does not match an enumerated value given in this specification exactly. (Data 2.2.s4.b1.b6)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void agentActor(s),
    mutate: (s) => void (s.actor.objectType = 'agent'),
  },
  {
    name: 'unknown-property',
    requirements: ['XAPI-00010'],
    quote: 'Additional properties SHOULD* NOT be added to Statements … and the LRS SHOULD* reject Statements containing such additional properties. (Data 2.2.s4.b8)',
    level: 'SHOULD',
    versions: ['1.0.3'],
    mutate: (s) => void (s.foo = 'bar'),
  },
  {
    name: 'unknown-property',
    requirements: ['XAPI-00010'],
    quote: 'xAPI 2.0: a statement with a property the specification does not define is rejected (400).',
    level: 'MUST',
    versions: V2,
    mutate: (s) => void (s.foo = 'bar'),
  },
  // ---- 2.4.1 id, UUIDs
  { name: 'id-not-uuid', requirements: ['XAPI-00027', 'XAPI-00029'], quote: 'UUIDs MUST be in the standard string form. (Data 4.4)', level: 'MUST', versions: BOTH, mutate: (s) => void (s.id = 'not-a-uuid') },
  { name: 'id-not-string', requirements: ['XAPI-00028'], quote: `A Statement's "id" property is a String. (XAPI-00028)`, level: 'MUST', versions: BOTH, mutate: (s) => void (s.id = 12345) },
  {
    name: 'registration-not-uuid',
    requirements: ['XAPI-00087'],
    quote: 'A "registration" property is a UUID. (XAPI-00087)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void ensureContext(s),
    mutate: (s) => void (s.context.registration = '{3fa85f64-5717-4562-b3fc-2c963f66afa6}'),
  },
  // ---- 2.4.2 Actor
  { name: 'actor-objecttype', requirements: ['XAPI-00031'], quote: 'An "actor" property\'s "objectType" property is either "Agent" or "Group". (XAPI-00031)', level: 'MUST', versions: BOTH, prepare: (s) => void agentActor(s), mutate: (s) => void (s.actor.objectType = 'Person') },
  {
    name: 'agent-two-ifis',
    requirements: ['XAPI-00034'],
    quote: 'An Agent MUST NOT include more than one (1) Inverse Functional Identifier. (Data 2.4.2.1.s2.b2)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void agentActor(s),
    mutate: (s) => void (s.actor.openid = `https://openid.${SCOPE_LABEL}.example.com/mutant`),
  },
  {
    name: 'agent-no-ifi',
    requirements: ['XAPI-00034'],
    quote: 'An Agent MUST be identified by one (1) of the four types of Inverse Functional Identifiers. (Data 2.4.2.1.s2.b1)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void agentActor(s),
    mutate: (s) => void delete s.actor.mbox,
  },
  { name: 'mbox-without-mailto', requirements: ['XAPI-00038'], quote: 'mbox: The required format is "mailto:email address". (Data 2.4.2.3)', level: 'MUST', versions: BOTH, prepare: (s) => void agentActor(s), mutate: (s) => void (s.actor.mbox = `mutant@${SCOPE_LABEL}.example.com`) },
  {
    name: 'sha1sum-not-string',
    requirements: ['XAPI-00039'],
    quote: 'An "mbox_sha1sum" property is a String. (XAPI-00039)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void agentActor(s),
    mutate: (s) => {
      delete s.actor.mbox;
      s.actor.mbox_sha1sum = 1234567890;
    },
  },
  {
    name: 'openid-not-uri',
    requirements: ['XAPI-00040', 'XAPI-00011'],
    quote: 'The LRS MUST reject Statements containing IRL or IRI values without a scheme. (Data 2.2.s4.b1.b8)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void agentActor(s),
    mutate: (s) => {
      delete s.actor.mbox;
      s.actor.openid = 'openid-without-scheme';
    },
  },
  {
    name: 'account-without-homepage',
    requirements: ['XAPI-00042'],
    quote: 'Account homePage: IRL, Required. (Data 2.4.2.4)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void agentActor(s),
    mutate: (s) => {
      delete s.actor.mbox;
      s.actor.account = { name: 'mutant' };
    },
  },
  {
    name: 'account-without-name',
    requirements: ['XAPI-00043'],
    quote: 'Account name: String, Required. (Data 2.4.2.4)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void agentActor(s),
    mutate: (s) => {
      delete s.actor.mbox;
      s.actor.account = { homePage: `https://lms.${SCOPE_LABEL}.example.com` };
    },
  },
  {
    name: 'anonymous-group-without-member',
    requirements: ['XAPI-00037'],
    quote: 'An Anonymous Group MUST include a "member" property listing constituent Agents. (Data 2.4.2.2.s4.b1)',
    level: 'MUST',
    versions: BOTH,
    mutate: (s) => void (s.actor = { objectType: 'Group', name: 'Nobody' }),
  },
  {
    name: 'group-member-not-array',
    requirements: ['XAPI-00036'],
    consequences: ['XAPI-00037'],
    quote: 'The "member" property is an array of Objects following Agent requirements. (XAPI-00036)',
    level: 'MUST',
    versions: BOTH,
    mutate: (s) => void (s.actor = { objectType: 'Group', member: { mbox: `mailto:m@${SCOPE_LABEL}.example.com` } }),
  },
  {
    name: 'group-in-group',
    requirements: ['XAPI-00036'],
    consequences: ['XAPI-00035', 'XAPI-00034'],
    quote: 'An Anonymous Group MUST NOT contain Group Objects in the "member" identifiers. (Data 2.4.2.2.s4.b2)',
    level: 'MUST',
    versions: BOTH,
    mutate: (s) =>
      void (s.actor = {
        objectType: 'Group',
        member: [{ objectType: 'Group', member: [{ mbox: `mailto:inner@${SCOPE_LABEL}.example.com` }] }],
      }),
  },
  // ---- 2.4.3 Verb
  { name: 'verb-without-id', requirements: ['XAPI-00044'], quote: 'Verb id: IRI, Required. (Data 2.4.3)', level: 'MUST', versions: BOTH, mutate: (s) => void (s.verb = { display: { en: 'did' } }) },
  { name: 'verb-id-no-scheme', requirements: ['XAPI-00044', 'XAPI-00011'], quote: 'The LRS MUST reject Statements containing IRL or IRI values without a scheme. (Data 2.2.s4.b1.b8)', level: 'MUST', versions: BOTH, mutate: (s) => void (s.verb.id = 'verbs/without-scheme') },
  { name: 'verb-display-not-map', requirements: ['XAPI-00045'], quote: 'Verb display: Language Map. (Data 2.4.3)', level: 'MUST', versions: BOTH, mutate: (s) => void (s.verb.display = 'did') },
  {
    name: 'language-map-bad-key',
    requirements: ['XAPI-00013', 'XAPI-00121'],
    quote: 'The LRS MUST at least validate that the sequence of token lengths for language map keys matches the RFC 5646 standard. (Data 2.2.s4.b2)',
    level: 'MUST',
    versions: BOTH,
    mutate: (s) => void (s.verb.display = { 'en-US-subtagfartoolong': 'did' }),
  },
  // ---- 2.4.4 Object
  {
    name: 'object-objecttype',
    requirements: ['XAPI-00046', 'XAPI-00009'],
    quote: 'objectType: Activity, Agent, Group, SubStatement or StatementRef. (Data 2.4.4)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => {
      activityObject(s);
      // revision/platform would become a second violation once the object is no longer an Activity.
      if (s.context) {
        delete s.context.revision;
        delete s.context.platform;
        if (Object.keys(s.context).length === 0) delete s.context;
      }
    },
    mutate: (s) => void (s.object.objectType = 'activity'),
  },
  { name: 'activity-id-no-scheme', requirements: ['XAPI-00047', 'XAPI-00011'], quote: 'Activity id: IRI, Required. (Data 2.4.4.1)', level: 'MUST', versions: BOTH, prepare: (s) => void activityObject(s), mutate: (s) => void (s.object.id = 'activity-without-scheme') },
  { name: 'activity-without-id', requirements: ['XAPI-00047'], quote: 'Activity id: IRI, Required. (Data 2.4.4.1)', level: 'MUST', versions: BOTH, prepare: (s) => void definition(s), mutate: (s) => void delete s.object.id },
  { name: 'definition-name-not-map', requirements: ['XAPI-00056'], quote: 'Activity Definition name: Language Map. (Data 2.4.4.1)', level: 'MUST', versions: BOTH, prepare: (s) => void definition(s), mutate: (s) => void (s.object.definition.name = 'plain string') },
  { name: 'definition-type-no-scheme', requirements: ['XAPI-00060'], quote: 'Activity Definition type: IRI. (Data 2.4.4.1)', level: 'MUST', versions: BOTH, prepare: (s) => void definition(s), mutate: (s) => void (s.object.definition.type = 'type-without-scheme') },
  { name: 'definition-moreinfo-no-scheme', requirements: ['XAPI-00061'], quote: 'Activity Definition moreInfo: IRL. (Data 2.4.4.1)', level: 'MUST', versions: BOTH, prepare: (s) => void definition(s), mutate: (s) => void (s.object.definition.moreInfo = 'www.example.com/info') },
  {
    name: 'interaction-type-invalid',
    requirements: ['XAPI-00049'],
    quote: 'Interaction Activities MUST have a valid interactionType. (Data 2.4.4.1.s13.b1)',
    level: 'MUST',
    versions: BOTH,
    prepare: interactionWith('choice', 'choices'),
    mutate: (s) => void (s.object.definition.interactionType = 'multiple-choice'),
  },
  {
    name: 'correct-responses-not-strings',
    requirements: ['XAPI-00050'],
    quote: 'correctResponsesPattern: Array of Strings. (Data 2.4.4.1)',
    level: 'MUST',
    versions: BOTH,
    prepare: interactionWith('choice', 'choices'),
    mutate: (s) => void (s.object.definition.correctResponsesPattern = [1, 2]),
  },
  ...(
    [
      ['choices', 'choice', 'XAPI-00055'],
      ['scale', 'likert', 'XAPI-00054'],
      ['source', 'matching', 'XAPI-00053'],
      ['target', 'matching', 'XAPI-00052'],
      ['steps', 'performance', 'XAPI-00051'],
    ] as const
  ).map(
    ([list, type, req]): Mutator => ({
      name: `${list}-not-component-array`,
      requirements: [req],
      quote: `An Activity Definition's "${list}" property is an array of Interaction Components. (${req})`,
      level: 'MUST',
      versions: BOTH,
      prepare: interactionWith(type, list),
      mutate: (s) => void (s.object.definition[list] = { id: 'a' }),
    }),
  ),
  {
    name: 'component-duplicate-id',
    requirements: ['XAPI-00058'],
    quote: 'Within an array of interaction components, all id values MUST be distinct. (Data 2.4.4.1.s16.b1)',
    level: 'MUST',
    versions: BOTH,
    prepare: interactionWith('choice', 'choices'),
    mutate: (s) => void s.object.definition.choices.push({ id: 'a', description: { en: 'again' } }),
  },
  {
    name: 'component-without-id',
    requirements: ['XAPI-00058'],
    quote: 'Interaction component id: String, Required. (Data 2.4.4.1.s15)',
    level: 'MUST',
    versions: BOTH,
    prepare: interactionWith('likert', 'scale'),
    mutate: (s) => void s.object.definition.scale.push({ description: { en: 'no id' } }),
  },
  {
    name: 'agent-object-without-objecttype',
    requirements: ['XAPI-00065'],
    // Without objectType the object reads as an Activity: no id, and mbox is not an Activity property.
    consequences: ['XAPI-00047', 'XAPI-00010'],
    quote: 'Statements that specify an Agent or Group as an Object MUST specify an "objectType" property. (Data 2.4.4.2.s1.b1)',
    level: 'MUST',
    versions: BOTH,
    mutate: (s) => {
      s.object = { mbox: `mailto:object@${SCOPE_LABEL}.example.com` };
      if (s.context) {
        delete s.context.revision;
        delete s.context.platform;
      }
    },
  },
  {
    name: 'statementref-bad-id',
    requirements: ['XAPI-00072'],
    quote: 'A Statement Reference MUST set the "id" property to the UUID of a Statement. (Data 2.4.4.3.s4.b2)',
    level: 'MUST',
    versions: BOTH,
    mutate: (s) => {
      s.object = { objectType: 'StatementRef', id: 'not-a-uuid' };
      if (s.context) {
        delete s.context.revision;
        delete s.context.platform;
      }
    },
  },
  ...(['id', 'stored', 'version', 'authority'] as const).map(
    (prop): Mutator => ({
      name: `substatement-with-${prop}`,
      requirements: [{ id: 'XAPI-00070', stored: 'XAPI-00069', version: 'XAPI-00068', authority: 'XAPI-00067' }[prop]],
      quote: 'A SubStatement MUST NOT have the "id", "stored", "version" or "authority" properties. (Data 2.4.4.3.s8.b3)',
      level: 'MUST',
      versions: BOTH,
      prepare: (s) => void subStatement(s),
      mutate: (s, version) => {
        const values = {
          id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
          stored: '2020-01-01T00:00:00.000Z',
          version: version === '1.0.3' ? '1.0.0' : '2.0.0',
          authority: { objectType: 'Agent', mbox: `mailto:authority@${SCOPE_LABEL}.example.com` },
        };
        s.object[prop] = values[prop];
      },
    }),
  ),
  {
    name: 'nested-substatement',
    requirements: ['XAPI-00071'],
    quote: 'A SubStatement MUST NOT contain a SubStatement of its own, i.e., cannot be nested. (Data 2.4.4.3.s8.b4)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void subStatement(s),
    mutate: (s) => {
      s.object.object = { objectType: 'SubStatement', actor: s.object.actor, verb: s.object.verb, object: { id: `${SCOPE_IRI}/activity/nested` } };
    },
  },
  // ---- 2.4.5 Result
  { name: 'duration-not-iso8601', requirements: ['XAPI-00077', 'XAPI-00124'], quote: 'A Duration MUST be expressed using the format for Duration in ISO 8601:2004(E) section 4.4.3.2. (Data 4.6.s1.b1)', level: 'MUST', versions: BOTH, prepare: (s) => void ensureResult(s), mutate: (s) => void (s.result.duration = '1 hour') },
  // Only an example note says so, and ISO 8601-1:2019 allows combining weeks, so LRSs defensibly differ (as the
  // statement fixture result-duration-weeks-combined grades it): a SHOULD point, and the SHOULD property is 1.0.3 only.
  {
    name: 'duration-weeks-combined',
    requirements: ['XAPI-00077', 'XAPI-00124'],
    quote: "Note that weeks cannot be combined with other time periods. 'P4W1D' is not valid. (Data 4.6.s2)",
    level: 'SHOULD',
    versions: ['1.0.3'],
    prepare: (s) => void ensureResult(s),
    mutate: (s) => void (s.result.duration = 'P4W1D'),
  },
  { name: 'scaled-above-one', requirements: ['XAPI-00083'], quote: 'scaled: Decimal number between -1 and 1, inclusive. (Data 2.4.5.1)', level: 'MUST', versions: BOTH, prepare: (s) => void ensureScore(s), mutate: (s) => void (s.result.score.scaled = 1.5) },
  { name: 'raw-above-max', requirements: ['XAPI-00082'], quote: 'raw: Decimal number between min and max (if present, otherwise unrestricted), inclusive. (Data 2.4.5.1)', level: 'MUST', versions: BOTH, prepare: (s) => void ensureScore(s), mutate: (s) => void (s.result.score.raw = 11) },
  {
    name: 'min-above-max',
    requirements: ['XAPI-00081', 'XAPI-00080'],
    quote: 'min: Decimal number less than max (if present). (Data 2.4.5.1)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void ensureScore(s),
    mutate: (s) => {
      const score = s.result.score;
      delete score.raw;
      score.min = 20;
    },
  },
  { name: 'response-not-string', requirements: ['XAPI-00076'], quote: 'A "response" property is a String. (XAPI-00076)', level: 'MUST', versions: BOTH, prepare: (s) => void ensureResult(s), mutate: (s) => void (s.result.response = 42) },
  // ---- 2.4.6 Context
  {
    name: 'revision-on-non-activity',
    requirements: ['XAPI-00084'],
    quote: 'The "revision" property MUST only be used if the Statement\'s Object is an Activity. (Data 2.4.6.s4.b1)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => {
      s.object = { objectType: 'Agent', mbox: `mailto:object@${SCOPE_LABEL}.example.com` };
      ensureContext(s);
      delete s.context.revision;
      delete s.context.platform;
    },
    mutate: (s) => void (s.context.revision = 'r1'),
  },
  {
    name: 'platform-on-non-activity',
    requirements: ['XAPI-00085'],
    quote: 'The "platform" property MUST only be used if the Statement\'s Object is an Activity. (Data 2.4.6.s4.b2)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => {
      s.object = { objectType: 'StatementRef', id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' };
      ensureContext(s);
      delete s.context.revision;
      delete s.context.platform;
    },
    mutate: (s) => void (s.context.platform = 'web'),
  },
  {
    name: 'context-activities-bad-key',
    requirements: ['XAPI-00093'],
    quote: 'Every key in the contextActivities Object MUST be one of parent, grouping, category, or other. (Data 2.4.6.2.s4.b1)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void ensureContext(s),
    mutate: (s) => void (s.context.contextActivities = { ...(s.context.contextActivities ?? {}), sibling: [{ id: `${SCOPE_IRI}/activity/sibling` }] }),
  },
  {
    name: 'context-activities-not-activity',
    requirements: ['XAPI-00094'],
    quote: 'Every value in the contextActivities Object MUST be either a single Activity Object or an array of Activity Objects. (Data 2.4.6.2.s4.b2)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void ensureContext(s),
    mutate: (s) => void (s.context.contextActivities = { parent: `${SCOPE_IRI}/activity/parent` }),
  },
  {
    name: 'team-is-agent',
    requirements: ['XAPI-00088'],
    quote: 'An "team" property is a Group. (XAPI-00088)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void ensureContext(s),
    mutate: (s) => void (s.context.team = { objectType: 'Agent', mbox: `mailto:team@${SCOPE_LABEL}.example.com` }),
  },
  { name: 'context-language-invalid', requirements: ['XAPI-00091'], quote: 'A "language" property is a String which follows RFC 5646. (XAPI-00091)', level: 'MUST', versions: BOTH, prepare: (s) => void ensureContext(s), mutate: (s) => void (s.context.language = 'english language') },
  {
    name: 'context-statement-not-ref',
    requirements: ['XAPI-00092'],
    quote: 'A "statement" property is a Statement Reference. (XAPI-00092)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void ensureContext(s),
    mutate: (s) => void (s.context.statement = { objectType: 'Activity', id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }),
  },
  {
    name: 'extension-key-not-iri',
    requirements: ['XAPI-00118'],
    quote: 'The keys of an extensions map MUST be IRIs. (Data 4.1.s3.b1)',
    level: 'MUST',
    versions: BOTH,
    prepare: (s) => void ensureContext(s),
    mutate: (s) => void (s.context.extensions = { ...(s.context.extensions ?? {}), 'not an iri': 1 }),
  },
  // ---- 2.4.7 timestamp, 2.4.10 version, 2.4.11 attachments
  { name: 'timestamp-invalid-date', requirements: ['XAPI-00022', 'XAPI-00123'], quote: 'A Timestamp MUST be formatted according to ISO 8601. (Data 4.5.s1.b1)', level: 'MUST', versions: BOTH, mutate: (s) => void (s.timestamp = '2020-13-45T25:61:00Z') },
  { name: 'timestamp-not-a-date', requirements: ['XAPI-00022', 'XAPI-00123'], quote: 'A Timestamp MUST be formatted according to ISO 8601. (Data 4.5.s1.b1)', level: 'MUST', versions: BOTH, mutate: (s) => void (s.timestamp = 'yesterday at noon') },
  { name: 'timestamp-negative-zero-offset', requirements: [], quote: 'xAPI 2.0: Timestamps follow RFC 3339; an offset of -00, -0000 or -00:00 is invalid.', level: 'MUST', versions: V2, mutate: (s) => void (s.timestamp = '2020-01-01T12:00:00.000-00:00') },
  {
    name: 'version-unsupported',
    requirements: ['XAPI-00101'],
    quote: 'An LRS MUST reject all Statements with a version specified that does not start with `1.0.`. (Data 2.4.10.s3.b2)',
    level: 'MUST',
    versions: ['1.0.3'],
    mutate: (s) => void (s.version = '1.1.0'),
  },
  { name: 'version-unsupported', requirements: [], quote: 'xAPI 2.0: the statement `version` property, when present, must be `2.0.x`.', level: 'MUST', versions: V2, mutate: (s) => void (s.version = '3.0.0') },
  { name: 'attachment-without-sha2', requirements: ['XAPI-00103'], quote: 'sha2: String, Required. (Data 2.4.11)', level: 'MUST', versions: BOTH, prepare: (s) => void ensureAttachment(s), mutate: (s) => void delete s.attachments[0].sha2 },
  { name: 'attachment-length-not-integer', requirements: ['XAPI-00102'], quote: 'length: Integer, Required. (Data 2.4.11)', level: 'MUST', versions: BOTH, prepare: (s) => void ensureAttachment(s), mutate: (s) => void (s.attachments[0].length = 1.5) },
  { name: 'attachment-without-content-type', requirements: ['XAPI-00105'], quote: 'contentType: Internet Media Type, Required. (Data 2.4.11)', level: 'MUST', versions: BOTH, prepare: (s) => void ensureAttachment(s), mutate: (s) => void delete s.attachments[0].contentType },
  { name: 'attachment-without-display', requirements: ['XAPI-00106'], quote: 'display: Language Map, Required. (Data 2.4.11)', level: 'MUST', versions: BOTH, prepare: (s) => void ensureAttachment(s), mutate: (s) => void delete s.attachments[0].display },
  { name: 'attachment-usage-no-scheme', requirements: ['XAPI-00107'], quote: 'usageType: IRI, Required. (Data 2.4.11)', level: 'MUST', versions: BOTH, prepare: (s) => void ensureAttachment(s), mutate: (s) => void (s.attachments[0].usageType = 'usage-without-scheme') },
  // ---- 2.0 context agents / groups
  {
    name: 'context-agent-objecttype',
    requirements: [],
    quote: 'xAPI 2.0: contextAgents: array of { "objectType": "contextAgent", "agent": Agent, … }; objectType must be exactly the string shown.',
    level: 'MUST',
    versions: V2,
    prepare: (s) => void (ensureContext(s).contextAgents = [{ objectType: 'contextAgent', agent: { mbox: `mailto:ca@${SCOPE_LABEL}.example.com` } }]),
    mutate: (s) => void (s.context.contextAgents[0].objectType = 'ContextAgent'),
  },
  {
    name: 'context-group-empty-relevant-types',
    requirements: [],
    quote: 'xAPI 2.0: relevantTypes, when present, is a non-empty array of IRIs.',
    level: 'MUST',
    versions: V2,
    prepare: (s) =>
      void (ensureContext(s).contextGroups = [
        { objectType: 'contextGroup', group: { objectType: 'Group', member: [{ mbox: `mailto:cg@${SCOPE_LABEL}.example.com` }] }, relevantTypes: [`${SCOPE_IRI}/type/t`] },
      ]),
    mutate: (s) => void (s.context.contextGroups[0].relevantTypes = []),
  },
  {
    name: 'context-agent-relevant-type-not-iri',
    requirements: [],
    quote: 'xAPI 2.0: relevantTypes, when present, is a non-empty array of IRIs.',
    level: 'MUST',
    versions: V2,
    prepare: (s) => void (ensureContext(s).contextAgents = [{ objectType: 'contextAgent', agent: { mbox: `mailto:ca@${SCOPE_LABEL}.example.com` }, relevantTypes: [`${SCOPE_IRI}/type/t`] }]),
    mutate: (s) => void (s.context.contextAgents[0].relevantTypes = ['not an iri']),
  },
];

export function mutatorsFor(version: XapiVersion, level?: Level): Mutator[] {
  return mutators.filter((m) => m.versions.includes(version) && (level === undefined || m.level === level));
}

/** prepared (valid) base and mutant (invalid for exactly this rule), both fresh copies. */
export function applyMutator(m: Mutator, statement: Statement, version: XapiVersion): { base: Statement; mutant: Statement } {
  const base = structuredClone(statement);
  m.prepare?.(base, version);
  const mutant = structuredClone(base);
  m.mutate(mutant, version);
  return { base, mutant };
}

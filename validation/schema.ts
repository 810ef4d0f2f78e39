// JSON Schemas (draft 2020-12 subset, compiled by ajv) for the structure of xAPI statements: which
// properties exist, their types, formats, enumerations and required-ness. Cross-property rules a
// schema cannot say well (exactly one IFI, score ordering, unique component ids, context rules
// that depend on the object) live in rules.ts. Every subschema may carry `xapiRequirement`, the
// XAPI-nnnnn id an error at that place violates; issues.ts reads it back from ajv's errors.
import type { XapiVersion } from '../harness/check.js';

type Schema = Record<string, unknown>;

/** Marks a subschema whose rule has no XAPI-nnnnn id (the 2.0 additions): issues name none. */
export const NO_ID = 'none';

const langMap = (req: string): Schema => ({
  type: 'object',
  xapiRequirement: req,
  minProperties: 1,
  propertyNames: { format: 'language-tag', xapiRequirement: 'XAPI-00121' },
  additionalProperties: { type: 'string', xapiRequirement: req },
});

/** "An LRS MUST NOT reject a Statement based on the values of the extensions map" (4.1). */
const extensions = (req: string): Schema => ({
  type: 'object',
  xapiRequirement: req,
  propertyNames: { format: 'iri', xapiRequirement: 'XAPI-00118' },
});

const iri = (req: string): Schema => ({ type: 'string', format: 'iri', xapiRequirement: req });
const forbidden = (req: string): Schema => ({ not: {}, xapiRequirement: req });

function definitions(version: XapiVersion): Record<string, Schema> {
  const account: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00041',
    required: ['homePage', 'name'],
    additionalProperties: false,
    properties: {
      homePage: { type: 'string', format: 'irl', xapiRequirement: 'XAPI-00042' },
      name: { type: 'string', xapiRequirement: 'XAPI-00043' },
    },
  };
  const ifiProperties: Schema = {
    mbox: { type: 'string', format: 'mailto-iri', xapiRequirement: 'XAPI-00038' },
    mbox_sha1sum: { type: 'string', format: 'sha1', xapiRequirement: 'XAPI-00039' },
    openid: { type: 'string', format: 'uri', xapiRequirement: 'XAPI-00040' },
    account: { $ref: '#/$defs/account' },
  };
  const agent: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00034',
    additionalProperties: false,
    properties: {
      objectType: { const: 'Agent', xapiRequirement: 'XAPI-00032' },
      name: { type: 'string', xapiRequirement: 'XAPI-00033' },
      ...ifiProperties,
      member: forbidden('XAPI-00035'),
    },
  };
  const group: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00037',
    required: ['objectType'],
    additionalProperties: false,
    properties: {
      objectType: { const: 'Group', xapiRequirement: 'XAPI-00031' },
      name: { type: 'string', xapiRequirement: 'XAPI-00033' },
      ...ifiProperties,
      member: { type: 'array', xapiRequirement: 'XAPI-00036', items: { $ref: '#/$defs/agent' } },
    },
  };
  // Agent unless objectType says Group ("objectType ... Group: Required" for Groups).
  const actor: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00031',
    if: { required: ['objectType'], properties: { objectType: { const: 'Group' } } },
    then: { $ref: '#/$defs/group' },
    else: { $ref: '#/$defs/agent' },
  };
  const component: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00063',
    required: ['id'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', xapiRequirement: 'XAPI-00058' },
      description: langMap('XAPI-00062'),
    },
  };
  const componentList = (req: string): Schema => ({ type: 'array', xapiRequirement: req, items: { $ref: '#/$defs/component' } });
  const definition: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00048',
    minProperties: 1,
    additionalProperties: false,
    properties: {
      name: langMap('XAPI-00056'),
      description: langMap('XAPI-00059'),
      type: iri('XAPI-00060'),
      moreInfo: { type: 'string', format: 'irl', xapiRequirement: 'XAPI-00061' },
      extensions: extensions('XAPI-00057'),
      interactionType: {
        enum: ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'],
        xapiRequirement: 'XAPI-00049',
      },
      correctResponsesPattern: { type: 'array', xapiRequirement: 'XAPI-00050', items: { type: 'string', xapiRequirement: 'XAPI-00050' } },
      choices: componentList('XAPI-00055'),
      scale: componentList('XAPI-00054'),
      source: componentList('XAPI-00053'),
      target: componentList('XAPI-00052'),
      steps: componentList('XAPI-00051'),
    },
  };
  const activity: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00047',
    required: ['id'],
    additionalProperties: false,
    properties: {
      objectType: { const: 'Activity', xapiRequirement: 'XAPI-00046' },
      id: iri('XAPI-00047'),
      definition: { $ref: '#/$defs/definition' },
    },
  };
  const statementRef: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00092',
    required: ['objectType', 'id'],
    additionalProperties: false,
    properties: {
      objectType: { const: 'StatementRef', xapiRequirement: 'XAPI-00073' },
      id: { type: 'string', format: 'uuid', xapiRequirement: 'XAPI-00072' },
    },
  };
  const verb: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00044',
    required: ['id'],
    additionalProperties: false,
    properties: { id: iri('XAPI-00044'), display: langMap('XAPI-00045') },
  };
  const score: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00079',
    minProperties: 1,
    additionalProperties: false,
    properties: {
      scaled: { type: 'number', minimum: -1, maximum: 1, xapiRequirement: 'XAPI-00083' },
      raw: { type: 'number', xapiRequirement: 'XAPI-00082' },
      min: { type: 'number', xapiRequirement: 'XAPI-00081' },
      max: { type: 'number', xapiRequirement: 'XAPI-00080' },
    },
  };
  const result: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00006',
    minProperties: 1,
    additionalProperties: false,
    properties: {
      score: { $ref: '#/$defs/score' },
      success: { type: 'boolean', xapiRequirement: 'XAPI-00074' },
      completion: { type: 'boolean', xapiRequirement: 'XAPI-00075' },
      response: { type: 'string', xapiRequirement: 'XAPI-00076' },
      duration: { type: 'string', format: 'duration', xapiRequirement: 'XAPI-00077' },
      extensions: extensions('XAPI-00078'),
    },
  };
  const contextActivity: Schema = {
    xapiRequirement: 'XAPI-00094',
    if: { type: 'array' },
    then: { type: 'array', items: { $ref: '#/$defs/activity' } },
    else: { $ref: '#/$defs/activity' },
  };
  const contextActivities: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00086',
    xapiAdditional: 'XAPI-00093',
    xapiEmpty: 'XAPI-00095',
    minProperties: 1,
    additionalProperties: false,
    properties: { parent: contextActivity, grouping: contextActivity, category: contextActivity, other: contextActivity },
  };
  const contextProperties: Schema = {
    registration: { type: 'string', format: 'uuid', xapiRequirement: 'XAPI-00087' },
    instructor: { $ref: '#/$defs/actor' },
    team: { $ref: '#/$defs/group', xapiRequirement: 'XAPI-00088' },
    contextActivities: { $ref: '#/$defs/contextActivities' },
    revision: { type: 'string', xapiRequirement: 'XAPI-00089' },
    platform: { type: 'string', xapiRequirement: 'XAPI-00090' },
    language: { type: 'string', format: 'language-tag', xapiRequirement: 'XAPI-00091' },
    statement: { $ref: '#/$defs/statementRef' },
    extensions: extensions('XAPI-00120'),
  };
  if (version === '2.0.0') {
    // xAPI 2.0 context.contextAgents / context.contextGroups: no XAPI-nnnnn ids exist for them.
    const relevantTypes: Schema = { type: 'array', minItems: 1, xapiRequirement: NO_ID, items: iri('XAPI-00007') };
    const contextEntries = (objectType: string, key: string, ref: string): Schema => ({
      type: 'array',
      xapiRequirement: NO_ID,
      items: {
        type: 'object',
        xapiRequirement: NO_ID,
        required: ['objectType', key],
        additionalProperties: false,
        properties: { objectType: { const: objectType, xapiRequirement: NO_ID }, [key]: { $ref: ref }, relevantTypes },
      },
    });
    contextProperties.contextAgents = contextEntries('contextAgent', 'agent', '#/$defs/agent');
    contextProperties.contextGroups = contextEntries('contextGroup', 'group', '#/$defs/group');
  }
  const context: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00006',
    minProperties: 1,
    additionalProperties: false,
    properties: contextProperties,
  };
  const attachment: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00025',
    required: ['usageType', 'display', 'contentType', 'length', 'sha2'],
    additionalProperties: false,
    properties: {
      usageType: iri('XAPI-00107'),
      display: langMap('XAPI-00106'),
      description: langMap('XAPI-00121'),
      contentType: { type: 'string', format: 'media-type', xapiRequirement: 'XAPI-00105' },
      length: { type: 'integer', minimum: 0, xapiRequirement: 'XAPI-00102' },
      sha2: { type: 'string', format: 'sha2', xapiRequirement: 'XAPI-00103' },
      fileUrl: { type: 'string', format: 'irl', xapiRequirement: 'XAPI-00104' },
    },
  };
  const timestamp = (req: string): Schema => ({ type: 'string', format: `timestamp-${version}`, xapiRequirement: req });
  // The Statement Object: objectType picks the schema; absent means Activity.
  const objectOf = (allowSubStatement: boolean): Schema => {
    const types = ['Activity', 'Agent', 'Group', 'StatementRef', ...(allowSubStatement ? ['SubStatement'] : [])];
    const when = (type: string, ref: string): Schema => ({
      if: { required: ['objectType'], properties: { objectType: { const: type } } },
      then: { $ref: ref },
    });
    return {
      type: 'object',
      xapiRequirement: 'XAPI-00046',
      properties: {
        objectType: { enum: types, xapiRequirement: 'XAPI-00046' },
      },
      allOf: [
        { if: { not: { required: ['objectType'] } }, then: { $ref: '#/$defs/activity' } },
        when('Activity', '#/$defs/activity'),
        when('Agent', '#/$defs/agent'),
        when('Group', '#/$defs/group'),
        when('StatementRef', '#/$defs/statementRef'),
        ...(allowSubStatement ? [when('SubStatement', '#/$defs/subStatement')] : []),
      ],
    };
  };
  const common: Schema = {
    actor: { $ref: '#/$defs/actor' },
    verb: { $ref: '#/$defs/verb' },
    result: { $ref: '#/$defs/result' },
    context: { $ref: '#/$defs/context' },
    timestamp: timestamp('XAPI-00022'),
    attachments: { type: 'array', xapiRequirement: 'XAPI-00025', items: { $ref: '#/$defs/attachment' } },
  };
  const subStatement: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00066',
    required: ['objectType', 'actor', 'verb', 'object'],
    additionalProperties: false,
    properties: {
      ...common,
      objectType: { const: 'SubStatement', xapiRequirement: 'XAPI-00073' },
      object: objectOf(false),
      id: forbidden('XAPI-00070'),
      stored: forbidden('XAPI-00069'),
      version: forbidden('XAPI-00068'),
      authority: forbidden('XAPI-00067'),
    },
  };
  const statement: Schema = {
    type: 'object',
    xapiRequirement: 'XAPI-00014',
    required: ['actor', 'verb', 'object'],
    additionalProperties: false,
    properties: {
      ...common,
      id: { type: 'string', format: 'uuid', xapiRequirement: 'XAPI-00027', xapiType: 'XAPI-00028' },
      object: objectOf(true),
      stored: timestamp('XAPI-00023'),
      authority: { $ref: '#/$defs/actor', xapiRequirement: 'XAPI-00024' },
      // XAPI-00101 is the 1.0.x rule; the 2.0 rule ("2.0.x") has no numbered requirement.
      version: { type: 'string', format: `statement-version-${version}`, xapiRequirement: version === '2.0.0' ? NO_ID : 'XAPI-00101' },
    },
  };
  return {
    account, agent, group, actor, component, definition, activity, statementRef, verb, score, result,
    contextActivities, context, attachment, subStatement, statement,
  };
}

/** Requirement named when a required property is missing, by property name. */
export const MISSING_PROPERTY_REQUIREMENT: Record<string, string> = {
  actor: 'XAPI-00003',
  verb: 'XAPI-00004',
  object: 'XAPI-00005',
  homePage: 'XAPI-00042',
  name: 'XAPI-00043',
  length: 'XAPI-00102',
  sha2: 'XAPI-00103',
  contentType: 'XAPI-00105',
  display: 'XAPI-00106',
  usageType: 'XAPI-00107',
};

/** A root schema whose $defs hold every xAPI object type; `ref` picks the entry point. */
export function rootSchema(version: XapiVersion, ref: 'statement' | 'agent' | 'group' | 'actor'): Schema {
  return { $id: `xapi-${version}-${ref}`, $ref: `#/$defs/${ref}`, $defs: definitions(version) };
}

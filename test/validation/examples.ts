// Valid statements used as the base of every invalid example: each test breaks exactly one rule.
/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

export const UUID = 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0';
export const UUID2 = '8f87ccde-bb56-4c2e-ab83-44982ef22df0';
export const SHA256 = '672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634';

/** Properties a SubStatement may have too (no id, stored, version, authority). */
export function statementCore(): Json {
  return {
    actor: { objectType: 'Agent', name: 'Ann', mbox: 'mailto:ann@example.com' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered', fr: 'a répondu' } },
    object: {
      objectType: 'Activity',
      id: 'http://example.com/activities/question-1',
      definition: {
        name: { 'en-US': 'Question 1' },
        description: { 'en-US': 'Which?' },
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        moreInfo: 'https://example.com/q1',
        interactionType: 'choice',
        correctResponsesPattern: ['a[,]b'],
        choices: [
          { id: 'a', description: { 'en-US': 'A' } },
          { id: 'b', description: { 'en-US': 'B' } },
        ],
        extensions: { 'http://example.com/ext/difficulty': 3 },
      },
    },
    result: {
      score: { scaled: 0.5, raw: 5, min: 0, max: 10 },
      success: true,
      completion: true,
      response: 'a[,]b',
      duration: 'PT1M30.5S',
      extensions: { 'http://example.com/ext/attempt': 1 },
    },
    context: {
      registration: UUID,
      instructor: { mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9' },
      team: { objectType: 'Group', name: 'Team', openid: 'http://openid.example.com/team' },
      contextActivities: {
        parent: [{ id: 'http://example.com/activities/quiz' }],
        grouping: { objectType: 'Activity', id: 'http://example.com/activities/course' },
        category: [{ id: 'http://example.com/profiles/p', definition: { type: 'http://adlnet.gov/expapi/activities/profile' } }],
        other: [],
      },
      revision: 'r2',
      platform: 'web',
      language: 'en-US',
      statement: { objectType: 'StatementRef', id: UUID2 },
      extensions: { 'http://example.com/ext/nothing': null },
    },
    timestamp: '2015-11-18T12:17:00.123+00:00',
    attachments: [
      {
        usageType: 'http://adlnet.gov/expapi/attachments/signature',
        display: { 'en-US': 'Signature' },
        description: { 'en-US': 'A signature' },
        contentType: 'application/octet-stream',
        length: 4235,
        sha2: SHA256,
      },
      {
        usageType: 'http://example.com/attachment-usage/certificate',
        display: { en: 'Certificate' },
        contentType: 'application/pdf',
        length: 0,
        sha2: SHA256,
        fileUrl: 'https://example.com/certificate.pdf',
      },
    ],
  };
}

/** A complete valid top-level Statement with every property. */
export function fullStatement(): Json {
  return {
    id: UUID,
    ...statementCore(),
    stored: '2015-11-18T12:17:01.000Z',
    authority: { objectType: 'Agent', account: { homePage: 'https://lrs.example.com', name: 'client-1' } },
    version: '1.0.0',
  };
}

/** A valid Statement whose Object is a SubStatement holding every property a SubStatement may have. */
export function statementWithSubStatement(): Json {
  const outer = fullStatement();
  outer.object = { objectType: 'SubStatement', ...statementCore() };
  // "revision"/"platform" are only allowed when the Object is an Activity.
  delete outer.context.revision;
  delete outer.context.platform;
  return outer;
}

// validateStatement: each valid example must be accepted and each invalid example (one rule
// broken in a valid statement) rejected naming its requirement, at top level and inside a
// SubStatement, for xAPI 1.0.3 and 2.0.0.
import { expect } from 'chai';
import { validateStatement, type ValidationIssue } from '../../validation/index.js';
import type { XapiVersion } from '../../harness/check.js';
import { fullStatement, statementWithSubStatement, UUID, type Json } from './examples.js';

const BOTH: XapiVersion[] = ['1.0.3', '2.0.0'];

interface Example {
  name: string;
  /** Changes a statement (or the SubStatement) in place. */
  change: (s: Json) => void;
  versions?: XapiVersion[];
  /** Only at top level (id, stored, authority, version, voiding), or only inside a SubStatement. */
  where?: 'top' | 'sub';
}

interface InvalidExample extends Example {
  /** The XAPI-nnnnn id the issue must name; null for 2.0 rules without an id. */
  requirement: string | null;
  /** The issue path must start with this (relative to the statement changed). */
  path?: string;
}

const def = (s: Json): Json => s.object.definition;
const activityObject = (s: Json, definition?: Json): void => {
  s.object = { objectType: 'Activity', id: 'http://example.com/a', ...(definition ? { definition } : {}) };
};

const invalid: InvalidExample[] = [
  // 2.2 Formatting
  { name: 'no actor', change: (s) => delete s.actor, requirement: 'XAPI-00003', path: '/actor' },
  { name: 'no verb', change: (s) => delete s.verb, requirement: 'XAPI-00004', path: '/verb' },
  { name: 'no object', change: (s) => delete s.object, requirement: 'XAPI-00005', path: '/object' },
  { name: 'null result', change: (s) => (s.result = null), requirement: 'XAPI-00001', path: '/result' },
  { name: 'null language map value', change: (s) => (s.verb.display.en = null), requirement: 'XAPI-00001', path: '/verb/display/en' },
  { name: 'empty result object', change: (s) => (s.result = {}), requirement: 'XAPI-00001', path: '/result' },
  { name: 'empty context object', change: (s) => (s.context = {}), requirement: 'XAPI-00001', path: '/context' },
  { name: 'empty score object', change: (s) => (s.result.score = {}), requirement: 'XAPI-00001', path: '/result/score' },
  { name: 'empty definition object', change: (s) => (s.object.definition = {}), requirement: 'XAPI-00001', path: '/object/definition' },
  { name: 'empty verb display', change: (s) => (s.verb.display = {}), requirement: 'XAPI-00001', path: '/verb/display' },
  { name: 'string where a number is required', change: (s) => (s.result.score.raw = '5'), requirement: 'XAPI-00082', path: '/result/score/raw' },
  { name: 'string where a boolean is required', change: (s) => (s.result.success = 'true'), requirement: 'XAPI-00074', path: '/result/success' },
  { name: 'empty string where an IRI is required', change: (s) => (s.verb.id = ''), requirement: 'XAPI-00044', path: '/verb/id' },
  { name: 'key with wrong case', change: (s) => { s.Verb = s.verb; delete s.verb; }, requirement: 'XAPI-00008', path: '/Verb' },
  { name: 'enumerated value with wrong case', change: (s) => (s.object.objectType = 'activity'), requirement: 'XAPI-00009', path: '/object/objectType' },
  { name: 'interactionType with wrong case', change: (s) => (def(s).interactionType = 'Choice'), requirement: 'XAPI-00009' },
  { name: 'property the spec does not define', change: (s) => (s.foo = 1), requirement: 'XAPI-00010', path: '/foo' },
  { name: 'undefined property in result', change: (s) => (s.result.grade = 'A'), requirement: 'XAPI-00010', path: '/result/grade' },
  { name: 'undefined property in an Agent', change: (s) => (s.actor.age = 3), requirement: 'XAPI-00010', path: '/actor/age' },
  { name: 'IRI without a scheme', change: (s) => (s.verb.id = 'example.com/verbs/did'), requirement: 'XAPI-00044' },
  { name: 'IRL without a scheme', change: (s) => (def(s).moreInfo = '//example.com/q1'), requirement: 'XAPI-00061' },
  { name: 'language map key not RFC 5646', change: (s) => (s.verb.display.en_US = 'x'), requirement: 'XAPI-00121', path: '/verb/display/en_US' },
  { name: 'language map key with bad subtag lengths', change: (s) => (def(s).name['en-toolongsubtag'] = 'x'), requirement: 'XAPI-00121' },
  { name: 'empty language map key', change: (s) => (def(s).description[''] = 'x'), requirement: 'XAPI-00121' },
  // 2.4.2 Actor
  { name: 'actor objectType not Agent/Group', change: (s) => (s.actor.objectType = 'Person'), requirement: 'XAPI-00031', path: '/actor' },
  { name: 'actor objectType not a string', change: (s) => (s.actor.objectType = 1), requirement: 'XAPI-00031', path: '/actor/objectType' },
  { name: 'agent name not a string', change: (s) => (s.actor.name = 5), requirement: 'XAPI-00033', path: '/actor/name' },
  { name: 'agent with two IFIs', change: (s) => (s.actor.openid = 'http://openid.example.com/ann'), requirement: 'XAPI-00034', path: '/actor' },
  { name: 'agent without an IFI', change: (s) => delete s.actor.mbox, requirement: 'XAPI-00034', path: '/actor' },
  { name: 'activity with member', change: (s) => (s.object.member = [{ mbox: 'mailto:b@example.com' }]), requirement: 'XAPI-00035', path: '/object/member' },
  { name: 'agent with member', change: (s) => (s.actor.member = [{ mbox: 'mailto:b@example.com' }]), requirement: 'XAPI-00035', path: '/actor/member' },
  { name: 'group member not an array', change: (s) => (s.actor = { objectType: 'Group', member: { mbox: 'mailto:b@example.com' } }), requirement: 'XAPI-00036', path: '/actor/member' },
  { name: 'group member is a Group', change: (s) => (s.actor = { objectType: 'Group', member: [{ objectType: 'Group', mbox: 'mailto:g@example.com' }] }), requirement: 'XAPI-00036', path: '/actor/member/0' },
  { name: 'group member without IFI', change: (s) => (s.actor = { objectType: 'Group', member: [{ name: 'nobody' }] }), requirement: 'XAPI-00034', path: '/actor/member/0' },
  { name: 'anonymous group without member', change: (s) => (s.actor = { objectType: 'Group', name: 'g' }), requirement: 'XAPI-00037', path: '/actor' },
  { name: 'anonymous group with empty member', change: (s) => (s.actor = { objectType: 'Group', member: [] }), requirement: 'XAPI-00037', path: '/actor' },
  { name: 'group with two IFIs', change: (s) => (s.actor = { objectType: 'Group', mbox: 'mailto:g@example.com', openid: 'http://o.example.com/g' }), requirement: 'XAPI-00037', path: '/actor' },
  // 2.4.2.3 IFIs, 2.4.2.4 Account
  { name: 'mbox without mailto:', change: (s) => (s.actor.mbox = 'ann@example.com'), requirement: 'XAPI-00038', path: '/actor/mbox' },
  { name: 'mbox without an address', change: (s) => (s.actor.mbox = 'mailto:'), requirement: 'XAPI-00038', path: '/actor/mbox' },
  { name: 'mbox_sha1sum not 40 hex digits', change: (s) => (s.actor = { mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee' }), requirement: 'XAPI-00039', path: '/actor/mbox_sha1sum' },
  { name: 'mbox_sha1sum not hex', change: (s) => (s.actor = { mbox_sha1sum: 'zbd31e95054c018b10727ccffd2ef2ec3a016ee9' }), requirement: 'XAPI-00039' },
  { name: 'openid not a URI', change: (s) => (s.actor = { openid: 'not a uri' }), requirement: 'XAPI-00040', path: '/actor/openid' },
  { name: 'account not an object', change: (s) => (s.actor = { account: 'ann' }), requirement: 'XAPI-00041', path: '/actor/account' },
  { name: 'account without homePage', change: (s) => (s.actor = { account: { name: 'ann' } }), requirement: 'XAPI-00042', path: '/actor/account/homePage' },
  { name: 'account homePage not an IRL', change: (s) => (s.actor = { account: { homePage: 'lms', name: 'ann' } }), requirement: 'XAPI-00042' },
  { name: 'account without name', change: (s) => (s.actor = { account: { homePage: 'http://lms.example.com' } }), requirement: 'XAPI-00043', path: '/actor/account/name' },
  { name: 'account name not a string', change: (s) => (s.actor = { account: { homePage: 'http://lms.example.com', name: 7 } }), requirement: 'XAPI-00043' },
  { name: 'account with an undefined property', change: (s) => (s.actor = { account: { homePage: 'http://l.example.com', name: 'a', id: 1 } }), requirement: 'XAPI-00010' },
  // 2.4.3 Verb
  { name: 'verb without id', change: (s) => delete s.verb.id, requirement: 'XAPI-00044', path: '/verb/id' },
  { name: 'verb id not an IRI', change: (s) => (s.verb.id = 'answered'), requirement: 'XAPI-00044', path: '/verb/id' },
  { name: 'verb display not a language map', change: (s) => (s.verb.display = 'answered'), requirement: 'XAPI-00045', path: '/verb/display' },
  { name: 'verb display value not a string', change: (s) => (s.verb.display.en = 1), requirement: 'XAPI-00045', path: '/verb/display/en' },
  // 2.4.4 Object
  { name: 'object objectType unknown', change: (s) => (s.object.objectType = 'Thing'), requirement: 'XAPI-00046', path: '/object/objectType' },
  { name: 'activity without id', change: (s) => delete s.object.id, requirement: 'XAPI-00047', path: '/object/id' },
  { name: 'activity id not an IRI', change: (s) => (s.object.id = 'question-1'), requirement: 'XAPI-00047', path: '/object/id' },
  { name: 'definition not an object', change: (s) => (s.object.definition = 'q'), requirement: 'XAPI-00048', path: '/object/definition' },
  { name: 'interactionType unknown', change: (s) => (def(s).interactionType = 'essay'), requirement: 'XAPI-00049' },
  { name: 'correctResponsesPattern not an array', change: (s) => (def(s).correctResponsesPattern = 'a'), requirement: 'XAPI-00050' },
  { name: 'correctResponsesPattern with a number', change: (s) => (def(s).correctResponsesPattern = [1]), requirement: 'XAPI-00050' },
  { name: 'steps not a component array', change: (s) => activityObject(s, { interactionType: 'performance', steps: {} }), requirement: 'XAPI-00051' },
  { name: 'target not a component array', change: (s) => activityObject(s, { interactionType: 'matching', target: 'x' }), requirement: 'XAPI-00052' },
  { name: 'source not a component array', change: (s) => activityObject(s, { interactionType: 'matching', source: 1 }), requirement: 'XAPI-00053' },
  { name: 'scale not a component array', change: (s) => activityObject(s, { interactionType: 'likert', scale: true }), requirement: 'XAPI-00054' },
  { name: 'choices not a component array', change: (s) => (def(s).choices = { id: 'a' }), requirement: 'XAPI-00055' },
  { name: 'definition name not a language map', change: (s) => (def(s).name = 'Q1'), requirement: 'XAPI-00056' },
  { name: 'definition extensions not an object', change: (s) => (def(s).extensions = [1]), requirement: 'XAPI-00057' },
  { name: 'duplicate component ids', change: (s) => (def(s).choices[1].id = 'a'), requirement: 'XAPI-00058', path: '/object/definition/choices/1/id' },
  { name: 'component without id', change: (s) => delete def(s).choices[0].id, requirement: 'XAPI-00058' },
  { name: 'component id not a string', change: (s) => (def(s).choices[0].id = 1), requirement: 'XAPI-00058' },
  { name: 'definition description not a language map', change: (s) => (def(s).description = ['Which?']), requirement: 'XAPI-00059' },
  { name: 'definition type not an IRI', change: (s) => (def(s).type = 'interaction'), requirement: 'XAPI-00060' },
  { name: 'definition moreInfo not an IRL', change: (s) => (def(s).moreInfo = 'q1.html'), requirement: 'XAPI-00061' },
  { name: 'component description not a language map', change: (s) => (def(s).choices[0].description = 'A'), requirement: 'XAPI-00062' },
  { name: 'component not an object', change: (s) => (def(s).choices[0] = 'a'), requirement: 'XAPI-00063' },
  { name: 'component with undefined property', change: (s) => (def(s).choices[0].correct = true), requirement: 'XAPI-00010' },
  { name: 'correctResponsesPattern without interactionType', change: (s) => activityObject(s, { correctResponsesPattern: ['true'] }), requirement: 'XAPI-00064' },
  { name: 'definition with undefined property', change: (s) => (def(s).title = 'x'), requirement: 'XAPI-00010' },
  { name: 'Agent object without objectType', change: (s) => (s.object = { mbox: 'mailto:b@example.com' }), requirement: 'XAPI-00065', path: '/object' },
  { name: 'Group object without objectType', change: (s) => (s.object = { member: [{ mbox: 'mailto:b@example.com' }] }), requirement: 'XAPI-00065', path: '/object' },
  { name: 'Agent object with two IFIs', change: (s) => (s.object = { objectType: 'Agent', mbox: 'mailto:b@example.com', mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9' }), requirement: 'XAPI-00034', path: '/object' },
  { name: 'StatementRef id not a UUID', change: (s) => (s.object = { objectType: 'StatementRef', id: 'abc' }), requirement: 'XAPI-00072', path: '/object/id' },
  { name: 'StatementRef without id', change: (s) => (s.object = { objectType: 'StatementRef' }), requirement: 'XAPI-00072', path: '/object/id' },
  { name: 'StatementRef with definition', change: (s) => (s.object = { objectType: 'StatementRef', id: UUID, definition: { type: 'http://x.example.com/t' } }), requirement: 'XAPI-00010' },
  { name: 'StatementRef without objectType', change: (s) => (s.object = { id: UUID }), requirement: 'XAPI-00073', path: '/object' },
  // 2.4.5 Result
  { name: 'completion not a boolean', change: (s) => (s.result.completion = 1), requirement: 'XAPI-00075' },
  { name: 'response not a string', change: (s) => (s.result.response = 5), requirement: 'XAPI-00076' },
  { name: 'duration without designators', change: (s) => (s.result.duration = '00:01:30'), requirement: 'XAPI-00077' },
  { name: 'duration alternative format', change: (s) => (s.result.duration = 'P0000-00-00T00:01:30'), requirement: 'XAPI-00077' },
  { name: 'duration "PT" alone', change: (s) => (s.result.duration = 'PT'), requirement: 'XAPI-00077' },
  { name: 'duration weeks combined', change: (s) => (s.result.duration = 'P4W1D'), requirement: 'XAPI-00077' },
  { name: 'duration fraction not last', change: (s) => (s.result.duration = 'PT1.5H30M'), requirement: 'XAPI-00077' },
  { name: 'duration not a string', change: (s) => (s.result.duration = 90), requirement: 'XAPI-00077' },
  { name: 'result extensions not an object', change: (s) => (s.result.extensions = 'x'), requirement: 'XAPI-00078' },
  { name: 'score not an object', change: (s) => (s.result.score = 5), requirement: 'XAPI-00079' },
  { name: 'max below min', change: (s) => Object.assign(s.result.score, { min: 5, max: 1, raw: 3 }), requirement: 'XAPI-00080' },
  { name: 'max equal to min', change: (s) => Object.assign(s.result.score, { min: 5, max: 5, raw: 5 }), requirement: 'XAPI-00080' },
  { name: 'min not a number', change: (s) => (s.result.score.min = '0'), requirement: 'XAPI-00081' },
  { name: 'raw above max', change: (s) => (s.result.score.raw = 11), requirement: 'XAPI-00082' },
  { name: 'raw below min', change: (s) => (s.result.score.raw = -1), requirement: 'XAPI-00082' },
  { name: 'scaled above 1', change: (s) => (s.result.score.scaled = 1.01), requirement: 'XAPI-00083' },
  { name: 'scaled below -1', change: (s) => (s.result.score.scaled = -1.5), requirement: 'XAPI-00083' },
  { name: 'score with undefined property', change: (s) => (s.result.score.percent = 50), requirement: 'XAPI-00010' },
  // 2.4.6 Context
  { name: 'revision when the object is an Agent', change: (s) => (s.object = { objectType: 'Agent', mbox: 'mailto:b@example.com' }), requirement: 'XAPI-00084', path: '/context/revision', where: 'sub' },
  { name: 'platform when the object is a StatementRef', change: (s) => { delete s.context.revision; s.object = { objectType: 'StatementRef', id: UUID }; }, requirement: 'XAPI-00085', path: '/context/platform', where: 'sub' },
  { name: 'contextActivities not an object', change: (s) => (s.context.contextActivities = []), requirement: 'XAPI-00086' },
  { name: 'registration not a UUID', change: (s) => (s.context.registration = 'reg-1'), requirement: 'XAPI-00087', path: '/context/registration' },
  { name: 'team is an Agent', change: (s) => (s.context.team = { mbox: 'mailto:t@example.com' }), requirement: 'XAPI-00088', path: '/context/team' },
  { name: 'team anonymous group without member', change: (s) => (s.context.team = { objectType: 'Group' }), requirement: 'XAPI-00037', path: '/context/team' },
  { name: 'instructor without IFI', change: (s) => (s.context.instructor = { name: 'Prof' }), requirement: 'XAPI-00034', path: '/context/instructor' },
  { name: 'revision not a string', change: (s) => (s.context.revision = 2), requirement: 'XAPI-00089' },
  { name: 'platform not a string', change: (s) => (s.context.platform = ['web']), requirement: 'XAPI-00090' },
  { name: 'language not RFC 5646', change: (s) => (s.context.language = 'english!'), requirement: 'XAPI-00091' },
  { name: 'context statement not a StatementRef', change: (s) => (s.context.statement = { objectType: 'Activity', id: 'http://example.com/a' }), requirement: 'XAPI-00092', path: '/context/statement' },
  { name: 'context statement id not a UUID', change: (s) => (s.context.statement.id = 'x'), requirement: 'XAPI-00072' },
  { name: 'contextActivities unknown key', change: (s) => (s.context.contextActivities.parents = []), requirement: 'XAPI-00093', path: '/context/contextActivities/parents' },
  { name: 'contextActivities value not an Activity', change: (s) => (s.context.contextActivities.parent = 'http://example.com/quiz'), requirement: 'XAPI-00094' },
  { name: 'contextActivities array with a non-Activity', change: (s) => (s.context.contextActivities.parent = [{ objectType: 'Agent', mbox: 'mailto:x@example.com' }]), requirement: 'XAPI-00046' },
  { name: 'contextActivities activity without id', change: (s) => (s.context.contextActivities.parent = [{ definition: { type: 'http://example.com/t' } }]), requirement: 'XAPI-00094' },
  { name: 'empty contextActivities', change: (s) => (s.context.contextActivities = {}), requirement: 'XAPI-00095' },
  { name: 'context extensions key not an IRI', change: (s) => (s.context.extensions = { altitude: 100 }), requirement: 'XAPI-00118', path: '/context/extensions/altitude' },
  { name: 'context extensions not an object', change: (s) => (s.context.extensions = 'x'), requirement: 'XAPI-00120' },
  { name: 'result extensions key not an IRI', change: (s) => (s.result.extensions = { 'x y': 1 }), requirement: 'XAPI-00118' },
  { name: 'definition extensions key not an IRI', change: (s) => (def(s).extensions = { level: 1 }), requirement: 'XAPI-00118' },
  { name: 'context with undefined property', change: (s) => (s.context.location = 'x'), requirement: 'XAPI-00010' },
  { name: 'contextAgents in 1.0.3', change: (s) => (s.context.contextAgents = [{ objectType: 'contextAgent', agent: { mbox: 'mailto:c@example.com' } }]), requirement: 'XAPI-00010', versions: ['1.0.3'] },
  // 2.0 contextAgents / contextGroups
  { name: 'contextAgent with wrong objectType', change: (s) => (s.context.contextAgents = [{ objectType: 'Agent', agent: { mbox: 'mailto:c@example.com' } }]), requirement: null, path: '/context/contextAgents/0/objectType', versions: ['2.0.0'] },
  { name: 'contextAgent without agent', change: (s) => (s.context.contextAgents = [{ objectType: 'contextAgent' }]), requirement: null, path: '/context/contextAgents/0/agent', versions: ['2.0.0'] },
  { name: 'contextAgent agent with two IFIs', change: (s) => (s.context.contextAgents = [{ objectType: 'contextAgent', agent: { mbox: 'mailto:c@example.com', openid: 'http://o.example.com/c' } }]), requirement: 'XAPI-00034', versions: ['2.0.0'] },
  { name: 'contextAgent agent is a Group', change: (s) => (s.context.contextAgents = [{ objectType: 'contextAgent', agent: { objectType: 'Group', mbox: 'mailto:g@example.com' } }]), requirement: 'XAPI-00032', versions: ['2.0.0'] },
  { name: 'contextAgent relevantTypes empty', change: (s) => (s.context.contextAgents = [{ objectType: 'contextAgent', agent: { mbox: 'mailto:c@example.com' }, relevantTypes: [] }]), requirement: null, path: '/context/contextAgents/0/relevantTypes', versions: ['2.0.0'] },
  { name: 'contextAgent relevantTypes not IRIs', change: (s) => (s.context.contextAgents = [{ objectType: 'contextAgent', agent: { mbox: 'mailto:c@example.com' }, relevantTypes: ['mentor'] }]), requirement: 'XAPI-00007', versions: ['2.0.0'] },
  { name: 'contextAgents not an array', change: (s) => (s.context.contextAgents = { objectType: 'contextAgent', agent: { mbox: 'mailto:c@example.com' } }), requirement: null, path: '/context/contextAgents', versions: ['2.0.0'] },
  { name: 'contextGroup with an Agent', change: (s) => (s.context.contextGroups = [{ objectType: 'contextGroup', group: { mbox: 'mailto:c@example.com' } }]), requirement: null, path: '/context/contextGroups/0/group', versions: ['2.0.0'] },
  { name: 'contextGroup anonymous group without members', change: (s) => (s.context.contextGroups = [{ objectType: 'contextGroup', group: { objectType: 'Group', name: 'g' } }]), requirement: 'XAPI-00037', versions: ['2.0.0'] },
  { name: 'contextGroup with undefined property', change: (s) => (s.context.contextGroups = [{ objectType: 'contextGroup', group: { objectType: 'Group', mbox: 'mailto:g@example.com' }, role: 'x' }]), requirement: 'XAPI-00010', versions: ['2.0.0'] },
  // 2.4.7 Timestamp, 4.5
  { name: 'timestamp not ISO 8601', change: (s) => (s.timestamp = 'Wed, 18 Nov 2015 12:17:00 GMT'), requirement: 'XAPI-00022', path: '/timestamp' },
  { name: 'timestamp with impossible date', change: (s) => (s.timestamp = '2015-02-29T12:17:00Z'), requirement: 'XAPI-00022' },
  { name: 'timestamp with hour 25', change: (s) => (s.timestamp = '2015-02-01T25:00:00Z'), requirement: 'XAPI-00022' },
  { name: 'timestamp date only', change: (s) => (s.timestamp = '2015-11-18'), requirement: 'XAPI-00022' },
  { name: 'timestamp not a string', change: (s) => (s.timestamp = 1447849020), requirement: 'XAPI-00022' },
  { name: 'timestamp offset -00:00', change: (s) => (s.timestamp = '2015-11-18T12:17:00-00:00'), requirement: 'XAPI-00022', path: '/timestamp' },
  { name: 'timestamp offset -0000', change: (s) => (s.timestamp = '20151118T121700-0000'), requirement: 'XAPI-00022', path: '/timestamp' },
  { name: 'timestamp offset -00', change: (s) => (s.timestamp = '2015-11-18T12:17:00-00'), requirement: 'XAPI-00022', path: '/timestamp' },
  // 2.4.11 Attachments
  { name: 'attachments not an array', change: (s) => (s.attachments = s.attachments[0]), requirement: 'XAPI-00025' },
  { name: 'attachment not an object', change: (s) => (s.attachments[0] = 'sig'), requirement: 'XAPI-00025' },
  { name: 'attachment length not an integer', change: (s) => (s.attachments[0].length = 1.5), requirement: 'XAPI-00102' },
  { name: 'attachment length a string', change: (s) => (s.attachments[0].length = '4235'), requirement: 'XAPI-00102' },
  { name: 'attachment length negative', change: (s) => (s.attachments[0].length = -1), requirement: 'XAPI-00102' },
  { name: 'attachment without length', change: (s) => delete s.attachments[0].length, requirement: 'XAPI-00102' },
  { name: 'attachment without sha2', change: (s) => delete s.attachments[0].sha2, requirement: 'XAPI-00103' },
  { name: 'attachment sha2 not a hash', change: (s) => (s.attachments[0].sha2 = 'abc'), requirement: 'XAPI-00103' },
  { name: 'attachment fileUrl not an IRL', change: (s) => (s.attachments[1].fileUrl = 'certificate.pdf'), requirement: 'XAPI-00104' },
  { name: 'attachment without contentType', change: (s) => delete s.attachments[0].contentType, requirement: 'XAPI-00105' },
  { name: 'attachment contentType not a media type', change: (s) => (s.attachments[0].contentType = 'pdf'), requirement: 'XAPI-00105' },
  { name: 'attachment without display', change: (s) => delete s.attachments[0].display, requirement: 'XAPI-00106' },
  { name: 'attachment display not a language map', change: (s) => (s.attachments[0].display = 'Signature'), requirement: 'XAPI-00106' },
  { name: 'attachment without usageType', change: (s) => delete s.attachments[0].usageType, requirement: 'XAPI-00107' },
  { name: 'attachment usageType not an IRI', change: (s) => (s.attachments[0].usageType = 'signature'), requirement: 'XAPI-00107' },
  { name: 'attachment description bad language tag', change: (s) => (s.attachments[0].description = { 'en--US': 'x' }), requirement: 'XAPI-00121' },
  { name: 'attachment with undefined property', change: (s) => (s.attachments[0].name = 'x'), requirement: 'XAPI-00010' },
  // Top level only
  { name: 'id not a UUID', change: (s) => (s.id = 'statement-1'), requirement: 'XAPI-00027', path: '/id', where: 'top' },
  { name: 'id not a string', change: (s) => (s.id = 12), requirement: 'XAPI-00028', path: '/id', where: 'top' },
  { name: 'id UUID without hyphens', change: (s) => (s.id = UUID.replace(/-/g, '')), requirement: 'XAPI-00027', where: 'top' },
  { name: 'id UUID in braces', change: (s) => (s.id = `{${UUID}}`), requirement: 'XAPI-00027', where: 'top' },
  { name: 'stored not a timestamp', change: (s) => (s.stored = 'now'), requirement: 'XAPI-00023', path: '/stored', where: 'top' },
  { name: 'stored with offset -00:00', change: (s) => (s.stored = '2015-11-18T12:17:01-00:00'), requirement: 'XAPI-00023', path: '/stored', where: 'top' },
  { name: 'authority not an object', change: (s) => (s.authority = 'admin'), requirement: 'XAPI-00024', path: '/authority', where: 'top' },
  { name: 'authority agent without IFI', change: (s) => (s.authority = { name: 'admin' }), requirement: 'XAPI-00034', path: '/authority', where: 'top' },
  { name: 'authority group with three agents', change: (s) => (s.authority = { objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }, { mbox: 'mailto:b@example.com' }, { mbox: 'mailto:c@example.com' }] }), requirement: 'XAPI-00100', where: 'top' },
  { name: 'authority group with one agent', change: (s) => (s.authority = { objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] }), requirement: 'XAPI-00098', where: 'top' },
  { name: 'version 2.0.0 in 1.0.3', change: (s) => (s.version = '2.0.0'), requirement: 'XAPI-00101', versions: ['1.0.3'], where: 'top' },
  { name: 'version 1.1.0', change: (s) => (s.version = '1.1.0'), requirement: 'XAPI-00101', versions: ['1.0.3'], where: 'top' },
  { name: 'version 1.1.0 in 2.0', change: (s) => (s.version = '1.1.0'), requirement: null, versions: ['2.0.0'], where: 'top' },
  { name: 'version 2.1.0 in 2.0', change: (s) => (s.version = '2.1.0'), requirement: null, versions: ['2.0.0'], where: 'top' },
  { name: 'version not a string', change: (s) => (s.version = 1), requirement: 'XAPI-00101', versions: ['1.0.3'], where: 'top' },
  { name: 'version not a string in 2.0', change: (s) => (s.version = 1), requirement: null, versions: ['2.0.0'], where: 'top' },
  { name: 'voiding statement whose object is an Activity', change: (s) => (s.verb = { id: 'http://adlnet.gov/expapi/verbs/voided' }), requirement: 'XAPI-00017', where: 'top' },
  // SubStatement restrictions (the change is applied to the SubStatement)
  { name: 'SubStatement with id', change: (s) => (s.id = UUID), requirement: 'XAPI-00070', path: '/id', where: 'sub' },
  { name: 'SubStatement with stored', change: (s) => (s.stored = '2015-11-18T12:17:01.000Z'), requirement: 'XAPI-00069', where: 'sub' },
  { name: 'SubStatement with version', change: (s) => (s.version = '1.0.0'), requirement: 'XAPI-00068', where: 'sub' },
  { name: 'SubStatement with authority', change: (s) => (s.authority = { mbox: 'mailto:a@example.com' }), requirement: 'XAPI-00067', where: 'sub' },
  { name: 'nested SubStatement', change: (s) => (s.object = { objectType: 'SubStatement', actor: s.actor, verb: s.verb, object: { id: 'http://example.com/a' } }), requirement: 'XAPI-00071', path: '/object/objectType', where: 'sub' },
  { name: 'SubStatement objectType with wrong case', change: (s) => (s.objectType = 'substatement'), requirement: 'XAPI-00009', where: 'sub' },
];

/** Valid variations: each must be accepted where it applies. */
const valid: Example[] = [
  { name: 'the full example', change: () => undefined },
  { name: 'minimal statement', change: (s) => { for (const k of Object.keys(s)) if (!['actor', 'verb', 'object', 'objectType'].includes(k)) delete s[k]; } },
  { name: 'actor by mbox_sha1sum (upper case hex)', change: (s) => (s.actor = { mbox_sha1sum: 'EBD31E95054C018B10727CCFFD2EF2EC3A016EE9' }) },
  { name: 'actor by openid', change: (s) => (s.actor = { openid: 'http://openid.example.org/12345' }) },
  { name: 'actor by account', change: (s) => (s.actor = { account: { homePage: 'http://www.example.com', name: '1625378' } }) },
  { name: 'actor mbox with upper case domain', change: (s) => (s.actor = { mbox: 'mailto:Ann.Lee+x@EXAMPLE.com' }) },
  { name: 'anonymous group actor', change: (s) => (s.actor = { objectType: 'Group', name: 'g', member: [{ mbox: 'mailto:a@example.com' }, { objectType: 'Agent', account: { homePage: 'http://l.example.com', name: 'b' } }] }) },
  { name: 'identified group actor without members', change: (s) => (s.actor = { objectType: 'Group', account: { homePage: 'http://l.example.com', name: 'team' } }) },
  { name: 'identified group actor with members', change: (s) => (s.actor = { objectType: 'Group', mbox: 'mailto:team@example.com', member: [{ mbox: 'mailto:a@example.com' }] }) },
  { name: 'identified group actor with empty member list', change: (s) => (s.actor = { objectType: 'Group', mbox: 'mailto:team@example.com', member: [] }) },
  { name: 'verb without display', change: (s) => delete s.verb.display },
  { name: 'verb id with fragment (IRI with anchor)', change: (s) => (s.verb.id = 'http://example.com/xapi/verbs#sent-a-statement') },
  { name: 'non-ASCII IRIs', change: (s) => { s.verb.id = 'http://例え.jp/動詞/終わった'; s.object.id = 'urn:example:活動'; } },
  { name: 'URN and tag IRIs', change: (s) => { s.verb.id = 'urn:x-example:verbs:did'; s.object.id = 'tag:example.com,2024:activity'; } },
  { name: 'activity without objectType', change: (s) => (s.object = { id: 'http://example.com/a' }) },
  { name: 'activity without definition', change: (s) => (s.object = { objectType: 'Activity', id: 'http://example.com/a' }) },
  { name: 'agent as object', change: (s) => { s.object = { objectType: 'Agent', mbox: 'mailto:b@example.com' }; delete s.context.revision; delete s.context.platform; } },
  { name: 'group as object', change: (s) => { s.object = { objectType: 'Group', member: [{ mbox: 'mailto:b@example.com' }] }; delete s.context.revision; delete s.context.platform; } },
  { name: 'StatementRef with upper case UUID', change: (s) => { s.object = { objectType: 'StatementRef', id: UUID.toUpperCase() }; delete s.context.revision; delete s.context.platform; } },
  { name: 'UUID of another version/variant', change: (s) => { s.context.registration = '00000000-0000-0000-0000-000000000000'; s.context.statement.id = 'a0b1c2d3-e4f5-1a2b-cd3e-f4a5b6c7d8e9'; } },
  { name: 'true-false', change: (s) => activityObject(s, { interactionType: 'true-false', correctResponsesPattern: ['true'] }) },
  { name: 'fill-in with characterstring parameters', change: (s) => activityObject(s, { interactionType: 'fill-in', correctResponsesPattern: ['{case_matters=false}{lang=en}To store and provide access to learning experiences.'] }) },
  { name: 'long-fill-in', change: (s) => activityObject(s, { interactionType: 'long-fill-in', correctResponsesPattern: ['{lang=en}x'] }) },
  { name: 'likert with scale', change: (s) => activityObject(s, { interactionType: 'likert', correctResponsesPattern: ['likert_3'], scale: [{ id: 'likert_0', description: { 'en-US': "It's OK" } }, { id: 'likert_3' }] }) },
  { name: 'matching with source and target', change: (s) => activityObject(s, { interactionType: 'matching', correctResponsesPattern: ['ben[.]3[,]chris[.]2'], source: [{ id: 'ben' }, { id: 'chris' }], target: [{ id: '2' }, { id: '3' }] }) },
  { name: 'performance with steps', change: (s) => activityObject(s, { interactionType: 'performance', correctResponsesPattern: ['pong[.]1:[,]dg[.]:10'], steps: [{ id: 'pong' }, { id: 'dg' }] }) },
  { name: 'sequencing with choices', change: (s) => activityObject(s, { interactionType: 'sequencing', correctResponsesPattern: ['a[,]b'], choices: [{ id: 'a' }, { id: 'b' }] }) },
  { name: 'numeric', change: (s) => activityObject(s, { interactionType: 'numeric', correctResponsesPattern: ['4[:]'] }) },
  { name: 'other', change: (s) => activityObject(s, { interactionType: 'other', correctResponsesPattern: ['(35.937432,-86.868896)'] }) },
  { name: 'interactionType with a component list of another type (MAY validate only)', change: (s) => activityObject(s, { interactionType: 'true-false', choices: [{ id: 'a' }] }) },
  { name: 'empty correctResponsesPattern (no correct answer)', change: (s) => (def(s).correctResponsesPattern = []) },
  { name: 'same component id in two different lists', change: (s) => activityObject(s, { interactionType: 'matching', source: [{ id: 'x' }], target: [{ id: 'x' }] }) },
  { name: 'contextActivities as single objects', change: (s) => (s.context.contextActivities = { parent: { id: 'http://example.com/p' }, other: { objectType: 'Activity', id: 'http://example.com/o' } }) },
  { name: 'extension values null, empty string, empty object', change: (s) => (s.result.extensions = { 'http://example.com/a': null, 'http://example.com/b': '', 'http://example.com/c': {}, 'urn:x:d': [null, { e: null }] }) },
  { name: 'empty extensions object', change: (s) => (s.context.extensions = {}) },
  { name: 'score without min and max', change: (s) => (s.result.score = { raw: -1234.5 }) },
  { name: 'score bounds inclusive', change: (s) => (s.result.score = { scaled: -1, raw: 0, min: 0, max: 1 }) },
  { name: 'score raw at max, scaled 1', change: (s) => (s.result.score = { scaled: 1, raw: 1, min: -1, max: 1 }) },
  { name: 'empty response string', change: (s) => (s.result.response = '') },
  { name: 'duration in seconds only', change: (s) => (s.result.duration = 'P16559.14S') },
  { name: 'duration with all components', change: (s) => (s.result.duration = 'P3Y1M29DT4H35M59.14S') },
  { name: 'duration in weeks', change: (s) => (s.result.duration = 'P4W') },
  { name: 'duration in years', change: (s) => (s.result.duration = 'P3Y') },
  { name: 'duration zero', change: (s) => (s.result.duration = 'PT0S') },
  { name: 'duration beyond 0.01 s precision', change: (s) => (s.result.duration = 'PT1.23456S') },
  { name: 'duration with comma decimal', change: (s) => (s.result.duration = 'PT0,5S') },
  { name: 'timestamp UTC Z with milliseconds', change: (s) => (s.timestamp = '2013-05-18T05:32:34.804Z') },
  { name: 'timestamp with offset', change: (s) => (s.timestamp = '2013-05-18T05:32:34+05:30') },
  { name: 'timestamp without a zone', change: (s) => (s.timestamp = '2013-05-18T05:32:34.804') },
  { name: 'timestamp with nanoseconds', change: (s) => (s.timestamp = '2013-05-18T05:32:34.123456789Z') },
  { name: 'timestamp in ISO 8601 basic format', change: (s) => (s.timestamp = '20130518T053234Z') },
  { name: 'timestamp to the minute', change: (s) => (s.timestamp = '2013-05-18T05:32Z') },
  { name: 'timestamp with lower case t and z', change: (s) => (s.timestamp = '2013-05-18t05:32:34z') },
  { name: 'timestamp in a leap year and leap second', change: (s) => (s.timestamp = '2016-12-31T23:59:60Z') },
  { name: 'timestamp in the future', change: (s) => (s.timestamp = '2999-01-01T00:00:00Z') },
  { name: 'timestamp offset +00:00', change: (s) => (s.timestamp = '2015-11-18T12:17:00+00:00') },
  { name: 'RFC 3339 space separator in 2.0', change: (s) => (s.timestamp = '2015-11-18 12:17:00Z'), versions: ['2.0.0'] },
  { name: 'language tags of every shape', change: (s) => (s.verb.display = { en: 'a', 'en-US': 'b', 'zh-Hant-TW': 'c', 'i-klingon': 'd', 'x-private': 'e', 'de-CH-1996': 'f', 'sgn-BE-FR': 'g', und: 'h', 'es-419': 'i', 'EN-gb': 'j', 'en-a-bbb-x-a-ccc': 'k' }) },
  { name: 'context language with script', change: (s) => (s.context.language = 'sr-Latn-RS') },
  { name: 'attachment content type with parameters', change: (s) => (s.attachments[0].contentType = 'text/plain; charset="utf-8"') },
  { name: 'attachment sha2 upper case SHA-512', change: (s) => (s.attachments[0].sha2 = 'AB'.repeat(64)) },
  { name: 'empty attachments array', change: (s) => (s.attachments = []) },
  { name: 'instructor is a Group', change: (s) => (s.context.instructor = { objectType: 'Group', member: [{ mbox: 'mailto:p@example.com' }] }) },
  { name: 'contextAgents and contextGroups in 2.0', versions: ['2.0.0'], change: (s) => {
    s.context.contextAgents = [{ objectType: 'contextAgent', agent: { mbox: 'mailto:c@example.com' }, relevantTypes: ['http://example.com/types/mentor'] }, { objectType: 'contextAgent', agent: { objectType: 'Agent', openid: 'http://o.example.com/d' } }];
    s.context.contextGroups = [{ objectType: 'contextGroup', group: { objectType: 'Group', member: [{ mbox: 'mailto:e@example.com' }] }, relevantTypes: ['http://example.com/types/class'] }];
  } },
  { name: 'version 1.0.3', change: (s) => (s.version = '1.0.3'), where: 'top' },
  { name: 'version 1.0', change: (s) => (s.version = '1.0'), where: 'top' },
  { name: 'version 1.0.0 in 2.0', change: (s) => (s.version = '1.0.0'), versions: ['2.0.0'], where: 'top' },
  { name: 'version 2.0.0 in 2.0', change: (s) => (s.version = '2.0.0'), versions: ['2.0.0'], where: 'top' },
  { name: 'version 2.0.1 in 2.0', change: (s) => (s.version = '2.0.1'), versions: ['2.0.0'], where: 'top' },
  { name: 'authority Group of two Agents identified by account (OAuth consumer and user)', where: 'top', change: (s) => (s.authority = { objectType: 'Group', member: [{ account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } }, { objectType: 'Agent', account: { homePage: 'http://example.com', name: 'bob' } }] }) },
  { name: 'authority Group of two Agents (3-legged OAuth)', where: 'top', change: (s) => (s.authority = { objectType: 'Group', member: [{ account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } }, { mbox: 'mailto:bob@example.com' }] }) },
  { name: 'voiding statement', where: 'top', change: (s) => {
    s.verb = { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } };
    s.object = { objectType: 'StatementRef', id: UUID.toUpperCase() };
    delete s.context.revision;
    delete s.context.platform;
  } },
];

function issuesFor(example: Example, where: 'top' | 'sub', version: XapiVersion): { issues: ValidationIssue[]; prefix: string } {
  if (where === 'top') {
    const s = fullStatement();
    example.change(s);
    return { issues: validateStatement(s, version), prefix: '' };
  }
  const s = statementWithSubStatement();
  example.change(s.object);
  return { issues: validateStatement(s, version), prefix: '/object' };
}

const placesOf = (e: Example): ('top' | 'sub')[] => (e.where ? [e.where] : ['top', 'sub']);

describe('validation: validateStatement', () => {
  for (const version of BOTH) {
    describe(`xAPI ${version}`, () => {
      it('accepts the base examples', () => {
        expect(validateStatement(fullStatement(), version)).to.deep.equal([]);
        expect(validateStatement(statementWithSubStatement(), version)).to.deep.equal([]);
      });

      describe('accepts what the spec allows', () => {
        for (const example of valid.filter((e) => (e.versions ?? BOTH).includes(version))) {
          for (const where of placesOf(example)) {
            it(`${example.name} (${where === 'top' ? 'statement' : 'in a SubStatement'})`, () => {
              expect(issuesFor(example, where, version).issues).to.deep.equal([]);
            });
          }
        }
      });

      describe('rejects, naming the requirement', () => {
        for (const example of invalid.filter((e) => (e.versions ?? BOTH).includes(version))) {
          for (const where of placesOf(example)) {
            const label = example.requirement ?? 'xAPI 2.0';
            it(`${label}: ${example.name} (${where === 'top' ? 'statement' : 'in a SubStatement'})`, () => {
              const { issues, prefix } = issuesFor(example, where, version);
              expect(issues, 'no issue reported').to.not.be.empty;
              const named = issues.filter((i) => i.requirement === (example.requirement ?? undefined));
              expect(named, `no issue names ${example.requirement}: ${JSON.stringify(issues)}`).to.not.be.empty;
              if (example.path) {
                const path = prefix + example.path;
                expect(named.some((i) => i.path.startsWith(path)), `no issue at ${path}: ${JSON.stringify(issues)}`).to.equal(true);
              }
              for (const issue of issues) expect(issue.message).to.be.a('string').and.not.equal('');
            });
          }
        }
      });
    });
  }

  it('says when an IRI has no scheme (XAPI-00011)', () => {
    const s = fullStatement();
    s.verb.id = 'verbs/answered';
    const issue = validateStatement(s, '1.0.3').find((i) => i.path === '/verb/id');
    expect(issue?.requirement).to.equal('XAPI-00044');
    expect(issue?.message).to.contain('XAPI-00011');
  });

  it('accepts any JSON value without throwing and rejects non-objects', () => {
    for (const value of [null, 1, 'x', [], true, {}, { actor: null, verb: [], object: 'x' }]) {
      expect(validateStatement(value, '1.0.3')).to.not.be.empty;
    }
  });
});

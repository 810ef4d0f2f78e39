// Communication 2.6 Agent Profile Resource: the shared document rules plus Agent identification.
import { createHash } from 'node:crypto';
import type { Check, Untestable } from '../../harness/check.js';
import { presenceCheckOf } from '../../harness/resources.js';
import type { CheckContext } from '../../harness/context.js';
import { documentChecks } from './documents-common.js';
import { AGENT_PROFILE, check, createDoc, expectJsonDocument, idOf, jsonDoc } from './lib.js';

const section = AGENT_PROFILE.section;
const tags = (...t: string[]) => ['documents', 'agent-profile', ...t];

export const checks: Check[] = [
  presenceCheckOf('documents.agent-profile.present'),
  ...documentChecks(AGENT_PROFILE),

  check({
    suite: 'documents',
    section,
    id: 'documents.agent-profile.every-ifi',
    title: 'Agent Profile: Agents identified by mbox_sha1sum, openid and account store and return documents',
    requirements: ['XAPI-00273', 'XAPI-00269', 'XAPI-00259'],
    quote:
      'agent: Agent object (JSON). The Agent associated with this Profile document. Required. (Communication 2.6.s3) An Agent MUST be identified by one (1) of the four types of Inverse Functional Identifiers (Data 2.4.2.1)',
    tags: tags('agent', 'ifi'),
    async run(ctx: CheckContext) {
      const mbox = ctx.ns.agent('ifi').mbox;
      const agents = {
        mbox_sha1sum: { objectType: 'Agent', mbox_sha1sum: createHash('sha1').update(mbox).digest('hex') },
        openid: { objectType: 'Agent', openid: `https://openid.example.com/${encodeURIComponent(mbox.slice(7))}` },
        account: { objectType: 'Agent', account: { homePage: 'https://accounts.example.com', name: mbox.slice(7) } },
      };
      const profileId = idOf(ctx, AGENT_PROFILE);
      for (const [kind, agent] of Object.entries(agents)) {
        const scope = { agent: JSON.stringify(agent) };
        await createDoc(ctx, AGENT_PROFILE, scope, profileId, jsonDoc({ kind }), `PUT an Agent Profile document for an Agent identified by ${kind}`);
        await expectJsonDocument(ctx, AGENT_PROFILE, scope, profileId, { kind }, `GET the document of the Agent identified by ${kind}`);
      }
    },
  }),

  check({
    suite: 'documents',
    section,
    id: 'documents.agent-profile.agent-identity-is-ifi',
    title: 'Agent Profile: the Agent is matched by its identifier, not by its name or objectType',
    requirements: [],
    quote:
      'An Inverse Functional Identifier is a value of an Agent or Identified Group that is guaranteed to only ever refer to that Agent or Identified Group. (Data 2.4.2.3) — the name of an Agent is not part of its identity',
    level: 'SHOULD',
    tags: tags('agent', 'ifi'),
    async run(ctx: CheckContext) {
      const agent = ctx.ns.agent('identity');
      const profileId = idOf(ctx, AGENT_PROFILE);
      await createDoc(ctx, AGENT_PROFILE, { agent: JSON.stringify({ ...agent, name: 'First Name' }) }, profileId, jsonDoc({ same: 'agent' }));
      await expectJsonDocument(ctx, AGENT_PROFILE, { agent: JSON.stringify({ mbox: agent.mbox }) }, profileId, { same: 'agent' }, 'GET with the same mbox, no name, no objectType');
      await expectJsonDocument(
        ctx,
        AGENT_PROFILE,
        { agent: JSON.stringify({ objectType: 'Agent', mbox: agent.mbox, name: 'Another Name' }) },
        profileId,
        { same: 'agent' },
        'GET with the same mbox and a different name',
      );
    },
  }),
];

export const untestable: Untestable[] = ['XAPI-00276', 'XAPI-00277'].map((requirement) => ({
  requirement,
  reason: 'Query-string parameters are always strings on the wire; a "profileId" that is not of type String cannot be sent.',
}));

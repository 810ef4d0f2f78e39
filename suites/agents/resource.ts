// Communication 2.4 Agents Resource: the Person Object.
import { isDeepStrictEqual } from 'node:util';
import { createHash } from 'node:crypto';
import type { Check, Untestable } from '../../harness/check.js';
import { presenceCheckOf } from '../../harness/resources.js';
import type { CheckContext } from '../../harness/context.js';
import { check, expectStatementVisible } from '../documents/lib.js';
import { isMailtoIri, isSha1, isUri } from '../../validation/index.js';

const section = 'Communication 2.4 Agents Resource';
const tags = (...t: string[]) => ['agents', ...t];
const PERSON =
  'Return a special, Person Object for a specified Agent. The Person Object is very similar to an Agent Object, but instead of each attribute having a single value, each attribute has an array value, and it is legal to include multiple identifying properties. (Communication 2.4.s2) objectType: "Person". Required. name: Array of strings. mbox: Array of IRIs in the form "mailto:email address". mbox_sha1sum: Array of strings. openid: Array of strings. account: Array of account objects. (2.4.s5) All array properties MUST be populated with members with the same definition as the similarly named property from Agent Objects. (2.4.s6.b1)';
const NO_INFO =
  'If an LRS does not have any additional information about an Agent to return, the LRS MUST still return a Person Object when queried, but that Person Object will only include the information associated with the requested Agent. (Communication 2.4.s3.b3)';

type Person = Record<string, unknown>;

async function getPerson(ctx: CheckContext, agent: object): Promise<Person> {
  const r = await ctx.client.request({ method: 'GET', path: 'agents', query: { agent: JSON.stringify(agent) } });
  ctx.expect.status(r, 200, `GET agents?agent=${JSON.stringify(agent)}`);
  const body = r.json<unknown>();
  ctx.expect.ok(typeof body === 'object' && body !== null && !Array.isArray(body), 'the Agents resource must return a JSON object', { actual: body });
  return body as Person;
}

/** Type errors in a Person Object, as readable strings (empty when it is well formed). */
function personProblems(p: Person): string[] {
  const problems: string[] = [];
  if (p.objectType !== 'Person') problems.push(`objectType must be "Person", got ${JSON.stringify(p.objectType)}`);
  const arrayOf = (key: string, ok: (v: unknown) => boolean, what: string) => {
    if (!(key in p)) return;
    const v = p[key];
    if (!Array.isArray(v)) problems.push(`${key} must be an array, got ${JSON.stringify(v)}`);
    else v.forEach((x, i) => ok(x) || problems.push(`${key}[${i}] must be ${what}, got ${JSON.stringify(x)}`));
  };
  const isString = (v: unknown) => typeof v === 'string';
  arrayOf('name', isString, 'a string');
  arrayOf('mbox', isMailtoIri, 'a "mailto:email address" IRI');
  arrayOf('mbox_sha1sum', isSha1, 'a SHA1 hex string');
  arrayOf('openid', isUri, 'a URI string');
  arrayOf(
    'account',
    (v) => typeof v === 'object' && v !== null && typeof (v as Person).homePage === 'string' && typeof (v as Person).name === 'string',
    'an account object with homePage and name',
  );
  return problems;
}

function includes(p: Person, key: string, value: unknown): boolean {
  const list = p[key];
  const same = (x: unknown) =>
    key === 'mbox_sha1sum' && typeof x === 'string' && typeof value === 'string' ? x.toLowerCase() === value.toLowerCase() : isDeepStrictEqual(x, value);
  return Array.isArray(list) && list.some(same);
}

export const checks: Check[] = [
  presenceCheckOf('agents.resource.present'),
  check({
    suite: 'agents',
    section,
    id: 'agents.resource.person-for-unknown-agent',
    title: 'Agents: an Agent the LRS has never seen still yields a Person Object with that Agent\'s identifier',
    requirements: ['XAPI-00236', 'XAPI-00237', 'XAPI-00245', 'XAPI-00246', 'XAPI-00247', 'XAPI-00248'],
    quote: `${PERSON} ${NO_INFO}`,
    tags: tags('person'),
    async run(ctx: CheckContext) {
      const agent = ctx.ns.agent('never-seen');
      const person = await getPerson(ctx, agent);
      const problems = personProblems(person);
      ctx.expect.ok(problems.length === 0, 'the Person Object must be well formed', { expected: 'no problems', actual: problems });
      ctx.expect.ok(includes(person, 'mbox', agent.mbox), 'Person.mbox must include the requested mbox', { expected: `includes ${agent.mbox}`, actual: person.mbox });
    },
  }),

  check({
    suite: 'agents',
    section,
    id: 'agents.resource.person-every-ifi',
    title: 'Agents: the Person Object carries the requested identifier for each kind of IFI, in correctly typed arrays',
    requirements: ['XAPI-00237', 'XAPI-00238', 'XAPI-00239', 'XAPI-00240', 'XAPI-00241', 'XAPI-00242', 'XAPI-00244', 'XAPI-00247'],
    quote: `${PERSON} ${NO_INFO}`,
    tags: tags('person', 'ifi'),
    async run(ctx: CheckContext) {
      const mbox = ctx.ns.agent('ifi').mbox;
      const cases: Array<[string, unknown]> = [
        ['mbox', mbox],
        ['mbox_sha1sum', createHash('sha1').update(mbox).digest('hex')],
        ['openid', `https://openid.example.com/${encodeURIComponent(mbox.slice(7))}`],
        ['account', { homePage: 'https://accounts.example.com', name: mbox.slice(7) }],
      ];
      for (const [key, value] of cases) {
        const person = await getPerson(ctx, { objectType: 'Agent', name: 'Person Test', [key]: value });
        const problems = personProblems(person);
        ctx.expect.ok(problems.length === 0, `the Person Object for an Agent identified by ${key} must be well formed`, { expected: 'no problems', actual: problems });
        ctx.expect.ok(includes(person, key, value), `Person.${key} must include the requested ${key}`, { expected: [value], actual: person[key] });
      }
    },
  }),

  check({
    suite: 'agents',
    section,
    id: 'agents.resource.person-combines-statement-agent',
    title: 'Agents: after a statement by an Agent with a name, the Person Object lists that name',
    requirements: ['XAPI-00248'],
    quote: `${PERSON} name: Array of strings. List of names of Agents retrieved.`,
    level: 'SHOULD',
    tags: tags('person', 'statements'),
    async run(ctx: CheckContext) {
      const agent = { ...ctx.ns.agent('named'), name: 'Ada Lovelace-Conform' };
      const id = ctx.ns.uuid();
      ctx.ledger.statements([id]);
      const w = await ctx.client.request({
        method: 'POST',
        path: 'statements',
        body: [{ id, actor: agent, verb: { id: ctx.ns.verb('met') }, object: { objectType: 'Activity', id: ctx.ns.activity('meeting') } }],
      });
      ctx.expect.status(w, 200, 'POST a statement by the named Agent');
      await ctx.eventually(async () => {
        await expectStatementVisible(ctx, id);
        const person = await getPerson(ctx, { mbox: agent.mbox });
        ctx.expect.ok(includes(person, 'name', agent.name), 'Person.name should list the name the Agent used in a statement', { expected: [agent.name], actual: person.name });
      });
    },
  }),

  check({
    suite: 'agents',
    section,
    id: 'agents.resource.no-extra-properties',
    title: 'Agents: the Person Object has no properties beyond those the specification lists',
    requirements: [],
    quote: 'Additional properties not listed here SHOULD* NOT be added to this object and each property MUST occur only once. (Communication 2.4.s6.b2)',
    level: 'SHOULD',
    tags: tags('person'),
    async run(ctx: CheckContext) {
      const person = await getPerson(ctx, ctx.ns.agent('extras'));
      const allowed = ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account'];
      const extra = Object.keys(person).filter((k) => !allowed.includes(k));
      ctx.expect.ok(extra.length === 0, 'the Person Object should have no other properties', { expected: allowed, actual: extra });
    },
  }),

  check({
    suite: 'agents',
    section,
    id: 'agents.resource.missing-agent-400',
    title: 'Agents: GET without "agent" is rejected with 400',
    requirements: ['XAPI-00243'],
    quote: 'agent: Agent object (JSON). Required. (Communication 2.4.s2) 400 Bad Request - Indicates an error condition caused by an invalid or missing argument. (3.2.s2.b1)',
    tags: tags('parameters', 'errors'),
    async run(ctx: CheckContext) {
      const r = await ctx.client.request({ method: 'GET', path: 'agents' });
      ctx.expect.status(r, 400, 'GET agents without the agent parameter');
    },
  }),

  check({
    suite: 'agents',
    section,
    id: 'agents.resource.invalid-agent-400',
    title: 'Agents: an "agent" that is not a valid Agent (not JSON, no identifier, two identifiers, bad mbox) is rejected with 400',
    requirements: ['XAPI-00249'],
    quote:
      'The "agent" parameter is a normal Agent Object with a single identifier and no arrays. It is not a Person Object, nor is it a Group. (Communication 2.4.s2) An Agent MUST NOT include more than one (1) Inverse Functional Identifier (Data 2.4.2.1)',
    tags: tags('parameters', 'errors'),
    async run(ctx: CheckContext) {
      const mbox = ctx.ns.agent('invalid').mbox;
      const bad = [
        'not json at all',
        JSON.stringify({ objectType: 'Agent', name: 'no identifier' }),
        JSON.stringify({ objectType: 'Agent', mbox, openid: 'https://openid.example.com/two-ifis' }),
        JSON.stringify({ objectType: 'Agent', mbox: mbox.slice(7) }),
        JSON.stringify({ objectType: 'Person', mbox: [mbox] }),
      ];
      for (const agent of bad) {
        const r = await ctx.client.request({ method: 'GET', path: 'agents', query: { agent } });
        ctx.expect.status(r, 400, `GET agents?agent=${agent}`);
      }
    },
  }),
];

export const untestable: Untestable[] = [];

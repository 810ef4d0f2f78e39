// Data 2.2-2.4, 4.x: statement validation, generated from fixtures/statements/validation.json.
// One check per fixture case and scope (top level, inside a SubStatement); each sends the statement
// through POST (single), POST (batch, beside a valid statement) and PUT.
import { defineCheck, XAPI_VERSIONS, type Check } from '../../harness/check.js';
import type { CheckContext, XapiResponse } from '../../harness/context.js';
import { buildStatement, fetchStatement, type Statement } from './lib/statements.js';
import {
  caseInSubStatement,
  caseQuote,
  caseStatement,
  validationFixtures,
  type ValidationCase,
} from './lib/fixtures.js';

type Scope = 'statement' | 'substatement';
type Route = 'POST single' | 'POST batch' | 'PUT';

interface Outcome {
  route: Route;
  status: number;
  body: string;
}

function statementFor(ctx: CheckContext, c: ValidationCase, scope: Scope): Statement {
  return scope === 'statement' ? caseStatement(ctx, c) : caseInSubStatement(ctx, c);
}

function createdIds(res: XapiResponse): string[] {
  try {
    const ids = res.json<unknown>();
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

async function sendAllRoutes(ctx: CheckContext, c: ValidationCase, scope: Scope): Promise<{ outcomes: Outcome[]; putId: string }> {
  const outcomes: Outcome[] = [];
  const record = (route: Route, res: XapiResponse) =>
    outcomes.push({ route, status: res.status, body: res.text().slice(0, 300) });

  const single = await ctx.client.request({ method: 'POST', path: 'statements', body: statementFor(ctx, c, scope) });
  if (single.status === 200) ctx.ledger.statements(createdIds(single));
  record('POST single', single);

  const batch = await ctx.client.request({
    method: 'POST',
    path: 'statements',
    body: [buildStatement(ctx, { id: ctx.ns.uuid() }), statementFor(ctx, c, scope)],
  });
  if (batch.status === 200) ctx.ledger.statements(createdIds(batch));
  record('POST batch', batch);

  const statement = statementFor(ctx, c, scope);
  // PUT needs a statementId; use the statement's own id when it is a string (even an invalid one).
  const statementId = typeof statement.id === 'string' ? statement.id : ctx.ns.uuid();
  const put = await ctx.client.request({ method: 'PUT', path: 'statements', query: { statementId }, body: statement });
  if (put.status === 204) ctx.ledger.statements([statementId]);
  record('PUT', put);
  return { outcomes, putId: statementId };
}

function expectedStatus(c: ValidationCase, route: Route): number {
  if (!c.valid) return 400;
  return route === 'PUT' ? 204 : 200;
}

function validationCheck(c: ValidationCase, scope: Scope, idSuffix: string): Check {
  const where = scope === 'statement' ? '' : ' inside a SubStatement';
  return defineCheck({
    id: `statements.validation.${scope === 'substatement' ? 'substatement.' : ''}${c.name}${idSuffix}`,
    title: `${c.valid ? 'accepts' : 'rejects with 400'} ${c.name.replace(/-/g, ' ')}${where} (POST, batch POST, PUT)`,
    suite: 'statements',
    section: c.section,
    requirements: scope === 'substatement' ? [...c.requirements, 'XAPI-00066'] : c.requirements,
    quote: caseQuote(c),
    level: c.level ?? 'MUST',
    versions: c.versions ?? XAPI_VERSIONS,
    tags: ['validation', c.valid ? 'accept' : 'reject', scope],
    async run(ctx: CheckContext) {
      const { outcomes, putId } = await sendAllRoutes(ctx, c, scope);
      const wrong = outcomes.filter((o) => o.status !== expectedStatus(c, o.route));
      if (wrong.length > 0) {
        ctx.expect.fail(
          `${c.valid ? 'a valid statement was not accepted' : 'an invalid statement was not rejected with 400'} (${wrong
            .map((o) => o.route)
            .join(', ')})`,
          {
            expected: Object.fromEntries(outcomes.map((o) => [o.route, expectedStatus(c, o.route)])),
            actual: Object.fromEntries(outcomes.map((o) => [o.route, `${o.status} ${o.body}`])),
          },
        );
      }
      // Accepted must mean stored: the PUT statement can be read back.
      if (c.valid) await fetchStatement(ctx, putId);
    },
  });
}

function idSuffixFor(c: ValidationCase): string {
  const sameName = validationFixtures.cases.filter((other) => other.name === c.name);
  return sameName.length > 1 && c.versions?.length === 1 ? `-${c.versions[0]!.replace(/\./g, '')}` : '';
}

export const checks: Check[] = validationFixtures.cases.flatMap((c) => {
  const scopes: Scope[] = c.substatement === false ? ['statement'] : ['statement', 'substatement'];
  return scopes.map((scope) => validationCheck(c, scope, idSuffixFor(c)));
});

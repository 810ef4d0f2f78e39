// The property suites' generators: every generated statement is valid by our own validator, and every
// mutant is invalid for exactly the rule its mutator names (its base, prepared but unbroken, is valid).
import { expect } from 'chai';
import fc from 'fast-check';
import { statement, voiding, duration, timestamp, REGISTRATION_TOKEN, VOIDED_VERB, type StatementOptions } from '../../suites/property/arbitraries.js';
import { expectedResults, type StoredStatement } from '../../suites/property/oracle.js';
import { mutators, mutatorsFor, applyMutator } from '../../suites/property/mutators.js';
import { fixedScope, harmonize, instantiate } from '../../suites/property/scope.js';
import { compareStatements, parseInstant } from '../../suites/property/equivalence.js';
import { validateStatement, isIso8601Duration, isTimestamp } from '../../validation/index.js';
import { XAPI_VERSIONS } from '../../harness/check.js';

const ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

function concrete(template: Record<string, any>, ids: string[] = []): Record<string, any> {
  const s = instantiate(template, fixedScope(), ids);
  harmonize([s]);
  if (!('id' in s)) s.id = ID;
  return s;
}

describe('property suites: generators', () => {
  for (const version of XAPI_VERSIONS) {
    describe(`xAPI ${version}`, () => {
      it('generates statements our validator accepts (whole Data model)', () => {
        const seen = new Set<string>();
        for (const t of fc.sample(statement({ version }), { numRuns: 150, seed: 20261122 })) {
          const s = concrete(t);
          expect(validateStatement(s, version), JSON.stringify(s)).to.deep.equal([]);
          seen.add(s.object.objectType ?? 'Activity');
          if (s.object.definition?.interactionType) seen.add(`interaction:${s.object.definition.interactionType}`);
          if (s.actor.objectType === 'Group') seen.add(s.actor.member && !Object.keys(s.actor).some((k) => k.startsWith('mbox') || k === 'openid' || k === 'account') ? 'anonymous-group' : 'group');
          for (const k of ['mbox', 'mbox_sha1sum', 'openid', 'account']) if (k in s.actor) seen.add(`ifi:${k}`);
          if (s.context?.contextAgents) seen.add('contextAgents');
        }
        const expected = ['Activity', 'Agent', 'Group', 'StatementRef', 'SubStatement', 'ifi:mbox', 'ifi:mbox_sha1sum', 'ifi:openid', 'ifi:account', 'anonymous-group'];
        if (version === '2.0.0') expected.push('contextAgents');
        for (const kind of expected) expect(seen, `covers ${kind}`).to.include(kind);
      });

      it('generates valid populations with StatementRefs and voiding statements', () => {
        const opts: StatementOptions = { version, pools: { agents: 3, verbs: 2, activities: 3 }, registration: REGISTRATION_TOKEN, refTargets: [0, 1], noAttachments: true };
        const arb = fc.tuple(statement({ ...opts, refTargets: undefined }), statement({ ...opts, refTargets: undefined }), statement(opts), voiding(0, opts));
        for (const population of fc.sample(arb, { numRuns: 30, seed: 7 })) {
          const ids = population.map((_, i) => `3fa85f64-5717-4562-b3fc-2c963f66af${String(i).padStart(2, '0')}`);
          const concreteOnes = population.map((t, i): Record<string, any> => ({ ...instantiate(t, fixedScope(), ids), id: ids[i] }));
          harmonize(concreteOnes);
          for (const s of concreteOnes) {
            expect(validateStatement(s, version), JSON.stringify(s)).to.deep.equal([]);
            expect(s.context.registration).to.equal(fixedScope().registration);
          }
        }
      });

      it('generates timestamps and durations our predicates accept', () => {
        for (const t of fc.sample(timestamp(version), { numRuns: 100, seed: 3 })) expect(isTimestamp(t, version), t).to.equal(true);
        for (const d of fc.sample(duration(version), { numRuns: 100, seed: 3 })) expect(isIso8601Duration(d), d).to.equal(true);
      });

      it('generates only timestamps with a time zone (1.0.3 4.5.s1.b4: zone-less is a SHOULD* point)', () => {
        for (const t of fc.sample(timestamp(version), { numRuns: 300, seed: 5 })) expect(t, t).to.match(/(Z|[+-]\d{2}:\d{2})$/);
      });

      it(`generates duration seconds ${version === '1.0.3' ? 'at most 0.01 s precise (4.6.s1.b4 is a SHOULD* for 1.0.3)' : 'finer than 0.01 s too (2.0 accepts them)'}`, () => {
        const fractionDigits = fc.sample(duration(version), { numRuns: 500, seed: 9 }).map((d) => /\.(\d+)S$/.exec(d)?.[1]?.length ?? 0);
        if (version === '1.0.3') expect(Math.max(...fractionDigits)).to.be.at.most(2);
        else expect(Math.max(...fractionDigits)).to.be.at.least(3);
      });

      for (const m of mutatorsFor(version)) {
        it(`mutant "${m.name}" (${m.requirements.join(', ') || '2.0 rule'}) breaks exactly its rule`, () => {
          for (const t of fc.sample(statement({ version }), { numRuns: 10, seed: 11 })) {
            const { base, mutant } = applyMutator(m, t, version);
            const b = concrete(base);
            expect(validateStatement(b, version), `prepared base is valid: ${JSON.stringify(b)}`).to.deep.equal([]);
            const issues = validateStatement(concrete(mutant), version);
            expect(issues, 'the mutant is invalid').to.not.be.empty;
            if (m.requirements.length) {
              const named = issues.map((i) => i.requirement);
              expect(named.some((r) => m.requirements.includes(r!)), `issues name ${m.requirements.join('/')}: ${JSON.stringify(issues)}`).to.equal(true);
              const allowed = [...m.requirements, ...(m.consequences ?? [])];
              expect(issues.filter((i) => !allowed.includes(i.requirement!)), 'no other rule is broken').to.deep.equal([]);
            } else {
              expect(issues, 'an xAPI 2.0 rule (no requirement id): exactly one issue').to.have.length(1);
            }
          }
        });
      }
    });
  }

  it('has a mutator for every level and version it claims, with quotes', () => {
    for (const m of mutators) {
      expect(m.quote.length, m.name).to.be.greaterThan(10);
      for (const r of m.requirements) expect(r).to.match(/^XAPI-\d{5}$/);
    }
  });

  describe('statement equivalence', () => {
    const sent = {
      id: ID,
      actor: { mbox: 'mailto:a@example.com', name: 'A' },
      verb: { id: 'http://example.com/v', display: { 'en-US': 'did' } },
      object: { id: 'http://example.com/a' },
      result: { duration: 'PT1.2345S', score: { raw: 0.1 } },
      context: { contextActivities: { parent: { id: 'http://example.com/p' } } },
      timestamp: '2020-01-01T12:00:00.123456+02:00',
    };
    const returned = () => ({
      ...structuredClone(sent),
      actor: { objectType: 'Agent', mbox: 'mailto:a@example.com', name: 'A' },
      object: { objectType: 'Activity', id: 'http://example.com/a' },
      result: { duration: 'PT1.23S', score: { raw: Math.fround(0.1) } },
      context: { contextActivities: { parent: [{ id: 'http://example.com/p' }] } },
      timestamp: '2020-01-01T10:00:00.123Z',
      stored: '2020-01-01T10:00:01.000Z',
      authority: { mbox: 'mailto:lrs@example.com' },
      version: '1.0.0',
    });

    it('accepts what the spec lets an LRS change', () => {
      expect(compareStatements(sent, returned(), '2.0.0').differences).to.deep.equal([]);
    });

    it('catches real differences', () => {
      const cases: Array<(r: any) => void> = [
        (r) => (r.verb.display = { 'en-US': 'done' }),
        (r) => (r.timestamp = '2020-01-01T10:00:00.125Z'),
        (r) => (r.result.duration = 'PT1.3S'),
        (r) => (r.result.score.raw = 0.11),
        (r) => (r.actor.name = 'B'),
        (r) => (r.extra = true),
        (r) => delete r.context,
        (r) => (r.verb.objectType = 'Activity'),
      ];
      for (const change of cases) {
        const r = returned();
        change(r);
        expect(compareStatements(sent, r, '2.0.0').differences, change.toString()).to.not.be.empty;
      }
    });

    it('parses RFC 3339 instants with offsets to the nanosecond', () => {
      expect(parseInstant('2020-01-01T12:00:00.5+02:00')!.ns).to.equal(parseInstant('2020-01-01T10:00:00.500000000Z')!.ns);
    });
  });
});

describe('property suites: query oracle', () => {
  const agent = (n: string) => ({ mbox: `mailto:${n}@example.com` });
  const verb = (v: string) => ({ id: `http://example.com/verbs/${v}` });
  const activity = (a: string) => ({ id: `http://example.com/activities/${a}` });
  let clock = 0n;
  const stored = (id: string, statement: Record<string, any>): StoredStatement => {
    clock += 5_000_000n;
    return { id, statement: { id, ...statement }, stored: '', storedNs: clock };
  };
  const population = [
    stored('s0', { actor: agent('ben'), verb: verb('passed'), object: activity('training') }),
    stored('s1', { actor: agent('andrew'), verb: verb('confirmed'), object: { objectType: 'StatementRef', id: 's0' } }),
    stored('s2', { actor: { objectType: 'Group', member: [agent('ben')] }, verb: verb('attempted'), object: activity('exam'), context: { contextActivities: { parent: [activity('training')] } } }),
    stored('s3', { actor: agent('carol'), verb: verb('passed'), object: activity('exam') }),
    stored('s4', { actor: agent('admin'), verb: { id: VOIDED_VERB }, object: { objectType: 'StatementRef', id: 's3' } }),
  ];

  it('follows StatementRefs, matches group members, leaves out voided statements (Communication 2.1.3, 2.1.4)', () => {
    expect(expectedResults(population, { agent: agent('ben') })).to.deep.equal([['s2', 's1', 's0']]);
    expect(expectedResults(population, { activity: activity('training').id })).to.deep.equal([['s1', 's0']]);
    expect(expectedResults(population, { activity: activity('training').id, related_activities: true })).to.deep.equal([['s2', 's1', 's0']]);
    // s3 is voided; the voiding statement s4 targets it and still matches through it.
    expect(expectedResults(population, { verb: verb('passed').id, ascending: true })).to.deep.equal([['s0', 's1', 's4']]);
  });

  it('accepts both readings of the StatementRef rule when they differ', () => {
    const results = expectedResults(population, { agent: agent('andrew'), verb: verb('passed').id });
    expect(results.map((r) => [...r].sort())).to.have.deep.members([[], ['s1']]);
  });
});

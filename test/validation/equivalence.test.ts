// statementsEquivalent: the spec's comparison rule (Data 2.3.1): differences an LRS may cause
// (immutability exceptions) are ignored, every other difference counts.
import { expect } from 'chai';
import { statementsEquivalent } from '../../validation/index.js';
import { fullStatement, statementWithSubStatement, UUID, type Json } from './examples.js';

type Change = (s: Json) => void;

const same: [string, Change][] = [
  ['an identical copy', () => undefined],
  ['LRS-set stored and authority', (s) => { s.stored = '2030-01-01T00:00:00Z'; s.authority = { mbox: 'mailto:other@example.com' }; }],
  ['timestamp in another zone', (s) => (s.timestamp = '2015-11-18T14:17:00.123+02:00')],
  ['timestamp with extra zero digits', (s) => (s.timestamp = '2015-11-18T12:17:00.123000Z')],
  ['email domain case', (s) => (s.actor.mbox = 'mailto:ann@EXAMPLE.COM')],
  ['mbox_sha1sum hex case', (s) => (s.context.instructor.mbox_sha1sum = s.context.instructor.mbox_sha1sum.toUpperCase())],
  ['UUID case', (s) => { s.id = s.id.toUpperCase(); s.context.registration = s.context.registration.toUpperCase(); s.context.statement.id = s.context.statement.id.toUpperCase(); }],
  ['language tag case and map order', (s) => (s.verb.display = { FR: 'a répondu', 'en-us': 'answered' })],
  ['contextActivities single object returned as an array', (s) => (s.context.contextActivities.grouping = [s.context.contextActivities.grouping])],
  ['default objectType made explicit', (s) => { delete s.actor.objectType; s.context.contextActivities.parent[0].objectType = 'Activity'; }],
  ['verb display (not part of the Statement)', (s) => (s.verb.display = { de: 'beantwortet' })],
  ['activity definition (not part of the Statement)', (s) => (s.object.definition.name = { 'en-US': 'Renamed' })],
  ['duration truncated to 0.01 s', (s) => (s.result.duration = 'PT1M30.50S')],
];

const differ: [string, Change][] = [
  ['another id', (s) => (s.id = '00000000-0000-4000-8000-000000000000')],
  ['another actor', (s) => (s.actor.mbox = 'mailto:bob@example.com')],
  ['email local part case', (s) => (s.actor.mbox = 'mailto:Ann@example.com')],
  ['another verb', (s) => (s.verb.id = 'http://adlnet.gov/expapi/verbs/passed')],
  ['IRI case (IRIs compare as strings)', (s) => (s.object.id = s.object.id.toUpperCase())],
  ['another timestamp', (s) => (s.timestamp = '2015-11-18T12:17:00.125Z')],
  ['another result', (s) => (s.result.success = false)],
  ['a missing result', (s) => delete s.result],
  ['an extra context property', (s) => (s.context.language = 'fr')],
  ['another extension value', (s) => (s.result.extensions['http://example.com/ext/attempt'] = 2)],
  ['another duration', (s) => (s.result.duration = 'PT1M31S')],
  ['another score', (s) => (s.result.score.raw = 6)],
  ['another attachment', (s) => (s.attachments[0].length = 1)],
  ['another group member', (s) => (s.context.instructor = { objectType: 'Group', member: [{ mbox: 'mailto:c@example.com' }] })],
  ['another version (both set)', (s) => (s.version = '1.0.3')],
  ['a contextActivity removed', (s) => (s.context.contextActivities.parent = [])],
];

describe('validation: statementsEquivalent', () => {
  for (const [name, change] of same) {
    it(`equal despite ${name}`, () => {
      const b = fullStatement();
      change(b);
      expect(statementsEquivalent(fullStatement(), b)).to.equal(true);
      expect(statementsEquivalent(b, fullStatement())).to.equal(true);
    });
  }
  for (const [name, change] of differ) {
    it(`different with ${name}`, () => {
      const b = fullStatement();
      change(b);
      expect(statementsEquivalent(fullStatement(), b)).to.equal(false);
      expect(statementsEquivalent(b, fullStatement())).to.equal(false);
    });
  }

  it('ignores the order of Group members', () => {
    const a = fullStatement();
    const b = fullStatement();
    a.context.instructor = { objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }, { mbox: 'mailto:b@example.com' }] };
    b.context.instructor = { objectType: 'Group', member: [{ mbox: 'mailto:b@example.com' }, { mbox: 'mailto:a@example.com' }] };
    expect(statementsEquivalent(a, b)).to.equal(true);
    b.context.instructor.member[0].mbox = 'mailto:c@example.com';
    expect(statementsEquivalent(a, b)).to.equal(false);
  });

  it('accepts numbers kept with IEEE 754 32-bit precision, not other changes', () => {
    const a = fullStatement();
    const b = fullStatement();
    a.result.score.scaled = 0.1;
    b.result.score.scaled = Math.fround(0.1);
    expect(statementsEquivalent(a, b)).to.equal(true);
    b.result.score.scaled = 0.1000001;
    expect(statementsEquivalent(a, b)).to.equal(false);
  });

  it('ignores id, timestamp and version when one side lacks them (the LRS assigns them), and attachments', () => {
    const sent = fullStatement();
    delete sent.id;
    delete sent.timestamp;
    delete sent.version;
    delete sent.attachments;
    expect(statementsEquivalent(sent, fullStatement())).to.equal(true);
  });

  it('compares inside SubStatements', () => {
    const a = statementWithSubStatement();
    const b = statementWithSubStatement();
    b.object.timestamp = '2015-11-18T13:17:00.123+01:00';
    b.object.actor.mbox = 'mailto:ann@Example.com';
    expect(statementsEquivalent(a, b)).to.equal(true);
    b.object.result.success = false;
    expect(statementsEquivalent(a, b)).to.equal(false);
  });

  it('with exact, compares verb display and activity definitions too', () => {
    const b = fullStatement();
    b.verb.display = { 'EN-US': 'answered', fr: 'a répondu' };
    expect(statementsEquivalent(fullStatement(), b, { exact: true })).to.equal(true);
    b.object.definition.name = { 'en-US': 'Renamed' };
    expect(statementsEquivalent(fullStatement(), b, { exact: true })).to.equal(false);
    expect(statementsEquivalent(fullStatement(), b)).to.equal(true);
  });

  it('compares deeply nested extension values without exhausting the stack', () => {
    const deep = (leaf: number): unknown => JSON.parse(`${'['.repeat(20_000)}${leaf}${']'.repeat(20_000)}`);
    const a = fullStatement();
    const b = fullStatement();
    a.result.extensions['http://example.com/ext/deep'] = deep(1);
    b.result.extensions['http://example.com/ext/deep'] = deep(1);
    expect(statementsEquivalent(a, b)).to.equal(true);
    b.result.extensions['http://example.com/ext/deep'] = deep(2);
    expect(statementsEquivalent(a, b)).to.equal(false);
  });

  it('is false for non-objects', () => {
    expect(statementsEquivalent(null, null)).to.equal(false);
    expect(statementsEquivalent({ id: UUID }, 'x')).to.equal(false);
  });
});

// validateAgent / validateGroup / validateActor: the `agent` parameter of requests and the
// Agent/Group rules on their own (Data 2.4.2).
import { expect } from 'chai';
import { validateActor, validateAgent, validateGroup } from '../../validation/index.js';

const requirementsOf = (issues: { requirement?: string }[]): (string | undefined)[] => issues.map((i) => i.requirement);

describe('validation: validateAgent / validateGroup / validateActor', () => {
  for (const version of ['1.0.3', '2.0.0'] as const) {
    describe(`xAPI ${version}`, () => {
      it('accepts an Agent by each inverse functional identifier', () => {
        for (const agent of [
          { mbox: 'mailto:a@example.com' },
          { objectType: 'Agent', mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9' },
          { openid: 'http://openid.example.org/1', name: 'A' },
          { account: { homePage: 'http://lms.example.com', name: 'a' } },
        ]) {
          expect(validateAgent(agent, version), JSON.stringify(agent)).to.deep.equal([]);
          expect(validateActor(agent, version)).to.deep.equal([]);
        }
      });

      it('rejects an Agent with zero or two identifiers (XAPI-00034)', () => {
        expect(requirementsOf(validateAgent({ name: 'A' }, version))).to.include('XAPI-00034');
        expect(requirementsOf(validateAgent({ mbox: 'mailto:a@example.com', openid: 'http://o.example.com/a' }, version))).to.include('XAPI-00034');
      });

      it('rejects a Group where an Agent is required, and malformed values', () => {
        expect(validateAgent({ objectType: 'Group', mbox: 'mailto:g@example.com' }, version)).to.not.be.empty;
        expect(requirementsOf(validateAgent({ mbox: 'a@example.com' }, version))).to.include('XAPI-00038');
        for (const value of [null, 'mailto:a@example.com', [], 1]) expect(validateAgent(value, version)).to.not.be.empty;
      });

      it('accepts identified and anonymous Groups', () => {
        const identified = { objectType: 'Group', mbox: 'mailto:g@example.com' };
        const anonymous = { objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] };
        expect(validateGroup(identified, version)).to.deep.equal([]);
        expect(validateGroup(anonymous, version)).to.deep.equal([]);
        expect(validateActor(anonymous, version)).to.deep.equal([]);
        expect(validateGroup(identified, version, { identified: true })).to.deep.equal([]);
      });

      it('with identified, rejects an anonymous Group (XAPI-00037)', () => {
        const anonymous = { objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] };
        expect(requirementsOf(validateGroup(anonymous, version, { identified: true }))).to.include('XAPI-00037');
      });

      it('rejects a Group without objectType, or with a Group member', () => {
        expect(validateGroup({ mbox: 'mailto:g@example.com' }, version)).to.not.be.empty;
        const nested = { objectType: 'Group', member: [{ objectType: 'Group', mbox: 'mailto:g@example.com' }] };
        expect(requirementsOf(validateGroup(nested, version))).to.include('XAPI-00036');
      });
    });
  }
});

// A statement stored with attachment data (multipart/mixed) is forwarded with that data, so the target
// receives it whole: without the data a conformant target refuses the statement (Communication 1.5.2).
import { createHash } from 'node:crypto';
import { defineCheck, XAPI_VERSIONS, type Check } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { Skip } from '../../harness/signals.js';
import { SECTION, awaitArrival, copyIn, richStatement, type Delivery, type Statement } from './lib.js';
import { attachmentPart, multipartBody, statementPart } from '../statements/lib/multipart.js';

const attachmentsForwarded = defineCheck({
  id: 'forwarding.attachments.forwarded',
  title: 'A statement stored with attachment data is forwarded with that data (multipart/mixed)',
  suite: 'forwarding',
  section: SECTION,
  requirements: [],
  quote:
    'Statements accepted by PUT or POST are forwarded unchanged. Communication 1.5.2: "A Statement request including zero or more Attachments is sent with a Content-Type of multipart/mixed" and the LRS rejects a statement whose attachment data is missing.',
  // Forwarding attachment data is not spelt out for forwarding (Ralph stores no attachments): a judgement.
  level: 'SHOULD',
  versions: XAPI_VERSIONS,
  tags: ['forwarding', 'attachments'],
  needs: ['forwarding-sink'],
  async run(ctx: CheckContext) {
    const data = Buffer.from(`forwarded attachment for ${ctx.runId} ✓\n`, 'utf8');
    const sha2 = createHash('sha256').update(data).digest('hex');
    const sent: Statement = {
      ...richStatement(ctx, 'attachment'),
      attachments: [
        {
          usageType: ctx.ns.activity('attachment-usage'),
          display: { 'en-US': 'A forwarded attachment' },
          contentType: 'text/plain',
          length: data.length,
          sha2,
        },
      ],
    };
    const multipart = multipartBody([statementPart([sent]), attachmentPart(data, { 'Content-Type': 'text/plain', 'X-Experience-API-Hash': sha2 })]);
    const res = await ctx.client.request({ method: 'POST', path: 'statements', body: multipart.body, headers: { 'Content-Type': multipart.contentType } });
    if (res.status !== 200) {
      throw new Skip(`the target did not store a statement with an attachment (HTTP ${res.status}); the statements suite judges that`);
    }
    ctx.ledger.statements([sent.id]);
    const delivery = await awaitArrival(ctx, sent.id);
    ctx.expect.equal(copyIn(delivery, sent.id)?.attachments?.[0]?.sha2, sha2, 'sha2 of the forwarded attachment metadata');
    const parts = (delivery as Delivery & { attachments?: Array<{ sha2: string; data: Buffer }> }).attachments ?? [];
    const part = parts.find((p) => p.sha2 === sha2);
    ctx.expect.ok(part !== undefined, 'the forwarded request carries the attachment data as a multipart/mixed part', {
      expected: `a part with X-Experience-API-Hash ${sha2}`,
      actual: `${delivery.headers['content-type'] ?? 'no Content-Type'} with ${parts.length} attachment part(s)`,
    });
    ctx.expect.ok(part.data.equals(data), 'the forwarded attachment data is the data stored', {
      expected: data.toString('utf8'),
      actual: part.data.toString('utf8'),
    });
  },
});

export const checks: Check[] = [attachmentsForwarded];

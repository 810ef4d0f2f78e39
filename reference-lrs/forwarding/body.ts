// The body of a delivery: the statements as JSON, or, when the LRS holds the data of some of their
// attachments, multipart/mixed with those attachments as further parts (Communication 1.5.2), so the
// target receives the statements unchanged and whole (a statement whose attachment data is missing
// would be refused). Attachments known only by fileUrl have no data here and travel as metadata.
import { randomBytes } from 'node:crypto';

export interface AttachmentData {
  get(sha2: string): Promise<Buffer | undefined>;
}

export interface DeliveryBody {
  contentType: string;
  data: Buffer;
}

type Json = Record<string, any>;

function attachmentsOf(statement: Json): Json[] {
  const own = Array.isArray(statement.attachments) ? statement.attachments : [];
  const sub = statement.object?.objectType === 'SubStatement' && Array.isArray(statement.object.attachments) ? statement.object.attachments : [];
  return [...own, ...sub].filter((a): a is Json => typeof a === 'object' && a !== null && typeof a.sha2 === 'string');
}

export async function deliveryBody(statements: Json[], attachments?: AttachmentData): Promise<DeliveryBody> {
  const json = JSON.stringify(statements);
  const parts: Array<{ sha2: string; contentType: string; data: Buffer }> = [];
  if (attachments) {
    const seen = new Set<string>();
    for (const attachment of statements.flatMap(attachmentsOf)) {
      const sha2 = attachment.sha2.toLowerCase();
      if (seen.has(sha2)) continue;
      seen.add(sha2);
      const data = await attachments.get(sha2);
      if (data) parts.push({ sha2, contentType: String(attachment.contentType ?? 'application/octet-stream'), data });
    }
  }
  if (parts.length === 0) return { contentType: 'application/json', data: Buffer.from(json, 'utf8') };
  const boundary = `xapi-conform-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${json}\r\n`, 'utf8')];
  for (const part of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Type: ${part.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${part.sha2}\r\n\r\n`,
        'utf8',
      ),
      part.data,
      Buffer.from('\r\n', 'utf8'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { contentType: `multipart/mixed; boundary=${boundary}`, data: Buffer.concat(chunks) };
}

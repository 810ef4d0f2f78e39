// Statements with their attachment data as multipart/mixed (Communication 1.5.2): the `attachments=true`
// answer and the forwarder's deliveries. The statements are the first part (application/json); each
// attachment whose data the LRS holds follows once, with its X-Experience-API-Hash. Attachments known
// only by fileUrl have no data here and travel as metadata.
import { randomBytes } from 'node:crypto';

type Json = Record<string, any>;

export interface AttachmentData {
  get(sha2: string): Promise<Buffer | undefined>;
}

export interface AttachmentPart {
  sha2: string;
  contentType: string;
  data: Buffer;
}

/** The attachments of a statement and of its SubStatement. */
function attachmentsOf(statement: Json): Json[] {
  const own = Array.isArray(statement.attachments) ? statement.attachments : [];
  const sub = statement.object?.objectType === 'SubStatement' && Array.isArray(statement.object.attachments) ? statement.object.attachments : [];
  return [...own, ...sub].filter((a): a is Json => typeof a === 'object' && a !== null && typeof a.sha2 === 'string');
}

/** One part per distinct attachment whose data is held, in statement order. */
export async function attachmentParts(statements: Json[], store: AttachmentData): Promise<AttachmentPart[]> {
  const parts: AttachmentPart[] = [];
  const seen = new Set<string>();
  for (const attachment of statements.flatMap(attachmentsOf)) {
    const sha2 = attachment.sha2.toLowerCase();
    if (seen.has(sha2)) continue;
    seen.add(sha2);
    const data = await store.get(sha2);
    if (data) parts.push({ sha2, contentType: String(attachment.contentType ?? 'application/octet-stream'), data });
  }
  return parts;
}

export function multipartMixed(json: string, parts: AttachmentPart[]): { contentType: string; data: Buffer } {
  const boundary = `xapi-conform-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${json}\r\n`, 'utf8')];
  for (const part of parts) {
    const head = `--${boundary}\r\nContent-Type: ${part.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${part.sha2}\r\n\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), part.data, Buffer.from('\r\n', 'utf8'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { contentType: `multipart/mixed; boundary=${boundary}`, data: Buffer.concat(chunks) };
}

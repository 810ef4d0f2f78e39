// The body of a delivery: the statements as JSON, or, when the LRS holds the data of some of their
// attachments, multipart/mixed with those attachments as further parts, so the target receives the
// statements unchanged and whole (a statement whose attachment data is missing would be refused).
import { attachmentParts, multipartMixed, type AttachmentData } from '../statements/multipart.js';

export type { AttachmentData };

export interface DeliveryBody {
  contentType: string;
  data: Buffer;
}

export async function deliveryBody(statements: Array<Record<string, any>>, attachments?: AttachmentData): Promise<DeliveryBody> {
  const json = JSON.stringify(statements);
  const parts = attachments ? await attachmentParts(statements, attachments) : [];
  if (parts.length === 0) return { contentType: 'application/json', data: Buffer.from(json, 'utf8') };
  return multipartMixed(json, parts);
}

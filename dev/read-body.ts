import type { IncomingMessage } from 'node:http';

/** Reads a request body, giving up (without buffering the rest) once it passes `maxBytes`. */
export async function readBodyLimited(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) return 'too_large';
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

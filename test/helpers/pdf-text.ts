// The text of a PDF as pdfkit writes it (Flate streams, hex strings in TJ arrays, WinAnsi
// encoding), read without poppler so that `npm test` needs nothing but Node. Lines come out
// in drawing order; tests compare with whitespace collapsed.
import { inflateSync } from 'node:zlib';

export function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1');
  const winAnsi = new TextDecoder('windows-1252');
  const lines: string[] = [];
  for (const [, stream] of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(stream!, 'latin1')).toString('latin1');
    } catch {
      continue; // not a Flate stream (an image, a font): no text in it
    }
    for (const [, array] of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...array!.matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]).join('');
      lines.push(winAnsi.decode(Buffer.from(hex, 'hex')));
    }
  }
  return lines.join('\n').replace(/\s+/g, ' ');
}

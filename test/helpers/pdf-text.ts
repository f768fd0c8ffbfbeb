// The text of a PDF as pdfkit writes it (Flate streams, hex strings in TJ arrays, WinAnsi
// encoding), read without poppler so that `npm test` needs nothing but Node. Lines come out
// in drawing order; tests compare with whitespace collapsed.
import { inflateSync } from 'node:zlib';

export function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1');
  const winAnsi = new TextDecoder('windows-1252');
  const lines: string[] = [];
  // Each stream is read by its /Length: compressed bytes may end in \r or hold anything, so
  // searching for "endstream" would now and then cut a byte off and lose the page's text.
  for (const match of raw.matchAll(/\/Length (\d+)(?![\d ]* R)[^>]*>>\s*stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const stream = raw.slice(start, start + Number(match[1]));
    let content: string;
    try {
      content = inflateSync(Buffer.from(stream, 'latin1')).toString('latin1');
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

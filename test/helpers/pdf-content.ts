// Reads a PDF as pdfkit writes it, with Node alone: the page texts (standard fonts, WinAnsi)
// and every QR code drawn as filled squares, decoded with jsQR from a raster of those
// squares. Enough to check what a payer reads and what a bank app scans, without poppler.
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';

// WinAnsi is Latin-1 except 0x80–0x9F; Node's decoder treats it as Latin-1, so the
// characters our documents use from that range are mapped here.
const winAnsiHigh: Record<number, string> = { 0x80: '€', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—', 0x85: '…' };
const decodeWinAnsi = (bytes: Buffer) => Array.from(bytes, (b) => winAnsiHigh[b] ?? String.fromCharCode(b)).join('');

/** Every stream of the file, inflated where it is compressed. */
export function pdfStreams(bytes: Uint8Array): string[] {
  const raw = Buffer.from(bytes);
  const text = raw.toString('latin1');
  const streams: string[] = [];
  for (const match of text.matchAll(/<<((?:(?!>>\s*stream)[\s\S])*)>>\s*stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    const body = raw.subarray(start, end);
    streams.push(/\/FlateDecode/.test(match[1]!) ? inflateSync(body).toString('latin1') : body.toString('latin1'));
  }
  return streams;
}

/** The text runs of all pages (one per TJ), in drawing order. */
export function pdfTextRuns(bytes: Uint8Array): string[] {
  const runs: string[] = [];
  for (const stream of pdfStreams(bytes)) {
    for (const match of stream.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...match[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]!).join('');
      runs.push(decodeWinAnsi(Buffer.from(hex, 'hex')));
    }
  }
  return runs;
}

/** All text of the document, runs separated by newlines. */
export const pdfText = (bytes: Uint8Array) => pdfTextRuns(bytes).join('\n');

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

interface Square {
  x: number;
  y: number;
  size: number;
}

/** The payloads of the QR codes on the pages: each is one filled path of many squares (or runs of them). */
export function qrCodesIn(bytes: Uint8Array): string[] {
  const found: string[] = [];
  for (const stream of pdfStreams(bytes)) {
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const saved: Matrix[] = [];
    let path: Square[] = [];
    for (const line of stream.split('\n')) {
      const tokens = line.trim().split(/\s+/);
      const op = tokens.at(-1);
      const numbers = tokens.slice(0, -1).map(Number);
      if (op === 'q') saved.push(ctm);
      else if (op === 'Q') ctm = saved.pop() ?? ctm;
      else if (op === 'cm' && numbers.length === 6) ctm = multiply(numbers as Matrix, ctm);
      else if (op === 're' && numbers.length === 4) {
        // A square is one module; a rectangle a whole number of modules wide is a run of
        // them in a row (the pay link's code is drawn so).
        const [x, y, w, h] = numbers as [number, number, number, number];
        const modules = Math.round(w / h);
        if (modules >= 1 && Math.abs(w - modules * h) < 1e-4 * modules) {
          for (let i = 0; i < modules; i++) {
            const px = ctm[0] * (x + i * h) + ctm[4];
            const py = ctm[3] * y + ctm[5];
            const size = Math.abs(ctm[0] * h);
            path.push({ x: Math.min(px, px + ctm[0] * h), y: Math.min(py, py + ctm[3] * h), size });
          }
        }
      } else if (op === 'f' || op === 'f*' || op === 'n' || op === 'S') {
        if (op !== 'n' && op !== 'S' && path.length >= 100) {
          const payload = decodeSquares(path);
          if (payload !== null) found.push(payload);
        }
        path = [];
      }
    }
  }
  return found;
}

function decodeSquares(squares: Square[]): string | null {
  const module = Math.min(...squares.map((s) => s.size));
  const minX = Math.min(...squares.map((s) => s.x));
  const minY = Math.min(...squares.map((s) => s.y));
  const cells = squares.map((s) => [Math.round((s.x - minX) / module), Math.round((s.y - minY) / module)] as const);
  const count = Math.max(...cells.flat()) + 1;
  const scale = 4;
  const quiet = 4;
  const side = (count + 2 * quiet) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const [col, row] of cells) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const offset = (((row + quiet) * scale + dy) * side + (col + quiet) * scale + dx) * 4;
        pixels.fill(0, offset, offset + 3);
      }
    }
  }
  return jsQR(pixels, side, side)?.data ?? null;
}

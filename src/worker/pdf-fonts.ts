// pdfkit's browser build, which wrangler bundles for workerd (package.json "exports": the
// "node" condition is Node's alone), reads no files and carries no fonts until they are
// registered: the invoice and the QR-bill (swissqrbill) use Helvetica and Helvetica-Bold, so
// those two are bundled and registered once per isolate. The Node build loads them itself.
import * as pdfkit from 'pdfkit';
import Helvetica from 'pdfkit/standard-fonts/Helvetica';
import HelveticaBold from 'pdfkit/standard-fonts/HelveticaBold';

const { registerStdFonts } = pdfkit as unknown as { registerStdFonts?: (...fonts: unknown[]) => void };
registerStdFonts?.(Helvetica, HelveticaBold);

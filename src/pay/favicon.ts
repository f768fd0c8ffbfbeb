// The icon browsers ask for at /favicon.ico on every page: a small SVG (a white invoice
// on the pages' blue), so tabs and bookmarks show something and the logs see no 404s.
export const faviconSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="7" fill="#0b5cd7"/>' +
  '<path d="M10 6h9l5 5v15H10z" fill="#fff"/>' +
  '<path d="M13 15h8M13 19h8M13 23h5" stroke="#0b5cd7" stroke-width="2"/>' +
  '</svg>';

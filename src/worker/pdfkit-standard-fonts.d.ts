// pdfkit ships its standard fonts as data modules without type declarations.
declare module 'pdfkit/standard-fonts/*' {
  const font: { name: string };
  export default font;
}

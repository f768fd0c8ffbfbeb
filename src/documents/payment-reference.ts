// Payment references of the Swiss QR-bill. With a QR-IBAN the reference must be a QR
// reference (QRR: 26 digits + a mod-10 recursive check digit); with an ordinary IBAN we
// use an ISO 11649 creditor reference (SCOR: "RF" + 2 check digits + up to 21 characters).
// The same reference is the order id sent to the payment providers, so a bank transfer and
// a card payment land on the same open item; both forms are at most 27 characters of [A-Z0-9].

const mod10Table = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5];

export function qrReferenceCheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new Error('a QR reference body has digits only');
  let carry = 0;
  for (const digit of digits) carry = mod10Table[(carry + Number(digit)) % 10]!;
  return (10 - carry) % 10;
}

export function isValidQrReference(reference: string): boolean {
  const compact = reference.replaceAll(' ', '');
  return /^\d{27}$/.test(compact) && qrReferenceCheckDigit(compact.slice(0, 26)) === Number(compact[26]);
}

/** ISO 7064 mod 97-10 over the text with letters as 10..35, computed piecewise. */
function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

export function creditorReference(body: string): string {
  const compact = body.replaceAll(' ', '').toUpperCase();
  if (!/^[A-Z0-9]{1,21}$/.test(compact))
    throw new Error('a creditor reference body has 1 to 21 letters or digits');
  const check = 98 - mod97(`${compact}RF00`);
  return `RF${String(check).padStart(2, '0')}${compact}`;
}

export function isValidCreditorReference(reference: string): boolean {
  const compact = reference.replaceAll(' ', '').toUpperCase();
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(compact)) return false;
  return mod97(`${compact.slice(4)}${compact.slice(0, 4)}`) === 1;
}

/** The IBAN's check digits (ISO 13616: mod 97 of the rearranged text is 1); spaces and case aside. */
export function isValidIban(iban: string): boolean {
  const compact = iban.replaceAll(' ', '').toUpperCase();
  return /^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(compact) && mod97(`${compact.slice(4)}${compact.slice(0, 4)}`) === 1;
}

/** QR-IBANs carry an institution id from 30000 to 31999 in positions 5 to 9. */
export function isQrIban(iban: string): boolean {
  const compact = iban.replaceAll(' ', '').toUpperCase();
  const iid = Number(compact.slice(4, 9));
  return /^(CH|LI)\d{7}/.test(compact) && iid >= 30000 && iid <= 31999;
}

export function paymentReferenceFor({
  iban,
  invoiceNumber,
}: {
  iban: string;
  invoiceNumber: string;
}): string {
  if (isQrIban(iban)) {
    const digits = invoiceNumber.replace(/\D/g, '').padStart(26, '0');
    if (digits.length > 26)
      throw new Error(`invoice number ${invoiceNumber} has too many digits for a QR reference`);
    return `${digits}${qrReferenceCheckDigit(digits)}`;
  }
  return creditorReference(invoiceNumber.replace(/[^A-Za-z0-9]/g, ''));
}

/** For print: QRR as 2 + 5×5 digits, SCOR in groups of four. */
export function formatReference(reference: string): string {
  if (/^\d{27}$/.test(reference))
    return `${reference.slice(0, 2)} ${reference.slice(2).replace(/(\d{5})(?=\d)/g, '$1 ')}`;
  return reference.replace(/(.{4})(?=.)/g, '$1 ');
}

// Placeholder: filled in by the invoices issue.
import { createRouter } from '../http/router.js';

export const invoiceRoutes = createRouter();

// Placeholder: the public online invoice page, filled in by the invoices issue.
import { createRouter } from '../http/router.js';

export const payRoutes = createRouter();

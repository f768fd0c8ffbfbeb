ALTER TABLE "refunds" ADD COLUMN "reason" text;--> statement-breakpoint
CREATE INDEX "contacts_tenant_created_idx" ON "contacts" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "invoices_tenant_date_idx" ON "invoices" USING btree ("tenant_id","invoice_date","id");--> statement-breakpoint
CREATE INDEX "invoices_contact_date_idx" ON "invoices" USING btree ("contact_id","invoice_date","id");
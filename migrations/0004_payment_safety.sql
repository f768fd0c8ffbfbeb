ALTER TABLE "refunds" ALTER COLUMN "state" SET DEFAULT 'pending';--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "method_currencies" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "captured_currency" char(3);--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "failure_code" text;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "settling_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "provider_transaction_id" text;--> statement-breakpoint
-- The refund that waits for the provider's word was called 'requested'; it is 'pending' now.
UPDATE "refunds" SET "state" = 'pending' WHERE "state" = 'requested';--> statement-breakpoint
-- What was captured so far was captured in the attempt's currency.
UPDATE "payment_attempts" SET "captured_currency" = "currency" WHERE "state" IN ('captured', 'refunded');

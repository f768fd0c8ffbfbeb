CREATE TABLE "provider_payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"provider_payout_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"arrival_date" date NOT NULL,
	"attempt_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"fee_entry_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_payouts_connection_payout_key" UNIQUE("connection_id","provider_payout_id")
);
--> statement-breakpoint
ALTER TABLE "payout_proposals" ADD COLUMN "provider_payout_id" uuid;--> statement-breakpoint
ALTER TABLE "provider_payouts" ADD CONSTRAINT "provider_payouts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_payouts" ADD CONSTRAINT "provider_payouts_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_proposals" ADD CONSTRAINT "payout_proposals_provider_payout_id_provider_payouts_id_fk" FOREIGN KEY ("provider_payout_id") REFERENCES "public"."provider_payouts"("id") ON DELETE no action ON UPDATE no action;
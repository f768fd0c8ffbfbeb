CREATE TABLE "payout_fee_clearings" (
	"entry_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"amount_chf" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_fee_clearings_pkey" PRIMARY KEY("entry_id","proposal_id")
);
--> statement-breakpoint
ALTER TABLE "payout_proposals" ADD COLUMN "fee_entry_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "payout_fee_clearings" ADD CONSTRAINT "payout_fee_clearings_entry_id_journal_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_fee_clearings" ADD CONSTRAINT "payout_fee_clearings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_fee_clearings" ADD CONSTRAINT "payout_fee_clearings_proposal_id_payout_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."payout_proposals"("id") ON DELETE no action ON UPDATE no action;
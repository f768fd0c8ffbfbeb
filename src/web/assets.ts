// The back office's stylesheet and its one script, served from /office/assets so the CSP
// forbids inline code. Laptop, tablet and phone: one column below 48rem.
export const officeStylesheet = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;background:#f5f6f8}
a{color:#0a55c4}
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem;z-index:10}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;background:#14233a;color:#fff;padding:.6rem 1rem}
.top a{color:#fff}.brand{font-weight:700;text-decoration:none}
.top nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
.top nav a{text-decoration:none;padding:.2rem 0;border-bottom:2px solid transparent}
.top nav a[aria-current=page]{border-bottom-color:#ffb700;font-weight:600}
.who{margin-left:auto;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.who .user{color:#d5dbe4}
.top select{background:#fff;color:#1c2430;border-radius:4px;padding:.1rem .3rem}
form.inline{display:inline-flex;gap:.4rem;align-items:center;margin:0}
button.link{background:none;border:0;color:inherit;text-decoration:underline;cursor:pointer;font:inherit;padding:0}
.top button.link{color:#fff}
main{max-width:72rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.notice{background:#e8f0fb;border-left:4px solid #0a55c4;padding:.6rem .9rem;border-radius:4px}
.notice-error{background:#fdecec;border-left-color:#b3261e;color:#5c1410}
.notice-warning{background:#fff4db;border-left-color:#b26a00;color:#4d2e00}
.error-summary{background:#fdecec;border:2px solid #b3261e;padding:.6rem .9rem;border-radius:4px;margin-bottom:1rem}
.field{margin:0 0 .9rem}.field label{display:block;font-weight:600;margin-bottom:.2rem}
.field input,.field select,.field textarea{width:100%;max-width:32rem;font:inherit;padding:.45rem .55rem;border:1px solid #8a94a3;border-radius:4px;background:#fff}
.field input[type=checkbox],.field input[type=radio]{width:auto;margin-right:.4rem}
.field.has-error input,.field.has-error select{border-color:#b3261e;border-width:2px}
.field-error{color:#b3261e;margin:.1rem 0;font-weight:600}.hint{color:#4f5b6b;margin:.1rem 0;font-size:.9rem}
form.narrow{max-width:26rem}
button,.button{font:inherit;border-radius:4px;padding:.45rem .9rem;border:1px solid #0a55c4;background:#fff;color:#0a55c4;cursor:pointer;text-decoration:none;display:inline-block}
button.primary,.button.primary{background:#0a55c4;color:#fff;font-weight:600}
button.danger{border-color:#b3261e;color:#b3261e}
:focus-visible{outline:3px solid #ffb700;outline-offset:2px}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #e1e5eb;vertical-align:top}
th{font-size:.85rem;color:#4f5b6b;font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.money{white-space:nowrap;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto}
.badge{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.8rem;font-weight:700}
.env-sandbox{background:#e3e8ef;color:#2b3545}.env-test{background:#ffe08a;color:#4d3800}.env-live{background:#c9f0d6;color:#0d4f26}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;background:#fff;padding:.75rem;border-radius:6px;margin-bottom:1rem}
.filters .field{margin:0}.filters .field input,.filters .field select{width:auto}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}
.card{background:#fff;border-radius:6px;padding:1rem;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.js .js-hidden{display:none}
@media (max-width:48rem){.top{padding:.5rem}.who{margin-left:0}th,td{padding:.4rem .3rem}}
/* journal and reconciliation */
.actions{display:flex;flex-wrap:wrap;gap:.5rem}
.muted{color:#4f5b6b;font-size:.85rem}
.pager{display:flex;gap:1.5rem;margin:1rem 0}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;background:#fff;padding:.75rem;border-radius:6px}
.facts dt{font-weight:600;color:#4f5b6b}.facts dd{margin:0}
.ok{color:#0d4f26;font-weight:600}
.badge.reversed,.badge.status-ignored{background:#e3e8ef;color:#2b3545}
.badge.overdue,.badge.status-unmatched{background:#fff4db;color:#4d2e00;margin-left:.3rem}
.badge.status-invoice_paid,.badge.status-payout_booked,.badge.status-booked{background:#c9f0d6;color:#0d4f26}
.badge.status-payout_proposed{background:#e8f0fb;color:#0a3d8f}
.default-submit{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
.field-row{display:flex;flex-wrap:wrap;gap:0 1rem}.field-row .field input{width:12rem}
fieldset{border:1px solid #c9d0da;border-radius:6px;padding:.5rem .9rem;margin:0 0 1rem;background:#fff;min-width:0}
legend{font-weight:600;padding:0 .3rem}
fieldset.has-error{border:2px solid #b3261e}
.entry-line{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end}
.entry-line .field{margin-bottom:.5rem}.entry-line .field input,.entry-line .field select{width:14rem;max-width:100%}
.entry-line .remove-line{color:#b3261e;margin-bottom:.9rem}
.steps li{margin:.2rem 0}
.bucket{display:inline-block;margin-right:1rem;white-space:nowrap}
.card+.card{margin-top:1rem}.card>h2:first-child,.card>h3:first-child{margin-top:0}
.book-line{display:flex;flex-wrap:wrap;gap:0 .6rem;align-items:flex-end;margin-top:.4rem}
.book-line .field{margin:0 0 .3rem}.book-line .field input,.book-line .field select{width:12rem;max-width:100%;padding:.25rem .4rem}
@media (min-width:48rem){.bank-lines td:nth-child(3){min-width:12rem}}
@media (max-width:48rem){.facts{grid-template-columns:1fr}.field-row .field input{width:100%}.wide-only{display:none}.entry-line .field,.entry-line .field input,.entry-line .field select{width:100%}}
/* invoices and contacts */
.page-actions{margin:0 0 1rem}
fieldset.card{border:0;margin:0 0 1rem}fieldset.card legend{font-weight:700;font-size:1.05rem;padding:0;float:left;width:100%;margin-bottom:.5rem}
fieldset.card legend+*{clear:both}
fieldset{border:0;padding:0;margin:0 0 .75rem}legend{font-weight:600;margin-bottom:.3rem}
.row-fields,.picker{display:flex;flex-wrap:wrap;gap:0 1rem}.row-fields .field,.picker .field{flex:1 1 12rem}
.search-row{display:flex;gap:.4rem}.search-row input{flex:1;min-width:0;font:inherit;padding:.45rem .55rem;border:1px solid #8a94a3;border-radius:4px}
.filters .check,.check{display:flex;gap:.4rem;align-items:center}.check input{width:1.1rem;height:1.1rem}
.filters input[type=date]{font:inherit;padding:.4rem;border:1px solid #8a94a3;border-radius:4px}.filters .field label{display:block;font-weight:600}
table.lines td{padding:.3rem}table.lines input,table.lines select{font:inherit;padding:.4rem;border:1px solid #8a94a3;border-radius:4px;width:100%;min-width:5rem;background:#fff}
table.lines td:first-child input{min-width:14rem}table.lines input[type=checkbox]{width:1.1rem;height:1.1rem;min-width:0;vertical-align:middle}table.lines td.has-error input{border:2px solid #b3261e}
.cell-label{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.inline-label{margin-left:.3rem}
.actions-row{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin:.75rem 0}
.main-actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-start}
table.totals{width:auto;min-width:20rem;margin:1rem 0 0 auto}table.totals th{font-size:.95rem;color:#1c2430;font-weight:400}
table.totals tr.grand th,table.totals tr.grand td{font-weight:700;border-top:2px solid #1c2430;font-size:1.05rem}
.invoice-head{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:flex-start;background:#fff;border-radius:6px;padding:1rem;margin-bottom:1rem}
.invoice-head .facts{flex:1 1 22rem}.invoice-head .main-actions{flex:0 1 20rem;flex-direction:column}
.invoice-head .main-actions .button,.invoice-head .main-actions form,.invoice-head .main-actions button{width:100%;text-align:center}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}dl.facts dt{color:#4f5b6b;font-weight:600}dl.facts dd{margin:0;overflow-wrap:anywhere}
.status-draft{background:#e3e8ef;color:#2b3545}.status-sent{background:#d9e7fb;color:#08306b}.status-partially_paid{background:#fff0c2;color:#4d3800}
.status-paid{background:#c9f0d6;color:#0d4f26}.status-refunded{background:#efe0f7;color:#4a1f63}.status-cancelled{background:#f1d4d2;color:#5c1410}
.badge.flag{background:#fff0c2;color:#4d2e00;margin-left:.4rem}
.two-columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:0 2rem}
.attempt{margin:0 0 1rem}.attempt h3{font-size:1rem;margin:0 0 .3rem}.attempt-summary{font-weight:600;margin:.2rem 0 .6rem}
.attempt .facts{margin-bottom:.6rem}.events{margin:.4rem 0;padding-left:1.2rem}.events .when{color:#4f5b6b;font-variant-numeric:tabular-nums}
.refund-form{margin-top:.8rem;border:1px solid #e1e5eb}.refund-form h4{margin:0 0 .3rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
.pager{display:flex;gap:1.5rem;margin:1rem 0}
table.invoice-list td:first-child{white-space:nowrap}
.pay-link{overflow-wrap:anywhere}
@media (max-width:48rem){.invoice-head .main-actions{flex-basis:100%}table.totals{min-width:0;width:100%}
.filters .field{flex:1 1 40%}.filters .field select,.filters .field input[type=date]{width:100%}
table.invoice-list .phone-hide{display:none}
dl.facts{grid-template-columns:1fr;gap:0}dl.facts dt{margin-top:.45rem;font-size:.85rem}
table.lines thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.lines tr{display:grid;grid-template-columns:1fr 1fr;gap:.4rem .6rem;padding:.6rem 0;border-bottom:2px solid #e1e5eb}
table.lines td{display:block;border:0;padding:0}table.lines td:first-child{grid-column:1/-1}table.lines td:first-child input{min-width:0}
table.lines td.num{text-align:left;align-self:end}
table.lines .cell-label{position:static;width:auto;height:auto;clip:auto;display:block;font-weight:600;font-size:.85rem}}
/* settings */
.settings-nav ul{display:flex;flex-wrap:wrap;gap:.25rem .5rem;list-style:none;margin:0 0 1rem;padding:0}
.settings-nav a{display:inline-block;padding:.25rem .6rem;border-radius:999px;background:#fff;border:1px solid #c7cfda;text-decoration:none}
.settings-nav a[aria-current=page]{background:#0a55c4;border-color:#0a55c4;color:#fff;font-weight:600}
ul.settings-cards{list-style:none;padding:0;margin:0}.settings-cards h2{margin-top:0}
.settings-form{background:#fff;border-radius:6px;padding:1rem;margin:0 0 1.5rem;max-width:40rem}
.settings-form fieldset{border:0;padding:0;margin:0 0 1rem}.settings-form legend{font-weight:700;font-size:1.05rem;margin-bottom:.5rem}
.field-row{display:flex;flex-wrap:wrap;gap:0 1rem}.field-row .field{flex:1 1 12rem}
fieldset.choices{border:1px solid #c7cfda;border-radius:4px;padding:.5rem .75rem;margin:0 0 .9rem}
fieldset.choices legend{font-weight:600;font-size:1rem;padding:0 .25rem}
fieldset.choices.has-error{border:2px solid #b3261e}
label.choice{display:inline-flex;gap:.35rem;align-items:center;margin:.2rem 1rem .2rem 0;font-weight:400}
.steps{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0 0 1rem;counter-reset:step}
.steps li{counter-increment:step;padding:.25rem .7rem;border-radius:999px;background:#e3e8ef;color:#2b3545}
.steps li::before{content:counter(step) ". "}
.steps li[aria-current=step]{background:#14233a;color:#fff;font-weight:600}.steps li.done{background:#c9f0d6;color:#0d4f26}
.where{background:#fff;border-left:4px solid #ffb700;padding:.6rem .9rem;border-radius:4px}
.notice-ok{background:#e6f6ec;border-left-color:#1b7a3d;color:#0d3f20}
.verify-answer ul{margin:.25rem 0}
.badge-default{background:#dce8fb;color:#0a3a85;margin-left:.4rem}
.connection-head{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;background:#fff;padding:.75rem 1rem;border-radius:6px}
dl.facts dt{font-weight:600}dl.facts dd{margin:0;overflow-wrap:anywhere}
details{margin:.75rem 0}summary{cursor:pointer;color:#0a55c4;font-weight:600;padding:.25rem 0}
form.rename{flex-wrap:wrap}form.rename input{font:inherit;padding:.3rem .45rem;border:1px solid #8a94a3;border-radius:4px;min-width:16rem;max-width:100%}
.table-wrap+.settings-form,.table-wrap+form{margin-top:1rem}
.secret-once{width:100%;max-width:40rem;font:1rem ui-monospace,Menlo,Consolas,monospace;padding:.5rem;border:2px solid #b26a00;border-radius:4px;background:#fffdf6}
.nowrap{white-space:nowrap}.pager{display:flex;gap:1rem;margin:1rem 0}
.settings-form input[type=checkbox]{width:auto}.verify-answer{margin-bottom:.75rem}
@media (max-width:48rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}.settings-form{padding:.75rem}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{display:block;border-bottom:1px solid #c7cfda;padding:.4rem 0}table.stack td{display:block;border:0;padding:.15rem .5rem}
table.stack td::before{content:attr(data-label);display:block;font-size:.8rem;font-weight:600;color:#4f5b6b}table.stack td.nowrap{white-space:normal}}
`;

/** Submits the language switch on change; without script, its button does it. */
export const officeScript = `
document.documentElement.classList.add('js');
for (const select of document.querySelectorAll('select[data-autosubmit]')) {
  select.addEventListener('change', () => select.form.requestSubmit());
}
// settings: a key shown once is selected whole on focus, ready to copy.
for (const input of document.querySelectorAll('input[data-select-on-focus]')) {
  input.addEventListener('focus', () => input.select());
}
`;

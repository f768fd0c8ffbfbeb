// The stylesheet of the public pages, served from /assets/pay.css so the CSP can forbid
// inline styles. Mobile first: the amount and Pay now come before any detail.
export const payStylesheet = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;background:#f3f5f8}
.test-banner{background:#ffd43b;color:#3d2e00;text-align:center;font-weight:700;padding:.5rem;letter-spacing:.02em}
.wrap{max-width:40rem;margin:0 auto;padding:1rem}
header{padding:.25rem 0 .75rem}
.creditor{font-weight:700;font-size:1.1rem}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:1.25rem;margin-bottom:1rem}
.label{color:#5b6675;font-size:.9rem}
.amount{font-size:2rem;font-weight:800;margin:.1rem 0 .25rem;font-variant-numeric:tabular-nums}
.meta{color:#5b6675;margin:0 0 1rem}
h1{font-size:1.05rem;margin:0 0 .25rem}
h2{font-size:1.2rem;margin:1rem 0 .5rem}
.pay-buttons{display:grid;gap:.6rem}
.pay-button{display:block;width:100%;min-height:3.25rem;border:0;border-radius:10px;font-size:1.1rem;font-weight:700;
  cursor:pointer;background:#0b5cd7;color:#fff}
.pay-button.twint{background:#000}.pay-button.postfinance{background:#ffcc00;color:#000}
.pay-button.invoice{background:#fff;color:#0b5cd7;border:2px solid #0b5cd7}
.pay-button:focus-visible{outline:3px solid #ffb700;outline-offset:2px}
.status-paid{background:#e6f6ec;color:#0f5b2a;border-radius:10px;padding:1rem;font-weight:700}
.notice{background:#eef2f7;border-radius:10px;padding:.75rem 1rem}
.notice>p{margin:0}
.bank-details{margin:.25rem 0 0}
.bank-details dt{color:#5b6675;font-size:.9rem;margin-top:.5rem}
.bank-details dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{text-align:left;padding:.4rem .25rem;border-bottom:1px solid #e3e7ed;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
tr.total td{font-weight:800;border-bottom:0}
.pdf{display:inline-block;margin-top:.75rem;color:#0b5cd7;font-weight:600}
footer{color:#5b6675;font-size:.9rem;text-align:center;padding:1rem 0 2rem}
footer a{color:#0b5cd7;margin:0 .35rem}
footer a[aria-current]{font-weight:700;color:#1c2430;text-decoration:none}
.line-meta{color:#5b6675;font-size:.85rem}
.reference{white-space:nowrap;font-variant-numeric:tabular-nums;color:#1c2430}
`;

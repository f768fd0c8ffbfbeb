// What the simulated payment pages share: the phone-sized frame with a banner saying no
// money moves, and the outcome buttons the payer (or a test) picks from.

export function SandboxPage({ title, banner, bannerStyle, children }: { title: string; banner: string; bannerStyle: string; children: unknown }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style="font-family:system-ui,sans-serif;max-width:28rem;margin:0 auto;padding:1rem;background:#f4f4f4">
        <div style={`${bannerStyle};padding:.5rem;text-align:center;font-weight:bold`}>{banner}</div>
        {children}
      </body>
    </html>
  );
}

export function OutcomeButtons({ outcomes }: { outcomes: Readonly<Record<string, string>> }) {
  return (
    <>
      {Object.entries(outcomes).map(([outcome, label]) => (
        <button type="submit" name="outcome" value={outcome} style="display:block;width:100%;margin:.4rem 0;padding:.8rem;font-size:1rem">
          {label}
        </button>
      ))}
    </>
  );
}

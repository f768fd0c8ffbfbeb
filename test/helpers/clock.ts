// Clocks for tests that count within the rate limits' fixed windows.

const tenMinutes = 10 * 60_000;

/**
 * Real time, moved on into the next ten-minute window when less than five minutes of the
 * current one are left, so a test's counts never straddle a window's end and its windows
 * end well after real time (a prune in a test running beside it leaves them alone);
 * `windowsAhead` moves it further, into windows no other run of the suite has counted in
 * (for keys a test cannot make unique, such as the loopback address of a real socket).
 * `advance` moves it on.
 */
export function windowClock(windowsAhead = 0) {
  const started = Date.now();
  const left = tenMinutes - (started % tenMinutes);
  let shift = (left < tenMinutes / 2 ? left + 60_000 : 0) + windowsAhead * tenMinutes;
  return {
    now: () => new Date(Date.now() + shift),
    advance(ms: number) {
      shift += ms;
    },
  };
}

/** A test's own client address (a random IPv6 /64), unknown to every other test and run. */
export function randomClientAddress(): string {
  const group = () => Math.floor(Math.random() * 0x10000).toString(16);
  return `2001:db8:${group()}:${group()}::7`;
}

// An automatic booking (a bank payment, a payout) dated in a closed period is booked on the
// first open day, and its text names the original date: the money is not lost and the
// closed books stay as they were reported.
import dayjs from 'dayjs';

export function openBookingDate(date: string, closedUntil: string | null): { date: string; note: string } {
  if (!closedUntil || date > closedUntil) return { date, note: '' };
  const moved = dayjs(closedUntil).add(1, 'day').format('YYYY-MM-DD');
  return { date: moved, note: ` (dated ${date}; booked on ${moved}, the books being closed up to ${closedUntil})` };
}

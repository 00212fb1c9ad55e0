/**
 * Float conversion that matches upstream bit for bit: a float of the mantissa times Go's
 * table-driven math.Pow10, which is not always the same double as `10 ** n` in JavaScript.
 */

const tab: number[] = [];
const posTab32: number[] = [];
const negTab32: number[] = [];
for (let i = 0; i < 32; i++) tab.push(Number(`1e${i}`));
for (let i = 0; i < 10; i++) {
  posTab32.push(Number(`1e${i * 32}`));
  negTab32.push(Number(`1e-${i * 32}`));
}
negTab32.push(Number('1e-320'));

/** 10^n as Go's math.Pow10 computes it: exact table products, 0 below -323, +Inf above 308. */
export function goPow10(n: number): number {
  if (n >= 0 && n <= 308) return (posTab32[Math.trunc(n / 32)] as number) * (tab[n % 32] as number);
  if (n >= -323 && n <= 0) return (negTab32[Math.trunc(-n / 32)] as number) / (tab[-n % 32] as number);
  return n > 0 ? Number.POSITIVE_INFINITY : 0;
}

/** float64(mantissa) * Pow10(scale), the way upstream approximates a quantity. */
export function approximateFloat(mantissa: bigint, scale: number): number {
  const base = Number(mantissa);
  return scale === 0 ? base : base * goPow10(scale);
}

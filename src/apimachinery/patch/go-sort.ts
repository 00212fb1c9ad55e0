/**
 * Go's sort algorithms, reproduced because upstream's strategic merge patch sorts
 * with comparators that are not strict weak orders: the resulting element order
 * depends on the algorithm, and clients observe it.
 */

/** `less(a, b)` over elements; may be inconsistent (upstream's comparators are). */
export type Less<T> = (a: T, b: T) => boolean;

function insertionSort<T>(data: T[], a: number, b: number, less: Less<T>): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && less(data[j] as T, data[j - 1] as T); j--) swap(data, j, j - 1);
  }
}

function swap<T>(data: T[], i: number, j: number): void {
  const t = data[i] as T;
  data[i] = data[j] as T;
  data[j] = t;
}

function swapRange<T>(data: T[], a: number, b: number, n: number): void {
  for (let i = 0; i < n; i++) swap(data, a + i, b + i);
}

function rotate<T>(data: T[], a: number, m: number, b: number): void {
  let i = m - a;
  let j = b - m;
  while (i !== j) {
    if (i > j) {
      swapRange(data, m - i, m, j);
      i -= j;
    } else {
      swapRange(data, m - i, m + j - i, i);
      j -= i;
    }
  }
  swapRange(data, m - i, m, i);
}

function symMerge<T>(data: T[], a: number, m: number, b: number, less: Less<T>): void {
  const lessAt = (i: number, j: number) => less(data[i] as T, data[j] as T);
  if (m - a === 1) {
    let i = m;
    let j = b;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (lessAt(h, a)) i = h + 1;
      else j = h;
    }
    for (let k = a; k < i - 1; k++) swap(data, k, k + 1);
    return;
  }
  if (b - m === 1) {
    let i = a;
    let j = m;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (!lessAt(m, h)) i = h + 1;
      else j = h;
    }
    for (let k = m; k > i; k--) swap(data, k, k - 1);
    return;
  }
  const mid = (a + b) >>> 1;
  const n = mid + m;
  let start: number;
  let r: number;
  if (m > mid) {
    start = n - b;
    r = mid;
  } else {
    start = a;
    r = m;
  }
  const p = n - 1;
  while (start < r) {
    const c = (start + r) >>> 1;
    if (!lessAt(p - c, c)) start = c + 1;
    else r = c;
  }
  const end = n - start;
  if (start < m && m < end) rotate(data, start, m, end);
  if (a < start && start < mid) symMerge(data, a, start, mid, less);
  if (mid < end && end < b) symMerge(data, mid, end, b, less);
}

/** Go's `sort.SliceStable`. Sorts `data` in place and returns it. */
export function goStableSort<T>(data: T[], less: Less<T>): T[] {
  const n = data.length;
  let blockSize = 20;
  let a = 0;
  let b = blockSize;
  while (b <= n) {
    insertionSort(data, a, b, less);
    a = b;
    b += blockSize;
  }
  insertionSort(data, a, n, less);
  while (blockSize < n) {
    a = 0;
    b = 2 * blockSize;
    while (b <= n) {
      symMerge(data, a, a + blockSize, b, less);
      a = b;
      b += 2 * blockSize;
    }
    const m = a + blockSize;
    if (m < n) symMerge(data, a, m, n, less);
    blockSize *= 2;
  }
  return data;
}

/**
 * Go's `sort.Sort` for the sizes patches have: pdqsort runs insertion sort up to
 * 12 elements, which is what decides the order of equal elements; longer inputs
 * fall back to the stable sort (equal elements then keep their order). In place.
 */
export function goSort<T>(data: T[], less: Less<T>): T[] {
  if (data.length <= 12) {
    insertionSort(data, 0, data.length, less);
    return data;
  }
  return goStableSort(data, (x, y) => less(x, y) && !less(y, x));
}

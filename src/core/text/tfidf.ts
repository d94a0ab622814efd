import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import type { Csr } from '../models/csr.js';

const STOPWORDS = new Set<string>(eng);

/**
 * English words of a text as index terms: accents folded, lowercased, split on anything that is
 * not a letter or a digit, stopwords (the `stopword` package's list) and one-letter tokens
 * dropped, Porter-stemmed (`stemmer`), so 'Discovers' and 'discovering' are one term.
 */
export function tokenize(text: string | null | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const word of text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    out.push(stemmer(word));
  }
  return out;
}

/** One field of a document set: its terms per document, and its weight in the combined vector. */
export interface TfidfField {
  name: string;
  /** terms of document d (repeats count as term frequency) */
  terms: (d: number) => readonly string[];
  weight: number;
  /** terms in more than this fraction of the documents are dropped (sklearn's max_df); default 1 */
  maxDf?: number;
  /** terms in fewer documents are dropped (sklearn's min_df); default 1 */
  minDf?: number;
}

export interface TfidfMatrix {
  /** documents × terms, each row the weighted concatenation of its unit-length field vectors */
  docTerms: Csr;
  /** term id → 'field:term' */
  terms: string[];
  /** term id → idf */
  idf: number[];
  /** terms kept per field, and dropped by min/max df */
  fields: { name: string; kept: number; droppedRare: number; droppedCommon: number }[];
}

/**
 * TF-IDF over several fields (after sklearn's TfidfVectorizer with sublinear_tf and smooth_idf,
 * one vocabulary per field): tf = 1 + ln(count), idf = 1 + ln((1 + N) / (1 + df)); each field's
 * vector is scaled to unit length and multiplied by the field's weight, so a long overview cannot
 * drown a shared director and the weights say how much each field counts in a cosine.
 */
export function weightedTfidf(nDocs: number, fields: TfidfField[]): TfidfMatrix {
  const terms: string[] = [];
  const idf: number[] = [];
  const report: TfidfMatrix['fields'] = [];
  // per field: term → id (global), idf; documents' (term, tf) lists are built in a second pass
  const vocab = fields.map((field) => {
    const df = new Map<string, number>();
    for (let d = 0; d < nDocs; d++) for (const t of new Set(field.terms(d))) df.set(t, (df.get(t) ?? 0) + 1);
    const ids = new Map<string, number>();
    let droppedRare = 0;
    let droppedCommon = 0;
    for (const [t, n] of [...df].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      if (n < (field.minDf ?? 1)) droppedRare++;
      else if (n > (field.maxDf ?? 1) * nDocs) droppedCommon++;
      else {
        ids.set(t, terms.length);
        idf.push(1 + Math.log((1 + nDocs) / (1 + n)));
        terms.push(`${field.name}:${t}`);
      }
    }
    report.push({ name: field.name, kept: ids.size, droppedRare, droppedCommon });
    return ids;
  });

  const indptr = new Int32Array(nDocs + 1);
  let indices = new Int32Array(1 << 16);
  let values = new Float32Array(1 << 16);
  let used = 0;
  const counts = new Map<number, number>();
  for (let d = 0; d < nDocs; d++) {
    fields.forEach((field, f) => {
      counts.clear();
      for (const t of field.terms(d)) {
        const id = vocab[f].get(t);
        if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      if (!counts.size) return;
      const ids = [...counts.keys()].sort((a, b) => a - b);
      const w = ids.map((id) => (1 + Math.log(counts.get(id)!)) * idf[id]);
      const norm = Math.sqrt(w.reduce((s, x) => s + x * x, 0));
      if (used + ids.length > indices.length) {
        const size = Math.max(indices.length * 2, used + ids.length);
        indices = grow(indices, new Int32Array(size));
        values = grow(values, new Float32Array(size));
      }
      ids.forEach((id, k) => {
        indices[used] = id;
        values[used++] = (field.weight * w[k]) / norm;
      });
    });
    indptr[d + 1] = used;
  }
  return { docTerms: { nRows: nDocs, nCols: terms.length, indptr, indices: indices.slice(0, used), values: values.slice(0, used) }, terms, idf, fields: report };
}

function grow<T extends Int32Array | Float32Array>(a: T, bigger: T): T {
  bigger.set(a);
  return bigger;
}

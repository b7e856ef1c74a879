import type { clinicalPtBR } from './clinical.pt-BR.ts';

type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every language's clinical words must have (a missing key is a type error). */
export type ClinicalMessages = Widen<typeof clinicalPtBR>;

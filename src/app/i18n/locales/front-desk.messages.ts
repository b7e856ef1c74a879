import type { frontDeskPtBR } from './front-desk.pt-BR.ts';

type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every language's billing and stock words must have (a missing key is a type error). */
export type FrontDeskMessages = Widen<typeof frontDeskPtBR>;

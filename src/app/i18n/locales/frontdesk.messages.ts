import type { frontDeskPtBR } from './frontdesk.pt-BR.ts';

type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every language's front desk words must have (a missing key is a type error). */
export type FrontDeskMessages = Widen<typeof frontDeskPtBR>;

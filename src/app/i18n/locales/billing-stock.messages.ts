import type { billingStockPtBR } from './billing-stock.pt-BR.ts';

type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every language's billing and stock words must have (a missing key is a type error). */
export type BillingStockMessages = Widen<typeof billingStockPtBR>;

import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * How many password guesses and token requests the server takes before it answers 429 with
 * `Retry-After`, as GoTrue's rate limits do (`over_request_rate_limit`). Counted in memory, per
 * server process: a restart forgets them, which is fine for limits measured in minutes.
 */
export interface AuthLimits {
  /** Wrong passwords (sign-in or password change) from one address per `ipWindowSeconds`. */
  readonly failuresPerIp: number;
  readonly ipWindowSeconds: number;
  /** Wrong passwords for one account, from any address, per `accountWindowSeconds`. */
  readonly failuresPerAccount: number;
  readonly accountWindowSeconds: number;
  /** Token requests (sign-in and refresh, right or wrong) from one address per `ipWindowSeconds`. */
  readonly requestsPerIp: number;
}

/**
 * GoTrue allows 30 sign-ins per 5 minutes per address (`sign_in_sign_ups`) and 150 refreshes;
 * here only wrong passwords count against the 30, so a clinic's devices behind one address can
 * sign in freely while a guesser cannot. Ten wrong passwords lock one account for 15 minutes
 * wherever they come from: guessing a password by spreading over addresses gets no further.
 */
export const defaultAuthLimits: AuthLimits = {
  failuresPerIp: 30,
  ipWindowSeconds: 5 * 60,
  failuresPerAccount: 10,
  accountWindowSeconds: 15 * 60,
  requestsPerIp: 300,
};

export type LimitCheck =
  { readonly kind: 'allowed' } | { readonly kind: 'limited'; readonly retryAfterSeconds: number };

const allowed: LimitCheck = { kind: 'allowed' };

export class SignInLimits {
  readonly #failuresByIp: RateLimiterMemory;
  readonly #failuresByAccount: RateLimiterMemory;
  readonly #requestsByIp: RateLimiterMemory;

  constructor(limits: AuthLimits = defaultAuthLimits) {
    this.#failuresByIp = new RateLimiterMemory({
      keyPrefix: 'auth-fail-ip',
      points: limits.failuresPerIp,
      duration: limits.ipWindowSeconds,
    });
    this.#failuresByAccount = new RateLimiterMemory({
      keyPrefix: 'auth-fail-account',
      points: limits.failuresPerAccount,
      duration: limits.accountWindowSeconds,
    });
    this.#requestsByIp = new RateLimiterMemory({
      keyPrefix: 'auth-token-ip',
      points: limits.requestsPerIp,
      duration: limits.ipWindowSeconds,
    });
  }

  /** Counts one token request from `ip`; limited once the address has used up its requests. */
  async request(ip: string): Promise<LimitCheck> {
    try {
      await this.#requestsByIp.consume(ip);
      return allowed;
    } catch (rejected) {
      return limitedBy(rejected);
    }
  }

  /** Whether a password may be checked now for `account` from `ip` (nothing is counted). */
  async mayTry(ip: string, account: string): Promise<LimitCheck> {
    const [byIp, byAccount] = await Promise.all([
      this.#failuresByIp.get(ip),
      this.#failuresByAccount.get(accountKey(account)),
    ]);
    const waits = [
      exhausted(byIp, this.#failuresByIp.points),
      exhausted(byAccount, this.#failuresByAccount.points),
    ].filter((wait): wait is number => wait !== undefined);
    return waits.length === 0 ? allowed : { kind: 'limited', retryAfterSeconds: Math.max(...waits) };
  }

  async failed(ip: string, account: string): Promise<void> {
    await Promise.all([this.#failuresByIp.penalty(ip), this.#failuresByAccount.penalty(accountKey(account))]);
  }

  /** The right password: the account's count starts again (its owner mistyped, then got it). */
  async succeeded(account: string): Promise<void> {
    await this.#failuresByAccount.delete(accountKey(account));
  }
}

function accountKey(account: string): string {
  return account.trim().toLowerCase();
}

function exhausted(res: RateLimiterRes | null, points: number): number | undefined {
  if (!res || res.consumedPoints < points) return undefined;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

function limitedBy(rejected: unknown): LimitCheck {
  if (rejected instanceof RateLimiterRes)
    return { kind: 'limited', retryAfterSeconds: Math.max(1, Math.ceil(rejected.msBeforeNext / 1000)) };
  throw rejected;
}

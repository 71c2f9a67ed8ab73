/** Who a request comes from, as the Kubernetes API server authenticated their token (TokenReview's user). */
export interface Identity {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
  /** How changes name the caller on Events, operations and log lines. */
  display: string;
}

/** The caller when authentication is off (`--auth none`): said as such, never guessed from an address. */
export const AUTH_DISABLED: Identity = { username: 'anonymous', groups: [], display: 'anonymous (auth disabled)' };

export function identityOf(user: { username: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> }): Identity {
  return {
    username: user.username,
    ...(user.uid !== undefined ? { uid: user.uid } : {}),
    groups: user.groups ?? [],
    ...(user.extra !== undefined ? { extra: user.extra } : {}),
    display: user.username,
  };
}

// The console's client of the Cognito user pool (docs/CONSOLE.md, "Signing in"). It speaks Cognito's
// own JSON API (X-Amz-Target: AWSCognitoIdentityProviderService.<Action>) to the URL `/config.json`
// names: Cognito's regional endpoint in AWS, the local runner's same-origin /cognito/ path on the
// emulator. Passwords go in these requests only, never to a Rewind function.

export interface CognitoConfig {
  url: string;
  clientId: string;
}

/** Tokens of one sign-in. `expiresAt` is when the id and access tokens expire (epoch ms). */
export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

export class CognitoError extends Error {
  constructor(
    /** Cognito's error type without its namespace: NotAuthorizedException, UsernameExistsException… */
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

let config: Promise<CognitoConfig | null> | null = null;

/** The user pool's app client, or null where there is none (then only api keys sign in). */
export function cognitoConfig(): Promise<CognitoConfig | null> {
  if (!config) {
    config = fetch('/config.json', { credentials: 'omit' })
      .then((r) => (r.ok ? (r.json() as Promise<{ cognito?: Partial<CognitoConfig> }>) : {}))
      .then((body: { cognito?: Partial<CognitoConfig> }) =>
        body?.cognito?.url && body.cognito.clientId ? (body.cognito as CognitoConfig) : null,
      )
      .catch(() => null);
  }
  return config;
}

/** One action; the app client's id goes with every action but GlobalSignOut, which names none. */
async function call<T>(action: string, body: Record<string, unknown>): Promise<T> {
  const pool = await cognitoConfig();
  if (!pool) throw new CognitoError('NoUserPool', 'This Rewind has no user pool; sign in with an api key.');
  let response: Response;
  try {
    response = await fetch(pool.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.' + action },
      body: JSON.stringify(action === 'GlobalSignOut' ? body : { ClientId: pool.clientId, ...body }),
      credentials: 'omit',
    });
  } catch {
    throw new CognitoError('NetworkError', 'The sign-in service cannot be reached. Check your connection and try again.');
  }
  const text = await response.text();
  let parsed: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    // not JSON: the generic message below
  }
  if (!response.ok) {
    const type =
      String(parsed?.__type || parsed?.error?.code || 'http_' + response.status)
        .split('#')
        .pop() || 'Unknown';
    throw new CognitoError(type, friendly(type, parsed?.message || parsed?.Message || parsed?.error?.message));
  }
  return (parsed || {}) as T;
}

/** Cognito's messages are written for developers; the usual ones get a sentence for people. */
function friendly(type: string, message: string | undefined): string {
  switch (type) {
    case 'NotAuthorizedException':
      return 'The email or password is wrong.';
    case 'UserNotFoundException':
      return 'The email or password is wrong.';
    case 'UsernameExistsException':
      return 'An account with this email already exists. Sign in instead.';
    case 'InvalidPasswordException':
      return 'Choose a longer password: at least 12 characters with upper and lower case letters and a digit.';
    case 'CodeMismatchException':
    case 'ExpiredCodeException':
      return 'The code is wrong or has expired. Ask for a new one.';
    case 'LimitExceededException':
    case 'TooManyRequestsException':
      return 'Too many attempts. Wait a few minutes and try again.';
    default:
      return message || 'The sign-in service answered with an error (' + type + ').';
  }
}

interface AuthResult {
  AuthenticationResult?: { IdToken: string; AccessToken: string; RefreshToken?: string; ExpiresIn: number };
  ChallengeName?: string;
}

function tokens(result: AuthResult, refreshToken?: string): Tokens {
  const auth = result.AuthenticationResult;
  if (!auth) {
    throw new CognitoError(
      result.ChallengeName || 'NoTokens',
      'This account needs a step the console does not offer yet (' + (result.ChallengeName || 'unknown') + ').',
    );
  }
  return {
    idToken: auth.IdToken,
    accessToken: auth.AccessToken,
    refreshToken: auth.RefreshToken || refreshToken || '',
    expiresAt: Date.now() + auth.ExpiresIn * 1000,
  };
}

export const cognito = {
  /** Creates the user; `confirmed` is false when Cognito has emailed a code for confirmSignUp. */
  signUp: async (email: string, password: string): Promise<{ confirmed: boolean }> => {
    const result = await call<{ UserConfirmed?: boolean }>('SignUp', {
      Username: email,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: email }],
    });
    return { confirmed: result.UserConfirmed === true };
  },
  confirmSignUp: (email: string, code: string) => call<void>('ConfirmSignUp', { Username: email, ConfirmationCode: code }),
  signIn: async (email: string, password: string): Promise<Tokens> =>
    tokens(
      await call<AuthResult>('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }),
    ),
  refresh: async (refreshToken: string): Promise<Tokens> =>
    tokens(
      await call<AuthResult>('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }),
      refreshToken,
    ),
  /**
   * Ends the sign-in: RevokeToken revokes the refresh token (and the tokens it issued). The emulator has
   * no RevokeToken, so when it is refused GlobalSignOut with the access token does the same there.
   */
  signOut: async (session: Tokens): Promise<void> => {
    try {
      await call<void>('RevokeToken', { Token: session.refreshToken });
    } catch {
      await call<void>('GlobalSignOut', { AccessToken: session.accessToken }).catch(() => {});
    }
  },
  forgotPassword: (email: string) => call<void>('ForgotPassword', { Username: email }),
  confirmForgotPassword: (email: string, code: string, password: string) =>
    call<void>('ConfirmForgotPassword', { Username: email, ConfirmationCode: code, Password: password }),
};

/**
 * The Cognito user pool that the load balancer signs users in with: email addresses as user
 * names, self sign-up with email verification, optional TOTP MFA, and the classic hosted UI.
 */
import { Construct } from 'constructs';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool/index.js';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client/index.js';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain/index.js';
import { Id } from '@cdktf/provider-random/lib/id/index.js';
import { CALLBACK_PATH } from '../../web/src/access-rules.js';

export const OAUTH_SCOPES = ['openid', 'email', 'profile'];

export interface AuthProps {
  appName: string;
  region: string;
  /**
   * The public host name of the app in lower case, because the load balancer sends it so and
   * Cognito compares callback URLs exactly. It may be a token that resolves at apply time.
   */
  host: string;
}

export class Auth extends Construct {
  readonly userPool: CognitoUserPool;
  readonly client: CognitoUserPoolClient;
  readonly domain: CognitoUserPoolDomain;
  /** The `iss` claim of this pool's tokens. */
  readonly issuer: string;
  /** The base URL of the hosted sign-in and `/logout` pages. */
  readonly domainUrl: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = this.createUserPool(props.appName);
    this.domain = this.createDomain(props.appName);
    this.client = this.createClient(props);
    this.issuer = `https://${this.userPool.endpoint}`;
    this.domainUrl = `https://${this.domain.domain}.auth.${props.region}.amazoncognito.com`;
  }

  private createUserPool(appName: string): CognitoUserPool {
    return new CognitoUserPool(this, 'user-pool', {
      name: appName,
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      adminCreateUserConfig: { allowAdminCreateUserOnly: false },
      accountRecoverySetting: {
        recoveryMechanism: [{ name: 'verified_email', priority: 1 }],
      },
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 3,
      },
      mfaConfiguration: 'OPTIONAL',
      softwareTokenMfaConfiguration: { enabled: true },
      // Cognito's own mailer sends a limited number of messages a day, enough for a trial.
      emailConfiguration: { emailSendingAccount: 'COGNITO_DEFAULT' },
    });
  }

  // Domain prefixes are unique per region across all accounts, so a random suffix avoids clashes.
  private createDomain(appName: string): CognitoUserPoolDomain {
    const suffix = new Id(this, 'domain-suffix', { byteLength: 4 });
    return new CognitoUserPoolDomain(this, 'domain', {
      domain: `${appName}-${suffix.hex}`,
      userPoolId: this.userPool.id,
      // Version 1 is the classic hosted UI; version 2 (managed login) needs a branding resource.
      managedLoginVersion: 1,
    });
  }

  private createClient(props: AuthProps): CognitoUserPoolClient {
    const host = props.host;
    return new CognitoUserPoolClient(this, 'client', {
      name: props.appName,
      userPoolId: this.userPool.id,
      // The load balancer is a confidential client: it redeems the code with this secret.
      generateSecret: true,
      allowedOauthFlows: ['code'],
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthScopes: OAUTH_SCOPES,
      supportedIdentityProviders: ['COGNITO'],
      callbackUrls: [`https://${host}${CALLBACK_PATH}`],
      logoutUrls: [`https://${host}/`],
      preventUserExistenceErrors: 'ENABLED',
    });
  }
}

// A real OpenID Connect provider for motcua's tests: npm oidc-provider 9 on 127.0.0.1.
//
// It stands in for VNeID or the national portal's SSO (domain.md §5.3): authorization code flow with PKCE
// required, one confidential client, userinfo claims named as the national portal names them, and the
// level of assurance in the ID token's `acr`. The login page is oidc-provider's development page
// (devInteractions): enter an account id below and any password. The client is first-party, so no
// consent page is shown (as on the national SSO).
//
// Environment:
//   OIDC_PORT                       port to listen on (required)
//   OIDC_REDIRECT_URI               the client's redirect URI (required)
//   OIDC_POST_LOGOUT_REDIRECT_URI   where the provider may send the browser back after logout (optional)
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET   the client's credentials (default motcua / motcua-test-secret)
//   OIDC_ACR                        the level of assurance every login gets (default LoA2)
//   OIDC_ACCOUNTS                   JSON {accountId: {claims…}} added to (or replacing) the test accounts
//
// Prints "listening <issuer>" on stdout when ready.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const redirectUri = process.env.OIDC_REDIRECT_URI;
if (!port || !redirectUri) {
  console.error('OIDC_PORT and OIDC_REDIRECT_URI are required');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const acr = process.env.OIDC_ACR || 'LoA2';

// Userinfo of a citizen as the national portal returns it (LoaiTaiKhoan 1 = citizen).
const accounts = {
  congdan: {
    LoaiTaiKhoan: 1,
    SoDinhDanh: '001090012345',
    HoVaTen: 'Nguyễn Văn An',
    NgayThangNamSinh: '1990-05-17',
    SoDienThoai: '0912345000',
    ThuDienTu: 'an.nguyen@example.vn',
    GioiTinh: 'Nam',
    TechID: 'tech-0001',
    loAs: acr,
  },
  ...JSON.parse(process.env.OIDC_ACCOUNTS || '{}'),
};
const profileClaims = [...new Set(Object.values(accounts).flatMap((claims) => Object.keys(claims)))];

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID || 'motcua',
    client_secret: process.env.OIDC_CLIENT_SECRET || 'motcua-test-secret',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: process.env.OIDC_POST_LOGOUT_REDIRECT_URI
      ? [process.env.OIDC_POST_LOGOUT_REDIRECT_URI] : [],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  acrValues: ['LoA1', 'LoA2', 'LoA3'],
  claims: { openid: ['sub'], profile: profileClaims, acr: null },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) };
  },
  async loadExistingGrant(ctx) {
    // First-party client: grant the requested scopes without a consent page.
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
    grant.addOIDCClaims(['acr']);
    await grant.save();
    return grant;
  },
});

// devInteractions' login form does not say how the user authenticated: finish the login here with the
// configured level of assurance. Unknown accounts are sent back to the login page.
provider.use(async (ctx, next) => {
  const match = ctx.method === 'POST' && ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (!match) return next();
  const body = new URLSearchParams(await new Promise((resolve) => {
    let data = '';
    ctx.req.on('data', (chunk) => { data += chunk; });
    ctx.req.on('end', () => resolve(data));
  }));
  if (body.get('prompt') !== 'login') {
    ctx.status = 400;
    return undefined;
  }
  const accountId = body.get('login') || '';
  if (!Object.hasOwn(accounts, accountId)) {
    ctx.redirect(ctx.path);
    return undefined;
  }
  await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId, acr } }, { mergeWithLastSubmission: false });
  ctx.respond = false;
  return undefined;
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});

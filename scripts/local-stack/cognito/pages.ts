/**
 * HTML for the stand-in Cognito's hosted pages: sign-in, sign-up and the error page. Plain forms
 * with inline CSS and no scripts or external assets, readable from phone to desktop widths.
 */

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f2f3f3;color:#16191f}
main{max-width:24rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.5rem;margin:0 0 .25rem}
.note{color:#545b64;font-size:.875rem;margin:0 0 1rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{width:100%;padding:.6rem;font-size:1rem;border:1px solid #879596;border-radius:4px}
button{width:100%;margin-top:1.25rem;padding:.7rem;font-size:1rem;font-weight:600;color:#fff;background:#0972d3;border:0;border-radius:4px;cursor:pointer}
.error{padding:.6rem .75rem;border-left:4px solid #d91515;background:#fff7f7;margin:.75rem 0}
.switch{margin:1.25rem 0 0;text-align:center}
a{color:#0972d3}
@media (max-width:26rem){main{max-width:none;margin:0;min-height:100vh;border-radius:0;box-shadow:none}}
`;

export interface FormPage {
  uid: string;
  email?: string;
  error?: string;
}

export function signInPage(page: FormPage): string {
  return layout(
    'Sign in',
    `<h1>Sign in</h1>
<p class="note">Local stand-in for the Amazon Cognito hosted UI.</p>
${errorBox(page.error)}
<form method="post" action="/interaction/${escapeHtml(page.uid)}/login">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(page.email ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<p class="switch">Need an account? <a href="/interaction/${escapeHtml(page.uid)}/signup">Sign up</a></p>`,
  );
}

export function signUpPage(page: FormPage & { passwordRules: string }): string {
  return layout(
    'Sign up',
    `<h1>Sign up</h1>
<p class="note">Local stand-in for the Amazon Cognito hosted UI. The account is stored on this machine only.</p>
${errorBox(page.error)}
<form method="post" action="/interaction/${escapeHtml(page.uid)}/signup">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(page.email ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="rules">
<p class="note" id="rules">${escapeHtml(page.passwordRules)}</p>
<button type="submit">Sign up</button>
</form>
<p class="switch">Already have an account? <a href="/interaction/${escapeHtml(page.uid)}">Sign in</a></p>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

function errorBox(error: string | undefined): string {
  return error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

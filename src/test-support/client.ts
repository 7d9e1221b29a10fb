/**
 * A browser-like client over app.inject: it keeps cookies, fetches a CSRF token before each form
 * post, and reads the few things tests look at in a GOV.UK page.
 *
 *   const coordinator = await signInAs(app, 'coordinator@northbridge.example');
 *   const page = await coordinator.post('/admin/areas', { name: '', code: '' });
 *   assert.equal(page.status, 400);
 *   assert.deepEqual(page.errors, ['Enter the name of the area', '…']);
 */
import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD } from '../modules/demo/people.ts';
import { SESSION_COOKIE } from '../platform/http/app.ts';

export { SESSION_COOKIE };
export const CSRF_COOKIE = 'lantern_csrf';

export type Form = Record<string, string | string[]>;

/** A cookie as the server set it, with its attributes. */
export interface SetCookie {
  name: string;
  value: string;
  expires?: Date;
  maxAge?: number;
  path?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
}

export interface Page {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  /** Where a redirect points; undefined when the response is not a redirect. */
  location: string | undefined;
  /** Cookies set by this response. */
  cookies: SetCookie[];
  /** The text of <title>, e.g. "Error: Sign in – Lantern". */
  title: string;
  /** The text of the first <h1>. */
  h1: string;
  /** The messages in the GOV.UK error summary, in page order; empty when there is none. */
  errors: string[];
  /** Everything a person would read: tags removed, entities decoded, white space collapsed. */
  text: string;
  /** The value of the first <input> with this name (e.g. the hidden `_csrf`). */
  input(name: string): string | undefined;
  json<T = Record<string, unknown>>(): T;
}

let addressCounter = 0;
/** Each client gets its own address, as different people would, so per-address limits do not collide. */
function nextAddress(): string {
  addressCounter += 1;
  return `10.0.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}

export class TestClient {
  /** The cookie jar: name → value. Tests may plant or remove cookies directly. */
  readonly cookies = new Map<string, string>();

  constructor(
    readonly app: FastifyInstance,
    readonly ip: string = nextAddress(),
  ) {}

  get sessionToken(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }

  async request(method: 'GET' | 'POST', url: string, options: { form?: Form; payload?: string; headers?: Record<string, string> } = {}): Promise<Page> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let payload = options.payload;
    if (options.form) {
      payload = encodeForm(options.form);
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await this.app.inject({ method, url, headers, payload, remoteAddress: this.ip });
    const cookies = response.cookies as SetCookie[];
    for (const cookie of cookies) {
      const removed = cookie.value === '' || cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now());
      if (removed) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return toPage(response.statusCode, response.headers, response.body, cookies);
  }

  get(url: string, headers?: Record<string, string>): Promise<Page> {
    return this.request('GET', url, { headers });
  }

  /**
   * Posts a form the way a browser would: first fetches a fresh CSRF token from `csrfFrom` (by
   * default the account page when signed in, else the sign-in page), then sends it as `_csrf`.
   * `csrf: null` sends no token; a string sends that token instead (to test refusal).
   */
  async post(url: string, form: Form = {}, options: { csrfFrom?: string; csrf?: string | null } = {}): Promise<Page> {
    const token = options.csrf === undefined ? await this.csrfToken(options.csrfFrom) : options.csrf;
    return this.request('POST', url, { form: token === null ? form : { ...form, _csrf: token } });
  }

  /** A CSRF token from a page's hidden `_csrf` field, following redirects (e.g. to sign in). */
  async csrfToken(from?: string): Promise<string> {
    // The account page, not the home page: any page's sign-out form carries the token, and the
    // home page's worklists would be counted again for every form a test posts.
    let url = from ?? (this.sessionToken ? '/account' : '/sign-in');
    for (let hops = 0; hops < 4; hops++) {
      const page = await this.get(url);
      const token = page.input('_csrf');
      if (token) return token;
      if (!page.location) throw new Error(`No CSRF token on ${url} (status ${page.status})`);
      url = page.location;
    }
    throw new Error(`Too many redirects looking for a CSRF token from ${from}`);
  }

  /** Follows a 303 (after a form post) and returns the page it leads to. */
  follow(page: Page): Promise<Page> {
    if (page.status !== 303 || !page.location) throw new Error(`Expected a redirect, got ${page.status}`);
    return this.get(page.location);
  }

  /** Submits the sign-in form; returns the response (a 303 on success, the form again on failure). */
  signIn(email: string, password: string = DEMO_PASSWORD, returnTo?: string): Promise<Page> {
    return this.post('/sign-in', { email, password, ...(returnTo ? { returnTo } : {}) }, { csrfFrom: '/sign-in' });
  }

  /** Presses "Sign out" in the header. */
  signOut(): Promise<Page> {
    return this.post('/sign-out');
  }
}

/** A new client signed in as `email` (a demo user unless a password is given); throws if sign-in fails. */
export async function signInAs(app: FastifyInstance, email: string, options: { password?: string; ip?: string } = {}): Promise<TestClient> {
  const client = new TestClient(app, options.ip);
  const page = await client.signIn(email, options.password ?? DEMO_PASSWORD);
  if (page.status !== 303 || !client.sessionToken) {
    throw new Error(`Could not sign in as ${email}: status ${page.status}${page.errors.length ? `, ${page.errors.join('; ')}` : ''}`);
  }
  return client;
}

export function encodeForm(form: Form): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  }
  return params.toString();
}

// ---------------------------------------------------------------------------------------------
// Just enough HTML reading for server-rendered GOV.UK pages (no parser dependency).

function toPage(status: number, headers: Page['headers'], body: string, cookies: SetCookie[]): Page {
  const location = typeof headers.location === 'string' ? headers.location : undefined;
  return {
    status,
    headers,
    body,
    location,
    cookies,
    title: textOf(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1] ?? ''),
    h1: textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(body)?.[1] ?? ''),
    errors: errorSummary(body),
    get text() {
      return textOf(body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ''));
    },
    input: (name) => inputValue(body, name),
    json: <T>() => JSON.parse(body) as T,
  };
}

function errorSummary(body: string): string[] {
  const list = /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(body)?.[1];
  if (!list) return [];
  return [...list.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]!));
}

function inputValue(body: string, name: string): string | undefined {
  for (const [tag] of body.matchAll(/<input\b[^>]*>/gi)) {
    const attributes = Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, decodeEntities(m[2]!)]));
    if (attributes.name === name) return attributes.value ?? '';
  }
  return undefined;
}

export interface TextOptions {
  /**
   * Read as the screen shows it: scripts, styles and drawings (svg) left out, and inline tags
   * (links, bold, spans) joined to the words round them without a space, so "<a>Quay Road
   * Snooker Hall</a>, linked" reads "Quay Road Snooker Hall, linked" rather than "… Hall , linked".
   */
  asOnScreen?: boolean;
}

/** The text of some HTML, every tag a space (or, with `asOnScreen`, as it reads on screen). */
export function textOf(html: string, { asOnScreen = false }: TextOptions = {}): string {
  const shown = asOnScreen ? html.replace(/<(script|style|svg)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<\/?(a|strong|span|b|em)\b[^>]*>/gi, '') : html;
  return decodeEntities(shown.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return named[entity.toLowerCase()] ?? whole;
  });
}

/**
 * The stand-in Cognito's user directory: one JSON file, so that accounts survive restarts of
 * `make dev`. Passwords are stored as scrypt hashes with a per-user salt.
 */
import { randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
) => Promise<Buffer>;
const HASH_BYTES = 32;

export interface User {
  /** A UUID, as Cognito uses for `sub`; also the `username`, as in a pool that signs in by email. */
  sub: string;
  email: string;
  /** `scrypt$<salt base64>$<hash base64>` */
  passwordHash: string;
  createdAt: string;
}

export class UserExistsError extends Error {
  readonly code = 'UsernameExistsException';
  constructor() {
    super('An account with the given email already exists.');
  }
}

export interface UserStore {
  create(email: string, password: string): Promise<User>;
  /** Returns the user when the email and password match, else undefined. */
  verify(email: string, password: string): Promise<User | undefined>;
  findBySub(sub: string): User | undefined;
}

/** Opens the store at `file`, creating it on the first sign-up. */
export async function openUserStore(file: string): Promise<UserStore> {
  const users = await load(file);
  const byEmail = (email: string) => users.find((user) => user.email === normalizeEmail(email));
  return {
    findBySub: (sub) => users.find((user) => user.sub === sub),
    verify: async (email, password) => {
      const user = byEmail(email);
      return user && (await passwordMatches(password, user.passwordHash)) ? user : undefined;
    },
    create: async (email, password) => {
      if (byEmail(email)) throw new UserExistsError();
      const user: User = {
        sub: randomUUID(),
        email: normalizeEmail(email),
        passwordHash: await hashPassword(password),
        createdAt: new Date().toISOString(),
      };
      users.push(user);
      await save(file, users);
      return user;
    },
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, HASH_BYTES);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

async function load(file: string): Promise<User[]> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { users?: User[] };
    return parsed.users ?? [];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`could not read the user file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Writes a temporary file and renames it, so that a crash never leaves half a file. */
async function save(file: string, users: User[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

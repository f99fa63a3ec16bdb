/** Renders nunjucks pages from web/views, with HTML autoescaping on. */
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { Context } from 'koa';

/** web/views beside web/src; the build copies it to dist/web/views beside dist/web/src. */
export const VIEWS_DIR = fileURLToPath(new URL('../../views/', import.meta.url));
export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

export type Render = (ctx: Context, template: string, data?: Record<string, unknown>) => void;

export function createRenderer(instanceName: string): Render {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR), {
    autoescape: true,
  });
  return (ctx, template, data = {}) => {
    ctx.type = 'html';
    ctx.body = env.render(template, { instance: instanceName, user: ctx.state.user, ...data });
  };
}

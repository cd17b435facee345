import fs from 'node:fs';
import path from 'node:path';
import nodeFlags from '../../config/node-flags.json';

/** The bot runs with the same V8 flags however it is started: config/node-flags.json is their one list. */
describe('node flags', () => {
  const root = path.resolve(__dirname, '../../..');
  const scripts = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it.each(['start', 'bench'])('npm run %s runs node with them', (name) => {
    expect(nodeFlags.flags.length).toBeGreaterThan(0);
    const command = scripts[name]!.split('&&').at(-1)!.trim().split(/\s+/);
    expect(command[0]).toBe('node');
    expect(command.slice(1, 1 + nodeFlags.flags.length)).toEqual(nodeFlags.flags);
  });
});

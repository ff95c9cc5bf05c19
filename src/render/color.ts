// Colour is decided once per run from --color and the environment conventions; the table renderer
// builds one chalk instance with that level (chalk itself ignores NO_COLOR).

export const COLOR_MODES = ['auto', 'always', 'never'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

export type ColorLevel = 0 | 1 | 2 | 3;
type Level = ColorLevel;

export function decideColorLevel(
  mode: ColorMode,
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): Level {
  if (mode === 'never') return 0;
  if (mode === 'always') return forcedLevel(env.FORCE_COLOR) ?? 1;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined) return forcedLevel(env.FORCE_COLOR) ?? 0;
  if (env.CLICOLOR_FORCE !== undefined && env.CLICOLOR_FORCE !== '' && env.CLICOLOR_FORCE !== '0') return 1;
  if (env.TERM === 'dumb' || env.CLICOLOR === '0') return 0;
  return isTTY ? 1 : 0;
}

// FORCE_COLOR: '' or 'true' = basic colour, '0'/'false' = none, 1-3 = that level.
function forcedLevel(value: string | undefined): Level | null {
  if (value === undefined) return null;
  if (value === '0' || value === 'false') return 0;
  if (value === '2' || value === '3') return Number(value) as Level;
  return 1;
}

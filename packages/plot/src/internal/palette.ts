// Okabe & Ito (2008) colour-blind-safe qualitative palette, without its black and yellow
// (too dark / too light for lines on white), starting with the most distinct hues.
export const PALETTE: readonly string[] = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
];

export function paletteColor(i: number): string {
  return PALETTE[i % PALETTE.length] as string;
}

export const DASH_ARRAY: Record<string, string | undefined> = {
  solid: undefined,
  dashed: '6 4',
  dotted: '1.5 3',
  dashdot: '7 3 1.5 3',
};

export const INK = '#222222';
export const GRID = '#e4e4e4';
export const FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";

/** The parts of vader-sentiment (a JavaScript port of VADER, Hutto & Gilbert 2014) recops uses; the package ships no types. */
declare module 'vader-sentiment' {
  export interface PolarityScores {
    neg: number;
    neu: number;
    pos: number;
    /** normalised sum of the valences, in [-1, 1] */
    compound: number;
  }
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): PolarityScores;
  };
  const vader: { SentimentIntensityAnalyzer: typeof SentimentIntensityAnalyzer };
  export default vader;
}

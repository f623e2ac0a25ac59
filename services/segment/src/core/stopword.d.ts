declare module 'stopword' {
  /** English stopwords shipped by the stopword package. */
  export const eng: string[];
}

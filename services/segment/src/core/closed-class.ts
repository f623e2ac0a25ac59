/**
 * English closed-class words (articles, pronouns, auxiliaries, prepositions, conjunctions) and the few open-class lists
 * the text rules read as grammar (irregular pasts, everyday "-s" verbs), in one place: the summary, titles, keywords and
 * quotes read a word's part of speech from its neighbours with these sets, so they agree on what a determiner or an
 * auxiliary is. Normalized lowercase forms (text.ts normalizeWord: "That's" → "that").
 */

const ARTICLES = ['the', 'a', 'an'];
const POSSESSIVES = ['my', 'our', 'your', 'their', 'his', 'her', 'its'];
const DEMONSTRATIVES = ['this', 'that', 'these', 'those'];
const SUBJECT_PRONOUNS = ['i', 'we', 'you', 'they', 'he', 'she', 'it'];
const OBJECT_PRONOUNS = ['me', 'us', 'him', 'her', 'them', 'it'];
const MODALS = ['can', 'will', 'would', 'should', 'could', 'might', 'must'];
const NEGATED_MODALS = ["can't", "won't", "wouldn't", "shouldn't", "couldn't"];
const DO_FORMS = ['do', "don't", 'does', "doesn't", 'did', "didn't"];
const BE_FORMS = ['is', 'are', 'was', 'were', 'be'];
const HAVE_FORMS = ['has', 'have', 'had'];
const SIMPLE_PREPOSITIONS = ['of', 'in', 'on', 'about', 'for', 'with', 'from', 'at', 'by', 'into'];

/** Articles, possessives, demonstratives and quantifiers: a noun (phrase) comes after them. */
export const DETERMINERS: ReadonlySet<string> = new Set([...ARTICLES, ...POSSESSIVES, ...DEMONSTRATIVES, 'some', 'any', 'no', 'every', 'each', 'more', 'many', 'few', 'several', 'two', 'three', 'four', 'five', 'six', 'ten']);
/** Words after which the next word opens a noun phrase: determiners (not "that", which also opens a clause), prepositions. */
export const BEFORE_NOUN: ReadonlySet<string> = new Set([...ARTICLES, ...POSSESSIVES, 'this', 'these', 'those', 'some', 'any', 'every', 'each', 'many', 'few', 'several', ...SIMPLE_PREPOSITIONS, 'like']);
/** Words after which the next word is a verb: subject pronouns, "who", "to", modals and "do" ("we launched", "to automate"). */
export const BEFORE_VERB: ReadonlySet<string> = new Set([...SUBJECT_PRONOUNS.filter((w) => w !== 'it'), 'who', 'to', ...MODALS, ...NEGATED_MODALS, ...DO_FORMS, "i'll", "we'll", "you'll", "they'll"]);
/** Words that make the next word a noun or open a noun phrase, as the titles read them: determiners with "of" (not "that"), prepositions ("famous for cranes"). */
export const NOUN_LEADS: ReadonlySet<string> = new Set([...ARTICLES, ...POSSESSIVES, 'this', 'these', 'those', 'some', 'any', 'every', 'each', 'no', 'of', 'about', 'for', 'with', 'from', 'into', 'on', 'in', 'at', 'by']);
/** Words that put a verb or an adjective after them: subject pronouns, auxiliaries, "to", a copula, an intensifier. */
export const BEFORE_PREDICATE: ReadonlySet<string> = new Set([...SUBJECT_PRONOUNS, 'to', ...DO_FORMS, 'can', "can't", 'will', "won't", 'would', "wouldn't", 'should', 'could', 'must', 'might', "it's", "that's", "he's", "she's", ...BE_FORMS, 'very', 'so', 'too', 'just', 'also', 'really', 'pretty', "they're", "we're", "you're", "i'm", 'much', 'even', 'get', 'got', 'gets']);
/** Words before which an "-ed" word is an adjective ("a converted garage"), not a verb. */
export const BEFORE_ADJECTIVE: ReadonlySet<string> = new Set([...ARTICLES, ...POSSESSIVES, ...DEMONSTRATIVES, 'some', 'any', 'every', 'each', 'no', 'very', 'so', 'too', 'more', 'most', 'less', 'well', 'fully', 'partly', 'newly', 'recently']);
/** Words that open a verb's object ("asks the customer", "ships it"). */
export const OBJECT_OPENERS: ReadonlySet<string> = new Set([...ARTICLES, ...POSSESSIVES, ...DEMONSTRATIVES, 'every', ...OBJECT_PRONOUNS]);
/** Words that open a verb's object as a keyword test reads them: no "its", "this", "that", "every" ("a lender pulls your credit"). */
export const OBJECT_PRONOUN_OPENERS: ReadonlySet<string> = new Set([...ARTICLES, ...POSSESSIVES.filter((w) => w !== 'its'), ...OBJECT_PRONOUNS, 'these', 'those']);
/** Pronouns and auxiliaries: a sentence with one of them has a subject and a verb. */
export const CLAUSE_WORDS: ReadonlySet<string> = new Set([...SUBJECT_PRONOUNS, ...BE_FORMS, 'been', ...HAVE_FORMS, 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'should', 'must', 'may', 'might', "it's", "that's", "there's", "i'm", "we're", "you're", "they're", "he's", "she's", "we've", "i've", "they've", "you've"]);
/** Words that open a question when a sentence starts on them ("Do you want…", "What's your…", "How should…"). */
export const QUESTION_OPENERS: ReadonlySet<string> = new Set([...DO_FORMS.filter((w) => !w.includes("'")), 'can', 'could', 'would', 'will', 'should', 'shall', ...BE_FORMS.filter((w) => w !== 'be'), 'have', 'has', 'what', "what's", 'how', "how's", 'why', 'who', "who's", 'where', 'when', 'which']);
/** Relative pronouns: a sentence that opens on one is the back half of another ("Who brought a skull back…"). */
export const RELATIVE_OPENERS: ReadonlySet<string> = new Set(['who', 'whom', 'whose']);
/** Prepositions and conjunctions that open only a cut-off piece when a comma follows them at once ("On, $10,000…"). */
export const FRAGMENT_OPENERS: ReadonlySet<string> = new Set(['on', 'in', 'at', 'with', 'for', 'from', 'by', 'of', 'to', 'about', 'and', 'or', 'but', 'so', 'because', 'if', 'than', 'as']);
/** Words that open only the rest of a sentence the transcript cut ("Of learning math…", "Has tremendous impact…"). */
export const MID_SENTENCE: ReadonlySet<string> = new Set(['of', 'into', 'to', 'than', 'about', ...HAVE_FORMS, 'is', 'was', 'were', 'are', 'know', 'whether', 'though']);
/**
 * Words no sentence ends on: a full stop after one is the transcript cutting a sentence in two ("…in the admin, it.
 * Takes 10 minutes."), so neither half is a whole sentence.
 */
export const NEVER_ENDS: ReadonlySet<string> = new Set(['you', ...ARTICLES, 'and', 'or', 'but', 'of', 'to', 'for', 'with', 'from', 'in', 'on', 'at', 'by', 'my', 'our', 'your', 'their', 'his', 'its', 'is', 'are', 'was', 'were', 'which', 'who', 'because', 'if', 'than', 'so', 'it', 'i', 'we', 'they', 'he', 'she', 'um', 'uh', "it's", "that's", "i'm", "we're", "they're"]);
/** Words that make a sentence lean on the one before it when they open it: conjunctions, pronouns that point back, answers. */
export const LEANS_BACK: ReadonlySet<string> = new Set(['and', 'but', 'or', 'because', 'which', 'that', 'it', 'this', 'they', 'he', 'she', 'them', 'those', 'these', 'also', 'then', 'yeah', 'yes', 'no', 'right', 'exactly', 'um', 'uh', 'mm', 'oh']);
/** Hesitations. */
export const HESITATIONS: ReadonlySet<string> = new Set(['um', 'uh', 'uhm', 'erm', 'er', 'hmm']);
/** Negations. */
export const NEGATIONS: ReadonlySet<string> = new Set(['not', "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", 'never']);
/** Prepositions the stopword list leaves in, which a listed phrase never ends on ("tokens per", "bits via"). */
export const OPEN_PREPOSITIONS: ReadonlySet<string> = new Set(['per', 'via', 'versus', 'vs', 'plus']);

/** Past forms that do not end in "-ed". */
export const IRREGULAR_PAST: ReadonlySet<string> = new Set(['saw', 'went', 'got', 'took', 'made', 'found', 'left', 'came', 'said', 'told', 'ran', 'began', 'brought', 'bought', 'built', 'caught', 'chose', 'drove', 'fell', 'felt', 'gave', 'grew', 'heard', 'held', 'kept', 'knew', 'led', 'lost', 'meant', 'met', 'paid', 'sat', 'sent', 'spent', 'stood', 'thought', 'threw', 'understood', 'won', 'wrote', 'broke', 'became', 'sold', 'taught', 'wore', 'forgot', 'hid', 'shot', 'stole', 'struck', 'swore', 'tore', 'woke', 'rode', 'rose', 'drew', 'flew', 'ate', 'drank', 'sang', 'swam', 'spoke', 'froze']);
/** Everyday verbs in their third-person "-s" form ("Every step makes…", "The herder ranks…" is left to the others). */
export const PRESENT_S: ReadonlySet<string> = new Set(['makes', 'takes', 'gets', 'goes', 'comes', 'says', 'means', 'runs', 'works', 'needs', 'costs', 'keeps', 'gives', 'looks', 'seems', 'pays', 'starts', 'holds', 'uses', 'helps', 'shows', 'sells', 'ships', 'matters', 'happens', 'depends', 'lets', 'puts', 'sits', 'stands', 'turns', 'becomes', 'brings', 'calls', 'tells', 'wants', 'knows', 'thinks', 'feels', 'lives', 'grows', 'leaves', 'moves', 'changes', 'loses', 'wins', 'beats', 'adds', 'saves', 'buys', 'lasts', 'includes', 'requires', 'allows', 'supports', 'charges', 'expects', 'explains', 'believes', 'remembers', 'tastes', 'cooks', 'kills', 'eats', 'plays', 'presses', 'scores', 'trains', 'fits', 'loads', 'handles']);

/* Search keys for Latvian and Latgalian words: the browser's copy of plugins/lvlang/stem.py
   (Savoy's light stemmer on the folded word). Both must give the same key for every word;
   tests/unit/test_stem.py runs them side by side. */

const ENDINGS = new Map();
for (const [group, vowels, softened] of [
  ["ajiem ajai", 3, false],
  ["ajam ajām ajos ajās ajas ajā aja ais ai ei", 2, false],
  ["iem", 2, true],
  ["ām am ēm em īm im um ōm om as ās es ij īs ēs is ie ys e ā ē ī ū o y", 1, false],
  ["us os u a i", 1, true],
  ["s š", 0, false],
]) {
  for (const ending of group.split(" ")) ENDINGS.set(ending, [vowels, softened]);
}
const LONGEST = Math.max(...[...ENDINGS.keys()].map((e) => e.length));
const VOWELS = new Set("aeiouyāēīōū");
const SOFT_PAIRS = { "šņ": "sn", "žņ": "zn", "šļ": "sl", "žļ": "zl", "ļņ": "ln", "ļļ": "ll" };
const SOFT_LAST = { "č": "c", "ļ": "l", "ņ": "n" };
const LABIAL_J = ["pj", "bj", "mj", "vj"];
const EXTRA = { "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
                "œ": "oe", "Œ": "OE", "ı": "i" };
const EXTRA_CHARS = new RegExp("[" + Object.keys(EXTRA).join("") + "]", "g");

/* The languages whose words are stemmed; the others are only folded. */
export const STEMMED_LANGUAGES = new Set(["lv", "ltg"]);

/* Text without diacritics, as lvlang.translit.fold: "Preiļu" -> "Preilu". */
export function fold(text) {
  return text.replace(EXTRA_CHARS, (ch) => EXTRA[ch]).normalize("NFKD")
    .replace(/[\u0300-\u034e\u0350-\u036f]/g, "").replace(/\p{Mn}/gu, (ch) => (ch === "\u034f" ? ch : ""));
}

function plainConsonant(stem, removed) {
  if (removed.startsWith("u")) {
    if (stem.endsWith("kš")) return stem.slice(0, -1) + "st";
    if (stem.endsWith("ņņ")) return stem.slice(0, -2) + "nn";
  }
  if (LABIAL_J.some((pair) => stem.endsWith(pair))) return stem.slice(0, -1);
  const pair = SOFT_PAIRS[stem.slice(-2)];
  if (pair) return stem.slice(0, -2) + pair;
  const last = SOFT_LAST[stem.slice(-1)];
  return last ? stem.slice(0, -1) + last : stem;
}

/* The light stem of one lowercase word, with or without diacritics: "novadā" -> "novad". */
export function stem(word) {
  const letters = [...word];
  let vowels = 0;
  for (const ch of letters) if (VOWELS.has(ch)) vowels++;
  for (let size = Math.min(LONGEST, letters.length - 3); size > 0; size--) {
    const ending = letters.slice(-size).join("");
    const rule = ENDINGS.get(ending);
    if (!rule || vowels <= rule[0]) continue;
    let base = letters.slice(0, -size).join("");
    if (rule[1]) base = plainConsonant(base, ending);
    if ([...base].length >= 5 && base.endsWith("aj")) base = base.slice(0, -2);
    return base;
  }
  return word;
}

/* A word in lowercase without diacritics (lowercase again after folding: "𝒢" folds to "G"). */
export function plainWord(word) {
  return fold(word.normalize("NFC").toLowerCase()).toLowerCase();
}

/* The key search uses for a word: the stem of its lowercase folded form ("Preiļos" -> "preil"). */
export function searchKey(word) {
  return stem(plainWord(word));
}

/* A word: a letter or digit, then letters, digits and the Latin combining marks NFC could not join. */
export const WORD = "[\\p{L}\\p{N}][\\p{L}\\p{N}\\u0300-\\u036f]*";

/* The words of a text as search splits them. */
export function words(text) {
  return text.normalize("NFC").match(new RegExp(WORD, "gu")) || [];
}

/* The key of every word of a query, for the page language `lang`. */
export function queryKeys(text, lang) {
  const stemmed = STEMMED_LANGUAGES.has(lang);
  return words(text).map((w) => (stemmed ? searchKey(w) : plainWord(w)));
}

//! Random inputs the scripts handle, for `tests/import_diff.rs`: BibTeX
//! with its syntax varied, and TSVs in the scripts' column formats. A fixed
//! seed makes each the same on every run.

use super::Kind;

/// A deterministic pseudo-random source (xorshift64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn words(&mut self, xs: &[&str], max: usize) -> String {
        let n = 1 + self.below(max);
        (0..n).map(|_| self.pick(xs)).collect::<Vec<_>>().join(" ")
    }
}

/// Words the scripts handle without LaTeX: punctuation, Unicode, HTML
/// characters, `and`, brackets (the slug drops `[...]`).
const WORDS: &[&str] = &[
    "Deep",
    "learning",
    "of",
    "the",
    "A",
    "graph",
    "über",
    "x-ray",
    "(new)",
    "C++",
    "50%",
    "R&D",
    "it's",
    "and",
    "AND",
    "a:b",
    "#1",
    "é",
    "e.g.",
    "100",
    "naïve",
    "[draft]",
    "vs.",
    "Ørsted",
    "self-supervised",
    "<i>J</i>",
    "{DNA}",
];

/// Random BibTeX the script handles: the syntax varied (braces, quotes,
/// `#`, macros, parentheses, field-name case, trailing commas, comments),
/// names in every form with a first name, months as macros, numbers and
/// names.
pub fn random_bib(seed: u64) -> Vec<u8> {
    let mut r = Rng(0x2545_F491_4F6C_DD1D ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let names = [
        "Doe, Jane",
        "John Smith",
        "van der Berg, Anna",
        "Ludwig van Beethoven",
        "Smith, Jr., Bob",
        "Jean-Pierre de la Fontaine",
        "Mary Ann Evans",
        "Zoë Müller",
        "O'Neil, Sean",
        "A. B. Cee",
    ];
    let months = [
        "jan", "FEB", "mar", "{4}", "\"5\"", "6", "{July}", "aug", "{Sept.}", "oct", "{11}", "Dec",
    ];
    let mut out = String::from("@string{ JN = \"Journal of Nothing\" }\n@STRING(proc = {Proc. of Things})\nText between entries.\n\n");
    for i in 0..60 {
        let value = |r: &mut Rng, s: &str| match r.below(3) {
            0 => format!("{{{s}}}"),
            1 if !s.contains('"') => format!("\"{s}\""),
            _ => match s.split_once(' ') {
                Some((a, b)) => format!("{{{a}}} # {{ {b}}}"),
                None => format!("{{{s}}}"),
            },
        };
        let title = r.words(WORDS, 6);
        let authors = (0..1 + r.below(3))
            .map(|_| r.pick(&names))
            .collect::<Vec<_>>()
            .join(" and ");
        let article = r.below(2) == 0;
        let mut fields = vec![
            ("author".to_string(), value(&mut r, &authors)),
            (
                r.pick(&["title", "TITLE", "Title"]).to_string(),
                value(&mut r, &title),
            ),
            (
                if article { "journal" } else { "booktitle" }.to_string(),
                match r.below(3) {
                    0 => "JN # { Letters}".to_string(),
                    1 => "proc".to_string(),
                    _ => {
                        let v = r.words(&WORDS[..20], 4);
                        value(&mut r, &v)
                    }
                },
            ),
            ("year".to_string(), format!("{{{}}}", 1990 + r.below(35))),
        ];
        if r.below(2) == 0 {
            fields.push(("month".to_string(), r.pick(&months).to_string()));
        }
        if r.below(4) == 0 {
            fields.push(("day".to_string(), format!("{}", 10 + r.below(18))));
        }
        if r.below(3) == 0 {
            let note = r.words(&WORDS[..20], 8);
            fields.push(("note".to_string(), value(&mut r, &note)));
        }
        if r.below(3) == 0 {
            fields.push((
                "url".to_string(),
                format!("{{https://example.org/p{i}.pdf}}"),
            ));
        }
        let (open, close) = if r.below(4) == 0 {
            ('(', ')')
        } else {
            ('{', '}')
        };
        let sep = r.pick(&[",\n  ", ", ", ",\n\t"]);
        let body: Vec<String> = fields.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        let kind = if article {
            r.pick(&["article", "ARTICLE", "Article"])
        } else {
            r.pick(&["inproceedings", "InProceedings", "conference"])
        };
        out += &format!(
            "@{kind}{open}k{i}{sep}{}{}\n{close}\n\n",
            body.join(sep),
            r.pick(&["", ",", ",\n"])
        );
        if r.below(10) == 0 {
            out += "@comment{ignored}\n";
        }
    }
    out.into_bytes()
}

/// A random TSV in the scripts' column format (no `"` or `\` inside
/// double-quoted values, which break the scripts' YAML: fixtures cover those).
pub fn random_tsv(seed: u64, kind: Kind) -> Vec<u8> {
    let mut r = Rng(0x1234_5678_9ABC_DEF1 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let words: Vec<&str> = WORDS.iter().copied().filter(|w| !w.contains('{')).collect();
    let maybe = |r: &mut Rng, s: String, p: usize| if r.below(10) < p { s } else { String::new() };
    let mut rows = Vec::new();
    for i in 0..40 {
        let date = format!(
            "{}-{:02}-{:02}",
            1990 + r.below(35),
            1 + r.below(12),
            1 + r.below(28)
        );
        let row = if kind == Kind::PubTsv {
            vec![
                date,
                r.words(&words, 6),
                r.words(&words, 4),
                {
                    let e = r.words(&words, 8);
                    maybe(&mut r, e, 6)
                },
                r.words(&words, 10),
                format!("slug-{i}"),
                maybe(&mut r, format!("http://example.org/p{i}.pdf"), 5),
                maybe(&mut r, "http://s".into(), 3),
            ]
        } else {
            vec![
                r.words(&words, 6),
                {
                    let t = r
                        .pick(&["Talk", "Lab", "Keynote", "Poster session", "Tut"])
                        .to_string();
                    maybe(&mut r, t, 8)
                },
                format!("t-{i}"),
                {
                    let v = r.words(&words, 4);
                    maybe(&mut r, v, 8)
                },
                date,
                {
                    let l = r.words(&words, 3);
                    maybe(&mut r, l, 6)
                },
                maybe(&mut r, format!("http://example.org/{i}"), 5),
                {
                    let d = r.words(&words, 12);
                    maybe(&mut r, d, 7)
                },
            ]
        };
        rows.push(row.join("\t"));
    }
    let header = if kind == Kind::PubTsv {
        "pub_date\ttitle\tvenue\texcerpt\tcitation\turl_slug\tpaper_url\tslides_url"
    } else {
        "title\ttype\turl_slug\tvenue\tdate\tlocation\ttalk_url\tdescription"
    };
    format!("{header}\n{}\n", rows.join("\n")).into_bytes()
}

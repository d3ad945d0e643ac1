//! Value cases: `jsonify` and `inspect` of nested values, and the array
//! filters on arrays of mixed strings.

use crate::cases::{Case, Group};
use crate::common::Rng;
use crate::dates::{date_input, number};
use crate::gen::{string, Vars};
use serde_json::{json, Map, Value as Json};

/// A nested value: strings, numbers, nil, booleans, times, arrays, hashes.
fn tree(r: &mut Rng, depth: usize) -> Json {
    match r.below(if depth > 2 { 6 } else { 9 }) {
        0 | 1 => Json::from(string(r, 4)),
        2 => number(r),
        3 => r.pick(&[json!(null), json!(true), json!(false)]).clone(),
        // A Ruby Time in UTC mode (a YAML `Z` timestamp) prints `UTC` where
        // a local one at offset 0 prints `+0000`; `Value::Time` keeps only
        // the offset, and hyde prints local times (Jekyll's dates are local)
        4 => match date_input(r) {
            Json::Object(m) if m.get("$time").is_some_and(|t| t[2] == "utc") => {
                json!({"$time": [m["$time"][0], m["$time"][1], "local"]})
            }
            v => v,
        },
        5 => Json::from(string(r, 1)),
        6 | 7 => Json::from(
            (0..r.below(4))
                .map(|_| tree(r, depth + 1))
                .collect::<Vec<_>>(),
        ),
        _ => {
            let mut m = Map::default();
            for _ in 0..r.below(4) {
                m.insert(string(r, 2), tree(r, depth + 1));
            }
            Json::Object(m)
        }
    }
}

pub fn json(r: &mut Rng, n: usize) -> Group {
    let cases = (0..n)
        .map(|_| {
            let v = Vars::new(tree(r, 0));
            let f = r.word(&["jsonify", "inspect", "jsonify", "inspect"]);
            Case::Render {
                template: format!("{{{{ s | {f} }}}}"),
                vars: v.json(),
            }
        })
        .collect();
    Group {
        name: "jsonify/inspect",
        zoned: false,
        cases,
    }
}

/// Short strings, with case variants and repeats so that ties occur.
fn array(r: &mut Rng) -> Json {
    let pool: Vec<String> = (0..1 + r.below(4)).map(|_| string(r, 2)).collect();
    let mut items = Vec::new();
    for _ in 0..r.below(9) {
        let s = r.pick(&pool).clone();
        items.push(match r.below(6) {
            0 => Json::from(s.to_uppercase()),
            1 => Json::from(s.to_lowercase()),
            _ => Json::from(s),
        });
    }
    if r.chance(8) {
        items.push(
            r.pick(&[json!(1), json!(null), json!(2.5), json!(["x", "Y"])])
                .clone(),
        );
    }
    Json::from(items)
}

pub fn arrays(r: &mut Rng, n: usize) -> Group {
    let cases = (0..n)
        .map(|_| {
            let mut v = Vars::new(array(r));
            let each = "{% for x in r %}[{{ x }}]{% endfor %}";
            let t = match r.below(9) {
                0 => format!("{{% assign r = s | sort %}}{each}"),
                1 | 2 => format!("{{% assign r = s | sort_natural %}}{each}"),
                3 => format!("{{% assign r = s | uniq %}}{each}"),
                4 => format!("{{% assign r = s | reverse %}}{each}"),
                5 => {
                    let g = v.arg(Json::from(string(r, 1)), r);
                    format!("[{{{{ s | join: {g} }}}}]|[{{{{ s | join }}}}]")
                }
                6 => "[{{ s | first }}]|[{{ s | last }}]|{{ s | size }}|{{ s.first }}|{{ s.last }}"
                    .to_string(),
                7 => format!("{{% assign r = s | uniq | sort_natural | reverse %}}{each}"),
                _ => "{{ s | sort | jsonify }}|{{ s | sort_natural | first }}".to_string(),
            };
            Case::Render {
                template: t,
                vars: v.json(),
            }
        })
        .collect();
    Group {
        name: "arrays",
        zoned: false,
        cases,
    }
}

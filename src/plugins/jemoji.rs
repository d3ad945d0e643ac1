//! jemoji 0.13: after rendering, `:shortcode:` in the text of HTML pages and
//! written documents becomes GitHub's emoji image
//! (`<img class="emoji" title=":+1:" alt=":+1:" src="…/emoji/unicode/1f44d.png" height="20" width="20">`),
//! as html-pipeline's `EmojiFilter` with gemoji's names does it.
//!
//! Text inside `pre`, `code` and `tt` (the filter's ignored ancestors),
//! tags' attributes and comments is left alone; when the page has `<body`,
//! only the body is processed. Not reproduced: html-pipeline re-serialises
//! the processed HTML through Nokogiri; hyde keeps the original bytes around
//! the replaced shortcodes.

use crate::liquid::Value;
use crate::site::document::{Document, Kind};
use crate::site::Site;

const DEFAULT_ROOT: &str = "https://github.githubassets.com";
const DEFAULT_ASSET_PATH: &str = "/images/icons/emoji/:file_name";

/// gemoji's custom GitHub emoji (entries of its table without a Unicode
/// character): their image is `<name>.png`.
const CUSTOM: &[&str] = &[
    "atom",
    "basecamp",
    "basecampy",
    "bowtie",
    "electron",
    "feelsgood",
    "finnadie",
    "fishsticks",
    "goberserk",
    "godmode",
    "hurtrealbad",
    "neckbeard",
    "octocat",
    "rage1",
    "rage2",
    "rage3",
    "rage4",
    "shipit",
    "suspect",
    "trollface",
];

/// Elements whose text the filter never touches: html-pipeline's ignored
/// ancestors (`pre`, `code`, `tt`), and raw-text elements.
const SKIP: &[&str] = &["pre", "code", "tt", "script", "style", "textarea"];

/// `Emoji.emojiable?`: pages, or documents that are written, with `.html`
/// output, or any whose permalink ends in `/`.
pub fn emojiable(doc: &Document) -> bool {
    let permalink_dir = doc
        .data
        .get("permalink")
        .and_then(|p| p.as_str())
        .map(|p| p.ends_with('/'))
        .unwrap_or(false);
    (matches!(doc.kind, Kind::Page | Kind::Generated) || doc.write) && doc.output_ext == ".html"
        || permalink_dir
}

/// The image URL's root and path template from `emoji.src` / `emoji.asset`.
fn asset_root_and_path(site: &Site) -> (String, String) {
    let cfg = site.config.get("emoji");
    match cfg.get("src") {
        Value::Nil if !matches!(cfg, Value::Hash(ref h) if h.contains_key("src")) => (
            std::env::var("ASSET_HOST_URL")
                .ok()
                .filter(|s| !s.is_empty())
                .map(|s| s.strip_suffix('/').unwrap_or(&s).to_string())
                .unwrap_or_else(|| DEFAULT_ROOT.to_string()),
            DEFAULT_ASSET_PATH.to_string(),
        ),
        src => {
            let root = crate::liquid::ruby::to_s(&src);
            let path = match cfg.get("asset") {
                Value::Nil => "/emoji/:file_name".to_string(),
                a => {
                    let a = crate::liquid::ruby::to_s(&a);
                    format!("{}/:file_name", a.strip_suffix('/').unwrap_or(&a))
                }
            };
            (root, path)
        }
    }
}

/// Ruby's `File.join(a, b)`: one `/` between the parts.
fn file_join(a: &str, b: &str) -> String {
    match (a.ends_with('/'), b.starts_with('/')) {
        (true, true) => format!("{}{}", a.trim_end_matches('/'), b),
        (false, false) if !a.is_empty() => format!("{a}/{b}"),
        _ => format!("{a}{b}"),
    }
}

/// gemoji's `image_filename` for a name, `None` when it is no emoji.
pub fn image_filename(name: &str) -> Option<String> {
    if CUSTOM.contains(&name) {
        return Some(format!("{name}.png"));
    }
    let e = emojis::get_by_shortcode(name)?;
    let hex: Vec<String> = e
        .as_str()
        .chars()
        .map(|c| format!("{:04x}", c as u32))
        .collect();
    let hex = hex.join("-").replace("-fe0f", "").replace("-200d", "");
    Some(format!("unicode/{hex}.png"))
}

fn img_tag(name: &str, file: &str, root: &str, path: &str) -> String {
    let src = file_join(root, &path.replace(":file_name", file));
    format!(
        "<img class=\"emoji\" title=\":{name}:\" alt=\":{name}:\" src=\"{src}\" height=\"20\" width=\"20\">"
    )
}

/// Replace every `:name:` of a known emoji in a text run.
pub fn emojify_text(text: &str, root: &str, path: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(':') {
        let after = &rest[i + 1..];
        let hit = after.find(':').and_then(|j| {
            let name = &after[..j];
            let ok = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b));
            if !ok {
                return None;
            }
            image_filename(name).map(|f| (j, img_tag(name, &f, root, path)))
        });
        match hit {
            Some((j, tag)) => {
                out.push_str(&rest[..i]);
                out.push_str(&tag);
                rest = &after[j + 1..];
            }
            None => {
                out.push_str(&rest[..=i]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Emojify the text of an HTML fragment, skipping tags, comments and the
/// contents of the ignored elements.
pub fn emojify_html(html: &str, root: &str, path: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut skip_depth: Vec<String> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let (text, tail) = rest.split_at(lt);
        if skip_depth.is_empty() && text.contains(':') {
            out.push_str(&emojify_text(text, root, path));
        } else {
            out.push_str(text);
        }
        if tail.is_empty() {
            break;
        }
        // a comment, or a tag up to its `>`
        let end = if tail.starts_with("<!--") {
            tail.find("-->").map(|e| e + 3).unwrap_or(tail.len())
        } else {
            tail.find('>').map(|e| e + 1).unwrap_or(tail.len())
        };
        let tag = &tail[..end];
        let name: String = tag
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if SKIP.contains(&name.as_str()) && !tag.ends_with("/>") {
            if tag.starts_with("</") {
                if let Some(p) = skip_depth.iter().rposition(|n| *n == name) {
                    skip_depth.truncate(p);
                }
            } else {
                skip_depth.push(name);
            }
        }
        out.push_str(tag);
        rest = &tail[end..];
    }
    out
}

/// The `post_render` hook.
pub fn post_render(site: &Site, doc: &Document, output: String) -> String {
    if !emojiable(doc) || !output.contains(':') {
        return output;
    }
    let (root, path) = asset_root_and_path(site);
    // `OPENING_BODY_TAG_REGEX` = `<body(.*?)>\s*` (multi-line); then up to `</body>`
    if let Some(b) = output.find("<body") {
        let Some(gt) = output[b..].find('>') else {
            return output;
        };
        let mut start = b + gt + 1;
        start += output[start..].len()
            - output[start..]
                .trim_start_matches([' ', '\t', '\r', '\n', '\x0c', '\x0b'])
                .len();
        let end = output[start..]
            .find("</body>")
            .map(|e| start + e)
            .unwrap_or(output.len());
        let body = emojify_html(&output[start..end], &root, &path);
        return format!("{}{}{}", &output[..start], body, &output[end..]);
    }
    emojify_html(&output, &root, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames() {
        assert_eq!(image_filename("+1").as_deref(), Some("unicode/1f44d.png"));
        assert_eq!(
            image_filename("smile").as_deref(),
            Some("unicode/1f604.png")
        );
        assert_eq!(image_filename("shipit").as_deref(), Some("shipit.png"));
        // keycap: 0023 fe0f 20e3, the selector dropped, padded to 4 digits
        assert_eq!(
            image_filename("hash").as_deref(),
            Some("unicode/0023-20e3.png")
        );
        assert_eq!(image_filename("not_an_emoji"), None);
    }

    #[test]
    fn file_join_like_ruby() {
        assert_eq!(
            file_join("http://mine.club/", "/emoji/x.png"),
            "http://mine.club/emoji/x.png"
        );
        assert_eq!(
            file_join("http://mine.club", "/emoji/x.png"),
            "http://mine.club/emoji/x.png"
        );
    }
}
